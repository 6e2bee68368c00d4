import { sql, type Transaction } from 'kysely';
import type { NotificationStatus, PlatformTables } from '../db/schema.ts';
import type { Tx } from '../db/tenancy.ts';

export interface NotificationRow {
  id: string;
  kind: string;
  toEmail: string;
  toName: string | null;
  subject: string;
  body: string;
  sensitive: boolean;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

const columns = [
  'id',
  'kind',
  'to_email as toEmail',
  'to_name as toName',
  'subject',
  'body',
  'sensitive',
  'status',
  'attempts',
  'next_attempt_at as nextAttemptAt',
  'last_error as lastError',
  'created_at as createdAt',
  'sent_at as sentAt',
] as const;

export async function listNotifications(
  tx: Tx,
  q: { status?: NotificationStatus | undefined; limit: number; offset: number },
): Promise<{ rows: NotificationRow[]; total: number }> {
  let query = tx.selectFrom('notifications');
  if (q.status) query = query.where('status', '=', q.status);
  const [rows, total] = await Promise.all([
    query
      .select(columns)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function countByStatus(tx: Tx): Promise<Record<NotificationStatus, number>> {
  const rows = await tx
    .selectFrom('notifications')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const counts: Record<NotificationStatus, number> = {
    queued: 0,
    sending: 0,
    sent: 0,
    failed: 0,
    cancelled: 0,
  };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** Puts a failed message back in the queue to be tried at once; false when it was not failed. */
export async function retryNotification(tx: Tx, id: string, now: Date): Promise<boolean> {
  const r = await tx
    .updateTable('notifications')
    .set({ status: 'queued', next_attempt_at: now, attempts: 0, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface ClaimedNotification {
  id: string;
  laCode: string;
  toEmail: string;
  toName: string | null;
  subject: string;
  body: string;
  sensitive: boolean;
  attempts: number;
}

/**
 * Takes up to `limit` due messages across LAs, leasing them for `leaseSeconds`: a deliverer that
 * dies mid-send leaves them to be claimed again when the lease runs out. Runs as opensend_worker,
 * the role that may see every LA's queue and nothing else of theirs.
 */
export async function claimDue(
  tx: Transaction<PlatformTables>,
  now: Date,
  limit: number,
  leaseSeconds: number,
): Promise<ClaimedNotification[]> {
  await sql`SELECT set_config('role', 'opensend_worker', true)`.execute(tx);
  const r = await sql<{
    id: string;
    la_code: string;
    to_email: string;
    to_name: string | null;
    subject: string;
    body: string;
    sensitive: boolean;
    attempts: number;
  }>`
    WITH due AS (
      SELECT id FROM notifications
      WHERE (status = 'queued' AND next_attempt_at <= ${now})
         OR (status = 'sending' AND locked_until < ${now})
      ORDER BY next_attempt_at, created_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    UPDATE notifications n
    SET status = 'sending', attempts = n.attempts + 1,
        locked_until = ${now}::timestamptz + make_interval(secs => ${leaseSeconds})
    FROM due WHERE n.id = due.id
    RETURNING n.id, n.la_code, n.to_email, n.to_name, n.subject, n.body, n.sensitive, n.attempts`.execute(tx);
  return r.rows.map((row) => ({
    id: row.id,
    laCode: row.la_code,
    toEmail: row.to_email,
    toName: row.to_name,
    subject: row.subject,
    body: row.body,
    sensitive: row.sensitive,
    attempts: row.attempts,
  }));
}

export async function recordOutcome(
  tx: Transaction<PlatformTables>,
  id: string,
  outcome:
    | { status: 'sent'; at: Date; clearBody: boolean }
    | { status: 'queued'; nextAttemptAt: Date; error: string }
    | { status: 'failed'; error: string },
): Promise<void> {
  await sql`SELECT set_config('role', 'opensend_worker', true)`.execute(tx);
  const q = tx.updateTable('notifications').where('id', '=', id).where('status', '=', 'sending');
  if (outcome.status === 'sent')
    await q
      .set({
        status: 'sent',
        sent_at: outcome.at,
        locked_until: null,
        last_error: null,
        ...(outcome.clearBody
          ? { body: '(This message held a one-time link, removed once it was sent.)' }
          : {}),
      })
      .execute();
  else if (outcome.status === 'queued')
    await q
      .set({
        status: 'queued',
        next_attempt_at: outcome.nextAttemptAt,
        locked_until: null,
        last_error: outcome.error.slice(0, 500),
      })
      .execute();
  else
    await q.set({ status: 'failed', locked_until: null, last_error: outcome.error.slice(0, 500) }).execute();
}
