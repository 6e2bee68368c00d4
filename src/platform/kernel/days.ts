import type { IsoDate } from './dates.ts';

/**
 * Calendar dates as whole days since 1 January 1970, for arithmetic that must be fast (the
 * deadline engine runs over every open case) and free of time zones and daylight saving.
 */
export type DayNumber = number;

// Howard Hinnant's days_from_civil and civil_from_days: exact for the proleptic Gregorian
// calendar, and several times faster than going through Date and toISOString.
const digit = (s: string, i: number) => s.charCodeAt(i) - 48;

/** Exact for any date; the tables below answer the years the service meets without it. */
function civilDayNumber(iso: IsoDate): DayNumber {
  let y = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  const m = digit(iso, 5) * 10 + digit(iso, 6);
  const d = digit(iso, 8) * 10 + digit(iso, 9);
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function civilIso(day: DayNumber): IsoDate {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

// The deadline engine turns millions of dates back and forth: a table of month starts and a
// cache of each day's string (made once, then shared) avoid the arithmetic and the garbage.
const firstYear = 1900;
const lastYear = 2199;
const monthStarts = new Int32Array((lastYear - firstYear + 1) * 12);
for (let y = firstYear; y <= lastYear; y++)
  for (let m = 1; m <= 12; m++)
    monthStarts[(y - firstYear) * 12 + m - 1] = civilDayNumber(`${y}-${pad2(m)}-01`);
const firstDay = monthStarts[0] ?? 0;
const dayCount = civilDayNumber(`${lastYear + 1}-01-01`) - firstDay;
const isoOfDay: (IsoDate | undefined)[] = new Array(dayCount);

/** "2026-01-05" → its day number. The string must already be a valid ISO date. */
export function dayNumber(iso: IsoDate): DayNumber {
  const y = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  if (y < firstYear || y > lastYear) return civilDayNumber(iso);
  const m = digit(iso, 5) * 10 + digit(iso, 6);
  return (monthStarts[(y - firstYear) * 12 + m - 1] ?? 0) + digit(iso, 8) * 10 + digit(iso, 9) - 1;
}

export function isoFromDayNumber(day: DayNumber): IsoDate {
  const i = day - firstDay;
  if (i < 0 || i >= dayCount) return civilIso(day);
  let iso = isoOfDay[i];
  if (iso === undefined) {
    iso = civilIso(day);
    isoOfDay[i] = iso;
  }
  return iso;
}

/** The calendar year a day falls in. */
export function yearOf(day: DayNumber): number {
  return Number(isoFromDayNumber(day).slice(0, 4));
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return isoFromDayNumber(dayNumber(iso) + days);
}

/** Days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * The same date `months` calendar months on, or the month's last day when it has no such date
 * (31 December + 2 months = 28 or 29 February), as courts read "within two months after".
 */
export function addCalendarMonths(iso: IsoDate, months: number): IsoDate {
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const year = Number(iso.slice(0, 4)) + Math.floor(m / 12);
  const month = (((m % 12) + 12) % 12) + 1;
  const first = dayNumber(`${year}-${pad2(month)}-01`);
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${pad2(month + 1)}-01`;
  const lastDay = dayNumber(next) - first;
  return isoFromDayNumber(first + Math.min(Number(iso.slice(8, 10)), lastDay) - 1);
}
