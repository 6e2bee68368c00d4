import { userNames } from '../../../platform/auth/directory.ts';
import { can } from '../../../platform/auth/roles.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { HttpProblem } from '../../../platform/http/problem.ts';
import { fyEnd, fyLabel, fyOf, fyStart } from '../../../platform/kernel/financial-years.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { penceText } from '../../../platform/kernel/money.ts';
import { type ChildIdentity, childIdentities, childWithUpn } from '../../children/index.ts';
import { activeEhcPlanOf } from '../../ehc/index.ts';
import { establishmentForUrn, establishmentSummaries } from '../../providers/index.ts';
import { audit, authorise, noSuchPlacement, type PlacementsContext, transaction } from '../context.ts';
import {
  annualAmount,
  annualCostOn,
  bandValueOn,
  budgetLineOf,
  peakAnnualCost,
  placementCostShares,
  settingGroupOf,
} from '../domain/costs.ts';
import { placementTypeLabels } from '../domain/labels.ts';
import {
  type CostLineInput,
  confirmAbovePence,
  type NewPlacementInput,
  type PlacementChange,
  type PlacementConfirmation,
} from '../domain/placement-input.ts';
import { isAcademySetting, planPlaceFunding } from '../domain/plan-placements.ts';
import type { CostLine, PlacementFacts, PlacementType, TopUpScheme } from '../domain/types.ts';
import * as repo from './repo.ts';

/** Placements and their cost lines: validate → authorise → one transaction → worked-out costs → audit. */

/**
 * How far ahead an open-ended placement's costs are worked out: this financial year and the next
 * two, so next year's budget can be set against what is already committed.
 */
export const horizonFy = (today: string) => fyOf(today) + 2;

