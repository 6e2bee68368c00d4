import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../../platform/http/problem.ts';
import { notFound } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import { type PublicLa, publicLaOf } from '../../../platform/las/public-la.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { type Audience, audienceLabels, audiences, listInWords } from '../domain/audiences.ts';
import { icalendar } from '../domain/ical.ts';
import { eventKindLabels } from './form.ts';
import {
  book,
  bookingByLink,
  cancelByLink,
  type EventView,
  feedbackByLink,
  publicEvent,
  publicEvents,
} from './service.ts';

/** Events as the public see and book them, at /events, and a booking through its own link. */

const placesText = (v: EventView) => {
  const left = v.event.capacity - v.event.booked;
  if (v.state === 'cancelled') return 'Cancelled';
  if (v.state === 'started') return 'Bookings closed';
  if (v.state === 'full')
    return `Full: join the waiting list${v.event.waiting ? ` (${v.event.waiting.toLocaleString('en-GB')} waiting)` : ''}`;
  return `${left.toLocaleString('en-GB')} of ${v.event.capacity.toLocaleString('en-GB')} ${v.event.capacity === 1 ? 'place' : 'places'} left`;
};

const forText = (list: readonly Audience[]) => listInWords(list.map((a) => audienceLabels[a]));

export function eventDetails(v: EventView) {
  const e = v.event;
  return [
    { key: { text: 'When' }, value: { text: v.when } },
    {
      key: { text: 'Where' },
      value: { text: [e.venueName, e.venueAddress, e.venuePostcode].filter(Boolean).join(', ') },
    },
    { key: { text: 'For' }, value: { text: forText(e.audiences) } },
    {
      key: { text: 'Getting in and taking part' },
      value: { text: e.accessibility || 'Ask the contact below about access.' },
    },
    { key: { text: 'Places' }, value: { text: placesText(v) } },
    ...(e.contact ? [{ key: { text: 'Contact' }, value: { text: e.contact } }] : []),
  ];
}

