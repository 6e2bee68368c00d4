import type { IsoDate } from '../../../../platform/kernel/dates.ts';
import { addCalendarMonths } from '../../../../platform/kernel/days.ts';
import { potYearEnd, potYearLabel, potYearStart, type YearKind } from '../../pots/domain/years.ts';

/**
 * A pot's year as the toolkit counts it (DESIGN §3.2), its days and label as the pots keep them.
 * The end-of-year return is due a calendar month after the year's last day.
 */

export { type YearKind, yearKinds } from '../../pots/domain/years.ts';

export interface PotYear {
  kind: YearKind;
  year: number;
  startsOn: IsoDate;
  endsOn: IsoDate;
  /** "2026-27". */
  label: string;
}

export function potYear(kind: YearKind, year: number): PotYear {
  return {
    kind,
    year,
    startsOn: potYearStart(kind, year),
    endsOn: potYearEnd(kind, year),
    label: potYearLabel(year),
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
