import { z } from 'zod';

/**
 * Journeys summarised for the sufficiency pages: by group (need, phase, setting type, district or
 * anything else a caller names), against the longest journeys thought reasonable for a child of
 * each phase, and before against after for the same children. Pure.
 */

/**
 * The phase a journey is judged by. A child's phase is told by National Curriculum year: Year 6
 * and below (with nursery and early years, which have no year) is primary; Year 7 and above,
 * post-16 included, is secondary.
 */
export type Phase = 'primary' | 'secondary';
export const phases: readonly Phase[] = ['primary', 'secondary'];

/** ncYear as the children module gives it: null for nursery and early years. */
export function phaseOfNcYear(ncYear: number | null): Phase {
  return ncYear !== null && ncYear >= 7 ? 'secondary' : 'primary';
}

/**
 * The longest journey, in minutes, before a child counts as travelling too long. The defaults are
 * the good-practice limits of the DfE's home-to-school travel guidance: 45 minutes for primary
 * age and 75 for secondary.
 */
export type TravelLimits = Record<Phase, number>;
export const defaultTravelLimits: TravelLimits = { primary: 45, secondary: 75 };

const limit = (phase: string) =>
  z
    .number({ error: `Enter the ${phase} limit as a number of minutes` })
    .positive(`The ${phase} limit must be more than 0 minutes`);

export const travelLimitsSchema: z.ZodType<TravelLimits> = z.object({
  primary: limit('primary'),
  secondary: limit('secondary'),
});

/** A journey strictly longer than the limit is over it: exactly 45 minutes is within. */
export function isOverLimit(
  journey: { phase: Phase; minutes: number },
  limits: TravelLimits = defaultTravelLimits,
): boolean {
  return journey.minutes > limits[journey.phase];
}

/**
 * The p-th percentile by the nearest-rank method: the ⌈p/100 × n⌉-th smallest value, so the
 * smallest value with at least p% of the values at or below it. Always a journey some child
 * actually has, never an interpolation between two. NaN for no values.
 */
export function percentileNearestRank(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

/** A collator made once: localeCompare with options builds one on every call. */
const naturalOrder = new Intl.Collator('en-GB', { numeric: true });

export interface ChildJourney {
  childId: string;
  phase: Phase;
  minutes: number;
}

export interface JourneySummary {
  key: string;
  count: number;
  meanMinutes: number;
  /** Nearest-rank 90th percentile. */
  p90Minutes: number;
  maxMinutes: number;
  /** Children whose journey is over their phase's limit. */
  overLimit: number;
}

/**
 * One summary per group, groups in key order (NR2 before NR14). Generic over the grouping so the same sum serves
 * need, phase, setting type and district: e.g. summariseJourneys(journeys, (j) => j.district).
 */
export function summariseJourneys<J extends { phase: Phase; minutes: number }>(
  journeys: readonly J[],
  keyOf: (journey: J) => string,
  limits: TravelLimits = defaultTravelLimits,
): JourneySummary[] {
  const groups = new Map<string, J[]>();
  for (const j of journeys) {
    const key = keyOf(j);
    const group = groups.get(key);
    if (group) group.push(j);
    else groups.set(key, [j]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => naturalOrder.compare(a, b))
    .map(([key, group]) => {
      const minutes = group.map((j) => j.minutes);
      return {
        key,
        count: group.length,
        meanMinutes: minutes.reduce((s, m) => s + m, 0) / group.length,
        p90Minutes: percentileNearestRank(minutes, 90),
        maxMinutes: Math.max(...minutes),
        overLimit: group.filter((j) => isOverLimit(j, limits)).length,
      };
    });
}

/** A child's journey in one of two sets being compared; null minutes: no place in that set. */
export interface ComparedJourney {
  childId: string;
  phase: Phase;
  minutes: number | null;
}

export interface JourneyChange {
  childId: string;
  phase: Phase;
  beforeMinutes: number | null;
  afterMinutes: number | null;
  /** after − before; null unless the child has a journey in both. */
  changeMinutes: number | null;
  overBefore: boolean;
  overAfter: boolean;
}

export interface JourneyComparison {
  children: JourneyChange[];
  /** Over the children with a journey in both sets; null when there are none. */
  meanChangeMinutes: number | null;
  /** Over the children with a journey in both sets. */
  totalChangeMinutes: number;
  /** Over the limit after and not before (a child newly given a long journey included). */
  newlyOver: number;
  /** Over the limit before and not after (a child who lost their place included). */
  noLongerOver: number;
  /** With a journey after but not before: placed by the change. */
  newlyPlaced: number;
  /** With a journey before but not after. */
  noLongerPlaced: number;
}

/**
 * The change a placement or a new site makes to the same children's journeys. Children are matched
 * by id; one in only one set has no journey in the other. Each journey is judged by the phase its
 * own set gives the child (a child may move up to secondary between the two), and the change is
 * shown under the later phase.
 */
export function compareJourneys(
  before: readonly ComparedJourney[],
  after: readonly ComparedJourney[],
  limits: TravelLimits = defaultTravelLimits,
): JourneyComparison {
  const rows = new Map<
    string,
    { phase: Phase; beforePhase: Phase; before: number | null; after: number | null }
  >();
  for (const b of before)
    rows.set(b.childId, { phase: b.phase, beforePhase: b.phase, before: b.minutes, after: null });
  for (const a of after) {
    const row = rows.get(a.childId);
    rows.set(a.childId, {
      phase: a.phase,
      beforePhase: row?.beforePhase ?? a.phase,
      before: row?.before ?? null,
      after: a.minutes,
    });
  }
  const over = (phase: Phase, minutes: number | null) =>
    minutes !== null && isOverLimit({ phase, minutes }, limits);
  const children = [...rows.entries()].map(
    ([childId, r]): JourneyChange => ({
      childId,
      phase: r.phase,
      beforeMinutes: r.before,
      afterMinutes: r.after,
      changeMinutes: r.before !== null && r.after !== null ? r.after - r.before : null,
      overBefore: over(r.beforePhase, r.before),
      overAfter: over(r.phase, r.after),
    }),
  );
  const changes = children.flatMap((c) => (c.changeMinutes === null ? [] : [c.changeMinutes]));
  const total = changes.reduce((s, c) => s + c, 0);
  return {
    children,
    meanChangeMinutes: changes.length ? total / changes.length : null,
    totalChangeMinutes: total,
    newlyOver: children.filter((c) => c.overAfter && !c.overBefore).length,
    noLongerOver: children.filter((c) => c.overBefore && !c.overAfter).length,
    newlyPlaced: children.filter((c) => c.afterMinutes !== null && c.beforeMinutes === null).length,
    noLongerPlaced: children.filter((c) => c.beforeMinutes !== null && c.afterMinutes === null).length,
  };
}
