import autocannon from 'autocannon';
import { sql } from 'kysely';
import type { Database } from '../src/platform/db/connect.ts';
import { refreshStatistics } from '../src/platform/db/migrate.ts';
import { inTenant } from '../src/platform/db/tenancy.ts';
import { addLa } from '../src/platform/las/index.ts';
import { Prng } from '../src/seed/prng.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  round,
  type Target,
  writeResult,
} from './lib/report.ts';
import { againstServer } from './lib/served.ts';
import { time } from './lib/timing.ts';

const laCode = '926';
const services = 5_000;
const places = 1_500;
const rounds = 60;
const searchTargetMs = 100;
const orukTargetMs = 50;
const pageTargetRps = 1_000;
const connections = 10;
const seconds = 10;

/**
 * The public Local Offer at the scale: 5,000 published services (with their places, times
 * and terms) written straight into the tables, then the real server asked over HTTP. Public search
 * by words, by need and age, and by distance from a postcode, against the start page in the same
 * run; the ORUK `/services` page of 50, against the feed's `/` answer; and a service's page under
 * load with autocannon, against `/health`. Targets: search p95 under 100 ms on PGlite, the ORUK
 * page p95 under 50 ms, the service page at least 1,000 requests a second on PostgreSQL.
 */

const words = [
  'autism',
  'swimming',
  'speech',
  'sleep',
  'holiday',
  'club',
  'support',
  'group',
  'therapy',
  'transport',
  'college',
  'play',
  'music',
  'sensory',
  'parent',
  'advice',
  'youth',
  'sport',
  'respite',
  'training',
];
const towns = [
  { name: 'Norwich', lat: 52.6309, lon: 1.2974, pc: 'NR1' },
  { name: 'King’s Lynn', lat: 52.7517, lon: 0.4009, pc: 'PE30' },
  { name: 'Great Yarmouth', lat: 52.6083, lon: 1.7305, pc: 'NR30' },
  { name: 'Thetford', lat: 52.4136, lon: 0.7503, pc: 'IP24' },
  { name: 'Dereham', lat: 52.6815, lon: 0.9406, pc: 'NR19' },
  { name: 'Cromer', lat: 52.9311, lon: 1.3016, pc: 'NR27' },
];

async function prepare(database: Database) {
  process.stdout.write(`local-offer: writing ${services.toLocaleString('en-GB')} services...\n`);
  await addLa(database, { code: laCode, name: 'Norfolk (bench)' });
  const rng = new Prng(18);
  await inTenant(database.db, { laCode, userId: null }, async (tx) => {
    const orgs = Array.from({ length: 200 }, (_, i) => ({ id: rng.uuid(), name: `Organisation ${i + 1}` }));
    await sql`INSERT INTO lo_organizations (id, la_code, name, description)
      SELECT o.id, ${laCode}, o.name, 'An organisation of the benchmark.'
      FROM jsonb_to_recordset(${JSON.stringify(orgs)}::jsonb) AS o (id uuid, name text)`.execute(tx);
    const locs = Array.from({ length: places }, (_, i) => {
      const town = rng.pick(towns);
      return {
        id: rng.uuid(),
        name: `${town.name} place ${i + 1}`,
        city: town.name,
        postcode: `${town.pc} ${rng.int(1, 9)}AB`,
        lat: town.lat + (rng.next() - 0.5) * 0.1,
        lon: town.lon + (rng.next() - 0.5) * 0.15,
      };
    });
    await sql`INSERT INTO lo_locations (id, la_code, name, address_1, city, postcode, latitude, longitude)
      SELECT l.id, ${laCode}, l.name, '1 High Street', l.city, l.postcode, l.lat, l.lon
      FROM jsonb_to_recordset(${JSON.stringify(locs)}::jsonb) AS l (id uuid, name text, city text, postcode text, lat float8, lon float8)`.execute(
      tx,
    );
    const terms = (
      await sql<{ id: string; taxonomy: string }>`SELECT t.id, x.code AS taxonomy FROM lo_taxonomy_terms t
        JOIN lo_taxonomies x ON x.id = t.taxonomy_id`.execute(tx)
    ).rows;
    const byTaxonomy = (code: string) => terms.filter((t) => t.taxonomy === code).map((t) => t.id);
    const [headings, categories, needs] = [
      byTaxonomy('schedule-2'),
      byTaxonomy('category'),
      byTaxonomy('sen2-need'),
    ];
    for (let start = 0; start < services; start += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, services - start) }, () => {
        const min = rng.int(0, 16);
        return {
          id: rng.uuid(),
          org: rng.pick(orgs).id,
          name: `${rng.pick(words)} ${rng.pick(words)} ${rng.pick(words)}`,
          description: Array.from({ length: 30 }, () => rng.pick(words)).join(' '),
          min,
          max: min + rng.int(2, 12),
          loc: rng.pick(locs).id,
          terms: [rng.pick(headings), rng.pick(categories), ...(rng.chance(0.6) ? [rng.pick(needs)] : [])],
          days: rng.pick(['MO', 'TU,TH', 'SA', 'MO,TU,WE,TH,FR']),
        };
      });
      const json = JSON.stringify(batch);
      await sql`INSERT INTO lo_services (id, la_code, organization_id, name, description, status, minimum_age, maximum_age,
          published, published_at, reviewed_on)
        SELECT s.id, ${laCode}, s.org, s.name, s.description, 'active', s.min, s.max, true, now(), current_date
        FROM jsonb_to_recordset(${json}::jsonb) AS s (id uuid, org uuid, name text, description text, min int, max int)`.execute(
        tx,
      );
      await sql`INSERT INTO lo_service_at_locations (la_code, service_id, location_id)
        SELECT ${laCode}, s.id, s.loc FROM jsonb_to_recordset(${json}::jsonb) AS s (id uuid, loc uuid)`.execute(
        tx,
      );
      await sql`INSERT INTO lo_schedules (la_code, service_id, byday, opens_at, closes_at)
        SELECT ${laCode}, s.id, s.days, '09:00', '15:00' FROM jsonb_to_recordset(${json}::jsonb) AS s (id uuid, days text)`.execute(
        tx,
      );
      await sql`INSERT INTO lo_service_terms (la_code, service_id, term_id)
        SELECT DISTINCT ${laCode}, s.id, t::uuid FROM jsonb_to_recordset(${json}::jsonb) AS s (id uuid, terms jsonb),
          jsonb_array_elements_text(s.terms) AS t`.execute(tx);
    }
    await sql`INSERT INTO postcode_centroids (la_code, postcode, latitude, longitude)
      VALUES (${laCode}, 'NR12DH', 52.6262, 1.2999), (${laCode}, 'PE301EX', 52.7543, 0.3959)`.execute(tx);
  });
  await refreshStatistics(database);
  const one = await inTenant(
    database.db,
    { laCode, userId: null },
    async (tx) =>
      (await sql<{ id: string }>`SELECT id FROM lo_services ORDER BY id LIMIT 1`.execute(tx)).rows[0]?.id ??
      '',
  );
  return { serviceId: one };
}

