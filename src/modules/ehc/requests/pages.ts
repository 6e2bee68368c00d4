import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import { type FormValues, formValues } from '../../../platform/http/forms.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import { HttpProblem } from '../../../platform/http/problem.ts';
import { errorFor, firstPerField, parse } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { type EhcDeps, ehcContext } from '../context.ts';
import { documentsAvailable } from '../documents/domain/documents.ts';
import { documentRows } from '../documents/pages.ts';
import { letterSentHead, letterSentRows } from '../documents/presenters.ts';
import { lettersOfRequest } from '../documents/service.ts';
import { eventInputSchema, recordEventSchema } from '../domain/inputs.ts';
import type { Refusal } from '../domain/process.ts';
import { referenceOf } from '../domain/reference.ts';
import {
  childName,
  deadlineRows,
  describeEvent,
  eventDate,
  nextStepPanel,
  requestSummaryRows,
  taskListItems,
} from './presenters.ts';
import { allocate, caseworkers, getRequest, type RequestView, recordEvent } from './service.ts';
import {
  answerRows,
  askedFields,
  eventFromForm,
  formField,
  formNames,
  isStepType,
  pageFieldId,
  type StepForm,
  stepForms,
  valuesFromBody,
} from './step-forms.ts';

const savedMessages: Record<string, string> = {
  opened: 'The request has been opened',
  allocated: 'The request has been allocated',
};

const param = (request: FastifyRequest, name: string) =>
  (request.params as Record<string, string>)[name] ?? '';
const query = (request: FastifyRequest) => request.query as Record<string, string | undefined>;

export async function requestPages(app: FastifyInstance, deps: EhcDeps) {
  const ctx = (request: FastifyRequest) => ehcContext(request, deps);
  const may = (request: FastifyRequest, p: 'ehc:write' | 'ehc:allocate') =>
    can(request.principal?.roles ?? [], p);

  app.get('/ehc/requests/:id', { config: { access: 'ehc:read' } }, async (request, reply) => {
    const c = ctx(request);
    const view = await getRequest(c, param(request, 'id'));
    const write = may(request, 'ehc:write');
    const allocating = may(request, 'ehc:allocate');
    const saved = query(request).saved;
    return reply.page('ehc/request.njk', {
      pageTitle: `EHC request: ${childName(view.child)}`,
      view,
      reference: referenceOf(view.id),
      flash: saved ? (savedMessages[saved] ?? 'The step has been recorded') : undefined,
      summaryRows: requestSummaryRows(view),
      deadlineRows: deadlineRows(view.deadlines, view),
      next: nextStepPanel(view, write),
      tasks: taskListItems(view, c.today, write),
      planExists: view.plan !== null,
      documentRows: view.state.facts
        ? documentRows(view.id, documentsAvailable(view.state.facts, view.plan !== null))
        : [],
      letterSentHead,
      letterSentRows: letterSentRows(`/ehc/requests/${view.id}/letters`, await lettersOfRequest(c, view.id)),
      otherTasks: taskListItems(view, c.today, write, false),
      history: view.events.map((e) => [
        { text: eventDate(e.body) },
        { text: describeEvent(e.body, view.state.subjects) + (e.correctedBy ? ' (corrected)' : '') },
        { text: `${e.recordedBy ?? 'Unknown'}, ${longDate(e.recordedAt.toISOString().slice(0, 10))}` },
        {
          html:
            write && !e.correctedBy && e.body.type !== 'request-received'
              ? `<a class="govuk-link" href="/ehc/requests/${view.id}/steps/${e.body.type}?corrects=${e.id}">Correct<span class="govuk-visually-hidden"> ${escapeHtml(describeEvent(e.body, view.state.subjects))}</span></a>`
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
      today: string;
      check?: boolean;
    },
  ) {
    const { view, form, values, errors, corrects } = s;
    const asked = askedFields(form, view, s.today);
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
      fields: asked.map((f) => ({
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
        ? answerRows(asked, values, view, !!corrects).map((a) => ({
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
    const c = ctx(request);
    const view = await getRequest(c, param(request, 'id'));
    const form = stepForms[type];
    const corrects = query(request).corrects ?? null;
    const corrected = corrects
      ? view.events.find((e) => e.id === corrects && e.body.type === type)
      : undefined;
    if (corrects && !corrected) return reply.callNotFound();
    const q = query(request);
    // The request page's "next step" button names the advice or consultation it is about.
    const values = corrected
      ? valuesFromBody(form, corrected.body)
      : Object.fromEntries(
          (['adviceId', 'consultationId'] as const).flatMap((k) => (q[k] ? [[k, q[k]]] : [])),
        );
    return showStep(reply, 200, {
      view,
      form,
      values,
      errors: [],
      corrects: corrected?.id ?? null,
      today: c.today,
    });
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
    if (posted.action === 'change')
      return showStep(reply, 200, { view, form, values, errors: [], corrects, today: c.today });
    const { input, problems } = eventFromForm(form, values);
    const parsed = parse(eventInputSchema, input);
    const shapeErrors = firstPerField([
      ...problems,
      ...(parsed.ok ? [] : parsed.errors.map((e) => ({ field: formField(e.field), message: e.message }))),
    ]);
    if (!parsed.ok || shapeErrors.length)
      return showStep(reply, 400, { view, form, values, errors: shapeErrors, corrects, today: c.today });
    if (posted.action !== 'confirm')
      return showStep(reply, 200, { view, form, values, errors: [], corrects, check: true, today: c.today });
    const body = parse(recordEventSchema, { version: view.version, corrects, event: parsed.data });
    if (!body.ok)
      return showStep(reply, 400, { view, form, values, errors: body.errors, corrects, today: c.today });
    const result = await recordEvent(c, view.id, body.data);
    if (!result.ok)
      return showStep(reply, result.status === 409 ? 409 : 400, {
        view,
        form,
        values,
        errors: result.errors.map((e) => ({ field: formField(e.field), message: e.message })),
        corrects,
        today: c.today,
      });
    return reply.redirect(`/ehc/requests/${view.id}?saved=${type}`, 303);
  });
}
