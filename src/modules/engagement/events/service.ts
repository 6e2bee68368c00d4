import { z } from 'zod';
import { recordAuditEvent } from '../../../platform/audit/index.ts';
import { randomToken, sha256 } from '../../../platform/auth/secrets.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { inTenant, type Tx } from '../../../platform/db/tenancy.ts';
import { type FieldError, notFound } from '../../../platform/http/problem.ts';
import { fieldErrors } from '../../../platform/http/validation.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { whenText } from '../../../platform/kernel/london-time.ts';
import type { PublicLa } from '../../../platform/las/public-la.ts';
import { type NewNotification, queueNotifications } from '../../../platform/notifications/index.ts';
import { audit, authorise, type EngagementContext, transaction } from '../context.ts';
import { type Audience, audiences } from '../domain/audiences.ts';
import { type BookingState, bookingState, placeFor, promotions } from '../domain/events.ts';
import { type EventForm, eventSchema, toWrite } from './form.ts';
import * as repo from './repo.ts';

/**
 * Events and focus groups: the LA's officers set them up; anyone books a place online (or joins
 * the queue when it is full) and gets a link of their own to cancel, add it to their calendar and
 * say afterwards how it went. A place given up goes to the first in the queue, who is told.
 */

export type { BookingRow, EventRow } from './repo.ts';

export const bookingSchema = z.object({
  name: z
    .string({ error: 'Enter your name' })
    .trim()
    .min(1, 'Enter your name')
    .max(200, 'Your name must be 200 characters or fewer'),
  email: z
    .string({ error: 'Enter your email address' })
    .trim()
    .min(1, 'Enter your email address')
    .max(320, 'The email address must be 320 characters or fewer')
    .pipe(z.email('Enter an email address in the correct format, like name@example.com')),
  phone: z
    .string()
    .trim()
    .max(40, 'The phone number must be 40 characters or fewer')
    .refine((s) => s === '' || /^[0-9+() -]{7,}$/.test(s), 'Enter a phone number, like 01603 222222')
    .default(''),
  organisation: z
    .string()
    .trim()
    .max(200, 'The school or organisation must be 200 characters or fewer')
    .default(''),
  audience: z.enum(audiences, { error: 'Say who you are coming as' }),
  needs: z.string().trim().max(2000, 'What you need must be 2,000 characters or fewer').default(''),
});
export type BookingInput = z.input<typeof bookingSchema>;

export interface EventView {
  event: repo.EventRow;
  state: BookingState;
  when: string;
}

const view = (event: repo.EventRow, now: Date): EventView => ({
  event,
  state: bookingState(event, event.booked, now),
  when: whenText(event.startsAt, event.endsAt),
});

const linkOf = (publicUrl: string | undefined, token: string) =>
  `${publicUrl ?? ''}/events/bookings/${token}`;

/** Upcoming events the public can book, soonest first. */
export async function publicEvents(
  database: Database,
  la: PublicLa,
  now: Date,
  audience: Audience | undefined,
): Promise<EventView[]> {
  const rows = await inTenant(database.db, { laCode: la.code, userId: null }, (tx) =>
    repo.events(tx, la.code, { from: now, publishedOnly: true, audience }),
  );
  return rows.map((e) => view(e, now));
}

export async function publicEvent(
  database: Database,
  la: PublicLa,
  id: string,
  now: Date,
): Promise<EventView> {
  const e = isUuid(id)
    ? await inTenant(database.db, { laCode: la.code, userId: null }, (tx) => repo.event(tx, la.code, id))
    : undefined;
  if (!e || e.status === 'draft')
    throw notFound('There is no event at this address. It may have been taken down.');
  return view(e, now);
}

export type BookOutcome =
  | {
      ok: true;
      placement: 'booked' | 'waiting';
      token: string;
      bookingId: string;
      queuePosition: number | null;
    }
  | { ok: false; status: 400 | 409 | 422; errors: FieldError[] };

interface Booker {
  laCode: string;
  userId: string | null;
  now: Date;
  publicUrl: string | undefined;
}

/**
 * A place, or a place in the queue, in the event's own lock: two people booking the last place at
 * once get one place and one place in the queue, never two places.
 */