const invalid = (errors: FieldError[]) =>
  new HttpProblem(400, 'Invalid request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
const stale = (version: number) =>
  new HttpProblem(
    409,
    'Conflict',
    `Someone changed this placement since you read it (it is now at version ${version}). Read it again and make your change to what is there now.`,
    [{ field: 'version', message: `The placement is now at version ${version}` }],
  );

/**
 * Runs a use case; when it is refused after the child was known, the refusal is recorded against
 * the child in its own transaction (the use case's rolled back), since a refusal can itself tell
 * something of the record: its version, or the placement a new one would overlap.
 */
async function recordingRefusals<T>(
  ctx: PlacementsContext,
  attempted: string,
  work: (about: (childId: string, placementId?: string) => void) => Promise<T>,
): Promise<T> {
  let childId: string | null = null;
  let placementId: string | null = null;
  try {
    return await work((child, placement) => {
      childId = child;
      placementId = placement ?? null;
    });
  } catch (err) {
    if (err instanceof HttpProblem && childId && err.status < 500) {
      const about = childId;
      await transaction(ctx, (tx) =>
        audit(tx, ctx, {
          action: 'placement.refused',
          entityType: 'placement',
          entityId: placementId,
          childId: about,
          detail: { attempted, status: err.status, fields: err.errors.map((e) => e.field) },
        }),
      );
    }
    throw err;
  }
}

export interface PlacementRecord extends repo.PlacementRow {
  child: { id: string; forename: string; surname: string; dateOfBirth: string; upn: string | null };
  setting: { id: string | null; urn: number | null; name: string };
  costLines: repo.CostLineRow[];
  /** The annual cost of the lines in force today, and the most it costs a year on any day. */
  annualCostTodayPence: number;
  peakAnnualCostPence: number;
  byFinancialYear: { fy: number; label: string; committedPence: number; byPayer: Record<string, number> }[];
}

export const factsOf = (
  p: Pick<repo.PlacementRow, 'type' | 'startOn' | 'endOn' | 'expectedEndOn' | 'fte'>,
  lines: readonly CostLine[],
): PlacementFacts => ({
  type: p.type,
  startOn: p.startOn,
  endOn: p.endOn,
  expectedEndOn: p.expectedEndOn,
  fte: p.fte,
  costLines: [...lines],
});

/** Works out a placement's costs again and stores them; its cost lines, dates or the bands changed. */
async function recompute(
  tx: Tx,
  laCode: string,
  placement: repo.PlacementRow,
  lines: readonly CostLine[],
  schemes: TopUpScheme[],
  throughFy: number,
): Promise<void> {
  const shares = placementCostShares(factsOf(placement, lines), schemes, throughFy);
  await repo.replaceCosts(tx, laCode, placement.id, shares, throughFy);
}

/** Works out these placements' costs again (after a top-up scheme is adopted, or to reach a later year). */
export async function recomputePlacementCosts(
  tx: Tx,
  laCode: string,
  placementIds: readonly string[],
  throughFy: number,
): Promise<void> {
  const schemes = await repo.adoptedSchemes(tx, laCode);
  for (let i = 0; i < placementIds.length; i += 500) {
    const ids = placementIds.slice(i, i + 500);
    const lines = await repo.costLinesOf(tx, laCode, ids);
    for (const id of ids) {
      const placement = await repo.findPlacement(tx, laCode, id);
      if (placement)
        await recompute(
          tx,
          laCode,
          placement,
          lines.filter((l) => l.placementId === id),
          schemes,
          throughFy,
        );
    }
  }
}

export const toCostLine = (l: CostLineInput): repo.NewCostLineRow => ({
  kind: l.kind,
  amountPence: l.topUpBand ? null : (l.amountPence ?? null),
  per: l.topUpBand ? null : (l.per ?? null),
  unitsPerYear: l.unitsPerYear ?? null,
  topUpBand: l.topUpBand ?? null,
  funder: l.funder,
  effectiveFrom: l.effectiveFrom,
  effectiveTo: l.effectiveTo ?? null,
  healthShareBp: Math.round(l.healthSharePercent * 100),
  socialCareShareBp: Math.round(l.socialCareSharePercent * 100),
  note: l.note ?? null,
});

/**
 * What is wrong with new cost lines for a placement of this type and these dates: bands the
 * schemes do not have, lines that never apply, and large amounts nobody confirmed.
 */
export function costLineProblems(
  placement: { type: repo.PlacementRow['type']; startOn: string; endOn: string | null },
  lines: readonly repo.NewCostLineRow[],
  schemes: TopUpScheme[],
  confirmed: boolean,
  field: (i: number, name: string) => string,
): FieldError[] {
  const errors: FieldError[] = [];
  const group = settingGroupOf(placement.type);
  lines.forEach((line, i) => {
    if (line.topUpBand) {
      if (!group)
        errors.push({
          field: field(i, 'topUpBand'),
          message: `A placement of type ${placementTypeLabels[placement.type].toLowerCase()} has no top-up bands: give the agreed amount instead`,
        });
      else if (
        !schemes.some((s) => s.bands.some((b) => b.settingGroup === group && b.band === line.topUpBand))
      )
        errors.push({
          field: field(i, 'topUpBand'),
          message: `No adopted top-up scheme has band ${line.topUpBand} for ${group.replaceAll('_', ' ')} settings: choose a band the scheme has, or give the agreed amount`,
        });
    }
    if (placement.endOn && line.effectiveFrom > placement.endOn)
      errors.push({
        field: field(i, 'effectiveFrom'),
        message: `The cost line would start after the placement ends (${placement.endOn}): check the date`,
      });
    if (line.effectiveTo && line.effectiveTo < placement.startOn)
      errors.push({
        field: field(i, 'effectiveTo'),
        message: `The cost line would end before the placement starts (${placement.startOn}): check the date`,
      });
    const annual = line.topUpBand ? null : annualAmount(line);
    if (annual !== null && annual > confirmAbovePence && !confirmed)
      errors.push({
        field: field(i, 'amountPence'),
        message: `${penceText(annual)} a year is more than ${penceText(confirmAbovePence)}: check the amount, and confirm it if it is right`,
      });
  });
  return errors;
}

/** The message for a child's full-time placements that would overlap, naming the one already there. */
export function overlapProblem(
  existing: Pick<repo.PlacementRow, 'startOn' | 'endOn'>,
  settingName: string,
): FieldError {
  const until = existing.endOn ? `to ${existing.endOn}` : 'with no end date';
  return {
    field: 'startOn',
    message: `The child already has a full-time placement at ${settingName} from ${existing.startOn} ${until}: end that placement first, or record this one as part time`,
  };
}

async function settingName(tx: Tx, p: repo.PlacementRow): Promise<string> {
  if (!p.establishmentId) return p.providerName ?? 'another provider';
  const [s] = await establishmentSummaries(tx, [p.establishmentId]);
  return s?.name ?? 'another setting';
}

const isExclusionViolation = (err: unknown) =>
  typeof err === 'object' && err !== null && (err as { code?: string }).code === '23P01';

/** Whether the placement must wait for a second person, given what it now costs. */
export function approvalAfterChange(
  placement: Pick<repo.PlacementRow, 'approval' | 'approvedAnnualPence'>,
  peak: number,
  threshold: number,
): repo.PlacementRow['approval'] {
  if (placement.approval === 'rejected') return 'rejected';
  if (peak <= threshold) return placement.approval === 'approved' ? 'approved' : 'not_needed';
  if (
    placement.approval === 'approved' &&
    placement.approvedAnnualPence !== null &&
    peak <= placement.approvedAnnualPence
  )
    return 'approved';
  return 'awaiting';
}

/** Why a new placement cannot be made, where its child, setting or EHC plan is not what it says. */
export const newPlacementRefusals = {
  noChild: { field: 'childId', message: 'There is no child with this ID in your LA' },
  noSetting: {
    field: 'establishmentId',
    message:
      'There is no school or setting with this ID in your LA: choose one from the register, or give providerName for a provider without a URN',
  },
  noPlan: {
    field: 'basis',
    message: 'The child has no EHC plan in force: record the placement as interim, or issue the plan first',
  },
} as const satisfies Record<string, FieldError>;

export async function createPlacement(
  ctx: PlacementsContext,
  input: NewPlacementInput,
): Promise<PlacementRecord> {
  authorise(ctx, 'placements:write');
  const laCode = ctx.principal.laCode;
  try {
    return await recordingRefusals(ctx, 'create', (about) =>
      transaction(ctx, async (tx) => {
        const [child] = await childIdentities(tx, laCode, [input.childId]);
        if (!child) throw invalid([newPlacementRefusals.noChild]);
        about(child.id);
        if (input.establishmentId) {
          const [setting] = await establishmentSummaries(tx, [input.establishmentId]);
          if (!setting) throw invalid([newPlacementRefusals.noSetting]);
        }
        let planId: string | null = null;
        if (input.basis === 'ehc_plan') {
          const plan = await activeEhcPlanOf(tx, laCode, input.childId);
          if (!plan) throw invalid([newPlacementRefusals.noPlan]);
          planId = plan.id;
        }
        const schemes = await repo.adoptedSchemes(tx, laCode);
        const lines = input.costLines.map(toCostLine);
        const problems = costLineProblems(
          { type: input.type, startOn: input.startOn, endOn: input.endOn ?? null },
          lines,
          schemes,
          input.confirmLargeAmounts,
          (i, name) => `costLines.${i}.${name}`,
        );
        if (problems.length) throw invalid(problems);
        if (input.fte === 1) {
          const clash = await repo.overlappingFullTime(
            tx,
            laCode,
            input.childId,
            input.startOn,
            input.endOn ?? null,
            null,
          );
          if (clash)
            throw new HttpProblem(409, 'Conflict', undefined, [
              overlapProblem(clash, await settingName(tx, clash)),
            ]);
        }
        const id = await repo.insertPlacement(tx, laCode, {
          childId: input.childId,
          establishmentId: input.establishmentId ?? null,
          providerName: input.establishmentId ? null : (input.providerName ?? null),
          type: input.type,
          startOn: input.startOn,
          endOn: input.endOn ?? null,
          expectedEndOn: input.expectedEndOn ?? null,
          fte: input.fte,
          residentialWeeks: input.residentialWeeks ?? null,
          basis: input.basis,
          planId,
          enteredBy: ctx.principal.userId,
        });
        await repo.insertCostLines(tx, laCode, id, lines, ctx.principal.userId);
        const placement = await settle(tx, ctx, id, schemes);
        await audit(tx, ctx, {
          action: 'placement.created',
          entityType: 'placement',
          entityId: id,
          childId: input.childId,
          detail: {
            type: input.type,
            startOn: input.startOn,
            costLines: lines.length,
            peakAnnualCostPence: placement.peakAnnualCostPence,
            approval: placement.approval,
          },
        });
        return placement;
      }),
    );
  } catch (err) {
    if (isExclusionViolation(err))
      throw new HttpProblem(409, 'Conflict', undefined, [
        {
          field: 'startOn',
          message:
            'The child already has a full-time placement on these dates: end it first, or record this one as part time',
        },
      ]);
    throw err;
  }
}

/**
 * After any change: works out the costs again, decides whether the placement waits for approval
 * at what it now costs, and reads it back whole.
 */
async function settle(
  tx: Tx,
  ctx: PlacementsContext,
  id: string,
  schemes: TopUpScheme[],
): Promise<PlacementRecord> {
  await settleCosts(
    tx,
    { laCode: ctx.principal.laCode, userId: ctx.principal.userId, today: ctx.today },
    id,
    schemes,
  );
  return readWhole(tx, ctx, id, schemes);
}

/**
 * Works out a changed placement's costs again and decides whether it waits for approval at what
 * it now costs; `by` is who changed it (who entered it, if it must wait).
 */
export async function settleCosts(
  tx: Tx,
  by: { laCode: string; userId: string; today: string },
  id: string,
  schemes: TopUpScheme[],
): Promise<void> {
  const { laCode } = by;
  const placement = await repo.findPlacement(tx, laCode, id, { forUpdate: true });
  if (!placement) throw noSuchPlacement();
  const lines = await repo.costLinesOf(tx, laCode, [id]);
  const peak = peakAnnualCost(factsOf(placement, lines), schemes);
  const approval = approvalAfterChange(placement, peak, await repo.approvalThreshold(tx, laCode));
  if (approval !== placement.approval)
    await repo.updatePlacement(tx, laCode, id, placement.version, {
      approval,
      ...(approval === 'awaiting'
        ? { enteredBy: by.userId, approvalDecidedBy: null, approvalDecidedAt: null }
        : {}),
    });
  const throughFy = Math.max(horizonFy(by.today), placement.costsThroughFy);
  await recompute(tx, laCode, placement, lines, schemes, throughFy);
}

async function readWhole(
  tx: Tx,
  ctx: PlacementsContext,
  id: string,
  schemes?: TopUpScheme[],
): Promise<PlacementRecord> {
  const laCode = ctx.principal.laCode;
  const placement = await repo.findPlacement(tx, laCode, id);
  if (!placement) throw noSuchPlacement();
  const [lines, costs, [child], schemesNow] = await Promise.all([
    repo.costLinesOf(tx, laCode, [id]),
    repo.costsOf(tx, laCode, id),
    childIdentities(tx, laCode, [placement.childId]),
    schemes ? Promise.resolve(schemes) : repo.adoptedSchemes(tx, laCode),
  ]);
  const [setting] = placement.establishmentId
    ? await establishmentSummaries(tx, [placement.establishmentId])
    : [];
  const facts = factsOf(placement, lines);
  const byFy = new Map<number, PlacementRecord['byFinancialYear'][number]>();
  for (const c of costs) {
    const year = byFy.get(c.fy) ?? { fy: c.fy, label: fyLabel(c.fy), committedPence: 0, byPayer: {} };
    byFy.set(c.fy, year);
    year.committedPence += c.pence;
    year.byPayer[c.payer] = (year.byPayer[c.payer] ?? 0) + c.pence;
  }
  return {
    ...placement,
    child: child
      ? {
          id: child.id,
          forename: child.forename,
          surname: child.surname,
          dateOfBirth: child.dateOfBirth,
          upn: child.upn,
        }
      : { id: placement.childId, forename: '', surname: '', dateOfBirth: '', upn: null },
    setting: setting
      ? { id: setting.id, urn: setting.urn, name: setting.name }
      : { id: null, urn: null, name: placement.providerName ?? '' },
    costLines: lines,
    annualCostTodayPence: annualCostOnDay(facts, schemesNow, ctx.today),
    peakAnnualCostPence: peakAnnualCost(facts, schemesNow),
    byFinancialYear: [...byFy.values()],
  };
}

function annualCostOnDay(facts: PlacementFacts, schemes: TopUpScheme[], day: string): number {
  const end = facts.endOn ?? facts.expectedEndOn;
  if (day < facts.startOn || (end && day > end)) return 0;
  return annualCostOn(facts, schemes, day);
}

export function getPlacement(ctx: PlacementsContext, id: string): Promise<PlacementRecord> {
  authorise(ctx, 'placements:read');
  return transaction(ctx, async (tx) => {
    const placement = await readWhole(tx, ctx, id);
    await audit(tx, ctx, {
      action: 'placement.viewed',
      entityType: 'placement',
      entityId: id,
      childId: placement.childId,
    });
    return placement;
  });
}

async function lockedForChange(
  tx: Tx,
  ctx: PlacementsContext,
  id: string,
  version: number,
  about: (childId: string, placementId?: string) => void,
) {
  const placement = await repo.findPlacement(tx, ctx.principal.laCode, id, { forUpdate: true });
  if (!placement) throw noSuchPlacement();
  about(placement.childId, placement.id);
  if (placement.version !== version) throw stale(placement.version);
  return placement;
}

export async function changePlacement(
  ctx: PlacementsContext,
  id: string,
  change: PlacementChange,
): Promise<PlacementRecord> {
  authorise(ctx, 'placements:write');
  const laCode = ctx.principal.laCode;
  try {
    return await recordingRefusals(ctx, 'change', (about) =>
      transaction(ctx, async (tx) => {
        const before = await lockedForChange(tx, ctx, id, change.version, about);
        const after = {
          startOn: change.startOn ?? before.startOn,
          endOn: change.endOn === undefined ? before.endOn : change.endOn,
          expectedEndOn: change.expectedEndOn === undefined ? before.expectedEndOn : change.expectedEndOn,
          fte: change.fte ?? before.fte,
          residentialWeeks:
            change.residentialWeeks === undefined ? before.residentialWeeks : change.residentialWeeks,
        };
        const errors: FieldError[] = [];
        if (after.endOn && after.endOn < after.startOn)
          errors.push({
            field: 'endOn',
            message: `endOn must be the same as or after the start, ${after.startOn}`,
          });
        if (after.expectedEndOn && after.expectedEndOn < after.startOn)
          errors.push({
            field: 'expectedEndOn',
            message: `expectedEndOn must be the same as or after the start, ${after.startOn}`,
          });
        if (errors.length) throw invalid(errors);
        if (after.fte === 1 && before.approval !== 'rejected') {
          const clash = await repo.overlappingFullTime(
            tx,
            laCode,
            before.childId,
            after.startOn,
            after.endOn,
            id,
          );
          if (clash)
            throw new HttpProblem(409, 'Conflict', undefined, [
              overlapProblem(clash, await settingName(tx, clash)),
            ]);
        }
        await repo.updatePlacement(tx, laCode, id, before.version, { ...after, byPerson: true });
        const placement = await settle(tx, ctx, id, await repo.adoptedSchemes(tx, laCode));
        const changed = Object.fromEntries(
          Object.entries(after).filter(([k, v]) => before[k as keyof typeof after] !== v),
        );
        await audit(tx, ctx, {
          action: 'placement.changed',
          entityType: 'placement',
          entityId: id,
          childId: before.childId,
          detail: {
            before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof typeof after]])),
            after: changed,
          },
        });
        return placement;
      }),
    );
  } catch (err) {
    if (isExclusionViolation(err))
      throw new HttpProblem(409, 'Conflict', undefined, [
        { field: 'startOn', message: 'The child already has a full-time placement on these dates' },
      ]);
    throw err;
  }
}

