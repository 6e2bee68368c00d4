import { auditListing } from '../../../platform/audit/index.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { addDays, dayNumber, weekday } from '../../../platform/kernel/days.ts';
import { type ChildIdentity, childIdentities } from '../../children/index.ts';
import { type EhcContext, transaction } from '../context.ts';
import type { Step } from '../domain/deadlines.ts';
import { stepLabels } from '../domain/summary.ts';
import { type ReviewCounts, reviewCounts } from '../reviews/repo.ts';
import { urgencyOf } from './domain/dashboard.ts';
import type { Bands } from './domain/timeliness.ts';
import * as repo from './repo.ts';
import { timelinessOf } from './service.ts';

/** What a coordinator and a SEND team manager have to do today, for the home page. */

export interface HomeItem {
  id: string;
  child: ChildIdentity | null;
  nextDue: { on: IsoDate; step: string; label: string } | null;
  daysOverdue: number | null;
}

export interface CoordinatorHome {
  open: number;
  /** The coordinator's reviews with a step overdue or due soon; the LA's plans overdue for review. */
  reviews: ReviewCounts;
  overdue: { count: number; items: HomeItem[] };
  dueWithin7Days: { count: number; items: HomeItem[] };
  newlyAllocated: { count: number; items: HomeItem[] };
}

export interface ManagerHome extends repo.TeamFigures {
  year: number;
  reviews: ReviewCounts;
  timeliness: Bands;
}

/** The most of each list the home page names; the counts and a link take the person to the rest. */
export const homeListLength = 5;
/** "Newly allocated": given to the coordinator in the last 7 days. */
const newDays = 7;

/** Monday of the week a day falls in. */
export const weekStarting = (day: IsoDate) => addDays(day, -((weekday(dayNumber(day)) + 6) % 7));

export function coordinatorHome(ctx: EhcContext): Promise<CoordinatorHome> {
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const rows = await repo.openRequestsOf(tx, laCode, userId, addDays(ctx.today, -(newDays - 1)));
    const overdue = rows.filter((r) => urgencyOf(r.nextDueOn, ctx.today) === 'overdue');
    const soon = rows.filter((r) => urgencyOf(r.nextDueOn, ctx.today) === 'due-within-7-days');
    const fresh = rows.filter((r) => r.newlyAllocated);
    const shown = [
      ...overdue.slice(0, homeListLength),
      ...soon.slice(0, homeListLength),
      ...fresh.slice(0, homeListLength),
    ];
    const children = new Map(
      (await childIdentities(tx, laCode, [...new Set(shown.map((r) => r.childId))])).map((c) => [c.id, c]),
    );
    await auditListing(tx, ctx, {
      action: 'ehc.request.listed',
      entityType: 'ehc_request',
      childIds: [...new Set(shown.map((r) => r.childId))],
      detail: { view: 'home' },
    });
    const item = (r: repo.HomeRow): HomeItem => ({
      id: r.id,
      child: children.get(r.childId) ?? null,
      nextDue:
        r.nextDueOn && r.nextDueStep
          ? {
              on: r.nextDueOn,
              step: r.nextDueStep,
              label: stepLabels[r.nextDueStep as Step] ?? r.nextDueStep,
            }
          : null,
      daysOverdue:
        r.nextDueOn && r.nextDueOn < ctx.today ? dayNumber(ctx.today) - dayNumber(r.nextDueOn) : null,
    });
    const list = (rs: repo.HomeRow[]) => ({ count: rs.length, items: rs.slice(0, homeListLength).map(item) });
    return {
      open: rows.length,
      reviews: await reviewCounts(tx, laCode, ctx.today, userId),
      overdue: list(overdue),
      dueWithin7Days: list(soon),
      newlyAllocated: list(fresh),
    };
  });
}

export function managerHome(ctx: EhcContext): Promise<ManagerHome> {
  const { laCode } = ctx.principal;
  const year = Number(ctx.today.slice(0, 4));
  return transaction(ctx, async (tx) => ({
    ...(await repo.teamFigures(tx, laCode, ctx.today, weekStarting(ctx.today))),
    year,
    timeliness: (await timelinessOf(tx, laCode, year)).excludingExceptions,
    reviews: await reviewCounts(tx, laCode, ctx.today, null),
  }));
}
