import { auditListing } from '../../../../platform/audit/index.ts';
import { userNames } from '../../../../platform/auth/directory.ts';
import type { Tx } from '../../../../platform/db/tenancy.ts';
import { academicYearStart, type IsoDate } from '../../../../platform/kernel/dates.ts';
import type { ChildIdentity } from '../../../children/index.ts';
import { establishmentIdsMatching } from '../../../providers/index.ts';
import { type EhcContext, requirePermission, transaction } from '../../context.ts';
import { caseworkersOf } from '../../requests/service.ts';
import { earlyYearsRecommendation, type PhaseTo } from '../domain/due-dates.ts';
import type { ReviewStage } from '../domain/process.ts';
import {
  type CompletionFigures,
  completionFigures,
  countByBand,
  daysOverdue,
  dueWindowEnd,
  type OverdueBand,
  overdueBandOf,
  type PhaseTransferStatus,
  phaseCohortDeadlines,
  phaseTransferStanding,
  phaseTransferStatusOrder,
} from './domain/lists.ts';
import type { Period, ReviewView } from './domain/query.ts';
import * as repo from './repo.ts';

/**
 * The review lists a coordinator and a SEND team manager work from: what is due in the next 8
 * weeks, by setting; what is overdue, by how long; the phase-transfer cohort against reg 18's
 * deadline; and the completion figures. Every list is audited with every child it shows.
 */

export interface ReviewItem {
  planId: string;
  child: ChildIdentity;
  setting: { id: string | null; name: string } | null;
  nextReviewDue: IsoDate | null;
  /** Days past the due date, when it is past. */
  daysOverdue: number | null;
  /** For a child under 5, the last day of the review the Code of Practice recommends (9.178): a recommendation, never a breach. */
  recommendedBy: IsoDate | null;
  openReview: {
    id: string;
    stage: ReviewStage;
    meetingOn: IsoDate | null;
    heldOn: IsoDate | null;
    reportOn: IsoDate | null;
    nextDue: { step: string; on: IsoDate } | null;
  } | null;
  phaseTransfer: { to: PhaseTo; deadline: IsoDate } | null;
  coordinator: { id: string; name: string } | null;
}

/** What a list is narrowed to, as the page and the API give it. */
export interface ListFilters {
  coordinator?: 'me' | 'none' | string | undefined;
  /** A setting's name or URN, as typed. */
  setting?: string | undefined;
  settingId?: string | undefined;
  childId?: string | undefined;
}

export type Refusal = { field: string; message: string };
export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: Refusal[] };

export interface Paged<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface OverdueItem extends ReviewItem {
  band: OverdueBand['key'];
}

export interface PhaseItem extends ReviewItem {
  to: PhaseTo;
  deadline: IsoDate;
  status: PhaseTransferStatus;
  daysToDeadline: number;
  amendedOn: IsoDate | null;
}

export interface PhaseCohort extends Paged<PhaseItem> {
  /** The academic year the cohort transfers at the end of. */
  academicYear: number;
  counts: { status: PhaseTransferStatus; count: number }[];
}

type Purpose = 'listing' | 'export';

async function filterOf(tx: Tx, ctx: EhcContext, f: ListFilters): Promise<Outcome<repo.PlanFilter>> {
  const { laCode, userId } = ctx.principal;
  let coordinatorId: string | null | undefined;
  if (f.coordinator === 'me') coordinatorId = userId;
  else if (f.coordinator === 'none') coordinatorId = null;
  else if (f.coordinator) {
    const people = await caseworkersOf(tx);
    if (!people.some((p) => p.id === f.coordinator))
      return {
        ok: false,
        errors: [{ field: 'coordinator', message: 'coordinator must be a caseworker of your LA' }],
      };
    coordinatorId = f.coordinator;
  }
  const settingIds = f.settingId
    ? [f.settingId]
    : f.setting
      ? await establishmentIdsMatching(tx, laCode, f.setting, ctx.today)
      : undefined;
  return { ok: true, value: { coordinatorId, settingIds, childId: f.childId } };
}

