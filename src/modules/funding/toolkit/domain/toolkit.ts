import type { IsoDate } from '../../../../platform/kernel/dates.ts';
import { type PotYear, returnDueOn } from './years.ts';

/**
 * A cluster's toolkit for a pot, as figures: its allocation, what its spending plan plans, what
 * its panel agreed, what it spent, and what is left to carry forward; whether a panel was
 * quorate; where its end-of-year return stands; and what its host has to do next. Money in pence.
 */

export const planLineKinds = ['named_pupil', 'intervention', 'shared_staff', 'other'] as const;
export type PlanLineKind = (typeof planLineKinds)[number];

export const panelOutcomes = ['agreed', 'agreed_different_amount', 'declined', 'deferred'] as const;
export type PanelOutcome = (typeof panelOutcomes)[number];

export const isAgreed = (outcome: PanelOutcome) =>
  outcome === 'agreed' || outcome === 'agreed_different_amount';

export interface LineFacts {
  id: string;
  plannedPence: number;
}

export interface DecisionFacts {
  id: string;
  heldOn: IsoDate;
  outcome: PanelOutcome;
  agreedPence: number | null;
  planLineId: string | null;
  /** The deferred decision on the same request that this one, at a later panel, settles. */
  followsDecisionId: string | null;
}

export interface SpendFacts {
  planLineId: string;
  spentOn: IsoDate;
  amountPence: number;
}

export interface LineFigures {
  id: string;
  plannedPence: number;
  spentPence: number;
  /** Planned less spent: negative once the line has spent more than it planned. */
  balancePence: number;
  /** What the line has spent beyond its plan; 0 when within it. */
  overspentPence: number;
}

export interface ToolkitFigures {
  /** The cluster's allocation from the pot; null until the LA adopts the pot's allocations. */
  allocationPence: number | null;
  plannedPence: number;
  agreedPence: number;
  spentPence: number;
  /** The allocation less the spend, to carry forward; negative when the spend is more. Null with no allocation. */
  balancePence: number | null;
  /** What the plan comes to beyond the allocation (to be met from carry-forward); 0 within it. */
  overAllocationPence: number;
  /** What the spend comes to beyond the allocation; 0 within it. */
  overspendPence: number;
  /** Spend as a share of the allocation, in percent; null with no allocation or a nil one. */
  percentSpent: number | null;
  lines: LineFigures[];
}

export function toolkitFigures(
  allocationPence: number | null,
  lines: readonly LineFacts[],
  decisions: readonly DecisionFacts[],
  spend: readonly SpendFacts[],
): ToolkitFigures {
  const spentOn = new Map<string, number>();
  let spentPence = 0;
  for (const s of spend) {
    spentOn.set(s.planLineId, (spentOn.get(s.planLineId) ?? 0) + s.amountPence);
    spentPence += s.amountPence;
  }
  let plannedPence = 0;
  const lineFigures = lines.map((l) => {
    plannedPence += l.plannedPence;
    const spent = spentOn.get(l.id) ?? 0;
    return {
      id: l.id,
      plannedPence: l.plannedPence,
      spentPence: spent,
      balancePence: l.plannedPence - spent,
      overspentPence: Math.max(0, spent - l.plannedPence),
    };
  });
  let agreedPence = 0;
  for (const d of decisions) if (isAgreed(d.outcome)) agreedPence += d.agreedPence ?? 0;
  return {
    allocationPence,
    plannedPence,
    agreedPence,
    spentPence,
    balancePence: allocationPence === null ? null : allocationPence - spentPence,
    overAllocationPence: allocationPence === null ? 0 : Math.max(0, plannedPence - allocationPence),
    overspendPence: allocationPence === null ? 0 : Math.max(0, spentPence - allocationPence),
    percentSpent: allocationPence ? (spentPence / allocationPence) * 100 : null,
    lines: lineFigures,
  };
}

export interface Quorum {
  heads: number;
  present: number;
  /** At least half the cluster's heads, rounded up: 4 of 8, 4 of 7. */
  needed: number;
  quorate: boolean;
  /** Why the panel was not quorate, in the words the host reads; null when it was. */
  refusal: string | null;
}