export async function addCostLines(
  ctx: PlacementsContext,
  id: string,
  input: { version: number; costLines: CostLineInput[]; confirmLargeAmounts: boolean },
): Promise<PlacementRecord> {
  authorise(ctx, 'placements:write');
  const laCode = ctx.principal.laCode;
  return recordingRefusals(ctx, 'add cost lines', (about) =>
    transaction(ctx, async (tx) => {
      const placement = await lockedForChange(tx, ctx, id, input.version, about);
      const schemes = await repo.adoptedSchemes(tx, laCode);
      const lines = input.costLines.map(toCostLine);
      const problems = costLineProblems(placement, lines, schemes, input.confirmLargeAmounts, (i, name) =>
        input.costLines.length === 1 ? name : `costLines.${i}.${name}`,
      );
      if (problems.length) throw invalid(problems);
      const ids = await repo.insertCostLines(tx, laCode, id, lines, ctx.principal.userId);
      // A person's cost lines are the costs a plan's placement waited for.
      await repo.updatePlacement(tx, laCode, id, placement.version, {
        byPerson: true,
        costsToConfirm: false,
      });
      const after = await settle(tx, ctx, id, schemes);
      await audit(tx, ctx, {
        action: 'placement.cost-lines-added',
        entityType: 'placement',
        entityId: id,
        childId: placement.childId,
        detail: {
          lines: lines.map((l, i) => ({
            id: ids[i],
            kind: l.kind,
            amountPence: l.amountPence,
            per: l.per,
            topUpBand: l.topUpBand,
            effectiveFrom: l.effectiveFrom,
          })),
          approval: after.approval,
        },
      });
      return after;
    }),
  );
}

