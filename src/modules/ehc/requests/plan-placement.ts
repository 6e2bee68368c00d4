import type { IsoDate } from '../../../platform/kernel/dates.ts';
import type { Placement, ProcessState } from '../domain/process.ts';
import type { PlanRow } from './repo.ts';

/**
 * What the EHC module tells other modules when the placement a plan names changes: a final plan
 * issued or a plan transferred in naming a setting, or a correction that moves its date, changes
 * its setting or takes it back. Told inside the transaction that records the step, so whatever
 * follows from it (the child's placement there) is written with the step or not at all.
 */
export interface PlanPlacement {
  childId: string;
  planId: string;
  requestId: string;
  /** The step, or the correction of one, that changed it. */
  eventId: string;
  /**
   * The setting the plan in force names and the day its placement starts: the day the plan names,
   * else the day the plan became this LA's (issued, or transferred in). Null when the plan no
   * longer names one in force: its issue or transfer was corrected away.
   */
  named: (Omit<Placement, 'startOn'> & { startOn: IsoDate }) | null;
}

declare module '../../../platform/hooks.ts' {
  interface HookEvents {
    'ehc.plan-placement': PlanPlacement;
  }
}

/** The placement a request's plan names in force, as the hook tells it, from the plan and the request's state. */
export function namedPlacement(plan: PlanRow | undefined, state: ProcessState): PlanPlacement['named'] {
  const f = state.facts;
  if (plan?.status !== 'active' || !plan.settingName || !plan.provision || !f) return null;
  const planFrom = f.kind === 'transfer-in' ? f.transferredOn : f.finalIssuedOn;
  const startOn = plan.placementStartOn ?? planFrom;
  if (!startOn) return null;
  return {
    establishmentId: plan.establishmentId,
    settingName: plan.settingName,
    provision: plan.provision as Placement['provision'],
    startOn,
  };
}

/** Whether two named placements are the same: same setting, provision and start. */
export function sameNamed(a: PlanPlacement['named'], b: PlanPlacement['named']): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.establishmentId === b.establishmentId &&
    a.settingName === b.settingName &&
    a.provision === b.provision &&
    a.startOn === b.startOn
  );
}
