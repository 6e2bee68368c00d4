import { type IsoDate, longDate } from '../../../../platform/kernel/dates.ts';
import { fyLabel } from '../../../../platform/kernel/financial-years.ts';

/**
 * A pot's year: a financial year (1 April to 31 March, as councils budget) or an academic year
 * (1 September to 31 August, as schools plan), named by the year it starts in, so academic 2026
 * is 1 September 2026 to 31 August 2027, written "2026-27".
 */

export const yearKinds = ['financial', 'academic'] as const;
export type YearKind = (typeof yearKinds)[number];

export const yearKindLabels: Record<YearKind, string> = {
  financial: 'Financial year',
  academic: 'Academic year',
};

/** The years a pot may be for, as the table keeps them. */
export const firstPotYear = 2000;
export const lastPotYear = 2100;

/** 2026 → "2026-27"; 2099 → "2099-00": written as a financial year is, whichever kind it is. */
export const potYearLabel = fyLabel;

/** "Academic year 2026-27". */
export function potYearText(kind: YearKind, year: number): string {
  return `${yearKindLabels[kind]} ${potYearLabel(year)}`;
}

/** The year's first day: the schools in a cluster on it are the ones the pot is shared between. */
export function potYearStart(kind: YearKind, year: number): IsoDate {
  return `${year}-${kind === 'financial' ? '04' : '09'}-01`;
}

/** The year's last day. */
export function potYearEnd(kind: YearKind, year: number): IsoDate {
  return `${year + 1}-${kind === 'financial' ? '03-31' : '08-31'}`;
}

/** What is wrong with a year, or null: a whole number from 2000 to 2100. */
export function yearProblem(year: number): string | null {
  if (!Number.isInteger(year) || year < firstPotYear || year > lastPotYear)
    return `Enter the year the pot starts in as 4 figures, from ${firstPotYear} to ${lastPotYear}, like 2026 for ${potYearLabel(2026)}`;
  return null;
}

/** "the year starting 1 September 2026", for sentences about the year's first day. */
export const startsOnText = (kind: YearKind, year: number) => longDate(potYearStart(kind, year));
