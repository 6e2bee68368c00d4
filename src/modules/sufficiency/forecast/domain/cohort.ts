import { type SenType, senTypes } from '../../../../platform/kernel/sen2.ts';
import { type AgeBasis, ageKeyIndex, ageKeys, bandIndexOf, maxAge, minAge } from './ages.ts';
import { type ForecastProblem, refuseIfAny } from './errors.ts';
import { binomialQuantile, KeyedDraws, keyOf, poissonQuantile, RandomStream, uniformAt } from './random.ts';
import { type Interval, intervalOf } from './stats.ts';

/**
 * The person-level cohort (Markov) forecast of EHC plans from an LA's own records.
 *
 * The records are each child's snapshot in each January: age (see ages.ts), primary need and
 * setting group (any string: 'mainstream', 'srb', 'special' …). Between consecutive Januarys each
 * child either left (no record the next January) or went on in a setting group, the same or
 * another; a child with a record the next January and none the January before joined. Each year of
 * the forecast every child ages a year and stays, moves group or leaves at its state's rates, and
 * joiners arrive.
 *
 * Rates. A state is (age, need, group). Its chances of leaving and of each group next January are
 * estimated from the transitions the records hold, pooled towards coarser states where counts are
 * small: each level's rates are its own counts plus `poolingStrength` pseudo-counts of the level
 * above, from (age, need, group) to (age, group) to (age band, group) to group to every child. A
 * state with hundreds of transitions keeps its own rates; one with none takes its age and group's.
 * A child's need is carried as it was at the last January: the records' changes of need are not
 * forecast.
 *
 * Joiners. The number joining each year is a level and a damped trend on the log scale with a
 * passing departure each year, the form the DfE's LA tables show for new plans (bands.ts): a
 * year's departure from an LA's usual level keeps about a third of itself a year later. With only
 * two or three years of joiners the trend says little, so it is shrunk towards a prior trend (by
 * default the nation's, from those tables). Joiners are shared between (age, need, group) as the
 * records' joiners were, the shares themselves drawn from their Dirichlet posterior; a state no
 * joiner arrived in gets none.
 *
 * Uncertainty. Each simulation takes each state's rates from their Dirichlet posterior (one of
 * `rateDraws` draws made for the state), its own joiner level, trend and mix from theirs, a shock
 * to the rate of leaving each year, and the joiners' departures; then how many of a state's
 * children leave or move is a binomial draw and the joiners a Poisson number. Every draw is keyed
 * by the simulation, the year and the state or joiner (not by the order draws are taken), so a
 * scenario run with the same seed gives every state and joiner the random numbers it had in the
 * base run: the difference between them is the scenario's, not noise.
 */

/** A child's record in one January. */
export interface ChildJanuary {
  childId: string;
  /** The January, as its calendar year. */
  year: number;
  /** Whole years on 31 August before the January (see ages.ts). */
  age: number;
  need: SenType;
  /** The setting group, any key: 'mainstream', 'srb', 'special', 'independent', 'post16', 'other'. */
  group: string;
}

export interface CohortSettings {
  /** Pseudo-counts a state's rates take from the coarser state above it. */
  poolingStrength: number;
  /** The joiner trend's damping each year ahead. */
  damping: number;
  /** Prior for the yearly trend in log joiners, before the records are seen. */
  trendPrior: { mean: number; sd: number };
  /** How much of a year's departure from the usual number of joiners is left a year later. */
  joinerPersistence: number;
  /** Spread of the usual year's departure from the level, on the log scale. */
  joinerDepartureSd: number;
  /** Spread of the yearly shock to the rate of leaving, on the log scale. */
  leaveShockSd: number;
}

/**
 * Defaults. The joiner figures come from the DfE's LA tables of new plans (2010–2021, as the
 * backtest pools them): England's new plans grew by about 10% a year from 2017 to 2021 (a log
 * change of 0.097 a year), that growth varied by about 0.05 from year to year, and an LA's
 * departure from its usual share of them had a spread of about a quarter on the log scale, for LAs
 * of every size, and kept a third of itself a year on. The shock to the rate of leaving (a tenth,
 * year to year) is a judgement: the public tables cannot measure it, their year-to-year noise in
 * plans ending being mostly a matter of when plans were recorded.
 */
export const defaultCohortSettings: CohortSettings = {
  poolingStrength: 10,
  damping: 0.8,
  trendPrior: { mean: 0.097, sd: 0.05 },
  joinerPersistence: 0.33,
  joinerDepartureSd: 0.25,
  leaveShockSd: 0.1,
};

export interface CohortRunOptions {
  simulations: number;
  seed: number;
  /** Years ahead, 1 to 5 (default 5). */
  horizon?: number;
  /** Figures by age band (default) or single year of age. */
  ageBasis?: AgeBasis;
}

/** A change to the rates from a January on (flows into that January and later ones). */
export type ScenarioChange =
  /** A share of the joiners who would go to one group go to another instead. */
  | { kind: 'redirect-joiners'; from: string; to: string; share: number; fromYear: number }
  /** Joiners multiplied by a factor (0.9: a tenth fewer). */
  | { kind: 'joiner-volume'; factor: number; fromYear: number }
  /** The chance of leaving multiplied by a factor, for one group or (no group) for every child. */
  | { kind: 'leave-rate'; factor: number; fromYear: number; group?: string };

