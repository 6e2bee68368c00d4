import { type IsoDate, isIsoDate } from '../../../../platform/kernel/dates.ts';
import {
  defaultJourneyConfig,
  type Journey,
  type JourneyEstimator,
  type LatLon,
  straightLineEstimator,
} from '../../travel/domain/journey.ts';
import {
  type ComparedJourney,
  defaultTravelLimits,
  isOverLimit,
  type Phase,
  phases,
  type TravelLimits,
} from '../../travel/domain/summary.ts';

/**
 * Optimal placement, as advice for the panel: the children who need a specialist place assigned to
 * settings' free places so that the total journey time is least, beside the plain first-come,
 * first-served baseline. This file builds the assignment model and reads answers back; the solver
 * (../solver.ts) solves it. Pure.
 *
 * The fit rule: a child fits a designation of a setting when the designation lists the child's
 * primary need and phase and the journey is within the maximum (60 km in a straight line by
 * default, and optionally a number of minutes). A fixed placement is the panel's decision, so it
 * ignores the maximum: the child stays at that setting and takes a free place of the first fitting
 * designation there, before anyone else is placed; when none is left the child stays all the same,
 * beyond the setting's places, and a note says so.
 *
 * The model, for the children not fixed: a 0–1 variable for each child and fitting designation
 * with places, costing the journey's minutes; an unplaced variable per child costing the penalty;
 * each child takes exactly one of its variables; each designation takes no more children than its
 * places. With the unplaced variables it is always feasible, so more children than places is
 * answered with the children left unplaced, never a failure.
 */

export interface PlacementChild {
  id: string;
  /** Primary need, as an SEN2 type-of-need code (ASD, SEMH…). */
  need: string;
  phase: Phase;
  /** When the child began waiting for a place: first come, first served goes by it. */
  waitingSince: IsoDate;
  home: LatLon;
  /** A placement the panel has already decided, kept whatever the optimum. */
  fixedSettingId?: string;
}

/**
 * Places that children of any of the listed needs and phases can take: one type of need and phase,
 * or a designation several share (a special school's 40 places for ASD and SLCN, either phase).
 */
export interface Designation {
  needs: readonly string[];
  phases: readonly Phase[];
  /** Whole places free (for a candidate site, the places it would add). */
  places: number;
}

export interface PlacementSetting {
  id: string;
  location: LatLon;
  designations: readonly Designation[];
}

/** The longest journey a child fits a setting within; null for no limit of that kind. */
export interface FitRule {
  maxStraightKm: number | null;
  maxMinutes: number | null;
}

export const defaultFitRule: FitRule = { maxStraightKm: 60, maxMinutes: null };

export interface PlacementOptions {
  fit?: FitRule;
  estimator?: JourneyEstimator;
  limits?: TravelLimits;
}

export interface Problem {
  field: string;
  message: string;
}

/** One designation's places left once the fixed placements have taken theirs. */
export interface Pool {
  setting: number;
  designation: number;
  places: number;
}

export interface FixedPlacement {
  child: number;
  setting: number;
  /** The pool the child took a place from; null when the setting had none left that fits. */
  pool: number | null;
  journey: Journey;
}

/**
 * The children not fixed, in first-come-first-served order, and the designations each fits:
 * open child k's arcs are arcStart[k] to arcStart[k + 1] − 1, each with its pool and journey.
 */
export interface Arcs {
  arcStart: Int32Array;
  pool: Int32Array;
  minutes: Float64Array;
  straightKm: Float64Array;
  roadKm: Float64Array;
}

export interface PlacementModel {
  /** Every child, in first-come-first-served order: waitingSince, then id. */
  children: readonly PlacementChild[];
  settings: readonly PlacementSetting[];
  pools: readonly Pool[];
  fixed: readonly FixedPlacement[];
  /** Indexes into children of those not fixed, in order. */
  open: readonly number[];
  arcs: Arcs;
  /** The cost of leaving an open child unplaced, in minutes. */
  unplacedPenalty: number;
  limits: TravelLimits;
  notes: string[];
}

export type PlacementModelOutcome = { ok: true; model: PlacementModel } | { ok: false; problems: Problem[] };

/** First come, first served: by waitingSince, then by id. */
export const byArrival = (a: PlacementChild, b: PlacementChild) =>
  a.waitingSince < b.waitingSince
    ? -1
    : a.waitingSince > b.waitingSince
      ? 1
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0;

