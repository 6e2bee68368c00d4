import { userNames } from '../../../platform/auth/directory.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { DocumentModel } from '../../../platform/documents/model.ts';
import { plainTextOf } from '../../../platform/documents/plain-text.ts';
import { notFound } from '../../../platform/http/problem.ts';
import { englandAndWalesCalendar } from '../../../platform/kernel/bank-holidays.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { findLaIn } from '../../../platform/las/index.ts';
import { queueNotification } from '../../../platform/notifications/index.ts';
import { type LetterAddressee, letterAddressee } from '../../children/index.ts';
import {
  audit,
  auditedRefusal,
  type EhcContext,
  noSuchRequest,
  requirePermission,
  transaction,
} from '../context.ts';
import type { Refusal } from '../domain/process.ts';
import { referenceOf } from '../domain/reference.ts';
import * as repo from '../requests/repo.ts';
import { type RequestView, syncPlanOf, viewOf } from '../requests/service.ts';
import {
  buildDocument,
  type DocumentFacts,
  type DocumentKind,
  documentsAvailable,
  letterDateOf,
} from './domain/documents.ts';
import {
  type LetterSettings,
  type LetterSettingsInput,
  letterDetailChanges,
} from './domain/letter-settings.ts';
import { type SendLetterInput, sentOnProblem } from './domain/letters-sent.ts';
import {
  type SectionCode,
  sectionCodes,
  type WritableSection,
  type WriteSectionInput,
} from './domain/plan-sections.ts';
import {
  type FrozenLetter,
  freezeLetter,
  type LetterSent,
  lettersSentOf,
  type Reprint,
  reprintLetter,
} from './letters-sent.ts';
import * as documents from './repo.ts';

/** The letters and the plan of a request, the plan's sections as they are written, and the LA's letter details. */

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: 404 | 409 | 422; errors: Refusal[] };
type Refused = Extract<Outcome<never>, { ok: false }>;
const refused = (status: 404 | 409 | 422, field: string, message: string): Refused => ({
  ok: false,
  status,
  errors: [{ field, message }],
});

export interface SectionView {
  code: SectionCode;
  content: string | null;
  version: number;
  writtenAt: Date | null;
  writtenBy: string | null;
}

export interface PlanPage {
  request: RequestView;
  /** Whether the sections can still be written: only while the plan is a draft. */
  writable: boolean;
  sections: SectionView[];
  documents: DocumentKind[];
  /** The letters, and the plan, as they were sent. */
  letters: LetterSent[];
}

export async function sectionsOf(tx: Tx, laCode: string, planId: string): Promise<SectionView[]> {
  const rows = await documents.currentSections(tx, laCode, planId);
  const names = await userNames(
    tx,
    rows.map((r) => r.writtenBy),
  );
  return sectionCodes.map((code) => {
    const row = rows.find((r) => r.section === code);
    return {
      code,
      content: row?.content ?? null,
      version: row?.version ?? 0,
      writtenAt: row?.writtenAt ?? null,
      writtenBy: row?.writtenBy ? (names.get(row.writtenBy) ?? null) : null,
    };
  });
}

/** The sections of a plan not yet made: a request decided for a plan before plans were kept from that decision. */
const unwritten = (): SectionView[] =>
  sectionCodes.map((code) => ({ code, content: null, version: 0, writtenAt: null, writtenBy: null }));

/** A file name that says what the document is without naming the child. */
export const pdfFileName = (requestId: string, kind: DocumentKind) => `${requestId.slice(0, 8)}-${kind}.pdf`;

