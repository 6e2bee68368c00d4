import { createRequire } from 'node:module';
import older from './bank-holidays/govuk-england-and-wales-2012-2020.json' with { type: 'json' };
import newer from './bank-holidays/govuk-england-and-wales-2024-2027.json' with { type: 'json' };
import type { IsoDate } from './dates.ts';
import { type DayNumber, dayNumber, isoFromDayNumber, weekday, yearOf } from './days.ts';

/** Which days are working days: Monday to Friday, not a bank holiday. */
export interface WorkingDayCalendar {
  isBankHoliday(day: DayNumber): boolean;
  isWorkingDay(day: DayNumber): boolean;
}

interface Feed {
  events: { date: string }[];
}

const year = (iso: string) => Number(iso.slice(0, 4));

/**
 * England and Wales: GOV.UK's own list for the years it covers; other years from the
 * date-holidays package, loaded the first time such a year is asked about (it takes a tenth of
 * a second to load, which start-up should not pay).
 */
function englandAndWales(): WorkingDayCalendar {
  const official = [...(older as Feed).events, ...(newer as Feed).events].map((e) => e.date);
  const days = new Set<DayNumber>(official.map(dayNumber));
  const yearsKnown = new Set<number>(official.map(year));
  let package_: { getHolidays(year: number): { date: string; type: string }[] } | undefined;
  const learnYear = (y: number) => {
    yearsKnown.add(y);
    if (!package_) {
      const Holidays = createRequire(import.meta.url)('date-holidays') as new (
        country: string,
        state: string,
      ) => NonNullable<typeof package_>;
      package_ = new Holidays('GB', 'ENG');
    }
    for (const h of package_.getHolidays(y))
      if (h.type === 'public' || h.type === 'bank') days.add(dayNumber(h.date.slice(0, 10)));
  };
  const isBankHoliday = (day: DayNumber) => {
    const y = yearOf(day);
    if (!yearsKnown.has(y)) learnYear(y);
    return days.has(day);
  };
  // The deadline engine asks about the same few thousand days millions of times (appeal windows,
  // transfers' working days): each day's answer is kept once worked out (0 not yet, 1 working, 2 not).
  const first = dayNumber('1900-01-01');
  const known = new Uint8Array(dayNumber('2200-01-01') - first);
  const working = (day: DayNumber) => {
    const w = weekday(day);
    return w !== 0 && w !== 6 && !isBankHoliday(day);
  };
  return {
    isBankHoliday,
    isWorkingDay: (day) => {
      const i = day - first;
      if (i < 0 || i >= known.length) return working(day);
      const k = known[i];
      if (k) return k === 1;
      const answer = working(day);
      known[i] = answer ? 1 : 2;
      return answer;
    },
  };
}

export const englandAndWalesCalendar: WorkingDayCalendar = englandAndWales();

/**
 * The `n`th working day of a period "beginning with" `iso` (n ≥ 1): the day itself is the first
 * when it is a working day, as in reg 15(2)'s "within 15 working days beginning with the day on
 * which the old authority became aware".
 */
export function workingDaysBeginningWith(calendar: WorkingDayCalendar, iso: IsoDate, n: number): IsoDate {
  let day = dayNumber(iso);
  let left = calendar.isWorkingDay(day) ? n - 1 : n;
  while (left > 0) {
    day++;
    if (calendar.isWorkingDay(day)) left--;
  }
  while (!calendar.isWorkingDay(day)) day++;
  return isoFromDayNumber(day);
}

/** The working day `n` working days before `iso` (n ≥ 1), `iso` itself not counted. */
export function subtractWorkingDays(calendar: WorkingDayCalendar, iso: IsoDate, n: number): IsoDate {
  let day = dayNumber(iso);
  let left = n;
  while (left > 0) {
    day--;
    if (calendar.isWorkingDay(day)) left--;
  }
  return isoFromDayNumber(day);
}

/** The first working day on or after `iso`. */
export function nextWorkingDayFrom(calendar: WorkingDayCalendar, iso: IsoDate): IsoDate {
  let day = dayNumber(iso);
  while (!calendar.isWorkingDay(day)) day++;
  return isoFromDayNumber(day);
}
