import { ageBands } from './ages.ts';
import { type ForecastProblem, refuseIfAny } from './errors.ts';
import { RandomStream } from './random.ts';
import { type Interval, intervalOf } from './stats.ts';

/**
 * The forecast at the level the DfE's public LA tables allow: plans in force each January by age
 * band, and new plans each calendar year by age band, with no person-level moves. Each January,
 * the plans in a band either stay in it, move up a band, or end; the year's new plans join.
 *
 * 1. Ageing. A share a_b of a band's plans is in its oldest year of age and moves up if it goes on.
 *    For 5–10, 11–15, 16–19 and 20–25 that is one over the band's width in years (ages spread
 *    evenly); past 25 a plan ends. Under-5 plans are not spread evenly (most are 3 and 4), so a_0 is
 *    measured: the share of last January's under-5 plans not found under 5 this January once the
 *    year's under-5 new plans are taken off, pooled over every LA, taking under-5 plans as not ending.
 * 2. Going on. For band b, the continuing plans Y_b = N_b(t+1) − J_b(t) over the plans that could
 *    be there, (1 − a_b)·N_b(t) + a_{b−1}·N_{b−1}(t), pooled over every LA and the last two
 *    transitions, is the national continuation rate c_b. It can pass 1 where plans arrive by other
 *    ways than new plans (moves between LAs, the 2014 reforms' conversions), which the model keeps.
 * 3. Each LA's own level. An LA's continuing plans over what the national rates give are its
 *    multiplier m; its log is shrunk towards 0 by empirical Bayes: in the DfE's tables an LA's
 *    ratio one year barely predicts the next (the correlation between consecutive years is about
 *    0), so most of an LA's deviation is noise and it gets little weight.
 * 4. New plans as a rate. A year's new plans are a rate on the plans in force that January, so an
 *    LA's joiners grow with its own caseload: across LAs, the caseload at the origin foretold an
 *    LA's share of the next four years' new plans better than its own last one, two or three years'
 *    shares did, from the origins 2013 and 2014 (whose four years were all known by January 2018)
 *    as from every later one. The national rate carries on at its last value, as a random walk
 *    whose yearly step is as large as the rate moved a year in the window. It has no trend: from
 *    2010 to 2015 it stood at about 0.12 a plan in force, then stepped up once with the 2014
 *    reforms to about 0.145, a level shift rather than a trend to carry on; the joiners still
 *    grow, with the plans they are a rate on. An LA's log rate over the national one is pulled
 *    back towards it each year by the persistence ρ, the regression of each LA's departure on its
 *    departure the year before, pooled over every LA in the window (about 0.4): partial pooling,
 *    with the weight an LA's own past gets measured rather than chosen.
 *    Requests lead new plans (an assessment asked for late one year ends in a plan the next, and an
 *    LA asked for many against the plans it makes is under pressure to make more), so where the
 *    tables give an LA's initial requests (from 2016), its pressure, log requests over new plans
 *    less the nation's, adds γ·pressure to its departure each year: γ is the regression of what is
 *    left of each departure, once the persistence has taken its part, on the pressure the year
 *    before, pooled over every LA in the window. Held at the last year's pressure, the departure
 *    settles at γ·pressure / (1 − ρ) rather than fading to 0. With no requests, γ is 0.
 *    New plans are shared between bands as the LA's last three years were, pulled a little
 *    towards the national shares.
 *
 * The 80% intervals come from simulating, in each run: the LA's multiplier drawn from its
 * posterior; a national shift of the continuation rate, as large as it moved in the window; each
 * year a shock to continuation, to the national new-plan rate and to the LA's departure from it
 * (net of its pressure's pull), with sizes measured across all LAs in the window; and binomial and
 * Poisson draws of the plans themselves. The two shocks to an LA each year are sized to match the 10th and 90th percentiles of
 * their pooled measurements rather than their variance, which a few wild LAs inflate; each has the
 * binomial or Poisson noise the simulation draws apart taken off, and the continuation shock is
 * measured net of the nation's move, which is drawn once a run. Everything is estimated from
 * Januarys up to the origin and new plans made before it: nothing later is read.
 */

export const bandCount = ageBands.length;