/** Ends a cost line on a day (a fee that stops, a top-up replaced by another), or removes one entered in error. */
export async function endOrRemoveCostLine(
  ctx: PlacementsContext,
  id: string,
  lineId: string,
  input: { version: number; effectiveTo: string | null },
): Promise<PlacementRecord> {
  authorise(ctx, 'placements:write');
  const laCode = ctx.principal.laCode;
  return recordingRefusals(
    ctx,
    input.effectiveTo === null ? 'remove a cost line' : 'end a cost line',
    (about) =>
      transaction(ctx, async (tx) => {
        const placement = await lockedForChange(tx, ctx, id, input.version, about);
        const line = await repo.findCostLine(tx, laCode, lineId);
        if (!line || line.placementId !== id)
          throw new HttpProblem(404, 'Not found', 'There is no cost line with this ID on this placement.');
        if (input.effectiveTo !== null && input.effectiveTo < line.effectiveFrom)
          throw invalid([
            {
              field: 'effectiveTo',
              message: `effectiveTo must be the same as or after the line starts, ${line.effectiveFrom}`,
            },
          ]);
        if (input.effectiveTo === null) await repo.deleteCostLine(tx, laCode, lineId);
        else await repo.endCostLine(tx, laCode, lineId, input.effectiveTo);
        await repo.updatePlacement(tx, laCode, id, placement.version, { byPerson: true });
        const after = await settle(tx, ctx, id, await repo.adoptedSchemes(tx, laCode));
        await audit(tx, ctx, {
          action: input.effectiveTo === null ? 'placement.cost-line-removed' : 'placement.cost-line-ended',
          entityType: 'placement',
          entityId: id,
          childId: placement.childId,
          detail: {
            line: lineId,
            kind: line.kind,
            before: { effectiveTo: line.effectiveTo },
            after: { effectiveTo: input.effectiveTo },
          },
        });
        return after;
      }),
  );
}

