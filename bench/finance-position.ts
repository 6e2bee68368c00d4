import { sql } from 'kysely';
import { seedDemoIfEmpty } from '../src/demo.ts';
import { type Grouping, getPosition, getTotals, groupings } from '../src/modules/funding/index.ts';
import type { Principal } from '../src/platform/auth/principal.ts';
import { createApiToken, createUser } from '../src/platform/auth/service.ts';
import type { Database } from '../src/platform/db/connect.ts';
import { refreshStatistics } from '../src/platform/db/migrate.ts';
import { inTenant } from '../src/platform/db/tenancy.ts';
import { isoDateInLondon } from '../src/platform/kernel/dates.ts';
import { fyOf } from '../src/platform/kernel/financial-years.ts';
import { seed } from '../src/seed/index.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  round,
  type Summary,
  summarise,
  type Target,
  writeResult,
} from './lib/report.ts';
import { againstServer } from './lib/served.ts';

const password = 'correct horse battery staple';
/** Rounds per measure at the demo's one LA; at national scale, rounds per LA, every LA. */
const demoRounds = 100;
const nationalRounds = 5;
/** Rounds per grouping of the totals: six groupings, so fewer each than the position's. */
const demoTotalsRounds = 30;
const nationalTotalsRounds = 2;
const pgliteTargetMs = 300;
const postgresTargetMs = 200;

interface Officer {
  laCode: string;
  principal: Principal;
  token: string;
  placements: number;
}

