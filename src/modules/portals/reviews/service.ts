import type { Tx } from '../../../platform/db/tenancy.ts';
import { notFound } from '../../../platform/http/problem.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import {
  childOfReview,
  familyRepresentationsWithin,
  familyReviewWithin,
  type LetterSent,
  lettersSentOf,
  type ReviewView,
} from '../../ehc/index.ts';
import { familyAccess } from '../access.ts';
import { audit, type PortalContext, transaction } from '../context.ts';
import { type FamilyDate, reviewFamilyDate } from '../domain/progress.ts';
import { ehcContextOf, noticeToCoordinator } from '../ehc/service.ts';
import type { Change } from '../requests/service.ts';

/**
 * The reviews of a child's EHC plan as their family follows them: every date with who owes it,
 * the meeting, the report and the decision, the letters sent, and the changes the LA proposes,
 * on which the family has 15 days to say what they think (SEND Regulations 2014 reg 22(2)).
 */

const noSuchReview = () => notFound('There is no review with this link that you can see.');

export interface FollowedReview {
  view: ReviewView;
  dates: FamilyDate[];
  letters: LetterSent[];
  /** The last day for the family's representations on the proposed changes, while it is today or later. */
  representationsUntil: string | null;
  /** The family's own reading: the LA sees the same page to check what the family sees. */
  family: boolean;
}

const isStaff = (ctx: PortalContext) =>
  ctx.principal.roles.some((r) => r === 'ehc_coordinator' || r === 'send_team_manager');

/** Whether the reader is the child's family (or the LA): anyone else is told there is no such review. */
async function readerOf(tx: Tx, ctx: PortalContext, reviewId: string): Promise<'family' | 'la'> {
  const childId = await childOfReview(tx, ctx.principal.laCode, reviewId);
  if (!childId) throw noSuchReview();
  if (isStaff(ctx)) return 'la';
  if ((await familyAccess(tx, ctx)).open.some((l) => l.child.id === childId)) return 'family';
  throw noSuchReview();
}

function windowOf(view: ReviewView, today: string): string | null {
  const w = view.deadlines.find((d) => d.step === 'representations');
  return w && !view.facts.amended && today <= w.dueOn ? w.dueOn : null;
}

export function followReview(ctx: PortalContext, reviewId: string): Promise<FollowedReview> {
  return transaction(ctx, async (tx) => {
    const reader = await readerOf(tx, ctx, reviewId);
    const view = await familyReviewWithin(tx, ehcContextOf(ctx), reviewId);
    if (!view) throw noSuchReview();
    return {
      view,
      dates: view.deadlines.map(reviewFamilyDate),
      letters: await lettersSentOf(tx, ehcContextOf(ctx), { reviewId }),
      representationsUntil: windowOf(view, ctx.today),
      family: reader === 'family',
    };
  });
}

/** The family's representations on the proposed changes: within the 15 days, recorded as the review's step. */
export function sendRepresentations(
  ctx: PortalContext,
  reviewId: string,
  text: string,
): Promise<Change<null>> {
  return transaction(ctx, async (tx) => {
    if ((await readerOf(tx, ctx, reviewId)) !== 'family') throw noSuchReview();
    const view = await familyReviewWithin(tx, ehcContextOf(ctx), reviewId);
    if (!view) throw noSuchReview();
    const window = view.deadlines.find((d) => d.step === 'representations');
    if (!window || view.facts.amended)
      return {
        ok: false,
        status: 422,
        errors: [
          { field: 'representations', message: 'The LA has not proposed changes to the plan to comment on' },
        ],
      };
    if (ctx.today > window.dueOn)
      return {
        ok: false,
        status: 422,
        errors: [
          {
            field: 'representations',
            message: `The time to comment on the proposed changes ended on ${longDate(window.dueOn)}, 15 days after they were sent. Send a message to your EHC coordinator instead`,
          },
        ],
      };
    const body = text.trim();
    if (!body)
      return {
        ok: false,
        status: 400,
        errors: [{ field: 'representations', message: 'Enter what you think of the proposed changes' }],
      };
    if (body.length > 5000)
      return {
        ok: false,
        status: 400,
        errors: [{ field: 'representations', message: 'Your comments must be 5,000 characters or fewer' }],
      };
    const recorded = await familyRepresentationsWithin(tx, ehcContextOf(ctx), reviewId, body);
    if (!recorded.ok)
      return { ok: false, status: recorded.status === 404 ? 422 : recorded.status, errors: recorded.errors };
    await audit(tx, ctx, {
      action: 'portal.review.representations',
      entityType: 'ehc_review',
      entityId: reviewId,
      childId: view.child.id,
    });
    await noticeToCoordinator(tx, ctx, view.coordinatorId, {
      kind: 'portals.review-representations',
      what: 'A family has commented on proposed changes to an EHC plan',
      where: 'one of your reviews',
      path: `/ehc/reviews/${view.id}`,
    });
    return { ok: true, value: null };
  });
}
