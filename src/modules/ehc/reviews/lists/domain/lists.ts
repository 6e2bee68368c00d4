import type { IsoDate } from '../../../../../platform/kernel/dates.ts';
import { addCalendarMonths, addDays, dayNumber } from '../../../../../platform/kernel/days.ts';
import { type ReviewStage, reviewLimits } from '../../domain/process.ts';

/**
 * What the review lists group and count, as pure rules: which plans fall due in the next 8
 * weeks, how far overdue a review is, where a phase transfer stands against reg 18's deadline,
 * and the completion figures a council reports. The same day gives the same answers.
 */

/** The due list looks 8 weeks (56 days) ahead, today included. */
const dueWindowDays = 56;

/** The last day of the due list's window: a plan is due within it when due from today to this day. */
export const dueWindowEnd = (today: IsoDate) => addDays(today, dueWindowDays);

/**
 * Days a review is overdue: the stored due date is the last day it is on time (CFA 2014 s44's 12
 * months "starting with"), so the day after it is 1 day overdue. Zero or less is not overdue.
 */
export const daysOverdue = (dueOn: IsoDate, today: IsoDate) => dayNumber(today) - dayNumber(dueOn);

/** How long reviews are overdue, as a manager reads a backlog: each band's most days, in order. */
export const overdueBands = [
  { key: 'up-to-4-weeks', label: 'Up to 4 weeks', maxDays: 28 },
  { key: '4-to-12-weeks', label: 'Over 4 and up to 12 weeks', maxDays: 84 },
  { key: '12-to-26-weeks', label: 'Over 12 and up to 26 weeks', maxDays: 182 },
  { key: '26-to-52-weeks', label: 'Over 26 and up to 52 weeks', maxDays: 364 },
  { key: 'over-52-weeks', label: 'Over 52 weeks', maxDays: Number.POSITIVE_INFINITY },
] as const;
export type OverdueBand = (typeof overdueBands)[number];

/** The band of a review `days` overdue (1 or more). */
export function overdueBandOf(days: number): OverdueBand {
  // The last band has no upper bound, so one is always found.
  return overdueBands.find((b) => days <= b.maxDays) ?? overdueBands[4];
}

/** Overdue plans counted by band, from counts by days overdue. */
export function countByBand(rows: readonly { days: number; count: number }[]) {
  const counts = overdueBands.map((b) => ({ key: b.key, label: b.label, count: 0 }));
  for (const r of rows) {
    if (r.days < 1) continue;
    const i = overdueBands.indexOf(overdueBandOf(r.days));
    const c = counts[i];
    if (c) c.count += r.count;
  }
  return counts;
}

// ── Phase transfers ─────────────────────────────────────────────────────────────────────

/**
 * The phase transfers of this academic year's cohort (those moving on next September) have
 * their deadline in February or March of the academic year's second calendar year: reg 18's 15
 * February, or 31 March from secondary to post-16.
 */
export function phaseCohortDeadlines(academicYear: number): { from: IsoDate; to: IsoDate } {
  return { from: `${academicYear + 1}-02-01`, to: `${academicYear + 1}-03-31` };
}

export type PhaseTransferStatus =
  | 'not-started'
  | 'in-progress'
  | 'amended-on-time'
  | 'amended-late'
  | 'deadline-missed';

export const phaseTransferStatusLabels: Record<PhaseTransferStatus, string> = {
  'deadline-missed': 'Deadline missed',
  'not-started': 'Not started',
  'in-progress': 'In progress',
  'amended-late': 'Amended late',
  'amended-on-time': 'Amended on time',
};

/** The order a coordinator works through the cohort: what is lost first, then what is still to do. */
export const phaseTransferStatusOrder: readonly PhaseTransferStatus[] = [
  'deadline-missed',
  'not-started',
  'in-progress',
  'amended-late',
  'amended-on-time',
];

export interface PhaseTransferFacts {
  /** reg 18's date: the plan must be amended *before* it. */
  deadline: IsoDate;
  /** The day the amended plan for the transfer was issued, if it has been. */
  amendedOn: IsoDate | null;
  /** The stage of the review open on the plan, or null when none is. */
  openReviewStage: ReviewStage | null;
}

export interface PhaseTransferStanding {
  status: PhaseTransferStatus;
  /** Days from today to the deadline: 0 on the deadline itself, when an amendment is already late. */
  daysToDeadline: number;
}

/**
 * Where a phase transfer stands today. An amendment is on time only before the deadline, so one
 * issued on 15 February is late; with none issued, the deadline is missed from the deadline day.
 * Before then a review that has begun (the meeting arranged, or further) is in progress.
 */
export function phaseTransferStanding(f: PhaseTransferFacts, today: IsoDate): PhaseTransferStanding {
  const daysToDeadline = dayNumber(f.deadline) - dayNumber(today);
  const status: PhaseTransferStatus = f.amendedOn
    ? f.amendedOn < f.deadline
      ? 'amended-on-time'
      : 'amended-late'
    : today >= f.deadline
      ? 'deadline-missed'
      : f.openReviewStage && f.openReviewStage !== 'not-started'
        ? 'in-progress'
        : 'not-started';
  return { status, daysToDeadline };
}

