import { z } from 'zod';
import { userNames } from '../../../platform/auth/directory.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { DocumentModel } from '../../../platform/documents/model.ts';
import { plainTextOf } from '../../../platform/documents/plain-text.ts';
import { englandAndWalesCalendar } from '../../../platform/kernel/bank-holidays.ts';
import { type IsoDate, longDate } from '../../../platform/kernel/dates.ts';
import { isoDateField } from '../../../platform/kernel/fields.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { findLaIn } from '../../../platform/las/index.ts';
import { queueNotification } from '../../../platform/notifications/index.ts';
import {
  type ChildIdentity,
  childIdentities,
  type LetterAddressee,
  letterAddressee,
} from '../../children/index.ts';
import { audit, type EhcContext, requirePermission, transaction } from '../context.ts';
import { letterMethods } from '../documents/domain/letters-sent.ts';
import {
  buildReviewLetter,
  type ReviewLetterKind,
  reviewLetterDateOf,
  reviewLetterKinds,
  reviewLettersAvailable,
} from '../documents/domain/review-letters.ts';
import {
  type FrozenLetter,
  freezeLetter,
  type LetterSent,
  lettersSentOf,
  type Reprint,
  reprintLetter,
} from '../documents/letters-sent.ts';
import * as documents from '../documents/repo.ts';
import { referenceOf } from '../domain/reference.ts';
import * as repo from './repo.ts';
import { factsOf, noSuchReview, type ReviewOutcome } from './service.ts';

/**
 * A review's letters as document models, for the page or the PDF, built from the review's steps
 * and the LA's letter details; sending one keeps it as it went, like an assessment's letters.
 * Viewing, exporting and sending are audited against the child.
 */

export interface ReviewLetter {
  model: DocumentModel;
  author: string;
  reviewId: string;
  child: ChildIdentity;
  addressee: LetterAddressee | null;
  /** The day of the step the letter records: it cannot have been sent before. */
  datedOn: IsoDate;
}

type Refused = Extract<ReviewOutcome<never>, { ok: false }>;
const refused = (status: Refused['status'], field: string, message: string): Refused => ({
  ok: false,
  status,
  errors: [{ field, message }],
});

async function reviewLetterIn(
  tx: Tx,
  ctx: EhcContext,
  reviewId: string,
  kind: ReviewLetterKind,
): Promise<ReviewOutcome<ReviewLetter>> {
  const { laCode } = ctx.principal;
  if (!isUuid(reviewId)) throw noSuchReview();
  const row = await repo.findReview(tx, laCode, reviewId);
  if (!row) throw noSuchReview();
  const plan = await repo.planForReview(tx, laCode, row.planId);
  const [child] = await childIdentities(tx, laCode, [row.childId]);
  if (!plan || !child) throw noSuchReview();
  const { facts } = await factsOf(tx, laCode, row, plan);
  const datedOn = reviewLetterDateOf(kind, facts);
  if (!reviewLettersAvailable(facts).includes(kind) || !datedOn)
    return refused(404, 'kind', 'This review has no such letter yet: it follows the step it records');
  const settings = await documents.letterSettings(tx, laCode);
  if (!settings)
    return refused(
      409,
      'settings',
      'Your LA’s letter details are not set up yet: a SEND team manager can add them under Letters in the menu',
    );
  const la = await findLaIn(tx, laCode);
  const addressee = await letterAddressee(tx, laCode, child, datedOn);
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
  return { ok: true, value: { model, author: laName, reviewId, child, addressee, datedOn } };
}

export function reviewLetter(
  ctx: EhcContext,
  reviewId: string,
  kind: ReviewLetterKind,
  purpose: 'view' | 'export',
): Promise<ReviewOutcome<ReviewLetter>> {
  requirePermission(ctx, 'ehc:read');
  return transaction(ctx, async (tx) => {
    const built = await reviewLetterIn(tx, ctx, reviewId, kind);
    if (built.ok)
      await audit(tx, ctx, {
        action: purpose === 'view' ? 'ehc.document.read' : 'ehc.document.exported',
        entityType: 'ehc_review',
        entityId: reviewId,
        childId: built.value.child.id,
        detail: { document: kind, ...(purpose === 'export' ? { format: 'pdf' } : {}) },
      });
    return built;
  });
}

