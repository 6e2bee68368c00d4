import { sql } from 'kysely';
import { isoDateInLondon } from '../src/platform/kernel/dates.ts';
import { caseloadSize, laCode, password, prepareEhc } from './lib/ehc-data.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  type Target,
  writeResult,
} from './lib/report.ts';
import { againstServer } from './lib/served.ts';
import { signIn } from './lib/sign-in.ts';
import { time } from './lib/timing.ts';

const rounds = 200;

/**
 * Finding any case and the coordinator's morning: the requests list searched by a child's name
 * (target p95 under 50 ms with the national dataset on PostgreSQL, under 150 ms at Norfolk's scale
 * on PGlite), beside the same list unsearched; and the coordinator's home page (target p95 under
 * 100 ms on PGlite), beside the sign-in page, the lightest page the server draws.
 */
export async function ehcFindBench(): Promise<BenchOutcome> {
  const kind = databaseKind();
  const env = environment(kind);
  return againstServer(
    kind,
    'ehc-find',
    async (database) => {
      const prepared = await prepareEhc(database, kind === 'postgresql');
      // Names of children with requests, as a caseworker would type them: surname, or both names.
      const sample = await sql<{ forename: string; surname: string }>`
        SELECT c.forename, c.surname FROM children c
        WHERE c.la_code = ${laCode} AND EXISTS (SELECT 1 FROM ehc_requests r WHERE r.child_id = c.id)
        ORDER BY md5(c.id::text) LIMIT ${rounds}`.execute(database.db);
      return {
        ...prepared,
        names: sample.rows.map((r, i) => (i % 2 ? r.surname : `${r.forename} ${r.surname}`)),
      };
    },
    async (base, { manager, counts, names }) => {
      const get = async (url: string, headers: Record<string, string>) => {
        const res = await fetch(`${base}${url}`, { headers });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 300)}`);
        return body;
      };
      const bearer = { authorization: `Bearer ${manager.token}` };
      const searchFor = (name: string) =>
        get(`/api/v1/ehc/requests?stage=any&q=${encodeURIComponent(name)}`, bearer);
      // Every name sampled belongs to a child with a request, so each search must find one.
      let found = 0;
      for (const name of names)
        if ((JSON.parse(await searchFor(name)) as { total: number }).total > 0) found++;
      let i = 0;
      const search = await time(rounds, () => searchFor(names[i++ % names.length] ?? ''));
      const unsearched = await time(rounds, () => get('/api/v1/ehc/requests?stage=any', bearer));
      const cookie = await signIn(base, 'coordinator@bench.example.org', password);
      const home = await get('/', { cookie });
      if (!home.includes('Your EHC work'))
        throw new Error('the home page did not show the coordinator’s work');
      const homePage = await time(rounds, () => get('/', { cookie }));
      const signInPage = await time(rounds, () => get('/sign-in', {}));

      const searchTarget = kind === 'postgresql' ? 50 : 150;
      const targets: Target[] = [
        {
          description: `requests search by name, p95 < ${searchTarget} ms (${kind === 'postgresql' ? 'national dataset' : 'Norfolk scale'})`,
          met: search.p95 < searchTarget && found === rounds,
          measured: `p95 ${search.p95} ms (the list unsearched ${unsearched.p95} ms); ${found} of ${rounds} names found`,
        },
        ...(kind === 'pglite'
          ? [
              {
                description: `coordinator's home page (caseload of ${caseloadSize}), p95 < 100 ms`,
                met: homePage.p95 < 100,
                measured: `p95 ${homePage.p95} ms (the sign-in page ${signInPage.p95} ms)`,
              },
            ]
          : []),
      ];
      printTable(
        `Finding requests on ${kind}: LA ${laCode} with ${counts?.requests} requests`,
        ['measure', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
        [
          ['requests searched by name (HTTP)', search.p50, search.p95, search.p99, search.max],
          [
            'requests, first page unsearched (HTTP)',
            unsearched.p50,
            unsearched.p95,
            unsearched.p99,
            unsearched.max,
          ],
          ['coordinator home page (HTML)', homePage.p50, homePage.p95, homePage.p99, homePage.max],
          ['sign-in page (HTML)', signInPage.p50, signInPage.p95, signInPage.p99, signInPage.max],
        ],
      );
      process.stdout.write(
        `written ${writeResult('ehc-find', env, { la: laCode, ...counts, today: isoDateInLondon(new Date()), search, unsearched, homePage, signInPage, targets })}\n`,
      );
      return { name: 'ehc-find', database: kind, targets };
    },
  );
}
