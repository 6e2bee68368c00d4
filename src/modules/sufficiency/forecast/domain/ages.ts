/**
 * Ages as the forecast counts them: whole years on 31 August before the January, as the DfE's SEN2
 * return and the National Curriculum do, so that everyone in a school year has the same age and a
 * cohort ages together (Reception is 4, Year 11 is 15). Plans run to the end of the academic year
 * in which the young person turns 25, so no one is older than 25 in a January.
 */
export const minAge = 0;
export const maxAge = 25;

/** The DfE's age bands, in their order. */
export const ageBands = [
  { key: 'under-5', label: 'Under 5', from: 0, to: 4 },
  { key: '5-10', label: 'Age 5 to 10', from: 5, to: 10 },
  { key: '11-15', label: 'Age 11 to 15', from: 11, to: 15 },
  { key: '16-19', label: 'Age 16 to 19', from: 16, to: 19 },
  { key: '20-25', label: 'Age 20 to 25', from: 20, to: 25 },
] as const;
export type AgeBandKey = (typeof ageBands)[number]['key'];

/** The band an age falls in, by index into ageBands. */
export function bandIndexOf(age: number): number {
  if (age < 5) return 0;
  if (age < 11) return 1;
  if (age < 16) return 2;
  if (age < 20) return 3;
  return 4;
}

/** How the forecast's figures are broken down by age. */
export type AgeBasis = 'band' | 'single';

/** The age keys in order: the bands' keys, or '0' … '25'. */
export function ageKeys(basis: AgeBasis): string[] {
  if (basis === 'band') return ageBands.map((b) => b.key);
  return Array.from({ length: maxAge - minAge + 1 }, (_, i) => String(minAge + i));
}

/** The index of an age among ageKeys(basis). */
export function ageKeyIndex(basis: AgeBasis, age: number): number {
  return basis === 'band' ? bandIndexOf(age) : age - minAge;
}
