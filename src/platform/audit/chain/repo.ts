import { sql } from 'kysely';
import type { Tx } from '../../db/tenancy.ts';
import type { Seal } from './check.ts';
import type { SealedFields } from './links.ts';

interface AuditSealsTable {
  la_code: string;
  seq: number;
  event_id: number;
  prev_hash: Uint8Array;
  hash: Uint8Array;
}

const sealsOf = (tx: Tx) => tx.withTables<{ audit_seals: AuditSealsTable }>();

/**
 * Keyset pages must walk the (la_code, id) and (la_code, seq) indexes in order. PGlite never
 * gathers planner statistics (it runs no autovacuum), and with none the planner guesses an LA
 * holds a thousand events, so it fetches every later one, sorts them and keeps the first page:
 * a million-event log then takes minutes to read instead of seconds. These settings last until
 * the transaction ends.
 */
async function walkInOrder(tx: Tx): Promise<void> {
  await sql`SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true)`.execute(
    tx,
  );
}

/**
 * Each LA event with id in (after, upTo], in id order, at most `limit`. A page comes back as one
 * JSON array of arrays: a row per event would cost PGlite more to hand over than the hashing.
 * `at` is written in UTC with all six digits of its microseconds, whatever the session's time zone.
 */
export async function eventsPage(
  tx: Tx,
  laCode: string,
  after: number,
  upTo: number,
  limit: number,
): Promise<SealedFields[]> {
  await walkInOrder(tx);
  const r = await sql<{ page: string | null }>`
    SELECT json_agg(json_build_array(e.id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      e.la_code, e.user_id, e.action, e.entity_type, e.entity_id, e.child_id, e.child_ids, e.ip, e.request_id,
      e.detail) ORDER BY e.id)::text AS page
    FROM (SELECT * FROM audit_events
      WHERE la_code = ${laCode} AND id > ${after} AND id <= ${upTo}
      ORDER BY id LIMIT ${limit}) e`.execute(tx);
  const page = r.rows[0]?.page;
  return page ? (JSON.parse(page) as SealedFields[]) : [];
}

/** The LA's seals with seq in (after, upTo], in chain order, at most `limit`; one JSON text as for events. */
export async function sealsPage(
  tx: Tx,
  laCode: string,
  after: number,
  upTo: number,
  limit: number,
): Promise<Seal[]> {
  await walkInOrder(tx);
  const r = await sql<{ page: string | null }>`
    SELECT json_agg(json_build_array(s.seq, s.event_id, encode(s.prev_hash, 'hex'), encode(s.hash, 'hex'))
      ORDER BY s.seq)::text AS page
    FROM (SELECT * FROM audit_seals
      WHERE la_code = ${laCode} AND seq > ${after} AND seq <= ${upTo}
      ORDER BY seq LIMIT ${limit}) s`.execute(tx);
  const page = r.rows[0]?.page;
  if (!page) return [];
  return (JSON.parse(page) as [number, number, string, string][]).map(([seq, eventId, prevHash, hash]) => ({
    seq,
    eventId,
    prevHash,
    hash,
  }));
}

export interface HeadRow {
  seq: number;
  eventId: number;
  hash: string;
  sealedAt: Date;
}

/** The LA's newest seal: where its chain ends. */
export async function chainHead(tx: Tx, laCode: string): Promise<HeadRow | undefined> {
  const r = await sql<{ seq: number | string; event_id: number | string; hash: string; sealed_at: Date }>`
    SELECT seq, event_id, encode(hash, 'hex') AS hash, sealed_at FROM audit_seals
    WHERE la_code = ${laCode} ORDER BY seq DESC LIMIT 1`.execute(tx);
  const row = r.rows[0];
  return row
    ? { seq: Number(row.seq), eventId: Number(row.event_id), hash: row.hash, sealedAt: row.sealed_at }
    : undefined;
}

export interface NewSeal {
  laCode: string;
  seq: number;
  eventId: number;
  prevHash: Uint8Array;
  hash: Uint8Array;
}

export async function insertSeals(tx: Tx, seals: readonly NewSeal[]): Promise<void> {
  if (!seals.length) return;
  await sealsOf(tx)
    .insertInto('audit_seals')
    .values(
      seals.map((s) => ({
        la_code: s.laCode,
        seq: s.seq,
        event_id: s.eventId,
        prev_hash: s.prevHash,
        hash: s.hash,
      })),
    )
    .execute();
}

/** Events of the LA after its last sealed one: how many, and when the oldest was recorded. */
export async function unsealedEvents(
  tx: Tx,
  laCode: string,
  afterEventId: number,
): Promise<{ count: number; oldestAt: Date | null }> {
  const r = await sql<{ n: number; oldest: Date | null }>`
    SELECT count(*)::int AS n, min(at) AS oldest FROM audit_events
    WHERE la_code = ${laCode} AND id > ${afterEventId}`.execute(tx);
  return { count: r.rows[0]?.n ?? 0, oldestAt: r.rows[0]?.oldest ?? null };
}

/**
 * Takes the LA's chain for the rest of the transaction, or says another sealer (another app
 * process) has it. Sealers never wait on each other, and requests never take this lock.
 */
export async function takeChain(tx: Tx, laCode: string): Promise<boolean> {
  const r = await sql<{ taken: boolean }>`
    SELECT pg_try_advisory_xact_lock(hashtextextended('opensend.audit-chain.' || ${laCode}, 0)) AS taken`.execute(
    tx,
  );
  return r.rows[0]?.taken === true;
}

/** The last event id the sequence has handed out, to any LA, committed or not; 0 before the first. */
export async function idsHandedOut(tx: Tx): Promise<number> {
  const r = await sql<{ last: number | string | null }>`
    SELECT pg_sequence_last_value(pg_get_serial_sequence('audit_events', 'id')::regclass) AS last`.execute(
    tx,
  );
  return Number(r.rows[0]?.last ?? 0);
}

/**
 * Other transactions holding a lock on audit_events that lets them write to it (every lock but
 * a reader's), granted or waited for, by virtual transaction id.
 */
export async function eventWriters(tx: Tx): Promise<string[]> {
  const r = await sql<{ vxid: string }>`
    SELECT DISTINCT virtualtransaction AS vxid FROM pg_locks
    WHERE locktype = 'relation'
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND relation = 'audit_events'::regclass
      AND mode <> 'AccessShareLock'
      AND pid IS DISTINCT FROM pg_backend_pid()`.execute(tx);
  return r.rows.map((row) => row.vxid);
}
