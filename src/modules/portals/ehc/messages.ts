import { z } from 'zod';
import type { Tx } from '../../../platform/db/tenancy.ts';
import {
  acceptedFilesText,
  discardReceived,
  keepFile,
  openStoredFile,
  type ReceivedFile,
  type StoredFile,
  storedFiles,
  uploadProblem,
} from '../../../platform/files/index.ts';
import { notFound } from '../../../platform/http/problem.ts';
import { queueNotifications } from '../../../platform/notifications/index.ts';
import { familyAccess } from '../access.ts';
import { audit, type PortalContext, transaction } from '../context.ts';
import * as requests from '../requests/repo.ts';
import type { Change } from '../requests/service.ts';
import { mayReadRequest } from '../requests/service.ts';
import * as repo from './repo.ts';
import { loadEhc, threadFor } from './service.ts';

/**
 * Messages between the LA and each party on a request: the family, the school, each adviser. A
 * party writes in their own thread; the LA answers in whichever it chooses. Every message is
 * audited, and the email that follows says only that there is a message and where to read it.
 */

/** What a message's file may be, for the form's hint. */
export const messageFileHint = (maxBytes: number) =>
  `You can send ${acceptedFilesText}, up to ${Math.round(maxBytes / 1024 / 1024)} MB.`;

export const messageSchema = z.object({
  body: z
    .string({ error: 'Enter your message' })
    .trim()
    .min(1, 'Enter your message')
    .max(5000, 'Your message must be 5,000 characters or fewer'),
  to: z.enum(['family', 'school', 'adviser']).optional(),
  adviserId: z.string().uuid().optional(),
});
export type MessageInput = z.output<typeof messageSchema>;

interface Place {
  childId: string;
  thread: repo.Thread;
  party: repo.Party;
  adviserId: string | null;
  fromLa: boolean;
  reference: string;
  link: string;
  coordinatorId: string | null;
}

const isStaff = (ctx: PortalContext) =>
  ctx.principal.roles.some((r) => r === 'ehc_coordinator' || r === 'send_team_manager');

async function placeOnEhc(
  tx: Tx,
  ctx: PortalContext,
  id: string,
  input: MessageInput,
): Promise<Place | string> {
  const { child, viewer, view } = await loadEhc(tx, ctx, id);
  const base = {
    childId: child.id,
    thread: { ehcRequestId: id },
    reference: 'your EHC request',
    link: `/portal/ehc/${id}`,
    coordinatorId: view.coordinator?.id ?? null,
  };
  if (viewer.party === 'la') {
    if (!input.to) return 'Choose who the message is for';
    if (input.to === 'adviser' && !input.adviserId) return 'Choose the adviser the message is for';
    return {
      ...base,
      party: input.to,
      adviserId: input.to === 'adviser' ? (input.adviserId ?? null) : null,
      fromLa: true,
    };
  }
  return {
    ...base,
    party: viewer.party,
    adviserId: viewer.party === 'adviser' ? viewer.adviserId : null,
    fromLa: false,
  };
}

async function placeOnRequest(
  tx: Tx,
  ctx: PortalContext,
  id: string,
  input: MessageInput,
): Promise<Place | string> {
  const { laCode } = ctx.principal;
  const row = /^[0-9a-f-]{36}$/.test(id) ? await requests.findRequest(tx, laCode, id) : undefined;
  if (!row?.childId || row.status === 'draft' || !(await mayReadRequest(tx, ctx, row)))
    throw notFound('There is no request with this link that you can see.');
  const base = {
    childId: row.childId,
    thread: { portalRequestId: id },
    reference: `your request ${row.reference}`,
    link: `/request/${id}`,
    coordinatorId: null,
  };
  if (isStaff(ctx)) {
    const to = input.to ?? (row.madeAs === 'school' ? 'school' : 'family');
    if (to === 'adviser') return 'An online request’s messages are with the family or the school';
    return { ...base, party: to, adviserId: null, fromLa: true };
  }
  const family = (await familyAccess(tx, ctx)).open.some((l) => l.child.id === row.childId);
  return { ...base, party: family ? 'family' : 'school', adviserId: null, fromLa: false };
}