/** A panel decides only with at least half the cluster's head teachers present. */
export function quorum(heads: number, present: number): Quorum {
  const needed = Math.max(1, Math.ceil(heads / 2));
  const quorate = heads > 0 && present >= needed;
  const were = present === 1 ? 'was' : 'were';
  const are = needed === 1 ? 'is' : 'are';
  const refusal = quorate
    ? null
    : heads === 0
      ? 'The cluster has no head teachers recorded, so no panel can be quorate: ask the LA to link each school’s head teacher'
      : `${present} of ${heads} heads ${were} present; at least ${needed} ${are} needed`;
  return { heads, present, needed, quorate, refusal };
}

export const returnStatuses = ['not_due', 'due', 'overdue', 'submitted', 'accepted', 'returned'] as const;
export type ReturnStatus = (typeof returnStatuses)[number];
export type ReturnState = 'submitted' | 'accepted' | 'returned';

/**
 * Where a cluster's end-of-year return stands on a day: as the LA last left it once submitted;
 * before that, not due while the year runs, due up to its due date, overdue after it.
 */
export function returnStatus(year: PotYear, today: IsoDate, state: ReturnState | null): ReturnStatus {
  if (state) return state;
  if (today <= year.endsOn) return 'not_due';
  return today <= returnDueOn(year) ? 'due' : 'overdue';
}

/** A return covers the whole year, so it is submitted once the year has ended. */
export const returnOpen = (year: PotYear, today: IsoDate) => today > year.endsOn;

/** What the host of a cluster has to do for a pot, most pressing first. */
export type HostTask =
  | { kind: 'write-plan' }
  | { kind: 'over-allocated'; pence: number }
  | { kind: 'plan-agreed'; decisions: number }
  | { kind: 'record-spend'; decisions: number }
  | { kind: 'overspent-lines'; lines: number; pence: number }
  | { kind: 'deferred'; decisions: number }
  | { kind: 'submit-return'; dueOn: IsoDate; overdue: boolean; yearEndsOn: IsoDate; yearEnded: boolean }
  | { kind: 'resubmit-return'; reason: string };

export interface TaskFacts {
  year: PotYear;
  today: IsoDate;
  allocated: boolean;
  figures: ToolkitFigures;
  decisions: readonly DecisionFacts[];
  spend: readonly SpendFacts[];
  returnState: ReturnState | null;
  returnedReason: string | null;
}

/**
 * The host's list. Nothing is theirs to do before the LA adopts the allocations, nor once the
 * return is submitted or accepted. An agreed decision is waiting for spend until something is
 * spent on its line on or after the day the panel met; a deferred request waits until a later
 * decision settles it.
 */
export function hostTasks(f: TaskFacts): HostTask[] {
  if (!f.allocated || f.returnState === 'submitted' || f.returnState === 'accepted') return [];
  const tasks: HostTask[] = [];
  const running = f.today <= f.year.endsOn;
  if (f.returnState === 'returned' && f.returnedReason)
    tasks.push({ kind: 'resubmit-return', reason: f.returnedReason });
  if (f.figures.lines.length === 0 && running) tasks.push({ kind: 'write-plan' });
  if (f.figures.overAllocationPence > 0)
    tasks.push({ kind: 'over-allocated', pence: f.figures.overAllocationPence });
  const agreed = f.decisions.filter((d) => isAgreed(d.outcome));
  const unplanned = agreed.filter((d) => d.planLineId === null).length;
  if (unplanned) tasks.push({ kind: 'plan-agreed', decisions: unplanned });
  const waiting = agreed.filter(
    (d) =>
      d.planLineId !== null && !f.spend.some((s) => s.planLineId === d.planLineId && s.spentOn >= d.heldOn),
  ).length;
  if (waiting) tasks.push({ kind: 'record-spend', decisions: waiting });
  const overspent = f.figures.lines.filter((l) => l.overspentPence > 0);
  if (overspent.length)
    tasks.push({
      kind: 'overspent-lines',
      lines: overspent.length,
      pence: overspent.reduce((sum, l) => sum + l.overspentPence, 0),
    });
  const settled = new Set(f.decisions.map((d) => d.followsDecisionId));
  const deferred = f.decisions.filter((d) => d.outcome === 'deferred' && !settled.has(d.id)).length;
  if (deferred && running) tasks.push({ kind: 'deferred', decisions: deferred });
  if (f.returnState === null) {
    const dueOn = returnDueOn(f.year);
    tasks.push({
      kind: 'submit-return',
      dueOn,
      overdue: f.today > dueOn,
      yearEndsOn: f.year.endsOn,
      yearEnded: !running,
    });
  }
  return tasks;
}
