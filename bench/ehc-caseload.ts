import * as caseloadSql from '../src/modules/ehc/caseload/repo.ts';
import type { Database } from '../src/platform/db/connect.ts';
import { inTenant } from '../src/platform/db/tenancy.ts';
import { isoDateInLondon } from '../src/platform/kernel/dates.ts';
import { caseloadSize, laCode, prepareEhc as prepare } from './lib/ehc-data.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  type Target,
  writeResult,
} from './lib/report.ts';
import { againstServer } from './lib/served.ts';
import { time } from './lib/timing.ts';

const rounds = 200;

/** The SQL the caseload and the dashboard run, timed straight against the database. */
async function rawSql(database: Database, coordinatorId: string, today: string, year: number) {
  const tenant = { laCode, userId: coordinatorId };
  const caseload = await time(rounds, () =>
    inTenant(database.db, tenant, (tx) =>
      caseloadSql.listRequests(tx, laCode, {
        coordinatorId,
        status: 'open',
        sort: 'next-due',
        order: 'asc',
        today,
        limit: 500,
        offset: 0,
      }),
    ),
  );
  const dashboard = await time(rounds / 2, () =>
    inTenant(database.db, tenant, async (tx) => {
      await caseloadSql.allocation(tx, laCode, today);
      await caseloadSql.openByStageAndWeek(tx, laCode, today);
      await caseloadSql.timeliness(tx, laCode, year);
      await caseloadSql.breachesByStep(tx, laCode, year, today);
      await caseloadSql.recentBreaches(tx, laCode, year, today, 25);
      await caseloadSql.weeklyTrend(tx, laCode, year);
      await caseloadSql.activePlanCount(tx, laCode);
    }),
  );
  return { caseload, dashboard };
}

/**
 * A coordinator's caseload of 150 (target p95 under 50 ms) and the team dashboard for one LA
 * with 12,000 plans and three years of requests (p95 under 150 ms with the national dataset on
 * PostgreSQL, under 300 ms at Norfolk's scale on PGlite), each beside the SQL it runs.
 */
export async function ehcCaseloadBench(): Promise<BenchOutcome> {
  const kind = databaseKind();
  const env = environment(kind);
  const today = isoDateInLondon(new Date());
  const year = Number(today.slice(0, 4));
  return againstServer(
    kind,
    'ehc-caseload',
    async (database) => {
      const prepared = await prepare(database, kind === 'postgresql');
      return { ...prepared, raw: await rawSql(database, prepared.coordinator.userId, today, year) };
    },
    async (base, { coordinator, manager, counts, raw }) => {
      const get = async (token: string, url: string) => {
        const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 300)}`);
        return body;
      };
      const shown = (JSON.parse(await get(coordinator.token, '/api/v1/ehc/caseload')) as { total: number })
        .total;
      const caseload = await time(rounds, () => get(coordinator.token, '/api/v1/ehc/caseload'));
      const dashboard = await time(rounds / 2, () =>
        get(manager.token, `/api/v1/ehc/dashboard?year=${year}`),
      );

      const dashboardTarget = kind === 'postgresql' ? 150 : 300;
      const targets: Target[] = [
        {
          description: `caseload of ${caseloadSize} cases, p95 < 50 ms`,
          met: caseload.p95 < 50 && shown === caseloadSize,
          measured: `p95 ${caseload.p95} ms (SQL ${raw.caseload.p95} ms)`,
        },
        {
          description: `team dashboard, one LA, p95 < ${dashboardTarget} ms (${kind === 'postgresql' ? 'national dataset' : 'Norfolk scale'})`,
          met: dashboard.p95 < dashboardTarget,
          measured: `p95 ${dashboard.p95} ms (SQL ${raw.dashboard.p95} ms)`,
        },
      ];
      printTable(
        `EHC caseload and dashboard on ${kind}: LA ${laCode} with ${counts?.plans} active plans, ${counts?.requests} requests`,
        ['measure', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
        [
          [`caseload (HTTP, ${shown} cases)`, caseload.p50, caseload.p95, caseload.p99, caseload.max],
          ['caseload (its SQL)', raw.caseload.p50, raw.caseload.p95, raw.caseload.p99, raw.caseload.max],
          ['dashboard (HTTP)', dashboard.p50, dashboard.p95, dashboard.p99, dashboard.max],
          [
            'dashboard (its SQL, 7 queries)',
            raw.dashboard.p50,
            raw.dashboard.p95,
            raw.dashboard.p99,
            raw.dashboard.max,
          ],
        ],
      );
      process.stdout.write(
        `written ${writeResult('ehc-caseload', env, { la: laCode, ...counts, caseloadShown: shown, caseload, caseloadSql: raw.caseload, dashboard, dashboardSql: raw.dashboard, targets })}\n`,
      );
      return { name: 'ehc-caseload', database: kind, targets };
    },
  );
}
