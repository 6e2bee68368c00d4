import path from 'node:path';
import {
  CompiledQuery,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  sql,
  type UnknownRow,
} from 'kysely';
import { childDirectory } from '../src/modules/children/index.ts';
import { auditLabeller, platformVocabulary } from '../src/platform/audit/index.ts';
import { type AuditQuery, searchAuditEvents } from '../src/platform/audit/repo.ts';
import { searchAudit } from '../src/platform/audit/service.ts';
import type { Principal } from '../src/platform/auth/principal.ts';
import { createApiToken } from '../src/platform/auth/service.ts';
import { inTenant, type Tx } from '../src/platform/db/tenancy.ts';
import { startTestApp, type TestApp } from '../test/support/app.ts';
import { childId, generateAuditEvents } from './lib/audit-data.ts';
import { assertLocal } from './lib/postgres.ts';
import { projectRoot } from './lib/processes.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  round,
  type Summary,
  summarise,
  writeResult,
} from './lib/report.ts';

const mainEvents = 100_000;
const otherEvents = 20_000;
const iterations = 500;
const warmUp = 25;
const targetP95Ms = 20;
// A request this slow means something is broken; failing beats hanging the suite.
const requestTimeoutMs = 10_000;

interface NamedQuery {
  name: string;
  /** Path and query string as a client sends it. */
  url: string;
  /** The same search as the repository function takes it, for timing the SQL alone. */
  search: AuditQuery;
}

