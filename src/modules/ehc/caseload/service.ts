import { auditListing } from '../../../platform/audit/index.ts';
import { userNames } from '../../../platform/auth/directory.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { daysBetween } from '../../../platform/kernel/days.ts';
import { type ChildIdentity, childIdentities } from '../../children/index.ts';
import { audit, type EhcContext, requirePermission, transaction } from '../context.ts';
import {
  breachExplanation,
  type StageByWeek,
  stageByWeek,
  type Urgency,
  urgencyOf,
} from './domain/dashboard.ts';
import { bands, percent, type Timeliness } from './domain/timeliness.ts';
import * as repo from './repo.ts';

export interface RequestListItem {
  id: string;
  child: ChildIdentity | null;
  kind: string;
  receivedOn: IsoDate;
  weeksSinceRequest: number;
  stage: string;
  coordinator: { id: string; name: string } | null;
  nextDue: { on: IsoDate; step: string } | null;
  urgency: Urgency;
  closedOn: IsoDate | null;
}

export interface RequestList {
  items: RequestListItem[];
  total: number;
  limit: number;
  offset: number;
}

const weeksBetween = (from: IsoDate, to: IsoDate) => Math.floor(daysBetween(from, to) / 7);

/**
 * Requests the person may see, soonest due first. The listing is recorded in the audit log as
 * one event naming every child listed, since a list shows names and dates of birth.
 */
export function listRequests(ctx: EhcContext, filter: repo.RequestFilter): Promise<RequestList> {
  requirePermission(ctx, 'ehc:read');
  const { laCode } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const rows = await repo.listRequests(tx, laCode, filter);
    const [children, names] = [
      await childIdentities(
        tx,
        laCode,
        rows.map((r) => r.childId),
      ),
      await userNames(
        tx,
        rows.map((r) => r.coordinatorId),
      ),
    ];
    const childById = new Map(children.map((c) => [c.id, c]));
    await auditListing(tx, ctx, {
      action: 'ehc.request.listed',
      entityType: 'ehc_request',
      childIds: rows.map((r) => r.childId),
      detail: { filter, total: rows[0]?.total ?? 0 },
    });
    return {
      total: rows[0]?.total ?? 0,
      limit: filter.limit,
      offset: filter.offset,
      items: rows.map((r) => ({
        id: r.id,
        child: childById.get(r.childId) ?? null,
        kind: r.kind,
        receivedOn: r.receivedOn,
        weeksSinceRequest: weeksBetween(r.receivedOn, r.closedOn ?? ctx.today),
        stage: r.stage,
        coordinator: r.coordinatorId
          ? { id: r.coordinatorId, name: names.get(r.coordinatorId) ?? 'Unknown' }
          : null,
        nextDue: r.nextDueOn && r.nextDueStep ? { on: r.nextDueOn, step: r.nextDueStep } : null,
        urgency: r.closedOn ? 'none' : urgencyOf(r.nextDueOn, ctx.today),
        closedOn: r.closedOn,
      })),
    };
  });
}

/** The most a caseload shows at once; a caseworker holds well under this. */
export const caseloadLimit = 500;

/** The signed-in caseworker's open requests, soonest due first. */
export function myCaseload(ctx: EhcContext): Promise<RequestList> {
  return listRequests(ctx, {
    coordinatorId: ctx.principal.userId,
    open: true,
    limit: caseloadLimit,
    offset: 0,
  });
}

export interface Dashboard {
  year: number;
  today: IsoDate;
  activePlans: number;
  allocation: {
    coordinator: { id: string; name: string } | null;
    open: number;
    overdue: number;
    dueWithin7Days: number;
  }[];
  open: StageByWeek;
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

async function timelinessOf(tx: Tx, laCode: string, year: number): Promise<Timeliness> {
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
export function dashboard(ctx: EhcContext, year: number): Promise<Dashboard> {
  requirePermission(ctx, 'ehc:read');
  const { laCode } = ctx.principal;
  const { today } = ctx;
  return transaction(ctx, async (tx) => {
    const allocation = await repo.allocation(tx, laCode, today);
    const byStageWeek = await repo.openByStageAndWeek(tx, laCode, today);
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
    return {
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
      open: stageByWeek(byStageWeek),
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
