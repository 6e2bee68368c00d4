import { sql } from 'kysely';
import {
  dueWindowEnd,
  lastTwelveMonths,
  phaseCohortDeadlines,
} from '../src/modules/ehc/reviews/lists/domain/lists.ts';
import * as listSql from '../src/modules/ehc/reviews/lists/repo.ts';
import { refreshPlanDates } from '../src/modules/ehc/reviews/plan-dates.ts';
import type { Database } from '../src/platform/db/connect.ts';
import { refreshStatistics } from '../src/platform/db/migrate.ts';
import { inTenant } from '../src/platform/db/tenancy.ts';
import { academicYearStart, isoDateInLondon } from '../src/platform/kernel/dates.ts';
import { laCode, password, prepareEhc } from './lib/ehc-data.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  type Summary,
  type Target,
  writeResult,
} from './lib/report.ts';
import { againstServer } from './lib/served.ts';
import { signIn } from './lib/sign-in.ts';
import { time } from './lib/timing.ts';

const rounds = 100;
const target = 150;

/**
 * The review lists at Norfolk's scale on one LA: the `/ehc/reviews` page's four views and the
 * API's list and figures, each over HTTP beside its baseline in the same run — the SQL it runs,
 * timed straight against the database — so what the page adds is plain. Target: p95 under
 * 150 ms on PGlite.
 *
 * The data comes from the demo generator. Every active plan's next review due and coming phase
 * transfer are worked out by the review rules (reviews/plan-dates.ts), as issuing a plan does;
 * reviews the generator makes are read as they are.
 */
async function prepare(database: Database) {
  const prepared = await prepareEhc(database, false);
  const today = isoDateInLondon(new Date());
  const counts = await inTenant(database.db, { laCode, userId: null }, async (tx) => {
    const refreshed = await refreshPlanDates(tx, laCode, today);
    const r = await sql<{ plans: number; due: number; overdue: number; phase: number; reviews: number }>`
      SELECT count(*)::int AS plans,
        (count(*) FILTER (WHERE next_review_due BETWEEN ${today}::date AND ${dueWindowEnd(today)}::date))::int AS due,
        (count(*) FILTER (WHERE next_review_due < ${today}::date))::int AS overdue,
        (count(*) FILTER (WHERE phase_transfer_deadline IS NOT NULL))::int AS phase,
        (SELECT count(*)::int FROM ehc_reviews) AS reviews
      FROM ehc_plans WHERE la_code = ${laCode} AND status = 'active'`.execute(tx);
    return { refreshed, ...r.rows[0] };
  });
  await refreshStatistics(database);
  return {
    ...prepared,
    reviewCounts: counts,
    raw: await rawSql(database, prepared.coordinator.userId, today),
  };
}

/** The SQL behind each view and call, in a tenant transaction as the app runs it: the baseline. */
async function rawSql(database: Database, userId: string, today: string) {
  const tenant = { laCode, userId };
  const run = (work: Parameters<typeof inTenant>[2]) => () => inTenant(database.db, tenant, work);
  const end = dueWindowEnd(today);
  const window = phaseCohortDeadlines(academicYearStart(today));
  const period = lastTwelveMonths(today);
  return {
    due: await time(
      rounds,
      run(async (tx) => {
        await listSql.dueCounts(tx, laCode, today, end, {});
        await listSql.dueWithin(tx, laCode, today, end, {}, 50, 0);
      }),
    ),
    overdue: await time(
      rounds,
      run(async (tx) => {
        await listSql.dueCounts(tx, laCode, today, end, {});
        await listSql.overdue(tx, laCode, today, {}, 50, 0);
        await listSql.overdueByDays(tx, laCode, today, {});
      }),
    ),
    phase: await time(
      rounds,
      run(async (tx) => {
        await listSql.dueCounts(tx, laCode, today, end, {});
        await listSql.phaseCohort(tx, laCode, window.from, window.to, {});
      }),
    ),
    completion: await time(
      rounds,
      run(async (tx) => {
        await listSql.dueCounts(tx, laCode, today, end, {});
        await listSql.completionByMonth(tx, laCode, period.from, period.to, today, {});
      }),
    ),
    api: await time(
      rounds,
      run((tx) => listSql.plansForApi(tx, laCode, today, {}, 50, 0)),
    ),
    apiOverdue: await time(
      rounds,
      run((tx) => listSql.plansForApi(tx, laCode, today, { overdue: true }, 50, 0)),
    ),
    stats: await time(
      rounds,
      run((tx) => listSql.completionByMonth(tx, laCode, period.from, period.to, today, {})),
    ),
  };
}

export async function reviewsDashboardBench(): Promise<BenchOutcome> {
  const kind = databaseKind();
  const env = environment(kind);
  return againstServer(
    kind,
    'reviews-dashboard',
    prepare,
    async (base, { coordinator, counts, reviewCounts, raw }) => {
      const cookie = await signIn(base, 'coordinator@bench.example.org', password);
      const get = async (url: string, headers: Record<string, string>) => {
        const res = await fetch(`${base}${url}`, { headers });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 300)}`);
        return body;
      };
      const page = (url: string) => () => get(url, { cookie, accept: 'text/html' });
      const api = (url: string) => () => get(url, { authorization: `Bearer ${coordinator.token}` });
      const measures: { name: string; http: Summary; sql: Summary }[] = [
        { name: 'page: due in 8 weeks', http: await time(rounds, page('/ehc/reviews')), sql: raw.due },
        {
          name: 'page: overdue',
          http: await time(rounds, page('/ehc/reviews?show=overdue')),
          sql: raw.overdue,
        },
        {
          name: 'page: phase transfers',
          http: await time(rounds, page('/ehc/reviews?show=phase-transfers')),
          sql: raw.phase,
        },
        {
          name: 'page: completion',
          http: await time(rounds, page('/ehc/reviews?show=completion')),
          sql: raw.completion,
        },
        { name: 'API: reviews', http: await time(rounds, api('/api/v1/ehc/reviews')), sql: raw.api },
        {
          name: 'API: overdue reviews',
          http: await time(rounds, api('/api/v1/ehc/reviews?overdue=true')),
          sql: raw.apiOverdue,
        },
        { name: 'API: stats', http: await time(rounds, api('/api/v1/ehc/reviews/stats')), sql: raw.stats },
      ];
      const targets: Target[] = measures.map((m) => ({
        description: `${m.name}, Norfolk scale, p95 < ${target} ms`,
        met: m.http.p95 < target,
        measured: `p95 ${m.http.p95} ms (SQL ${m.sql.p95} ms)`,
      }));
      printTable(
        `Review lists on ${kind}: LA ${laCode} with ${reviewCounts?.plans} active plans (${reviewCounts?.due} due in 8 weeks, ${reviewCounts?.overdue} overdue, ${reviewCounts?.phase} with a phase transfer coming), ${reviewCounts?.reviews} reviews`,
        ['measure', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'SQL p50', 'SQL p95'],
        measures.map((m) => [m.name, m.http.p50, m.http.p95, m.http.p99, m.http.max, m.sql.p50, m.sql.p95]),
      );
      process.stdout.write(
        `written ${writeResult('reviews-dashboard', env, {
          la: laCode,
          ...counts,
          ...reviewCounts,
          rounds,
          measures: Object.fromEntries(measures.map((m) => [m.name, { http: m.http, sql: m.sql }])),
          targets,
        })}\n`,
      );
      return { name: 'reviews-dashboard', database: kind, targets };
    },
  );
}
