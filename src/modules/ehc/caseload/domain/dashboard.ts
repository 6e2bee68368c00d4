import type { IsoDate } from '../../../../platform/kernel/dates.ts';
import { addDays } from '../../../../platform/kernel/days.ts';
import { wholeNumber } from '../../../../platform/kernel/numbers.ts';
import type { Owner, Step } from '../../domain/deadlines.ts';
import { openStages, type Stage, stepLabels } from '../../domain/summary.ts';

/** How urgent a request's next deadline is, today. */
export type Urgency = 'overdue' | 'due-within-7-days' | 'later' | 'none';

export function urgencyOf(nextDueOn: IsoDate | null, today: IsoDate): Urgency {
  if (!nextDueOn) return 'none';
  if (nextDueOn < today) return 'overdue';
  return nextDueOn <= addDays(today, 7) ? 'due-within-7-days' : 'later';
}

/** Weeks since request, grouped as a manager reads them: the statutory milestones, then the backlog. */
export const weekBands = [
  { label: 'Under 6 weeks', from: 0, to: 5 },
  { label: '6 to 11 weeks', from: 6, to: 11 },
  { label: '12 to 15 weeks', from: 12, to: 15 },
  { label: '16 to 19 weeks', from: 16, to: 19 },
  { label: '20 to 25 weeks', from: 20, to: 25 },
  { label: '26 to 51 weeks', from: 26, to: 51 },
  { label: '52 weeks or more', from: 52, to: Number.POSITIVE_INFINITY },
] as const;

export interface StageByWeek {
  stages: { stage: Stage; counts: number[]; total: number }[];
  totals: number[];
  total: number;
}

/** Open requests counted by stage (rows) and by band of weeks since request (columns). */
export function stageByWeek(rows: readonly { stage: string; week: number; count: number }[]): StageByWeek {
  const bandOf = (week: number) => weekBands.findIndex((b) => week >= b.from && week <= b.to);
  const stages = openStages.map((stage) => ({ stage, counts: weekBands.map(() => 0), total: 0 }));
  const totals = weekBands.map(() => 0);
  let total = 0;
  for (const r of rows) {
    const s = stages.find((x) => x.stage === r.stage);
    const b = bandOf(r.week);
    if (!s || b < 0) continue;
    s.counts[b] = (s.counts[b] ?? 0) + r.count;
    s.total += r.count;
    totals[b] = (totals[b] ?? 0) + r.count;
    total += r.count;
  }
  return { stages, totals, total };
}

const ownerWords: Record<Owner, string> = {
  la: '',
  adviser: ' (adviser)',
  setting: ' (setting)',
  'previous-la': ' (previous LA)',
  family: '',
};

/**
 * Why a breach happened, from the stored deadlines: the exception that excuses it, or the
 * earlier steps that ran late ("step|owner|days late|what it is about"), naming the advice or
 * setting that held it up, or that the delay was at this step.
 */
export function breachExplanation(exceptedBy: string | null, lateBefore: readonly string[]): string[] {
  if (exceptedBy) return [`Exception (${exceptedBy}) applies under reg 10(4)`];
  if (!lateBefore.length) return ['No earlier step ran late: the delay was at this step'];
  return lateBefore.map((entry) => {
    const [step, owner, days = '0', about] = entry.split('|');
    const late = `${wholeNumber(Number(days))} ${days === '1' ? 'day' : 'days'} late`;
    if (about) return `${about}: ${late}`;
    return `${stepLabels[step as Step] ?? step}${ownerWords[owner as Owner] ?? ''}: ${late}`;
  });
}
