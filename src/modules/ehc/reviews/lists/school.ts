import { auditListing } from '../../../../platform/audit/index.ts';
import type { Tx } from '../../../../platform/db/tenancy.ts';
import { notFound } from '../../../../platform/http/problem.ts';
import type { IsoDate } from '../../../../platform/kernel/dates.ts';
import { isUuid } from '../../../../platform/kernel/ids.ts';
import { type ChildIdentity, childIdentities } from '../../../children/index.ts';
import { establishmentIdsForStaff, establishmentSummaries } from '../../../providers/index.ts';
import { audit, type EhcContext, requirePermission, transaction } from '../../context.ts';
import { currentSections } from '../../documents/repo.ts';
import { type ReportStatus, reportStanding } from './domain/lists.ts';
import * as repo from './repo.ts';
import { itemsOf, type ReviewItem } from './service.ts';

/**
 * A school's view of its pupils' reviews, for its SENCo or head teacher: the plans of the
 * pupils at the schools they are staff of, where each review stands, and the review reports the
 * school owes (reg 20(8): within 2 weeks of the meeting). Another school's reviews are not theirs
 * to know of.
 */

export const reportStatusLabels: Record<ReportStatus, string> = {
  'no-meeting': 'Not yet due',
  due: 'To write',
  overdue: 'Overdue',
  received: 'Received',
};

export interface SchoolReviewItem extends ReviewItem {
  report: { status: ReportStatus; dueOn: IsoDate | null };
}

export interface SchoolReviews {
  schools: { id: string; name: string }[];
  items: SchoolReviewItem[];
}

const schoolsOf = (tx: Tx, ctx: EhcContext) => establishmentIdsForStaff(tx, ctx.principal.userId ?? '');

/** The pupils' plans at the person's schools, the reports owed first; the listing is audited with every child. */
export function schoolReviews(
  ctx: EhcContext,
  purpose: 'listing' | 'export' = 'listing',
): Promise<SchoolReviews> {
  requirePermission(ctx, 'ehc:review-report');
  const { laCode } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const settingIds = await schoolsOf(tx, ctx);
    const rows = await repo.plansAtSettings(tx, laCode, settingIds);
    if (purpose === 'listing')
      await auditListing(tx, ctx, {
        action: 'ehc.review.listed',
        entityType: 'ehc_review',
        childIds: rows.map((r) => r.childId),
        detail: { view: 'school', schools: settingIds },
      });
    const schools = (await establishmentSummaries(tx, settingIds))
      .map((s) => ({ id: s.id, name: s.name }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const items = (await itemsOf(tx, ctx, rows)).map((i) => ({
      ...i,
      report: reportStanding(i.openReview, ctx.today),
    }));
    return { schools, items };
  });
}

export interface ReportForm {
  review: repo.ReviewRow;
  child: ChildIdentity;
  /** The plan as it stands: the latest version of each section. */
  sections: { section: string; version: number; content: string }[];
  /** Why no report can be sent now, or null when one can. */
  closed: string | null;
}

/**
 * A review at one of the person's schools, with the child's plan as it stands, for writing the
 * review report beside it. The plan is the child's record: reading it is audited. A review at
 * another school, or none, is not found.
 */
export function reportForm(ctx: EhcContext, reviewId: string): Promise<ReportForm> {
  requirePermission(ctx, 'ehc:review-report');
  const { laCode } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const missing = () => notFound('There is no review with this ID at your school.');
    if (!isUuid(reviewId)) throw missing();
    const review = await repo.reviewById(tx, laCode, reviewId);
    if (!review?.settingId || !(await schoolsOf(tx, ctx)).includes(review.settingId)) throw missing();
    const [child] = await childIdentities(tx, laCode, [review.childId]);
    if (!child) throw missing();
    const sections = (await currentSections(tx, laCode, review.planId)).map((s) => ({
      section: s.section,
      version: s.version,
      content: s.content,
    }));
    await audit(tx, ctx, {
      action: 'ehc.plan.read',
      entityType: 'ehc_plan',
      entityId: review.planId,
      childId: review.childId,
      detail: { reviewId, view: 'review-report' },
    });
    return { review, child, sections, closed: reportClosed(review) };
  });
}

function reportClosed(r: repo.ReviewRow): string | null {
  if (r.reportOn) return 'The review report is already recorded.';
  if (r.closedOn) return 'This review has ended.';
  if (!r.heldOn) return 'The review report follows the meeting: the LA records the meeting as held first.';
  return null;
}