/** The plan's sections as written so far, and which documents the request has. The read is audited. */
export function planPage(ctx: EhcContext, requestId: string): Promise<PlanPage> {
  requirePermission(ctx, 'ehc:read');
  return transaction(ctx, async (tx) => {
    if (!isUuid(requestId)) throw noSuchRequest();
    const request = await viewOf(tx, ctx, requestId);
    const plan = request.plan;
    const f = request.state.facts;
    const awaitingPlan = !plan && f?.issueDecision?.outcome === 'issue' && !f.finalIssuedOn;
    await audit(tx, ctx, {
      action: 'ehc.plan.read',
      entityType: 'ehc_request',
      entityId: requestId,
      childId: request.child.id,
    });
    return {
      request,
      writable: plan?.status === 'draft' || awaitingPlan,
      sections: plan ? await sectionsOf(tx, ctx.principal.laCode, plan.id) : awaitingPlan ? unwritten() : [],
      documents: request.state.facts ? documentsAvailable(request.state.facts, plan !== null) : [],
      letters: await lettersSentOf(tx, ctx, { requestId }),
    };
  });
}

/** Every version of one section, newest first. The read is audited. */
export function sectionHistory(
  ctx: EhcContext,
  requestId: string,
  code: WritableSection,
): Promise<Outcome<{ request: RequestView; versions: documents.SectionVersionRow[] }>> {
  requirePermission(ctx, 'ehc:read');
  return transaction(ctx, async (tx) => {
    if (!isUuid(requestId)) throw noSuchRequest();
    const request = await viewOf(tx, ctx, requestId);
    if (!request.plan)
      return auditedRefusal(
        tx,
        ctx,
        { requestId, childId: request.child.id },
        refused(404, 'section', 'This request has no plan: a plan is written after a decision to issue one'),
      );
    const rows = await documents.sectionHistory(tx, ctx.principal.laCode, request.plan.id, code);
    const names = await userNames(
      tx,
      rows.map((r) => r.writtenBy),
    );
    await audit(tx, ctx, {
      action: 'ehc.plan.section.read',
      entityType: 'ehc_request',
      entityId: requestId,
      childId: request.child.id,
      detail: { section: code },
    });
    return {
      ok: true,
      value: {
        request,
        versions: rows.map((r) => ({
          ...r,
          writtenBy: r.writtenBy ? (names.get(r.writtenBy) ?? null) : null,
        })),
      },
    };
  });
}

/**
 * Writes a new version of a section of the draft plan. The person says which version they
 * changed, so two people editing at once cannot overwrite each other; the same text again
 * adds no version.
 */
export function writeSection(
  ctx: EhcContext,
  requestId: string,
  code: WritableSection,
  input: WriteSectionInput,
): Promise<Outcome<SectionView>> {
  requirePermission(ctx, 'ehc:write');
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    if (!isUuid(requestId)) throw noSuchRequest();
    const row = await repo.findRequest(tx, laCode, requestId, { forUpdate: true });
    if (!row) throw noSuchRequest();
    const refuse = (refusal: Refused) =>
      auditedRefusal(tx, ctx, { requestId, childId: row.childId }, refusal);
    if (!(await repo.planOfRequest(tx, laCode, requestId))) await syncPlanOf(tx, ctx, row);
    const plan = await repo.planOfRequest(tx, laCode, requestId, { forUpdate: true });
    if (!plan || plan.status === 'withdrawn')
      return refuse(
        refused(
          422,
          'section',
          'The plan is written after the decision to issue one: record the decision to issue a plan first',
        ),
      );
    if (plan.status !== 'draft')
      return refuse(
        refused(
          422,
          'section',
          'The final plan is issued: its sections change only by amendment after a review, not here',
        ),
      );
    const current = (await documents.currentSections(tx, laCode, plan.id)).find((s) => s.section === code);
    const currentVersion = current?.version ?? 0;
    if (input.version !== currentVersion) {
      const by = current?.writtenBy
        ? (await userNames(tx, [current.writtenBy])).get(current.writtenBy)
        : null;
      return refuse(
        refused(
          409,
          'version',
          `Section ${code} has changed since you opened it: it is now at version ${currentVersion}${by ? `, written by ${by}` : ''}. Reload it and make your change again`,
        ),
      );
    }
    if (current?.content !== input.content) {
      await documents.insertSection(tx, laCode, plan.id, {
        section: code,
        version: currentVersion + 1,
        content: input.content,
        writtenBy: userId,
      });
      await audit(tx, ctx, {
        action: 'ehc.plan.section.changed',
        entityType: 'ehc_request',
        entityId: requestId,
        childId: row.childId,
        detail: { section: code, version: currentVersion + 1 },
      });
    } else {
      // Nothing changed, and the answer is the section as it stands: a read.
      await audit(tx, ctx, {
        action: 'ehc.plan.section.read',
        entityType: 'ehc_request',
        entityId: requestId,
        childId: row.childId,
        detail: { section: code, unchanged: true },
      });
    }
    const sections = await sectionsOf(tx, laCode, plan.id);
    const view = sections.find((s) => s.code === code);
    if (!view) throw new Error(`Section ${code} missing after it was written`);
    return { ok: true, value: view };
  });
}

