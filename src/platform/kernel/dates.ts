/**
 * Dates as the domain keeps them: ISO strings (2026-01-05), no clock. Shared by every module's
 * pure core, so a date is read, checked and shown the same way everywhere.
 */
export type IsoDate = string;

export const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** A real calendar date written YYYY-MM-DD (so not 2026-02-30). */
export function isIsoDate(value: string): value is IsoDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** "2024-09-01" → "1 September 2024", as GOV.UK writes dates; anything else comes back as it was. */
/** A real date, and not one a slip of the keyboard put a thousand years back. */
export function isRealIsoDate(s: string): boolean {
  return isIsoDate(s) && Number(s.slice(0, 4)) >= 1000;
}

export function longDate(iso: IsoDate): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${monthNames[Number(m[2]) - 1]} ${m[1]}`;
}

// Made once: building a formatter with a time zone costs far more than formatting with it.
const londonIsoDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in England at an instant, so "today" does not slip a day around midnight in summer. */
export function isoDateInLondon(instant: Date): IsoDate {
  return londonIsoDate.format(instant);
}

/**
 * Completed years of age on a day. Someone born on 29 February is a year older on 1 March in
 * a common year, as English law counts it.
 */
export function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = datePartsOf(dateOfBirth);
  const [y, m, d] = datePartsOf(on);
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

/** The calendar year in which the academic year containing `today` began (1 September). */
export function academicYearStart(today: IsoDate): number {
  const [y, m] = datePartsOf(today);
  return m >= 9 ? y : y - 1;
}

function datePartsOf(iso: IsoDate): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}
