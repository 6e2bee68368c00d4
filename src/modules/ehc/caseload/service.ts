import { auditListing } from '../../../platform/audit/index.ts';
import { userNames } from '../../../platform/auth/directory.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { type ChildIdentity, childIdentities } from '../../children/index.ts';
import { audit, type EhcContext, requirePermission, transaction } from '../context.ts';
import { recomputeIfStale } from '../requests/recompute.ts';
import { breachExplanation, type StageByWeek, stageByWeek } from './domain/dashboard.ts';
import { bands, percent, type Timeliness } from './domain/timeliness.ts';
import * as repo from './repo.ts';

export interface Dashboard {
  /** Whether stored dates are being worked out again after a change to the rules. */
  updating: boolean;
  year: number;
  today: IsoDate;
  activePlans: number;
  allocation: {
    coordinator: { id: string; name: string } | null;
    open: number;
    overdue: number;
    dueWithin7Days: number;
  }[];
  /** Open requests by stage and week, and the backlog: open and more than 20 weeks (140 days) since the request. */
  open: StageByWeek & { backlog: number; unallocated: number };
  timeliness: Timeliness;
  breachesByStep: { step: string; missed: number; excepted: number }[];
  recentBreaches: {
    requestId: string;
    child: ChildIdentity | null;
    coordinator: string | null;
    step: string;
    owner: string;
    dueOn: IsoDate;
    doneOn: IsoDate | null;
    daysLate: number;
    excepted: boolean;
    reasons: string[];
  }[];
  weekly: {
    weekStarting: IsoDate;
    received: number;
    issued: number;
    issuedEx: number;
    issuedWithin20WeeksEx: number;
    percentWithin20WeeksEx: number | null;
  }[];
}

/** The DfE timeliness measure for a calendar year, from the stored requests. */
export function stats(ctx: EhcContext, year: number): Promise<Timeliness> {
  requirePermission(ctx, 'ehc:read');
  return transaction(ctx, (tx) => timelinessOf(tx, ctx.principal.laCode, year));
}

export async function timelinessOf(tx: Tx, laCode: string, year: number): Promise<Timeliness> {
  const t = await repo.timeliness(tx, laCode, year);
  return {
    year,
    includingExceptions: bands({
      issued: t.issued,
      within20Weeks: t.within20Weeks,
      over20To52Weeks: t.over20To52Weeks,
      over52Weeks: t.over52Weeks,
    }),
    excludingExceptions: bands({
      issued: t.issuedEx,
      within20Weeks: t.within20WeeksEx,
      over20To52Weeks: t.over20To52WeeksEx,
      over52Weeks: t.over52WeeksEx,
    }),
  };
}

export const recentBreachLimit = 25;

/** Everything a SEND team manager watches, for one calendar year; the children named are audited. */
export function dashboard(
  ctx: EhcContext,
  year: number,
  purpose: 'view' | 'export' = 'view',
): Promise<Dashboard> {
  requirePermission(ctx, 'ehc:read');
  const { laCode } = ctx.principal;
  const { today } = ctx;
  return transaction(ctx, async (tx) => {
    const updating = await recomputeIfStale(tx, laCode);
    const allocation = await repo.allocation(tx, laCode, today);
    const byStageWeek = await repo.openByStageAndWeek(tx, laCode, today);
    const team = await repo.teamFigures(tx, laCode, today, today);
    const timeliness = await timelinessOf(tx, laCode, year);
    const byStep = await repo.breachesByStep(tx, laCode, year, today);
    const breaches = await repo.recentBreaches(tx, laCode, year, today, recentBreachLimit);
    const weekly = await repo.weeklyTrend(tx, laCode, year);
    const activePlans = await repo.activePlanCount(tx, laCode);
    const names = await userNames(tx, [
      ...allocation.map((a) => a.coordinatorId),
      ...breaches.map((b) => b.coordinatorId),
    ]);
    const children = new Map(
      (
        await childIdentities(
          tx,
          laCode,
          breaches.map((b) => b.childId),
        )
      ).map((c) => [c.id, c]),
    );
    // An export of one of its tables is audited once, as an export, by the export helper.
    if (purpose === 'view') {
      await auditListing(tx, ctx, {
        action: 'ehc.request.listed',
        entityType: 'ehc_request',
        childIds: breaches.map((b) => b.childId),
        detail: { view: 'dashboard', year },
      });
      await audit(tx, ctx, {
        action: 'ehc.dashboard.read',
        entityType: 'ehc_dashboard',
        childId: null,
        detail: { year },
      });
    }
    return {
      updating,
      year,
      today,
      activePlans,
      allocation: allocation
        .map((a) => ({
          coordinator: a.coordinatorId
            ? { id: a.coordinatorId, name: names.get(a.coordinatorId) ?? 'Unknown' }
            : null,
          open: a.open,
          overdue: a.overdue,
          dueWithin7Days: a.dueWithin7Days,
        }))
        .sort((a, b) => (a.coordinator?.name ?? '').localeCompare(b.coordinator?.name ?? '')),
      open: { ...stageByWeek(byStageWeek), backlog: team.backlog, unallocated: team.unallocated },
      timeliness,
      breachesByStep: byStep,
      recentBreaches: breaches.map((b) => ({
        requestId: b.requestId,
        child: children.get(b.childId) ?? null,
        coordinator: b.coordinatorId ? (names.get(b.coordinatorId) ?? null) : null,
        step: b.step,
        owner: b.owner,
        dueOn: b.dueOn,
        doneOn: b.doneOn,
        daysLate: b.daysLate,
        excepted: b.exceptedBy !== null,
        reasons: breachExplanation(b.exceptedBy, b.lateBefore),
      })),
      weekly: weekly.map((w) => ({
        ...w,
        percentWithin20WeeksEx: percent(w.issuedWithin20WeeksEx, w.issuedEx),
      })),
    };
  });
}