// ── Completion statistics ───────────────────────────────────────────────────────────────

/** The period the completion figures are for when none is chosen: the 12 months to today. */
export function lastTwelveMonths(today: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: addDays(addCalendarMonths(today, -12), 1), to: today };
}

/**
 * The three measures of reviews a council reports, each a deadline of the review cycle (see
 * reviews/domain/process.ts): the LA's decision within 4 weeks of the meeting (reg 20(10)), the
 * review ended with that decision within 12 months (CFA 2014 s44(1)), and the plan amended before
 * reg 18's phase transfer deadline.
 */
export const completionMeasures = [
  {
    key: 'decision',
    step: 'decision',
    label: 'Decisions within 4 weeks of the meeting',
    definition:
      'Review decisions (maintain, amend or cease) due in the period, and whether each was made within 4 weeks of the meeting (reg 20(10)).',
  },
  {
    key: 'review',
    step: 'review-due',
    label: 'Reviews completed within 12 months',
    definition:
      'Reviews due in the period, and whether the LA’s decision ended each within 12 months of the plan or the last review (CFA 2014 s44(1)). A plan whose review fell due without one being started counts as missed.',
  },
  {
    key: 'phaseTransfer',
    step: 'phase-transfer',
    label: 'Phase transfers amended by the deadline',
    definition:
      'Phase transfer deadlines (before 15 February, or 31 March to post-16) that fell in the period, and whether the amended plan was issued before each (reg 18). A plan whose deadline passed without a review started counts as missed.',
  },
] as const;
export type CompletionMeasureKey = (typeof completionMeasures)[number]['key'];
export type CompletionStep = (typeof completionMeasures)[number]['step'];

/**
 * One measure's count. A deadline counts once it is settled: met (done by its last day), or
 * missed (done late, or still undone after it). One still open and not yet past is left out.
 */
export interface Completion {
  met: number;
  /** Deadlines counted: met and missed. */
  counted: number;
  missed: number;
  /** Percentage met to one decimal place, as the DfE publishes its figures; null with none counted. */
  percentMet: number | null;
}

const percentOf = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((1000 * part) / whole) / 10;

export function completion(met: number, counted: number): Completion {
  return { met, counted, missed: counted - met, percentMet: percentOf(met, counted) };
}

export interface MonthCount {
  /** The first day of the month. */
  month: IsoDate;
  step: CompletionStep;
  met: number;
  counted: number;
}

export interface CompletionFigures {
  from: IsoDate;
  to: IsoDate;
  totals: Record<CompletionMeasureKey, Completion>;
  months: ({ month: IsoDate } & Record<CompletionMeasureKey, Completion>)[];
}

/** The first of each month from the period's first to its last, in order. */
export function monthsOf(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let m = `${from.slice(0, 7)}-01`; m <= to; m = addCalendarMonths(m, 1)) out.push(m);
  return out;
}

/** The period's figures, and month by month (every month, those with nothing in them too). */
export function completionFigures(
  from: IsoDate,
  to: IsoDate,
  counts: readonly MonthCount[],
): CompletionFigures {
  const keyOf = (step: string) => completionMeasures.find((m) => m.step === step)?.key;
  const empty = () =>
    Object.fromEntries(completionMeasures.map((m) => [m.key, { met: 0, counted: 0 }])) as Record<
      CompletionMeasureKey,
      { met: number; counted: number }
    >;
  const sums = empty();
  const byMonth = new Map(monthsOf(from, to).map((m) => [m, empty()]));
  for (const c of counts) {
    const key = keyOf(c.step);
    const month = byMonth.get(c.month);
    if (!key || !month) continue;
    month[key].met += c.met;
    month[key].counted += c.counted;
    sums[key].met += c.met;
    sums[key].counted += c.counted;
  }
  const finish = (s: ReturnType<typeof empty>) =>
    Object.fromEntries(
      completionMeasures.map((m) => [m.key, completion(s[m.key].met, s[m.key].counted)]),
    ) as Record<CompletionMeasureKey, Completion>;
  return {
    from,
    to,
    totals: finish(sums),
    months: [...byMonth].map(([month, s]) => ({ month, ...finish(s) })),
  };
}

// ── The setting's review report ─────────────────────────────────────────────────────────

export type ReportStatus = 'no-meeting' | 'due' | 'overdue' | 'received';

/**
 * Where the setting's review report stands: owed once the meeting is held, due by the end of the
 * 2 weeks after it (reg 20(8): held 16 March, due by 30 March), overdue from the day after.
 */
export function reportStanding(
  review: { heldOn: IsoDate | null; reportOn: IsoDate | null } | null,
  today: IsoDate,
): { status: ReportStatus; dueOn: IsoDate | null } {
  if (!review?.heldOn) return { status: 'no-meeting', dueOn: null };
  const dueOn = addDays(review.heldOn, reviewLimits.report);
  if (review.reportOn) return { status: 'received', dueOn };
  return { status: today > dueOn ? 'overdue' : 'due', dueOn };
}