const needCount = senTypes.length;
const ageCount = maxAge - minAge + 1;
const needIndex = new Map<string, number>(senTypes.map((n, i) => [n, i]));
const bandOfAge = Array.from({ length: ageCount }, (_, a) => bandIndexOf(minAge + a));
const bandCountOf = 5;

/** What the records say, ready to simulate from. */
export interface CohortModel {
  /** The last January in the records: the forecast starts from it. */
  origin: number;
  januarys: number[];
  groups: string[];
  settings: CohortSettings;
  /** Children in the origin January, as state indices (see stateOf), sorted by child id. */
  start: Int32Array;
  /**
   * Per state, the Dirichlet parameters of its next January: index 0 leaving, 1 + g group g.
   * Own counts plus pseudo-counts of the pooled rates above it.
   */
  alphas: Float64Array;
  /** Transitions each state had in the records. */
  transitions: Float64Array;
  joiners: {
    /** Joiners in each January after the first, in order. */
    byYear: { year: number; count: number }[];
    /** The states joiners arrived in and how many did, over every year. */
    states: Int32Array;
    counts: Float64Array;
    /** log(joiners + ½) in the origin January as the level and trend have it, and its variance. */
    level: number;
    levelVariance: number;
    /** Posterior of the yearly trend in log joiners. */
    trend: number;
    trendVariance: number;
    /** How far the origin January's joiners were from the level. */
    departure: number;
  };
}

/** The state index of (age, need, group): age-major, so ageing a year adds needCount × groups. */
export function stateOf(age: number, need: number, group: number, groups: number): number {
  return ((age - minAge) * needCount + need) * groups + group;
}

const problemCap = 20;

function recordProblems(records: readonly ChildJanuary[]): ForecastProblem[] {
  const problems: ForecastProblem[] = [];
  const add = (p: ForecastProblem) => {
    if (problems.length < problemCap) problems.push(p);
  };
  const seen = new Set<string>();
  records.forEach((r, i) => {
    const at = `records.${i}`;
    if (typeof r.childId !== 'string' || r.childId.trim() === '')
      add({ code: 'missing-child', field: `${at}.childId`, message: `Record ${i + 1} has no child id` });
    if (!Number.isInteger(r.year) || r.year < 2000 || r.year > 2100)
      add({
        code: 'year-out-of-range',
        field: `${at}.year`,
        message: `Record ${i + 1} is for January ${String(r.year)}: give a year from 2000 to 2100`,
      });
    if (!Number.isInteger(r.age) || r.age < minAge || r.age > maxAge)
      add({
        code: 'age-out-of-range',
        field: `${at}.age`,
        message: `Record ${i + 1} gives age ${String(r.age)}: ages run from ${minAge} to ${maxAge} (on 31 August before the January)`,
      });
    if (!needIndex.has(r.need))
      add({
        code: 'unknown-need',
        field: `${at}.need`,
        message: `Record ${i + 1} has need "${String(r.need)}", which is not a SEN2 code (${senTypes.join(', ')})`,
      });
    if (typeof r.group !== 'string' || r.group.trim() === '')
      add({ code: 'missing-group', field: `${at}.group`, message: `Record ${i + 1} has no setting group` });
    const key = `${r.childId}\u0000${r.year}`;
    if (seen.has(key))
      add({
        code: 'child-twice-in-a-january',
        field: `${at}.childId`,
        message: `Child ${r.childId} has two records for January ${r.year}: give one record a child a January`,
      });
    seen.add(key);
  });
  if (problems.length) return problems;
  const years = [...new Set(records.map((r) => r.year))].sort((a, b) => a - b);
  if (years.length < 2)
    return [
      {
        code: 'too-few-januarys',
        field: 'records',
        message:
          years.length === 0
            ? 'There are no records: a forecast needs children in at least two consecutive Januarys'
            : `The records are all for January ${years[0]}: a forecast needs at least two consecutive Januarys, to see who stayed, moved and left`,
      },
    ];
  for (let i = 1; i < years.length; i++)
    if ((years[i] as number) !== (years[i - 1] as number) + 1)
      return [
        {
          code: 'januarys-not-consecutive',
          field: 'records',
          message: `The records jump from January ${years[i - 1]} to January ${years[i]}: give every January in between, so moves are seen a year at a time`,
        },
      ];
  return [];
}

function settingProblems(s: CohortSettings): ForecastProblem[] {
  const problems: ForecastProblem[] = [];
  const check = (ok: boolean, field: string, message: string) => {
    if (!ok) problems.push({ code: 'bad-setting', field: `settings.${field}`, message });
  };
  check(
    s.poolingStrength > 0 && Number.isFinite(s.poolingStrength),
    'poolingStrength',
    'Pooling strength must be above 0',
  );
  check(s.damping >= 0 && s.damping <= 1, 'damping', 'Damping must be from 0 to 1');
  check(Number.isFinite(s.trendPrior.mean), 'trendPrior.mean', 'The prior trend must be a number');
  check(
    s.trendPrior.sd > 0 && Number.isFinite(s.trendPrior.sd),
    'trendPrior.sd',
    'The prior trend’s spread must be above 0',
  );
  check(
    s.joinerPersistence >= 0 && s.joinerPersistence < 1,
    'joinerPersistence',
    'Persistence must be at least 0 and below 1',
  );
  check(
    s.joinerDepartureSd >= 0 && Number.isFinite(s.joinerDepartureSd),
    'joinerDepartureSd',
    'A spread must be 0 or more',
  );
  check(s.leaveShockSd >= 0 && Number.isFinite(s.leaveShockSd), 'leaveShockSd', 'A spread must be 0 or more');
  return problems;
}

