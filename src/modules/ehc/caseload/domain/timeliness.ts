import type { IsoDate } from '../../../../platform/kernel/dates.ts';
import { daysBetween } from '../../../../platform/kernel/days.ts';

/**
 * The DfE's timeliness measure (SEN2; "timeliness_20_week", 2025 data guidance): new EHC plans
 * issued in a calendar year, by how long after the request they were issued — within 20 weeks,
 * over 20 and up to 52 weeks, over 52 weeks — counted with every plan, and again leaving out the
 * plans where a reg 10(4) exception applies (Week20 = 1). Weeks run from the day the request
 * was received, so within 20 weeks means issued no more than 140 days after it.
 */

export interface IssuedPlan {
  receivedOn: IsoDate;
  finalIssuedOn: IsoDate;
  week20Exception: boolean;
}

export interface Bands {
  issued: number;
  within20Weeks: number;
  over20To52Weeks: number;
  over52Weeks: number;
  /** Percentage within 20 weeks to one decimal place, as the DfE publishes it; null with no plans. */
  percentWithin20Weeks: number | null;
}

export interface Timeliness {
  year: number;
  includingExceptions: Bands;
  excludingExceptions: Bands;
}

export const within20WeeksDays = 140;
export const within52WeeksDays = 364;

export function bandOf(days: number): 'within20Weeks' | 'over20To52Weeks' | 'over52Weeks' {
  if (days <= within20WeeksDays) return 'within20Weeks';
  return days <= within52WeeksDays ? 'over20To52Weeks' : 'over52Weeks';
}

export const percent = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((1000 * part) / whole) / 10;

export function bands(counts: Omit<Bands, 'percentWithin20Weeks'>): Bands {
  return { ...counts, percentWithin20Weeks: percent(counts.within20Weeks, counts.issued) };
}

export function timeliness(year: number, plans: readonly IssuedPlan[]): Timeliness {
  const all = { issued: 0, within20Weeks: 0, over20To52Weeks: 0, over52Weeks: 0 };
  const ex = { ...all };
  const prefix = String(year);
  for (const p of plans) {
    if (!p.finalIssuedOn.startsWith(prefix)) continue;
    const band = bandOf(daysBetween(p.receivedOn, p.finalIssuedOn));
    all.issued++;
    all[band]++;
    if (p.week20Exception) continue;
    ex.issued++;
    ex[band]++;
  }
  return { year, includingExceptions: bands(all), excludingExceptions: bands(ex) };
}
