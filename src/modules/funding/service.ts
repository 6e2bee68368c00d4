import { z } from 'zod';
import type { Tx } from '../../platform/db/tenancy.ts';
import { HttpProblem } from '../../platform/http/problem.ts';
import { fyEnd, fyLabel, fyOf } from '../../platform/kernel/financial-years.ts';
import { penceText } from '../../platform/kernel/money.ts';
import { ehcPlansBeingFinalised } from '../ehc/index.ts';
import {
  type budgetLineCodes,
  budgetLineOf,
  placementCostsInYear,
  placementsToConfirmInYear,
  placementTypes,
  specialistTypeOf,
  type YearCosts,
} from '../placements/index.ts';
import { establishmentSummaries } from '../providers/index.ts';
import { audit, authorise, type FundingContext, transaction } from './context.ts';
import { type BudgetPosition, budgetPosition, type ExpectedStarter } from './domain/position.ts';
import * as repo from './repo.ts';

/** The high needs block: a year's budget by line, and the live position against placements and expected starters. */

export type { FundingContext };

/** The lines a new year's budget starts with: one for each kind of placement cost, and central services. */
export const standardBudgetLines: Record<(typeof budgetLineCodes)[number], string> = {
  mainstream_top_ups: 'Mainstream top-ups (Element 3)',
  special_schools: 'Special schools',
  independent: 'Independent, non-maintained and out of county',
  post_16: 'Post-16',
  alternative_provision: 'Alternative provision',
  central_services: 'Central services',
};

const pence = (label: string) =>
  z
    .number({ error: `${label} must be a whole number of pence` })
    .int(`${label} must be a whole number of pence`)
    .min(0, `${label} must be 0 or more`)
    .max(100_000_000_000_00, `${label} is more than any budget: check it is in pence`);

export const budgetSchema = z
  .object({
    version: z.number({ error: 'version must be the version you read (0 for a new year)' }).int().min(0),
    allocationPence: pence('allocationPence'),
    esfaDirectPence: pence('esfaDirectPence').default(0),
    lines: z
      .array(
        z.object({
          code: z
            .string()
            .regex(
              /^[a-z][a-z0-9_]{0,39}$/,
              'code must be lower-case letters, digits and _, like special_schools',
            ),
          name: z
            .string()
            .trim()
            .min(1, 'Enter the line’s name')
            .max(100, 'name must be 100 characters or fewer'),
          budgetPence: pence('budgetPence'),
          otherCommittedPence: pence('otherCommittedPence').default(0),
        }),
      )
      .max(50, 'A budget can have at most 50 lines'),
  })
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.lines.forEach((l, i) => {
      if (seen.has(l.code))
        ctx.addIssue({
          code: 'custom',
          path: ['lines', i, 'code'],
          message: `Line ${l.code} is given twice`,
        });
      seen.add(l.code);
    });
    if (b.esfaDirectPence > b.allocationPence)
      ctx.addIssue({
        code: 'custom',
        path: ['esfaDirectPence'],
        message:
          'What the ESFA pays directly is part of the allocation, so it cannot be more than the allocation',
      });
    const lines = b.lines.reduce((sum, l) => sum + l.budgetPence, 0);
    if (lines > b.allocationPence - b.esfaDirectPence)
      ctx.addIssue({
        code: 'custom',
        path: ['lines'],
        message: `The lines add up to more than the LA's own budget (the allocation less what the ESFA pays directly): reduce them by ${penceText(lines - (b.allocationPence - b.esfaDirectPence))}`,
      });
  });
export type BudgetInput = z.output<typeof budgetSchema>;

export interface Budget {
  fy: number;
  label: string;
  allocationPence: number;
  esfaDirectPence: number;
  /** What passes through the LA's own budget: the allocation less the ESFA's direct payments. */
  ownBudgetPence: number;
  /** The LA's own budget not yet given to a line. */
  unallocatedPence: number;
  lines: repo.BudgetLineRow[];
  version: number;
  updatedAt: Date | null;
}