/** A finance officer for the LA, with a token, as someone reading the position through the API. */
async function financeOfficer(database: Database, laCode: string): Promise<Officer> {
  const email = `finance.${laCode}@bench.example.org`;
  const userId = await createUser(database, {
    laCode,
    email,
    name: `Bench finance officer ${laCode}`,
    roles: ['finance_officer'],
    password,
  });
  const { token } = await createApiToken(
    database,
    { userId, laCode },
    { name: 'bench', days: 1 },
    { ip: null, requestId: 'bench', now: new Date() },
  );
  const placements = await inTenant(database.db, { laCode, userId: null }, async (tx) =>
    Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM placements`.execute(tx)).rows[0]?.n ?? 0),
  );
  return {
    laCode,
    token,
    placements,
    principal: {
      userId,
      laCode,
      laName: laCode,
      email,
      name: `Bench finance officer ${laCode}`,
      roles: ['finance_officer'],
      via: 'token',
    },
  };
}

/**
 * The baseline: the sums the position is made of, as one SQL statement in the LA's tenant
 * transaction: the year's placement costs by budget line and payer, split by whether they await
 * approval, which is what the service reads from placement_costs before anything else it does.
 */
const costSums = (database: Database, laCode: string, fy: number) =>
  inTenant(database.db, { laCode, userId: null }, (tx) =>
    sql`SELECT c.budget_line, c.payer, p.approval = 'awaiting' AS awaiting, sum(c.committed_pence)::bigint AS pence
      FROM placement_costs c JOIN placements p ON p.id = c.placement_id
      WHERE c.la_code = ${laCode} AND p.la_code = ${laCode} AND c.fy = ${fy} AND p.approval <> 'rejected'
      GROUP BY 1, 2, 3`.execute(tx),
  );

/**
 * The baseline of the totals: the year's costs summed for each placement, then grouped by the
 * grouping's key in the same statement, joining only what the key needs (the setting, its cluster
 * on the day, the child's primary need). The expected starters, read from the EHC records, are the
 * service's own work on top, as for the position.
 */
function totalsSql(laCode: string, fy: number, by: Grouping, day: string) {
  const keys: Record<Grouping, ReturnType<typeof sql>> = {
    type: sql`x.placement_type`,
    provider: sql`coalesce(x.establishment_id::text, 'name:' || lower(trim(x.provider_name)))`,
    need: sql`coalesce(n.sen_type, 'none')`,
    cluster: sql`coalesce(m.cluster_id::text, 'none')`,
    ofsted: sql`CASE WHEN e.ofsted_rating IN ('outstanding', 'good', 'requires_improvement', 'inadequate')
      THEN e.ofsted_rating WHEN e.urn IS NOT NULL THEN 'not_inspected' ELSE 'no_urn' END`,
    child: sql`x.child_id::text`,
  };
  const joins = {
    provider: sql``,
    type: sql``,
    child: sql``,
    need: sql`LEFT JOIN child_sen_needs n ON n.child_id = x.child_id AND n.rank = 1`,
    cluster: sql`LEFT JOIN cluster_memberships m ON m.establishment_id = x.establishment_id
      AND m.starts_on <= ${day}::date AND (m.ends_on IS NULL OR m.ends_on > ${day}::date)`,
    ofsted: sql`LEFT JOIN establishments e ON e.id = x.establishment_id`,
  }[by];
  return sql`WITH x AS (
      SELECT p.id, p.child_id, p.establishment_id, p.provider_name, p.placement_type,
        p.approval = 'awaiting' AS awaiting,
        coalesce(sum(c.committed_pence) FILTER (WHERE c.payer = 'high_needs'), 0) AS hn,
        coalesce(sum(c.committed_pence) FILTER (WHERE c.payer <> 'high_needs'), 0) AS others
      FROM placement_costs c JOIN placements p ON p.id = c.placement_id
      WHERE c.la_code = ${laCode} AND p.la_code = ${laCode} AND c.fy = ${fy} AND p.approval <> 'rejected'
      GROUP BY p.id)
    SELECT ${keys[by]} AS key, count(DISTINCT x.child_id) AS children, count(*) AS placements,
      sum(x.hn) FILTER (WHERE NOT x.awaiting)::bigint AS committed,
      sum(x.hn) FILTER (WHERE x.awaiting)::bigint AS awaiting,
      sum(x.others) FILTER (WHERE NOT x.awaiting)::bigint AS others
    FROM x ${joins}
    GROUP BY 1 ORDER BY sum(x.hn) DESC`;
}

const totalsSums = (database: Database, laCode: string, fy: number, by: Grouping, day: string) =>
  inTenant(database.db, { laCode, userId: null }, (tx) => totalsSql(laCode, fy, by, day).execute(tx));

const totals = (database: Database, officer: Officer, today: string, by: Grouping) =>
  getTotals(
    { database, principal: officer.principal, today, ip: null, requestId: 'bench' },
    { fy: fyOf(today), by, limit: 100, offset: 0 },
  );

/**
 * Every grouping's groups and the commitments outside placements add up to the position's
 * committed and forecast: checked on the benchmark's data, every LA, before anything is timed.
 */
async function checkTotalsAgainstPosition(database: Database, officer: Officer, today: string) {
  const p = await position(database, officer, today);
  for (const by of groupings) {
    const t = await getTotals(
      { database, principal: officer.principal, today, ip: null, requestId: 'bench' },
      { fy: fyOf(today), by, limit: 100_000, offset: 0 },
    );
    const committed = t.groups.reduce((s, g) => s + g.committedPence, 0) + t.otherCommittedPence;
    const forecast = t.groups.reduce((s, g) => s + g.forecastPence, 0) + t.otherCommittedPence;
    if (committed !== p.totals.committed || forecast !== p.totals.forecast)
      throw new Error(
        `LA ${officer.laCode} by ${by}: totals make committed ${committed} and forecast ${forecast}, the position ${p.totals.committed} and ${p.totals.forecast}`,
      );
  }
}

const position = (database: Database, officer: Officer, today: string) =>
  getPosition({ database, principal: officer.principal, today, ip: null, requestId: 'bench' }, fyOf(today));

async function explainSums(database: Database, laCode: string, fy: number): Promise<string[]> {
  return inTenant(database.db, { laCode, userId: null }, async (tx) => {
    const r = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS)
      SELECT c.budget_line, c.payer, p.approval = 'awaiting' AS awaiting, sum(c.committed_pence)::bigint AS pence
      FROM placement_costs c JOIN placements p ON p.id = c.placement_id
      WHERE c.la_code = ${laCode} AND p.la_code = ${laCode} AND c.fy = ${fy} AND p.approval <> 'rejected'
      GROUP BY 1, 2, 3`.execute(tx);
    return r.rows.map((row) => row['QUERY PLAN']);
  });
}

