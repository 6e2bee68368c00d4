import { createHash } from 'node:crypto';
import { userNames } from '../../../platform/auth/directory.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { DocumentModel } from '../../../platform/documents/model.ts';
import { renderPdf } from '../../../platform/documents/pdf.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { audit, type EhcContext, requirePermission, transaction } from '../context.ts';
import { type LetterMethod, letterKindPattern } from './domain/letters-sent.ts';
import * as documents from './repo.ts';

/**
 * Letters as they were sent, for any EHC letter: a request's decisions and its plan, and an annual
 * review's. Freezing keeps the document model, who the PDF names as its author and the moment it
 * was made; those make the same PDF byte for byte, so its SHA-256, kept too, shows a reprint is
 * what was sent. A reprint is drawn from the kept model, never from the record as it is now.
 */

/** Which request or annual review a letter belongs to. */
export type LetterOf = { requestId: string } | { reviewId: string };

export interface LetterToFreeze {
  childId: string;
  requestId: string | null;
  /** An annual review's ID, for its letters; the review is named without a foreign key. */
  reviewId: string | null;
  /** The document's kind: a request's (documentKinds) or a review's, in lower-case words with hyphens. */
  kind: string;
  model: DocumentModel;
  /** The PDF's author: the LA's name. */
  author: string;
  method: LetterMethod;
  sentOn: IsoDate;
}

export interface LetterSent {
  id: string;
  childId: string;
  requestId: string | null;
  reviewId: string | null;
  kind: string;
  method: LetterMethod;
  sentOn: IsoDate;
  addressee: string | null;
  author: string;
  pdfCreatedAt: Date;
  sha256: string;
  pdfBytes: number;
  sentBy: { id: string; name: string } | null;
  sentAt: Date;
}

export interface FrozenLetter extends LetterSent {
  model: DocumentModel;
}

export const sha256Of = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The record a letter is audited against: its request's, or its review's. */
const entityOf = (l: { requestId: string | null; reviewId: string | null }) =>
  l.requestId
    ? { entityType: 'ehc_request', entityId: l.requestId }
    : { entityType: 'ehc_review', entityId: l.reviewId };

/**
 * Keeps a letter as it is sent, within the caller's transaction: the PDF is made now (its
 * creation date the moment of the request), its SHA-256 stored with the model it was made from,
 * and the sending audited against the child. The caller has decided the letter may be sent.
 */
export async function freezeLetter(tx: Tx, ctx: EhcContext, letter: LetterToFreeze): Promise<FrozenLetter> {
  requirePermission(ctx, 'ehc:write');
  if (!letterKindPattern.test(letter.kind)) throw new Error(`Not a kind of letter: ${letter.kind}`);
  if (!letter.requestId && !letter.reviewId)
    throw new Error('A letter sent belongs to a request or a review');
  const pdfCreatedAt = ctx.now;
  const pdf = await renderPdf(letter.model, { author: letter.author, createdAt: pdfCreatedAt });
  const { principal } = ctx;
  const row = {
    childId: letter.childId,
    requestId: letter.requestId,
    reviewId: letter.reviewId,
    kind: letter.kind,
    method: letter.method,
    sentOn: letter.sentOn,
    // A letter's addressee block starts with the name it is addressed to.
    addressee: letter.model.addressee?.[0]?.slice(0, 200) ?? null,
    author: letter.author,
    pdfCreatedAt,
    sha256: sha256Of(pdf),
    pdfBytes: pdf.length,
    sentById: principal.userId,
  };
  const { id, sentAt } = await documents.insertLetterSent(tx, principal.laCode, {
    ...row,
    model: letter.model,
  });
  await audit(tx, ctx, {
    action: 'ehc.letter.sent',
    ...entityOf(letter),
    childId: letter.childId,
    detail: {
      letterId: id,
      document: letter.kind,
      method: letter.method,
      sentOn: letter.sentOn,
      sha256: row.sha256,
    },
  });
  const { sentById: _, ...rest } = row;
  return { ...rest, id, sentAt, sentBy: { id: principal.userId, name: principal.name }, model: letter.model };
}

/** The letters sent for a request or a review, oldest first, with who sent each. The caller audits. */
export async function lettersSentOf(tx: Tx, ctx: EhcContext, of: LetterOf): Promise<LetterSent[]> {
  const rows = await documents.lettersSent(tx, ctx.principal.laCode, of);
  return withSenders(tx, rows);
}

async function withSenders<R extends documents.LetterSentRow>(
  tx: Tx,
  rows: R[],
): Promise<(Omit<R, 'sentById'> & { sentBy: LetterSent['sentBy'] })[]> {
  const names = await userNames(
    tx,
    rows.map((r) => r.sentById),
  );
  return rows.map(({ sentById, ...r }) => ({
    ...r,
    sentBy: sentById ? { id: sentById, name: names.get(sentById) ?? 'Unknown' } : null,
  }));
}

export interface Reprint {
  letter: FrozenLetter;
  /** The PDF made again from what was kept. */
  pdf: Buffer;
  sha256: string;
  /** Whether the PDF made again is byte for byte the one sent: if not, the fonts or the PDF software changed since. */
  matches: boolean;
}

/**
 * A letter as it was sent, made again from what was kept, and whether the PDF is the one sent.
 * Viewing and exporting are audited as reads of the child's record, naming the letter. Undefined
 * if the request or review has no letter with this ID.
 */
export async function reprintLetter(
  ctx: EhcContext,
  letterId: string,
  of: LetterOf,
  purpose: 'view' | 'export',
): Promise<Reprint | undefined> {
  requirePermission(ctx, 'ehc:read');
  return reprintLetterFor(ctx, letterId, of, purpose);
}

/**
 * A letter as it was sent, for a reader whose right to it the caller has decided: the family it
 * was sent to, in their portal. The read is audited as the LA's own is.
 */
export async function reprintLetterFor(
  ctx: EhcContext,
  letterId: string,
  of: LetterOf,
  purpose: 'view' | 'export',
): Promise<Reprint | undefined> {
  const letter = await transaction(ctx, async (tx) => {
    if (!isUuid(letterId)) return undefined;
    const row = await documents.letterSent(tx, ctx.principal.laCode, letterId);
    const belongs =
      row && ('requestId' in of ? row.requestId === of.requestId : row.reviewId === of.reviewId);
    if (!row || !belongs) return undefined;
    await audit(tx, ctx, {
      action: purpose === 'view' ? 'ehc.document.read' : 'ehc.document.exported',
      ...entityOf(row),
      childId: row.childId,
      detail: { document: row.kind, letterId, ...(purpose === 'export' ? { format: 'pdf' } : {}) },
    });
    const [frozen] = await withSenders(tx, [row]);
    return frozen;
  });
  if (!letter) return undefined;
  // Made outside the transaction: a PDF takes a while, and the request's work is done.
  const pdf = await renderPdf(letter.model, { author: letter.author, createdAt: letter.pdfCreatedAt });
  const sha256 = sha256Of(pdf);
  return { letter, pdf, sha256, matches: sha256 === letter.sha256 };
}

/** A file name that says what the letter is and when it went without naming the child. */
export const sentPdfFileName = (l: Pick<LetterSent, 'id' | 'kind' | 'sentOn'>) =>
  `${l.id.slice(0, 8)}-${l.kind}-sent-${l.sentOn}.pdf`;
