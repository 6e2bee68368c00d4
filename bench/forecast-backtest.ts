import { ageBands } from '../src/modules/sufficiency/forecast/domain/ages.ts';
import {
  bandCount,
  bandModelSettings,
  expectedNewPlans,
  fitLaBands,
  forecastLaBands,
  type LaBandFit,
  type LaBandHistory,
  type PooledBandRates,
  poolBandRates,
} from '../src/modules/sufficiency/forecast/domain/bands.ts';
import { baselineForecast, baselineMethods } from '../src/modules/sufficiency/forecast/domain/baselines.ts';
import { keyOf } from '../src/modules/sufficiency/forecast/domain/random.ts';
import { coverage, wape } from '../src/modules/sufficiency/forecast/domain/stats.ts';
import { type LaBandFigures, readLaBandFigures } from './lib/dfe-ehc-plans.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  round,
  writeResult,
} from './lib/report.ts';

const origins = [2017, 2018, 2019, 2020];
const lastActual = 2022;
const simulations = 1000;
const seed = 2018;
const target = { origin: 2018, horizon: 4, wape: 10, coverageLow: 0.7, coverageHigh: 0.9, seconds: 60 };

/** Reorganisations behind the LAs the tables hold for only some years. */
const reorganisations: Record<string, string> = {
  '835':
    'Dorset County split, April 2019: Christchurch to Bournemouth, Christchurch and Poole, the rest to Dorset Council',
  '836': 'merged into Bournemouth, Christchurch and Poole, April 2019',
  '837': 'merged into Bournemouth, Christchurch and Poole, April 2019',
  '838': 'new in April 2019 (Dorset County less Christchurch)',
  '839': 'new in April 2019 (Bournemouth, Poole and Christchurch)',
  '928': 'split into North and West Northamptonshire, April 2021',
  '940': 'new in April 2021 (from Northamptonshire)',
  '941': 'new in April 2021 (from Northamptonshire)',
};

interface BacktestRow {
  method: string;
  level: 'la-total' | 'la-age';
  origin: number;
  horizon: number;
  /** Weighted absolute percentage error across LAs (and bands, for la-age), as a percentage. */
  wape: number | null;
  /** Share of actuals inside the 80% interval, 0 to 1; null for methods without intervals. */
  coverage80: number | null;
}

interface Kept {
  la: LaBandFigures;
  history: LaBandHistory;
}

const name = (la: LaBandFigures) => la.names[la.names.length - 1] ?? la.code;
const yearsOf = (la: LaBandFigures) => [...la.caseload.keys()].sort((a, b) => a - b);
const total = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/**
 * The LAs with every January's plans from `firstJanuary` to `last` and every year's new plans from
 * `firstNewPlans` to the year before `last`, and those left out with the reason.
 */
function chooseLas(
  las: Map<string, LaBandFigures>,
  firstJanuary: number,
  firstNewPlans: number,
  last: number,
) {
  const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const kept: Kept[] = [];
  const leftOut: { code: string; name: string; years: string; reason: string }[] = [];
  const renamed: { code: string; name: string; onsCodes: string[] }[] = [];
  for (const la of las.values()) {
    const years = yearsOf(la);
    const complete =
      span(firstJanuary, last).every((y) => la.caseload.get(y)?.every((x) => x !== null)) &&
      span(firstNewPlans, last - 1).every((y) => la.newPlans.get(y)?.every((x) => x !== null));
    if (!complete) {
      leftOut.push({
        code: la.code,
        name: name(la),
        years:
          years[0] === years[years.length - 1] ? `${years[0]}` : `${years[0]}–${years[years.length - 1]}`,
        reason: reorganisations[la.code] ?? 'figures missing for some of the years used',
      });
      continue;
    }
    if (la.onsCodes.length > 1) renamed.push({ code: la.code, name: name(la), onsCodes: la.onsCodes });
    kept.push({
      la,
      history: {
        caseload: new Map([...la.caseload].map(([y, c]) => [y, c as number[]])),
        newPlans: new Map([...la.newPlans].map(([y, c]) => [y, c as number[]])),
        requests: new Map([...la.requests].filter((e): e is [number, number] => e[1] !== null)),
      },
    });
  }
  leftOut.sort((a, b) => a.code.localeCompare(b.code));
  return { kept, leftOut, renamed };
}