export interface RenderedDocument {
  model: DocumentModel;
  author: string;
  request: RequestView;
  kind: DocumentKind;
  /** Who the letter is addressed to, with the email a letter sent by email goes to; none for the plan. */
  addressee: LetterAddressee | null;
  /** Who it goes to if sent today: its addressee, or for the plan, whoever makes the decisions today. */
  recipient: LetterAddressee | null;
}

/**
 * A letter or the plan as a document model, for the page or the PDF. Viewing and exporting are
 * both audited, as reads of the child's record.
 */
export function documentOf(
  ctx: EhcContext,
  requestId: string,
  kind: DocumentKind,
  purpose: 'view' | 'export',
): Promise<Outcome<RenderedDocument>> {
  requirePermission(ctx, 'ehc:read');
  return transaction(ctx, async (tx) => {
    const built = await documentIn(tx, ctx, requestId, kind);
    if (!built.ok) return built;
    await audit(tx, ctx, {
      action: purpose === 'view' ? 'ehc.document.read' : 'ehc.document.exported',
      entityType: 'ehc_request',
      entityId: requestId,
      childId: built.value.request.child.id,
      detail: { document: kind, ...(purpose === 'export' ? { format: 'pdf' } : {}) },
    });
    return built;
  });
}

/** A document built from the record as it stands, within the caller's transaction; the caller audits what it shows. */
async function documentIn(
  tx: Tx,
  ctx: EhcContext,
  requestId: string,
  kind: DocumentKind,
): Promise<Outcome<RenderedDocument>> {
  const { laCode } = ctx.principal;
  if (!isUuid(requestId)) throw noSuchRequest();
  const request = await viewOf(tx, ctx, requestId);
  const facts = request.state.facts;
  if (!facts) throw noSuchRequest();
  const refuse = (refusal: Refused) =>
    auditedRefusal(tx, ctx, { requestId, childId: request.child.id }, refusal);
  if (!documentsAvailable(facts, request.plan !== null).includes(kind))
    return refuse(
      refused(
        404,
        'kind',
        `This request has no ${kind.replaceAll('-', ' ')} yet: it follows the step it records`,
      ),
    );
  const settings = await documents.letterSettings(tx, laCode);
  const la = await findLaIn(tx, laCode);
  // A letter goes to whoever made the decisions on the day it is dated: the parent, the young
  // person past compulsory school age, or the person acting for one who lacks capacity.
  const letterDate = letterDateOf(kind, facts);
  const addressee = letterDate ? await letterAddressee(tx, laCode, request.child, letterDate) : null;
  if (!settings)
    return refuse(
      refused(
        409,
        'settings',
        'Your LA’s letter details (the SEND service’s address, the information, advice and support service and the mediation adviser) are not set up yet: a SEND team manager can add them under Letters in the menu',
      ),
    );
  const plan = request.plan;
  const sections = plan ? await sectionsOf(tx, laCode, plan.id) : [];
  const effective = request.events.filter((e) => !e.correctedBy).map((e) => e.body);
  const expectedWith = (type: 'assessment-decided' | 'issue-decided' | 'draft-served') => {
    const e = [...effective].reverse().find((b) => b.type === type);
    return e && 'expectedFinalOn' in e ? (e.expectedFinalOn ?? undefined) : undefined;
  };
  const expectedFinalOn = Object.fromEntries(
    (
      [
        ['decision-to-assess', expectedWith('assessment-decided')],
        ['decision-to-issue', expectedWith('issue-decided')],
        ['draft-plan-notice', expectedWith('draft-served')],
      ] as const
    ).filter(([, v]) => v !== undefined),
  );
  const reason = (type: 'assessment-decided' | 'issue-decided') => {
    const e = [...effective].reverse().find((b) => b.type === type);
    return e && (e.type === 'assessment-decided' || e.type === 'issue-decided') ? e.reasons : null;
  };
  const laName = la?.name ?? laCode;
  const documentFacts: DocumentFacts = {
    laName,
    settings,
    child: request.child,
    addressee,
    expectedFinalOn,
    coordinator: request.coordinator?.name ?? null,
    reference: referenceOf(request.id),
    facts,
    reasons: { assess: reason('assessment-decided'), issue: reason('issue-decided') },
    placement: request.state.placement,
    advice: request.advice,
    plan: plan
      ? {
          status: plan.status,
          sections: Object.fromEntries(sections.filter((s) => s.content).map((s) => [s.code, s.content])),
        }
      : null,
    calendar: englandAndWalesCalendar,
  };
  const model = buildDocument(kind, documentFacts);
  if (!model) throw new Error(`EHC document ${kind} was available but not built`);
  const recipient =
    addressee ?? (kind === 'plan' ? await letterAddressee(tx, laCode, request.child, ctx.today) : null);
  return { ok: true, value: { model, author: laName, request, kind, addressee, recipient } };
}