export async function eventPublicPages(app: FastifyInstance, deps: ModuleDeps) {
  const laOf = async (): Promise<PublicLa> => {
    const la = await publicLaOf(deps.database, deps.config.publicLa);
    if (!la) throw notFound('No LA publishes events from this service yet.');
    return la;
  };
  const open = { config: { access: 'public' as const } };

  app.get('/events', open, async (request, reply) => {
    const la = await laOf();
    const raw = (request.query as Record<string, unknown>).audience;
    const wanted = typeof raw === 'string' && raw !== '' ? raw : undefined;
    const audience = (audiences as readonly string[]).includes(wanted ?? '')
      ? (wanted as Audience)
      : undefined;
    const bad = wanted !== undefined && audience === undefined;
    const list = await publicEvents(deps.database, la, deps.clock(), audience);
    return reply.code(bad ? 400 : 200).page('engagement/events.njk', {
      pageTitle: 'Events and focus groups',
      la,
      audienceItems: [
        { value: '', text: 'Everyone' },
        ...audiences.map((a) => ({ value: a, text: audienceLabels[a], selected: a === audience })),
      ],
      audienceError: bad ? { text: 'Choose who from the list' } : undefined,
      errors: bad ? [{ text: 'Choose who from the list', href: '#audience' }] : [],
      audienceName: audience ? audienceLabels[audience] : '',
      events: list.map((v) => ({ ...v, forText: forText(v.event.audiences), placesText: placesText(v) })),
    });
  });

  async function showEvent(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    b: Record<string, string>,
    errors: FieldError[],
  ) {
    const { id } = request.params as { id: string };
    const v = await publicEvent(deps.database, await laOf(), id, deps.clock());
    return reply.code(status).page('engagement/event.njk', {
      pageTitle: v.event.title,
      v,
      kindName: eventKindLabels[v.event.kind],
      details: eventDetails(v),
      b,
      audienceItems: v.event.audiences.map((a) => ({
        value: a,
        text: audienceLabels[a],
        checked: b.audience === a,
      })),
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/events/:id', open, (request, reply) => showEvent(request, reply, 200, {}, []));

  app.post(
    '/events/:id',
    // Someone booking for a family or a staff room books a few; a script booking hundreds stops here.
    { config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 hour' } } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = Object.fromEntries(
        ['name', 'email', 'phone', 'organisation', 'audience', 'needs'].map((k) => [
          k,
          typeof body[k] === 'string' ? body[k] : '',
        ]),
      ) as Record<string, string>;
      const r = await book(deps.database, await laOf(), id, body, deps.clock(), deps.config.publicUrl);
      if (!r.ok) return showEvent(request, reply, r.status, values, r.errors);
      return reply.redirect(`/events/bookings/${r.token}?booked=1`, 303);
    },
  );

  app.get('/events/:id/calendar.ics', open, async (request, reply) => {
    const { id } = request.params as { id: string };
    const v = await publicEvent(deps.database, await laOf(), id, deps.clock());
    const e = v.event;
    return reply
      .type('text/calendar; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="event.ics"')
      .send(
        icalendar({
          uid: `${e.id}@opensend`,
          title: e.title,
          description: e.summary,
          location: [e.venueName, e.venueAddress, e.venuePostcode].filter(Boolean).join(', '),
          startsAt: e.startsAt,
          endsAt: e.endsAt,
          stamp: deps.clock(),
          url: deps.config.publicUrl ? `${deps.config.publicUrl}/events/${e.id}` : undefined,
          cancelled: e.status === 'cancelled',
        }),
      );
  });

  async function showBooking(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    f: Record<string, string>,
    errors: FieldError[],
  ) {
    const { token } = request.params as { token: string };
    const q = request.query as Record<string, unknown>;
    const v = await bookingByLink(deps.database, await laOf(), token, deps.clock());
    const b = v.booking;
    return (
      reply
        .code(status)
        // The address is the person's key to their booking: never sent on as a referrer, never kept by a cache.
        .header('Referrer-Policy', 'no-referrer')
        .header('Cache-Control', 'private, no-store')
        .page('engagement/booking.njk', {
          pageTitle: `Your booking: ${v.event.event.title}`,
          v,
          token,
          justBooked: q.booked === '1',
          done: typeof q.done === 'string' ? q.done : '',
          details: [
            { key: { text: 'Event' }, value: { text: v.event.event.title } },
            ...eventDetails(v.event).slice(0, 2),
            {
              key: { text: 'Your booking' },
              value: {
                text:
                  b.status === 'booked'
                    ? 'You have a place'
                    : b.status === 'waiting'
                      ? `Number ${b.queuePosition} on the waiting list`
                      : 'Cancelled',
              },
            },
            { key: { text: 'Name' }, value: { text: b.name } },
            ...(b.needs ? [{ key: { text: 'What you need' }, value: { text: b.needs } }] : []),
          ],
          f,
          ratingItems: [
            { value: '5', text: '5 – very good' },
            { value: '4', text: '4 – good' },
            { value: '3', text: '3 – all right' },
            { value: '2', text: '2 – poor' },
            { value: '1', text: '1 – very poor' },
          ].map((i) => ({ ...i, checked: f.rating === i.value })),
          errors: errorSummary(errors),
          fieldError: (x: string) => errorFor(errors, x),
        })
    );
  }

  app.get('/events/bookings/:token', open, (request, reply) => showBooking(request, reply, 200, {}, []));

  app.post('/events/bookings/:token/cancel', open, async (request, reply) => {
    const { token } = request.params as { token: string };
    const r = await cancelByLink(deps.database, await laOf(), token, deps.clock(), deps.config.publicUrl);
    if (!r.ok) return showBooking(request, reply, r.status, {}, [{ field: 'cancel', message: r.message }]);
    return reply.redirect(`/events/bookings/${token}?done=cancelled`, 303);
  });

  app.post('/events/bookings/:token/feedback', open, async (request, reply) => {
    const { token } = request.params as { token: string };
    const body = (request.body ?? {}) as Record<string, unknown>;
    const r = await feedbackByLink(deps.database, await laOf(), token, body, deps.clock());
    if (!r.ok)
      return showBooking(
        request,
        reply,
        r.status,
        { rating: String(body.rating ?? ''), comment: String(body.comment ?? '') },
        r.errors,
      );
    return reply.redirect(`/events/bookings/${token}?done=feedback`, 303);
  });
}
