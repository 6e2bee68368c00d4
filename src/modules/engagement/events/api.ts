import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpProblem } from '../../../platform/http/problem.ts';
import { problemResponse } from '../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { engagementContext } from '../context.ts';
import { audiences } from '../domain/audiences.ts';
import { refusal } from '../forms.ts';
import { eventKinds } from './form.ts';
import type { BookingRow, EventRow } from './repo.ts';
import {
  bookFor,
  bookingSchema,
  cancelForSomeone,
  eventForOfficer,
  eventList,
  recordAttendance,
  saveEvent,
} from './service.ts';

/** Events for the LA's other systems: the list, one event with its bookings, booking, cancelling, who came. */

const eventJson = z.object({
  id: z.string(),
  kind: z.enum(eventKinds),
  title: z.string(),
  summary: z.string(),
  audiences: z.array(z.enum(audiences)),
  venue: z.object({ name: z.string(), address: z.string(), postcode: z.string(), accessibility: z.string() }),
  startsAt: z.string().describe('ISO 8601 instant'),
  endsAt: z.string().describe('ISO 8601 instant'),
  capacity: z.number().int(),
  contact: z.string(),
  status: z.enum(['draft', 'published', 'cancelled']),
  cancelledReason: z.string(),
  booked: z.number().int(),
  waiting: z.number().int(),
  attended: z.number().int(),
  feedback: z.number().int(),
  meanRating: z.number().nullable(),
  version: z.number().int(),
});

const bookingJson = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  organisation: z.string(),
  audience: z.enum(audiences),
  needs: z.string(),
  status: z.enum(['booked', 'waiting', 'cancelled']),
  queuePosition: z.number().int().nullable(),
  askedAt: z.string(),
  attended: z.boolean().nullable(),
  rating: z.number().int().nullable(),
  comment: z.string().nullable(),
});

const asEvent = (e: EventRow): z.infer<typeof eventJson> => ({
  id: e.id,
  kind: e.kind,
  title: e.title,
  summary: e.summary,
  audiences: e.audiences,
  venue: {
    name: e.venueName,
    address: e.venueAddress,
    postcode: e.venuePostcode,
    accessibility: e.accessibility,
  },
  startsAt: e.startsAt.toISOString(),
  endsAt: e.endsAt.toISOString(),
  capacity: e.capacity,
  contact: e.contact,
  status: e.status,
  cancelledReason: e.cancelledReason,
  booked: e.booked,
  waiting: e.waiting,
  attended: e.attended,
  feedback: e.feedback,
  meanRating: e.meanRating,
  version: e.version,
});

const asBooking = (b: BookingRow): z.infer<typeof bookingJson> => ({
  id: b.id,
  name: b.name,
  email: b.email,
  phone: b.phone,
  organisation: b.organisation,
  audience: b.audience,
  needs: b.needs,
  status: b.status,
  queuePosition: b.queuePosition,
  askedAt: b.queuedAt.toISOString(),
  attended: b.attended,
  rating: b.rating,
  comment: b.comment,
});