/** The rows as items, with the names of coordinators and the early years recommendation worked out. */
export async function itemsOf(tx: Tx, ctx: EhcContext, rows: readonly repo.PlanRow[]): Promise<ReviewItem[]> {
  const names = await userNames(
    tx,
    rows.map((r) => r.coordinatorId),
  );
  return rows.map((r) => {
    const recommendation = earlyYearsRecommendation(
      { issuedOn: r.issuedOn, lastReviewedOn: r.lastReviewedOn, transferredInOn: null },
      r.dateOfBirth,
    );
    const late = r.nextReviewDue ? daysOverdue(r.nextReviewDue, ctx.today) : 0;
    return {
      planId: r.planId,
      child: {
        id: r.childId,
        forename: r.forename,
        surname: r.surname,
        dateOfBirth: r.dateOfBirth,
        upn: r.upn,
        establishmentId: r.settingId,
      },
      setting: r.settingName ? { id: r.settingId, name: r.settingName } : null,
      nextReviewDue: r.nextReviewDue,
      daysOverdue: late > 0 ? late : null,
      recommendedBy: recommendation?.by ?? null,
      openReview: r.reviewId
        ? {
            id: r.reviewId,
            stage: (r.reviewStage ?? 'not-started') as ReviewStage,
            meetingOn: r.meetingOn,
            heldOn: r.heldOn,
            reportOn: r.reportOn,
            nextDue: r.nextDueStep && r.nextDueOn ? { step: r.nextDueStep, on: r.nextDueOn } : null,
          }
        : null,
      phaseTransfer:
        r.phaseTransferTo && r.phaseTransferDeadline
          ? { to: r.phaseTransferTo as PhaseTo, deadline: r.phaseTransferDeadline }
          : null,
      coordinator: r.coordinatorId
        ? { id: r.coordinatorId, name: names.get(r.coordinatorId) ?? 'Unknown' }
        : null,
    };
  });
}

async function audited(
  tx: Tx,
  ctx: EhcContext,
  purpose: Purpose,
  childIds: readonly string[],
  detail: Record<string, unknown>,
) {
  // An export is audited once, with every child in the file, by the export helper.
  if (purpose === 'listing')
    await auditListing(tx, ctx, {
      action: 'ehc.review.listed',
      entityType: 'ehc_review',
      childIds: [...new Set(childIds)],
      detail,
    });
}

type Page = { limit: number; offset: number };

/**
 * Names in the order people look them up; made once, since a cohort of a thousand sorted with
 * `localeCompare` builds a comparer for every comparison. ISO dates and IDs sort as plain text.
 */
const names = new Intl.Collator('en-GB');
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Past the last page no row carries the count, so the first row is asked for it. */
async function countPastEnd(page: Page, first: () => Promise<{ total: number }[]>) {
  return page.offset > 0 ? ((await first())[0]?.total ?? 0) : 0;
}

async function dueIn(tx: Tx, ctx: EhcContext, filter: repo.PlanFilter, page: Page) {
  const { laCode } = ctx.principal;
  const end = dueWindowEnd(ctx.today);
  const rows = await repo.dueWithin(tx, laCode, ctx.today, end, filter, page.limit, page.offset);
  const total =
    rows[0]?.total ??
    (await countPastEnd(page, () => repo.dueWithin(tx, laCode, ctx.today, end, filter, 1, 0)));
  return { rows, total };
}

async function overdueIn(tx: Tx, ctx: EhcContext, filter: repo.PlanFilter, page: Page) {
  const { laCode } = ctx.principal;
  const rows = await repo.overdue(tx, laCode, ctx.today, filter, page.limit, page.offset);
  const bands = countByBand(await repo.overdueByDays(tx, laCode, ctx.today, filter));
  return { rows, bands, total: bands.reduce((s, b) => s + b.count, 0) };
}

