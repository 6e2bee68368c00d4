import type { IsoDate } from '../../../../platform/kernel/dates.ts';

/** How long a child has waited for a specialist place, and whether the day they needed it has passed. */

const dayMs = 86_400_000;
const dayNumber = (d: IsoDate) => Date.parse(`${d}T00:00:00Z`) / dayMs;

export interface WaitFigures {
  /** Whole days from the day the wait began to today; 0 on the first day. */
  daysWaiting: number;
  /** Days past the day the place was needed from; 0 while that day is still to come or is today. */
  daysLate: number;
}

export function waitFigures(w: { waitingSince: IsoDate; neededFrom: IsoDate }, today: IsoDate): WaitFigures {
  return {
    daysWaiting: Math.max(0, dayNumber(today) - dayNumber(w.waitingSince)),
    daysLate: Math.max(0, dayNumber(today) - dayNumber(w.neededFrom)),
  };
}

/** The median days waiting of the list, as the middle of the sorted days (the lower of two middles). */
export function medianDays(days: readonly number[]): number | null {
  if (!days.length) return null;
  const sorted = [...days].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? null;
}
