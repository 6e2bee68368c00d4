import { DataDirBusy } from '../src/platform/db/data-dir-lock.ts';
import { apiThroughput } from './api-throughput.ts';
import { auditSearch } from './audit-search.ts';
import { auditVerify } from './audit-verify.ts';
import { backupBench } from './backup.ts';
import { boardReportBench } from './board-report.ts';
import { childReadBench } from './child-read.ts';
import { childrenBench } from './children.ts';
import { coldStart } from './cold-start.ts';
import { ehcCaseloadBench } from './ehc-caseload.ts';
import { ehcDeadlinesBench } from './ehc-deadlines.ts';
import { ehcFindBench } from './ehc-find.ts';
import { exportsBench } from './exports.ts';
import { financePositionBench } from './finance-position.ts';
import { forecastBench } from './forecast.ts';
import { forecastBacktestBench } from './forecast-backtest.ts';
import { fundingFormulaBench } from './funding-formula.ts';
import { fundingScenarioPageBench } from './funding-scenario-page.ts';
import { type BenchOutcome, databaseKind, printTable } from './lib/report.ts';
import { localOfferBench } from './local-offer.ts';
import { placementOptimiseBench } from './placement-optimise.ts';
import { placementsImportBench } from './placements-import.ts';
import { portalPagesBench } from './portal-pages.ts';
import { programmeScheduleBench } from './programme-schedule.ts';
import { reviewRemindersBench } from './review-reminders.ts';
import { reviewsDashboardBench } from './reviews-dashboard.ts';
import { seedBench } from './seed.ts';
import { siteSelectBench } from './site-select.ts';
import { sufficiencyDemoBench } from './sufficiency-demo.ts';

const benchmarks: Record<string, () => Promise<BenchOutcome>> = {
  'cold-start': coldStart,
  'audit-search': auditSearch,
  'audit-verify': auditVerify,
  'api-throughput': apiThroughput,
  'local-offer': localOfferBench,
  seed: seedBench,
  children: childrenBench,
  'child-read': childReadBench,
  'ehc-deadlines': ehcDeadlinesBench,
  'ehc-caseload': ehcCaseloadBench,
  'ehc-find': ehcFindBench,
  exports: exportsBench,
  'finance-position': financePositionBench,
  'funding-scenario-page': fundingScenarioPageBench,
  'funding-formula': fundingFormulaBench,
  forecast: forecastBench,
  'forecast-backtest': forecastBacktestBench,
  'placements-import': placementsImportBench,
  'placement-optimise': placementOptimiseBench,
  'site-select': siteSelectBench,
  'sufficiency-demo': sufficiencyDemoBench,
  'programme-schedule': programmeScheduleBench,
  'board-report': boardReportBench,
  'portal-pages': portalPagesBench,
  'reviews-dashboard': reviewsDashboardBench,
  'review-reminders': reviewRemindersBench,
  backup: backupBench,
};
const valid = Object.keys(benchmarks);

function usage(): string {
  return [
    'Usage: npm run bench [-- NAME...]',
    `Benchmarks: ${valid.join(', ')} (all of them when none is named).`,
    'Runs on PGlite; set DATABASE_URL=postgres://...@127.0.0.1/... to run on PostgreSQL instead.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const unknown = argv.filter((a) => !valid.includes(a));
  if (unknown.length) {
    process.stderr.write(
      `Unknown benchmark${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Valid names: ${valid.join(', ')}.\n`,
    );
    return 2;
  }
  // Named order is kept so a run can be repeated exactly; duplicates would only double the time.
  const chosen = argv.length ? [...new Set(argv)] : valid;
  process.stdout.write(`Running ${chosen.join(', ')} on ${databaseKind()}.\n`);

  const outcomes: BenchOutcome[] = [];
  for (const name of chosen) {
    const bench = benchmarks[name];
    if (!bench) continue;
    const started = performance.now();
    process.stdout.write(`\n=== ${name} ===\n`);
    outcomes.push(await bench());
    process.stdout.write(`(${name} took ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }

  printTable(
    'Targets',
    ['benchmark', 'database', 'target', 'measured', 'result'],
    outcomes.flatMap((o) =>
      o.targets.map((t) => [o.name, o.database, t.description, t.measured, t.met ? 'met' : 'MISSED']),
    ),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Another process has the data directory: what to do about it, without a stack trace.
    if (err instanceof DataDirBusy) process.stderr.write(`Benchmark not run: ${err.message}\n`);
    else
      process.stderr.write(
        `Benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    process.exit(1);
  },
);