async function bookIn(tx: Tx, who: Booker, eventId: string, input: unknown): Promise<BookOutcome> {
  const parsed = bookingSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error) };
  const b = parsed.data;
  const e = await repo.event(tx, who.laCode, eventId, true);
  if (!e || e.status === 'draft')
    throw notFound('There is no event at this address. It may have been taken down.');
  const state = bookingState(e, e.booked, who.now);
  if (state === 'cancelled')
    return {
      ok: false,
      status: 422,
      errors: [{ field: 'name', message: 'This event has been cancelled: it takes no bookings' }],
    };
  if (state === 'started')
    return {
      ok: false,
      status: 422,
      errors: [{ field: 'name', message: 'This event has started: bookings are closed' }],
    };
  if (await repo.activeBookingFor(tx, e.id, b.email))
    return {
      ok: false,
      status: 409,
      errors: [
        {
          field: 'email',
          message: `${b.email} already has a place (or a place in the queue) for this event: use the link in the email we sent to change it`,
        },
      ],
    };
  const placement = placeFor(e.capacity, e.booked);
  const bookingId = await repo.insertBooking(tx, who.laCode, {
    eventId: e.id,
    ...b,
    status: placement,
    at: who.now,
    userId: who.userId,
  });
  const token = randomToken();
  await repo.insertLinks(tx, who.laCode, [{ bookingId, tokenHash: sha256(token) }], who.now);
  const queuePosition = placement === 'waiting' ? e.waiting + 1 : null;
  const when = whenText(e.startsAt, e.endsAt);
  await queueNotifications(tx, [
    {
      laCode: who.laCode,
      kind: 'engagement.booking',
      toEmail: b.email,
      toName: b.name,
      subject: placement === 'booked' ? `Your place: ${e.title}` : `You are on the waiting list: ${e.title}`,
      body: [
        `Dear ${b.name},`,
        '',
        placement === 'booked'
          ? `You have a place at ${e.title}, ${when}, at ${e.venueName}.`
          : `${e.title} (${when}) is full. You are number ${queuePosition} on its waiting list: we will email you if a place comes up.`,
        '',
        `To see your booking, add it to your calendar or cancel it: ${linkOf(who.publicUrl, token)}`,
        '',
        e.contact ? `Questions: ${e.contact}` : '',
      ].join('\n'),
      sensitive: true,
      createdBy: who.userId,
    },
  ]);
  await recordAuditEvent(tx, {
    laCode: who.laCode,
    userId: who.userId,
    action: placement === 'booked' ? 'engagement.booking.made' : 'engagement.booking.queued',
    entityType: 'eng_booking',
    entityId: bookingId,
    detail: { eventId: e.id },
  });
  return { ok: true, placement, token, bookingId, queuePosition };
}

export function book(
  database: Database,
  la: PublicLa,
  eventId: string,
  input: unknown,
  now: Date,
  publicUrl: string | undefined,
): Promise<BookOutcome> {
  if (!isUuid(eventId)) throw notFound('There is no event at this address. It may have been taken down.');
  return inTenant(database.db, { laCode: la.code, userId: null }, (tx) =>
    bookIn(tx, { laCode: la.code, userId: null, now, publicUrl }, eventId, input),
  );
}

/** An officer books someone who rang or wrote in. */
export async function bookFor(
  ctx: EngagementContext,
  eventId: string,
  input: unknown,
  publicUrl: string | undefined,
): Promise<BookOutcome> {
  authorise(ctx, 'engagement:manage');
  if (!isUuid(eventId)) throw notFound('There is no event with this ID.');
  return transaction(ctx, (tx) =>
    bookIn(
      tx,
      { laCode: ctx.principal.laCode, userId: ctx.principal.userId, now: ctx.now, publicUrl },
      eventId,
      input,
    ),
  );
}

