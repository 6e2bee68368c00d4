import type { Tx } from '../../../platform/db/tenancy.ts';
import { conflict, type FieldError, notFound, unprocessable } from '../../../platform/http/problem.ts';
import { parseOrThrow } from '../../../platform/http/validation.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { clusterSchoolsOn } from '../../providers/index.ts';
import { audit, authorise, type FundingContext, transaction } from '../context.ts';
import { lastYearOf } from '../factors/read.ts';
import * as factors from '../factors/repo.ts';
import { type CentralUse, overTheShare, shareTooSmall, usesTotal } from './domain/central-uses.ts';
import { splitPot } from './domain/split.ts';
import type { LastYear } from './domain/todo.ts';
import { potYearLabel, potYearStart } from './domain/years.ts';
import * as repo from './repo.ts';
import {
  type CentralUseInput,
  centralUseSchema,
  type PotChange,
  type PotInput,
  potChangeSchema,
  potSchema,
} from './schemas.ts';

/**
 * Funding pots for the finance team: each year's pot split between clusters and the centre, what
 * the central share pays for, and how ready each pot is to be shared out (its schools' factor
 * data, last year's allocations, its scenarios).
 */

export interface MissingSchool {
  id: string;
  urn: number | null;
  name: string;
  clusterName: string;
}

export interface PotOverview {
  pot: repo.PotRow;
  previousPot: { id: string; name: string } | null;
  centralUses: CentralUse[];
  centralUsesPence: number;
  schoolsInScope: number;
  schoolsWithData: number;
  /** The schools in scope with no factor data, by cluster and name. */
  missing: MissingSchool[];
  lastYear: LastYear;
  scenarios: repo.ScenarioRow[];
  adoptedScenario: repo.ScenarioRow | null;
}

export const noSuchPot = () => notFound('There is no funding pot with this ID in your LA.');

/** Each pot with its uses, coverage, last year's allocations and scenarios, read together. */
async function overviews(tx: Tx, laCode: string, pots: repo.PotRow[]): Promise<PotOverview[]> {
  const ids = pots.map((p) => p.id);
  const days = [...new Set(pots.map((p) => potYearStart(p.yearKind, p.year)))];
  const [uses, withData, scenarios, inScopeByDay] = await Promise.all([
    repo.centralUses(tx, laCode, ids),
    factors.schoolsWithFactors(tx, laCode, ids),
    repo.scenariosOf(tx, laCode, ids),
    Promise.all(days.map(async (d) => [d, await clusterSchoolsOn(tx, laCode, d)] as const)),
  ]);
  const schoolsOn = new Map(inScopeByDay);
  const names = new Map(pots.map((p) => [p.id, p.name]));
  const out: PotOverview[] = [];
  for (const pot of pots) {
    const inScope = schoolsOn.get(potYearStart(pot.yearKind, pot.year)) ?? [];
    const held = new Set(withData.filter((w) => w.potId === pot.id).map((w) => w.establishmentId));
    const potUses = uses.filter((u) => u.potId === pot.id).map(({ potId: _, ...u }) => u);
    const potScenarios = scenarios.filter((s) => s.potId === pot.id);
    const last = await lastYearOf(tx, pot.id);
    out.push({
      pot,
      previousPot: pot.previousPotId
        ? { id: pot.previousPotId, name: names.get(pot.previousPotId) ?? '' }
        : null,
      centralUses: potUses,
      centralUsesPence: usesTotal(potUses),
      schoolsInScope: inScope.length,
      schoolsWithData: inScope.filter((s) => held.has(s.establishmentId)).length,
      missing: inScope
        .filter((s) => !held.has(s.establishmentId))
        .map((s) => ({ id: s.establishmentId, urn: s.urn, name: s.name, clusterName: s.clusterName })),
      lastYear:
        last.from === 'adopted'
          ? {
              from: 'adopted',
              potName: last.potName,
              scenarioName: last.scenarioName,
              schools: last.pence.size,
            }
          : last.from === 'baselines'
            ? { from: 'baselines', schools: last.pence.size }
            : { from: 'none', previousPotName: last.previousPotName },
      scenarios: potScenarios,
      adoptedScenario: potScenarios.find((s) => s.status === 'adopted') ?? null,
    });
  }
  return out;
}

/** The LA's pots, the latest year first, each with how ready it is. */
export function listPots(ctx: FundingContext): Promise<PotOverview[]> {
  authorise(ctx, 'finance:read');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => overviews(tx, laCode, await repo.listPots(tx, laCode)));
}

async function readPot(tx: Tx, laCode: string, id: string): Promise<PotOverview> {
  const pot = isUuid(id) ? await repo.findPot(tx, laCode, id) : undefined;
  if (!pot) throw noSuchPot();
  const [overview] = await overviews(tx, laCode, [pot]);
  if (pot.previousPotId && overview) {
    const previous = await repo.findPot(tx, laCode, pot.previousPotId);
    overview.previousPot = previous ? { id: previous.id, name: previous.name } : null;
  }
  return overview as PotOverview;
}