/**
 * The model the records make: rates for every state and the joiners' number and mix. Refused,
 * with every problem named, when the records cannot make one (fewer than two Januarys, a gap
 * between Januarys, an unknown need, an age out of range, a child twice in a January).
 */
export function fitCohort(
  records: readonly ChildJanuary[],
  settings: Partial<CohortSettings> = {},
): CohortModel {
  const s: CohortSettings = { ...defaultCohortSettings, ...settings };
  refuseIfAny([...recordProblems(records), ...settingProblems(s)]);

  const januarys = [...new Set(records.map((r) => r.year))].sort((a, b) => a - b);
  const groups = [...new Set(records.map((r) => r.group))].sort();
  const groupIndex = new Map(groups.map((g, i) => [g, i]));
  const G = groups.length;
  const D = G + 1;
  const states = ageCount * needCount * G;
  const byYear = new Map<number, Map<string, number>>(januarys.map((y) => [y, new Map()]));
  for (const r of records)
    (byYear.get(r.year) as Map<string, number>).set(
      r.childId,
      stateOf(r.age, needIndex.get(r.need) as number, groupIndex.get(r.group) as number, G),
    );

  const transitions = new Float64Array(states * D);
  const joinerCounts = new Float64Array(states);
  const joinersByYear: { year: number; count: number }[] = [];
  for (let i = 1; i < januarys.length; i++) {
    const before = byYear.get(januarys[i - 1] as number) as Map<string, number>;
    const after = byYear.get(januarys[i] as number) as Map<string, number>;
    for (const [child, state] of before) {
      const next = after.get(child);
      const at = state * D + (next === undefined ? 0 : 1 + (next % G));
      transitions[at] = (transitions[at] as number) + 1;
    }
    let joined = 0;
    for (const [child, state] of after)
      if (!before.has(child)) {
        joinerCounts[state] = (joinerCounts[state] as number) + 1;
        joined++;
      }
    joinersByYear.push({ year: januarys[i] as number, count: joined });
  }

  const alphas = pooledAlphas(transitions, G, s.poolingStrength);
  const origin = januarys[januarys.length - 1] as number;
  const last = byYear.get(origin) as Map<string, number>;
  const start = Int32Array.from([...last.keys()].sort().map((child) => last.get(child) as number));
  const joinerStates: number[] = [];
  const joinerWeights: number[] = [];
  joinerCounts.forEach((c, state) => {
    if (c > 0) {
      joinerStates.push(state);
      joinerWeights.push(c);
    }
  });

  return {
    origin,
    januarys,
    groups,
    settings: s,
    start,
    alphas,
    transitions,
    joiners: {
      byYear: joinersByYear,
      states: Int32Array.from(joinerStates),
      counts: Float64Array.from(joinerWeights),
      ...joinerVolume(joinersByYear, s),
    },
  };
}

/**
 * Each state's Dirichlet parameters: its counts plus `strength` pseudo-counts of the rates one
 * level coarser, built from the top: every child (as leave, stay or move, moves shared as all
 * moves went), then group, (band, group), (age, group) and the state itself.
 */
function pooledAlphas(transitions: Float64Array, G: number, strength: number): Float64Array {
  const D = G + 1;
  const stride = needCount * G;
  let leaves = 0;
  let stays = 0;
  let all = 0;
  const arrivals = new Float64Array(G);
  const byGroup = new Float64Array(G * D);
  const byBand = new Float64Array(bandCountOf * G * D);
  const byAge = new Float64Array(ageCount * G * D);
  for (let a = 0; a < ageCount; a++)
    for (let n = 0; n < needCount; n++)
      for (let g = 0; g < G; g++) {
        const base = (a * stride + n * G + g) * D;
        for (let d = 0; d < D; d++) {
          const c = transitions[base + d] as number;
          if (c === 0) continue;
          all += c;
          if (d === 0) leaves += c;
          else if (d - 1 === g) stays += c;
          else arrivals[d - 1] = (arrivals[d - 1] as number) + c;
          byGroup[g * D + d] = (byGroup[g * D + d] as number) + c;
          const bi = (bandOfAge[a] as number) * G + g;
          byBand[bi * D + d] = (byBand[bi * D + d] as number) + c;
          byAge[(a * G + g) * D + d] = (byAge[(a * G + g) * D + d] as number) + c;
        }
      }
  const leaveRate = all > 0 ? leaves / all : 0.5;
  const stayRate = all > 0 ? stays / all : 0.5;
  const moveRate = Math.max(0, 1 - leaveRate - stayRate);
  const blend = (
    own: Float64Array,
    at: number,
    prior: Float64Array,
    priorAt: number,
    out: Float64Array,
    outAt: number,
  ) => {
    let n = 0;
    for (let d = 0; d < D; d++) n += own[at + d] as number;
    for (let d = 0; d < D; d++)
      out[outAt + d] = ((own[at + d] as number) + strength * (prior[priorAt + d] as number)) / (n + strength);
  };

  const groupRates = new Float64Array(G * D);
  const root = new Float64Array(D);
  for (let g = 0; g < G; g++) {
    root.fill(0);
    root[0] = leaveRate;
    root[1 + g] = stayRate;
    let elsewhere = 0;
    for (let h = 0; h < G; h++) if (h !== g) elsewhere += arrivals[h] as number;
    for (let h = 0; h < G; h++)
      if (h !== g) root[1 + h] = elsewhere > 0 ? (moveRate * (arrivals[h] as number)) / elsewhere : 0;
    if (elsewhere === 0) root[1 + g] = (root[1 + g] as number) + moveRate;
    blend(byGroup, g * D, root, 0, groupRates, g * D);
  }
  const bandRates = new Float64Array(bandCountOf * G * D);
  for (let b = 0; b < bandCountOf; b++)
    for (let g = 0; g < G; g++) blend(byBand, (b * G + g) * D, groupRates, g * D, bandRates, (b * G + g) * D);
  const ageRates = new Float64Array(ageCount * G * D);
  for (let a = 0; a < ageCount; a++)
    for (let g = 0; g < G; g++)
      blend(
        byAge,
        (a * G + g) * D,
        bandRates,
        ((bandOfAge[a] as number) * G + g) * D,
        ageRates,
        (a * G + g) * D,
      );

  const alphas = new Float64Array(transitions.length);
  for (let a = 0; a < ageCount; a++)
    for (let n = 0; n < needCount; n++)
      for (let g = 0; g < G; g++) {
        const base = (a * stride + n * G + g) * D;
        const prior = (a * G + g) * D;
        for (let d = 0; d < D; d++)
          alphas[base + d] = (transitions[base + d] as number) + strength * (ageRates[prior + d] as number);
      }
  return alphas;
}