/** Gives the places free now to the first in the queue, and tells each of them. */
async function moveQueueUp(
  tx: Tx,
  laCode: string,
  eventId: string,
  now: Date,
  publicUrl: string | undefined,
  by: string | null,
) {
  const e = await repo.event(tx, laCode, eventId);
  if (e?.status !== 'published' || now >= e.startsAt) return [];
  const waiting = await repo.queue(tx, laCode, eventId);
  const ids = promotions(
    e.capacity,
    e.booked,
    waiting.map((w) => w.id),
  );
  await repo.givePlaces(tx, laCode, ids, now);
  const moved = waiting.filter((w) => ids.includes(w.id));
  const links = moved.map((m) => ({ bookingId: m.id, token: randomToken() }));
  await repo.insertLinks(
    tx,
    laCode,
    links.map((l) => ({ bookingId: l.bookingId, tokenHash: sha256(l.token) })),
    now,
  );
  await queueNotifications(
    tx,
    moved.map(
      (m, i): NewNotification => ({
        laCode,
        kind: 'engagement.booking',
        toEmail: m.email,
        toName: m.name,
        subject: `A place has come up for you: ${e.title}`,
        body: [
          `Dear ${m.name},`,
          '',
          `A place has come up at ${e.title}, ${whenText(e.startsAt, e.endsAt)}, at ${e.venueName}, and it is yours.`,
          '',
          `If you can no longer come, please cancel so that someone else can have it: ${linkOf(publicUrl, links[i]?.token ?? '')}`,
        ].join('\n'),
        sensitive: true,
        createdBy: by,
      }),
    ),
  );
  return moved;
}

export type CancelOutcome = { ok: true; promoted: number } | { ok: false; status: 409; message: string };

async function cancelIn(
  tx: Tx,
  laCode: string,
  booking: repo.BookingRow,
  now: Date,
  publicUrl: string | undefined,
  by: string | null,
): Promise<CancelOutcome> {
  // The event's lock first, as a booking takes it, so a cancellation and a booking never cross.
  const e = await repo.event(tx, laCode, booking.eventId, true);
  if (!e) throw notFound('There is no event with this ID.');
  if (!(await repo.cancelBooking(tx, laCode, booking.id, now)))
    return { ok: false, status: 409, message: 'This booking was already cancelled' };
  const moved = booking.status === 'booked' ? await moveQueueUp(tx, laCode, e.id, now, publicUrl, by) : [];
  await recordAuditEvent(tx, {
    laCode,
    userId: by,
    action: 'engagement.booking.cancelled',
    entityType: 'eng_booking',
    entityId: booking.id,
    detail: { eventId: e.id, promoted: moved.map((m) => m.id) },
  });
  return { ok: true, promoted: moved.length };
}

export interface BookingView {
  booking: repo.BookingRow;
  event: EventView;
  /** Whether the person may say how it went: after the event, on a place they had. */
  feedbackOpen: boolean;
}

async function byLink(tx: Tx, laCode: string, token: string, now: Date): Promise<BookingView> {
  const booking = /^[A-Za-z0-9_-]{20,100}$/.test(token)
    ? await repo.bookingByToken(tx, laCode, sha256(token))
    : undefined;
  if (!booking)
    throw notFound('This booking link does not work. Check it is the whole link from the email we sent you.');
  const e = await repo.event(tx, laCode, booking.eventId);
  if (!e) throw notFound('This booking link does not work.');
  return {
    booking,
    event: view(e, now),
    feedbackOpen:
      booking.status === 'booked' &&
      booking.attended !== false &&
      now >= e.endsAt &&
      e.status === 'published',
  };
}

export function bookingByLink(
  database: Database,
  la: PublicLa,
  token: string,
  now: Date,
): Promise<BookingView> {
  return inTenant(database.db, { laCode: la.code, userId: null }, (tx) => byLink(tx, la.code, token, now));
}

export function cancelByLink(
  database: Database,
  la: PublicLa,
  token: string,
  now: Date,
  publicUrl: string | undefined,
): Promise<CancelOutcome> {
  return inTenant(database.db, { laCode: la.code, userId: null }, async (tx) => {
    const v = await byLink(tx, la.code, token, now);
    if (now >= v.event.event.startsAt)
      return { ok: false, status: 409, message: 'This event has started: a booking cannot be cancelled now' };
    return cancelIn(tx, la.code, v.booking, now, publicUrl, null);
  });
}

export const feedbackSchema = z.object({
  rating: z.coerce
    .number({ error: 'Choose how good the event was, from 1 to 5' })
    .int('Choose how good the event was, from 1 to 5')
    .min(1, 'Choose how good the event was, from 1 to 5')
    .max(5, 'Choose how good the event was, from 1 to 5'),
  comment: z.string().trim().max(2000, 'Your comments must be 2,000 characters or fewer').default(''),
});