/** The numbers the model fixes rather than estimates, with the reason for each. */
export const bandModelSettings = {
  /**
   * Transitions (pairs of consecutive Januarys) the rates come from. Chosen on the 2017 origin
   * only: three reach back to 2014–15, when the 20–25 band had barely begun, and gave 17% WAPE at
   * four years against 12% with two; one leaves no year-to-year spread to measure.
   */
  transitions: 2,
  /**
   * Calendar years of new plans the rates and an LA's departures are measured over: the tables'
   * Januarys begin in 2010, so seven is all the first origin, 2017, has; every origin uses seven.
   */
  rateYears: 7,
  /** Pseudo-counts of the national shares added to an LA's own new plans by band. */
  bandSharePrior: 20,
} as const;

/** Share of each band's plans in its oldest year of age, were ages spread evenly. */
const evenAgeing = ageBands.map((b) => 1 / (b.to - b.from + 1));

/** One LA's series, each a count per band in ageBands' order. */
export interface LaBandHistory {
  /** Plans in force each January. */
  caseload: ReadonlyMap<number, readonly number[]>;
  /** New plans made in each calendar year: those of year y are first counted in January y + 1. */
  newPlans: ReadonlyMap<number, readonly number[]>;
  /** Initial requests for an EHC needs assessment made in each calendar year, where known. */
  requests?: ReadonlyMap<number, number>;
}

/** What every LA together says, for one origin. */
export interface PooledBandRates {
  origin: number;
  /** How many LAs had the whole window and so went into these figures. */
  las: number;
  /** Share of each band's plans that moves up a band (or, from 20–25, ends) each year if it goes on. */
  ageing: number[];
  /** National continuation rates by band. */
  continuation: number[];
  /** Log continuation: how LAs' own levels and one LA's years spread, and the shocks' sizes. */
  retention: {
    /** Spread of LAs' own levels, net of the year-to-year spread. */
    laSd: number;
    /** Spread of one LA's years about its level, as measured: what its own mean is weighed by. */
    withinSd: number;
    /** The yearly shock, net of the nation's move and of the binomial noise drawn apart. */
    yearSd: number;
    /** The nation's shift, drawn once a run. */
    nationalSd: number;
  };
  newPlans: {
    /**
     * log of the nation's new plans per plan in force that January, in each of the rate years up to
     * the one before the origin.
     */
    national: number[];
    /** How much the national log rate moved a year in the window: the step of its random walk. */
    nationalSd: number;
    /** How much of an LA's log departure from the national rate is left a year later. */
    persistence: number;
    /** Size of the yearly shock to an LA's departure, net of the Poisson noise drawn apart. */
    shockSd: number;
    /**
     * How much of an LA's pressure (log requests over new plans, less the nation's) one year is
     * added to its departure the next: 0 where no year before the origin has both.
     */
    pressure: number;
    /** log of the nation's requests over new plans, in the rate years (NaN where none are known). */
    nationalPressure: number[];
  };
  /** National shares of new plans by band over the last three years. */
  bandShares: number[];
}

const sumOf = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
const mean = (xs: readonly number[]) => (xs.length ? sumOf(xs) / xs.length : 0);
const variance = (xs: readonly number[]) => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
};

/** The standard normal's 90th percentile. */
const z90 = 1.2815515655446004;

/**
 * The standard deviation of the normal whose 10th and 90th percentiles are as far apart as those
 * of `xs` (each interpolated between ranks). The shocks pooled across LAs have heavy tails — a few
 * LAs swung hard through the 2014 reforms' conversions — so a normal with their variance has a far
 * wider middle 80% than they do; matched at the percentiles the 80% intervals are read at, it has
 * the same. Meant for the hundreds of shocks pooled across LAs: of a handful of values, sample
 * percentiles understate a spread.
 */
export function percentileSpread(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (p: number) => {
    const rank = p * (sorted.length - 1);
    const below = Math.floor(rank);
    const low = sorted[below] as number;
    return low + (rank - below) * ((sorted[Math.min(below + 1, sorted.length - 1)] as number) - low);
  };
  return (at(0.9) - at(0.1)) / (2 * z90);
}

function counts(series: ReadonlyMap<number, readonly number[]>, year: number): readonly number[] | null {
  const c = series.get(year);
  if (!c || c.length !== bandCount) return null;
  for (const x of c) if (!(Number.isFinite(x) && x >= 0)) return null;
  return c;
}

