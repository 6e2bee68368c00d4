import { createHash } from 'node:crypto';

/**
 * An audit event as the chain hashes it: its number, and its canonical text, a JSON array with no
 * whitespace of id, at (UTC, ISO 8601 with the six digits of microseconds PostgreSQL stores:
 * "2026-03-02T09:00:00.123456Z"), la_code, user_id, action, entity_type, entity_id, child_id,
 * child_ids, ip, request_id and detail, in that order, detail in canonical JSON. Strings are
 * escaped as JSON.stringify escapes them, so no two events read the same.
 */
export interface EventText {
  id: number;
  text: string;
}

/** What the first seal of an LA links back to: 32 zero bytes, in hex. */
export const genesisHash = '0'.repeat(64);

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
 * The canonical text from every field but detail, as the database writes them (the array opened
 * and each field followed by a comma), and detail as stored (JSON, or null).
 */
export function eventText(fields: string, detail: string): string {
  return `${fields}${detail === 'null' ? 'null' : canonicalJson(JSON.parse(detail))}]`;
}

/** hash = SHA-256(previous hash (32 bytes) || the event's canonical text (UTF-8)), in hex. */
export function linkHash(previousHex: string, text: string): string {
  return createHash('sha256').update(previousHex, 'hex').update(text).digest('hex');
}
