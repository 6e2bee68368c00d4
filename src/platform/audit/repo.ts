import { sql } from 'kysely';
import type { Tx } from '../db/tenancy.ts';

export interface AuditEventInput {
  laCode: string;
  userId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  childId?: string | null;
  /** The children a listing showed, for one event per listing. */
  childIds?: readonly string[] | null;
  ip?: string | null;
  requestId?: string | null;
  detail?: Record<string, unknown> | null;
}

export async function insertAuditEvent(tx: Tx, e: AuditEventInput): Promise<void> {
  await insertAuditEvents(tx, [e]);
}

/** Several events in one statement. */
export async function insertAuditEvents(tx: Tx, events: AuditEventInput[]): Promise<void> {
  if (!events.length) return;
  await tx
    .insertInto('audit_events')
    .values(
      events.map((e) => ({
        la_code: e.laCode,
        user_id: e.userId,
        action: e.action,
        entity_type: e.entityType,
        entity_id: e.entityId ?? null,
        child_id: e.childId ?? null,
        child_ids: e.childIds?.length ? [...new Set(e.childIds)] : null,
        ip: e.ip ?? null,
        request_id: e.requestId ?? null,
        detail: e.detail ? JSON.stringify(e.detail) : null,
      })),
    )
    .execute();
}

export interface AuditQuery {
  laCode: string;
  /** Events about any of these children: each alone, or among those a listing showed. */
  childIds?: readonly string[] | undefined;
  userId?: string | undefined;
  /** Inclusive first day, London time. */
  from?: string | undefined;
  /** Inclusive last day, London time. */
  to?: string | undefined;
  /** Show events older than this id (the previous page's last). */
  before?: number | undefined;
  limit: number;
}

export interface AuditEventRow {
  id: number;
  at: Date;
  userId: string | null;
  userName: string | null;
  userEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  childId: string | null;
  childIds: string[] | null;
  ip: string | null;
  requestId: string | null;
  detail: Record<string, unknown> | null;
}

export async function searchAuditEvents(
  tx: Tx,
  q: AuditQuery,
): Promise<{ items: AuditEventRow[]; nextBefore: number | undefined }> {
  let query = tx
    .selectFrom('audit_events')
    .leftJoin('users', 'users.id', 'audit_events.user_id')
    .select([
      'audit_events.id',
      'audit_events.at',
      'audit_events.user_id as userId',
      'users.name as userName',
      'users.email as userEmail',
      'audit_events.action',
      'audit_events.entity_type as entityType',
      'audit_events.entity_id as entityId',
      'audit_events.child_id as childId',
      'audit_events.child_ids as childIds',
      'audit_events.ip',
      'audit_events.request_id as requestId',
      'audit_events.detail',
    ])
    // Stated as well as enforced by row-level security, so the planner can use the LA indexes.
    .where('audit_events.la_code', '=', q.laCode)
    // Newest first by time, then id: with a date range the (LA, time) indexes then read only the
    // page asked for, where ordering by id alone would walk every newer event to skip past it.
    .orderBy('audit_events.at', 'desc')
    .orderBy('audit_events.id', 'desc')
    .limit(q.limit + 1);
  const childIds = q.childIds ? [...q.childIds] : [];
  // An event about one child carries it in child_id; a listing, in child_ids. Each side has its
  // own index (audit_events_child_idx, audit_events_child_ids_idx), combined by a bitmap OR.
  if (childIds.length)
    query = query.where(
      sql<boolean>`(audit_events.child_id = ANY(${childIds}::uuid[]) OR audit_events.child_ids && ${childIds}::uuid[])`,
    );
  if (q.userId) query = query.where('audit_events.user_id', '=', q.userId);
  if (q.from)
    query = query.where(
      'audit_events.at',
      '>=',
      sql<Date>`(${q.from}::date)::timestamp AT TIME ZONE 'Europe/London'`,
    );
  if (q.to)
    query = query.where(
      'audit_events.at',
      '<',
      sql<Date>`(${q.to}::date + 1)::timestamp AT TIME ZONE 'Europe/London'`,
    );
  if (q.before !== undefined)
    query = query.where(
      sql<boolean>`(audit_events.at, audit_events.id) < (SELECT b.at, b.id FROM audit_events b WHERE b.id = ${q.before})`,
    );
  const rows = await query.execute();
  const more = rows.length > q.limit;
  const items = rows.slice(0, q.limit).map((r) => ({ ...r, id: Number(r.id) }));
  return { items, nextBefore: more ? items[items.length - 1]?.id : undefined };
}