interface Outcome {
  code: string;
  name: string;
  origin: number;
  horizon: number;
  actual: number;
  model: { median: number; p10: number; p90: number };
  /** The plans in force each January from the origin's to the year before this one: actual, then the model's medians. */
  januaries: number[];
  bands: { actual: number; median: number; p10: number; p90: number }[];
  baselines: Record<string, { total: number; bands: number[] }>;
}

/** Every LA forecast from every origin, with the actuals beside them. */
function runBacktest(
  kept: readonly Kept[],
  originsRun: readonly number[],
  lastYear: number,
): { outcomes: Outcome[]; pooled: Map<number, PooledBandRates>; fits: Map<string, LaBandFit> } {
  const outcomes: Outcome[] = [];
  const pooledByOrigin = new Map<number, PooledBandRates>();
  const fits = new Map<string, LaBandFit>();
  for (const origin of originsRun) {
    const horizon = Math.min(5, lastYear - origin);
    // The pooled rates see only what was published by the origin: cut every series there first.
    const cut = kept.map((k) => ({
      caseload: new Map([...k.history.caseload].filter(([y]) => y <= origin)),
      newPlans: new Map([...k.history.newPlans].filter(([y]) => y < origin)),
      requests: new Map([...(k.history.requests ?? [])].filter(([y]) => y < origin)),
    }));
    const pooled = poolBandRates(cut, origin);
    pooledByOrigin.set(origin, pooled);
    kept.forEach((k, i) => {
      const history = cut[i] as LaBandHistory;
      fits.set(`${origin}:${k.la.code}`, fitLaBands(history, pooled));
      const forecast = forecastLaBands(history, pooled, {
        horizon,
        simulations,
        seed: keyOf(seed, origin, Number(k.la.code)),
      });
      const totalSeries = new Map([...history.caseload].map(([y, c]) => [y, total(c)]));
      const bandSeries = Array.from(
        { length: bandCount },
        (_, b) => new Map([...history.caseload].map(([y, c]) => [y, c[b] as number])),
      );
      const baselines = Object.fromEntries(
        baselineMethods.map((m) => [
          m,
          {
            total: baselineForecast(m, totalSeries, origin, horizon) as number[],
            bands: bandSeries.map((s) => baselineForecast(m, s, origin, horizon) as number[]),
          },
        ]),
      );
      for (const year of forecast) {
        const actualBands = k.history.caseload.get(year.year) as number[];
        outcomes.push({
          code: k.la.code,
          name: name(k.la),
          origin,
          horizon: year.horizon,
          actual: total(actualBands),
          model: year.total,
          januaries: [
            total(history.caseload.get(origin) as number[]),
            ...forecast.slice(0, year.horizon - 1).map((y) => y.total.median),
          ],
          bands: year.byBand.map((b, i) => ({ actual: actualBands[i] as number, ...b })),
          baselines: Object.fromEntries(
            baselineMethods.map((m) => {
              const b = baselines[m] as { total: number[]; bands: number[][] };
              return [
                m,
                {
                  total: b.total[year.horizon - 1] as number,
                  bands: b.bands.map((series) => series[year.horizon - 1] as number),
                },
              ];
            }),
          ),
        });
      }
    });
  }
  return { outcomes, pooled: pooledByOrigin, fits };
}