export function getPot(ctx: FundingContext, id: string): Promise<PotOverview> {
  authorise(ctx, 'finance:read');
  return transaction(ctx, (tx) => readPot(tx, ctx.principal.laCode, id));
}

/** The pots a pot may name as its previous one: the LA's pots of the same kind a year earlier. */
export function previousPotChoices(ctx: FundingContext): Promise<repo.PotRow[]> {
  authorise(ctx, 'finance:read');
  return transaction(ctx, (tx) => repo.listPots(tx, ctx.principal.laCode));
}

/** What is wrong with the pot named as previous: not the LA's, or not the same kind of year a year earlier. */
async function previousPotProblem(tx: Tx, laCode: string, input: PotInput, selfId: string | null) {
  if (!input.previousPotId) return null;
  const previous = await repo.findPot(tx, laCode, input.previousPotId);
  if (!previous || previous.id === selfId) return 'Choose a pot of your LA as the previous pot, or none';
  if (previous.yearKind !== input.yearKind || previous.year !== input.year - 1)
    return `The previous pot must be for the ${input.yearKind} year before this one, ${potYearLabel(input.year - 1)}: ${previous.name} is for ${previous.yearKind} ${potYearLabel(previous.year)}`;
  return null;
}

async function nameProblem(tx: Tx, laCode: string, input: PotInput, selfId: string | null) {
  return (await repo.potNamed(tx, laCode, input.name, input.year, selfId))
    ? `There is already a pot called ${input.name} for ${potYearLabel(input.year)}: give this one another name`
    : null;
}

const potValues = (input: PotInput): repo.PotValues => {
  const split = splitPot(input);
  // The schema has checked the split; a pot it refuses never reaches here.
  if (!split.ok) throw unprocessable(split.problems);
  return { ...input, delegatedPence: split.delegatedPence, centralPence: split.centralPence };
};

const potDetail = (v: repo.PotValues) => ({
  name: v.name,
  year: `${v.yearKind} ${potYearLabel(v.year)}`,
  totalPence: v.totalPence,
  delegatedPercent: v.delegatedPercent,
  centralPercent: v.centralPercent,
  delegatedPence: v.delegatedPence,
  centralPence: v.centralPence,
  previousPotId: v.previousPotId,
});

export function createPot(ctx: FundingContext, body: unknown): Promise<PotOverview> {
  const input = parseOrThrow(potSchema, body);
  authorise(ctx, 'finance:manage');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const errors: FieldError[] = [];
    const named = await nameProblem(tx, laCode, input, null);
    if (named) errors.push({ field: 'name', message: named });
    const previous = await previousPotProblem(tx, laCode, input, null);
    if (previous) errors.push({ field: 'previousPotId', message: previous });
    if (errors.length) throw unprocessable(errors);
    const values = potValues(input);
    const id = await repo.insertPot(tx, laCode, values, ctx.principal.userId);
    await audit(tx, ctx, {
      action: 'funding.pot.created',
      entityType: 'funding-pot',
      entityId: id,
      childId: null,
      detail: potDetail(values),
    });
    return readPot(tx, laCode, id);
  });
}

export const adoptedRefusal = (scenario: string) =>
  `The total and the split cannot change: the adopted scenario ${scenario}’s allocations were made from them`;

/** What a change would alter that something already made from the pot depends on. */
async function changeProblems(
  tx: Tx,
  laCode: string,
  before: PotOverview,
  input: PotChange,
  values: repo.PotValues,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const pot = before.pot;
  const adopted = before.adoptedScenario;
  if (adopted) {
    const refusal = adoptedRefusal(adopted.name);
    if (values.totalPence !== pot.totalPence) errors.push({ field: 'totalPence', message: refusal });
    if (values.delegatedPercent !== pot.delegatedPercent)
      errors.push({ field: 'delegatedPercent', message: refusal });
    if (values.centralPercent !== pot.centralPercent)
      errors.push({ field: 'centralPercent', message: refusal });
    if (values.yearKind !== pot.yearKind || values.year !== pot.year)
      errors.push({
        field: 'year',
        message: `The year cannot change: the adopted scenario ${adopted.name}’s allocations were made for it`,
      });
  } else if (values.yearKind !== pot.yearKind || values.year !== pot.year) {
    const next = await repo.nextPotsOf(tx, laCode, pot.id);
    if (next.length)
      errors.push({
        field: 'year',
        message: `The year cannot change: ${next.map((n) => n.name).join(', ')} ${next.length === 1 ? 'names' : 'name'} this pot as the year before`,
      });
  }
  const small = shareTooSmall(values.centralPence, before.centralUses);
  if (small && !errors.some((e) => e.field === 'centralPercent'))
    errors.push({
      field: values.totalPence !== pot.totalPence ? 'totalPence' : 'centralPercent',
      message: small,
    });
  const named = await nameProblem(tx, laCode, input, pot.id);
  if (named) errors.push({ field: 'name', message: named });
  const previous = await previousPotProblem(tx, laCode, input, pot.id);
  if (previous) errors.push({ field: 'previousPotId', message: previous });
  return errors;
}

