import { academicYearStart, ageOn, type IsoDate } from './dates.ts';

/**
 * National Curriculum year group. It follows from age on 31 August before the academic year
 * begins: a child who is 4 then starts Reception (year 0) that September, 5 is Year 1, 15 is
 * Year 11, 16 and 17 are Years 12 and 13; young people with a plan continue to 25 (Year 21).
 * Younger children are in nursery: N2 at 3, N1 at 2. Never stored: it changes every September.
 */
export interface NcYear {
  ncYear: number | null;
  label: string;
}

export const oldestAge = 25;

export function ncYearInAcademicYear(dateOfBirth: IsoDate, startYear: number): NcYear {
  const age = ageOn(dateOfBirth, `${String(startYear).padStart(4, '0')}-08-31`);
  if (age > oldestAge) return { ncYear: null, label: 'Over 25' };
  if (age === 4) return { ncYear: 0, label: 'Reception' };
  if (age > 4) return { ncYear: age - 4, label: `Year ${age - 4}` };
  if (age === 3) return { ncYear: null, label: 'Nursery (N2)' };
  if (age === 2) return { ncYear: null, label: 'Nursery (N1)' };
  return { ncYear: null, label: 'Early years' };
}

export function ncYearOn(dateOfBirth: IsoDate, today: IsoDate): NcYear {
  return ncYearInAcademicYear(dateOfBirth, academicYearStart(today));
}
