import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../src/platform/db/connect.ts';

/**
 * What one LA's audit log looks like after a year: mostly people reading and updating
 * children's records, some sign-ins and searches. Repeats weight the mix.
 */
const actionMix: [action: string, entityType: string, aboutChild: boolean][] = [
  ['child.viewed', 'child', true],
  ['child.viewed', 'child', true],
  ['child.viewed', 'child', true],
  ['child.viewed', 'child', true],
  ['child.viewed', 'child', true],
  ['child.updated', 'child', true],
  ['child.updated', 'child', true],
  ['ehcp.viewed', 'ehc-plan', true],
  ['ehcp.viewed', 'ehc-plan', true],
  ['ehcp.viewed', 'ehc-plan', true],
  ['ehcp.updated', 'ehc-plan', true],
  ['assessment-request.created', 'assessment-request', true],
  ['document.downloaded', 'document', true],
  ['document.downloaded', 'document', true],
  ['annual-review.recorded', 'annual-review', true],
  ['sign-in.succeeded', 'user', false],
  ['sign-in.succeeded', 'user', false],
  ['sign-in.succeeded', 'user', false],
  ['sign-out', 'user', false],
  ['audit.searched', 'audit-log', false],
];

export interface AuditVolume {
  /** Events in the LA being searched. */
  main: { laCode: string; events: number };
  /** Events in another LA: rows row-level security must keep out of every answer. */
  other: { laCode: string; events: number };
  /** Staff members per LA, on top of those already there, so events have many authors. */
  staffPerLa: number;
  /** Children per LA; a few have many events, most have a handful. */
  childrenPerLa: number;
  days: number;
}

/**
 * The id the generator gives a child of an LA: an md5 shaped as a version-4 UUID, as the SQL
 * below makes it, because the API accepts only RFC 4122 UUIDs as filters.
 */
export function childId(laCode: string, index: number): string {
  const h = createHash('md5').update(`${laCode}:child:${index}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// The SQL twin of childId(): both must shape the hash alike for a filter to find the child.
const uuidV4FromMd5 = (h: RawBuilder<unknown>) =>
  sql`(substr(${h}, 1, 8) || '-' || substr(${h}, 9, 4) || '-4' || substr(${h}, 14, 3) || '-8' || substr(${h}, 18, 3) || '-' || substr(${h}, 21, 12))::uuid`;

/**
 * Fills audit_events with one INSERT ... SELECT generate_series, as the table owner (no RLS).
 * The two LAs' events are interleaved in id order and spread evenly over `days` up to now,
 * as a live system writes them; ids grow with time. The same rows every run, apart from the
 * timestamps, which end at the moment of the run.
 */
export async function generateAuditEvents(database: Database, v: AuditVolume): Promise<void> {
  const { db } = database;
  await sql`INSERT INTO users (la_code, email, name, password_hash, roles)
    SELECT la.code, 'staff' || g || '.' || la.code || '@bench.example.org', 'Staff member ' || g || ' (' || la.code || ')',
      'not-a-password-hash', ARRAY['ehc_coordinator']
    FROM (VALUES (${v.main.laCode}::text), (${v.other.laCode}::text)) AS la(code), generate_series(1, ${v.staffPerLa}::int) AS g`.execute(
    db,
  );

  const total = v.main.events + v.other.events;
  // Every `every`-th event belongs to the other LA, which gives exactly the two counts asked for.
  const every = total / v.other.events;
  if (!Number.isInteger(every))
    throw new Error('main + other events must be a multiple of the other LA events');
  const mix = sql.join(
    actionMix.map(
      ([action, entityType, aboutChild], i) =>
        sql`(${i}::int, ${action}::text, ${entityType}::text, ${aboutChild}::boolean)`,
    ),
  );

  await sql`WITH staff AS (
      SELECT la_code, array_agg(id ORDER BY email) AS ids FROM users GROUP BY la_code
    ), mix(n, action, entity_type, about_child) AS (VALUES ${mix}),
    raw AS (
      SELECT g,
        CASE WHEN g % ${every}::int = 0 THEN ${v.other.laCode}::text ELSE ${v.main.laCode}::text END AS la_code,
        -- Cheap deterministic hashes stand in for random(): the same data every run.
        abs(hashint4(g)) AS h1, abs(hashint4(g + 1000000007)) AS h2
      FROM generate_series(1, ${total}::int) AS g
    )
    INSERT INTO audit_events (at, la_code, user_id, action, entity_type, entity_id, child_id, ip, request_id, detail)
    SELECT
      now() - make_interval(days => ${v.days}::int)
        + make_interval(secs => (raw.g::double precision / ${total}::int) * ${v.days}::int * 86400),
      raw.la_code,
      staff.ids[1 + raw.h1 % cardinality(staff.ids)],
      mix.action,
      mix.entity_type,
      CASE WHEN mix.about_child THEN child.id::text ELSE ${uuidV4FromMd5(sql`md5(raw.g::text)`)}::text END,
      CASE WHEN mix.about_child THEN child.id END,
      '10.' || (raw.h1 % 250) || '.' || (raw.h2 % 250) || '.' || (raw.g % 250),
      ${uuidV4FromMd5(sql`md5('request:' || raw.g)`)}::text,
      CASE WHEN mix.action LIKE '%.updated' THEN jsonb_build_object('fields', jsonb_build_array('name', 'school'))
        WHEN mix.action = 'audit.searched' THEN jsonb_build_object('limit', 50) ELSE NULL END
    FROM raw
    JOIN staff ON staff.la_code = raw.la_code
    JOIN mix ON mix.n = raw.h2 % ${actionMix.length}::int
    -- Squaring a uniform number skews towards low indexes: a few children with many events.
    CROSS JOIN LATERAL (
      SELECT ${uuidV4FromMd5(sql`md5(raw.la_code || ':child:' || floor(${v.childrenPerLa}::int * power((raw.h1 % 1000003) / 1000003.0, 2))::int)`)} AS id
    ) AS child`.execute(db);
}