/**
 * A finance officer's confirmation of a placement an EHC plan made: the type the plan could not
 * tell (its place funding made again by the DfE's rule for it), that the costs entered are all it
 * costs (the forecast then counts what they commit, not the expected cost of its type), or that
 * they have looked at it after the plan changed.
 */
export async function confirmPlacement(
  ctx: PlacementsContext,
  id: string,
  input: PlacementConfirmation,
): Promise<PlacementRecord> {
  authorise(ctx, 'placements:write');
  const laCode = ctx.principal.laCode;
  return recordingRefusals(ctx, 'confirm', (about) =>
    transaction(ctx, async (tx) => {
      const placement = await lockedForChange(tx, ctx, id, input.version, about);
      const schemes = await repo.adoptedSchemes(tx, laCode);
      const type = input.type ?? placement.type;
      const errors: FieldError[] = [];
      if (input.type !== undefined && !placement.typeToConfirm)
        errors.push({
          field: 'type',
          message:
            'This placement’s type is not waiting to be confirmed: only a type an EHC plan could not tell is set here',
        });
      if (input.providerName !== undefined && placement.establishmentId)
        errors.push({
          field: 'providerName',
          message:
            'This placement is at a setting on the register: only a provider without a URN is named here',
        });
      if (input.costsComplete && !placement.costsToConfirm)
        errors.push({
          field: 'costsComplete',
          message: 'This placement has no costs waiting to be confirmed',
        });
      if (input.costsComplete && placement.typeToConfirm && input.type === undefined)
        errors.push({
          field: 'costsComplete',
          message: 'Confirm the placement’s type first: its place funding and top-up bands depend on it',
        });
      if (input.planChangeChecked && !placement.planCheck)
        errors.push({
          field: 'planChangeChecked',
          message: 'This placement is not flagged for a change to its EHC plan',
        });
      const lines = await repo.costLinesOf(tx, laCode, [id]);
      if (input.type !== undefined && !errors.length)
        errors.push(
          ...costLineProblems(
            { type, startOn: placement.startOn, endOn: placement.endOn },
            lines.filter((l) => !l.fromPlan && l.topUpBand),
            schemes,
            true,
            () => 'type',
          ),
        );
      if (errors.length) throw invalid(errors);
      await repo.updatePlacement(tx, laCode, id, placement.version, {
        byPerson: true,
        ...(input.type !== undefined ? { type, typeToConfirm: false } : {}),
        ...(input.providerName !== undefined ? { providerName: input.providerName } : {}),
        ...(input.costsComplete ? { costsToConfirm: false } : {}),
        ...(input.planChangeChecked ? { planCheck: null } : {}),
      });
      if (input.type !== undefined) {
        const [setting] = placement.establishmentId
          ? await establishmentSummaries(tx, [placement.establishmentId])
          : [];
        const academy = setting ? isAcademySetting(setting) : false;
        await repo.deletePlanCostLines(tx, laCode, id);
        const line = planPlaceFunding(type, false, academy, placement.startOn);
        if (line)
          await repo.insertCostLines(
            tx,
            laCode,
            id,
            [{ ...line, note: null, fromPlan: true }],
            ctx.principal.userId,
          );
      }
      const after = await settle(tx, ctx, id, schemes);
      await audit(tx, ctx, {
        action: 'placement.confirmed',
        entityType: 'placement',
        entityId: id,
        childId: placement.childId,
        detail: {
          ...(input.type !== undefined
            ? {
                before: { type: placement.type, providerName: placement.providerName },
                after: { type, providerName: after.providerName },
              }
            : {}),
          costsComplete: input.costsComplete ?? false,
          planChangeChecked: input.planChangeChecked ? placement.planCheck : null,
        },
      });
      return after;
    }),
  );
}