async function readBudget(tx: Tx, laCode: string, fy: number): Promise<Budget | null> {
  const row = await repo.findBudget(tx, laCode, fy);
  if (!row) return null;
  const lines = await repo.budgetLines(tx, laCode, fy);
  const own = row.allocationPence - row.esfaDirectPence;
  return {
    fy,
    label: fyLabel(fy),
    allocationPence: row.allocationPence,
    esfaDirectPence: row.esfaDirectPence,
    ownBudgetPence: own,
    unallocatedPence: own - lines.reduce((s, l) => s + l.budgetPence, 0),
    lines,
    version: row.version,
    updatedAt: row.updatedAt,
  };
}

export function getBudget(ctx: FundingContext, fy: number): Promise<Budget | null> {
  authorise(ctx, 'finance:read');
  return transaction(ctx, (tx) => readBudget(tx, ctx.principal.laCode, fy));
}

/** The financial years the LA has set a budget for, earliest first. */
export function budgetYears(ctx: FundingContext): Promise<number[]> {
  authorise(ctx, 'finance:read');
  return transaction(ctx, (tx) => repo.budgetYears(tx, ctx.principal.laCode));
}

export function setBudget(ctx: FundingContext, fy: number, input: BudgetInput): Promise<Budget> {
  authorise(ctx, 'finance:manage');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const before = await readBudget(tx, laCode, fy);
    const saved = await repo.saveBudget(tx, laCode, fy, input, input.version, ctx.principal.userId);
    if (!saved)
      throw new HttpProblem(
        409,
        'Conflict',
        before
          ? `Someone changed the ${fyLabel(fy)} budget since you read it (it is now at version ${before.version}). Read it again.`
          : `Someone set the ${fyLabel(fy)} budget while you were writing it. Read it again.`,
        [{ field: 'version', message: `The budget is now at version ${before?.version ?? 1}` }],
      );
    await audit(tx, ctx, {
      action: 'finance.budget.set',
      entityType: 'high-needs-budget',
      entityId: null,
      childId: null,
      detail: {
        fy: fyLabel(fy),
        before: before
          ? {
              allocationPence: before.allocationPence,
              esfaDirectPence: before.esfaDirectPence,
              lines: before.lines,
            }
          : null,
        after: {
          allocationPence: input.allocationPence,
          esfaDirectPence: input.esfaDirectPence,
          lines: input.lines,
        },
      },
    });
    return (await readBudget(tx, laCode, fy)) as Budget;
  });
}

export const expectedCostsSchema = z.object({
  items: z
    .array(
      z.object({
        placementType: z.enum(placementTypes, {
          error: `placementType must be one of ${placementTypes.join(', ')}`,
        }),
        annualPence: pence('annualPence'),
      }),
    )
    .max(placementTypes.length)
    .refine(
      (items) => new Set(items.map((i) => i.placementType)).size === items.length,
      'Each placement type once',
    ),
});

export function getExpectedCosts(ctx: FundingContext): Promise<Record<string, number>> {
  authorise(ctx, 'finance:read');
  return transaction(ctx, (tx) => repo.expectedCosts(tx, ctx.principal.laCode));
}

export function setExpectedCosts(
  ctx: FundingContext,
  input: z.output<typeof expectedCostsSchema>,
): Promise<Record<string, number>> {
  authorise(ctx, 'finance:manage');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const before = await repo.expectedCosts(tx, laCode);
    await repo.saveExpectedCosts(tx, laCode, input.items);
    const after = await repo.expectedCosts(tx, laCode);
    await audit(tx, ctx, {
      action: 'finance.expected-costs.set',
      entityType: 'expected-placement-costs',
      childId: null,
      detail: { before, after },
    });
    return after;
  });
}

export interface Position extends BudgetPosition {
  label: string;
  /** Placements EHC plans made whose costs are still to be entered, counted among the expected starters. */
  placementsToConfirm: number;
  budget: Budget | null;
  outsideBlock: Record<'esfa_direct' | 'health' | 'social_care' | 'transport', number>;
  /** The position at the start of each month it was looked at, for the trend. */
  trend: { takenOn: string; budgetPence: number; committedPence: number; forecastPence: number }[];
}

/** An expected starter, with the child and the setting the plan being finalised names. */
export interface NamedStarter extends ExpectedStarter {
  childId: string;
  establishmentId: string;
}

