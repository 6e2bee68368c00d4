import { randomBytes } from 'node:crypto';
import type { Tx } from '../../../platform/db/tenancy.ts';
import {
  acceptedFilesText,
  discardReceived,
  keepFile,
  openStoredFile,
  type ReceivedFile,
  type StoredFile,
  storedFiles,
} from '../../../platform/files/index.ts';
import { uploadProblem } from '../../../platform/files/uploads.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { conflict, notFound } from '../../../platform/http/problem.ts';
import { addDays } from '../../../platform/kernel/days.ts';
import { queueNotification } from '../../../platform/notifications/index.ts';
import {
  type ChildIdentity,
  childIdentities,
  childWithUpn,
  normaliseUpn,
  upnProblem,
} from '../../children/index.ts';
import { activeEhcPlanOf, type EhcContext, openRequestWithin } from '../../ehc/index.ts';
import { establishmentIdsForStaff } from '../../providers/index.ts';
import { familyAccess } from '../access.ts';
import { audit, authorise, type PortalContext, transaction } from '../context.ts';
import {
  type Answers,
  consentSchema,
  type MadeAs,
  missingAnswers,
  needsSchema,
  type RequestKind,
  referenceFrom,
  type StepName,
  stepsFor,
  viewsSchema,
  whatSchema,
} from '../domain/journey.ts';
import * as repo from './repo.ts';

/**
 * The single point of access: a family or a school starts a request about a child, answers its
 * questions page by page (each answer saved as it is given), adds letters and reports, and sends
 * it. A request for an assessment opens the statutory EHC request that day; a request for help
 * waits in the LA's triage queue.
 */

export type Change<T> = { ok: true; value: T } | { ok: false; status: 400 | 409 | 422; errors: FieldError[] };

const refused = <T>(status: 400 | 409 | 422, field: string, message: string): Change<T> => ({
  ok: false,
  status,
  errors: [{ field, message }],
});

/** The children a family account may ask about, with the capacity it asks in. */
export async function familyChildren(
  tx: Tx,
  ctx: PortalContext,
): Promise<{ child: ChildIdentity; madeAs: MadeAs }[]> {
  return (await familyAccess(tx, ctx)).open;
}

/** Who may ask about this child, and as whom: linked family first, then the school the child attends. */
async function standing(
  tx: Tx,
  ctx: PortalContext,
  childId: string,
): Promise<{ child: ChildIdentity; madeAs: MadeAs; establishmentId: string | null } | null> {
  const family = (await familyChildren(tx, ctx)).find((f) => f.child.id === childId);
  if (family) return { ...family, establishmentId: null };
  const [child] = await childIdentities(tx, ctx.principal.laCode, [childId]);
  if (!child?.establishmentId) return null;
  const schools = await establishmentIdsForStaff(tx, ctx.principal.userId);
  return schools.includes(child.establishmentId)
    ? { child, madeAs: 'school', establishmentId: child.establishmentId }
    : null;
}

export const notYourChild =
  'You can make a request only for a child linked to your account, or a pupil at a school you are linked to';

async function newReference(tx: Tx, laCode: string): Promise<string> {
  for (;;) {
    const reference = referenceFrom(randomBytes(7));
    if (!(await repo.referenceTaken(tx, laCode, reference))) return reference;
  }
}

/** Starts a draft about a child linked to the account (`childId`) or a pupil of the school (`upn`). */
export function startRequest(
  ctx: PortalContext,
  input: { childId?: string; upn?: string },
): Promise<Change<string>> {
  authorise(ctx, 'portal:request');
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    let childId = input.childId ?? '';
    if (input.upn !== undefined) {
      const upn = normaliseUpn(input.upn);
      const problem = upnProblem(upn);
      if (problem) return refused(400, 'upn', problem);
      childId = (await childWithUpn(tx, laCode, upn)) ?? '';
      if (!childId)
        return refused(422, 'upn', 'There is no pupil with this UPN at a school you are linked to');
    }
    if (!/^[0-9a-f-]{36}$/.test(childId))
      return refused(400, input.upn !== undefined ? 'upn' : 'childId', 'Choose who the request is about');
    const who = await standing(tx, ctx, childId);
    if (!who) {
      await audit(tx, ctx, {
        action: 'portal.request.refused',
        entityType: 'child',
        entityId: childId,
        childId: null,
        detail: { reason: 'not-linked' },
      });
      return refused(422, input.upn !== undefined ? 'upn' : 'childId', notYourChild);
    }
    const id = await repo.insertDraft(tx, laCode, {
      reference: await newReference(tx, laCode),
      madeBy: userId,
      madeAs: who.madeAs,
      childId: who.child.id,
      establishmentId: who.establishmentId,
    });
    await audit(tx, ctx, {
      action: 'portal.request.started',
      entityType: 'portal_request',
      entityId: id,
      childId: who.child.id,
    });
    return { ok: true, value: id };
  });
}

