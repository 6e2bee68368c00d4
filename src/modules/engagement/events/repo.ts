import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { Audience } from '../domain/audiences.ts';

/** Events, the places booked on them and the queue for places, and what people said after. */

export type EventKind = 'focus-group' | 'training' | 'briefing' | 'conference' | 'drop-in';
export type EventStatus = 'draft' | 'published' | 'cancelled';

export interface EventRow {
  id: string;
  kind: EventKind;
  title: string;
  summary: string;
  audiences: Audience[];
  venueName: string;
  venueAddress: string;
  venuePostcode: string;
  accessibility: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  contact: string;
  status: EventStatus;
  cancelledReason: string;
  version: number;
  booked: number;
  waiting: number;
  attended: number;
  feedback: number;
  meanRating: number | null;
}

export interface EventWrite {
  kind: EventKind;
  title: string;
  summary: string;
  audiences: Audience[];
  venueName: string;
  venueAddress: string;
  venuePostcode: string;
  accessibility: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  contact: string;
  status: 'draft' | 'published';
}

const eventColumns = sql`e.id, e.kind, e.title, e.summary, e.audiences, e.venue_name AS "venueName",
  e.venue_address AS "venueAddress", e.venue_postcode AS "venuePostcode", e.accessibility,
  e.starts_at AS "startsAt", e.ends_at AS "endsAt", e.capacity, e.contact, e.status,
  e.cancelled_reason AS "cancelledReason", e.version,
  (SELECT count(*) FROM eng_bookings b WHERE b.event_id = e.id AND b.status = 'booked')::int AS booked,
  (SELECT count(*) FROM eng_bookings b WHERE b.event_id = e.id AND b.status = 'waiting')::int AS waiting,
  (SELECT count(*) FROM eng_bookings b WHERE b.event_id = e.id AND b.attended)::int AS attended,
  (SELECT count(*) FROM eng_event_feedback f WHERE f.event_id = e.id)::int AS feedback,
  (SELECT round(avg(f.rating), 1)::float8 FROM eng_event_feedback f WHERE f.event_id = e.id) AS "meanRating"`;

export async function events(
  tx: Tx,
  laCode: string,
  f: { from?: Date | undefined; publishedOnly?: boolean; audience?: Audience | undefined },
): Promise<EventRow[]> {
  const r = await sql<EventRow>`SELECT ${eventColumns} FROM eng_events e
    WHERE e.la_code = ${laCode}
      ${f.from ? sql`AND e.ends_at >= ${f.from}` : sql``}
      ${f.publishedOnly ? sql`AND e.status = 'published'` : sql``}
      ${f.audience ? sql`AND ${f.audience} = ANY (e.audiences)` : sql``}
    ORDER BY e.starts_at, e.title LIMIT 2000`.execute(tx);
  return r.rows;
}

export async function event(
  tx: Tx,
  laCode: string,
  id: string,
  forUpdate = false,
): Promise<EventRow | undefined> {
  // The row lock orders bookings and cancellations of one event, so places are never over-given.
  if (forUpdate)
    await sql`SELECT 1 FROM eng_events WHERE la_code = ${laCode} AND id = ${id} FOR UPDATE`.execute(tx);
  const r = await sql<EventRow>`SELECT ${eventColumns} FROM eng_events e
    WHERE e.la_code = ${laCode} AND e.id = ${id}`.execute(tx);
  return r.rows[0];
}

export async function insertEvent(tx: Tx, laCode: string, w: EventWrite, by: string | null): Promise<string> {
  const r = await sql<{ id: string }>`INSERT INTO eng_events (la_code, kind, title, summary, audiences,
      venue_name, venue_address, venue_postcode, accessibility, starts_at, ends_at, capacity, contact, status, created_by)
    VALUES (${laCode}, ${w.kind}, ${w.title}, ${w.summary}, ${sql.val(w.audiences)}::text[], ${w.venueName},
      ${w.venueAddress}, ${w.venuePostcode}, ${w.accessibility}, ${w.startsAt}, ${w.endsAt}, ${w.capacity},
      ${w.contact}, ${w.status}, ${by})
    RETURNING id`.execute(tx);
  return r.rows[0]?.id ?? '';
}