/**
 * Records a letter of the request (or the plan) as sent, as a step: the document as it reads now
 * is kept as it goes. By email it is also put in the outbox, to the address recorded for whoever
 * it is addressed to; through the family portal the sending is recorded, and the portal shows
 * the letter as kept.
 */
export function sendLetter(
  ctx: EhcContext,
  requestId: string,
  input: SendLetterInput,
): Promise<Outcome<FrozenLetter & { emailedTo: string | null }>> {
  requirePermission(ctx, 'ehc:write');
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const built = await documentIn(tx, ctx, requestId, input.kind);
    // The kind is a field of what was sent, not the address asked for: a letter not yet reached is refused, not missing.
    if (!built.ok) return built.status === 404 ? { ...built, status: 422 as const } : built;
    const doc = built.value;
    const facts = doc.request.state.facts;
    if (!facts) throw noSuchRequest();
    const refuse = (refusal: Refused) =>
      auditedRefusal(tx, ctx, { requestId, childId: doc.request.child.id }, refusal);
    const dateProblem = sentOnProblem(input.kind, facts, input.sentOn, ctx.today);
    if (dateProblem) return refuse({ ok: false, status: 422, errors: [dateProblem] });
    // The plan is addressed to nobody: by email it goes to whoever makes the decisions on the day it is sent.
    const to =
      input.method !== 'email'
        ? null
        : input.kind === 'plan'
          ? await letterAddressee(tx, laCode, doc.request.child, input.sentOn)
          : doc.addressee;
    const emailTo = to?.email ?? null;
    if (input.method === 'email' && !emailTo) return refuse(refused(422, 'method', noEmailMessage(to)));
    const letter = await freezeLetter(tx, ctx, {
      childId: doc.request.child.id,
      requestId,
      reviewId: null,
      kind: input.kind,
      model: doc.model,
      author: doc.author,
      method: input.method,
      sentOn: input.sentOn,
    });
    // Those who follow the request online are told a letter is there, whichever way it went.
    await ctx.hooks.run(
      tx,
      'ehc.letter-sent',
      { requestId, reviewId: null, childId: doc.request.child.id, letterId: letter.id, method: input.method },
      ctx,
    );
    if (emailTo)
      await queueNotification(tx, {
        laCode,
        kind: 'ehc.letter',
        toEmail: emailTo,
        toName: to?.name ?? null,
        subject: `${doc.model.title} (${referenceOf(requestId)})`,
        body: plainTextOf(doc.model),
        // The letter is kept as sent with the request; the outbox, whose page is an
        // administrator's and names no child, holds its text only until it goes.
        sensitive: true,
        createdBy: userId,
      });
    return { ok: true, value: { ...letter, emailedTo: emailTo } };
  });
}

