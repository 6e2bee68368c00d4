import { randomUUID } from 'node:crypto';
import { recordAuditEvents } from '../../../platform/audit/index.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { fyOf } from '../../../platform/kernel/financial-years.ts';
import { childIdentities } from '../../children/index.ts';
import { ehcPlansInForce } from '../../ehc/index.ts';
import { establishmentSummaries } from '../../providers/index.ts';
import { peakAnnualCost, placementCostShares } from '../domain/costs.ts';
import { type NewPlacementInput, newPlacementSchema } from '../domain/placement-input.ts';
import { differenceFrom } from '../domain/same-placement.ts';
import type { CostShare, IsoDate, PlacementType } from '../domain/types.ts';
import * as repo from './repo.ts';
import {
  approvalAfterChange,
  costLineProblems,
  factsOf,
  horizonFy,
  newPlacementRefusals,
  overlapProblem,
  toCostLine,
} from './service.ts';

/**
 * Placements added many at once, as an import adds a finance team's spreadsheet: each checked by
 * the schema and the rules a placement added through the API or its page is (the child, the
 * setting, the EHC plan in force, the cost lines, full-time placements that would overlap), then
 * all written together or none, with their costs worked out and their approval decided as the
 * service decides them. A placement the LA already holds just as it is asked for is left alone,
 * so the same file imported twice adds nothing the second time.
 */

/** Who adds them: the person who asked (an import runs as a job in their name) and from where. */
export interface AddingPerson {
  laCode: string;
  userId: string | null;
  ip: string | null;
  requestId: string | null;
}

/** Why one of the placements asked for cannot be added: its place in the list, the field and the message. */
export interface BulkRefusal extends FieldError {
  index: number;
}

export interface AddedPlacements {
  created: {
    index: number;
    id: string;
    childId: string;
    type: PlacementType;
    approval: 'not_needed' | 'awaiting';
    peakAnnualCostPence: number;
  }[];
  /** Those the LA already held just as asked, by their place in the list. */
  alreadyHeld: number[];
  costLines: number;
  /** What the new placements commit in the financial year of `today`, awaiting approval or not, every payer. */
  thisYearPence: number;
  /** The annual cost above which a placement waits for a second person's approval. */
  approvalThresholdPence: number;
}

const keyOf = (p: {
  childId: string;
  establishmentId: string | null;
  providerName: string | null;
  type: string;
  startOn: string;
}) =>
  [
    p.childId,
    p.establishmentId ?? `provider:${(p.providerName ?? '').trim().replace(/\s+/g, ' ').toLowerCase()}`,
    p.type,
    p.startOn,
  ].join('|');

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Whether two full-time placements share a day; one not ended runs on. */
const overlaps = (
  a: { startOn: string; endOn: string | null },
  b: { startOn: string; endOn: string | null },
) => (a.endOn === null || a.endOn >= b.startOn) && (b.endOn === null || b.endOn >= a.startOn);

/**
 * Checks every placement asked for and, only if none is refused, adds them all in the caller's
 * transaction and records one audit event naming each child. `detail` goes into that event.
 */