const isPlace = (p: LatLon) =>
  Number.isFinite(p.latitude) &&
  Number.isFinite(p.longitude) &&
  Math.abs(p.latitude) <= 90 &&
  Math.abs(p.longitude) <= 180;

/** The problems with the children, settings and fit rule, before anything is built. */
export function placementInputProblems(
  children: readonly PlacementChild[],
  settings: readonly PlacementSetting[],
  fit: FitRule,
): Problem[] {
  const problems: Problem[] = [];
  const settingIds = new Set<string>();
  settings.forEach((s, i) => {
    if (!s.id) problems.push({ field: `settings.${i}.id`, message: `Setting ${i + 1} has no id` });
    else if (settingIds.has(s.id))
      problems.push({ field: `settings.${i}.id`, message: `Setting ${s.id} is listed twice` });
    settingIds.add(s.id);
    if (!isPlace(s.location))
      problems.push({ field: `settings.${i}.location`, message: `Setting ${s.id} has no usable location` });
    problems.push(...designationProblems(`settings.${i}`, `Setting ${s.id}`, s.designations));
  });
  const childIds = new Set<string>();
  children.forEach((c, i) => {
    const field = `children.${i}`;
    if (!c.id) problems.push({ field: `${field}.id`, message: `Child ${i + 1} has no id` });
    else if (childIds.has(c.id))
      problems.push({ field: `${field}.id`, message: `Child ${c.id} is listed twice` });
    childIds.add(c.id);
    if (!phases.includes(c.phase))
      problems.push({
        field: `${field}.phase`,
        message: `Child ${c.id} has no phase of primary or secondary`,
      });
    if (!isIsoDate(c.waitingSince))
      problems.push({
        field: `${field}.waitingSince`,
        message: `Child ${c.id} has no date they began waiting`,
      });
    if (!isPlace(c.home))
      problems.push({ field: `${field}.home`, message: `Child ${c.id} has no usable home location` });
    if (c.fixedSettingId !== undefined && !settingIds.has(c.fixedSettingId))
      problems.push({
        field: `${field}.fixedSettingId`,
        message: `Child ${c.id} is fixed at setting ${c.fixedSettingId}, which is not in the list`,
      });
  });
  for (const [key, value] of [
    ['maxStraightKm', fit.maxStraightKm],
    ['maxMinutes', fit.maxMinutes],
  ] as const)
    if (value !== null && !(Number.isFinite(value) && value > 0))
      problems.push({ field: `fit.${key}`, message: 'The longest journey must be more than 0, or none' });
  return problems;
}

export function designationProblems(
  field: string,
  name: string,
  designations: readonly Designation[],
): Problem[] {
  const problems: Problem[] = [];
  designations.forEach((d, j) => {
    if (!Number.isInteger(d.places) || d.places < 0)
      problems.push({
        field: `${field}.designations.${j}.places`,
        message: `${name} has places that are not a whole number of 0 or more`,
      });
    if (!d.needs.length || !d.phases.length || d.phases.some((p) => !phases.includes(p)))
      problems.push({
        field: `${field}.designations.${j}`,
        message: `${name} has a designation without a need or a phase of primary or secondary`,
      });
  });
  return problems;
}

const fits = (d: Designation, child: PlacementChild) =>
  d.needs.includes(child.need) && d.phases.includes(child.phase);

const within = (journey: Journey, fit: FitRule) =>
  (fit.maxStraightKm === null || journey.straightKm <= fit.maxStraightKm) &&
  (fit.maxMinutes === null || journey.minutes <= fit.maxMinutes);

/**
 * The model for these children and settings. Settings keep their order (it breaks ties between
 * equal journeys); children are put in first-come-first-served order.
 */
export function buildPlacementModel(
  children: readonly PlacementChild[],
  settings: readonly PlacementSetting[],
  options: PlacementOptions = {},
): PlacementModelOutcome {
  const fit = options.fit ?? defaultFitRule;
  const problems = placementInputProblems(children, settings, fit);
  if (problems.length) return { ok: false, problems };
  return { ok: true, model: assemblePlacementModel([...children].sort(byArrival), settings, options) };
}

