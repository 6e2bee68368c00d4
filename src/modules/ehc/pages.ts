import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../platform/auth/roles.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/connect.ts';
import { type FormValues, formValues } from '../../platform/http/forms.ts';
import { escapeHtml } from '../../platform/http/html.ts';
import { HttpProblem } from '../../platform/http/problem.ts';
import { errorFor, firstPerField, parse } from '../../platform/http/validation.ts';
import { longDate } from '../../platform/kernel/dates.ts';
import { dashboard, listRequests, myCaseload } from './caseload-service.ts';
import { ehcContext } from './context.ts';
import { documentRows } from './document-pages.ts';
import { weekBands } from './domain/dashboard.ts';
import { documentsAvailable } from './domain/documents.ts';
import { eventInputSchema, recordEventSchema } from './domain/inputs.ts';
import type { Refusal } from './domain/process.ts';
import { stageLabels, stepLabels } from './domain/summary.ts';
import {
  childName,
  deadlineRows,
  describeEvent,
  eventDate,
  requestListRow,
  requestSummaryRows,
  taskListItems,
} from './presenters.ts';
import { allocate, caseworkers, getRequest, type RequestView, recordEvent } from './service.ts';
import {
  answerRows,
  eventFromForm,
  formField,
  formNames,
  isStepType,
  pageFieldId,
  type StepForm,
  stepForms,
  valuesFromBody,
} from './step-forms.ts';
import { trendChart } from './trend-chart.ts';

const listHead = [
  { text: 'Child' },
  { text: 'Received' },
  { text: 'Weeks', format: 'numeric' },
  { text: 'Stage' },
  { text: 'Next due' },
  { text: 'Flag' },
  { text: 'Coordinator' },
];
const pageSize = 50;

const param = (request: FastifyRequest, name: string) =>
  (request.params as Record<string, string>)[name] ?? '';
const query = (request: FastifyRequest) => request.query as Record<string, string | undefined>;