/**
 * A second person's decision on a costly placement. The one who entered it (or last raised its
 * cost) may not decide; the database refuses it too.
 */
export async function decideApproval(
  ctx: PlacementsContext,
  id: string,
  input: { version: number; decision: 'approve' | 'reject'; note: string | null },
): Promise<PlacementRecord> {
  authorise(ctx, 'placements:approve');
  const laCode = ctx.principal.laCode;
  return recordingRefusals(ctx, 'decide on approval', (about) =>
    transaction(ctx, async (tx) => {
      const placement = await lockedForChange(tx, ctx, id, input.version, about);
      if (placement.approval !== 'awaiting')
        throw new HttpProblem(409, 'Conflict', 'This placement is not waiting for approval.');
      if (placement.enteredBy === ctx.principal.userId)
        throw new HttpProblem(
          403,
          'Forbidden',
          'You entered this placement or its latest cost: another finance approver must decide on it.',
        );
      if (input.decision === 'reject' && !input.note)
        throw invalid([
          { field: 'note', message: 'Say why the placement is not approved, so whoever entered it can act' },
        ]);
      const schemes = await repo.adoptedSchemes(tx, laCode);
      const lines = await repo.costLinesOf(tx, laCode, [id]);
      const peak = peakAnnualCost(factsOf(placement, lines), schemes);
      await repo.updatePlacement(tx, laCode, id, placement.version, {
        approval: input.decision === 'approve' ? 'approved' : 'rejected',
        approvedAnnualPence: input.decision === 'approve' ? peak : null,
        approvalDecidedBy: ctx.principal.userId,
        approvalDecidedAt: ctx.now,
        approvalNote: input.note,
        byPerson: true,
      });
      const after = await readWhole(tx, ctx, id, schemes);
      await audit(tx, ctx, {
        action: input.decision === 'approve' ? 'placement.approved' : 'placement.rejected',
        entityType: 'placement',
        entityId: id,
        childId: placement.childId,
        detail: { peakAnnualCostPence: peak, note: input.note, enteredBy: placement.enteredBy },
      });
      return after;
    }),
  );
}

export interface PlacementListItem extends repo.PlacementListRow {
  childName: string;
  settingName: string;
}

export interface PlacementSearch extends repo.PlacementFilters {
  fy: number;
  limit: number;
  offset: number;
}

/** A page of the LA's placements; recorded in the audit log unless an export records the whole of it. */
export function listPlacements(
  ctx: PlacementsContext,
  search: PlacementSearch,
  audited = true,
): Promise<{ items: PlacementListItem[]; total: number; limit: number; offset: number }> {
  authorise(ctx, 'placements:read');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const rows = await repo.listPlacements(tx, laCode, search, search.fy, search);
    const children = await childIdentities(tx, laCode, [...new Set(rows.map((r) => r.childId))]);
    const settingIds = [...new Set(rows.flatMap((r) => (r.establishmentId ? [r.establishmentId] : [])))];
    const settings = await establishmentSummaries(tx, settingIds);
    const childName = new Map(children.map((c) => [c.id, `${c.forename} ${c.surname}`]));
    const setting = new Map(settings.map((s) => [s.id, s.name]));
    const items = rows.map((r) => ({
      ...r,
      childName: childName.get(r.childId) ?? '',
      settingName: r.establishmentId ? (setting.get(r.establishmentId) ?? '') : (r.providerName ?? ''),
    }));
    if (audited)
      await audit(tx, ctx, {
        action: 'placement.listed',
        entityType: 'placement',
        childId: null,
        childIds: [...new Set(rows.map((r) => r.childId))],
        detail: {
          fy: search.fy,
          type: search.type ?? null,
          approval: search.approval ?? null,
          toConfirm: search.toConfirm ?? null,
          offset: search.offset,
        },
      });
    return { items, total: rows[0]?.total ?? 0, limit: search.limit, offset: search.offset };
  });
}