/** WAPE and coverage for every method, level, origin and horizon. */
function backtestRows(outcomes: readonly Outcome[]): BacktestRow[] {
  const rows: BacktestRow[] = [];
  const cells = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const key = `${o.origin}:${o.horizon}`;
    cells.set(key, [...(cells.get(key) ?? []), o]);
  }
  for (const [key, list] of [...cells].sort()) {
    const [origin, horizon] = key.split(':').map(Number) as [number, number];
    rows.push(
      {
        method: 'model',
        level: 'la-total',
        origin,
        horizon,
        wape: wape(list.map((o) => ({ forecast: o.model.median, actual: o.actual }))),
        coverage80: coverage(list.map((o) => ({ actual: o.actual, ...o.model }))),
      },
      {
        method: 'model',
        level: 'la-age',
        origin,
        horizon,
        wape: wape(list.flatMap((o) => o.bands.map((b) => ({ forecast: b.median, actual: b.actual })))),
        coverage80: coverage(list.flatMap((o) => o.bands)),
      },
    );
    for (const m of baselineMethods) {
      rows.push(
        {
          method: m,
          level: 'la-total',
          origin,
          horizon,
          wape: wape(list.map((o) => ({ forecast: o.baselines[m]?.total ?? 0, actual: o.actual }))),
          coverage80: null,
        },
        {
          method: m,
          level: 'la-age',
          origin,
          horizon,
          wape: wape(
            list.flatMap((o) =>
              o.bands.map((b, i) => ({ forecast: o.baselines[m]?.bands[i] ?? 0, actual: b.actual })),
            ),
          ),
          coverage80: null,
        },
      );
    }
  }
  return rows;
}

const percent = (x: number | null, digits = 1) =>
  x === null
    ? '–'
    : x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const whole = (x: number) => Math.round(x).toLocaleString('en-GB');
const decimal = (x: number, digits: number) =>
  x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A one-line reason for a miss, from what happened after the origin (read only to explain it). */
function reasonFor(o: Outcome, la: LaBandFigures, fit: LaBandFit, pooled: PooledBandRates): string {
  const made = (from: number, to: number) => {
    let s = 0;
    for (let y = from; y <= to; y++) s += total((la.newPlans.get(y) ?? []).map((x) => x ?? 0));
    return s;
  };
  const actualNew = made(o.origin, o.origin + o.horizon - 1);
  const expected = expectedNewPlans(fit, pooled, o.januaries);
  const before = made(o.origin - 1, o.origin - 1);
  const after = made(o.origin + o.horizon - 1, o.origin + o.horizon - 1);
  const newGap = actualNew - expected;
  const stockGap = o.actual - o.model.median;
  const parts: string[] = [];
  if (Math.abs(newGap) > 0.5 * Math.abs(stockGap) && Math.sign(newGap) === Math.sign(stockGap)) {
    const ratio = before > 0 ? after / before : Number.NaN;
    const against = `${whole(actualNew)} made against ${whole(expected)} expected`;
    const years = `${whole(before)} in ${o.origin - 1}, ${whole(after)} in ${o.origin + o.horizon - 1}`;
    if (newGap > 0 && ratio >= 1.95) parts.push(`new plans doubled after the origin (${years}; ${against})`);
    else if (newGap > 0 && ratio >= 1.5)
      parts.push(`new plans rose ${percent(100 * (ratio - 1), 0)}% after the origin (${years}; ${against})`);
    else if (newGap < 0 && ratio <= 0.75)
      parts.push(`new plans fell after the origin (${years}; ${against})`);
    else parts.push(`new plans ${newGap > 0 ? 'above' : 'below'} what the model expected (${against})`);
  }
  const continuingGap = stockGap - newGap;
  if (Math.abs(continuingGap) > 0.5 * Math.abs(stockGap) && Math.sign(continuingGap) === Math.sign(stockGap))
    parts.push(
      continuingGap > 0
        ? `more plans went on than the rates expected (${whole(continuingGap)} more)`
        : `more plans ended than the rates expected (${whole(-continuingGap)} more)`,
    );
  return parts.length ? parts.join('; ') : 'new plans and plans ending both off a little, the same way';
}

