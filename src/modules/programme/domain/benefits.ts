/**
 * Where a benefit stands: its latest actual against what was planned for that year, and against
 * its target. Where no figure was planned for a year, the plan is the straight line from the
 * baseline to the target. "Better" follows the benefit's direction: fewer children placed
 * independently, more places. Pure.
 */

export interface BenefitPlan {
  direction: 'increase' | 'decrease';
  baseline: number;
  baselineYear: number;
  target: number;
  targetYear: number;
}

export type BenefitStatus = 'achieved' | 'on-track' | 'behind' | 'no-actual';

export const benefitStatusLabels: Record<BenefitStatus, string> = {
  achieved: 'Target met',
  'on-track': 'On track',
  behind: 'Behind plan',
  'no-actual': 'Not measured yet',
};

/** The planned value for a year: the figure given for it, else the straight line baseline → target. */
export function plannedFor(b: BenefitPlan, year: number, given: number | null): number {
  if (given !== null) return given;
  if (year >= b.targetYear || b.targetYear === b.baselineYear) return b.target;
  if (year <= b.baselineYear) return b.baseline;
  return b.baseline + ((b.target - b.baseline) * (year - b.baselineYear)) / (b.targetYear - b.baselineYear);
}

const atLeast = (b: BenefitPlan, actual: number, mark: number) =>
  b.direction === 'increase' ? actual >= mark : actual <= mark;

export function benefitStatus(
  b: BenefitPlan,
  latest: { year: number; actual: number; planned: number | null } | null,
): BenefitStatus {
  if (!latest) return 'no-actual';
  if (atLeast(b, latest.actual, b.target)) return 'achieved';
  return atLeast(b, latest.actual, plannedFor(b, latest.year, latest.planned)) ? 'on-track' : 'behind';
}
