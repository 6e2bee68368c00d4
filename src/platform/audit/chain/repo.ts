import { sql } from 'kysely';
import type { Tx } from '../../db/tenancy.ts';
import type { Seal } from './check.ts';
import { type EventText, eventText } from './links.ts';

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
 * Every field of an event but detail as its canonical text writes them (links.ts): the array
 * opened, then each field and a comma. to_json escapes a string exactly as JSON.stringify does;
 * la_code (three digits), the ids and uuids, and `at` in UTC whatever the session's time zone, hold
 * nothing to escape. Written here rather than in JavaScript because, for a million events, making
 * the text is most of a check's work, and PostgreSQL does it for little more than reading the rows.
 */
const fieldsText = sql<string>`'[' || e.id || ',"' || to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
  || '","' || e.la_code || '",' || coalesce('"' || e.user_id || '"', 'null') || ','
  || to_json(e.action) || ',' || to_json(e.entity_type) || ',' || coalesce(to_json(e.entity_id)::text, 'null') || ','
  || coalesce('"' || e.child_id || '"', 'null') || ',' || coalesce(array_to_json(e.child_ids)::text, 'null') || ','
  || coalesce(to_json(e.ip)::text, 'null') || ',' || coalesce(to_json(e.request_id)::text, 'null') || ','`;

/**
 * Each LA event with id in (after, upTo], in id order, at most `limit`, as the chain hashes it. A
 * page comes back as one text, a line per event (JSON holds no raw line break or tab), with the
 * fields and the stored detail apart: a row per event would cost PGlite more to hand over than
 * the hashing.
 */
export async function eventsPage(
  tx: Tx,
  laCode: string,
  after: number,
  upTo: number,
  limit: number,
): Promise<EventText[]> {
  await walkInOrder(tx);
  const r = await sql<{ page: string | null }>`
    SELECT string_agg(${fieldsText} || E'\t' || coalesce(e.detail::text, 'null'), E'\n' ORDER BY e.id) AS page
    FROM (SELECT * FROM audit_events
      WHERE la_code = ${laCode} AND id > ${after} AND id <= ${upTo}
      ORDER BY id LIMIT ${limit}) e`.execute(tx);
  const page = r.rows[0]?.page;
  if (!page) return [];
  return page.split('\n').map((line) => {
    const tab = line.indexOf('\t');
    return {
      id: Number.parseInt(line.slice(1), 10),
      text: eventText(line.slice(0, tab), line.slice(tab + 1)),
    };
  });
}

/** The LA's seals with seq in (after, upTo], in chain order, at most `limit`; one text as for events. */
export async function sealsPage(
  tx: Tx,
  laCode: string,
  after: number,
  upTo: number,
  limit: number,
): Promise<Seal[]> {
  await walkInOrder(tx);
  const r = await sql<{ page: string | null }>`
    SELECT string_agg(s.seq || ',' || s.event_id || ',' || encode(s.prev_hash, 'hex') || ',' || encode(s.hash, 'hex'),
      E'\n' ORDER BY s.seq) AS page
    FROM (SELECT * FROM audit_seals
      WHERE la_code = ${laCode} AND seq > ${after} AND seq <= ${upTo}
      ORDER BY seq LIMIT ${limit}) s`.execute(tx);
  const page = r.rows[0]?.page;
  if (!page) return [];
  return page.split('\n').map((line) => {
    const [seq = '', eventId = '', prevHash = '', hash = ''] = line.split(',');
    return { seq: Number(seq), eventId: Number(eventId), prevHash, hash };
  });
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
  /** Hex. */
  prevHash: string;
  /** Hex. */
  hash: string;
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
        prev_hash: Buffer.from(s.prevHash, 'hex'),
        hash: Buffer.from(s.hash, 'hex'),
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
