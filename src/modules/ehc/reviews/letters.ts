import { userNames } from '../../../platform/auth/directory.ts';
import type { DocumentModel } from '../../../platform/documents/model.ts';
import { englandAndWalesCalendar } from '../../../platform/kernel/bank-holidays.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { findLaIn } from '../../../platform/las/index.ts';
import { childIdentities, letterAddressee } from '../../children/index.ts';
import { audit, type EhcContext, requirePermission, transaction } from '../context.ts';
import {
  buildReviewLetter,
  type ReviewLetterKind,
  reviewLetterDateOf,
  reviewLettersAvailable,
} from '../documents/domain/review-letters.ts';
import * as documents from '../documents/repo.ts';
import { referenceOf } from '../domain/reference.ts';
import * as repo from './repo.ts';
import { factsOf, noSuchReview, type ReviewOutcome } from './service.ts';

/**
 * A review's letters as document models, for the page or the PDF, built from the review's steps
 * and the LA's letter details. Viewing and exporting are audited as reads of the child's record.
 */

export interface ReviewLetter {
  model: DocumentModel;
  author: string;
  reviewId: string;
  childId: string;
}

export function reviewLetter(
  ctx: EhcContext,
  reviewId: string,
  kind: ReviewLetterKind,
  purpose: 'view' | 'export',
): Promise<ReviewOutcome<ReviewLetter>> {
  requirePermission(ctx, 'ehc:read');
  const { laCode } = ctx.principal;
  return transaction(ctx, async (tx) => {
    if (!isUuid(reviewId)) throw noSuchReview();
    const row = await repo.findReview(tx, laCode, reviewId);
    if (!row) throw noSuchReview();
    const plan = await repo.planForReview(tx, laCode, row.planId);
    const [child] = await childIdentities(tx, laCode, [row.childId]);
    if (!plan || !child) throw noSuchReview();
    const { facts } = await factsOf(tx, laCode, row, plan);
    if (!reviewLettersAvailable(facts).includes(kind))
      return {
        ok: false,
        status: 404,
        errors: [
          { field: 'kind', message: 'This review has no such letter yet: it follows the step it records' },
        ],
      };
    const settings = await documents.letterSettings(tx, laCode);
    if (!settings)
      return {
        ok: false,
        status: 409,
        errors: [
          {
            field: 'settings',
            message:
              'Your LA’s letter details are not set up yet: a SEND team manager can add them under Letters in the menu',
          },
        ],
      };
    const la = await findLaIn(tx, laCode);
    const dated = reviewLetterDateOf(kind, facts);
    const addressee = dated ? await letterAddressee(tx, laCode, child, dated) : null;
    const coordinator = row.coordinatorId
      ? ((await userNames(tx, [row.coordinatorId])).get(row.coordinatorId) ?? null)
      : null;
    const laName = la?.name ?? laCode;
    const model = buildReviewLetter(kind, {
      laName,
      settings,
      child,
      addressee,
      coordinator,
      reference: referenceOf(reviewId),
      calendar: englandAndWalesCalendar,
      review: facts,
      nextReviewDue: plan.nextReviewDue,
      settingName: plan.settingName,
    });
    if (!model) throw new Error(`Review letter ${kind} was available but not built`);
    await audit(tx, ctx, {
      action: purpose === 'view' ? 'ehc.document.read' : 'ehc.document.exported',
      entityType: 'ehc_review',
      entityId: reviewId,
      childId: row.childId,
      detail: { document: kind, ...(purpose === 'export' ? { format: 'pdf' } : {}) },
    });
    return { ok: true, value: { model, author: laName, reviewId, childId: row.childId } };
  });
}
