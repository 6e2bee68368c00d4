import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  downloadLinks,
  type ExportTable,
  requestedFormat,
  sendExport,
} from '../../../platform/exports/index.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { errorFor, parse } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { type PortalDeps, portalContext } from '../context.ts';
import { kindLabels, madeAsLabels } from '../domain/journey.ts';
import { decisionSchema, outcomeLabels } from '../domain/triage.ts';
import { followRequest } from '../requests/follow.ts';
import { decideRequest, triageQueue } from './service.ts';

/** The LA's triage queue of requests for help, and the page that decides one. */

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

type Item = Awaited<ReturnType<typeof triageQueue>>['waiting'][number];

const queueTable = (today: string): ExportTable<Item> => ({
  fileStem: 'requests-to-triage',
  sheetTitle: 'Requests to triage',
  columns: [
    { heading: 'Reference', kind: 'text', value: (i) => i.row.reference },
    {
      heading: 'Child',
      kind: 'text',
      width: 30,
      value: (i) => (i.child ? `${i.child.forename} ${i.child.surname}` : ''),
    },
    { heading: 'Made by', kind: 'text', value: (i) => madeAsLabels[i.row.madeAs] },
    { heading: 'Received', kind: 'date', value: (i) => i.row.receivedOn },
    {
      heading: 'Days waiting',
      kind: 'integer',
      value: (i) => (i.row.receivedOn ? days(i.row.receivedOn, today) : null),
    },
    { heading: 'What they find hard', kind: 'text', width: 60, value: (i) => i.row.answers.needs ?? '' },
  ],
  childIdsOf: (i) => [i.row.childId],
});

const decidedTable: ExportTable<Item> = {
  fileStem: 'requests-decided',
  sheetTitle: 'Decided recently',
  columns: [
    { heading: 'Reference', kind: 'text', value: (i) => i.row.reference },
    {
      heading: 'Child',
      kind: 'text',
      width: 30,
      value: (i) => (i.child ? `${i.child.forename} ${i.child.surname}` : ''),
    },
    {
      heading: 'Outcome',
      kind: 'text',
      width: 30,
      value: (i) => (i.row.outcome ? outcomeLabels[i.row.outcome] : ''),
    },
    { heading: 'Routed to', kind: 'text', width: 30, value: (i) => i.row.routedTo ?? '' },
    {
      heading: 'Decided',
      kind: 'date',
      value: (i) => (i.row.decidedAt ? i.row.decidedAt.toISOString().slice(0, 10) : null),
    },
  ],
  childIdsOf: (i) => [i.row.childId],
};

export async function triagePages(app: FastifyInstance, deps: PortalDeps) {
  const ctx = (request: FastifyRequest) => portalContext(request, deps);

  app.get('/triage', { config: { access: 'portal:triage' } }, async (request, reply) => {
    const c = ctx(request);
    const { waiting, recent } = await triageQueue(c);
    const format = requestedFormat(request.query);
    const decided = (request.query as Record<string, unknown>).table === 'decided';
    if (format)
      return sendExport(reply, {
        format,
        today: c.today,
        table: decided ? decidedTable : queueTable(c.today),
        pages: async () => ({ rows: decided ? recent : waiting }),
        audit: {
          database: c.database,
          actor: c,
          action: 'portal.triage.exported',
          entityType: 'portal_request',
          filters: decided ? { table: 'decided' } : {},
        },
      });
    const name = (i: (typeof waiting)[number]) =>
      i.child ? `${i.child.forename} ${i.child.surname}` : 'Unknown child';
    return reply.page('portals/triage.njk', {
      pageTitle: 'Requests for help to triage',
      downloads: downloadLinks('/triage'),
      decidedDownloads: downloadLinks('/triage?table=decided'),
      waiting: waiting.length,
      oldest: waiting[0]?.row.receivedOn ? longDate(waiting[0].row.receivedOn) : null,
      waitingRows: waiting.map((i) => [
        { html: `<a class="govuk-link" href="/triage/${i.row.id}">${i.row.reference}</a>` },
        { text: name(i) },
        { text: madeAsLabels[i.row.madeAs] },
        { text: i.row.receivedOn ? longDate(i.row.receivedOn) : '' },
        { text: i.row.receivedOn ? `${days(i.row.receivedOn, c.today)}` : '', format: 'numeric' },
      ]),
      recentRows: recent.map((i) => [
        { html: `<a class="govuk-link" href="/request/${i.row.id}">${i.row.reference}</a>` },
        { text: name(i) },
        { text: i.row.outcome ? outcomeLabels[i.row.outcome] : '' },
        { text: i.row.decidedAt ? longDate(i.row.decidedAt.toISOString().slice(0, 10)) : '' },
      ]),
    });
  });

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
  ) {
    const { id } = request.params as { id: string };
    const f = await followRequest(ctx(request), id);
    return reply.code(status).page('portals/triage-item.njk', {
      pageTitle: `Triage request ${f.row.reference}`,
      f,
      childName: `${f.child.forename} ${f.child.surname}`,
      answers: [
        ['About', `${f.child.forename} ${f.child.surname}, born ${longDate(f.child.dateOfBirth)}`],
        ['Made by', `${f.row.madeByName} (${madeAsLabels[f.row.madeAs].toLowerCase()})`],
        ['Received', f.row.receivedOn ? longDate(f.row.receivedOn) : ''],
        ['Asking for', f.row.kind ? kindLabels[f.row.kind] : ''],
        ['What they find hard', f.row.answers.needs ?? ''],
        ['Help they get now', f.row.answers.supportNow ?? 'None given'],
        ['What matters, and what they would like to happen', f.row.answers.views ?? ''],
        ...(f.row.answers.consent
          ? [
              [
                'Family’s agreement',
                `Given by ${f.row.answers.consent.by} on ${longDate(f.row.answers.consent.on)}`,
              ],
            ]
          : []),
      ].map(([k, v]) => ({ key: { text: k }, value: { text: v } })),
      open: f.row.status === 'triage',
      outcomeItems: Object.entries(outcomeLabels).map(([value, text]) => ({
        value,
        text,
        checked: values.outcome === value,
        hint:
          value === 'assessment'
            ? {
                text: `The 6 weeks to decide whether to assess count from ${f.row.receivedOn ? longDate(f.row.receivedOn) : 'the day it arrived'}, the day the request arrived`,
              }
            : undefined,
      })),
      values,
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (field: string) => errorFor(errors, field),
    });
  }

  app.get('/triage/:id', { config: { access: 'portal:triage' } }, (request, reply) =>
    show(request, reply, 200, {}, []),
  );

  app.post('/triage/:id', { config: { access: 'portal:triage' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const b = (request.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(
      ['outcome', 'routedTo', 'reasons', 'version'].map((n) => [
        n,
        typeof b[n] === 'string' ? (b[n] as string).slice(0, 6000) : '',
      ]),
    );
    const parsed = parse(decisionSchema, {
      ...values,
      outcome: values.outcome || undefined,
      version: values.version || undefined,
    });
    const order = ['outcome', 'routedTo', 'reasons'];
    if (!parsed.ok)
      return show(
        request,
        reply,
        400,
        values,
        [...parsed.errors].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field)),
      );
    const r = await decideRequest(ctx(request), id, parsed.data);
    if (!r.ok) return show(request, reply, r.status, values, r.errors);
    return reply.redirect(
      r.value.ehcRequestId ? `/ehc/requests/${r.value.ehcRequestId}` : '/triage?decided=1',
      303,
    );
  });
}
