import { bulkInsert } from '../db/bulk-insert.ts';
import type { Tx } from '../db/tenancy.ts';

export interface NewNotification {
  laCode: string;
  /** What kind of message, namespaced by who sends it: `users.invitation`. */
  kind: string;
  toEmail: string;
  toName?: string | null;
  toUserId?: string | null;
  subject: string;
  body: string;
  /** The body holds a secret (a one-time link): never shown on the outbox page, cleared once sent. */
  sensitive?: boolean;
  createdBy: string | null;
}

/**
 * Puts a message in the outbox in the caller's transaction, so it goes if and only if the work
 * that decided to send it commits. The deliverer sends it within seconds when mail is set up.
 */
export async function queueNotification(tx: Tx, n: NewNotification): Promise<string> {
  const r = await tx
    .insertInto('notifications')
    .values({
      la_code: n.laCode,
      kind: n.kind,
      to_email: n.toEmail,
      to_name: n.toName ?? null,
      to_user_id: n.toUserId ?? null,
      subject: n.subject.slice(0, 200),
      body: n.body,
      sensitive: n.sensitive ?? false,
      created_by: n.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/**
 * Puts many messages in the outbox at once (a job's digests for a whole LA), in the caller's
 * transaction, as queueNotification puts one.
 */
export async function queueNotifications(tx: Tx, list: readonly NewNotification[]): Promise<void> {
  await bulkInsert(
    tx,
    'notifications',
    {
      la_code: 'text',
      kind: 'text',
      to_email: 'text',
      to_name: 'text',
      to_user_id: 'uuid',
      subject: 'text',
      body: 'text',
      sensitive: 'bool',
      created_by: 'uuid',
    },
    list.map((n) => ({
      la_code: n.laCode,
      kind: n.kind,
      to_email: n.toEmail,
      to_name: n.toName ?? null,
      to_user_id: n.toUserId ?? null,
      subject: n.subject.slice(0, 200),
      body: n.body,
      sensitive: n.sensitive ?? false,
      created_by: n.createdBy,
    })),
  );
}