export function changePot(ctx: FundingContext, id: string, body: unknown): Promise<PotOverview> {
  const input = parseOrThrow(potChangeSchema, body);
  authorise(ctx, 'finance:manage');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const locked = isUuid(id) ? await repo.findPot(tx, laCode, id, true) : undefined;
    if (!locked) throw noSuchPot();
    if (locked.version !== input.version)
      throw conflict(
        `Someone changed ${locked.name} since you read it (it is now at version ${locked.version}). Read it again.`,
      );
    const before = await readPot(tx, laCode, id);
    const values = potValues(input);
    const errors = await changeProblems(tx, laCode, before, input, values);
    if (errors.length) throw unprocessable(errors);
    if (!(await repo.updatePot(tx, laCode, id, input.version, values)))
      throw conflict(`Someone changed ${locked.name} since you read it. Read it again.`);
    const { version: _, ...was } = before.pot;
    await audit(tx, ctx, {
      action: 'funding.pot.changed',
      entityType: 'funding-pot',
      entityId: id,
      childId: null,
      detail: { before: potDetail(was), after: potDetail(values) },
    });
    return readPot(tx, laCode, id);
  });
}

// ── Central uses ──────────────────────────────────────────────────────────────────────────

export const noSuchUse = () => notFound('There is no such central use of this pot.');

async function lockedPot(tx: Tx, laCode: string, potId: string) {
  const pot = isUuid(potId) ? await repo.findPot(tx, laCode, potId, true) : undefined;
  if (!pot) throw noSuchPot();
  return { pot, uses: await repo.centralUses(tx, laCode, [pot.id]) };
}

async function useProblems(
  tx: Tx,
  laCode: string,
  held: Awaited<ReturnType<typeof lockedPot>>,
  input: CentralUseInput,
  id: string | null,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (await repo.centralUseNamed(tx, laCode, held.pot.id, input.name, id))
    errors.push({
      field: 'name',
      message: `${held.pot.name} already pays for ${input.name}: give this use another name`,
    });
  const over = overTheShare(held.pot.centralPence, held.uses, {
    costPence: input.costPence,
    ...(id ? { id } : {}),
  });
  if (over) errors.push({ field: 'costPence', message: over });
  return errors;
}

const useDetail = (u: CentralUseInput) => ({
  kind: u.kind,
  name: u.name,
  fte: u.fte,
  costPence: u.costPence,
});

export function addCentralUse(ctx: FundingContext, potId: string, body: unknown): Promise<string> {
  const input = parseOrThrow(centralUseSchema, body);
  authorise(ctx, 'finance:manage');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const held = await lockedPot(tx, laCode, potId);
    const errors = await useProblems(tx, laCode, held, input, null);
    if (errors.length) throw unprocessable(errors);
    const id = await repo.insertCentralUse(tx, laCode, held.pot.id, input);
    await audit(tx, ctx, {
      action: 'funding.central-use.added',
      entityType: 'funding-pot',
      entityId: held.pot.id,
      childId: null,
      detail: { useId: id, ...useDetail(input) },
    });
    return id;
  });
}

export function changeCentralUse(
  ctx: FundingContext,
  potId: string,
  useId: string,
  body: unknown,
): Promise<void> {
  const input = parseOrThrow(centralUseSchema, body);
  authorise(ctx, 'finance:manage');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const held = await lockedPot(tx, laCode, potId);
    const before = held.uses.find((u) => u.id === useId);
    if (!before) throw noSuchUse();
    const errors = await useProblems(tx, laCode, held, input, useId);
    if (errors.length) throw unprocessable(errors);
    await repo.updateCentralUse(tx, laCode, useId, input);
    await audit(tx, ctx, {
      action: 'funding.central-use.changed',
      entityType: 'funding-pot',
      entityId: held.pot.id,
      childId: null,
      detail: { useId, before: useDetail(before), after: useDetail(input) },
    });
  });
}

export function removeCentralUse(ctx: FundingContext, potId: string, useId: string): Promise<void> {
  authorise(ctx, 'finance:manage');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const held = await lockedPot(tx, laCode, potId);
    const before = held.uses.find((u) => u.id === useId);
    if (!before) throw noSuchUse();
    await repo.deleteCentralUse(tx, laCode, useId);
    await audit(tx, ctx, {
      action: 'funding.central-use.removed',
      entityType: 'funding-pot',
      entityId: held.pot.id,
      childId: null,
      detail: { useId, ...useDetail(before) },
    });
  });
}