/**
 * Level and trend of log joiners: a line through log(joiners + ½) with its slope shrunk towards
 * the prior trend (normal–normal), the level being the line at the origin. A year's departure
 * from the level is passing (persistence ρ, spread σ), so the slope from k years has variance
 * about σ²(1 + ρ)/(1 − ρ)/Sxx and the level σ²(1 + ρ)/(1 − ρ)/k.
 */
function joinerVolume(byYear: readonly { year: number; count: number }[], s: CohortSettings) {
  const points = byYear.map((p) => ({ x: p.year, y: Math.log(p.count + 0.5) }));
  const k = points.length;
  const mx = points.reduce((sum, p) => sum + p.x, 0) / k;
  const my = points.reduce((sum, p) => sum + p.y, 0) / k;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  const inflate = (1 + s.joinerPersistence) / (1 - s.joinerPersistence);
  const yearVar = s.joinerDepartureSd ** 2 * inflate;
  const priorVar = s.trendPrior.sd ** 2;
  let trend = s.trendPrior.mean;
  let trendVariance = priorVar;
  if (sxx > 0 && yearVar > 0) {
    const sampleVar = yearVar / sxx;
    const weight = priorVar / (priorVar + sampleVar);
    trend = s.trendPrior.mean + weight * (sxy / sxx - s.trendPrior.mean);
    trendVariance = weight * sampleVar;
  } else if (sxx > 0) {
    trend = sxy / sxx;
    trendVariance = 0;
  }
  const last = points[k - 1] as { x: number; y: number };
  const lean = last.x - mx;
  const level = my + trend * lean;
  return {
    level,
    levelVariance: yearVar / k + lean * lean * trendVariance,
    trend,
    trendVariance,
    departure: last.y - level,
  };
}

function runProblems(options: CohortRunOptions): ForecastProblem[] {
  const problems: ForecastProblem[] = [];
  if (!Number.isInteger(options.simulations) || options.simulations < 1 || options.simulations > 10_000)
    problems.push({
      code: 'simulations-out-of-range',
      field: 'simulations',
      message: `Ask for between 1 and 10,000 simulations, not ${String(options.simulations)}`,
    });
  const horizon = options.horizon ?? 5;
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 5)
    problems.push({
      code: 'horizon-out-of-range',
      field: 'horizon',
      message: `Forecast 1 to 5 years ahead, not ${String(horizon)}`,
    });
  if (!Number.isSafeInteger(options.seed))
    problems.push({ code: 'bad-seed', field: 'seed', message: 'The seed must be a whole number' });
  if (options.ageBasis !== undefined && options.ageBasis !== 'band' && options.ageBasis !== 'single')
    problems.push({
      code: 'bad-setting',
      field: 'ageBasis',
      message: 'Break ages down by band or single year',
    });
  return problems;
}

