import {
  academicYearStart,
  ageOn,
  type IsoDate,
  isoDateInLondon,
  isRealIsoDate,
  longDate,
  monthNames,
} from '../../../platform/kernel/dates.ts';

export { academicYearStart, ageOn, type IsoDate, isoDateInLondon, isRealIsoDate, longDate };

function parts(iso: IsoDate): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The same day `years` later (or earlier); 29 February becomes 28 February in a common year. */
export function addYears(iso: IsoDate, years: number): IsoDate {
  const [y, m, d] = parts(iso);
  const year = y + years;
  const day = m === 2 && d === 29 && !isLeap(year) ? 28 : d;
  return `${pad(year, 4)}-${pad(m)}-${pad(day)}`;
}

/** A date as people type it into a search box: 27/3/2015, 27-03-2015, 27 March 2015 or 2015-03-27. */
export function parseTypedDate(text: string): IsoDate | null {
  const s = text.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const numeric = /^(\d{1,2})[/.\s-](\d{1,2})[/.\s-](\d{4})$/.exec(s);
  const worded = /^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$/.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (numeric) [d, m, y] = [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])];
  else if (worded) {
    const word = (worded[2] ?? '').toLowerCase();
    const index = word.length >= 3 ? monthNames.findIndex((name) => name.toLowerCase().startsWith(word)) : -1;
    if (index === -1) return null;
    [d, m, y] = [Number(worded[1]), index + 1, Number(worded[3])];
  } else return null;
  const out = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
  return isRealIsoDate(out) ? out : null;
}
