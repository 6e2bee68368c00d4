import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  downloadLinks,
  type ExportTable,
  requestedFormat,
  sendExport,
} from '../../../platform/exports/index.ts';
import {
  acceptedFilesText,
  sendStoredFile,
  uploadedFile,
  withFileUploads,
} from '../../../platform/files/index.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { errorFor, parse } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { addDays } from '../../../platform/kernel/days.ts';
import { adviceKindLabels, adviceKinds } from '../../ehc/index.ts';
import { type PortalDeps, portalContext, transaction } from '../context.ts';
import { loadEhc } from '../ehc/service.ts';
import {
  type AdviceItem,
  adviceFile,
  adviceForm,
  adviceSchema,
  advisersFor,
  askAdviser,
  askSchema,
  giveAdvice,
  myAdvice,
} from './service.ts';

/** The adviser's list and advice form, and the LA's page to ask an adviser with an account. */

const field = (body: unknown, name: string, max = 12000) => {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.slice(0, max) : '';
};

const adviceTable: ExportTable<AdviceItem> = {
  fileStem: 'advice-asked-of-you',
  sheetTitle: 'Advice asked of you',
  columns: [
    { heading: 'Child', kind: 'text', width: 30, value: (i) => `${i.child.forename} ${i.child.surname}` },
    { heading: 'Date of birth', kind: 'date', value: (i) => i.child.dateOfBirth },
    {
      heading: 'Kind',
      kind: 'text',
      value: (i) => (adviceKindLabels as Record<string, string>)[i.row.kind] ?? i.row.kind,
    },
    { heading: 'Asked on', kind: 'date', value: (i) => i.row.askedOn },
    { heading: 'Due by', kind: 'date', value: (i) => i.row.dueOn },
    { heading: 'Given', kind: 'text', value: (i) => (i.row.submittedAt ? 'Yes' : 'No') },
  ],
  childIdsOf: (i) => [i.row.childId],
};

export async function advicePages(app: FastifyInstance, deps: PortalDeps) {
  const ctx = (request: FastifyRequest) => portalContext(request, deps);

  async function showAsk(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
  ) {
    const { id } = request.params as { id: string };
    const c = ctx(request);
    const { child, advisers } = await transaction(c, async (tx) => {
      const { child } = await loadEhc(tx, c, id);
      return { child, advisers: await advisersFor(tx, c.principal.laCode, child) };
    });
    return reply.code(status).page('portals/ask-adviser.njk', {
      pageTitle: 'Ask an adviser for advice',
      caption: `${child.forename} ${child.surname}`,
      id,
      adviserItems: [
        { value: '', text: 'Choose the adviser' },
        ...advisers.map((a) => ({
          value: a.id,
          text: a.school ? `${a.name}, ${a.school} (the school’s educational advice)` : a.name,
          selected: values.adviserId === a.id,
        })),
      ],
      kindItems: adviceKinds.map((k) => ({
        value: k,
        text: adviceKindLabels[k],
        checked: values.kind === k,
      })),
      dueOn: longDate(addDays(c.today, 42)),
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/portal/ehc/:id/advice/new', { config: { access: 'ehc:write' } }, (request, reply) =>
    showAsk(request, reply, 200, {}, []),
  );

  app.post('/portal/ehc/:id/advice/new', { config: { access: 'ehc:write' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const values = { adviserId: field(request.body, 'adviserId', 40), kind: field(request.body, 'kind', 40) };
    const parsed = parse(askSchema, {
      adviserId: values.adviserId || undefined,
      kind: values.kind || undefined,
    });
    if (!parsed.ok) return showAsk(request, reply, 400, values, parsed.errors);
    const r = await askAdviser(ctx(request), id, parsed.data);
    if (!r.ok) return showAsk(request, reply, r.status, values, r.errors);
    return reply.redirect(`/portal/ehc/${id}?sent=advice`, 303);
  });

  app.get('/adviser', { config: { access: 'signed-in' } }, async (request, reply) => {
    const c = ctx(request);
    const items = await myAdvice(c);
    const format = requestedFormat(request.query);
    if (format)
      return sendExport(reply, {
        format,
        today: c.today,
        table: adviceTable,
        pages: async () => ({ rows: items }),
        audit: {
          database: c.database,
          actor: c,
          action: 'portal.advice.exported',
          entityType: 'ehc_request',
          filters: {},
        },
      });
    const open = items.filter((i) => !i.row.submittedAt);
    return reply.page('portals/adviser.njk', {
      pageTitle: 'Advice asked of you',
      downloads: downloadLinks('/adviser'),
      open: open.length,
      late: open.filter((i) => i.row.dueOn < c.today).length,
      rows: items.map((i) => [
        {
          html: `<a class="govuk-link" href="/adviser/advice/${i.row.id}">${escapeHtml(`${i.child.forename} ${i.child.surname}`)}</a>`,
        },
        { text: (adviceKindLabels as Record<string, string>)[i.row.kind] ?? i.row.kind },
        { text: longDate(i.row.dueOn) },
        {
          html: i.row.submittedAt
            ? '<strong class="govuk-tag govuk-tag--green">Given</strong>'
            : i.row.dueOn < c.today
              ? '<strong class="govuk-tag govuk-tag--red">Late</strong>'
              : '<strong class="govuk-tag govuk-tag--blue">To write</strong>',
        },
      ]),
    });
  });

  async function showAdvice(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
  ) {
    const { id } = request.params as { id: string };
    const c = ctx(request);
    const a = await adviceForm(c, id);
    const answers = a.row.answers ?? {};
    return reply.code(status).page('portals/advice.njk', {
      pageTitle: `${(adviceKindLabels as Record<string, string>)[a.row.kind] ?? 'Your'} advice for ${a.child.forename} ${a.child.surname}`,
      a,
      details: [
        ['Name', `${a.child.forename} ${a.child.surname}`],
        ['Date of birth', longDate(a.child.dateOfBirth)],
        ['School or setting', a.school ?? 'None recorded'],
        ['Request received', longDate(a.receivedOn)],
        ['Advice asked for', longDate(a.row.askedOn)],
        ['Advice due by', longDate(a.row.dueOn)],
      ].map(([k, v]) => ({ key: { text: k }, value: { text: v } })),
      given: Boolean(a.row.submittedAt),
      answers,
      late: !a.row.submittedAt && a.row.dueOn < c.today,
      values: { ...answers, ...values },
      accepted: acceptedFilesText,
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/adviser/advice/:id', { config: { access: 'signed-in' } }, (request, reply) =>
    showAdvice(request, reply, 200, {}, []),
  );

  await withFileUploads(app, deps.config.uploads, (scope) => {
    scope.post('/adviser/advice/:id', { config: { access: 'signed-in' } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const values = {
        needs: field(request.body, 'needs'),
        outcomes: field(request.body, 'outcomes'),
        provision: field(request.body, 'provision'),
      };
      const file = uploadedFile(request.body, 'file');
      const parsed = parse(adviceSchema, values);
      if (!parsed.ok) return showAdvice(request, reply, 400, values, parsed.errors);
      const r = await giveAdvice(ctx(request), id, parsed.data, file);
      if (!r.ok) return showAdvice(request, reply, r.status, values, r.errors);
      return reply.redirect(`/adviser/advice/${id}?given=1`, 303);
    });
  });

  app.get('/adviser/advice/:id/file', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const { file, body } = await adviceFile(ctx(request), id);
    return sendStoredFile(reply, file, body);
  });
}