interface GroupingFigures {
  direct: Summary;
  sums: Summary;
  /** The LA whose direct p95 was highest, at national scale. */
  slowest: { laCode: string; direct: Summary } | null;
  groups: number;
}

interface Prepared {
  officers: Officer[];
  today: string;
  seedMs: number;
  direct: Summary;
  sums: Summary;
  totals: Record<Grouping, GroupingFigures>;
  /** The slowest LA's direct position, at national scale. */
  slowest: { laCode: string; placements: number; direct: Summary } | null;
  plan: string[];
  overspend: { laCode: string; budgetPence: number; forecastPence: number };
}

/** Times `work` for each officer in turn, a warm-up call first, pooling every sample. */
async function eachLa(
  officers: readonly Officer[],
  rounds: number,
  work: (o: Officer) => Promise<unknown>,
): Promise<{ all: Summary; byLa: Map<string, Summary> }> {
  const samples: number[] = [];
  const byLa = new Map<string, Summary>();
  for (const o of officers) {
    await work(o);
    const mine: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      await work(o);
      mine.push(performance.now() - started);
    }
    samples.push(...mine);
    byLa.set(o.laCode, summarise(mine));
  }
  return { all: summarise(samples), byLa };
}

async function prepare(database: Database, national: boolean): Promise<Prepared> {
  process.stdout.write(
    `finance-position (${database.kind}): seeding ${national ? 'the national dataset' : 'the demo'}...\n`,
  );
  const started = performance.now();
  if (national) await seed(database, { scale: 'national', seed: 1 });
  else await seedDemoIfEmpty(database);
  const seedMs = round(performance.now() - started, 0);
  process.stdout.write(`finance-position: seeded in ${(seedMs / 1000).toFixed(0)} s\n`);
  // As the server does after seeding the demo, and as autovacuum soon would on PostgreSQL.
  await refreshStatistics(database);
  const codes = national
    ? (await sql<{ code: string }>`SELECT code FROM las ORDER BY code`.execute(database.db)).rows.map(
        (r) => r.code,
      )
    : ['926'];
  const officers: Officer[] = [];
  for (const code of codes) officers.push(await financeOfficer(database, code));
  const today = isoDateInLondon(new Date());
  const fy = fyOf(today);
  const rounds = national ? nationalRounds : demoRounds;
  const direct = await eachLa(officers, rounds, (o) => position(database, o, today));
  const sums = await eachLa(officers, rounds, (o) => costSums(database, o.laCode, fy));
  const slowest = [...direct.byLa].sort((a, b) => b[1].p95 - a[1].p95)[0];
  for (const o of officers) await checkTotalsAgainstPosition(database, o, today);
  process.stdout.write('finance-position: every grouping of the totals adds up to the position\n');
  const totalsRounds = national ? nationalTotalsRounds : demoTotalsRounds;
  const byGrouping = {} as Record<Grouping, GroupingFigures>;
  for (const by of groupings) {
    const timed = await eachLa(officers, totalsRounds, (o) => totals(database, o, today, by));
    const baseline = await eachLa(officers, totalsRounds, (o) =>
      totalsSums(database, o.laCode, fy, by, today),
    );
    const worst = [...timed.byLa].sort((a, b) => b[1].p95 - a[1].p95)[0];
    const first = officers.find((o) => o.laCode === '926') ?? officers[0];
    byGrouping[by] = {
      direct: timed.all,
      sums: baseline.all,
      slowest: national && worst ? { laCode: worst[0], direct: worst[1] } : null,
      groups: first ? (await totals(database, first, today, by)).total : 0,
    };
  }
  const largest = [...officers].sort((a, b) => b.placements - a.placements)[0] ?? officers[0];
  const shown = officers.find((o) => o.laCode === '926') ?? officers[0];
  const p = shown ? await position(database, shown, today) : null;
  return {
    officers,
    today,
    seedMs,
    direct: direct.all,
    sums: sums.all,
    totals: byGrouping,
    slowest:
      national && slowest
        ? {
            laCode: slowest[0],
            placements: officers.find((o) => o.laCode === slowest[0])?.placements ?? 0,
            direct: slowest[1],
          }
        : null,
    plan: largest ? await explainSums(database, largest.laCode, fy) : [],
    overspend: {
      laCode: shown?.laCode ?? '',
      budgetPence: p?.totals.budget ?? 0,
      forecastPence: p?.totals.forecast ?? 0,
    },
  };
}