/** The transitions t → t + 1 in the window that the LA has every figure for. */
function transitionYears(history: LaBandHistory, origin: number): number[] {
  const years: number[] = [];
  for (let t = origin - bandModelSettings.transitions; t < origin; t++)
    if (counts(history.caseload, t) && counts(history.caseload, t + 1) && counts(history.newPlans, t))
      years.push(t);
  return years;
}

function rateYears(history: LaBandHistory, origin: number): number[] {
  const years: number[] = [];
  for (let y = origin - bandModelSettings.rateYears; y < origin; y++)
    if (counts(history.newPlans, y) && counts(history.caseload, y)) years.push(y);
  return years;
}

const newIn = (history: LaBandHistory, year: number) => sumOf(counts(history.newPlans, year) as number[]);
const inForce = (history: LaBandHistory, year: number) => sumOf(counts(history.caseload, year) as number[]);
/** log of an LA's new plans per plan in force; half a plan each side keeps a year with none finite. */
const logRate = (history: LaBandHistory, year: number) =>
  Math.log((newIn(history, year) + 0.5) / (inForce(history, year) + 0.5));
/** log of an LA's requests over its new plans in a year, half a plan each side; undefined unknown. */
const logPressure = (history: LaBandHistory, year: number) => {
  const requests = history.requests?.get(year);
  return requests === undefined ? undefined : Math.log((requests + 0.5) / (newIn(history, year) + 0.5));
};
/** The Poisson part of log new plans' variance: about 1 / J (with J + 1 so that none is finite). */
const poissonVar = (history: LaBandHistory, year: number) => 1 / (newIn(history, year) + 1);

/** The new plans expected in a year with `plans` in force that January, at log rate `logRateOfYear`. */
const joinersAt = (logRateOfYear: number, plans: number) =>
  Math.max(0, Math.exp(logRateOfYear) * (plans + 0.5) - 0.5);

/** The plans that could be in each band a January on, given last January's, before continuation. */
function couldBe(previous: readonly number[], ageing: readonly number[]): number[] {
  return previous.map(
    (n, b) =>
      (1 - (ageing[b] as number)) * n + (b > 0 ? (ageing[b - 1] as number) * (previous[b - 1] as number) : 0),
  );
}

/** Continuing plans each band had in the transition from t, and what national rates would give. */
function continuing(history: LaBandHistory, t: number) {
  const before = counts(history.caseload, t) as readonly number[];
  const after = counts(history.caseload, t + 1) as readonly number[];
  const joined = counts(history.newPlans, t) as readonly number[];
  return { before, kept: after.map((n, b) => n - (joined[b] as number)) };
}

/**
 * The national rates and shock sizes for an origin, from every LA with the whole window (the last
 * two transitions, and the seven years before the origin's plans in force and new plans).
 */