/** Sends a message on an EHC request (`ehc`) or an online request (`request`), with a file if one was chosen. */
export function sendMessage(
  ctx: PortalContext,
  on: 'ehc' | 'request',
  id: string,
  input: MessageInput,
  file: ReceivedFile | null = null,
): Promise<Change<{ id: string }>> {
  return transaction(ctx, async (tx) => {
    const { laCode, userId } = ctx.principal;
    const place =
      on === 'ehc' ? await placeOnEhc(tx, ctx, id, input) : await placeOnRequest(tx, ctx, id, input);
    if (typeof place === 'string')
      return { ok: false, status: 400, errors: [{ field: 'to', message: place }] };
    const problem = file && uploadProblem(file, ctx.uploads.maxBytes);
    if (file && problem) {
      // Removed now rather than when the response has gone, so nothing refused outlives the refusal.
      await discardReceived(file);
      await audit(tx, ctx, {
        action: 'portal.file.refused',
        entityType: on === 'ehc' ? 'ehc_request' : 'portal_request',
        entityId: id,
        childId: place.childId,
        detail: { reason: file.tooLarge ? 'too-large' : 'type', bytes: file.bytes },
      });
      return { ok: false, status: 422, errors: [{ field: 'file', message: problem }] };
    }
    const stored = file ? await keepFile(tx, ctx.uploads.dir, file, { laCode, userId }) : null;
    if (stored)
      await audit(tx, ctx, {
        action: 'portal.file.uploaded',
        entityType: 'stored_file',
        entityId: stored.id,
        childId: place.childId,
        detail: { [on === 'ehc' ? 'ehcRequest' : 'request']: id, bytes: stored.bytes, sha256: stored.sha256 },
      });
    const messageId = await repo.insertMessage(tx, laCode, {
      childId: place.childId,
      thread: place.thread,
      party: place.party,
      adviserId: place.adviserId,
      authorId: userId,
      fromLa: place.fromLa,
      body: input.body,
      fileId: stored?.id ?? null,
      at: ctx.now,
    });
    await audit(tx, ctx, {
      action: 'portal.message.sent',
      entityType: on === 'ehc' ? 'ehc_request' : 'portal_request',
      entityId: id,
      childId: place.childId,
      detail: { message: messageId, party: place.party, fromLa: place.fromLa },
    });
    const recipients = place.fromLa
      ? await repo.partyRecipients(tx, laCode, place.childId, place.party, place.adviserId)
      : place.coordinatorId
        ? await tx
            .selectFrom('users')
            .select(['id', 'email', 'name'])
            .where('id', '=', place.coordinatorId)
            .execute()
        : [];
    const link = place.fromLa ? place.link : on === 'ehc' ? `/ehc/requests/${id}` : place.link;
    await queueNotifications(
      tx,
      recipients
        .filter((r) => r.id !== userId)
        .map((r) => ({
          laCode,
          kind: 'portals.message',
          toEmail: r.email,
          toName: r.name,
          toUserId: r.id,
          subject: 'You have a new message on OpenSEND',
          body: `You have a new message about ${place.fromLa ? place.reference : 'a request'}.\n\nSign in to read it:\n${ctx.publicUrl}${link}`,
          createdBy: userId,
        })),
    );
    return { ok: true, value: { id: messageId } };
  });
}

/** The messages of an online request's thread that this person may read. */
export async function requestMessages(
  tx: Tx,
  ctx: PortalContext,
  row: requests.RequestRow,
): Promise<repo.MessageRow[]> {
  const all = await repo.messagesOf(tx, ctx.principal.laCode, { portalRequestId: row.id });
  if (isStaff(ctx)) return all;
  const family = (await familyAccess(tx, ctx)).open.some((l) => l.child.id === row.childId);
  return all.filter((m) => m.party === (family ? 'family' : 'school'));
}

/**
 * The file sent with a message, for someone who may read the message's thread: the party's own
 * thread, or the LA's whole. Anyone else is told there is no such file. The read is audited.
 */
export function messageFile(
  ctx: PortalContext,
  messageId: string,
): Promise<{ file: StoredFile; body: NodeJS.ReadableStream }> {
  const none = () => notFound('There is no file with this link that you can see.');
  return transaction(ctx, async (tx) => {
    const { laCode } = ctx.principal;
    const m = /^[0-9a-f-]{36}$/.test(messageId) ? await repo.messageById(tx, laCode, messageId) : undefined;
    if (!m?.fileId) throw none();
    let readable = false;
    if (m.ehcRequestId) {
      const { viewer } = await loadEhc(tx, ctx, m.ehcRequestId);
      readable = threadFor(viewer)(m);
    } else if (m.portalRequestId) {
      const row = await requests.findRequest(tx, laCode, m.portalRequestId);
      readable = Boolean(
        row &&
          (await mayReadRequest(tx, ctx, row)) &&
          (await requestMessages(tx, ctx, row)).some((x) => x.id === m.id),
      );
    }
    const [file] = readable ? await storedFiles(tx, laCode, [m.fileId]) : [];
    if (!file) throw none();
    await audit(tx, ctx, {
      action: 'portal.file.read',
      entityType: 'stored_file',
      entityId: file.id,
      childId: m.childId,
      detail: { message: m.id },
    });
    return { file, body: openStoredFile(ctx.uploads.dir, laCode, file.id) };
  });
}
