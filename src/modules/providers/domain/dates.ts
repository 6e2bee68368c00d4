/** Reading dates as GIAS and GOV.UK date inputs write them; the rest is the platform's date kernel. */
import { type IsoDate, isIsoDate, longDate } from '../../../platform/kernel/dates.ts';

export { type IsoDate, isIsoDate };

/** GIAS writes dates as dd-mm-yyyy. Undefined when the text is not such a date. */
export function fromGiasDate(value: string): IsoDate | undefined {
  const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(value.trim());
  if (!m) return undefined;
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** Day, month and year as a person types them into a GOV.UK date input. */
export function fromDateParts(day: string, month: string, year: string): IsoDate | undefined {
  const [d, m, y] = [day.trim(), month.trim(), year.trim()];
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return undefined;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** "2024-09-01" → "1 September 2024", as GOV.UK writes dates. */
export const formatDate = longDate;