export function feedbackByLink(
  database: Database,
  la: PublicLa,
  token: string,
  input: unknown,
  now: Date,
): Promise<{ ok: true } | { ok: false; status: 400 | 409 | 422; errors: FieldError[] }> {
  return inTenant(database.db, { laCode: la.code, userId: null }, async (tx) => {
    const v = await byLink(tx, la.code, token, now);
    if (!v.feedbackOpen)
      return {
        ok: false,
        status: 422,
        errors: [
          {
            field: 'rating',
            message: 'You can tell us how it went once the event is over, if you had a place',
          },
        ],
      };
    const parsed = feedbackSchema.safeParse(input);
    if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error) };
    const added = await repo.insertFeedback(tx, la.code, {
      eventId: v.booking.eventId,
      bookingId: v.booking.id,
      ...parsed.data,
      at: now,
    });
    if (!added)
      return {
        ok: false,
        status: 409,
        errors: [{ field: 'rating', message: 'You have already told us how it went: thank you' }],
      };
    return { ok: true };
  });
}

// Officers' side.

export async function eventList(ctx: EngagementContext): Promise<EventView[]> {
  authorise(ctx, 'engagement:manage');
  const rows = await transaction(ctx, (tx) => repo.events(tx, ctx.principal.laCode, {}));
  return rows.map((e) => view(e, ctx.now));
}

export async function eventForOfficer(
  ctx: EngagementContext,
  id: string,
): Promise<EventView & { bookings: repo.BookingRow[] }> {
  authorise(ctx, 'engagement:manage');
  if (!isUuid(id)) throw notFound('There is no event with this ID.');
  return transaction(ctx, async (tx) => {
    const e = await repo.event(tx, ctx.principal.laCode, id);
    if (!e) throw notFound('There is no event with this ID.');
    const list = await repo.bookings(tx, ctx.principal.laCode, id);
    await audit(tx, ctx, {
      action: 'engagement.bookings.read',
      entityType: 'eng_event',
      entityId: id,
      childId: null,
    });
    return { ...view(e, ctx.now), bookings: list };
  });
}

export type SaveOutcome =
  | { ok: true; id: string }
  | { ok: false; status: 400 | 409 | 422; errors: FieldError[] };

export async function saveEvent(
  ctx: EngagementContext,
  id: string | null,
  input: EventForm,
  publicUrl: string | undefined,
): Promise<SaveOutcome> {
  authorise(ctx, 'engagement:manage');
  const parsed = eventSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error) };
  const w = toWrite(parsed.data);
  if (!w.ok) return { ok: false, status: 400, errors: w.errors };
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx): Promise<SaveOutcome> => {
    if (id === null) {
      const newId = await repo.insertEvent(tx, laCode, w.write, userId);
      await audit(tx, ctx, {
        action: 'engagement.event.created',
        entityType: 'eng_event',
        entityId: newId,
        childId: null,
      });
      return { ok: true, id: newId };
    }
    if (!isUuid(id)) throw notFound('There is no event with this ID.');
    const e = await repo.event(tx, laCode, id, true);
    if (!e) throw notFound('There is no event with this ID.');
    if (e.status === 'cancelled')
      return {
        ok: false,
        status: 422,
        errors: [{ field: 'title', message: 'This event has been cancelled: it cannot be changed' }],
      };
    if (w.write.capacity < e.booked)
      return {
        ok: false,
        status: 422,
        errors: [
          {
            field: 'capacity',
            message: `${e.booked} people have places: the capacity cannot be fewer than ${e.booked} unless some cancel first`,
          },
        ],
      };
    if (e.booked + e.waiting > 0 && w.write.status === 'draft')
      return {
        ok: false,
        status: 422,
        errors: [
          {
            field: 'status',
            message: 'People have booked this event: it cannot go back to a draft. Cancel it instead',
          },
        ],
      };
    if (!(await repo.updateEvent(tx, laCode, id, parsed.data.version, w.write)))
      return {
        ok: false,
        status: 409,
        errors: [
          {
            field: 'title',
            message: 'Someone changed this event since you opened it. Reload it and make your change again',
          },
        ],
      };
    // More places: the queue moves up at once.
    const moved = await moveQueueUp(tx, laCode, id, ctx.now, publicUrl, userId);
    await audit(tx, ctx, {
      action: 'engagement.event.changed',
      entityType: 'eng_event',
      childId: null,
      entityId: id,
      detail: { promoted: moved.length },
    });
    return { ok: true, id };
  });
}

