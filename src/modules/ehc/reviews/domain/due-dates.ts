import { academicYearStart, ageOn, type IsoDate } from '../../../../platform/kernel/dates.ts';
import { addCalendarMonths, addDays } from '../../../../platform/kernel/days.ts';

/**
 * When each EHC plan must next be reviewed, and the phase transfer a child is coming up to.
 * Pure, like the assessment deadlines: the same plan, child and day give the same dates.
 */

export interface PlanDates {
  /** The day the plan was made (for a plan transferred in, the day the old LA made it: reg 15(3)). */
  issuedOn: IsoDate;
  /** The last review's end: the day the LA told the family its decision. */
  lastReviewedOn: IsoDate | null;
  /** The day the plan transferred in from another LA, if it did. */
  transferredInOn: IsoDate | null;
}

export interface ReviewDue {
  /** The last day the review can end (the LA's decision) and be on time. */
  dueOn: IsoDate;
  rule: string;
}

/**
 * The last day of the period of `months` months starting with `start`: the day before the same
 * date `months` on. Where that month has no such date the next period would begin on the 1st of
 * the month after, so this one ends on the month's last day: 12 months starting with 29 February
 * 2024 end on 28 February 2025, as a 29 February birthday falls on 1 March in a common year.
 */
function lastDayOfPeriod(start: IsoDate, months: number): IsoDate {
  const same = addCalendarMonths(start, months);
  return same.slice(8) === start.slice(8) ? addDays(same, -1) : same;
}

/**
 * CFA 2014 s44(1): a review within "the period of 12 months starting with" the day the plan was
 * made, then with the day it was last reviewed. A period starting with a day counts that day,
 * so it ends the day before the same date a year on: made 10 March 2026, due by 9 March 2027.
 * A plan transferred in is due by the later of that and the end of 3 months from the transfer
 * (reg 15(5)), counted the same way.
 */
export function reviewDue(plan: PlanDates): ReviewDue {
  const base =
    plan.lastReviewedOn && plan.lastReviewedOn > plan.issuedOn ? plan.lastReviewedOn : plan.issuedOn;
  const yearly = lastDayOfPeriod(base, 12);
  const rule =
    base === plan.issuedOn
      ? 'CFA 2014 s44(1): within 12 months of the plan being made'
      : 'CFA 2014 s44(1): within 12 months of the last review';
  if (plan.transferredInOn) {
    const afterTransfer = lastDayOfPeriod(plan.transferredInOn, 3);
    if (afterTransfer > yearly)
      return { dueOn: afterTransfer, rule: 'reg 15(5): within 3 months of the plan transferring in' };
  }
  return { dueOn: yearly, rule };
}

/** Code of Practice 9.178: for a child under 5, review every 3 to 6 months. A recommendation, not a duty. */
export interface EarlyYearsRecommendation {
  from: IsoDate;
  by: IsoDate;
}

export function earlyYearsRecommendation(
  plan: PlanDates,
  dateOfBirth: IsoDate,
): EarlyYearsRecommendation | null {
  const base =
    plan.lastReviewedOn && plan.lastReviewedOn > plan.issuedOn ? plan.lastReviewedOn : plan.issuedOn;
  const by = lastDayOfPeriod(base, 6);
  // Only while the child is still under 5 when the recommended review falls.
  if (ageOn(dateOfBirth, by) >= 5) return null;
  return { from: addCalendarMonths(base, 3), by };
}

/** reg 2's transfers between phases of education, by where the child goes. */
export type PhaseTo = 'school' | 'junior' | 'middle' | 'secondary' | 'post-16';

export const phaseToLabels: Record<PhaseTo, string> = {
  school: 'Early years to school',
  junior: 'Infant to junior',
  middle: 'Primary to middle',
  secondary: 'To secondary',
  'post-16': 'Secondary to post-16',
};

