import { allocate, type Formula, type SchoolInput } from '../src/modules/funding/index.ts';
import { splitByShares } from '../src/platform/kernel/money.ts';
import { readLaFigures } from '../src/seed/index.ts';
import { Prng } from '../src/seed/prng.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  round,
  writeResult,
} from './lib/report.ts';

const schoolsInEngland = 24_000;
const schoolsPerCluster = 8;
const runs = 5;

interface LaRun {
  code: string;
  potPence: number;
  schools: SchoolInput[];
}

/**
 * England: 24,000 schools shared between the 153 LAs in proportion to their EHC plans, in clusters
 * of about 8, each LA delegating £40 a pupil; last year's allocations are this year's made by
 * another formula, so the damping has work to do.
 */
function england(): LaRun[] {
  const las = readLaFigures();
  const rng = new Prng(14);
  const counts = splitByShares(
    schoolsInEngland,
    las.map((la) => la.ehcPlans),
  );
  return las.map((la, l) => {
    const n = Math.max(1, counts[l] ?? 0);
    const schools: SchoolInput[] = Array.from({ length: n }, (_, i) => {
      const pupils = rng.int(60, 1460);
      const idaci = {
        a: rng.int(0, Math.ceil(pupils * 0.1)),
        b: rng.int(0, Math.ceil(pupils * 0.1)),
        c: 0,
        d: 0,
        e: 0,
        f: 0,
      };
      const cluster = Math.floor(i / schoolsPerCluster);
      return {
        id: `${la.code}-${i}`,
        name: `${la.name} school ${i + 1}`,
        clusterId: `${la.code}-c${cluster}`,
        clusterName: `${la.name} cluster ${cluster + 1}`,
        factors: {
          pupils,
          fsmPercent: rng.int(5, 40),
          idaci,
          lowPriorAttainment: rng.int(0, Math.ceil(pupils * 0.2)),
          senSupport: rng.int(0, Math.ceil(pupils * 0.15)),
          ehcPlans: rng.int(1, Math.ceil(pupils * 0.04)),
          sparse: rng.next() < 0.1,
        },
        lastYearPence: null,
      };
    });
    const potPence = schools.reduce((s, x) => s + x.factors.pupils, 0) * 4_000;
    const last = allocate(potPence, schools, pupilsAndLumpSum);
    if (!last.ok) throw new Error(`${la.name}: ${last.problems[0]?.message}`);
    // Last year's pot was 3% smaller.
    const lastPot = Math.round(potPence * 0.97);
    const lastShares = splitByShares(
      lastPot,
      last.schools.map((s) => s.pence),
    );
    schools.forEach((s, i) => {
      s.lastYearPence = lastShares[i] ?? 0;
    });
    return { code: la.code, potPence, schools };
  });
}

const pupilsAndLumpSum: Formula = {
  method: 'schools',
  terms: [
    { factor: 'lumpSum', kind: 'perUnit', value: 500_000 },
    { factor: 'pupils', kind: 'weight', value: 100 },
  ],
  withinClusterTerms: null,
  schoolDamping: { floorPercent: null, capPercent: null },
  clusterDamping: { floorPercent: null, capPercent: null },
};

const needsLed = (method: Formula['method']): Formula => ({
  method,
  terms: [
    { factor: 'lumpSum', kind: 'perUnit', value: 300_000 },
    { factor: 'pupils', kind: 'weight', value: 30 },
    { factor: 'fsm', kind: 'weight', value: 15 },
    { factor: 'idaciA', kind: 'weight', value: 5 },
    { factor: 'idaciB', kind: 'weight', value: 5 },
    { factor: 'lowPriorAttainment', kind: 'weight', value: 15 },
    { factor: 'senSupport', kind: 'weight', value: 20 },
    { factor: 'ehcPlans', kind: 'weight', value: 10 },
  ],
  withinClusterTerms: null,
  schoolDamping: { floorPercent: -2, capPercent: 5 },
  clusterDamping: { floorPercent: -2, capPercent: 5 },
});

function timeRuns(work: () => void): { median: number; worst: number } {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: round(times[Math.floor(runs / 2)] ?? 0, 1), worst: round(times[runs - 1] ?? 0, 1) };
}

/** Target: the formula for all of England (24,000 schools, 153 LAs, about 3,000 clusters) under 200 ms. */
export async function fundingFormulaBench(): Promise<BenchOutcome> {
  const kind = databaseKind();
  const las = england();
  const schools = las.reduce((s, la) => s + la.schools.length, 0);
  const clusters = las.reduce((s, la) => s + new Set(la.schools.map((x) => x.clusterId)).size, 0);
  let refused = 0;
  let damped = 0;
  const run = (formula: Formula) => () => {
    refused = 0;
    damped = 0;
    for (const la of las) {
      const result = allocate(la.potPence, la.schools, formula);
      if (!result.ok) refused++;
      else damped += result.schools.filter((s) => s.damped).length;
    }
  };
  // The baseline: each LA's pot shared by pupils alone, by the same largest-remainder rounding.
  const baseline = timeRuns(() => {
    for (const la of las)
      splitByShares(
        la.potPence,
        la.schools.map((s) => s.factors.pupils),
      );
  });
  const perSchool = timeRuns(run(needsLed('schools')));
  const perSchoolDamped = damped;
  const perSchoolRefused = refused;
  const clustersFirst = timeRuns(run(needsLed('clustersFirst')));
  printTable(
    'cluster funding formula, all of England',
    ['run', 'LAs', 'schools', 'clusters', 'median ms', 'worst ms', 'held at floor or cap', 'refused'],
    [
      ['baseline: pro rata by pupils', las.length, schools, clusters, baseline.median, baseline.worst, 0, 0],
      [
        'needs-led, per school, damped',
        las.length,
        schools,
        clusters,
        perSchool.median,
        perSchool.worst,
        perSchoolDamped,
        perSchoolRefused,
      ],
      [
        'needs-led, clusters first, damped',
        las.length,
        schools,
        clusters,
        clustersFirst.median,
        clustersFirst.worst,
        damped,
        refused,
      ],
    ],
  );
  process.stdout.write(
    `written ${writeResult('funding-formula', environment(kind), { las: las.length, schools, clusters, runs, baseline, perSchool, clustersFirst, damped: { perSchool: perSchoolDamped, clustersFirst: damped } })}\n`,
  );
  const worst = Math.max(perSchool.worst, clustersFirst.worst);
  return {
    name: 'funding-formula',
    database: kind,
    targets: [
      {
        description: `formula for England (${schools.toLocaleString('en-GB')} schools, ${las.length} LAs, ${clusters.toLocaleString('en-GB')} clusters) < 200 ms`,
        met: worst < 200 && perSchoolRefused === 0 && refused === 0,
        measured: `worst of ${runs}: ${worst} ms (baseline ${baseline.worst} ms)`,
      },
    ],
  };
}