export async function updateEvent(tx: Tx, laCode: string, id: string, version: number, w: EventWrite) {
  const r = await sql`UPDATE eng_events SET kind = ${w.kind}, title = ${w.title}, summary = ${w.summary},
      audiences = ${sql.val(w.audiences)}::text[], venue_name = ${w.venueName}, venue_address = ${w.venueAddress},
      venue_postcode = ${w.venuePostcode}, accessibility = ${w.accessibility}, starts_at = ${w.startsAt},
      ends_at = ${w.endsAt}, capacity = ${w.capacity}, contact = ${w.contact}, status = ${w.status},
      version = version + 1
    WHERE la_code = ${laCode} AND id = ${id} AND version = ${version} AND status <> 'cancelled'`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function cancelEvent(tx: Tx, laCode: string, id: string, reason: string) {
  const r =
    await sql`UPDATE eng_events SET status = 'cancelled', cancelled_reason = ${reason}, version = version + 1
    WHERE la_code = ${laCode} AND id = ${id} AND status <> 'cancelled'`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export interface BookingRow {
  id: string;
  eventId: string;
  name: string;
  email: string;
  phone: string;
  organisation: string;
  audience: Audience;
  needs: string;
  status: 'booked' | 'waiting' | 'cancelled';
  queuedAt: Date;
  bookedAt: Date | null;
  cancelledAt: Date | null;
  attended: boolean | null;
  /** Place in the queue (1 is next), for a booking that is waiting. */
  queuePosition: number | null;
  rating: number | null;
  comment: string | null;
}

const bookingColumns = sql`b.id, b.event_id AS "eventId", b.name, b.email, b.phone, b.organisation, b.audience,
  b.needs, b.status, b.queued_at AS "queuedAt", b.booked_at AS "bookedAt", b.cancelled_at AS "cancelledAt",
  b.attended,
  CASE WHEN b.status = 'waiting' THEN (SELECT count(*) FROM eng_bookings q WHERE q.event_id = b.event_id
    AND q.status = 'waiting' AND q.seq <= b.seq)::int END AS "queuePosition",
  f.rating, f.comment`;

export async function bookings(tx: Tx, laCode: string, eventId: string): Promise<BookingRow[]> {
  const r = await sql<BookingRow>`SELECT ${bookingColumns} FROM eng_bookings b
    LEFT JOIN eng_event_feedback f ON f.booking_id = b.id
    WHERE b.la_code = ${laCode} AND b.event_id = ${eventId}
    ORDER BY CASE b.status WHEN 'booked' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, b.seq`.execute(tx);
  return r.rows;
}

export async function bookingByToken(
  tx: Tx,
  laCode: string,
  tokenHash: string,
): Promise<BookingRow | undefined> {
  const r = await sql<BookingRow>`SELECT ${bookingColumns} FROM eng_bookings b
    LEFT JOIN eng_event_feedback f ON f.booking_id = b.id
    WHERE b.la_code = ${laCode} AND b.id = (SELECT l.booking_id FROM eng_booking_links l
      WHERE l.la_code = ${laCode} AND l.token_hash = ${tokenHash})`.execute(tx);
  return r.rows[0];
}

export async function bookingById(tx: Tx, laCode: string, id: string): Promise<BookingRow | undefined> {
  const r = await sql<BookingRow>`SELECT ${bookingColumns} FROM eng_bookings b
    LEFT JOIN eng_event_feedback f ON f.booking_id = b.id
    WHERE b.la_code = ${laCode} AND b.id = ${id}`.execute(tx);
  return r.rows[0];
}

export async function activeBookingFor(tx: Tx, eventId: string, email: string): Promise<boolean> {
  const r =
    await sql`SELECT 1 FROM eng_bookings WHERE event_id = ${eventId} AND lower(email) = lower(${email})
    AND status <> 'cancelled'`.execute(tx);
  return r.rows.length > 0;
}

export async function insertBooking(
  tx: Tx,
  laCode: string,
  b: {
    eventId: string;
    name: string;
    email: string;
    phone: string;
    organisation: string;
    audience: Audience;
    needs: string;
    status: 'booked' | 'waiting';
    at: Date;
    userId: string | null;
  },
): Promise<string> {
  const r = await sql<{
    id: string;
  }>`INSERT INTO eng_bookings (la_code, event_id, name, email, phone, organisation,
      audience, needs, status, queued_at, booked_at, user_id)
    VALUES (${laCode}, ${b.eventId}, ${b.name}, ${b.email}, ${b.phone}, ${b.organisation}, ${b.audience}, ${b.needs},
      ${b.status}, ${b.at}, ${b.status === 'booked' ? b.at : null}, ${b.userId})
    RETURNING id`.execute(tx);
  return r.rows[0]?.id ?? '';
}

export async function cancelBooking(tx: Tx, laCode: string, id: string, at: Date): Promise<boolean> {
  const r = await sql`UPDATE eng_bookings SET status = 'cancelled', cancelled_at = ${at}
    WHERE la_code = ${laCode} AND id = ${id} AND status <> 'cancelled'`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

/** The queue for an event, first in first. */
export async function queue(tx: Tx, laCode: string, eventId: string): Promise<BookingRow[]> {
  return (await bookings(tx, laCode, eventId)).filter((b) => b.status === 'waiting');
}

export async function givePlaces(tx: Tx, laCode: string, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await sql`UPDATE eng_bookings SET status = 'booked', booked_at = ${at}
    WHERE la_code = ${laCode} AND id = ANY (${sql.val(ids)}::uuid[]) AND status = 'waiting'`.execute(tx);
}

export async function setAttendance(
  tx: Tx,
  laCode: string,
  eventId: string,
  attended: readonly string[],
): Promise<number> {
  const r = await sql`UPDATE eng_bookings SET attended = (id = ANY (${sql.val(attended)}::uuid[]))
    WHERE la_code = ${laCode} AND event_id = ${eventId} AND status = 'booked'`.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}

export async function insertFeedback(
  tx: Tx,
  laCode: string,
  f: { eventId: string; bookingId: string; rating: number; comment: string; at: Date },
): Promise<boolean> {
  const r =
    await sql`INSERT INTO eng_event_feedback (la_code, event_id, booking_id, rating, comment, received_at)
    VALUES (${laCode}, ${f.eventId}, ${f.bookingId}, ${f.rating}, ${f.comment}, ${f.at})
    ON CONFLICT (booking_id) DO NOTHING`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export interface Due {
  bookingId: string;
  name: string;
  email: string;
  eventId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  venueName: string;
  venueAddress: string;
}

const dueColumns = sql`b.id AS "bookingId", b.name, b.email, e.id AS "eventId", e.title, e.starts_at AS "startsAt",
  e.ends_at AS "endsAt", e.venue_name AS "venueName", e.venue_address AS "venueAddress"`;

/** Places on published events starting between the instants, not yet reminded. */
export async function remindersDue(tx: Tx, laCode: string, from: Date, to: Date): Promise<Due[]> {
  const r = await sql<Due>`SELECT ${dueColumns} FROM eng_bookings b JOIN eng_events e ON e.id = b.event_id
    WHERE b.la_code = ${laCode} AND b.status = 'booked' AND b.reminded_at IS NULL AND e.status = 'published'
      AND e.starts_at >= ${from} AND e.starts_at < ${to}
    ORDER BY e.starts_at, b.seq`.execute(tx);
  return r.rows;
}

/** Places on events that ended between the instants, where the person came (or was not marked absent). */
export async function feedbackDue(tx: Tx, laCode: string, from: Date, to: Date): Promise<Due[]> {
  const r = await sql<Due>`SELECT ${dueColumns} FROM eng_bookings b JOIN eng_events e ON e.id = b.event_id
    WHERE b.la_code = ${laCode} AND b.status = 'booked' AND b.attended IS DISTINCT FROM false
      AND b.feedback_asked_at IS NULL AND e.status = 'published' AND e.ends_at >= ${from} AND e.ends_at < ${to}
      AND NOT EXISTS (SELECT 1 FROM eng_event_feedback f WHERE f.booking_id = b.id)
    ORDER BY e.ends_at, b.seq`.execute(tx);
  return r.rows;
}

export async function markSent(
  tx: Tx,
  laCode: string,
  column: 'reminded_at' | 'feedback_asked_at',
  ids: readonly string[],
  at: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await sql`UPDATE eng_bookings SET ${sql.ref(column)} = ${at}
    WHERE la_code = ${laCode} AND id = ANY (${sql.val(ids)}::uuid[])`.execute(tx);
}

/** A link of its own for an email about a booking. */
export async function insertLinks(
  tx: Tx,
  laCode: string,
  links: readonly { bookingId: string; tokenHash: string }[],
  at: Date,
): Promise<void> {
  for (const l of links)
    await sql`INSERT INTO eng_booking_links (token_hash, la_code, booking_id, created_at)
      VALUES (${l.tokenHash}, ${laCode}, ${l.bookingId}, ${at})`.execute(tx);
}