async function phaseCohortIn(tx: Tx, ctx: EhcContext, filter: repo.PlanFilter, page: Page) {
  const { laCode } = ctx.principal;
  const academicYear = academicYearStart(ctx.today);
  const window = phaseCohortDeadlines(academicYear);
  const cohort = (await repo.phaseCohort(tx, laCode, window.from, window.to, filter)).map((r) => ({
    ...r,
    ...phaseTransferStanding(
      { deadline: r.deadline, amendedOn: r.amendedOn, openReviewStage: r.reviewStage as ReviewStage | null },
      ctx.today,
    ),
  }));
  const rank = (s: PhaseTransferStatus) => phaseTransferStatusOrder.indexOf(s);
  cohort.sort(
    (a, b) =>
      rank(a.status) - rank(b.status) ||
      byText(a.deadline, b.deadline) ||
      names.compare(a.surname, b.surname) ||
      names.compare(a.forename, b.forename) ||
      byText(a.planId, b.planId),
  );
  const shown = cohort.slice(page.offset, page.offset + page.limit);
  const details = new Map(
    (
      await itemsOf(
        tx,
        ctx,
        await repo.plansByIds(
          tx,
          laCode,
          shown.map((r) => r.planId),
        ),
      )
    ).map((i) => [i.planId, i]),
  );
  const items: PhaseItem[] = shown.flatMap((r) => {
    const item = details.get(r.planId);
    return item
      ? [
          {
            ...item,
            to: r.to as PhaseTo,
            deadline: r.deadline,
            status: r.status,
            daysToDeadline: r.daysToDeadline,
            amendedOn: r.amendedOn,
          },
        ]
      : [];
  });
  return {
    academicYear,
    counts: phaseTransferStatusOrder.map((status) => ({
      status,
      count: cohort.filter((r) => r.status === status).length,
    })),
    items,
    total: cohort.length,
  };
}

/** Reviews due from today to 8 weeks ahead, by setting, and under-fives whose recommended review falls by then. */
export function dueReviews(
  ctx: EhcContext,
  filters: ListFilters,
  page: Page,
  purpose: Purpose = 'listing',
): Promise<Outcome<Paged<ReviewItem>>> {
  requirePermission(ctx, 'ehc:read');
  return transaction(ctx, async (tx) => {
    const filter = await filterOf(tx, ctx, filters);
    if (!filter.ok) return filter;
    const { rows, total } = await dueIn(tx, ctx, filter.value, page);
    await audited(
      tx,
      ctx,
      purpose,
      rows.map((r) => r.childId),
      { view: 'due', filters, total, offset: page.offset },
    );
    return { ok: true, value: { items: await itemsOf(tx, ctx, rows), total, ...page } };
  });
}

const withBands = async (tx: Tx, ctx: EhcContext, rows: repo.PlanRow[]): Promise<OverdueItem[]> =>
  (await itemsOf(tx, ctx, rows)).map((i) => ({ ...i, band: overdueBandOf(i.daysOverdue ?? 1).key }));

/** Overdue reviews, the most overdue first, each in its band; and how many there are in each band. */
export function overdueReviews(
  ctx: EhcContext,
  filters: ListFilters,
  page: Page,
  purpose: Purpose = 'listing',
): Promise<Outcome<Paged<OverdueItem> & { bands: Bands }>> {
  requirePermission(ctx, 'ehc:read');
  return transaction(ctx, async (tx) => {
    const filter = await filterOf(tx, ctx, filters);
    if (!filter.ok) return filter;
    const { rows, bands, total } = await overdueIn(tx, ctx, filter.value, page);
    await audited(
      tx,
      ctx,
      purpose,
      rows.map((r) => r.childId),
      { view: 'overdue', filters, total, offset: page.offset },
    );
    return { ok: true, value: { items: await withBands(tx, ctx, rows), total, bands, ...page } };
  });
}

/**
 * The children moving on next September: plans with a phase transfer deadline this academic
 * year, what is lost first, then what is still to do, each with where it stands against the
 * deadline.
 */
export function phaseTransfers(
  ctx: EhcContext,
  filters: ListFilters,
  page: Page,
  purpose: Purpose = 'listing',
): Promise<Outcome<PhaseCohort>> {
  requirePermission(ctx, 'ehc:read');
  return transaction(ctx, async (tx) => {
    const filter = await filterOf(tx, ctx, filters);
    if (!filter.ok) return filter;
    const cohort = await phaseCohortIn(tx, ctx, filter.value, page);
    await audited(
      tx,
      ctx,
      purpose,
      cohort.items.map((i) => i.child.id),
      { view: 'phase-transfers', filters, total: cohort.total, offset: page.offset },
    );
    return { ok: true, value: { ...cohort, ...page } };
  });
}

