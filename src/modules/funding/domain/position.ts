import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { clipToFy } from '../../../platform/kernel/financial-years.ts';
import { accrue } from '../../../platform/kernel/money.ts';

/**
 * The high needs block's live position for a financial year (DESIGN §3.2): each budget line's
 * budget against what is committed, what awaits approval and what the expected new placements will
 * cost by 31 March. Placement types and budget line codes are plain strings here, since funding
 * knows placements only through the figures it is given.
 */

export interface BudgetLineInput {
  code: string;
  name: string;
  budgetPence: number;
  /** Commitments made outside placements (central services, contracts), in pence. */
  otherCommittedPence: number;
}

/** Placements' cost to the high needs block this year against one budget line. */
export interface LineCost {
  budgetLine: string;
  pence: number;
}

/**
 * A placement expected to start: a plan being finalised that names a specialist setting, or a
 * placement an issued plan made whose costs a finance officer has not yet entered. Either counts
 * at the average cost of its type from its start to its end or 31 March, so a plan stays in the
 * forecast from its draft to the day its costs are entered.
 */
export interface ExpectedStarter {
  placementType: string;
  budgetLine: string;
  expectedStartOn: IsoDate;
  /** The last day it is expected to run, if known before 31 March. */
  expectedEndOn?: IsoDate | null;
  /** What its own cost lines (a plan's place funding) already commit in the year: counted once, in committed. */
  committedPence?: number;
}

export interface BudgetPositionInput {
  fy: number;
  budgetLines: readonly BudgetLineInput[];
  /** Approved placements, and those that need no approval; the high needs payer's share only. */
  committed: readonly LineCost[];
  awaitingApproval: readonly LineCost[];
  expectedStarters: readonly ExpectedStarter[];
  /** Pence a year a placement of each type costs on average. */
  averageAnnualCost: Readonly<Partial<Record<string, number>>>;
}

export interface PositionFigures {
  budget: number;
  /** Placements committed plus the line's other commitments. */
  committed: number;
  awaitingApproval: number;
  expectedStarters: number;
  /** committed + awaitingApproval + expectedStarters. */
  forecast: number;
  /** budget − forecast: negative is an overspend. */
  variance: number;
}

export interface PositionLine extends PositionFigures {
  code: string;
  name: string;
  /** False for a line made up for costs against a code the budget does not have. */
  inBudget: boolean;
}

export interface BudgetPosition {
  fy: number;
  lines: PositionLine[];
  totals: PositionFigures;
  /** Expected starters of a type with no average cost: not costed, rather than costed at nothing. */
  unpricedStarters: ExpectedStarter[];
}

/**
 * What an expected starter will cost the year beyond what its own lines commit: the average for
 * the type, from the expected start, or 1 April if that has passed, to its end or 31 March;
 * nothing if it starts after the year. Null when the type has no average cost, so it can be shown
 * as unpriced rather than costed at nothing.
 */
export function expectedStarterCost(
  fy: number,
  starter: Pick<ExpectedStarter, 'placementType' | 'expectedStartOn' | 'expectedEndOn' | 'committedPence'>,
  averageAnnualCost: Readonly<Partial<Record<string, number>>>,
): number | null {
  // Own keys only: a type is never priced by something every object inherits.
  const average = Object.hasOwn(averageAnnualCost, starter.placementType)
    ? averageAnnualCost[starter.placementType]
    : undefined;
  if (average === undefined) return null;
  const days = clipToFy(fy, starter.expectedStartOn, starter.expectedEndOn ?? null);
  // What its own lines commit is already committed, so only the rest is added.
  return days === null ? 0 : Math.max(0, accrue(average, days.from, days.to) - (starter.committedPence ?? 0));
}

export const notInBudgetName = 'Not in the budget';

interface Tally {
  code: string;
  name: string;
  inBudget: boolean;
  budget: number;
  committed: number;
  awaitingApproval: number;
  expectedStarters: number;
}

export function budgetPosition(input: BudgetPositionInput): BudgetPosition {
  const tallies = new Map<string, Tally>();
  for (const line of input.budgetLines) {
    if (tallies.has(line.code)) throw new RangeError(`budget line ${line.code} is given twice`);
    tallies.set(line.code, {
      code: line.code,
      name: line.name,
      inBudget: true,
      budget: line.budgetPence,
      committed: line.otherCommittedPence,
      awaitingApproval: 0,
      expectedStarters: 0,
    });
  }
  const unbudgeted: Tally[] = [];
  const tally = (code: string): Tally => {
    let found = tallies.get(code);
    if (found === undefined) {
      found = {
        code,
        name: notInBudgetName,
        inBudget: false,
        budget: 0,
        committed: 0,
        awaitingApproval: 0,
        expectedStarters: 0,
      };
      tallies.set(code, found);
      unbudgeted.push(found);
    }
    return found;
  };

  for (const cost of input.committed) tally(cost.budgetLine).committed += cost.pence;
  for (const cost of input.awaitingApproval) tally(cost.budgetLine).awaitingApproval += cost.pence;

  const unpricedStarters: ExpectedStarter[] = [];
  for (const starter of input.expectedStarters) {
    const pence = expectedStarterCost(input.fy, starter, input.averageAnnualCost);
    if (pence === null) unpricedStarters.push(starter);
    else tally(starter.budgetLine).expectedStarters += pence;
  }

  const figures = (t: Omit<Tally, 'code' | 'name' | 'inBudget'>): PositionFigures => {
    const forecast = t.committed + t.awaitingApproval + t.expectedStarters;
    return {
      budget: t.budget,
      committed: t.committed,
      awaitingApproval: t.awaitingApproval,
      expectedStarters: t.expectedStarters,
      forecast,
      variance: t.budget - forecast,
    };
  };

  unbudgeted.sort((a, b) => a.code.localeCompare(b.code));
  const ordered = [...[...tallies.values()].filter((t) => t.inBudget), ...unbudgeted];
  const lines = ordered.map((t) => ({ code: t.code, name: t.name, inBudget: t.inBudget, ...figures(t) }));
  const sum = (key: 'budget' | 'committed' | 'awaitingApproval' | 'expectedStarters') =>
    ordered.reduce((total, t) => total + t[key], 0);
  const totals = figures({
    budget: sum('budget'),
    committed: sum('committed'),
    awaitingApproval: sum('awaitingApproval'),
    expectedStarters: sum('expectedStarters'),
  });
  return { fy: input.fy, lines, totals, unpricedStarters };
}