async function rps(url: string) {
  await autocannon({ url, connections, duration: 2 });
  const r = await autocannon({ url, connections, duration: seconds });
  return {
    requestsPerSecond: round(r.requests.average, 0),
    latencyP99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

export async function localOfferBench(): Promise<BenchOutcome> {
  const kind = databaseKind();
  const env = environment(kind);
  return againstServer(
    kind,
    'local-offer',
    prepare,
    async (base, made) => {
      const get = async (url: string) => {
        const res = await fetch(`${base}${url}`);
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 300)}`);
        return body;
      };
      const rng = new Prng(7);
      const queries = () => {
        const w = rng.pick(words);
        return rng.pick([
          `/local-offer?q=${w}`,
          `/local-offer?q=${w}+${rng.pick(words)}&age=${rng.int(0, 20)}`,
          `/local-offer?need=${rng.pick(['ASD', 'SLCN', 'SEMH', 'HI'])}&age=${rng.int(0, 20)}`,
          `/local-offer?postcode=NR1+2DH&miles=${rng.pick([3, 5, 10])}&q=${w}`,
          `/local-offer?category=${rng.pick(['leisure', 'health', 'education'])}&page=${rng.int(1, 5)}`,
        ]);
      };
      const searchStart = await time(rounds, () => get('/local-offer'));
      const search = await time(rounds, () => get(queries()));
      const orukRoot = await time(rounds, () => get('/oruk'));
      const oruk = await time(rounds, () => get(`/oruk/services?per_page=50&page=${rng.int(1, 100)}`));
      await get(`/local-offer/services/${made.serviceId}`);
      const page = await rps(`${base}/local-offer/services/${made.serviceId}`);
      const health = await rps(`${base}/health`);
      printTable(
        `The public Local Offer with ${services.toLocaleString('en-GB')} services (${kind}), over HTTP`,
        ['request', 'p50 ms', 'p95 ms', 'max ms'],
        [
          ['search: words, need and age, postcode and distance', search.p50, search.p95, search.max],
          ['baseline: the start page', searchStart.p50, searchStart.p95, searchStart.max],
          ['ORUK /services, a page of 50', oruk.p50, oruk.p95, oruk.max],
          ['baseline: ORUK /', orukRoot.p50, orukRoot.p95, orukRoot.max],
        ],
      );
      printTable(
        `Under load: ${connections} connections for ${seconds} s after 2 s warm-up`,
        ['request', 'requests/s', 'p99 ms', 'non-2xx'],
        [
          ['a service’s page, kept rendered', page.requestsPerSecond, page.latencyP99Ms, page.non2xx],
          ['baseline: /health', health.requestsPerSecond, health.latencyP99Ms, health.non2xx],
        ],
      );
      const targets: Target[] = [
        {
          description: `public search with ${services.toLocaleString('en-GB')} services, p95 < ${searchTargetMs} ms (PGlite)`,
          met: search.p95 < searchTargetMs,
          measured: `p95 ${search.p95} ms (start page ${searchStart.p95} ms) on ${kind}`,
        },
        {
          description: `ORUK /services page of 50, p95 < ${orukTargetMs} ms`,
          met: oruk.p95 < orukTargetMs,
          measured: `p95 ${oruk.p95} ms (ORUK / ${orukRoot.p95} ms) on ${kind}`,
        },
        {
          description: `public service page ≥ ${pageTargetRps.toLocaleString('en-GB')} requests/s (PostgreSQL)`,
          met: page.requestsPerSecond >= pageTargetRps && page.non2xx === 0,
          measured: `${page.requestsPerSecond} requests/s (health ${health.requestsPerSecond}) on ${kind}`,
        },
      ];
      process.stdout.write(
        `written ${writeResult('local-offer', env, { services, rounds, search, searchStart, oruk, orukRoot, page, health, targets })}\n`,
      );
      return { name: 'local-offer', database: kind, targets };
    },
    { PUBLIC_LA: laCode },
  );
}
