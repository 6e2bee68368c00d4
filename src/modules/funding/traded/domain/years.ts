import { academicYearStart, type IsoDate } from '../../../../platform/kernel/dates.ts';
import { parseFyLabel } from '../../../../platform/kernel/financial-years.ts';
import { potYearEnd, potYearLabel, potYearStart } from '../../pots/domain/years.ts';

/**
 * Traded services are bought for an academic year, as schools plan their support: 1 September to
 * 31 August, named by the year it starts in, so 2026 is 1 September 2026 to 31 August 2027,
 * written "2026-27" as the financial year is.
 */

export const firstYear = 2000;
export const lastYear = 2100;

export const yearOf = (date: IsoDate): number => academicYearStart(date);
export const yearLabel = potYearLabel;
export const yearStart = (year: number): IsoDate => potYearStart('academic', year);
export const yearEnd = (year: number): IsoDate => potYearEnd('academic', year);

/** "2026-27" or "2026/27" → 2026, within the years prices can be kept for; null for anything else. */
export function parseYear(text: string): number | null {
  const year = parseFyLabel(text);
  return year !== null && year >= firstYear && year <= lastYear ? year : null;
}

/** The months of the year, September first, as "2026-09". */
export function monthsOf(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const month = ((8 + i) % 12) + 1;
    return `${year + (month < 9 ? 1 : 0)}-${String(month).padStart(2, '0')}`;
  });
}

/**
 * The day a cluster's schools are taken on for an order for the year: its first day, or today
 * once it has begun. So an order placed in July for September counts the schools joining then.
 */
export const rollDay = (year: number, today: IsoDate): IsoDate =>
  yearStart(year) > today ? yearStart(year) : today;