/** Keeps the first SELECT a function sends, so exactly that statement can be EXPLAINed. */
class CaptureSelect implements KyselyPlugin {
  node: RootOperationNode | undefined;
  queryId: QueryId | undefined;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (!this.node && args.node.kind === 'SelectQueryNode') {
      this.node = args.node;
      this.queryId = args.queryId;
    }
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

async function explain(t: TestApp, q: AuditQuery): Promise<string[]> {
  return inTenant(t.database.db, { laCode: q.laCode, userId: null }, async (tx) => {
    const capture = new CaptureSelect();
    await searchAuditEvents(tx.withPlugin(capture), q);
    if (!capture.node || !capture.queryId) throw new Error('the search sent no SELECT');
    const compiled = tx.getExecutor().compileQuery(capture.node, capture.queryId);
    const r = await tx.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${compiled.sql}`, [...compiled.parameters]),
    );
    return r.rows.map((row) => row['QUERY PLAN']);
  });
}

/** One line a reader can scan: how audit_events was reached, what it threw away, how long it took. */
function planSummary(plan: string[]): string {
  const at = plan.findIndex((l) => / on audit_events\b/.test(l));
  const line = plan[at] ?? '';
  const access =
    line
      .trim()
      .replace(/^->\s*/, '')
      .replace(/\s+\(cost=.*$/, '') || '?';
  // The scan's own detail lines are the ones indented deeper than it, up to the next node.
  const depth = line.search(/\S/);
  const detail: string[] = [];
  for (const l of plan.slice(at + 1)) {
    if (l.search(/\S/) <= depth || l.trim().startsWith('->')) break;
    detail.push(l.trim());
  }
  const removed = detail.find((l) => l.startsWith('Rows Removed by Filter'));
  const joinRemoved = plan.find((l) => l.trim().startsWith('Rows Removed by Join Filter'))?.trim();
  const sorted = plan.some((l) => /^(->\s*)?Sort\b/.test(l.trim())) ? 'then sort' : '';
  const exec = plan.find((l) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '?';
  return [access, removed, sorted, joinRemoved, `executed in ${exec}`].filter(Boolean).join('; ');
}

async function timeHttp(base: string, url: string, token: string, expectItems: boolean): Promise<Summary> {
  const once = async () => {
    const started = performance.now();
    const res = await fetch(`${base}${url}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    const body = (await res.json()) as { items?: unknown[] };
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${JSON.stringify(body)}`);
    if (expectItems && !body.items?.length) throw new Error(`GET ${url} found no events`);
    return ms;
  };
  for (let i = 0; i < warmUp; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) samples.push(await once());
  return summarise(samples);
}

async function timeDirect(work: () => Promise<unknown>): Promise<Summary> {
  for (let i = 0; i < warmUp; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return summarise(samples);
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

interface RoundResult {
  statistics: string;
  analyzeMs: number | null;
  http: Record<string, Summary>;
  direct: Record<string, Summary>;
  plans: Record<string, { summary: string; plan: string[] }>;
}

export async function auditSearch(): Promise<BenchOutcome> {
  const kind = databaseKind();
  if (kind === 'postgresql') assertLocal(process.env.DATABASE_URL ?? '');
  const env = environment(kind);
  process.stdout.write(
    `audit-search (${kind}): starting the app and generating ${mainEvents + otherEvents} events...\n`,
  );
  const appStarted = performance.now();
  const t = await startTestApp();
  try {
    const appMs = round(performance.now() - appStarted, 0);
    const laCode = t.la.code;
    const genStarted = performance.now();
    await generateAuditEvents(t.database, {
      main: { laCode, events: mainEvents },
      other: { laCode: t.otherLa.code, events: otherEvents },
      staffPerLa: 47,
      childrenPerLa: 2_000,
      days: 365,
    });
    const generateMs = round(performance.now() - genStarted, 0);

    const counts = await sql<{ la_code: string; n: number }>`
      SELECT la_code, count(*)::int AS n FROM audit_events GROUP BY la_code ORDER BY la_code`.execute(
      t.database.db,
    );
    // Child 0 is the generator's busiest: its history runs to many pages, the hard case for the child index.
    const child = childId(laCode, 0);
    const childEvents = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_events WHERE la_code = ${laCode} AND child_id = ${child}::uuid`.execute(
      t.database.db,
    );
    const userId = t.la.users.coordinator.id;
    // A whole calendar month eight months back: old enough that the newest events do not contain it.
    const now = new Date();
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 8, 1));
    const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 7, 0));
    const from = isoDay(monthStart);
    const to = isoDay(monthEnd);

    const admin = t.la.users.admin;
    const { token } = await createApiToken(
      t.database,
      { userId: admin.id, laCode },
      { name: 'audit-search benchmark', days: 30 },
      { ip: null, requestId: 'bench', now: t.clock() },
    );
    const principal: Principal = {
      userId: admin.id,
      laCode,
      laName: t.la.name,
      email: admin.email,
      name: `admin of ${t.la.name}`,
      roles: ['administrator'],
      via: 'token',
    };

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address !== 'object') throw new Error('the app is not listening');
    const base = `http://127.0.0.1:${address.port}`;

    // The 10th page is reached the way a client reaches it: by following `next` nine times.
    let pageUrl = '/api/v1/audit';
    for (let i = 1; i < 10; i++) {
      const res = await fetch(`${base}${pageUrl}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      const body = (await res.json()) as { next: string | null };
      if (!body.next) throw new Error(`page ${i} has no next link`);
      pageUrl = body.next;
    }
    const before = Number(new URL(pageUrl, base).searchParams.get('before'));

    const queries: NamedQuery[] = [
      { name: 'first page', url: '/api/v1/audit', search: { laCode, limit: 50 } },
      {
        name: 'childId',
        url: `/api/v1/audit?childId=${child}`,
        search: { laCode, childIds: [child], limit: 50 },
      },
      { name: 'userId', url: `/api/v1/audit?userId=${userId}`, search: { laCode, userId, limit: 50 } },
      {
        name: `from/to (${from}..${to})`,
        url: `/api/v1/audit?from=${from}&to=${to}`,
        search: { laCode, from, to, limit: 50 },
      },
      { name: '10th page (next link)', url: pageUrl, search: { laCode, before, limit: 50 } },
    ];
    const firstPage = queries[0]?.search ?? { laCode, limit: 50 };

    // PGlite runs PostgreSQL without autovacuum, so nothing ever gathers planner statistics
    // unless someone runs ANALYZE: measure the log as the app leaves it, then analysed.
    // On PostgreSQL autovacuum would analyse a table this size within a minute; doing it
    // now makes the run repeatable instead of racing the daemon.
    const rounds: ('as loaded' | 'analysed')[] = kind === 'pglite' ? ['as loaded', 'analysed'] : ['analysed'];
    const results: RoundResult[] = [];
    for (const statistics of rounds) {
      let analyzeMs: number | null = null;
      if (statistics === 'analysed') {
        const started = performance.now();
        await sql`ANALYZE`.execute(t.database.db);
        analyzeMs = round(performance.now() - started, 0);
      }
      process.stdout.write(`timing ${iterations} requests per query (${statistics} statistics)...\n`);
      const http: Record<string, Summary> = {};
      for (const q of queries) http[q.name] = await timeHttp(base, q.url, token, true);

      const tenant = { laCode, userId: admin.id };
      const lookups = { children: childDirectory(t.database), labels: auditLabeller([platformVocabulary]) };
      const direct: Record<string, Summary> = {
        'first page, SQL as owner (no RLS)': await timeDirect(() =>
          t.database.db.transaction().execute((tx: Tx) => searchAuditEvents(tx, firstPage)),
        ),
        'first page, SQL in tenant tx (RLS)': await timeDirect(() =>
          inTenant(t.database.db, tenant, (tx) => searchAuditEvents(tx, firstPage)),
        ),
        'first page, searchAudit (SQL + names + audit write)': await timeDirect(() =>
          searchAudit(t.database, principal, { limit: 50 }, { ip: '127.0.0.1', requestId: 'bench' }, lookups),
        ),
      };

      const plans: RoundResult['plans'] = {};
      for (const q of queries) {
        const plan = await explain(t, q.search);
        plans[q.name] = { summary: planSummary(plan), plan };
      }
      results.push({ statistics, analyzeMs, http, direct, plans });
    }

    const header = ['query', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
    for (const r of results) {
      printTable(
        `audit-search on ${kind}, ${r.statistics} statistics: GET /api/v1/audit over HTTP, ${iterations} sequential requests each`,
        header,
        Object.entries(r.http).map(([k, s]) => [k, s.n, s.p50, s.p95, s.p99, s.max]),
      );
      printTable(
        `audit-search on ${kind}, ${r.statistics} statistics: the same first page without HTTP`,
        header,
        Object.entries(r.direct).map(([k, s]) => [k, s.n, s.p50, s.p95, s.p99, s.max]),
      );
      process.stdout.write('plans (EXPLAIN ANALYZE of the search SQL):\n');
      for (const [k, p] of Object.entries(r.plans)) process.stdout.write(`  ${k}: ${p.summary}\n`);
      if (r.analyzeMs !== null) process.stdout.write(`ANALYZE took ${r.analyzeMs} ms\n`);
    }
    process.stdout.write(
      `data: ${counts.rows.map((c) => `${c.n} events in LA ${c.la_code}`).join(', ')}; busiest child has ${childEvents.rows[0]?.n} events; app start ${appMs} ms, generation ${generateMs} ms\n`,
    );

    // The target is judged on what users get today: the first round.
    const judged = results[0];
    let worst = { query: '', p95: Number.NEGATIVE_INFINITY };
    for (const [query, stats] of Object.entries(judged?.http ?? {}))
      if (stats.p95 > worst.p95) worst = { query, p95: stats.p95 };
    const met = worst.p95 < targetP95Ms;
    const file = writeResult('audit-search', env, {
      target: {
        description: `p95 of every query under ${targetP95Ms} ms (${judged?.statistics} statistics)`,
        met,
      },
      data: {
        events: Object.fromEntries(counts.rows.map((c) => [c.la_code, c.n])),
        busiestChildEvents: childEvents.rows[0]?.n,
        // The generated staff plus the administrator, coordinator and parent every test LA has.
        usersPerLa: 50,
        childrenPerLa: 2_000,
        days: 365,
        dateRange: { from, to },
        generateMs,
        appStartMs: appMs,
      },
      iterations,
      warmUp,
      rounds: results,
    });
    process.stdout.write(`written ${path.relative(projectRoot, file)}\n`);

    return {
      name: 'audit-search',
      database: kind,
      targets: [
        {
          description: `GET /api/v1/audit p95 < ${targetP95Ms} ms, every query (${judged?.statistics})`,
          met,
          measured: `worst p95 ${worst.p95} ms (${worst.query})${
            results.length > 1
              ? `; analysed: ${Math.max(...Object.values(results[1]?.http ?? {}).map((s) => s.p95))} ms`
              : ''
          }`,
        },
      ],
    };
  } finally {
    await t.close();
  }
}
