import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { addDays, dayNumber } from '../../../platform/kernel/days.ts';

/** A school term as the LA publishes it: first and last day pupils attend. */
export interface Term {
  startsOn: IsoDate;
  endsOn: IsoDate;
}

/** Days the LA's schools are shut between two terms, both days included. */
export interface Closure {
  from: IsoDate;
  to: IsoDate;
}

/** reg 10(4)(a): a closure counts only if it lasts "a continuous period of not less than 4 weeks". */
export const qualifyingClosureDays = 28;

/** The holidays between consecutive terms (weekends and half terms included). */
export function closuresBetween(terms: readonly Term[]): Closure[] {
  const sorted = [...terms].sort((a, b) => (a.startsOn < b.startsOn ? -1 : 1));
  const closures: Closure[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const next = sorted[i];
    if (!prev || !next) continue;
    const from = addDays(prev.endsOn, 1);
    const to = addDays(next.startsOn, -1);
    if (from <= to) closures.push({ from, to });
  }
  return closures;
}

export const closureDays = (c: Closure) => dayNumber(c.to) - dayNumber(c.from) + 1;

/**
 * reg 10(4)(a)/(b): advice asked of a school or early years provider "during a period beginning
 * one week before any date on which that institution was closed for a continuous period of not
 * less than 4 weeks … and ending one week before the date on which it re-opens". The window
 * runs from 7 days before the first closed day to 7 days before the day it reopens (the day
 * after the last closed day), both days included: a period "ending" on a day includes it.
 */
export function closureWindow(closure: Closure): { from: IsoDate; to: IsoDate } {
  return { from: addDays(closure.from, -7), to: addDays(closure.to, 1 - 7) };
}

/** The qualifying closure, if any, whose window holds this date. */
export function qualifyingClosureAround(closures: readonly Closure[], on: IsoDate): Closure | undefined {
  return closures.find((c) => {
    if (closureDays(c) < qualifyingClosureDays) return false;
    const w = closureWindow(c);
    return on >= w.from && on <= w.to;
  });
}

/** Terms must be real ranges that do not overlap; the problem names the term. */
export function termProblems(terms: readonly Term[]): { index: number; message: string }[] {
  const problems: { index: number; message: string }[] = [];
  terms.forEach((t, index) => {
    if (t.endsOn < t.startsOn)
      problems.push({ index, message: 'The last day of a term must be on or after its first day' });
  });
  const order = terms
    .map((t, index) => ({ t, index }))
    .sort((a, b) => (a.t.startsOn < b.t.startsOn ? -1 : 1));
  for (let i = 1; i < order.length; i++) {
    const prev = order[i - 1];
    const cur = order[i];
    if (prev && cur && cur.t.startsOn <= prev.t.endsOn)
      problems.push({
        index: cur.index,
        message: 'Terms must not overlap: this term starts before the one before it ends',
      });
  }
  return problems;
}
