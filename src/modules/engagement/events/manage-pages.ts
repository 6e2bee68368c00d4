import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { downloadLinks, type ExportTable, requestedFormat } from '../../../platform/exports/index.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import { isoDateInLondon } from '../../../platform/kernel/dates.ts';
import { timeField } from '../../../platform/kernel/london-time.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { engagementContext } from '../context.ts';
import { audienceLabels, audiences, listInWords } from '../domain/audiences.ts';
import { sendList } from '../exports.ts';
import { formValues } from '../forms.ts';
import { eventKindLabels, eventKinds } from './form.ts';
import { eventDetails } from './public-pages.ts';
import {
  type BookingRow,
  bookFor,
  cancelEvent,
  cancelForSomeone,
  type EventView,
  eventForOfficer,
  eventList,
  recordAttendance,
  saveEvent,
} from './service.ts';

/** The officers' side of events: the list, the form, the bookings, the queue and who came. */

const statusText = (v: EventView) =>
  v.event.status === 'draft'
    ? 'Draft'
    : v.state === 'cancelled'
      ? 'Cancelled'
      : v.state === 'started'
        ? 'Held'
        : v.state === 'full'
          ? 'Full'
          : 'Open for booking';

const eventsTable: ExportTable<EventView> = {
  fileStem: 'events',
  sheetTitle: 'Events',
  columns: [
    { heading: 'Title', kind: 'text', width: 50, value: (v) => v.event.title },
    { heading: 'Kind', kind: 'text', value: (v) => eventKindLabels[v.event.kind] },
    { heading: 'Starts', kind: 'dateTime', value: (v) => v.event.startsAt },
    { heading: 'Ends', kind: 'dateTime', value: (v) => v.event.endsAt },
    { heading: 'Venue', kind: 'text', width: 30, value: (v) => v.event.venueName },
    {
      heading: 'For',
      kind: 'text',
      width: 40,
      value: (v) => listInWords(v.event.audiences.map((a) => audienceLabels[a])),
    },
    { heading: 'Places', kind: 'integer', value: (v) => v.event.capacity },
    { heading: 'Booked', kind: 'integer', value: (v) => v.event.booked },
    { heading: 'Waiting', kind: 'integer', value: (v) => v.event.waiting },
    { heading: 'Came', kind: 'integer', value: (v) => v.event.attended },
    { heading: 'Feedback', kind: 'integer', value: (v) => v.event.feedback },
    { heading: 'Mean rating (1 to 5)', kind: 'decimal', value: (v) => v.event.meanRating },
    { heading: 'Status', kind: 'text', value: statusText },
  ],
  childIdsOf: () => [],
};

const bookingsTable: ExportTable<BookingRow> = {
  fileStem: 'event-bookings',
  sheetTitle: 'Bookings',
  columns: [
    { heading: 'Name', kind: 'text', width: 30, value: (b) => b.name },
    { heading: 'Email', kind: 'text', width: 30, value: (b) => b.email },
    { heading: 'Phone', kind: 'text', value: (b) => b.phone },
    { heading: 'School or organisation', kind: 'text', width: 30, value: (b) => b.organisation },
    { heading: 'Coming as', kind: 'text', value: (b) => audienceLabels[b.audience] },
    { heading: 'Needs', kind: 'text', width: 40, value: (b) => b.needs },
    { heading: 'Status', kind: 'text', value: (b) => bookingStatus(b) },
    { heading: 'Asked', kind: 'dateTime', value: (b) => b.queuedAt },
    { heading: 'Came', kind: 'text', value: (b) => (b.attended === null ? '' : b.attended ? 'Yes' : 'No') },
    { heading: 'Rating', kind: 'integer', value: (b) => b.rating },
    { heading: 'Comment', kind: 'text', width: 50, value: (b) => b.comment ?? '' },
  ],
  childIdsOf: () => [],
};

const bookingStatus = (b: BookingRow) =>
  b.status === 'booked'
    ? 'Place'
    : b.status === 'waiting'
      ? `Waiting list, number ${b.queuePosition}`
      : 'Cancelled';

const formFields = [
  'kind',
  'title',
  'summary',
  'venueName',
  'venueAddress',
  'venuePostcode',
  'accessibility',
  'day',
  'month',
  'year',
  'starts',
  'ends',
  'capacity',
  'contact',
  'status',
  'version',
] as const;