/** What the EHC module tells when a request's or a review's letter has been sent, for whoever follows it. */
export interface LetterSentEvent {
  requestId: string | null;
  reviewId: string | null;
  childId: string;
  letterId: string;
  method: 'post' | 'email' | 'portal';
}

declare module '../../../platform/hooks.ts' {
  interface HookEvents {
    'ehc.letter-sent': LetterSentEvent;
  }
}

function noEmailMessage(addressee: LetterAddressee | null): string {
  if (!addressee)
    return 'Nobody with parental responsibility is recorded for the child, so there is nobody to email: record the child’s parent or carer with their email address, or choose post';
  if (addressee.role === 'young-person')
    return `No email address is recorded for ${addressee.name}, who this goes to: choose post or portal`;
  return `No email address is recorded for ${addressee.name}, who this goes to: record their email address with the child’s parents and carers, or choose post`;
}

/** The letters sent for a request, oldest first. The read is audited. */
export function lettersOfRequest(ctx: EhcContext, requestId: string): Promise<LetterSent[]> {
  requirePermission(ctx, 'ehc:read');
  return transaction(ctx, async (tx) => {
    if (!isUuid(requestId)) throw noSuchRequest();
    const row = await repo.findRequest(tx, ctx.principal.laCode, requestId);
    if (!row) throw noSuchRequest();
    const letters = await lettersSentOf(tx, ctx, { requestId });
    await audit(tx, ctx, {
      action: 'ehc.letter.listed',
      entityType: 'ehc_request',
      entityId: requestId,
      childId: row.childId,
      detail: { letters: letters.length },
    });
    return letters;
  });
}

/** A letter of the request as it was sent, made again, and whether its PDF is the one sent. */
export async function letterOfRequest(
  ctx: EhcContext,
  requestId: string,
  letterId: string,
  purpose: 'view' | 'export',
): Promise<Reprint> {
  if (!isUuid(requestId)) throw noSuchRequest();
  const reprint = await reprintLetter(ctx, letterId, { requestId }, purpose);
  if (!reprint) throw notFound('This request has no letter sent with this ID.');
  return reprint;
}

export function letterSettings(ctx: EhcContext): Promise<LetterSettings | undefined> {
  requirePermission(ctx, 'ehc:letters');
  return transaction(ctx, (tx) => documents.letterSettings(tx, ctx.principal.laCode));
}

/** Saves the LA's letter details, if nobody changed them since the person opened the form. */
export function saveLetterSettings(
  ctx: EhcContext,
  input: LetterSettingsInput,
): Promise<Outcome<LetterSettings>> {
  requirePermission(ctx, 'ehc:letters');
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const before = await documents.letterSettings(tx, laCode);
    if (!(await documents.saveLetterSettings(tx, laCode, input, userId)))
      return refused(
        409,
        'version',
        'Someone else changed the letter details since you opened them. Reload them and make your change again',
      );
    const saved = await documents.letterSettings(tx, laCode);
    if (!saved) throw new Error('Letter details missing after they were saved');
    const { version, ...details } = saved;
    const { version: _was, ...previous } = before ?? { version: 0 };
    // The audit keeps what changed, and each version's details in full: a letter reprinted later
    // can be checked against them.
    await audit(tx, ctx, {
      action: 'ehc.letter-settings.changed',
      entityType: 'ehc_letter_settings',
      childId: null,
      detail: {
        version,
        changes: letterDetailChanges(before ? (previous as typeof details) : null, details),
        details,
      },
    });
    return { ok: true, value: saved };
  });
}