/**
 * The high needs block's position for this financial year, as a finance officer asks for it:
 * `GET /api/v1/finance/position` through the real server, and `getPosition` directly, against
 * the baseline of the raw SQL of the same sums in the same run; then the year's totals by each
 * grouping (`GET /api/v1/finance/totals?by=…`, its first page, and `getTotals`) against the raw
 * SQL of their sums. On PGlite, the demo LA as the first start makes it (target p95 under 300 ms);
 * on PostgreSQL, every LA of the national dataset (target p95 under 200 ms per LA).
 */
export async function financePositionBench(): Promise<BenchOutcome> {
  const kind = databaseKind();
  const env = environment(kind);
  const national = kind === 'postgresql';
  return againstServer(
    kind,
    'finance-position',
    (database) => prepare(database, national),
    async (base, prepared) => {
      const rounds = national ? nationalRounds : demoRounds;
      const http = await eachLa(prepared.officers, rounds, async (o) => {
        const res = await fetch(`${base}/api/v1/finance/position`, {
          headers: { authorization: `Bearer ${o.token}` },
        });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`position for ${o.laCode} answered ${res.status}: ${body}`);
      });
      const worstHttp = [...http.byLa].sort((a, b) => b[1].p95 - a[1].p95)[0];
      const totalsRounds = national ? nationalTotalsRounds : demoTotalsRounds;
      const totalsHttp = {} as Record<Grouping, { all: Summary; worst: [string, Summary] | undefined }>;
      for (const by of groupings) {
        const timed = await eachLa(prepared.officers, totalsRounds, async (o) => {
          const res = await fetch(`${base}/api/v1/finance/totals?by=${by}`, {
            headers: { authorization: `Bearer ${o.token}` },
          });
          const body = await res.text();
          if (res.status !== 200)
            throw new Error(`totals by ${by} for ${o.laCode} answered ${res.status}: ${body}`);
        });
        totalsHttp[by] = { all: timed.all, worst: [...timed.byLa].sort((a, b) => b[1].p95 - a[1].p95)[0] };
      }
      const target = national ? postgresTargetMs : pgliteTargetMs;
      const scope = national ? `each of ${prepared.officers.length} LAs, national dataset` : 'the demo LA';
      const targets: Target[] = [
        {
          description: `finance position through the API, p95 < ${target} ms (${scope})`,
          met: http.all.p95 < target && (!worstHttp || worstHttp[1].p95 < target),
          measured: `p95 ${http.all.p95} ms${worstHttp && national ? `, slowest LA ${worstHttp[0]} p95 ${worstHttp[1].p95} ms` : ''}`,
        },
        {
          description: `getPosition directly, p95 < ${target} ms (${scope})`,
          met: prepared.direct.p95 < target && (prepared.slowest?.direct.p95 ?? 0) < target,
          measured: `p95 ${prepared.direct.p95} ms (the sums' SQL alone ${prepared.sums.p95} ms)`,
        },
        ...groupings.flatMap((by): Target[] => {
          const h = totalsHttp[by];
          const d = prepared.totals[by];
          return [
            {
              description: `finance totals by ${by} through the API, p95 < ${target} ms (${scope})`,
              met: h.all.p95 < target && (!h.worst || h.worst[1].p95 < target),
              measured: `p95 ${h.all.p95} ms${h.worst && national ? `, slowest LA ${h.worst[0]} p95 ${h.worst[1].p95} ms` : ''}`,
            },
            {
              description: `getTotals by ${by} directly, p95 < ${target} ms (${scope})`,
              met: d.direct.p95 < target && (d.slowest?.direct.p95 ?? 0) < target,
              measured: `p95 ${d.direct.p95} ms (its SQL alone ${d.sums.p95} ms)`,
            },
          ];
        }),
      ];
      printTable(
        `Finance position on ${kind}: ${scope}`,
        ['measure', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
        [
          ['GET /api/v1/finance/position (HTTP)', http.all.p50, http.all.p95, http.all.p99, http.all.max],
          [
            'getPosition (direct)',
            prepared.direct.p50,
            prepared.direct.p95,
            prepared.direct.p99,
            prepared.direct.max,
          ],
          [
            'the sums alone (SQL, baseline)',
            prepared.sums.p50,
            prepared.sums.p95,
            prepared.sums.p99,
            prepared.sums.max,
          ],
        ],
      );
      printTable(
        `Finance totals on ${kind}: ${scope} (p50 / p95 ms)`,
        ['by', 'groups (LA 926)', 'API (HTTP)', 'getTotals (direct)', 'the sums alone (SQL, baseline)'],
        groupings.map((by) => {
          const h = totalsHttp[by].all;
          const d = prepared.totals[by];
          return [
            by,
            d.groups,
            `${h.p50} / ${h.p95}`,
            `${d.direct.p50} / ${d.direct.p95}`,
            `${d.sums.p50} / ${d.sums.p95}`,
          ];
        }),
      );
      const overspend = prepared.overspend;
      process.stdout.write(
        `LA ${overspend.laCode}: budget £${round(overspend.budgetPence / 1e8, 2)}m, forecast £${round(overspend.forecastPence / 1e8, 2)}m (${round((overspend.forecastPence / overspend.budgetPence - 1) * 100, 1)}% over)\n`,
      );
      process.stdout.write(
        `written ${writeResult('finance-position', env, {
          today: prepared.today,
          seedMs: prepared.seedMs,
          las: prepared.officers.length,
          placements: prepared.officers.reduce((s, o) => s + o.placements, 0),
          roundsPerLa: rounds,
          http: http.all,
          httpSlowestLa: worstHttp && national ? { laCode: worstHttp[0], ...worstHttp[1] } : null,
          direct: prepared.direct,
          directSlowestLa: prepared.slowest,
          sums: prepared.sums,
          sumsPlanOfLargestLa: prepared.plan,
          totalsRoundsPerLa: totalsRounds,
          totals: Object.fromEntries(
            groupings.map((by) => [
              by,
              {
                groupsInLa926: prepared.totals[by].groups,
                http: totalsHttp[by].all,
                httpSlowestLa:
                  national && totalsHttp[by].worst
                    ? { laCode: totalsHttp[by].worst?.[0], ...totalsHttp[by].worst?.[1] }
                    : null,
                direct: prepared.totals[by].direct,
                directSlowestLa: prepared.totals[by].slowest,
                sums: prepared.totals[by].sums,
              },
            ]),
          ),
          position: overspend,
          targets,
        })}\n`,
      );
      return { name: 'finance-position', database: kind, targets };
    },
  );
}