/** What the plan's setting (or, without one, the child's school) tells of its phase, as GIAS records it. */
export interface SettingPhase {
  /** GIAS PhaseOfEducation: "Primary", "Secondary", "Middle deemed primary", "16 plus", "Nursery", "All-through", "Not applicable". */
  phase: string | null;
  /** early_years, post_16, school... as the providers register keeps it. */
  settingKind: string | null;
  statutoryLowAge: number | null;
  statutoryHighAge: number | null;
}

export interface PhaseTransfer {
  to: PhaseTo;
  /** 1 September of the year of transfer. */
  transferOn: IsoDate;
  /**
   * reg 18: the plan must be amended *before* this day (15 February, or 31 March for secondary to
   * post-16). Kept as the regulation names it; a plan amended on it is late.
   */
  deadline: IsoDate;
  /** The last day an amendment is on time: the day before the deadline. */
  dueOn: IsoDate;
}

/** Years are counted as ages on 31 August before the academic year: 4 is Reception, 10 is Year 6, 15 is Year 11. */
const yearOfAge = (age: number) => age - 4;

/**
 * The phase transfer coming at the end of this academic year, if the child is in the last year
 * of their phase (reg 18 applies within the 12 months before a transfer). From the child's age,
 * so year group by date of birth, and the setting's phase and age range: an infant school (to 7)
 * ends in Year 2, a first school (to 9) in Year 4, a primary (to 11) in Year 6, a middle school
 * (to 12 or 13) in Year 7 or 8, a secondary without a sixth form (to 16) in Year 11. A child in
 * early years in their last year before Reception is coming up to school. A setting that carries
 * the child on (an all-through or all-age special school, a secondary with a sixth form, a
 * post-16 college) has no transfer between the phases reg 2 lists.
 */
export function phaseTransferOf(
  dateOfBirth: IsoDate,
  setting: SettingPhase | null,
  today: IsoDate,
): PhaseTransfer | null {
  const year = academicYearStart(today);
  const age = ageOn(dateOfBirth, `${year}-08-31`);
  const to = transferAtEndOfYear(age, setting);
  if (!to) return null;
  const deadline = to === 'post-16' ? `${year + 1}-03-31` : `${year + 1}-02-15`;
  return { to, transferOn: `${year + 1}-09-01`, deadline, dueOn: addDays(deadline, -1) };
}

function transferAtEndOfYear(age: number, setting: SettingPhase | null): PhaseTo | null {
  const phase = (setting?.phase ?? '').toLowerCase();
  const kind = setting?.settingKind ?? null;
  const high = setting?.statutoryHighAge ?? null;
  const low = setting?.statutoryLowAge ?? null;
  const yearGroup = yearOfAge(age);
  if (kind === 'early_years' || phase === 'nursery' || !setting)
    // Without a setting the child's age alone says where they are: nursery age, or school age in the usual pattern.
    return age === 3 ? 'school' : !setting ? usualTransfer(yearGroup) : null;
  if (kind === 'post_16' || phase === '16 plus') return null;
  if (phase === 'all-through') return null;
  if (phase === 'primary' || phase === 'middle deemed primary' || phase === 'middle deemed secondary') {
    const lastYear = yearOfAge((high ?? (phase === 'primary' ? 11 : 13)) - 1);
    if (yearGroup !== lastYear) return null;
    if (phase !== 'primary') return 'secondary';
    if (lastYear <= 2) return 'junior';
    if (lastYear <= 5) return 'middle';
    return 'secondary';
  }
  if (phase === 'secondary') return high !== null && high <= 16 && yearGroup === 11 ? 'post-16' : null;
  // Special schools and others GIAS gives no phase: their age range decides.
  if (high !== null && high <= 11 && yearGroup === yearOfAge(high - 1)) return 'secondary';
  if (high !== null && high <= 16 && (low ?? 0) >= 11 && yearGroup === 11) return 'post-16';
  return null;
}

function usualTransfer(yearGroup: number): PhaseTo | null {
  if (yearGroup === 6) return 'secondary';
  if (yearGroup === 11) return 'post-16';
  return null;
}
