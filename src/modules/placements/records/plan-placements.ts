import { type AuditFacts, auditAs } from '../../../platform/audit/index.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { HookActor } from '../../../platform/hooks.ts';
import type { PlanPlacement } from '../../ehc/index.ts';
import { establishmentNamed, establishmentSummaries } from '../../providers/index.ts';
import {
  type ChildPlacementFacts,
  type FollowReason,
  followPlan,
  type NamedSetting,
  type PlacementFollowing,
  placementTypeFromPlan,
  planPlaceFunding,
} from '../domain/plan-placements.ts';
import * as repo from './repo.ts';
import { settleCosts } from './service.ts';

/**
 * The placements module's side of a final EHC plan naming a placement (the EHC module tells it
 * through the platform's hooks, inside the transaction that records the plan's step): the child's
 * placements follow what the plan now names, as domain/plan-placements.ts decides, each change
 * recorded in the audit log as one the system made for the person who recorded the step.
 */

/** Where the plan's setting is: the register entry it names by ID, or the one entry with its name; else a provider without a URN. */
async function settingNamed(
  tx: Tx,
  laCode: string,
  named: NonNullable<PlanPlacement['named']>,
): Promise<{ setting: NamedSetting; academy: boolean }> {
  const id = named.establishmentId ?? (await establishmentNamed(tx, laCode, named.settingName));
  const [register] = id ? await establishmentSummaries(tx, [id]) : [];
  const { type, typeToConfirm, academy } = placementTypeFromPlan(register ?? null, named.provision);
  return {
    setting: {
      establishmentId: register ? register.id : null,
      providerName: register ? null : named.settingName.trim(),
      type,
      typeToConfirm,
      startOn: named.startOn,
    },
    academy,
  };
}

const auditActions: [FollowReason, string][] = [
  ['moved', 'placement.moved-with-plan'],
  ['ended', 'placement.ended-for-plan'],
  ['named', 'placement.named-in-plan'],
  ['restored', 'placement.restored-with-plan'],
  ['let-go', 'placement.flagged-by-plan'],
  ['flagged', 'placement.flagged-by-plan'],
];

/** The facts that changed, before and after, as the audit log keeps them. */
function changedFacts(c: PlacementFollowing) {
  const keys = [
    'basis',
    'planId',
    'startOn',
    'endOn',
    'type',
    'typeToConfirm',
    'planLink',
    'linkedPlanId',
    'changedSincePlan',
    'planCheck',
  ] as const;
  const changed = keys.filter((k) => c.before[k] !== c.after[k]);
  return {
    before: Object.fromEntries(changed.map((k) => [k, c.before[k]])),
    after: Object.fromEntries(changed.map((k) => [k, c.after[k]])),
  };
}

const describe = (
  p: Pick<ChildPlacementFacts, 'establishmentId' | 'providerName' | 'type' | 'startOn' | 'endOn'>,
) => ({
  establishmentId: p.establishmentId,
  providerName: p.providerName,
  type: p.type,
  startOn: p.startOn,
  endOn: p.endOn,
});

/** Follows a plan's named placement: makes, names, ends, moves or puts back the child's placements. */
export async function followPlanPlacement(tx: Tx, event: PlanPlacement, actor: HookActor): Promise<void> {
  const laCode = actor.principal.laCode;
  const by = { laCode, userId: actor.principal.userId, today: actor.today };
  const named = event.named ? await settingNamed(tx, laCode, event.named) : null;
  const placements = await repo.placementFactsOfChild(tx, laCode, event.childId);
  const following = followPlan(event.planId, named?.setting ?? null, placements);
  const version = new Map(placements.map((p) => [p.id, p.version]));
  const cause = { plan: event.planId, request: event.requestId, event: event.eventId };
  const audits: AuditFacts[] = [];
  const schemes = await repo.adoptedSchemes(tx, laCode);

  for (const p of following.remove) {
    await repo.deletePlacement(tx, laCode, p.id);
    audits.push({
      action: 'placement.removed-with-plan',
      entityType: 'placement',
      entityId: p.id,
      childId: event.childId,
      detail: { ...cause, before: describe(p) },
    });
  }
  for (const c of following.change) {
    const a = c.after;
    await repo.updatePlacement(tx, laCode, c.id, version.get(c.id) ?? 0, {
      basis: a.basis,
      planId: a.planId,
      startOn: a.startOn,
      endOn: a.endOn,
      type: a.type,
      typeToConfirm: a.typeToConfirm,
      planLink: a.planLink,
      linkedPlanId: a.linkedPlanId,
      beforePlan: a.beforePlan,
      changedSincePlan: a.changedSincePlan,
      planCheck: a.planCheck,
    });
    if (c.reasons.includes('moved')) {
      // Nobody changed it since the plan made it: its place funding is the plan's, made again.
      await repo.deletePlanCostLines(tx, laCode, c.id);
      const line = planPlaceFunding(a.type, a.typeToConfirm, named?.academy ?? false, a.startOn);
      if (line)
        await repo.insertCostLines(tx, laCode, c.id, [{ ...line, note: null, fromPlan: true }], by.userId);
    }
    if (c.before.startOn !== a.startOn || c.before.endOn !== a.endOn || c.before.type !== a.type)
      await settleCosts(tx, by, c.id, schemes);
    const action =
      auditActions.find(([reason]) => c.reasons.includes(reason))?.[1] ?? 'placement.flagged-by-plan';
    audits.push({
      action,
      entityType: 'placement',
      entityId: c.id,
      childId: event.childId,
      detail: { ...cause, reasons: c.reasons, ...changedFacts(c) },
    });
  }
  const make = following.make;
  if (make) {
    const id = await repo.insertPlacement(tx, laCode, {
      childId: event.childId,
      establishmentId: make.establishmentId,
      providerName: make.providerName,
      type: make.type,
      startOn: make.startOn,
      endOn: null,
      expectedEndOn: null,
      fte: 1,
      residentialWeeks: null,
      basis: 'ehc_plan',
      planId: event.planId,
      enteredBy: by.userId,
      madeByPlan: { typeToConfirm: make.typeToConfirm },
    });
    const line = planPlaceFunding(make.type, make.typeToConfirm, named?.academy ?? false, make.startOn);
    if (line)
      await repo.insertCostLines(tx, laCode, id, [{ ...line, note: null, fromPlan: true }], by.userId);
    await settleCosts(tx, by, id, schemes);
    audits.push({
      action: 'placement.made-from-plan',
      entityType: 'placement',
      entityId: id,
      childId: event.childId,
      detail: {
        ...cause,
        after: describe({ ...make, endOn: null }),
        typeToConfirm: make.typeToConfirm,
        placeFundingPence: line?.amountPence ?? 0,
      },
    });
  }
  await auditAs(tx, actor, audits);
}
