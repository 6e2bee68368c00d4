import type { IsoDate } from '../../../../platform/kernel/dates.ts';
import { addCalendarMonths } from '../../../../platform/kernel/days.ts';

/**
 * A pot's year as the toolkit counts it (DESIGN §3.2): a financial year runs 1 April to 31 March,
 * an academic year 1 September to 31 August, each named by the year it starts in and written
 * "2026-27". The end-of-year return is due a calendar month after the year's last day.
 */

export const yearKinds = ['financial', 'academic'] as const;
export type YearKind = (typeof yearKinds)[number];

export interface PotYear {
  kind: YearKind;
  year: number;
  startsOn: IsoDate;
  endsOn: IsoDate;
  /** "2026-27". */
  label: string;
}

const year4 = (y: number) => String(y).padStart(4, '0');

export function potYear(kind: YearKind, year: number): PotYear {
  const [start, end] = kind === 'financial' ? ['04-01', '03-31'] : ['09-01', '08-31'];
  return {
    kind,
    year,
    startsOn: `${year4(year)}-${start}`,
    endsOn: `${year4(year + 1)}-${end}`,
    label: `${year4(year)}-${String((year + 1) % 100).padStart(2, '0')}`,
  };
}

/**
 * The day the end-of-year return is due: the year's last day and one calendar month, or that
 * month's last day when it has no such date (31 August + 1 month = 30 September; 31 March + 1
 * month = 30 April).
 */
export function returnDueOn(year: PotYear): IsoDate {
  return addCalendarMonths(year.endsOn, 1);
}

/** Whether a day falls within the year, both ends included. */
export const inYear = (year: PotYear, day: IsoDate) => day >= year.startsOn && day <= year.endsOn;
