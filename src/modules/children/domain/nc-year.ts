import { academicYearStart, ageOn, type IsoDate } from './dates.ts';

/**
 * National Curriculum year group. It follows from age on 31 August before the academic year
 * begins: a child who is 4 then starts Reception (year 0) that September, 5 is Year 1, 15 is
 * Year 11, 16 to 18 are Years 12 to 14. Young people with a plan continue to 25; schools and
 * colleges have no year groups past Year 14, so from 19 they are shown as post-19 with that age,
 * while the number carries on (15 at 19, up to 21 at 25) for whatever counts by year group.
 * Younger children are in nursery: N2 at 3, N1 at 2. Never stored: it changes every September.
 */
export interface NcYear {
  ncYear: number | null;
  label: string;
}

export const oldestAge = 25;
const lastYearGroup = 14;

export function ncYearInAcademicYear(dateOfBirth: IsoDate, startYear: number): NcYear {
  const age = ageOn(dateOfBirth, `${String(startYear).padStart(4, '0')}-08-31`);
  if (age > oldestAge) return { ncYear: null, label: 'Over 25' };
  // The label names the day the age is taken on: beside today's age on the child's page it can differ.
  if (age - 4 > lastYearGroup)
    return { ncYear: age - 4, label: `Post-19 (aged ${age} on 31 August ${startYear})` };
  if (age === 4) return { ncYear: 0, label: 'Reception' };
  if (age > 4) return { ncYear: age - 4, label: `Year ${age - 4}` };
  if (age === 3) return { ncYear: null, label: 'Nursery (N2)' };
  if (age === 2) return { ncYear: null, label: 'Nursery (N1)' };
  return { ncYear: null, label: 'Early years' };
}

export function ncYearOn(dateOfBirth: IsoDate, today: IsoDate): NcYear {
  return ncYearInAcademicYear(dateOfBirth, academicYearStart(today));
}