export interface Draft {
  row: repo.RequestRow;
  child: ChildIdentity;
  steps: StepName[];
  files: (StoredFile & { description: string })[];
}

async function draftOf(tx: Tx, ctx: PortalContext, id: string, forUpdate = false): Promise<Draft> {
  const { laCode, userId } = ctx.principal;
  const row = /^[0-9a-f-]{36}$/.test(id) ? await repo.findRequest(tx, laCode, id, forUpdate) : undefined;
  // Another person's draft, sent request or guessed ID reads as no such draft: nothing is told.
  if (!row || row.madeBy !== userId || !row.childId)
    throw notFound('You have no request in progress with this link.');
  if (row.status !== 'draft') throw conflict('This request has been sent: it can no longer be changed.');
  const [child] = await childIdentities(tx, laCode, [row.childId]);
  if (!child) throw notFound('You have no request in progress with this link.');
  return { row, child, steps: stepsFor(row.madeAs), files: await filesWithDescriptions(tx, laCode, row.id) };
}

export async function filesWithDescriptions(tx: Tx, laCode: string, requestId: string) {
  const links = await repo.filesOf(tx, laCode, requestId);
  const described = new Map(links.map((l) => [l.fileId, l.description]));
  return (await storedFiles(tx, laCode, [...described.keys()])).map((f) => ({
    ...f,
    description: described.get(f.id) ?? '',
  }));
}

/** A draft to carry on with: its maker's only. */
export function getDraft(ctx: PortalContext, id: string): Promise<Draft> {
  authorise(ctx, 'portal:request');
  return transaction(ctx, async (tx) => {
    const draft = await draftOf(tx, ctx, id);
    await audit(tx, ctx, {
      action: 'portal.request.read',
      entityType: 'portal_request',
      entityId: id,
      childId: draft.child.id,
    });
    return draft;
  });
}

/** Saves one page's answers to the draft: a page with a problem saves nothing. */
export function answerStep(
  ctx: PortalContext,
  id: string,
  step: StepName,
  input: Record<string, string>,
): Promise<Change<Draft>> {
  authorise(ctx, 'portal:request');
  const { laCode } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const draft = await draftOf(tx, ctx, id, true);
    if (!draft.steps.includes(step)) throw notFound();
    const answers: Answers = { ...draft.row.answers };
    let kind: RequestKind | undefined;
    const schema = {
      what: whatSchema,
      needs: needsSchema,
      views: viewsSchema,
      consent: consentSchema(ctx.today),
      files: null,
    }[step];
    if (schema) {
      const r = schema.safeParse(input);
      if (!r.success)
        return {
          ok: false,
          status: 400,
          errors: r.error.issues.map((i) => ({ field: String(i.path[0] ?? step), message: i.message })),
        };
      const d = r.data as Record<string, string>;
      if (step === 'what') kind = d.kind as RequestKind;
      if (step === 'needs') Object.assign(answers, { needs: d.needs, supportNow: d.supportNow });
      if (step === 'views') answers.views = d.views;
      if (step === 'consent') answers.consent = { by: d.by ?? '', on: d.on ?? '' };
    }
    await repo.saveDraft(tx, laCode, id, { ...(kind ? { kind } : {}), answers });
    await audit(tx, ctx, {
      action: 'portal.request.answered',
      entityType: 'portal_request',
      entityId: id,
      childId: draft.child.id,
      detail: { step },
    });
    return { ok: true, value: await draftOf(tx, ctx, id) };
  });
}

export const maxFilesPerRequest = 10;