export function poolBandRates(histories: readonly LaBandHistory[], origin: number): PooledBandRates {
  const full = histories.filter(
    (h) =>
      transitionYears(h, origin).length === bandModelSettings.transitions &&
      rateYears(h, origin).length === bandModelSettings.rateYears,
  );
  refuseIfAny(
    full.length < 2
      ? [
          {
            code: 'missing-figures',
            field: 'histories',
            message: `Fewer than two LAs have every January's plans from ${origin - bandModelSettings.transitions} to ${origin} and new plans from ${origin - bandModelSettings.rateYears}, so there is nothing to pool`,
          },
        ]
      : [],
  );
  const window = Array.from(
    { length: bandModelSettings.transitions },
    (_, i) => origin - bandModelSettings.transitions + i,
  );

  let underFiveKept = 0;
  let underFiveBefore = 0;
  for (const h of full)
    for (const t of window) {
      const { before, kept } = continuing(h, t);
      underFiveKept += kept[0] as number;
      underFiveBefore += before[0] as number;
    }
  const ageing = evenAgeing.slice();
  ageing[0] =
    underFiveBefore > 0
      ? Math.min(1, Math.max(0, 1 - underFiveKept / underFiveBefore))
      : (evenAgeing[0] as number);

  const keptByBand = new Array<number>(bandCount).fill(0);
  const couldByBand = new Array<number>(bandCount).fill(0);
  for (const h of full)
    for (const t of window) {
      const { before, kept } = continuing(h, t);
      const could = couldBe(before, ageing);
      for (let b = 0; b < bandCount; b++) {
        keptByBand[b] = (keptByBand[b] as number) + (kept[b] as number);
        couldByBand[b] = (couldByBand[b] as number) + (could[b] as number);
      }
    }
  const continuation = keptByBand.map((k, b) =>
    (couldByBand[b] as number) > 0 ? k / (couldByBand[b] as number) : 0,
  );

  const national = window.map((t) => {
    let kept = 0;
    let expected = 0;
    for (const h of full) {
      const c = continuing(h, t);
      kept += sumOf(c.kept);
      expected += sumOf(couldBe(c.before, ageing).map((x, b) => x * (continuation[b] as number)));
    }
    return Math.log(kept / expected);
  });

  // Each LA's log multiplier by year (its continuing plans over what the national rates give) net
  // of that year's national one: a run draws the nation's move once, as its shift, so left in here
  // it would be drawn again every year.
  const multipliers = full.map((h) =>
    window.map((t, i) => logMultiplier(h, t, ageing, continuation) - (national[i] as number)),
  );
  // Deviations from an LA's own mean, scaled up for the mean having been fitted to them.
  const unbias = Math.sqrt(window.length / (window.length - 1));
  const deviations = multipliers.flatMap((ms) => {
    const m = mean(ms);
    return ms.map((x) => (x - m) * unbias);
  });
  // The shrinkage weighs variances, as the error of a mean is set by them; the shock is matched at
  // the percentiles instead. The binomial and Poisson draws of the plans are simulated on their
  // own, so their part of the measured spread is taken off the shock rather than drawn twice.
  const withinVar = mean(deviations.map((x) => x * x));
  const laVar = Math.max(0, variance(multipliers.map(mean)) - withinVar / window.length);
  const sampling = mean(full.flatMap((h) => window.map((t) => samplingVar(h, t, ageing, continuation))));
  const yearVar = Math.max(0, percentileSpread(deviations) ** 2 - sampling);

  // New plans: the nation's rate per plan in force each year, and each LA's log rate over it.
  const years = Array.from(
    { length: bandModelSettings.rateYears },
    (_, i) => origin - bandModelSettings.rateYears + i,
  );
  const nationalLog = years.map((y) =>
    Math.log(sumOf(full.map((h) => newIn(h, y))) / sumOf(full.map((h) => inForce(h, y)))),
  );
  const nationalChanges = nationalLog.slice(1).map((v, i) => v - (nationalLog[i] as number));
  const departures = full.map((h) => years.map((y, i) => logRate(h, y) - (nationalLog[i] as number)));
  let lagged = 0;
  let squares = 0;
  for (const d of departures)
    for (let i = 1; i < d.length; i++) {
      lagged += (d[i] as number) * (d[i - 1] as number);
      squares += (d[i - 1] as number) ** 2;
    }
  // Below 0 an LA's departure would flip sign each year, above 1 it would grow; only degenerate
  // figures (the same every year, say) reach either end.
  const persistence = squares > 0 ? Math.min(1, Math.max(0, lagged / squares)) : 0;
  // Requests lead new plans: an LA asked for many assessments against the plans it made is
  // expected to make more. The pull is measured as what is left of each departure, once the
  // persistence has taken its part of the year before's, over the LA's pressure the year before.
  const nationalPressure = years.map((y) => {
    const known = full.filter((h) => h.requests?.get(y) !== undefined);
    return known.length
      ? Math.log(sumOf(known.map((h) => h.requests?.get(y) as number)) / sumOf(known.map((h) => newIn(h, y))))
      : Number.NaN;
  });
  const pressureOf = (h: LaBandHistory, i: number) => {
    const own = logPressure(h, years[i] as number);
    const n = nationalPressure[i] as number;
    return own === undefined || Number.isNaN(n) ? undefined : own - n;
  };
  let pulled = 0;
  let pressures = 0;
  full.forEach((h, k) => {
    const d = departures[k] as number[];
    for (let i = 1; i < d.length; i++) {
      const p = pressureOf(h, i - 1);
      if (p === undefined) continue;
      pulled += ((d[i] as number) - persistence * (d[i - 1] as number)) * p;
      pressures += p * p;
    }
  });
  const pressure = pressures > 0 ? pulled / pressures : 0;
  const poisson = mean(full.flatMap((h) => years.map((y) => poissonVar(h, y))));
  // A year's departure less what persisted from the year before, and less the pull of the year
  // before's pressure, is the shock, plus the Poisson noise of that year's count and ρ times the
  // year before's; the simulation draws the Poisson noise itself, so only the rest is the shock.
  const innovations = departures.flatMap((d, k) =>
    d
      .slice(1)
      .map(
        (x, i) =>
          x - persistence * (d[i] as number) - pressure * (pressureOf(full[k] as LaBandHistory, i) ?? 0),
      ),
  );
  const shockVar = Math.max(0, percentileSpread(innovations) ** 2 - (1 + persistence ** 2) * poisson);

  const bandShareYears = years.slice(-3);
  const bandTotals = new Array<number>(bandCount).fill(0);
  for (const h of full)
    for (const y of bandShareYears) {
      const c = counts(h.newPlans, y) as readonly number[];
      for (let b = 0; b < bandCount; b++) bandTotals[b] = (bandTotals[b] as number) + (c[b] as number);
    }
  const allNew = sumOf(bandTotals);

  return {
    origin,
    las: full.length,
    ageing,
    continuation,
    retention: {
      laSd: Math.sqrt(laVar),
      withinSd: Math.sqrt(withinVar),
      yearSd: Math.sqrt(yearVar),
      nationalSd: Math.sqrt(variance(national)),
    },
    newPlans: {
      national: nationalLog,
      nationalSd: Math.sqrt(variance(nationalChanges)),
      persistence,
      shockSd: Math.sqrt(shockVar),
      pressure,
      nationalPressure,
    },
    bandShares: bandTotals.map((x) => (allNew > 0 ? x / allNew : 1 / bandCount)),
  };
}