/** The three completion figures for the period, and month by month. Sums only: no child is named. */
export function completionStatistics(
  ctx: EhcContext,
  filters: ListFilters,
  period: Period,
): Promise<Outcome<CompletionFigures>> {
  requirePermission(ctx, 'ehc:read');
  return transaction(ctx, async (tx) => {
    const filter = await filterOf(tx, ctx, filters);
    if (!filter.ok) return filter;
    return { ok: true, value: await completionIn(tx, ctx, filter.value, period) };
  });
}

async function completionIn(tx: Tx, ctx: EhcContext, filter: repo.PlanFilter, period: Period) {
  const counts = await repo.completionByMonth(
    tx,
    ctx.principal.laCode,
    period.from,
    period.to,
    ctx.today,
    filter,
  );
  return completionFigures(period.from, period.to, counts);
}

type Bands = ReturnType<typeof countByBand>;

/** What the page shows for one view, with the counts its tabs carry. */
export type ReviewsPage = {
  counts: { due: number; overdue: number };
  caseworkers: { id: string; name: string }[];
} & (
  | { view: 'due'; list: Paged<ReviewItem> }
  | { view: 'overdue'; list: Paged<OverdueItem> & { bands: Bands } }
  | { view: 'phase-transfers'; list: PhaseCohort }
  | { view: 'completion'; figures: CompletionFigures }
);

/** `/ehc/reviews`: one view and the counts of the others, in one transaction; the children shown are audited. */
export function reviewsPage(
  ctx: EhcContext,
  view: ReviewView,
  filters: ListFilters,
  page: Page,
  period: Period,
): Promise<Outcome<ReviewsPage>> {
  requirePermission(ctx, 'ehc:read');
  return transaction(ctx, async (tx) => {
    const filter = await filterOf(tx, ctx, filters);
    if (!filter.ok) return filter;
    const { laCode } = ctx.principal;
    const counts = await repo.dueCounts(tx, laCode, ctx.today, dueWindowEnd(ctx.today), filter.value);
    const common = { counts, caseworkers: await caseworkersOf(tx) };
    const detail = { view, filters, offset: page.offset };
    switch (view) {
      case 'due': {
        const { rows, total } = await dueIn(tx, ctx, filter.value, page);
        await audited(
          tx,
          ctx,
          'listing',
          rows.map((r) => r.childId),
          { ...detail, total },
        );
        const items = await itemsOf(tx, ctx, rows);
        return { ok: true, value: { ...common, view, list: { items, total, ...page } } };
      }
      case 'overdue': {
        const { rows, bands, total } = await overdueIn(tx, ctx, filter.value, page);
        await audited(
          tx,
          ctx,
          'listing',
          rows.map((r) => r.childId),
          { ...detail, total },
        );
        const items = await withBands(tx, ctx, rows);
        return { ok: true, value: { ...common, view, list: { items, total, bands, ...page } } };
      }
      case 'phase-transfers': {
        const cohort = await phaseCohortIn(tx, ctx, filter.value, page);
        await audited(
          tx,
          ctx,
          'listing',
          cohort.items.map((i) => i.child.id),
          { ...detail, total: cohort.total },
        );
        return { ok: true, value: { ...common, view, list: { ...cohort, ...page } } };
      }
      case 'completion':
        return {
          ok: true,
          value: { ...common, view, figures: await completionIn(tx, ctx, filter.value, period) },
        };
    }
  });
}

/** `GET /api/v1/ehc/reviews`: active plans by child, setting, due date and whether overdue, a page at a time. */
export function reviewsForApi(
  ctx: EhcContext,
  q: {
    childId?: string | undefined;
    settingId?: string | undefined;
    dueBefore?: IsoDate | undefined;
    overdue?: boolean | undefined;
  },
  page: { limit: number; offset: number },
): Promise<Paged<ReviewItem>> {
  requirePermission(ctx, 'ehc:read');
  const { laCode } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const filter = {
      childId: q.childId,
      settingIds: q.settingId ? [q.settingId] : undefined,
      dueBefore: q.dueBefore,
      overdue: q.overdue,
    };
    const rows = await repo.plansForApi(tx, laCode, ctx.today, filter, page.limit, page.offset);
    const total = await repo.countForApi(tx, laCode, ctx.today, filter);
    await audited(
      tx,
      ctx,
      'listing',
      rows.map((r) => r.childId),
      { view: 'api', filters: q, total, offset: page.offset },
    );
    return { items: await itemsOf(tx, ctx, rows), total, ...page };
  });
}