/** Builds without checking: for children in order, and inputs placementInputProblems has passed. */
export function assemblePlacementModel(
  ordered: readonly PlacementChild[],
  settings: readonly PlacementSetting[],
  options: PlacementOptions,
): PlacementModel {
  const fit = options.fit ?? defaultFitRule;
  const estimator = options.estimator ?? straightLineEstimator(defaultJourneyConfig);
  const limits = options.limits ?? defaultTravelLimits;
  const pools: Pool[] = [];
  const poolsOf: number[][] = settings.map((s, si) =>
    s.designations.map((d, di) => pools.push({ setting: si, designation: di, places: d.places }) - 1),
  );
  const settingIndex = new Map(settings.map((s, i) => [s.id, i]));
  const notes: string[] = [];
  const fixed: FixedPlacement[] = [];
  const open: number[] = [];
  ordered.forEach((child, ci) => {
    const si = child.fixedSettingId === undefined ? undefined : settingIndex.get(child.fixedSettingId);
    if (si === undefined) {
      open.push(ci);
      return;
    }
    const setting = settings[si] as PlacementSetting;
    const pool =
      poolsOf[si]?.find((p) => {
        const pl = pools[p] as Pool;
        return pl.places > 0 && fits(setting.designations[pl.designation] as Designation, child);
      }) ?? null;
    if (pool === null)
      notes.push(
        `Child ${child.id} is fixed at ${setting.id}, which has no free place left that fits: kept there beyond its places`,
      );
    else (pools[pool] as Pool).places--;
    fixed.push({ child: ci, setting: si, pool, journey: estimator.estimate(child.home, setting.location) });
  });

  const arcStart = new Int32Array(open.length + 1);
  const arcPool: number[] = [];
  const arcMinutes: number[] = [];
  const arcStraight: number[] = [];
  const arcRoad: number[] = [];
  open.forEach((ci, k) => {
    const child = ordered[ci] as PlacementChild;
    const candidates = settings.flatMap((s, si) =>
      (poolsOf[si] ?? []).some((p) => {
        const pl = pools[p] as Pool;
        return pl.places > 0 && fits(s.designations[pl.designation] as Designation, child);
      })
        ? [si]
        : [],
    );
    const journeys = estimator.estimateMany(
      child.home,
      candidates.map((si) => (settings[si] as PlacementSetting).location),
    );
    candidates.forEach((si, j) => {
      const journey = journeys[j] as Journey;
      if (!within(journey, fit)) return;
      const setting = settings[si] as PlacementSetting;
      for (const p of poolsOf[si] ?? []) {
        const pl = pools[p] as Pool;
        if (pl.places <= 0 || !fits(setting.designations[pl.designation] as Designation, child)) continue;
        arcPool.push(p);
        arcMinutes.push(journey.minutes);
        arcStraight.push(journey.straightKm);
        arcRoad.push(journey.roadKm);
      }
    });
    arcStart[k + 1] = arcPool.length;
  });
  const arcs: Arcs = {
    arcStart,
    pool: Int32Array.from(arcPool),
    minutes: Float64Array.from(arcMinutes),
    straightKm: Float64Array.from(arcStraight),
    roadKm: Float64Array.from(arcRoad),
  };
  return {
    children: ordered,
    settings,
    pools,
    fixed,
    open,
    arcs,
    unplacedPenalty: placementPenalty(arcs, open.length, new Set(arcPool).size),
    limits,
    notes,
  };
}

/**
 * A penalty that makes the optimum place as many children as can be placed, and only then make
 * travel least. Larger than any one journey is not enough: placing one more child can mean moving
 * a chain of others, each to a longer journey. Such a chain takes at most min(children, designations)
 * new places, each costing no more than the longest journey, and frees places costing no less than
 * 0, so a penalty above that many longest journeys always outweighs it. Hence the optimum never
 * places fewer children than any other assignment, the baseline's included.
 */
function placementPenalty(arcs: Arcs, openChildren: number, poolsUsed: number): number {
  let longest = 0;
  for (const m of arcs.minutes) if (m > longest) longest = m;
  return Math.ceil(Math.min(openChildren, poolsUsed) * longest) + 1;
}

export interface ChildPlacement {
  childId: string;
  settingId: string | null;
  /** Which of the setting's designations the place is from; null when unplaced or fixed beyond places. */
  designation: number | null;
  fixed: boolean;
  journey: Journey | null;
  overLimit: boolean;
}