function logMultiplier(
  h: LaBandHistory,
  t: number,
  ageing: readonly number[],
  continuation: readonly number[],
): number {
  const { before, kept } = continuing(h, t);
  const expected = sumOf(couldBe(before, ageing).map((x, b) => x * (continuation[b] as number)));
  const k = sumOf(kept);
  // Half a plan each side keeps a tiny LA with no plans one year finite.
  return Math.log((Math.max(0, k) + 0.5) / (expected + 0.5));
}

/**
 * The variance the simulation's own draws give an LA's log multiplier in the transition from t, by
 * the delta method: a band's plans go on with probability g (staying or moving up), binomially,
 * or where g passes 1 all go on and n·(g − 1) more arrive, a Poisson number.
 */
export function samplingVar(
  h: LaBandHistory,
  t: number,
  ageing: readonly number[],
  continuation: readonly number[],
): number {
  const before = counts(h.caseload, t) as readonly number[];
  let expected = 0;
  let spread = 0;
  for (let b = 0; b < bandCount; b++) {
    const n = before[b] as number;
    const a = ageing[b] as number;
    const g =
      (1 - a) * (continuation[b] as number) + (b + 1 < bandCount ? a * (continuation[b + 1] as number) : 0);
    expected += n * g;
    spread += g <= 1 ? n * g * (1 - g) : n * (g - 1);
  }
  return spread / (expected + 0.5) ** 2;
}

/** One LA's estimates: each a mean with the variance of its posterior. */
export interface LaBandFit {
  origin: number;
  start: number[];
  multiplier: { mean: number; variance: number };
  /**
   * How far the LA's log rate of new plans is expected to be from the national rate in the year
   * before the origin: its last measured departure, faded for any years missing since.
   */
  newPlanDeparture: number;
  /** The LA's pressure in the last year with requests and new plans known, or 0. */
  pressure: number;
  /** Dirichlet parameters of the share of new plans in each band. */
  bandShareAlphas: number[];
}

/**
 * One LA's rates for an origin, shrunk towards the pooled ones. Refused when the LA has fewer than
 * two Januarys up to the origin or no year in the seven before it with both its plans in force and
 * its new plans.
 */
