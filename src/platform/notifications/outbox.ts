import { sql } from 'kysely';
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
 * Puts many messages in the outbox in one statement (a job's digests for a whole LA), in the
 * caller's transaction, as queueNotification puts one.
 */
export async function queueNotifications(tx: Tx, list: readonly NewNotification[]): Promise<number> {
  if (!list.length) return 0;
  const column = <T>(f: (n: NewNotification) => T) => list.map(f);
  const r = await sql`
    INSERT INTO notifications (la_code, kind, to_email, to_name, to_user_id, subject, body, sensitive, created_by)
    SELECT * FROM unnest(${column((n) => n.laCode)}::text[], ${column((n) => n.kind)}::text[],
      ${column((n) => n.toEmail)}::text[], ${column((n) => n.toName ?? null)}::text[],
      ${column((n) => n.toUserId ?? null)}::uuid[], ${column((n) => n.subject.slice(0, 200))}::text[],
      ${column((n) => n.body)}::text[], ${column((n) => n.sensitive ?? false)}::boolean[],
      ${column((n) => n.createdBy)}::uuid[])`.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}