export interface PlacementResult {
  method: 'optimal' | 'baseline';
  /** The solver proved no assignment has a smaller total; always false for the baseline. */
  provenOptimal: boolean;
  /** In first-come-first-served order. */
  children: ChildPlacement[];
  placed: number;
  unplaced: string[];
  /** Journey minutes of every placed child, fixed placements included. */
  totalMinutes: number;
  meanMinutes: number | null;
  /** Placed children whose journey is over their phase's limit. */
  overLimit: number;
  /** Minutes of the children not fixed, plus the penalty for each left unplaced: what is minimised. */
  objective: number;
}

/**
 * An assignment of the open children: for open child k, the arc taken (an index into the arcs), or
 * −1 for unplaced.
 */
export type Choice = Int32Array;

/** What is wrong with a choice: an arc that is not the child's, or a designation over its places. */
export function choiceProblems(model: PlacementModel, choice: Choice): string[] {
  const problems: string[] = [];
  if (choice.length !== model.open.length) return ['The choice does not cover every child not fixed'];
  const taken = new Int32Array(model.pools.length);
  choice.forEach((arc, k) => {
    if (arc === -1) return;
    if (arc < (model.arcs.arcStart[k] ?? 0) || arc >= (model.arcs.arcStart[k + 1] ?? 0)) {
      problems.push(`Child ${model.children[model.open[k] as number]?.id} is given a place they do not fit`);
      return;
    }
    const pool = model.arcs.pool[arc] ?? 0;
    taken[pool] = (taken[pool] ?? 0) + 1;
  });
  model.pools.forEach((p, i) => {
    if ((taken[i] ?? 0) > p.places) {
      const setting = model.settings[p.setting];
      problems.push(
        `Setting ${setting?.id} designation ${p.designation + 1} is given ${taken[i]} children for ${p.places} places`,
      );
    }
  });
  return problems;
}

/** The result a choice gives: every child's place and journey, and the totals. */
export function placementResult(
  model: PlacementModel,
  choice: Choice,
  method: PlacementResult['method'],
  provenOptimal: boolean,
): PlacementResult {
  const byChild: ChildPlacement[] = new Array(model.children.length);
  const { arcs } = model;
  for (const f of model.fixed) {
    const child = model.children[f.child] as PlacementChild;
    byChild[f.child] = {
      childId: child.id,
      settingId: (model.settings[f.setting] as PlacementSetting).id,
      designation: f.pool === null ? null : (model.pools[f.pool] as Pool).designation,
      fixed: true,
      journey: f.journey,
      overLimit: isOverLimit({ phase: child.phase, minutes: f.journey.minutes }, model.limits),
    };
  }
  let objective = 0;
  model.open.forEach((ci, k) => {
    const child = model.children[ci] as PlacementChild;
    const arc = choice[k] ?? -1;
    if (arc === -1) {
      objective += model.unplacedPenalty;
      byChild[ci] = {
        childId: child.id,
        settingId: null,
        designation: null,
        fixed: false,
        journey: null,
        overLimit: false,
      };
      return;
    }
    const pool = model.pools[arcs.pool[arc] ?? 0] as Pool;
    const journey = {
      straightKm: arcs.straightKm[arc] ?? 0,
      roadKm: arcs.roadKm[arc] ?? 0,
      minutes: arcs.minutes[arc] ?? 0,
    };
    objective += journey.minutes;
    byChild[ci] = {
      childId: child.id,
      settingId: (model.settings[pool.setting] as PlacementSetting).id,
      designation: pool.designation,
      fixed: false,
      journey,
      overLimit: isOverLimit({ phase: child.phase, minutes: journey.minutes }, model.limits),
    };
  });
  const placedMinutes = byChild.flatMap((c) => (c.journey ? [c.journey.minutes] : []));
  const totalMinutes = placedMinutes.reduce((s, m) => s + m, 0);
  return {
    method,
    provenOptimal,
    children: byChild,
    placed: placedMinutes.length,
    unplaced: byChild.filter((c) => c.journey === null).map((c) => c.childId),
    totalMinutes,
    meanMinutes: placedMinutes.length ? totalMinutes / placedMinutes.length : null,
    overLimit: byChild.filter((c) => c.overLimit).length,
    objective,
  };
}

/**
 * The baseline: children in first-come-first-served order, each to the fitting designation with a
 * free place on the shortest journey (the earlier setting, then designation, on a tie).
 */