export const cancelEventSchema = z.object({
  reason: z
    .string({ error: 'Say why the event is cancelled' })
    .trim()
    .min(1, 'Say why the event is cancelled: the people booked are told')
    .max(1000, 'The reason must be 1,000 characters or fewer'),
});

export async function cancelEvent(
  ctx: EngagementContext,
  id: string,
  input: unknown,
): Promise<{ ok: true; told: number } | { ok: false; status: 400 | 409; errors: FieldError[] }> {
  authorise(ctx, 'engagement:manage');
  if (!isUuid(id)) throw notFound('There is no event with this ID.');
  const parsed = cancelEventSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error) };
  const { laCode, userId } = ctx.principal;
  return transaction(ctx, async (tx) => {
    const e = await repo.event(tx, laCode, id, true);
    if (!e) throw notFound('There is no event with this ID.');
    if (!(await repo.cancelEvent(tx, laCode, id, parsed.data.reason)))
      return {
        ok: false,
        status: 409,
        errors: [{ field: 'reason', message: 'This event was already cancelled' }],
      };
    const people = (await repo.bookings(tx, laCode, id)).filter((b) => b.status !== 'cancelled');
    await queueNotifications(
      tx,
      people.map((b) => ({
        laCode,
        kind: 'engagement.event-cancelled',
        toEmail: b.email,
        toName: b.name,
        subject: `Cancelled: ${e.title}`,
        body: [
          `Dear ${b.name},`,
          '',
          `We are sorry: ${e.title}, ${whenText(e.startsAt, e.endsAt)}, has been cancelled.`,
          '',
          parsed.data.reason,
          '',
          e.contact ? `Questions: ${e.contact}` : '',
        ].join('\n'),
        createdBy: userId,
      })),
    );
    await audit(tx, ctx, {
      action: 'engagement.event.cancelled',
      entityType: 'eng_event',
      childId: null,
      entityId: id,
      detail: { told: people.length },
    });
    return { ok: true, told: people.length };
  });
}

export async function cancelForSomeone(
  ctx: EngagementContext,
  eventId: string,
  bookingId: string,
  publicUrl: string | undefined,
): Promise<CancelOutcome> {
  authorise(ctx, 'engagement:manage');
  if (!isUuid(eventId) || !isUuid(bookingId)) throw notFound('There is no booking with this ID.');
  return transaction(ctx, async (tx) => {
    const b = await repo.bookingById(tx, ctx.principal.laCode, bookingId);
    if (!b || b.eventId !== eventId) throw notFound('There is no booking with this ID.');
    return cancelIn(tx, ctx.principal.laCode, b, ctx.now, publicUrl, ctx.principal.userId);
  });
}

export const attendanceSchema = z.object({
  attended: z
    .union([z.uuid('Choose people from the list'), z.array(z.uuid('Choose people from the list'))])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

export async function recordAttendance(
  ctx: EngagementContext,
  eventId: string,
  input: unknown,
): Promise<{ ok: true; marked: number } | { ok: false; status: 400 | 422; errors: FieldError[] }> {
  authorise(ctx, 'engagement:manage');
  if (!isUuid(eventId)) throw notFound('There is no event with this ID.');
  const parsed = attendanceSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error) };
  return transaction(ctx, async (tx) => {
    const e = await repo.event(tx, ctx.principal.laCode, eventId, true);
    if (!e) throw notFound('There is no event with this ID.');
    if (ctx.now < e.startsAt)
      return {
        ok: false,
        status: 422,
        errors: [{ field: 'attended', message: 'Who came can be recorded once the event has begun' }],
      };
    const marked = await repo.setAttendance(tx, ctx.principal.laCode, eventId, parsed.data.attended);
    await audit(tx, ctx, {
      action: 'engagement.attendance.recorded',
      entityType: 'eng_event',
      childId: null,
      entityId: eventId,
      detail: { attended: parsed.data.attended.length, marked },
    });
    return { ok: true, marked };
  });
}