/** Problems with scenario changes against a model, for the scenario's own checks to add to. */
export function changeProblems(
  model: CohortModel,
  changes: readonly ScenarioChange[],
  horizon: number,
): ForecastProblem[] {
  const problems: ForecastProblem[] = [];
  const first = model.origin + 1;
  const lastYear = model.origin + horizon;
  const known = (group: string | undefined, at: string) => {
    if (group === undefined || model.groups.includes(group)) return true;
    problems.push({
      code: 'unknown-group',
      field: at,
      message: `There is no setting group "${group}" in the records: use one of ${model.groups.join(', ')}`,
    });
    return false;
  };
  changes.forEach((c, i) => {
    const at = `changes.${i}`;
    if (!Number.isInteger(c.fromYear) || c.fromYear < first || c.fromYear > lastYear)
      problems.push({
        code: 'year-out-of-range',
        field: `${at}.fromYear`,
        message: `A change must start in a forecast January, ${first} to ${lastYear}, not ${String(c.fromYear)}`,
      });
    if (c.kind === 'redirect-joiners') {
      if (!(typeof c.share === 'number' && c.share >= 0 && c.share <= 1))
        problems.push({
          code: 'bad-share',
          field: `${at}.share`,
          message: `A share of joiners to move must be from 0 to 1 (0% to 100%), not ${String(c.share)}`,
        });
      const fromKnown = known(c.from, `${at}.from`);
      const toKnown = known(c.to, `${at}.to`);
      if (fromKnown && toKnown && c.from === c.to)
        problems.push({
          code: 'same-group',
          field: `${at}.to`,
          message: `Joiners would move from ${c.from} to ${c.to}: choose two different groups`,
        });
    } else if (c.kind === 'joiner-volume' || c.kind === 'leave-rate') {
      if (!(typeof c.factor === 'number' && c.factor >= 0 && c.factor <= 10))
        problems.push({
          code: 'bad-factor',
          field: `${at}.factor`,
          message: `A factor must be from 0 to 10 (1 leaves the rate as it is), not ${String(c.factor)}`,
        });
      if (c.kind === 'leave-rate') known(c.group, `${at}.group`);
    } else {
      problems.push({
        code: 'bad-setting',
        field: `${at}.kind`,
        message: `Unknown kind of change "${String((c as { kind: unknown }).kind)}"`,
      });
    }
  });
  return problems;
}

/**
 * Every simulation's figures: `values[((run × horizon) + year − 1) × cells + cell]`, a cell being
 * (age key or all, need or all, group or all): see cellOf.
 */
export interface CohortRuns {
  origin: number;
  horizon: number;
  simulations: number;
  ageBasis: AgeBasis;
  ageKeys: string[];
  groups: string[];
  values: Int32Array;
  cells: number;
}

/** The cell of (age key index, need index, group index), each null for "all". */
export function cellOf(
  runs: CohortRuns,
  age: number | null,
  need: number | null,
  group: number | null,
): number {
  const A = runs.ageKeys.length;
  const G = runs.groups.length;
  return ((age ?? A) * (needCount + 1) + (need ?? needCount)) * (G + 1) + (group ?? G);
}

const purpose = {
  rates: 1,
  volume: 2,
  shocks: 3,
  mix: 4,
  fate: 5,
  count: 6,
  pick: 7,
  redirect: 8,
  choice: 9,
} as const;

/** A Walker alias table: O(1) picks from a fixed discrete distribution. */
function aliasTable(weights: Float64Array): { probability: Float64Array; alias: Int32Array } {
  const n = weights.length;
  const probability = new Float64Array(n);
  const alias = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i] as number;
  const scaled = new Float64Array(n);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < n; i++) {
    scaled[i] = total > 0 ? ((weights[i] as number) * n) / total : 1;
    ((scaled[i] as number) < 1 ? small : large).push(i);
  }
  while (small.length && large.length) {
    const s = small.pop() as number;
    const l = large.pop() as number;
    probability[s] = scaled[s] as number;
    alias[s] = l;
    scaled[l] = (scaled[l] as number) + (scaled[s] as number) - 1;
    ((scaled[l] as number) < 1 ? small : large).push(l);
  }
  for (const i of [...small, ...large]) {
    probability[i] = 1;
    alias[i] = i;
  }
  return { probability, alias };
}

/**
 * How many posterior draws of each state's rates are made. Each simulation takes one of them for
 * each state, chosen by a keyed random number: a state's draws are made once however many
 * simulations use them, which is what keeps 1,000 simulations quick, and 100 draws represent a
 * posterior as well as the simulations can show it.
 */
export const rateDraws = 100;

/** The posterior draws of every state's rates, each made the first time a simulation needs it. */
interface DrawnRates {
  /** Per state, the draw this simulation uses (state × rateDraws + k), or −1 not chosen yet. */
  chosen: Int32Array;
  chosenIn: Int32Array;
  made: Uint8Array;
  /** Per draw, the chance of leaving, and the cumulative chances of each group given going on. */
  leave: Float64Array;
  onward: Float64Array;
  scratch: Float64Array;
  draws: KeyedDraws;
}

function newDrawnRates(states: number, G: number): DrawnRates {
  return {
    chosen: new Int32Array(states),
    chosenIn: new Int32Array(states).fill(-1),
    made: new Uint8Array(states * rateDraws),
    leave: new Float64Array(states * rateDraws),
    onward: new Float64Array(states * rateDraws * G),
    scratch: new Float64Array(G + 1),
    draws: new KeyedDraws(),
  };
}

/** Chooses the state's draw for this simulation, making it if no simulation has needed it yet. */
function chooseRates(model: CohortModel, rates: DrawnRates, st: number, run: number, seed: number): number {
  const G = model.groups.length;
  const D = G + 1;
  const k = Math.floor(uniformAt(keyOf(purpose.choice, seed, run), st) * rateDraws);
  const at = st * rateDraws + k;
  rates.chosen[st] = at;
  rates.chosenIn[st] = run;
  if (rates.made[at]) return at;
  rates.made[at] = 1;
  // Keyed by the state and the draw, not taken in turn, so a state's rates do not depend on which
  // states the children happened to reach first, in this run or another.
  rates.draws.reseed(keyOf(purpose.rates, seed, st, k));
  rates.draws.dirichlet(model.alphas, rates.scratch, st * D, D);
  const p = rates.scratch[0] as number;
  rates.leave[at] = p;
  let cum = 0;
  for (let g = 0; g < G; g++) {
    cum += p < 1 ? (rates.scratch[1 + g] as number) / (1 - p) : 0;
    rates.onward[at * G + g] = cum;
  }
  rates.onward[at * G + G - 1] = 1;
  return at;
}