export async function forecastBacktestBench(): Promise<BenchOutcome> {
  const kind = databaseKind();
  const env = environment(kind);
  const started = performance.now();
  const las = readLaBandFigures();
  const { kept, leftOut, renamed } = chooseLas(
    las,
    Math.min(...origins) - Math.max(bandModelSettings.transitions, bandModelSettings.rateYears),
    Math.min(...origins) - bandModelSettings.rateYears,
    lastActual,
  );
  const { outcomes, pooled, fits } = runBacktest(kept, origins, lastActual);
  const rows = backtestRows(outcomes);
  const seconds = (performance.now() - started) / 1000;

  const find = (method: string, level: string, origin: number, horizon: number) =>
    rows.find(
      (r) => r.method === method && r.level === level && r.origin === origin && r.horizon === horizon,
    );
  for (const level of ['la-total', 'la-age'] as const) {
    const table: (string | number)[][] = [];
    for (const origin of origins)
      for (let horizon = 1; horizon <= Math.min(5, lastActual - origin); horizon++) {
        const model = find('model', level, origin, horizon);
        table.push([
          `January ${origin}`,
          horizon,
          origin + horizon,
          percent(model?.wape ?? null),
          ...baselineMethods.map((m) => percent(find(m, level, origin, horizon)?.wape ?? null)),
          percent(
            model?.coverage80 === null || model?.coverage80 === undefined ? null : 100 * model.coverage80,
            0,
          ),
        ]);
      }
    printTable(
      `EHC plan forecasts, ${kept.length} LAs, ${level === 'la-total' ? 'LA totals' : 'LA by age band (5 bands)'}: WAPE %`,
      [
        'origin',
        'years ahead',
        'January',
        'model',
        'naive',
        'linear trend',
        'constant growth',
        'model in 80% interval %',
      ],
      table,
    );
  }

  const allCases = outcomes.map((o) => ({ actual: o.actual, ...o.model }));
  const overallCoverage = coverage(allCases);
  const cell = outcomes.filter((o) => o.origin === target.origin && o.horizon === target.horizon);
  const targetRow = find('model', 'la-total', target.origin, target.horizon);
  const best = Math.min(
    ...baselineMethods.map((m) => find(m, 'la-total', target.origin, target.horizon)?.wape ?? 100),
  );
  const worst = cell
    .map((o) => ({ o, error: o.model.median - o.actual }))
    .sort((a, b) => Math.abs(b.error) - Math.abs(a.error))
    .slice(0, 12)
    .map(({ o, error }) => ({
      code: o.code,
      name: o.name,
      actual: o.actual,
      forecast: o.model.median,
      p10: o.model.p10,
      p90: o.model.p90,
      errorPercent: round((100 * error) / o.actual, 1),
      inside: o.actual >= o.model.p10 && o.actual <= o.model.p90,
      reason: reasonFor(
        o,
        las.get(o.code) as LaBandFigures,
        fits.get(`${o.origin}:${o.code}`) as LaBandFit,
        pooled.get(o.origin) as PooledBandRates,
      ),
    }));
  printTable(
    `Largest misses, LA totals, January ${target.origin} to January ${target.origin + target.horizon} (what happened after the origin, read only to explain)`,
    ['LA', 'actual', 'forecast', '80% interval', 'error %', 'why'],
    worst.map((w) => [
      `${w.name} (${w.code})`,
      whole(w.actual),
      whole(w.forecast),
      `${whole(w.p10)}–${whole(w.p90)}`,
      `${w.errorPercent > 0 ? '+' : ''}${percent(w.errorPercent)}`,
      w.reason,
    ]),
  );
  const bias = [...ageBands.map((b, i) => ({ label: b.label, i })), { label: 'All ages', i: -1 }].map(
    ({ label, i }) => {
      const actual = total(cell.map((o) => (i < 0 ? o.actual : (o.bands[i]?.actual ?? 0))));
      const forecast = total(cell.map((o) => (i < 0 ? o.model.median : (o.bands[i]?.median ?? 0))));
      return { band: label, actual, forecast, errorPercent: round((100 * (forecast - actual)) / actual, 1) };
    },
  );
  printTable(
    `Over or under by age band, every LA together, January ${target.origin} to January ${target.origin + target.horizon}`,
    ['age band', 'actual', 'forecast (sum of medians)', 'error %'],
    bias.map((b) => [
      b.band,
      whole(b.actual),
      whole(b.forecast),
      `${b.errorPercent > 0 ? '+' : ''}${percent(b.errorPercent)}`,
    ]),
  );
  const byDirection = {
    over: cell.filter((o) => o.actual < o.model.p10).length,
    under: cell.filter((o) => o.actual > o.model.p90).length,
  };
  process.stdout.write(
    `\nJanuary ${target.origin + target.horizon}: ${byDirection.under} of ${cell.length} LAs above their 80% interval, ${byDirection.over} below it.\n`,
  );
  printTable(
    'Left out: boundaries changed',
    ['LA', 'in the tables', 'why'],
    leftOut.map((l) => [`${l.name} (${l.code})`, l.years, l.reason]),
  );
  printTable(
    'Kept: ONS code changed, boundary the same or all but',
    ['LA', 'ONS codes'],
    renamed.map((r) => [`${r.name} (${r.code})`, r.onsCodes.join(', ')]),
  );
  const pooledTarget = pooled.get(target.origin) as PooledBandRates;
  process.stdout.write(
    `\nPooled from ${pooledTarget.las} LAs for January ${target.origin}: under-5 ageing ${percent(100 * (pooledTarget.ageing[0] as number), 0)}%, continuation by band ${pooledTarget.continuation.map((c) => decimal(c, 3)).join(', ')}; new plans made in ${target.origin - 1} ${decimal(Math.exp(pooledTarget.newPlans.national[pooledTarget.newPlans.national.length - 1] as number), 3)} a plan in force that January (its log moving ±${decimal(pooledTarget.newPlans.nationalSd, 3)} a year), an LA's departure from that rate persisting ${decimal(pooledTarget.newPlans.persistence, 2)} a year and pulled ${decimal(pooledTarget.newPlans.pressure, 2)} of its log requests over new plans (less the nation's) the year before.\n`,
  );
  process.stdout.write(
    `Backtest of ${kept.length} LAs from ${origins.length} origins, ${simulations} simulations a forecast: ${seconds.toFixed(1)} s.\n`,
  );

  const file = writeResult('forecast-backtest', env, {
    rows,
    simulations,
    seconds: round(seconds, 2),
    las: kept.length,
    bands: ageBands.map((b) => b.label),
    coverageAllModelLaTotals: overallCoverage,
    target: {
      ...target,
      wape: targetRow?.wape ?? null,
      coverage80: targetRow?.coverage80 ?? null,
      bestBaseline: best,
    },
    worst,
    bias,
    byLa: cell
      .map((o) => ({
        code: o.code,
        name: o.name,
        actual: o.actual,
        forecast: o.model.median,
        p10: o.model.p10,
        p90: o.model.p90,
        errorPercent: round((100 * (o.model.median - o.actual)) / o.actual, 1),
      }))
      .sort((a, b) => a.errorPercent - b.errorPercent),
    leftOut,
    keptWithChangedOnsCode: renamed,
    pooled: Object.fromEntries(pooled),
  });
  process.stdout.write(`written ${file}\n`);

  const targetWape = targetRow?.wape ?? Number.POSITIVE_INFINITY;
  const targetCoverage = targetRow?.coverage80 ?? 0;
  return {
    name: 'forecast-backtest',
    database: kind,
    targets: [
      {
        description: `LA totals 4 years from January ${target.origin}: WAPE < ${target.wape}% (best simple baseline ${percent(best)}%)`,
        met: targetWape < target.wape,
        measured: `${percent(targetWape)}%`,
      },
      {
        description: `80% intervals hold 70–90% of actuals (LA totals, ${target.horizon} years from January ${target.origin})`,
        met: targetCoverage >= target.coverageLow && targetCoverage <= target.coverageHigh,
        measured: `${percent(100 * targetCoverage, 0)}% (all origins and horizons: ${percent(100 * (overallCoverage ?? 0), 0)}%)`,
      },
      {
        description: `backtest of ${kept.length} LAs from ${origins.length} origins < ${target.seconds} s`,
        met: seconds < target.seconds,
        measured: `${seconds.toFixed(1)} s`,
      },
    ],
  };
}