/** Removes a placement entered in error; what it was stays in the audit log. */
export function deletePlacement(ctx: PlacementsContext, id: string, version: number): Promise<void> {
  authorise(ctx, 'placements:write');
  return recordingRefusals(ctx, 'remove', (about) =>
    transaction(ctx, async (tx) => {
      const placement = await lockedForChange(tx, ctx, id, version, about);
      const lines = await repo.costLinesOf(tx, ctx.principal.laCode, [id]);
      await repo.deletePlacement(tx, ctx.principal.laCode, id);
      await audit(tx, ctx, {
        action: 'placement.deleted',
        entityType: 'placement',
        entityId: id,
        childId: placement.childId,
        detail: {
          before: {
            type: placement.type,
            establishmentId: placement.establishmentId,
            providerName: placement.providerName,
            startOn: placement.startOn,
            endOn: placement.endOn,
            approval: placement.approval,
            costLines: lines.map((l) => ({
              kind: l.kind,
              amountPence: l.amountPence,
              per: l.per,
              topUpBand: l.topUpBand,
              effectiveFrom: l.effectiveFrom,
            })),
          },
        },
      });
    }),
  );
}

/**
 * The child a new placement is for, by ID or by UPN, to name them on the form; reading them is a
 * read of their record. Undefined when there is no such child in the LA.
 */
export function childForPlacement(
  ctx: PlacementsContext,
  find: { childId: string } | { upn: string },
): Promise<ChildIdentity | undefined> {
  authorise(ctx, 'placements:write');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const id =
      'childId' in find
        ? isUuid(find.childId)
          ? find.childId
          : undefined
        : await childWithUpn(tx, laCode, find.upn);
    const [child] = id ? await childIdentities(tx, laCode, [id]) : [];
    if (child)
      await audit(tx, ctx, {
        action: 'placement.form-opened',
        entityType: 'child',
        entityId: child.id,
        childId: child.id,
      });
    return child;
  });
}

export interface ChildPlacement extends repo.PlacementRow {
  settingName: string;
}

/** A child's placements, latest start first, for their record; the read is recorded against the child. */
export function placementsOfChild(ctx: PlacementsContext, childId: string): Promise<ChildPlacement[]> {
  authorise(ctx, 'placements:read');
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    if (!isUuid(childId)) return [];
    const rows = await repo.placementsOfChild(tx, laCode, childId);
    if (!rows.length) return [];
    const settings = await establishmentSummaries(tx, [
      ...new Set(rows.flatMap((r) => (r.establishmentId ? [r.establishmentId] : []))),
    ]);
    const name = new Map(settings.map((s) => [s.id, s.name]));
    await audit(tx, ctx, {
      action: 'placement.listed',
      entityType: 'placement',
      childId,
      detail: { view: 'child record', placements: rows.length },
    });
    return rows.map((r) => ({
      ...r,
      settingName: r.establishmentId ? (name.get(r.establishmentId) ?? '') : (r.providerName ?? ''),
    }));
  });
}

export interface ApprovalWork {
  /** How many placements wait for this approver, leaving out those they entered; null for anyone who does not approve. */
  waitingForYou: number | null;
  /** The placements this person entered that wait for someone else to approve them. */
  enteredByYou: PlacementListItem[];
}

/** What is waiting on approvals for this person: theirs to decide, and theirs waiting on someone else. */
export async function approvalWork(ctx: PlacementsContext, fy: number): Promise<ApprovalWork> {
  authorise(ctx, 'placements:read');
  const { roles, laCode, userId } = ctx.principal;
  const waitingForYou = can(roles, 'placements:approve')
    ? await transaction(ctx, (tx) => repo.countAwaitingNotEnteredBy(tx, laCode, userId))
    : null;
  const enteredByYou = can(roles, 'placements:write')
    ? (await listPlacements(ctx, { approval: 'awaiting', enteredBy: userId, fy, limit: 50, offset: 0 })).items
    : [];
  return { waitingForYou, enteredByYou };
}

/** How many placements from EHC plans have something for a finance officer to confirm. */
export function placementsToConfirm(ctx: PlacementsContext): Promise<number> {
  authorise(ctx, 'placements:read');
  return transaction(ctx, (tx) => repo.countToConfirm(tx, ctx.principal.laCode));
}

/** The financial years the LA's placements have costs in, earliest first. */
export function placementCostYears(ctx: PlacementsContext): Promise<number[]> {
  authorise(ctx, 'placements:read');
  return transaction(ctx, (tx) => repo.costYears(tx, ctx.principal.laCode));
}

export interface BandOption {
  band: string;
  label: string;
  /** What the band is worth a year in the scheme in force today; null when that scheme lacks it. */
  annualPenceToday: number | null;
}