/** Plans being finalised that name a specialist setting: the placements expected to start. */
export async function expectedStarters(tx: Tx, laCode: string, fy: number): Promise<NamedStarter[]> {
  const plans = await ehcPlansBeingFinalised(tx, laCode);
  const settings = await establishmentSummaries(tx, [...new Set(plans.map((p) => p.establishmentId))]);
  const byId = new Map(settings.map((s) => [s.id, s]));
  return plans.flatMap((p) => {
    const setting = byId.get(p.establishmentId);
    const type = setting ? specialistTypeOf(setting) : null;
    if (!type || p.expectedFinalOn > fyEnd(fy)) return [];
    return [
      {
        placementType: type,
        budgetLine: budgetLineOf(type, 'top_up'),
        expectedStartOn: p.expectedFinalOn,
        childId: p.childId,
        establishmentId: p.establishmentId,
      },
    ];
  });
}

/** A placement made from an issued plan, its costs to confirm, as an expected starter of its type. */
export const startingToConfirm = (p: YearCosts['costsToConfirm'][number]) => ({
  childId: p.childId,
  establishmentId: p.establishmentId,
  providerName: p.providerName,
  placementType: p.placementType,
  budgetLine: p.budgetLine,
  expectedStartOn: p.from,
  expectedEndOn: p.to,
  committedPence: p.committedPence,
});

/**
 * The year's expected starters of a type with no expected cost: what the forecast leaves out until
 * someone prices the type. Read without taking the month's snapshot, as the position does.
 */
export function unpricedStarters(ctx: FundingContext, fy: number): Promise<ExpectedStarter[]> {
  authorise(ctx, 'finance:read');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const starters = await expectedStarters(tx, laCode, fy);
    const toConfirm = await placementsToConfirmInYear(tx, laCode, fy);
    const averages = await repo.expectedCosts(tx, laCode);
    return [...starters, ...toConfirm.map(startingToConfirm)].filter(
      (s) => !Object.hasOwn(averages, s.placementType),
    );
  });
}

/**
 * The live position for a financial year: each line's budget against what placements commit, what
 * awaits approval and what expected starters will cost by 31 March. Looking at this year's
 * position records it as the month's snapshot the first time each month.
 */
export function getPosition(ctx: FundingContext, fy: number): Promise<Position> {
  authorise(ctx, 'finance:read');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const [budget, costs, starters, averages] = await Promise.all([
      readBudget(tx, laCode, fy),
      placementCostsInYear(tx, laCode, fy),
      expectedStarters(tx, laCode, fy),
      repo.expectedCosts(tx, laCode),
    ]);
    const position = budgetPosition({
      fy,
      budgetLines: budget?.lines ?? [],
      committed: costs.committed,
      awaitingApproval: costs.awaitingApproval,
      // A plan due before the year starts is a placement from 1 April: the domain counts it so.
      // Once issued, its placement counts the same way until its costs are entered.
      expectedStarters: [...starters, ...costs.costsToConfirm.map(startingToConfirm)],
      averageAnnualCost: averages,
    });
    if (fyOf(ctx.today) === fy)
      await repo.takeSnapshot(
        tx,
        laCode,
        fy,
        ctx.today,
        position.lines.map((l) => ({
          budgetLine: l.code,
          budgetPence: l.budget,
          committedPence: l.committed,
          forecastPence: l.forecast,
        })),
      );
    const byDay = new Map<string, Position['trend'][number]>();
    for (const s of await repo.snapshots(tx, laCode, fy)) {
      const day = byDay.get(s.takenOn) ?? {
        takenOn: s.takenOn,
        budgetPence: 0,
        committedPence: 0,
        forecastPence: 0,
      };
      byDay.set(s.takenOn, day);
      day.budgetPence += s.budgetPence;
      day.committedPence += s.committedPence;
      day.forecastPence += s.forecastPence;
    }
    return {
      ...position,
      label: fyLabel(fy),
      placementsToConfirm: costs.costsToConfirm.length,
      budget,
      outsideBlock: costs.outsideBlock,
      trend: [...byDay.values()],
    };
  });
}