export async function addPlacements(
  tx: Tx,
  who: AddingPerson,
  today: IsoDate,
  asked: readonly unknown[],
  audit: { action: string; detail: Record<string, unknown> },
): Promise<{ ok: true; added: AddedPlacements } | { ok: false; refusals: BulkRefusal[] }> {
  const { laCode } = who;
  await repo.lockPlacementImport(tx, laCode);
  const refusals: BulkRefusal[] = [];
  const inputs: { index: number; input: NewPlacementInput }[] = [];
  asked.forEach((a, index) => {
    const parsed = newPlacementSchema.safeParse(a);
    if (parsed.success) inputs.push({ index, input: parsed.data });
    else
      for (const issue of parsed.error.issues)
        refusals.push({ index, field: issue.path.join('.'), message: issue.message });
  });
  const childIds = [...new Set(inputs.map((i) => i.input.childId))];
  const children = new Set((await childIdentities(tx, laCode, childIds)).map((c) => c.id));
  const plans = await ehcPlansInForce(tx, laCode);
  const schemes = await repo.adoptedSchemes(tx, laCode);
  const threshold = await repo.approvalThreshold(tx, laCode);
  const fullTime = await repo.fullTimeSpansOf(tx, laCode, childIds);
  const held = await repo.placementsLike(
    tx,
    laCode,
    inputs.map((i) => i.input),
  );
  const settingIds = [
    ...new Set([
      ...inputs.map((i) => i.input.establishmentId),
      ...held.map((h) => h.establishmentId),
      ...fullTime.map((h) => h.establishmentId),
    ]),
  ].flatMap((id) => (id ? [id] : []));
  const settingNames = new Map(
    (await establishmentSummaries(tx, settingIds)).map((s) => [s.id, s.name] as const),
  );
  const heldLines = await repo.costLinesOf(
    tx,
    laCode,
    held.map((h) => h.id),
  );
  const linesOf = new Map<string, repo.CostLineRow[]>();
  for (const l of heldLines) addTo(linesOf, l.placementId, l);
  const heldByKey = new Map(held.map((h) => [keyOf(h), h]));
  const fullTimeOf = new Map<string, { startOn: string; endOn: string | null; setting: string }[]>();
  for (const h of fullTime)
    addTo(fullTimeOf, h.childId, {
      startOn: h.startOn,
      endOn: h.endOn,
      setting: h.establishmentId
        ? (settingNames.get(h.establishmentId) ?? 'another setting')
        : (h.providerName ?? 'another provider'),
    });
  const alreadyHeld: number[] = [];
  const toAdd: {
    index: number;
    input: NewPlacementInput;
    lines: repo.NewCostLineRow[];
    planId: string | null;
  }[] = [];
  for (const { index, input } of inputs) {
    const refuse = (e: FieldError) => refusals.push({ index, ...e });
    const lines = input.costLines.map(toCostLine);
    if (!children.has(input.childId)) {
      refuse(newPlacementRefusals.noChild);
      continue;
    }
    const same = heldByKey.get(
      keyOf({
        ...input,
        establishmentId: input.establishmentId ?? null,
        providerName: input.providerName ?? null,
      }),
    );
    if (same) {
      const difference = differenceFrom(
        { ...same, costLines: linesOf.get(same.id) ?? [] },
        {
          endOn: input.endOn ?? null,
          expectedEndOn: input.expectedEndOn ?? null,
          fte: input.fte,
          residentialWeeks: input.residentialWeeks ?? null,
          basis: input.basis,
          costLines: lines,
        },
      );
      if (difference)
        refuse({
          field: difference.field,
          message: `The child already has this placement (at ${settingNames.get(same.establishmentId ?? '') ?? same.providerName} from ${longDate(same.startOn)}) with ${difference.held}, where this has ${difference.asked}: placements are added here, not changed, so change it on its page, or leave it out`,
        });
      else alreadyHeld.push(index);
      continue;
    }
    if (input.establishmentId && !settingNames.has(input.establishmentId))
      refuse(newPlacementRefusals.noSetting);
    const planId = input.basis === 'ehc_plan' ? (plans.get(input.childId) ?? null) : null;
    if (input.basis === 'ehc_plan' && !planId) refuse(newPlacementRefusals.noPlan);
    for (const e of costLineProblems(
      { type: input.type, startOn: input.startOn, endOn: input.endOn ?? null },
      lines,
      schemes,
      input.confirmLargeAmounts,
      (i, name) => `costLines.${i}.${name}`,
    ))
      refuse(e);
    if (input.fte === 1) {
      const wanted = { startOn: input.startOn, endOn: input.endOn ?? null };
      const clash = (fullTimeOf.get(input.childId) ?? []).find((h) => overlaps(h, wanted));
      if (clash) refuse(overlapProblem(clash, clash.setting));
      else
        addTo(fullTimeOf, input.childId, {
          ...wanted,
          setting: input.providerName ?? settingNames.get(input.establishmentId ?? '') ?? '',
        });
    }
    toAdd.push({ index, input, lines, planId });
  }
  if (refusals.length) return { ok: false, refusals: refusals.sort((a, b) => a.index - b.index) };
  const throughFy = horizonFy(today);
  const thisFy = fyOf(today);
  const placements: repo.ImportedPlacementRow[] = [];
  const costLines: (repo.NewCostLineRow & { placementId: string })[] = [];
  const costs: (CostShare & { placementId: string })[] = [];
  const created: AddedPlacements['created'] = [];
  let thisYearPence = 0;
  for (const { index, input, lines, planId } of toAdd) {
    const id = randomUUID();
    const placement = {
      type: input.type,
      startOn: input.startOn,
      endOn: input.endOn ?? null,
      expectedEndOn: input.expectedEndOn ?? null,
      fte: input.fte,
    };
    const facts = factsOf(placement, lines);
    const peak = peakAnnualCost(facts, schemes);
    const approval = approvalAfterChange(
      { approval: 'not_needed', approvedAnnualPence: null },
      peak,
      threshold,
    );
    placements.push({
      ...placement,
      id,
      childId: input.childId,
      establishmentId: input.establishmentId ?? null,
      providerName: input.establishmentId ? null : (input.providerName ?? null),
      residentialWeeks: input.residentialWeeks ?? null,
      basis: input.basis,
      planId,
      enteredBy: who.userId,
      approval: approval === 'awaiting' ? 'awaiting' : 'not_needed',
      costsThroughFy: throughFy,
    });
    for (const l of lines) costLines.push({ ...l, placementId: id });
    for (const share of placementCostShares(facts, schemes, throughFy)) {
      costs.push({ ...share, placementId: id });
      if (share.fy === thisFy) thisYearPence += share.pence;
    }
    created.push({
      index,
      id,
      childId: input.childId,
      type: input.type,
      approval: approval === 'awaiting' ? 'awaiting' : 'not_needed',
      peakAnnualCostPence: peak,
    });
  }
  await repo.insertImportedPlacements(tx, laCode, placements);
  await repo.insertImportedCostLines(tx, laCode, costLines, who.userId);
  await repo.insertCosts(tx, laCode, costs);
  await recordAuditEvents(tx, [
    {
      laCode,
      userId: who.userId,
      action: audit.action,
      entityType: 'placements',
      childId: null,
      childIds: created.map((c) => c.childId),
      ip: who.ip,
      requestId: who.requestId,
      detail: {
        ...audit.detail,
        created: created.length,
        awaitingApproval: created.filter((c) => c.approval === 'awaiting').length,
        alreadyHeld: alreadyHeld.length,
        costLines: costLines.length,
      },
    },
  ]);
  return {
    ok: true,
    added: {
      created,
      alreadyHeld,
      costLines: costLines.length,
      thisYearPence,
      approvalThresholdPence: threshold,
    },
  };
}