/** Keeps a letter or report sent with a draft, once it has passed its checks. */
export function addRequestFile(
  ctx: PortalContext,
  id: string,
  file: ReceivedFile | null,
  description: string,
): Promise<Change<StoredFile>> {
  authorise(ctx, 'portal:request');
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const draft = await draftOf(tx, ctx, id, true);
    if (!file) return refused(400, 'file', `Choose a file to upload: ${acceptedFilesText}`);
    const problem = uploadProblem(file, ctx.uploads.maxBytes);
    if (problem) {
      // Removed now rather than when the response has gone, so nothing refused outlives the refusal.
      await discardReceived(file);
      await audit(tx, ctx, {
        action: 'portal.file.refused',
        entityType: 'portal_request',
        entityId: id,
        childId: draft.child.id,
        detail: { reason: file.tooLarge ? 'too-large' : 'type', bytes: file.bytes },
      });
      return refused(422, 'file', problem);
    }
    if (draft.files.length >= maxFilesPerRequest)
      return refused(
        422,
        'file',
        `A request can carry up to ${maxFilesPerRequest} files: remove one before adding another`,
      );
    const text = description.trim() || file.fileName;
    if (text.length > 200)
      return refused(400, 'description', 'The description must be 200 characters or fewer');
    const stored = await keepFile(tx, ctx.uploads.dir, file, { laCode, userId });
    await repo.addFile(tx, laCode, id, stored.id, text);
    await audit(tx, ctx, {
      action: 'portal.file.uploaded',
      entityType: 'stored_file',
      entityId: stored.id,
      childId: draft.child.id,
      detail: { request: id, bytes: stored.bytes, mediaType: stored.mediaType, sha256: stored.sha256 },
    });
    return { ok: true, value: stored };
  });
}

export function removeRequestFile(ctx: PortalContext, id: string, fileId: string): Promise<void> {
  authorise(ctx, 'portal:request');
  return transaction(ctx, async (tx) => {
    const draft = await draftOf(tx, ctx, id, true);
    if (!(await repo.removeFile(tx, ctx.principal.laCode, id, fileId)))
      throw notFound('There is no such file on this request.');
    await audit(tx, ctx, {
      action: 'portal.file.removed',
      entityType: 'stored_file',
      entityId: fileId,
      childId: draft.child.id,
      detail: { request: id },
    });
  });
}

/** Throws away a draft its maker no longer wants: nothing was sent, so nothing is kept. */
export function discardDraft(ctx: PortalContext, id: string): Promise<void> {
  authorise(ctx, 'portal:request');
  return transaction(ctx, async (tx) => {
    const draft = await draftOf(tx, ctx, id, true);
    await repo.deleteDraft(tx, ctx.principal.laCode, id);
    await audit(tx, ctx, {
      action: 'portal.request.discarded',
      entityType: 'portal_request',
      entityId: id,
      childId: draft.child.id,
    });
  });
}

export interface Sent {
  id: string;
  reference: string;
  kind: RequestKind;
  receivedOn: string;
  /** For an assessment: the day the LA must decide whether to assess by (6 weeks, reg 5(1)). */
  decideBy: string | null;
}

const ehcContextOf = (ctx: PortalContext): EhcContext => ({
  database: ctx.database,
  principal: ctx.principal,
  today: ctx.today,
  now: ctx.now,
  ip: ctx.ip,
  requestId: ctx.requestId,
  hooks: ctx.hooks,
});

/** Opens the statutory EHC request for a portal request, received on `receivedOn`, in the caller's transaction. */
export async function openEhcRequestFor(
  tx: Tx,
  ctx: PortalContext,
  row: repo.RequestRow,
  receivedOn: string,
): Promise<Change<{ ehcRequestId: string }>> {
  const childId = row.childId ?? '';
  const plan = await activeEhcPlanOf(tx, ctx.principal.laCode, childId);
  const source =
    row.madeAs === 'school' ? 'school' : row.madeAs === 'young-person' ? 'young-person' : 'parent';
  const opened = await openRequestWithin(tx, ehcContextOf(ctx), {
    childId,
    kind: plan ? 'reassessment' : 'new',
    receivedOn,
    source,
    requestedBy: `${row.madeByName} (online request ${row.reference})`.slice(0, 200),
    consent: row.madeAs !== 'school' || Boolean(row.answers.consent),
    transfer: null,
  });
  if (!opened.ok)
    return {
      ok: false,
      status: opened.status === 409 ? 409 : 422,
      errors: opened.errors.map((e) => ({
        field: 'kind',
        message:
          opened.status === 409
            ? 'There is already an EHC needs assessment request in progress for this child: you can follow it from your home page'
            : e.message,
      })),
    };
  return { ok: true, value: { ehcRequestId: opened.request.id } };
}