/**
 * Moves every state's children on a year: a binomial number leave (all those aged 25), the rest
 * age a year and are shared between groups by conditional binomials, their own group first. Adds
 * into `next`, which the caller has cleared.
 */
function advance(
  model: CohortModel,
  rates: DrawnRates,
  run: number,
  seed: number,
  fateKey: number,
  shock: number,
  leaveFactor: Float64Array,
  factorsAt: number,
  current: Int32Array,
  next: Int32Array,
): void {
  const G = model.groups.length;
  const stride = needCount * G;
  const lastAgeFrom = (maxAge - minAge) * stride;
  const { chosen, chosenIn, leave, onward } = rates;
  for (let st = 0; st < lastAgeFrom; st++) {
    const n = current[st] as number;
    if (n === 0) continue;
    const at = chosenIn[st] === run ? (chosen[st] as number) : chooseRates(model, rates, st, run, seed);
    const g = st % G;
    const p = Math.min(1, (leave[at] as number) * shock * (leaveFactor[factorsAt + g] as number));
    // Each state's draws are keyed by the state: uniform index st·(G + 1) + j for its j-th draw.
    const first = st * (G + 1);
    let left = n - binomialQuantile(uniformAt(fateKey, first), n, p);
    if (left === 0) continue;
    const row = at * G;
    const base = st + stride - g;
    const own = (onward[row + g] as number) - (g > 0 ? (onward[row + g - 1] as number) : 0);
    const stayed = binomialQuantile(uniformAt(fateKey, first + 1), left, own);
    next[base + g] = (next[base + g] as number) + stayed;
    left -= stayed;
    let mass = 1 - own;
    for (let to = 0; to < G && left > 0; to++) {
      if (to === g) continue;
      const q = (onward[row + to] as number) - (to > 0 ? (onward[row + to - 1] as number) : 0);
      const moved = mass > q ? binomialQuantile(uniformAt(fateKey, first + 2 + to), left, q / mass) : left;
      next[base + to] = (next[base + to] as number) + moved;
      left -= moved;
      mass -= q;
    }
    // Rounding can leave a child unplaced when the last groups' chances are all but 0: it stays.
    next[base + g] = (next[base + g] as number) + left;
  }
}

interface Redirect {
  from: number;
  to: number;
  share: number;
  fromY: number;
  index: number;
}

/** Adds a year's joiners into `next`, each picked by its own keyed draw and redirected if it must be. */
function addJoiners(
  model: CohortModel,
  mix: { probability: Float64Array; alias: Int32Array },
  redirects: readonly Redirect[],
  seed: number,
  run: number,
  y: number,
  joining: number,
  next: Int32Array,
): void {
  const G = model.groups.length;
  const states = model.joiners.states;
  const columns = mix.probability.length;
  const pickKey = keyOf(purpose.pick, seed, run, y);
  const redirectKeys = redirects.map((r) => keyOf(purpose.redirect, seed, run, y, r.index));
  for (let j = 0; j < joining; j++) {
    const u = uniformAt(pickKey, j) * columns;
    const column = Math.min(columns - 1, Math.floor(u));
    const chosen = u - column < (mix.probability[column] as number) ? column : (mix.alias[column] as number);
    let st = states[chosen] as number;
    for (let r = 0; r < redirects.length; r++) {
      const change = redirects[r] as Redirect;
      if (y < change.fromY || st % G !== change.from) continue;
      if (uniformAt(redirectKeys[r] as number, j) < change.share) st = st - change.from + change.to;
    }
    next[st] = (next[st] as number) + 1;
  }
}

/**
 * Simulates the model forward `horizon` Januarys, `simulations` times, with scenario changes if
 * any. The same model, seed and options give the same figures. With changes, every state and
 * every joiner gets the random numbers it had in the base run: states the changes do not reach
 * come out exactly the same, and the others move only as far as their counts changed, so the
 * difference is the scenario's, not noise.
 */