/** The top-up bands the adopted schemes have for a placement of this type; none for a type not paid on bands. */
export function topUpBandsFor(ctx: PlacementsContext, type: PlacementType): Promise<BandOption[]> {
  authorise(ctx, 'placements:read');
  const group = settingGroupOf(type);
  if (!group) return Promise.resolve([]);
  const laCode = ctx.principal.laCode;
  return transaction(ctx, async (tx) => {
    const [bands, schemes] = await Promise.all([
      repo.adoptedBandsOf(tx, laCode, group),
      repo.adoptedSchemes(tx, laCode),
    ]);
    // The latest scheme's label for a band stands, as that is what the band is now called.
    const labels = new Map(bands.map((b) => [b.band, b.label]));
    return [...labels]
      .map(([band, label]) => ({
        band,
        label,
        annualPenceToday: bandValueOn(schemes, group, band, ctx.today),
      }))
      .sort((a, b) => a.band.localeCompare(b.band, 'en-GB', { numeric: true }));
  });
}

/** The names of the LA's staff who entered or decided on placements. */
export function staffNames(
  ctx: PlacementsContext,
  ids: readonly (string | null)[],
): Promise<Map<string, string>> {
  authorise(ctx, 'placements:read');
  return transaction(ctx, (tx) => userNames(tx, ids));
}

/** The school or setting on the LA's register with this URN, for a placement there. */
export function settingForUrn(
  ctx: PlacementsContext,
  urn: number,
): Promise<{ id: string; name: string } | undefined> {
  authorise(ctx, 'placements:write');
  return transaction(ctx, (tx) => establishmentForUrn(tx, urn));
}

export interface YearCosts {
  /** The high needs block's share, by budget line: committed, and awaiting approval. */
  committed: { budgetLine: string; pence: number }[];
  awaitingApproval: { budgetLine: string; pence: number }[];
  /** What others pay: the ESFA directly, health, social care, and home to school transport. */
  outsideBlock: Record<'esfa_direct' | 'health' | 'social_care' | 'transport', number>;
  /**
   * Placements EHC plans made whose costs a finance officer has not yet entered, with their days
   * in the year and what their own lines (place funding) commit to the block: the forecast
   * counts them at the expected cost of their type until their costs are entered.
   */
  costsToConfirm: {
    childId: string;
    establishmentId: string | null;
    providerName: string | null;
    placementType: PlacementType;
    budgetLine: string;
    from: string;
    to: string;
    committedPence: number;
  }[];
}

/** Open-ended placements whose costs were worked out only to an earlier year are worked out to this one. */
async function costsWorkedOutThrough(tx: Tx, laCode: string, fy: number): Promise<void> {
  const behind = await repo.placementsNeedingCostsThrough(tx, laCode, fy);
  if (behind.length) await recomputePlacementCosts(tx, laCode, behind, fy);
}

/**
 * A financial year's placement costs for the budget position: open-ended placements are first
 * worked out as far as that year if they were not yet.
 */
export async function placementCostsInYear(tx: Tx, laCode: string, fy: number): Promise<YearCosts> {
  await costsWorkedOutThrough(tx, laCode, fy);
  const totals = await repo.costsByLine(tx, laCode, fy);
  const outsideBlock = { esfa_direct: 0, health: 0, social_care: 0, transport: 0 };
  const committed = new Map<string, number>();
  const awaiting = new Map<string, number>();
  for (const t of totals) {
    if (t.payer !== 'high_needs') {
      if (!t.awaiting) outsideBlock[t.payer as keyof typeof outsideBlock] += t.pence;
      continue;
    }
    const into = t.awaiting ? awaiting : committed;
    into.set(t.budgetLine, (into.get(t.budgetLine) ?? 0) + t.pence);
  }
  const list = (m: Map<string, number>) => [...m].map(([budgetLine, pence]) => ({ budgetLine, pence }));
  return {
    committed: list(committed),
    awaitingApproval: list(awaiting),
    outsideBlock,
    costsToConfirm: await placementsToConfirmInYear(tx, laCode, fy),
  };
}

/** The year's placements from EHC plans whose costs are still to confirm (see YearCosts). */
export async function placementsToConfirmInYear(
  tx: Tx,
  laCode: string,
  fy: number,
): Promise<YearCosts['costsToConfirm']> {
  const rows = await repo.placementsToConfirmIn(tx, laCode, fy, fyStart(fy), fyEnd(fy));
  return rows.map((p) => ({
    childId: p.childId,
    establishmentId: p.establishmentId,
    providerName: p.providerName,
    placementType: p.type,
    budgetLine: budgetLineOf(p.type, 'top_up'),
    from: p.from,
    to: p.to,
    committedPence: Number(p.highNeedsPence),
  }));
}

export type PlacementYearCost = repo.PlacementYearCost;

/**
 * Each placement costing anything in a financial year, with its high needs and others' shares, for
 * totals by child, setting or type: worked out as far as that year first, as for the position.
 */
export async function placementsCostingInYear(
  tx: Tx,
  laCode: string,
  fy: number,
): Promise<PlacementYearCost[]> {
  await costsWorkedOutThrough(tx, laCode, fy);
  return repo.costsByPlacement(tx, laCode, fy);
}