/** Sends a complete draft: the day it arrives is the day it was received. */
export function submitRequest(ctx: PortalContext, id: string): Promise<Change<Sent>> {
  authorise(ctx, 'portal:request');
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const draft = await draftOf(tx, ctx, id, true);
    const { row } = draft;
    const missing = missingAnswers(row.madeAs, row.kind, row.answers);
    if (missing.length)
      return { ok: false, status: 422, errors: missing.map((m) => ({ field: m.step, message: m.message })) };
    // The link is checked again: it may have ended since the draft began.
    if (!(await standing(tx, ctx, draft.child.id))) return refused(422, 'childId', notYourChild);
    const kind = row.kind as RequestKind;
    let ehcRequestId: string | null = null;
    if (kind === 'assessment') {
      const opened = await openEhcRequestFor(tx, ctx, row, ctx.today);
      if (!opened.ok) return opened;
      ehcRequestId = opened.value.ehcRequestId;
    }
    await repo.markSubmitted(tx, laCode, id, {
      status: kind === 'assessment' ? 'opened' : 'triage',
      receivedOn: ctx.today,
      ehcRequestId,
      at: ctx.now,
    });
    await audit(tx, ctx, {
      action: 'portal.request.submitted',
      entityType: 'portal_request',
      entityId: id,
      childId: draft.child.id,
      detail: { kind, reference: row.reference, ehcRequestId },
    });
    await queueNotification(tx, {
      laCode,
      kind: 'portals.request-received',
      toEmail: ctx.principal.email,
      toName: ctx.principal.name,
      toUserId: userId,
      subject: `We have received your request ${row.reference}`,
      body: receivedNotice(row.reference, ctx.publicUrl, id),
      createdBy: userId,
    });
    return {
      ok: true,
      value: {
        id,
        reference: row.reference,
        kind,
        receivedOn: ctx.today,
        decideBy: kind === 'assessment' ? addDays(ctx.today, 42) : null,
      },
    };
  });
}

/** Email says only that something is there: nothing about the child travels by email. */
function receivedNotice(reference: string, publicUrl: string, id: string): string {
  return [
    `We have received your request ${reference}.`,
    '',
    'Sign in to see what happens next and by when:',
    `${publicUrl}/request/${id}`,
  ].join('\n');
}

export function updateNotice(reference: string, publicUrl: string, id: string): string {
  return [
    `There is an update on your request ${reference}.`,
    '',
    'Sign in to read it:',
    `${publicUrl}/request/${id}`,
  ].join('\n');
}

/** A stored file sent with a request, for anyone who may see the request; its read is audited. */
export function requestFile(
  ctx: PortalContext,
  requestId: string,
  fileId: string,
): Promise<{ file: StoredFile; body: NodeJS.ReadableStream }> {
  return transaction(ctx, async (tx) => {
    const { laCode } = ctx.principal;
    const row = /^[0-9a-f-]{36}$/.test(requestId) ? await repo.findRequest(tx, laCode, requestId) : undefined;
    const mayRead = row && (await mayReadRequest(tx, ctx, row));
    const link =
      mayRead && /^[0-9a-f-]{36}$/.test(fileId)
        ? (await repo.filesOf(tx, laCode, requestId)).find((f) => f.fileId === fileId)
        : undefined;
    const [file] = link ? await storedFiles(tx, laCode, [fileId]) : [];
    if (!row || !file) throw notFound('There is no such file that you can see.');
    await audit(tx, ctx, {
      action: 'portal.file.read',
      entityType: 'stored_file',
      entityId: file.id,
      childId: row.childId,
      detail: { request: requestId },
    });
    return { file, body: openStoredFile(ctx.uploads.dir, laCode, file.id) };
  });
}

/**
 * Whether this person may see a request: its maker; once sent, the child's linked family and the
 * child's school; and the LA's EHC staff. The database's row security says the same.
 */
export async function mayReadRequest(tx: Tx, ctx: PortalContext, row: repo.RequestRow): Promise<boolean> {
  if (row.madeBy === ctx.principal.userId) return true;
  if (row.status === 'draft' || !row.childId) return false;
  if (ctx.principal.roles.some((r) => r === 'ehc_coordinator' || r === 'send_team_manager')) return true;
  return (await standing(tx, ctx, row.childId)) !== null;
}