export function simulateCohort(
  model: CohortModel,
  options: CohortRunOptions,
  changes: readonly ScenarioChange[] = [],
): CohortRuns {
  const horizon = options.horizon ?? 5;
  refuseIfAny([...runProblems(options), ...changeProblems(model, changes, horizon)]);
  const { simulations, seed } = options;
  const ageBasis = options.ageBasis ?? 'band';
  const keys = ageKeys(ageBasis);
  const A = keys.length;
  const G = model.groups.length;
  const states = ageCount * needCount * G;
  const stride = needCount * G;
  const cells = (A + 1) * (needCount + 1) * (G + 1);
  const values = new Int32Array(simulations * horizon * cells);
  const runs: CohortRuns = {
    origin: model.origin,
    horizon,
    simulations,
    ageBasis,
    ageKeys: keys,
    groups: model.groups,
    values,
    cells,
  };
  const s = model.settings;

  // Each state's age key and need, looked up rather than divided out when counting.
  const stateAge = new Int32Array(states);
  const stateNeed = new Int32Array(states);
  for (let st = 0; st < states; st++) {
    stateAge[st] = ageKeyIndex(ageBasis, minAge + Math.floor(st / stride));
    stateNeed[st] = Math.floor(st / G) % needCount;
  }

  // Scenario changes as per-year arrays: index y − 1 is the flow into January origin + y.
  const leaveFactor = new Float64Array(horizon * G).fill(1);
  const volumeFactor = new Float64Array(horizon).fill(1);
  const redirects: Redirect[] = [];
  changes.forEach((c, index) => {
    const fromY = c.fromYear - model.origin;
    if (c.kind === 'redirect-joiners')
      redirects.push({
        from: model.groups.indexOf(c.from),
        to: model.groups.indexOf(c.to),
        share: c.share,
        fromY,
        index,
      });
    else if (c.kind === 'joiner-volume')
      for (let y = fromY; y <= horizon; y++) volumeFactor[y - 1] = (volumeFactor[y - 1] as number) * c.factor;
    else
      for (let y = fromY; y <= horizon; y++)
        for (let g = 0; g < G; g++)
          if (c.group === undefined || model.groups[g] === c.group)
            leaveFactor[(y - 1) * G + g] = (leaveFactor[(y - 1) * G + g] as number) * c.factor;
  });

  const rates = newDrawnRates(states, G);
  const { joiners } = model;
  const mixWeights = new Float64Array(joiners.states.length);
  const start = new Int32Array(states);
  for (const st of model.start) start[st] = (start[st] as number) + 1;
  let current = new Int32Array(states);
  let next = new Int32Array(states);
  const shocks = new Float64Array(horizon);
  const departures = new Float64Array(horizon);
  const innovation = s.joinerDepartureSd * Math.sqrt(1 - s.joinerPersistence ** 2);
  const stream = new RandomStream(purpose.volume, seed);

  for (let run = 0; run < simulations; run++) {
    stream.reseed(keyOf(purpose.volume, seed, run));
    // The origin's joiners are known: a different level means a different departure from it.
    const shift = Math.sqrt(joiners.levelVariance) * stream.normal();
    let level = joiners.level + shift;
    let trend = joiners.trend + Math.sqrt(joiners.trendVariance) * stream.normal();
    stream.reseed(keyOf(purpose.shocks, seed, run));
    let departure = joiners.departure - shift;
    for (let y = 0; y < horizon; y++) {
      shocks[y] = Math.exp(s.leaveShockSd * stream.normal());
      departure = s.joinerPersistence * departure + innovation * stream.normal();
      departures[y] = departure;
    }
    stream.reseed(keyOf(purpose.mix, seed, run));
    if (joiners.states.length) stream.dirichlet(joiners.counts, mixWeights);
    const mix = aliasTable(mixWeights);

    current.set(start);
    for (let y = 1; y <= horizon; y++) {
      next.fill(0);
      advance(
        model,
        rates,
        run,
        seed,
        keyOf(purpose.fate, seed, run, y),
        shocks[y - 1] as number,
        leaveFactor,
        (y - 1) * G,
        current,
        next,
      );
      trend *= s.damping;
      level += trend;
      const expected =
        Math.max(0, Math.exp(level + (departures[y - 1] as number)) - 0.5) * (volumeFactor[y - 1] as number);
      const joining = joiners.states.length
        ? poissonQuantile(uniformAt(keyOf(purpose.count, seed, run, y), 0), expected)
        : 0;
      addJoiners(model, mix, redirects, seed, run, y, joining, next);
      [current, next] = [next, current];
      tally(runs, run, y, current, stateAge, stateNeed, G);
    }
  }
  return runs;
}

/** Counts one simulated January's children into every cell. */
function tally(
  runs: CohortRuns,
  run: number,
  y: number,
  counts: Int32Array,
  stateAge: Int32Array,
  stateNeed: Int32Array,
  G: number,
): void {
  const { values, cells } = runs;
  const A = runs.ageKeys.length;
  const G1 = G + 1;
  const N1 = needCount + 1;
  const base = (run * runs.horizon + y - 1) * cells;
  for (let st = 0; st < counts.length; st++) {
    const c = counts[st] as number;
    if (c === 0) continue;
    const a = stateAge[st] as number;
    const n = stateNeed[st] as number;
    const g = st % G;
    // The four rows this state adds to: its own age and need, either one "all", and both.
    for (let r = 0; r < 4; r++) {
      const row = base + ((r < 2 ? a : A) * N1 + (r % 2 === 0 ? n : needCount)) * G1;
      values[row + g] = (values[row + g] as number) + c;
      values[row + G1 - 1] = (values[row + G1 - 1] as number) + c;
    }
  }
}

/** One figure of the forecast: a January and a cell, null meaning every age, need or group. */
export interface CohortForecastRow extends Interval {
  year: number;
  horizon: number;
  age: string | null;
  need: SenType | null;
  group: string | null;
}

/**
 * Median, 80% interval and mean of every cell with any children in any simulation, each January.
 * A total's interval is of the simulated totals, not a sum of its parts' percentiles.
 */
