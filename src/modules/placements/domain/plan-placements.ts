import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { addDays } from '../../../platform/kernel/days.ts';
import { placeFundingRule } from './costs.ts';
import type { CostLine, PlacementType } from './types.ts';

/**
 * What a final EHC plan's named placement does to a child's placements (DESIGN §2: a final plan's
 * named placement becomes a placement). Pure: the child's placements and what the plan now names
 * in; what to make, change and remove out.
 *
 * - The plan names a setting the child has no current placement at: a placement is made there,
 *   from the day the plan names or the day it became this LA's, with place funding by the DfE's
 *   rule and the rest of its costs to confirm.
 * - The child already has a placement there running then: it is not duplicated, only marked as
 *   named in the plan.
 * - A full-time placement elsewhere running on that day ends the day before (the database allows
 *   no two full-time placements on one day); one starting on or after it cannot, and is flagged.
 * - When a correction moves the plan's date, changes its setting or takes its issue back, what the
 *   plan did follows (a placement it made moves or goes, one it ended or named is put back), unless
 *   a person has changed that placement since: then it is left as it is and flagged for the
 *   finance officer.
 */

/** What a plan did to a placement: made it, named it (it was already there), or ended it. */
export type PlanLink = 'made' | 'named' | 'ended';

/** Why the finance officer should look at a placement again after its plan changed. */
export type PlanCheck = 'plan_withdrawn' | 'plan_changed' | 'plan_names_another_setting';

/** What a plan's change to a placement overwrote, to put back if the change is taken back. */
export interface BeforePlan {
  basis: 'ehc_plan' | 'interim';
  planId: string | null;
  endOn: IsoDate | null;
  planLink: PlanLink | null;
  linkedPlanId: string | null;
  changedSincePlan: boolean;
  beforePlan: BeforePlan | null;
}

/** One of the child's placements, as following a plan needs to know it. */
export interface ChildPlacementFacts {
  id: string;
  establishmentId: string | null;
  providerName: string | null;
  type: PlacementType;
  typeToConfirm: boolean;
  startOn: IsoDate;
  endOn: IsoDate | null;
  fte: number;
  /** A placement a finance approver did not approve holds no place. */
  rejected: boolean;
  basis: 'ehc_plan' | 'interim';
  planId: string | null;
  planLink: PlanLink | null;
  linkedPlanId: string | null;
  beforePlan: BeforePlan | null;
  /** A person changed it after a plan last did. */
  changedSincePlan: boolean;
  planCheck: PlanCheck | null;
}

/** The setting a plan names, as a placement there would be: on the register, or a provider by name. */
export interface NamedSetting {
  establishmentId: string | null;
  providerName: string | null;
  type: PlacementType;
  /** The type is a first guess the finance officer must confirm. */
  typeToConfirm: boolean;
  startOn: IsoDate;
}

/** Why a placement changes as the plan is followed, for the audit log. */
export type FollowReason = 'moved' | 'named' | 'ended' | 'restored' | 'let-go' | 'flagged';

export interface PlacementFollowing {
  id: string;
  reasons: FollowReason[];
  before: ChildPlacementFacts;
  after: ChildPlacementFacts;
}

export interface PlanFollowing {
  /** The placement to make at the setting the plan names, if the child has none there. */
  make: NamedSetting | null;
  /** Placements the plan made, nobody has changed since, and the plan no longer names. */
  remove: ChildPlacementFacts[];
  /** Placements whose facts change, in an order the database can take one by one. */
  change: PlacementFollowing[];
}

const snapshot = (p: ChildPlacementFacts): BeforePlan => ({
  basis: p.basis,
  planId: p.planId,
  endOn: p.endOn,
  planLink: p.planLink,
  linkedPlanId: p.linkedPlanId,
  changedSincePlan: p.changedSincePlan,
  beforePlan: p.beforePlan,
});

const providerKey = (name: string | null) => (name ?? '').trim().replace(/\s+/g, ' ').toLowerCase();