export const sendReviewLetterSchema = z.object({
  kind: z.enum(reviewLetterKinds, { error: `kind must be one of ${reviewLetterKinds.join(', ')}` }),
  method: z.enum(letterMethods, { error: 'Select how the letter was sent: post, email or portal' }),
  sentOn: isoDateField('Enter the date the letter was sent', 'The date sent'),
});
export type SendReviewLetterInput = z.output<typeof sendReviewLetterSchema>;

/**
 * Records a review's letter as sent, keeping it as it went. By email it goes through the outbox to
 * whoever the letter is addressed to, as plain text; without their address, it is refused.
 */
export function sendReviewLetter(
  ctx: EhcContext,
  reviewId: string,
  input: SendReviewLetterInput,
): Promise<ReviewOutcome<FrozenLetter & { emailedTo: string | null }>> {
  requirePermission(ctx, 'ehc:write');
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const built = await reviewLetterIn(tx, ctx, reviewId, input.kind);
    // The kind is a field of what was sent: a letter not yet reached is refused, not missing.
    if (!built.ok) return built.status === 404 ? { ...built, status: 422 as const } : built;
    const doc = built.value;
    const refuse = async (r: Refused) => {
      await audit(tx, ctx, {
        action: 'ehc.review.refused',
        entityType: 'ehc_review',
        entityId: reviewId,
        childId: doc.child.id,
        detail: { status: r.status, fields: r.errors.map((e) => e.field) },
      });
      return r;
    };
    if (input.sentOn > ctx.today)
      return refuse(
        refused(
          422,
          'sentOn',
          `The date sent cannot be in the future: enter today, ${longDate(ctx.today)}, or an earlier date`,
        ),
      );
    if (input.sentOn < doc.datedOn)
      return refuse(
        refused(
          422,
          'sentOn',
          `The letter is dated ${longDate(doc.datedOn)}: it cannot have been sent before then`,
        ),
      );
    const emailTo = input.method === 'email' ? (doc.addressee?.email ?? null) : null;
    if (input.method === 'email' && !emailTo)
      return refuse(
        refused(
          422,
          'method',
          doc.addressee
            ? `No email address is recorded for ${doc.addressee.name}, who this goes to: record it, or choose post`
            : 'Nobody is recorded to send this to: record the child’s parent or carer with their email address, or choose post',
        ),
      );
    const letter = await freezeLetter(tx, ctx, {
      childId: doc.child.id,
      requestId: null,
      reviewId,
      kind: input.kind,
      model: doc.model,
      author: doc.author,
      method: input.method,
      sentOn: input.sentOn,
    });
    // Those who follow the plan online are told a letter is there, whichever way it went.
    await ctx.hooks.run(
      tx,
      'ehc.letter-sent',
      { requestId: null, reviewId, childId: doc.child.id, letterId: letter.id, method: input.method },
      ctx,
    );
    if (emailTo)
      await queueNotification(tx, {
        laCode,
        kind: 'ehc.letter',
        toEmail: emailTo,
        toName: doc.addressee?.name ?? null,
        subject: `${doc.model.title} (${referenceOf(reviewId)})`,
        body: plainTextOf(doc.model),
        // Kept as sent with the review; the outbox holds the text only until it goes.
        sensitive: true,
        createdBy: userId,
      });
    return { ok: true, value: { ...letter, emailedTo: emailTo } };
  });
}

/** The letters sent for a review, oldest first. The read is audited. */
export function lettersOfReview(ctx: EhcContext, reviewId: string): Promise<LetterSent[]> {
  requirePermission(ctx, 'ehc:read');
  return transaction(ctx, async (tx) => {
    if (!isUuid(reviewId)) throw noSuchReview();
    const row = await repo.findReview(tx, ctx.principal.laCode, reviewId);
    if (!row) throw noSuchReview();
    const letters = await lettersSentOf(tx, ctx, { reviewId });
    await audit(tx, ctx, {
      action: 'ehc.letter.listed',
      entityType: 'ehc_review',
      entityId: reviewId,
      childId: row.childId,
      detail: { letters: letters.length },
    });
    return letters;
  });
}

/** A review's letter as it was sent, made again, and whether its PDF is the one sent. */
export async function letterOfReview(
  ctx: EhcContext,
  reviewId: string,
  letterId: string,
  purpose: 'view' | 'export',
): Promise<Reprint> {
  if (!isUuid(reviewId)) throw noSuchReview();
  const reprint = await reprintLetter(ctx, letterId, { reviewId }, purpose);
  if (!reprint) throw noSuchReview();
  return reprint;
}