export async function eventManagePages(app: FastifyInstance, deps: ModuleDeps) {
  const ctx = (request: FastifyRequest) => engagementContext(request, deps.database, deps.clock);
  const officer = { config: { access: 'engagement:manage' as const } };

  app.get('/engagement/events', officer, async (request, reply) => {
    const c = ctx(request);
    const list = await eventList(c);
    const format = requestedFormat(request.query);
    if (format)
      return sendList(reply, c, format, eventsTable, list, {
        action: 'engagement.events.exported',
        entityType: 'eng_event',
        filters: {},
      });
    const coming = list.filter((v) => v.state === 'open' || v.state === 'full' || v.event.status === 'draft');
    const row = (v: EventView) => [
      {
        html: `<a class="govuk-link" href="/engagement/events/${v.event.id}">${escapeHtml(v.event.title)}</a>`,
      },
      { text: v.when },
      { text: v.event.venueName },
      {
        text: `${v.event.booked.toLocaleString('en-GB')} of ${v.event.capacity.toLocaleString('en-GB')}`,
        format: 'numeric',
      },
      { text: v.event.waiting.toLocaleString('en-GB'), format: 'numeric' },
      { text: statusText(v) },
    ];
    return reply.page('engagement/manage-events.njk', {
      pageTitle: 'Events',
      coming: coming.map(row),
      past: list
        .filter((v) => !coming.includes(v))
        .reverse()
        .map(row),
      toRecord: list.filter((v) => v.state === 'started' && v.event.booked > 0 && v.event.attended === 0)
        .length,
      downloads: downloadLinks('/engagement/events'),
    });
  });

  async function showForm(
    _request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    id: string | null,
    v: Record<string, string | string[]>,
    errors: FieldError[],
  ) {
    const chosen = Array.isArray(v.audiences) ? v.audiences : v.audiences ? [v.audiences] : [];
    return reply.code(status).page('engagement/event-form.njk', {
      pageTitle: id ? `Change ${v.title || 'the event'}` : 'Set up an event',
      id,
      v,
      kindItems: [
        { value: '', text: 'Choose the kind' },
        ...eventKinds.map((k) => ({ value: k, text: eventKindLabels[k], selected: v.kind === k })),
      ],
      audienceItems: audiences.map((a) => ({
        value: a,
        text: audienceLabels[a],
        checked: chosen.includes(a),
      })),
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  const valuesOf = (body: unknown) => formValues(body, formFields, 'audiences');

  app.get('/engagement/events/new', officer, (request, reply) =>
    showForm(request, reply, 200, null, { status: 'published', version: '0', capacity: '30' }, []),
  );
  app.post('/engagement/events/new', officer, async (request, reply) => {
    const r = await saveEvent(
      ctx(request),
      null,
      (request.body ?? {}) as Record<string, unknown>,
      deps.config.publicUrl,
    );
    if (!r.ok) return showForm(request, reply, r.status, null, valuesOf(request.body), r.errors);
    return reply.redirect(`/engagement/events/${r.id}?saved=1`, 303);
  });

  app.get('/engagement/events/:id/edit', officer, async (request, reply) => {
    const { id } = request.params as { id: string };
    const { event: e } = await eventForOfficer(ctx(request), id);
    const [year, month, day] = isoDateInLondon(e.startsAt).split('-');
    return showForm(
      request,
      reply,
      200,
      id,
      {
        kind: e.kind,
        title: e.title,
        summary: e.summary,
        audiences: e.audiences,
        venueName: e.venueName,
        venueAddress: e.venueAddress,
        venuePostcode: e.venuePostcode,
        accessibility: e.accessibility,
        day: String(Number(day)),
        month: String(Number(month)),
        year: year ?? '',
        starts: timeField(e.startsAt),
        ends: timeField(e.endsAt),
        capacity: String(e.capacity),
        contact: e.contact,
        status: e.status,
        version: String(e.version),
      },
      [],
    );
  });
  app.post('/engagement/events/:id/edit', officer, async (request, reply) => {
    const { id } = request.params as { id: string };
    const r = await saveEvent(
      ctx(request),
      id,
      (request.body ?? {}) as Record<string, unknown>,
      deps.config.publicUrl,
    );
    if (!r.ok) return showForm(request, reply, r.status, id, valuesOf(request.body), r.errors);
    return reply.redirect(`/engagement/events/${id}?saved=1`, 303);
  });

  async function showEvent(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    errors: FieldError[],
    values: Record<string, string> = {},
  ) {
    const { id } = request.params as { id: string };
    const c = ctx(request);
    const v = await eventForOfficer(c, id);
    const format = requestedFormat(request.query);
    if (format)
      return sendList(reply, c, format, bookingsTable, v.bookings, {
        action: 'engagement.bookings.exported',
        entityType: 'eng_event',
        filters: { event: id },
      });
    const q = request.query as Record<string, unknown>;
    const places = v.bookings.filter((b) => b.status === 'booked');
    const started = v.state === 'started';
    return reply.code(status).page('engagement/manage-event.njk', {
      pageTitle: v.event.title,
      v,
      saved: q.saved === '1',
      done: typeof q.done === 'string' ? q.done : '',
      details: eventDetails(v),
      kindName: eventKindLabels[v.event.kind],
      started,
      attendanceItems: places.map((b) => ({
        value: b.id,
        text: b.name,
        hint: { text: b.organisation || audienceLabels[b.audience] },
        checked: b.attended === true,
      })),
      rows: v.bookings.map((b) => [
        { text: b.name },
        { text: b.organisation || audienceLabels[b.audience] },
        { text: b.needs || 'None given' },
        { text: bookingStatus(b) },
        { text: b.attended === null ? '' : b.attended ? 'Came' : 'Did not come' },
        {
          html:
            b.status === 'cancelled' || started
              ? ''
              : `<form method="post" action="/engagement/events/${v.event.id}/bookings/${b.id}/cancel"><input type="hidden" name="_csrf" value="${escapeHtml(reply.generateCsrf())}"><button class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">Cancel<span class="govuk-visually-hidden"> ${escapeHtml(b.name)}’s booking</span></button></form>`,
        },
      ]),
      feedback: v.bookings.filter((b) => b.rating !== null),
      b: values,
      audienceItems: v.event.audiences.map((a) => ({
        value: a,
        text: audienceLabels[a],
        checked: values.audience === a,
      })),
      downloads: downloadLinks(`/engagement/events/${v.event.id}`),
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/engagement/events/:id', officer, (request, reply) => showEvent(request, reply, 200, []));

  app.post('/engagement/events/:id/bookings', officer, async (request, reply) => {
    const { id } = request.params as { id: string };
    const body = (request.body ?? {}) as Record<string, unknown>;
    const r = await bookFor(ctx(request), id, body, deps.config.publicUrl);
    if (!r.ok) {
      const values = Object.fromEntries(
        ['name', 'email', 'phone', 'organisation', 'audience', 'needs'].map((k) => [
          k,
          typeof body[k] === 'string' ? body[k] : '',
        ]),
      ) as Record<string, string>;
      return showEvent(request, reply, r.status, r.errors, values);
    }
    return reply.redirect(`/engagement/events/${id}?done=${r.placement}`, 303);
  });

  app.post('/engagement/events/:id/bookings/:bookingId/cancel', officer, async (request, reply) => {
    const { id, bookingId } = request.params as { id: string; bookingId: string };
    const r = await cancelForSomeone(ctx(request), id, bookingId, deps.config.publicUrl);
    if (!r.ok) return showEvent(request, reply, r.status, [{ field: 'bookings', message: r.message }]);
    return reply.redirect(`/engagement/events/${id}?done=cancelled&promoted=${r.promoted}`, 303);
  });

  app.post('/engagement/events/:id/attendance', officer, async (request, reply) => {
    const { id } = request.params as { id: string };
    const r = await recordAttendance(ctx(request), id, request.body ?? {});
    if (!r.ok) return showEvent(request, reply, r.status, r.errors);
    return reply.redirect(`/engagement/events/${id}?done=attendance`, 303);
  });

  app.post('/engagement/events/:id/cancel', officer, async (request, reply) => {
    const { id } = request.params as { id: string };
    const r = await cancelEvent(ctx(request), id, request.body ?? {});
    if (!r.ok) return showEvent(request, reply, r.status, r.errors);
    return reply.redirect(`/engagement/events/${id}?done=event-cancelled`, 303);
  });
}
