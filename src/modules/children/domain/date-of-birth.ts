import { addYears, type IsoDate, longDate } from './dates.ts';
import { oldestAge } from './nc-year.ts';

/**
 * Rules for a date of birth given for a new record (or changed on an existing one): not in
 * the future, and not more than 25 years ago, since the SEND system covers ages 0 to 25
 * (Children and Families Act 2014, Part 3).
 */
export function dateOfBirthProblem(dateOfBirth: IsoDate, today: IsoDate): string | null {
  if (dateOfBirth > today) return 'Date of birth must be today or in the past';
  const earliest = addYears(today, -oldestAge);
  if (dateOfBirth < earliest)
    return `Date of birth must be on or after ${longDate(earliest)}: the SEND system covers children and young people aged 0 to 25`;
  return null;
}