export function fitLaBands(history: LaBandHistory, pooled: PooledBandRates): LaBandFit {
  const origin = pooled.origin;
  const problems: ForecastProblem[] = [];
  const start = counts(history.caseload, origin);
  const transitions = transitionYears(history, origin);
  if (!start || transitions.length === 0)
    problems.push({
      code: 'too-few-januarys',
      field: 'caseload',
      message: `A forecast needs the plans in force in at least two consecutive Januarys up to January ${origin}, with the new plans made between them`,
    });
  const planYears = rateYears(history, origin);
  if (planYears.length === 0)
    problems.push({
      code: 'missing-figures',
      field: 'newPlans',
      message: `A forecast needs the plans in force one January and the new plans made that year, in at least one of the ${bandModelSettings.rateYears} years before January ${origin}`,
    });
  refuseIfAny(problems);

  const { retention } = pooled;
  const logs = transitions.map((t) => logMultiplier(history, t, pooled.ageing, pooled.continuation));
  const multiplier = shrink(mean(logs), 0, retention.laSd ** 2, retention.withinSd ** 2 / logs.length);

  const { national, persistence } = pooled.newPlans;
  const lastYear = planYears[planYears.length - 1] as number;
  const lastDeparture =
    logRate(history, lastYear) - (national[lastYear - (origin - bandModelSettings.rateYears)] as number);
  const own = new Array<number>(bandCount).fill(0);
  for (const y of planYears.slice(-3)) {
    const c = counts(history.newPlans, y) as readonly number[];
    for (let b = 0; b < bandCount; b++) own[b] = (own[b] as number) + (c[b] as number);
  }
  const pressureYear = planYears.filter((y) => logPressure(history, y) !== undefined).pop();
  const ownPressure =
    pressureYear === undefined
      ? 0
      : (logPressure(history, pressureYear) as number) -
        (pooled.newPlans.nationalPressure[pressureYear - (origin - bandModelSettings.rateYears)] as number);
  return {
    origin,
    start: [...(start as readonly number[])],
    multiplier,
    pressure: Number.isNaN(ownPressure) ? 0 : ownPressure,
    newPlanDeparture: lastDeparture * persistence ** (origin - 1 - lastYear),
    bandShareAlphas: own.map(
      (x, b) => x + bandModelSettings.bandSharePrior * (pooled.bandShares[b] as number),
    ),
  };
}

/**
 * The new plans the model expects an LA to make in the years from the origin on, given the plans
 * in force each January from the origin's (`januaries[0]`) on: the national rate held, the LA's
 * departure fading by the persistence each year, and no shocks.
 */
export function expectedNewPlans(
  fit: LaBandFit,
  pooled: PooledBandRates,
  januaries: readonly number[],
): number {
  const { national, persistence } = pooled.newPlans;
  const rate = national[national.length - 1] as number;
  let departure = fit.newPlanDeparture;
  let sum = 0;
  const pull = pooled.newPlans.pressure * fit.pressure;
  for (const plans of januaries) {
    departure = persistence * departure + pull;
    sum += joinersAt(rate + departure, plans);
  }
  return sum;
}

/** Normal–normal shrinkage of an estimate towards a prior mean: the posterior mean and variance. */
function shrink(estimate: number, priorMean: number, priorVar: number, sampleVar: number) {
  if (priorVar <= 0) return { mean: priorMean, variance: 0 };
  if (sampleVar <= 0) return { mean: estimate, variance: 0 };
  const weight = priorVar / (priorVar + sampleVar);
  return { mean: priorMean + weight * (estimate - priorMean), variance: weight * sampleVar };
}

export interface BandForecastYear {
  /** The January forecast, origin + horizon. */
  year: number;
  horizon: number;
  total: Interval;
  byBand: Interval[];
}

export interface BandForecastOptions {
  horizon: number;
  simulations: number;
  seed: number;
}