/** Whether a placement is at the setting named: the same register entry, or a provider of the same name. */
export function atSetting(p: Pick<ChildPlacementFacts, 'establishmentId' | 'providerName'>, s: NamedSetting) {
  return s.establishmentId
    ? p.establishmentId === s.establishmentId
    : p.establishmentId === null && providerKey(p.providerName) === providerKey(s.providerName);
}

const overlaps = (
  a: { startOn: IsoDate; endOn: IsoDate | null },
  b: { startOn: IsoDate; endOn: IsoDate | null },
) => (a.endOn === null || a.endOn >= b.startOn) && (b.endOn === null || b.endOn >= a.startOn);

/** The placement facts a plan change may touch, compared to tell whether a placement changes. */
const followedKeys = [
  'basis',
  'planId',
  'startOn',
  'endOn',
  'type',
  'typeToConfirm',
  'planLink',
  'linkedPlanId',
  'beforePlan',
  'changedSincePlan',
  'planCheck',
] as const;

/** JSON with each object's keys in order, so a value read back from the database compares equal. */
const canonical = (value: unknown): string =>
  value !== null && typeof value === 'object'
    ? `{${Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
        .join(',')}}`
    : JSON.stringify(value);

const sameFacts = (a: ChildPlacementFacts, b: ChildPlacementFacts) =>
  followedKeys.every((k) => canonical(a[k]) === canonical(b[k]));