const eventBody = z.object({
  kind: z.enum(eventKinds),
  title: z.string().max(200),
  summary: z.string().max(4000),
  audiences: z.array(z.enum(audiences)).min(1),
  venueName: z.string().max(200),
  venueAddress: z.string().max(500).optional(),
  venuePostcode: z.string().max(10).optional(),
  accessibility: z.string().max(2000).optional(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be a day like 2027-11-08'),
  starts: z.string().describe('London time, 24-hour clock: 13:30'),
  ends: z.string().describe('London time, 24-hour clock: 16:30'),
  capacity: z.number().int(),
  contact: z.string().max(300).optional(),
  status: z.enum(['draft', 'published']),
  version: z.number().int().min(0).optional().describe('The version read, when changing an event'),
});

/** The API's day as the form's three boxes, so both go through one set of checks. */
const asForm = (b: z.infer<typeof eventBody>) => {
  const [year, month, day] = b.date.split('-');
  return { ...b, day, month, year, capacity: String(b.capacity), version: String(b.version ?? 0) };
};

export async function eventsApi(app: FastifyInstance, deps: ModuleDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => engagementContext(request, deps.database, deps.clock);
  const tags = ['Events'];
  const access = { access: 'engagement:manage' as const };
  const params = z.object({ id: z.uuid('id must be an event id (a UUID)') });

  api.get(
    '/api/v1/events',
    {
      config: access,
      schema: {
        summary: 'Every event of the LA, soonest first, with places booked and waiting',
        tags,
        response: { 200: z.object({ events: z.array(eventJson) }) },
      },
    },
    async (request) => ({ events: (await eventList(ctx(request))).map((v) => asEvent(v.event)) }),
  );

  api.post(
    '/api/v1/events',
    {
      config: access,
      schema: {
        summary: 'Set up an event',
        tags,
        body: eventBody,
        response: { 201: eventJson, 400: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) => {
      const c = ctx(request);
      const r = await saveEvent(c, null, asForm(request.body), deps.config.publicUrl);
      if (!r.ok) throw refusal(r);
      return reply.code(201).send(asEvent((await eventForOfficer(c, r.id)).event));
    },
  );

  api.get(
    '/api/v1/events/:id',
    {
      config: access,
      schema: {
        summary: 'An event with its bookings and waiting list (the waiting list in order)',
        tags,
        params,
        response: { 200: eventJson.extend({ bookings: z.array(bookingJson) }), 404: problemResponse },
      },
    },
    async (request) => {
      const v = await eventForOfficer(ctx(request), request.params.id);
      return { ...asEvent(v.event), bookings: v.bookings.map(asBooking) };
    },
  );

  api.put(
    '/api/v1/events/:id',
    {
      config: access,
      schema: {
        summary: 'Change an event; more places give the first on the waiting list a place at once',
        tags,
        params,
        body: eventBody,
        response: {
          200: eventJson,
          400: problemResponse,
          404: problemResponse,
          409: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request) => {
      const c = ctx(request);
      const r = await saveEvent(c, request.params.id, asForm(request.body), deps.config.publicUrl);
      if (!r.ok) throw refusal(r);
      return asEvent((await eventForOfficer(c, r.id)).event);
    },
  );

  api.post(
    '/api/v1/events/:id/bookings',
    {
      config: access,
      schema: {
        summary:
          'Book someone a place, or a place on the waiting list when the event is full; they are emailed a link to their booking',
        tags,
        params,
        body: bookingSchema,
        response: {
          201: z.object({
            bookingId: z.string(),
            status: z.enum(['booked', 'waiting']),
            queuePosition: z.number().int().nullable(),
          }),
          400: problemResponse,
          404: problemResponse,
          409: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request, reply) => {
      const r = await bookFor(ctx(request), request.params.id, request.body, deps.config.publicUrl);
      if (!r.ok) throw refusal(r);
      return reply
        .code(201)
        .send({ bookingId: r.bookingId, status: r.placement, queuePosition: r.queuePosition });
    },
  );

  api.post(
    '/api/v1/events/:id/bookings/:bookingId/cancel',
    {
      config: access,
      schema: {
        summary: 'Cancel a booking; a place given up goes to the first on the waiting list, who is emailed',
        tags,
        params: params.extend({ bookingId: z.uuid('bookingId must be a booking id (a UUID)') }),
        response: {
          200: z.object({ promoted: z.number().int() }),
          404: problemResponse,
          409: problemResponse,
        },
      },
    },
    async (request) => {
      const r = await cancelForSomeone(
        ctx(request),
        request.params.id,
        request.params.bookingId,
        deps.config.publicUrl,
      );
      if (!r.ok) throw new HttpProblem(409, 'Conflict', r.message);
      return { promoted: r.promoted };
    },
  );

  api.put(
    '/api/v1/events/:id/attendance',
    {
      config: access,
      schema: {
        summary: 'Who came: the bookings listed came, every other place did not',
        tags,
        params,
        body: z.object({ attended: z.array(z.uuid('attended must list booking ids (UUIDs)')) }),
        response: {
          200: z.object({ marked: z.number().int() }),
          400: problemResponse,
          404: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request) => {
      const r = await recordAttendance(ctx(request), request.params.id, request.body);
      if (!r.ok) throw refusal(r);
      return { marked: r.marked };
    },
  );
}
