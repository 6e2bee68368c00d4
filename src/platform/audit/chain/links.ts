import { createHash } from 'node:crypto';

/**
 * An audit event as the chain seals it: its fields in a fixed order, as the database holds them.
 * A tuple rather than an object because pages of a million events arrive this way (one JSON
 * array per event) and are serialised again the same way, with no renaming in between.
 */
export type SealedFields = [
  id: number,
  /** UTC, ISO 8601 with the six digits of microseconds PostgreSQL stores: 2026-03-02T09:00:00.123456Z. */
  at: string,
  laCode: string,
  userId: string | null,
  action: string,
  entityType: string,
  entityId: string | null,
  childId: string | null,
  childIds: string[] | null,
  ip: string | null,
  requestId: string | null,
  detail: unknown,
];

/** What the first seal of an LA links back to. */
export const genesisHash: Buffer = Buffer.alloc(32);

/**
 * JSON with no whitespace and every object's keys sorted by UTF-16 code unit, strings and numbers
 * as JSON.stringify writes them (RFC 8785's canonical form, for the values an event's detail
 * holds). The same detail, however its keys were ordered when stored, always reads the same.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k])}`).join(',')}}`;
}

/**
 * One event as the text its link hashes: a JSON array of id, at, la_code, user_id, action,
 * entity_type, entity_id, child_id, child_ids, ip, request_id and detail, in that order, with
 * detail in canonical JSON. JSON's quoting keeps fields apart, so no two events read the same.
 */
export function canonicalEvent(e: SealedFields): string {
  const [id, at, laCode, userId, action, entityType, entityId, childId, childIds, ip, requestId, detail] = e;
  const head = JSON.stringify([
    id,
    at,
    laCode,
    userId,
    action,
    entityType,
    entityId,
    childId,
    childIds,
    ip,
    requestId,
  ]);
  return `${head.slice(0, -1)},${canonicalJson(detail)}]`;
}

/** hash = SHA-256(previous hash (32 bytes) || the event's canonical text (UTF-8)). */
export function linkHash(previous: Uint8Array, e: SealedFields): Buffer {
  return createHash('sha256').update(previous).update(canonicalEvent(e)).digest();
}