/** What following the plan (`planId`, now naming `named`, or nothing in force) does to the child's placements. */
export function followPlan(
  planId: string,
  named: NamedSetting | null,
  placements: readonly ChildPlacementFacts[],
): PlanFollowing {
  const now = new Map(placements.map((p) => [p.id, { ...p }]));
  const removed = new Set<string>();
  const reasons = new Map<string, Set<FollowReason>>();
  const note = (p: ChildPlacementFacts, reason: FollowReason) =>
    reasons.set(p.id, (reasons.get(p.id) ?? new Set()).add(reason));
  const live = () => [...now.values()].filter((p) => !removed.has(p.id) && !p.rejected);
  const link = (p: ChildPlacementFacts, planLink: PlanLink) => {
    p.beforePlan = snapshot(p);
    p.planLink = planLink;
    p.linkedPlanId = planId;
    p.changedSincePlan = false;
  };
  const restore = (p: ChildPlacementFacts) => {
    const b = p.beforePlan;
    if (b) Object.assign(p, { ...b });
    else Object.assign(p, { planLink: null, linkedPlanId: null });
    note(p, 'restored');
  };
  /** Puts an ended placement's end back, unless another full-time placement now holds those days. */
  const restoreIfFree = (p: ChildPlacementFacts) => {
    const restoredEnd = p.beforePlan?.endOn ?? null;
    const clash = live().some(
      (q) =>
        q.id !== p.id &&
        q.fte === 1 &&
        p.fte === 1 &&
        overlaps(q, { startOn: p.startOn, endOn: restoredEnd }),
    );
    if (!clash) restore(p);
  };
  const flag = (p: ChildPlacementFacts, check: PlanCheck) => {
    p.planCheck = check;
    note(p, 'flagged');
  };

  // What the plan did before: a placement it made or named that it no longer names is let go.
  const linked = [...now.values()].filter((p) => p.linkedPlanId === planId);
  let made: ChildPlacementFacts | undefined;
  let namedThere: ChildPlacementFacts | undefined;
  const ended: ChildPlacementFacts[] = [];
  for (const p of linked) {
    if (p.planLink === 'made') {
      if (named && atSetting(p, named)) made = p;
      else if (!p.changedSincePlan) removed.add(p.id);
      else {
        Object.assign(p, { planLink: null, linkedPlanId: null, beforePlan: null });
        flag(p, named ? 'plan_changed' : 'plan_withdrawn');
        note(p, 'let-go');
      }
    } else if (p.planLink === 'named') {
      if (named && atSetting(p, named)) namedThere = p;
      else restore(p);
    } else if (p.planLink === 'ended') ended.push(p);
  }
  const unchangedEnded = ended.filter((p) => !p.changedSincePlan);
  for (const p of ended) if (p.changedSincePlan) flag(p, named ? 'plan_changed' : 'plan_withdrawn');

  if (!named) {
    for (const p of unchangedEnded) restore(p);
    return result(null);
  }

  const startOn = named.startOn;
  let making = false;
  let moving = false;
  if (made) {
    const differs =
      made.startOn !== startOn || made.type !== named.type || made.typeToConfirm !== named.typeToConfirm;
    if (differs && !made.changedSincePlan) moving = true;
    else if (made.startOn !== startOn) flag(made, 'plan_changed');
  } else if (!namedThere) {
    // A placement the plan ended there is where the child was: it is put back and named instead.
    const endedThere = unchangedEnded.find((p) => {
      const end = p.beforePlan?.endOn ?? null;
      return atSetting(p, named) && (end === null || end >= startOn);
    });
    if (endedThere) {
      restore(endedThere);
      unchangedEnded.splice(unchangedEnded.indexOf(endedThere), 1);
    }
    const current = live()
      .filter((p) => atSetting(p, named) && (p.endOn === null || p.endOn >= startOn))
      .sort((a, b) => b.startOn.localeCompare(a.startOn))[0];
    if (current) {
      link(current, 'named');
      current.basis = 'ehc_plan';
      current.planId = planId;
      note(current, 'named');
    } else making = true;
  }

  if (making || moving) {
    const target = made;
    // What the plan ended before counts from its own end again, to be ended from the new day.
    const asRestored = new Map(unchangedEnded.map((p) => [p.id, p.beforePlan?.endOn ?? null]));
    const endOf = (q: ChildPlacementFacts) =>
      asRestored.has(q.id) ? (asRestored.get(q.id) ?? null) : q.endOn;
    const clashes = live().filter(
      (q) => q !== target && q.fte === 1 && (endOf(q) === null || (endOf(q) as IsoDate) >= startOn),
    );
    const blocked = clashes.filter((q) => q.startOn >= startOn);
    if (blocked.length) {
      for (const q of blocked) flag(q, 'plan_names_another_setting');
      if (target) flag(target, 'plan_changed');
      for (const p of unchangedEnded) if (!target) restoreIfFree(p);
    } else {
      const dayBefore = addDays(startOn, -1);
      for (const q of clashes) {
        if (!(q.linkedPlanId === planId && q.planLink === 'ended')) link(q, 'ended');
        q.endOn = dayBefore;
        note(q, 'ended');
      }
      for (const p of unchangedEnded) if (!clashes.includes(p)) restoreIfFree(p);
      if (target) {
        Object.assign(target, { startOn, type: named.type, typeToConfirm: named.typeToConfirm });
        note(target, 'moved');
      }
    }
    if (!target && !blocked.length) return result(named);
    return result(null);
  }
  for (const p of unchangedEnded) restoreIfFree(p);
  return result(null);

  function result(make: NamedSetting | null): PlanFollowing {
    const before = new Map(placements.map((p) => [p.id, p]));
    const change: PlacementFollowing[] = [];
    for (const [id, after] of now) {
      const was = before.get(id);
      if (!was || removed.has(id) || sameFacts(was, after)) continue;
      change.push({ id, reasons: [...(reasons.get(id) ?? [])], before: was, after });
    }
    // Days given up before days taken: the database checks each statement against the rest.
    const grows = (c: PlacementFollowing) =>
      c.after.startOn < c.before.startOn ||
      (c.before.endOn !== null && (c.after.endOn === null || c.after.endOn > c.before.endOn));
    change.sort((a, b) => Number(grows(a)) - Number(grows(b)));
    return { make, remove: placements.filter((p) => removed.has(p.id)), change };
  }
}