export async function ehcPages(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const ctx = (request: FastifyRequest) => ehcContext(request, deps.database, deps.clock);
  const may = (request: FastifyRequest, p: 'ehc:write' | 'ehc:allocate') =>
    can(request.principal?.roles ?? [], p);

  app.get('/ehc', { config: { access: 'ehc:read' } }, async (request, reply) => {
    const c = ctx(request);
    const caseload = await myCaseload(c);
    const count = (u: string) => caseload.items.filter((i) => i.urgency === u).length;
    return reply.page('ehc/caseload.njk', {
      pageTitle: 'Your caseload',
      head: listHead,
      rows: caseload.items.map(requestListRow),
      total: caseload.total,
      overdue: count('overdue'),
      dueSoon: count('due-within-7-days'),
      canAllocate: may(request, 'ehc:allocate'),
    });
  });

  app.get('/ehc/requests', { config: { access: 'ehc:read' } }, async (request, reply) => {
    const c = ctx(request);
    const q = query(request);
    const stage = Object.hasOwn(stageLabels, q.stage ?? '') ? q.stage : undefined;
    const page = Math.min(2000, Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1));
    const people = await caseworkers(c);
    const coordinator =
      q.coordinator === 'none'
        ? null
        : people.some((p) => p.id === q.coordinator)
          ? q.coordinator
          : undefined;
    const backlog = q.backlog === 'yes';
    const result = await listRequests(c, {
      stage,
      coordinatorId: coordinator,
      open: q.closed !== 'yes',
      backlogOn: backlog ? c.today : undefined,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    const filters = Object.fromEntries(
      Object.entries({
        stage,
        coordinator: q.coordinator && coordinator !== undefined ? q.coordinator : undefined,
        backlog: backlog ? 'yes' : undefined,
      }).filter(([, v]) => v),
    ) as Record<string, string>;
    const pages = Math.ceil(result.total / pageSize);
    const href = (p: number) => `/ehc/requests?${new URLSearchParams({ ...filters, page: String(p) })}`;
    return reply.page('ehc/requests.njk', {
      pageTitle: backlog ? 'Backlog: open past 20 weeks' : 'EHC requests',
      head: listHead,
      rows: result.items.map(requestListRow),
      total: result.total,
      stageItems: [
        { value: '', text: 'Any stage' },
        ...Object.entries(stageLabels).map(([value, text]) => ({ value, text, selected: value === stage })),
      ],
      coordinatorItems: [
        { value: '', text: 'Anyone' },
        { value: 'none', text: 'Not allocated', selected: q.coordinator === 'none' },
        ...people.map((p) => ({ value: p.id, text: p.name, selected: p.id === q.coordinator })),
      ],
      backlog,
      pagination:
        pages > 1
          ? {
              previous: page > 1 ? { href: href(page - 1) } : undefined,
              next: page < pages ? { href: href(page + 1) } : undefined,
              items: [{ number: page, href: href(page), current: true }],
            }
          : undefined,
    });
  });

  app.get('/ehc/requests/:id', { config: { access: 'ehc:read' } }, async (request, reply) => {
    const c = ctx(request);
    const view = await getRequest(c, param(request, 'id'));
    const write = may(request, 'ehc:write');
    const allocating = may(request, 'ehc:allocate');
    return reply.page('ehc/request.njk', {
      pageTitle: `EHC request: ${childName(view.child)}`,
      view,
      flash: query(request).saved ? 'The step has been recorded' : undefined,
      summaryRows: requestSummaryRows(view),
      deadlineRows: deadlineRows(view.deadlines, view),
      tasks: taskListItems(view, c.today, write),
      planExists: view.plan !== null,
      documentRows: view.state.facts
        ? documentRows(view.id, documentsAvailable(view.state.facts, view.plan !== null))
        : [],
      otherTasks: taskListItems(view, c.today, write, false),
      history: view.events.map((e) => [
        { text: eventDate(e.body) },
        { text: describeEvent(e.body) + (e.correctedBy ? ' (corrected)' : '') },
        { text: `${e.recordedBy ?? 'Unknown'}, ${longDate(e.recordedAt.toISOString().slice(0, 10))}` },
        {
          html:
            write && !e.correctedBy && e.body.type !== 'request-received'
              ? `<a class="govuk-link" href="/ehc/requests/${view.id}/steps/${e.body.type}?corrects=${e.id}">Correct<span class="govuk-visually-hidden"> ${escapeHtml(describeEvent(e.body))}</span></a>`
              : '',
        },
      ]),
      coordinatorItems: allocating
        ? [
            { value: '', text: 'Not allocated' },
            ...(await caseworkers(c)).map((p) => ({
              value: p.id,
              text: p.name,
              selected: p.id === view.coordinator?.id,
            })),
          ]
        : undefined,
    });
  });

  app.post(
    '/ehc/requests/:id/coordinator',
    { config: { access: 'ehc:allocate' } },
    async (request, reply) => {
      const id = param(request, 'id');
      const v = formValues(request.body, ['coordinatorId']);
      const result = await allocate(ctx(request), id, v.coordinatorId || null);
      if (!result.ok) throw new HttpProblem(400, 'The request was not allocated', result.errors[0]?.message);
      return reply.redirect(`/ehc/requests/${id}?saved=allocated`, 303);
    },
  );

  function showStep(
    reply: FastifyReply,
    status: number,
    s: {
      view: RequestView;
      form: StepForm;
      values: FormValues;
      errors: Refusal[];
      corrects: string | null;
      check?: boolean;
    },
  ) {
    const { view, form, values, errors, corrects } = s;
    const action = `/ehc/requests/${view.id}/steps/${form.type}`;
    return reply.code(status).page(s.check ? 'ehc/check-step.njk' : 'ehc/step.njk', {
      pageTitle: s.check
        ? 'Check your answers'
        : corrects
          ? `Correct: ${form.title.toLowerCase()}`
          : form.title,
      caption: childName(view.child),
      view,
      form,
      action,
      values,
      corrects,
      errors: errors.map((e) => ({ text: e.message, href: `#${pageFieldId(form, e.field)}` })),
      fieldError: (name: string) => errorFor(errors, name),
      fields: form.fields.map((f) => ({
        ...f,
        id: f.kind === 'date' ? `${f.name}-day` : f.name,
        items:
          f.kind === 'radios'
            ? f.options.map((o) => ({ ...o, checked: values[f.name] === o.value }))
            : f.kind === 'select'
              ? [
                  { value: '', text: 'Choose one' },
                  ...f.options(view, !!corrects).map((o) => ({ ...o, selected: values[f.name] === o.value })),
                ]
              : undefined,
      })),
      answers: s.check
        ? answerRows(form, values, view, !!corrects).map((a) => ({
            key: { text: a.key },
            value: { text: a.value },
          }))
        : [],
      hidden: Object.entries(values).map(([name, value]) => ({ name, value })),
    });
  }

  app.get('/ehc/requests/:id/steps/:type', { config: { access: 'ehc:write' } }, async (request, reply) => {
    const type = param(request, 'type');
    if (!isStepType(type)) return reply.callNotFound();
    const view = await getRequest(ctx(request), param(request, 'id'));
    const form = stepForms[type];
    const corrects = query(request).corrects ?? null;
    const corrected = corrects
      ? view.events.find((e) => e.id === corrects && e.body.type === type)
      : undefined;
    if (corrects && !corrected) return reply.callNotFound();
    const values = corrected ? valuesFromBody(form, corrected.body) : {};
    return showStep(reply, 200, { view, form, values, errors: [], corrects: corrected?.id ?? null });
  });

  app.post('/ehc/requests/:id/steps/:type', { config: { access: 'ehc:write' } }, async (request, reply) => {
    const type = param(request, 'type');
    if (!isStepType(type)) return reply.callNotFound();
    const c = ctx(request);
    const view = await getRequest(c, param(request, 'id'));
    const form = stepForms[type];
    const posted = formValues(request.body, [...formNames(form), 'corrects', 'action']);
    const values = Object.fromEntries(formNames(form).map((n) => [n, posted[n] ?? '']));
    const corrects = view.events.some((e) => e.id === posted.corrects) ? (posted.corrects ?? null) : null;
    if (posted.action === 'change') return showStep(reply, 200, { view, form, values, errors: [], corrects });
    const { input, problems } = eventFromForm(form, values);
    const parsed = parse(eventInputSchema, input);
    const shapeErrors = firstPerField([
      ...problems,
      ...(parsed.ok ? [] : parsed.errors.map((e) => ({ field: formField(e.field), message: e.message }))),
    ]);
    if (!parsed.ok || shapeErrors.length)
      return showStep(reply, 400, { view, form, values, errors: shapeErrors, corrects });
    if (posted.action !== 'confirm')
      return showStep(reply, 200, { view, form, values, errors: [], corrects, check: true });
    const body = parse(recordEventSchema, { version: view.version, corrects, event: parsed.data });
    if (!body.ok) return showStep(reply, 400, { view, form, values, errors: body.errors, corrects });
    const result = await recordEvent(c, view.id, body.data);
    if (!result.ok)
      return showStep(reply, result.status === 409 ? 409 : 400, {
        view,
        form,
        values,
        errors: result.errors.map((e) => ({ field: formField(e.field), message: e.message })),
        corrects,
      });
    return reply.redirect(`/ehc/requests/${view.id}?saved=${type}`, 303);
  });

  app.get('/ehc/dashboard', { config: { access: 'ehc:read' } }, async (request, reply) => {
    const c = ctx(request);
    const thisYear = Number(c.today.slice(0, 4));
    const asked = query(request).year;
    const year =
      asked && /^\d{4}$/.test(asked) && Number(asked) >= 2014 && Number(asked) <= thisYear
        ? Number(asked)
        : thisYear;
    const d = await dashboard(c, year);
    const bands = (b: typeof d.timeliness.includingExceptions) => [
      { text: String(b.issued), format: 'numeric' },
      { text: String(b.within20Weeks), format: 'numeric' },
      {
        text: b.percentWithin20Weeks === null ? 'None issued' : `${b.percentWithin20Weeks}%`,
        format: 'numeric',
      },
      { text: String(b.over20To52Weeks), format: 'numeric' },
      { text: String(b.over52Weeks), format: 'numeric' },
    ];
    return reply.page('ehc/dashboard.njk', {
      pageTitle: 'SEND team dashboard',
      d,
      yearItems: Array.from({ length: Math.min(6, thisYear - 2013) }, (_, i) => thisYear - i).map((y) => ({
        value: String(y),
        text: String(y),
        selected: y === year,
      })),
      allocationRows: d.allocation.map((a) => [
        {
          html: a.coordinator
            ? `<a class="govuk-link" href="/ehc/requests?coordinator=${a.coordinator.id}">${escapeHtml(a.coordinator.name)}</a>`
            : '<a class="govuk-link" href="/ehc/requests?coordinator=none">Not allocated</a>',
        },
        { text: String(a.open), format: 'numeric' },
        { text: String(a.overdue), format: 'numeric' },
        { text: String(a.dueWithin7Days), format: 'numeric' },
      ]),
      stageHead: [
        { text: 'Stage' },
        ...weekBands.map((b) => ({ text: b.label, format: 'numeric' })),
        { text: 'Total', format: 'numeric' },
      ],
      stageRows: [
        ...d.open.stages.map((s) => [
          { text: stageLabels[s.stage] },
          ...s.counts.map((n) => ({ text: String(n), format: 'numeric' })),
          { text: String(s.total), format: 'numeric' },
        ]),
        [
          { text: 'All open', classes: 'govuk-!-font-weight-bold' },
          ...d.open.totals.map((n) => ({
            text: String(n),
            format: 'numeric',
            classes: 'govuk-!-font-weight-bold',
          })),
          { text: String(d.open.total), format: 'numeric', classes: 'govuk-!-font-weight-bold' },
        ],
      ],
      timelinessRows: [
        [{ text: 'Including exceptions' }, ...bands(d.timeliness.includingExceptions)],
        [{ text: 'Excluding exceptions' }, ...bands(d.timeliness.excludingExceptions)],
      ],
      breachStepRows: d.breachesByStep.map((b) => [
        { text: stepLabels[b.step as 'advice'] ?? b.step },
        { text: String(b.missed), format: 'numeric' },
        { text: String(b.excepted), format: 'numeric' },
      ]),
      breachRows: d.recentBreaches.map((b) => [
        {
          html: `<a class="govuk-link" href="/ehc/requests/${b.requestId}">${escapeHtml(childName(b.child))}</a>`,
        },
        { text: stepLabels[b.step as 'advice'] ?? b.step },
        { text: longDate(b.dueOn) },
        { text: b.doneOn ? `${b.daysLate} days late` : `${b.daysLate} days overdue` },
        { html: b.reasons.map(escapeHtml).join('<br>') },
      ]),
      chart: trendChart(d.weekly),
      weeklyRows: d.weekly.map((w) => [
        { text: longDate(w.weekStarting) },
        { text: String(w.received), format: 'numeric' },
        { text: String(w.issued), format: 'numeric' },
        { text: w.percentWithin20WeeksEx === null ? '–' : `${w.percentWithin20WeeksEx}%`, format: 'numeric' },
      ]),
    });
  });
}