/** The simulated plans in force each January after the origin: runs × horizons × (bands, then total). */
export function simulateLaBands(
  fit: LaBandFit,
  pooled: PooledBandRates,
  options: BandForecastOptions,
): Float64Array {
  checkRunOptions(options);
  const { horizon, simulations, seed } = options;
  const width = bandCount + 1;
  const out = new Float64Array(simulations * horizon * width);
  const { ageing, continuation, retention, newPlans } = pooled;
  const shares = new Float64Array(bandCount);
  const next = new Array<number>(bandCount);
  for (let run = 0; run < simulations; run++) {
    const rng = new RandomStream(seed, run);
    const lasting = fit.multiplier.mean + Math.sqrt(fit.multiplier.variance) * rng.normal();
    const national = retention.nationalSd * rng.normal();
    let departure = fit.newPlanDeparture;
    const pull = newPlans.pressure * fit.pressure;
    let nationalRate = newPlans.national[newPlans.national.length - 1] as number;
    rng.dirichlet(fit.bandShareAlphas, shares);
    const plans = fit.start.slice();
    for (let h = 1; h <= horizon; h++) {
      const plansInForce = sumOf(plans);
      const scale = Math.exp(lasting + national + retention.yearSd * rng.normal());
      next.fill(0);
      for (let b = 0; b < bandCount; b++) {
        const n = plans[b] as number;
        const stay = (1 - (ageing[b] as number)) * (continuation[b] as number) * scale;
        const up = b + 1 < bandCount ? (ageing[b] as number) * (continuation[b + 1] as number) * scale : 0;
        const [stayed, moved] = splitOn(rng, n, stay, up);
        next[b] = (next[b] as number) + stayed;
        if (b + 1 < bandCount) next[b + 1] = (next[b + 1] as number) + moved;
      }
      nationalRate += newPlans.nationalSd * rng.normal();
      departure = newPlans.persistence * departure + pull + newPlans.shockSd * rng.normal();
      let joining = rng.poisson(joinersAt(nationalRate + departure, plansInForce));
      let shareLeft = 1;
      for (let b = 0; b < bandCount; b++) {
        const p = shares[b] as number;
        const j =
          b === bandCount - 1
            ? joining
            : rng.binomial(joining, shareLeft > 0 ? Math.min(1, p / shareLeft) : 0);
        joining -= j;
        shareLeft -= p;
        next[b] = (next[b] as number) + j;
      }
      const at = (run * horizon + h - 1) * width;
      let total = 0;
      for (let b = 0; b < bandCount; b++) {
        plans[b] = next[b] as number;
        out[at + b] = next[b] as number;
        total += next[b] as number;
      }
      out[at + bandCount] = total;
    }
  }
  return out;
}

/**
 * n plans each staying (probability `stay`), moving up (`up`) or ending. Where stay + up passes 1
 * (plans arriving by other ways than new plans) all n go on and the excess arrives as a Poisson
 * number, shared between staying and moving up in the same proportion.
 */
function splitOn(rng: RandomStream, n: number, stay: number, up: number): [number, number] {
  const going = stay + up;
  if (going <= 1) {
    const stayed = rng.binomial(n, stay);
    const moved = rng.binomial(n - stayed, stay < 1 ? up / (1 - stay) : 0);
    return [stayed, moved];
  }
  const all = n + rng.poisson(n * (going - 1));
  const stayed = rng.binomial(all, stay / going);
  return [stayed, all - stayed];
}

function checkRunOptions(options: BandForecastOptions): void {
  const problems: ForecastProblem[] = [];
  if (!Number.isInteger(options.simulations) || options.simulations < 1 || options.simulations > 10_000)
    problems.push({
      code: 'simulations-out-of-range',
      field: 'simulations',
      message: 'Ask for between 1 and 10,000 simulations',
    });
  if (!Number.isInteger(options.horizon) || options.horizon < 1 || options.horizon > 5)
    problems.push({ code: 'horizon-out-of-range', field: 'horizon', message: 'Forecast 1 to 5 years ahead' });
  if (!Number.isSafeInteger(options.seed))
    problems.push({ code: 'bad-seed', field: 'seed', message: 'The seed must be a whole number' });
  refuseIfAny(problems);
}

/** The median and 80% interval of each band and of the total, each January after the origin. */
export function forecastLaBands(
  history: LaBandHistory,
  pooled: PooledBandRates,
  options: BandForecastOptions,
): BandForecastYear[] {
  const fit = fitLaBands(history, pooled);
  const runs = simulateLaBands(fit, pooled, options);
  const { horizon, simulations } = options;
  const width = bandCount + 1;
  const column = new Float64Array(simulations);
  const pick = (h: number, k: number) => {
    for (let run = 0; run < simulations; run++)
      column[run] = runs[(run * horizon + h - 1) * width + k] as number;
    return intervalOf(column);
  };
  return Array.from({ length: horizon }, (_, i) => {
    const h = i + 1;
    return {
      year: pooled.origin + h,
      horizon: h,
      total: pick(h, bandCount),
      byBand: Array.from({ length: bandCount }, (_, b) => pick(h, b)),
    };
  });
}