export function baselineChoice(model: PlacementModel): Choice {
  const left = Int32Array.from(model.pools, (p) => p.places);
  const { arcs } = model;
  return Int32Array.from(model.open, (_, k) => {
    let best = -1;
    for (let a = arcs.arcStart[k] ?? 0; a < (arcs.arcStart[k + 1] ?? 0); a++) {
      if ((left[arcs.pool[a] ?? 0] ?? 0) <= 0) continue;
      if (best === -1 || (arcs.minutes[a] ?? 0) < (arcs.minutes[best] ?? 0)) best = a;
    }
    if (best !== -1) left[arcs.pool[best] ?? 0] = (left[arcs.pool[best] ?? 0] ?? 0) - 1;
    return best;
  });
}

export function baselinePlacement(model: PlacementModel): PlacementResult {
  return placementResult(model, baselineChoice(model), 'baseline', false);
}

/** A result's journeys as the travel summaries and comparisons take them. */
export function comparedJourneys(model: PlacementModel, result: PlacementResult): ComparedJourney[] {
  return result.children.map((c, i) => ({
    childId: c.childId,
    phase: (model.children[i] as PlacementChild).phase,
    minutes: c.journey?.minutes ?? null,
  }));
}

export interface ProposalRow {
  childId: string;
  need: string;
  phase: Phase;
  waitingSince: IsoDate;
  fixed: boolean;
  proposedSettingId: string | null;
  proposedMinutes: number | null;
  proposedOverLimit: boolean;
  baselineSettingId: string | null;
  baselineMinutes: number | null;
  /** proposed − baseline; null unless placed in both. */
  changeMinutes: number | null;
}

/** Column headings for exporting the rows, in the order a spreadsheet shows them. */
export const proposalHeadings: Record<keyof ProposalRow, string> = {
  childId: 'Child',
  need: 'Primary need',
  phase: 'Phase',
  waitingSince: 'Waiting since',
  fixed: 'Placement fixed by panel',
  proposedSettingId: 'Proposed setting',
  proposedMinutes: 'Proposed journey (minutes)',
  proposedOverLimit: 'Proposed journey over the limit',
  baselineSettingId: 'Nearest free place, first come first served',
  baselineMinutes: 'That journey (minutes)',
  changeMinutes: 'Change (minutes)',
};

/** The proposal beside the baseline, a row per child in first-come-first-served order, for export. */
export function proposalRows(
  model: PlacementModel,
  proposal: PlacementResult,
  baseline: PlacementResult,
): ProposalRow[] {
  return model.children.map((child, i) => {
    const p = proposal.children[i] as ChildPlacement;
    const b = baseline.children[i] as ChildPlacement;
    const proposedMinutes = p.journey?.minutes ?? null;
    const baselineMinutes = b.journey?.minutes ?? null;
    return {
      childId: child.id,
      need: child.need,
      phase: child.phase,
      waitingSince: child.waitingSince,
      fixed: p.fixed,
      proposedSettingId: p.settingId,
      proposedMinutes,
      proposedOverLimit: p.overLimit,
      baselineSettingId: b.settingId,
      baselineMinutes,
      changeMinutes:
        proposedMinutes !== null && baselineMinutes !== null ? proposedMinutes - baselineMinutes : null,
    };
  });
}

export interface BothPlaced {
  /** Children the proposal and the baseline both place. */
  children: number;
  proposedMinutes: number;
  baselineMinutes: number;
  /** Placed by the proposal and not by the baseline, and the other way. */
  onlyProposed: number;
  onlyBaseline: number;
}

/**
 * The like-for-like comparison: the travel of the children both the proposal and the baseline
 * place. When the proposal places children the baseline leaves waiting, its total travel is larger
 * for having them, so the totals alone would count a child placed as a cost.
 */
export function travelOfBothPlaced(
  rows: readonly { proposedMinutes: number | null; baselineMinutes: number | null }[],
): BothPlaced {
  const both = { children: 0, proposedMinutes: 0, baselineMinutes: 0, onlyProposed: 0, onlyBaseline: 0 };
  for (const r of rows) {
    if (r.proposedMinutes !== null && r.baselineMinutes !== null) {
      both.children++;
      both.proposedMinutes += r.proposedMinutes;
      both.baselineMinutes += r.baselineMinutes;
    } else if (r.proposedMinutes !== null) both.onlyProposed++;
    else if (r.baselineMinutes !== null) both.onlyBaseline++;
  }
  return both;
}
