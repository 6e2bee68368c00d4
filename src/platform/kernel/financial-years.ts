import type { IsoDate } from './dates.ts';
import { dayNumber } from './days.ts';

/**
 * The financial year councils and the DfE budget in (DESIGN §3.2): 1 April to 31 March, named by
 * the calendar year it starts in, so 2026 is 1 April 2026 to 31 March 2027, written "2026-27".
 */

const year4 = (y: number) => String(y).padStart(4, '0');
const twoDigits = (y: number) => String(((y % 100) + 100) % 100).padStart(2, '0');

/** The financial year a date falls in: January to March belong to the year that began the April before. */
export function fyOf(date: IsoDate): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 4 ? year : year - 1;
}

/** 2026 → "2026-27"; the second part is the last two digits of the next year, so 2099 → "2099-00". */
export function fyLabel(fy: number): string {
  return `${year4(fy)}-${twoDigits(fy + 1)}`;
}

/**
 * "2026-27" or "2026/27" → 2026, as finance teams write the year either way; null for anything
 * else, including a second part that is not the following year ("2026-28"), since that names no year.
 */
export function parseFyLabel(text: string): number | null {
  const m = /^(\d{4})[-/](\d{2})$/.exec(text.trim());
  if (!m) return null;
  const fy = Number(m[1]);
  return m[2] === twoDigits(fy + 1) ? fy : null;
}

export function fyStart(fy: number): IsoDate {
  return `${year4(fy)}-04-01`;
}

export function fyEnd(fy: number): IsoDate {
  return `${year4(fy + 1)}-03-31`;
}

const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** 366 exactly when the year holds a 29 February, which can only be the February of `fy + 1`. */
export function daysInFy(fy: number): 365 | 366 {
  return isLeapYear(fy + 1) ? 366 : 365;
}

/** 1 on 1 April, up to 365 or 366 on 31 March. */
export function dayOfFy(date: IsoDate): number {
  return dayNumber(date) - dayNumber(fyStart(fyOf(date))) + 1;
}

/**
 * The days of a period that fall in a financial year, both ends included; a null end runs on past
 * the year. Null when the period misses the year altogether.
 */
export function clipToFy(
  fy: number,
  from: IsoDate,
  to: IsoDate | null,
): { from: IsoDate; to: IsoDate } | null {
  const start = fyStart(fy);
  const end = fyEnd(fy);
  const clippedFrom = from < start ? start : from;
  const clippedTo = to === null || to > end ? end : to;
  return clippedTo < clippedFrom ? null : { from: clippedFrom, to: clippedTo };
}