/** What the register says of a setting, enough to tell which type of placement it is. */
export interface RegisterFacts {
  settingKind: string;
  isSpecial: boolean;
  typeGroup: string | null;
  typeName: string | null;
  hasUnit: boolean;
}

/** The EHC plan's words for the kind of provision it names. */
export type Provision =
  | 'mainstream'
  | 'sen-unit'
  | 'resourced-provision'
  | 'special'
  | 'independent'
  | 'other';

/** An academy or free school, whose places the ESFA funds directly. */
export const isAcademySetting = (s: Pick<RegisterFacts, 'typeGroup' | 'typeName'>) =>
  s.typeGroup === 'Academies' ||
  s.typeGroup === 'Free Schools' ||
  /academy|free school/i.test(s.typeName ?? '');

/**
 * The type of placement at the setting a plan names. On the register, its type, phase and
 * designations say (a special academy's places are the ESFA's to fund, a maintained school's the
 * LA's); a mainstream school is a unit placement when the plan names its unit or resourced
 * provision. A provider without a URN is the type the plan's provision says when that says one
 * type; a special school off the register (maintained, academy or non-maintained: who pays its
 * place differs) and "other" provision are a first guess for the finance officer to confirm.
 */
export function placementTypeFromPlan(
  setting: RegisterFacts | null,
  provision: Provision,
): { type: PlacementType; typeToConfirm: boolean; academy: boolean } {
  const unit = provision === 'sen-unit' || provision === 'resourced-provision';
  if (setting) {
    const academy = isAcademySetting(setting);
    const known = (type: PlacementType) => ({ type, typeToConfirm: false, academy });
    switch (setting.settingKind) {
      case 'independent':
        return known('independent_special');
      case 'alternative_provision':
        return known('alternative_provision');
      case 'post_16':
        return known(/special/i.test(setting.typeName ?? '') ? 'specialist_post_16' : 'fe_college');
      case 'early_years':
        return known('mainstream');
      case 'school':
        if (setting.isSpecial) {
          if (/non-maintained/i.test(setting.typeName ?? '')) return known('non_maintained_special');
          return known(academy ? 'academy_special' : 'maintained_special');
        }
        return known(unit ? 'mainstream_unit' : 'mainstream');
    }
  }
  const byProvision: Record<Provision, { type: PlacementType; typeToConfirm: boolean }> = {
    mainstream: { type: 'mainstream', typeToConfirm: false },
    'sen-unit': { type: 'mainstream_unit', typeToConfirm: false },
    'resourced-provision': { type: 'mainstream_unit', typeToConfirm: false },
    independent: { type: 'independent_special', typeToConfirm: false },
    special: { type: 'maintained_special', typeToConfirm: true },
    other: { type: 'eotas', typeToConfirm: true },
  };
  // A register entry of a kind the plan's words cannot place (a setting of kind "other") is a guess too.
  const guess = byProvision[provision];
  return { ...guess, typeToConfirm: guess.typeToConfirm || setting !== null, academy: false };
}

/**
 * The place funding a placement a plan makes starts with: the DfE's rule for its type (DESIGN
 * §3.2), from its start; an academy's unit places are the ESFA's to pay, as its special places
 * are. None for a type without place funding, nor while the type is still to confirm.
 */
export function planPlaceFunding(
  type: PlacementType,
  typeToConfirm: boolean,
  academy: boolean,
  startOn: IsoDate,
): CostLine | null {
  const rule = placeFundingRule(type);
  if (!rule || typeToConfirm) return null;
  return {
    kind: 'place_funding',
    amountPence: rule.annualPence,
    per: 'year',
    unitsPerYear: null,
    topUpBand: null,
    funder: academy ? 'esfa' : rule.funder,
    effectiveFrom: startOn,
    effectiveTo: null,
    healthShareBp: 0,
    socialCareShareBp: 0,
  };
}