export function summariseCohort(runs: CohortRuns): CohortForecastRow[] {
  const rows: CohortForecastRow[] = [];
  const { values, cells, simulations, horizon, ageKeys: keys, groups } = runs;
  const A = keys.length;
  const G = groups.length;
  const column = new Int32Array(simulations);
  for (let y = 1; y <= horizon; y++)
    for (let a = 0; a <= A; a++)
      for (let n = 0; n <= needCount; n++)
        for (let g = 0; g <= G; g++) {
          const cell = (a * (needCount + 1) + n) * (G + 1) + g;
          let any = false;
          for (let run = 0; run < simulations; run++) {
            const v = values[(run * horizon + y - 1) * cells + cell] as number;
            column[run] = v;
            if (v !== 0) any = true;
          }
          if (!any && !(a === A && n === needCount && g === G)) continue;
          rows.push({
            year: runs.origin + y,
            horizon: y,
            age: a === A ? null : (keys[a] as string),
            need: n === needCount ? null : (senTypes[n] as SenType),
            group: g === G ? null : (groups[g] as string),
            ...intervalOf(column),
          });
        }
  return rows;
}

/** What the fitted model shows of itself, for a page to explain the forecast. */
export interface CohortFitSummary {
  januarys: number[];
  childrenAtOrigin: number;
  transitions: number;
  /** Each group's pooled chances of leaving and of staying over a year, from the records. */
  groups: { group: string; children: number; leave: number; stay: number; move: number }[];
  joinersByYear: { year: number; count: number }[];
  /** The yearly trend in joiners used (its mean, as a proportion: 0.05 is 5% a year) and its spread. */
  joinerTrend: { mean: number; sd: number };
}

export function summariseFit(model: CohortModel): CohortFitSummary {
  const G = model.groups.length;
  const D = G + 1;
  const perGroup = model.groups.map(() => ({ children: 0, leave: 0, stay: 0 }));
  let transitions = 0;
  for (let st = 0; st * D < model.transitions.length; st++) {
    const g = st % G;
    const row = perGroup[g] as { children: number; leave: number; stay: number };
    for (let d = 0; d < D; d++) {
      const c = model.transitions[st * D + d] as number;
      transitions += c;
      row.children += c;
      if (d === 0) row.leave += c;
      else if (d - 1 === g) row.stay += c;
    }
  }
  return {
    januarys: model.januarys,
    childrenAtOrigin: model.start.length,
    transitions,
    groups: model.groups.map((group, g) => {
      const r = perGroup[g] as { children: number; leave: number; stay: number };
      const n = r.children || 1;
      return {
        group,
        children: r.children,
        leave: r.leave / n,
        stay: r.stay / n,
        move: (r.children - r.leave - r.stay) / n,
      };
    }),
    joinersByYear: model.joiners.byYear,
    joinerTrend: { mean: Math.expm1(model.joiners.trend), sd: Math.sqrt(model.joiners.trendVariance) },
  };
}

export interface CohortForecast {
  origin: number;
  horizon: number;
  simulations: number;
  seed: number;
  ageBasis: AgeBasis;
  rows: CohortForecastRow[];
  fit: CohortFitSummary;
}

/** The forecast from records in one call: fit, simulate and summarise. */
export function forecastCohort(
  records: readonly ChildJanuary[],
  options: CohortRunOptions,
  settings: Partial<CohortSettings> = {},
): CohortForecast {
  refuseIfAny(runProblems(options));
  const model = fitCohort(records, settings);
  const runs = simulateCohort(model, options);
  return {
    origin: model.origin,
    horizon: runs.horizon,
    simulations: options.simulations,
    seed: options.seed,
    ageBasis: runs.ageBasis,
    rows: summariseCohort(runs),
    fit: summariseFit(model),
  };
}

/**
 * The deterministic projection: expected counts each January with every rate at its posterior
 * mean and joiners at their expected number, no draws. Totals by group (and overall, last) per
 * year ahead. Cheap, and the baseline a simulation's median is set beside.
 */
export function projectCohort(
  model: CohortModel,
  horizon = 5,
): { year: number; byGroup: number[]; total: number }[] {
  const G = model.groups.length;
  const D = G + 1;
  const states = ageCount * needCount * G;
  const stride = needCount * G;
  const lastAgeFrom = (maxAge - minAge) * stride;
  let counts = new Float64Array(states);
  for (const st of model.start) counts[st] = (counts[st] as number) + 1;
  let joinerTotal = 0;
  for (const c of model.joiners.counts) joinerTotal += c;
  const out: { year: number; byGroup: number[]; total: number }[] = [];
  let level = model.joiners.level;
  let trend = model.joiners.trend;
  let departure = model.joiners.departure;
  for (let y = 1; y <= horizon; y++) {
    const after = new Float64Array(states);
    for (let st = 0; st < lastAgeFrom; st++) {
      const n = counts[st] as number;
      if (n === 0) continue;
      let sum = 0;
      for (let d = 0; d < D; d++) sum += model.alphas[st * D + d] as number;
      const g = st % G;
      for (let to = 0; to < G; to++) {
        const at = st + stride - g + to;
        after[at] = (after[at] as number) + (n * (model.alphas[st * D + 1 + to] as number)) / sum;
      }
    }
    trend *= model.settings.damping;
    level += trend;
    departure *= model.settings.joinerPersistence;
    const expected = Math.max(0, Math.exp(level + departure) - 0.5);
    model.joiners.states.forEach((st, i) => {
      after[st] = (after[st] as number) + (expected * (model.joiners.counts[i] as number)) / joinerTotal;
    });
    counts = after;
    const byGroup = new Array<number>(G).fill(0);
    for (let st = 0; st < states; st++)
      byGroup[st % G] = (byGroup[st % G] as number) + (counts[st] as number);
    out.push({ year: model.origin + y, byGroup, total: byGroup.reduce((a, b) => a + b, 0) });
  }
  return out;
}
