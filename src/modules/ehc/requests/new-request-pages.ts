import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { dateFromParts, type FormValues, formValues } from '../../../platform/http/forms.ts';
import { notFound } from '../../../platform/http/problem.ts';
import { errorFor, firstPerField, parse } from '../../../platform/http/validation.ts';
import type { ChildIdentity } from '../../children/index.ts';
import { ehcContext } from '../context.ts';
import { newRequestSchema, processKindLabels, requestSourceLabels } from '../domain/inputs.ts';
import type { Refusal } from '../domain/process.ts';
import { childName } from './presenters.ts';
import { childForNewRequest, openRequest } from './service.ts';
import type { FieldSpec } from './step-forms.ts';

/** Opening a request from a child's record: the form, check your answers, then the request's page. */

const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, text]) => ({ value, text }));
const fields: FieldSpec[] = [
  { kind: 'radios', name: 'kind', label: 'What kind of request is it?', options: options(processKindLabels) },
  {
    kind: 'date',
    name: 'receivedOn',
    label: 'Date the request was received',
    hint: 'The 20 weeks run from this day. For example, 27 3 2026',
  },
  { kind: 'radios', name: 'source', label: 'Who made the request?', options: options(requestSourceLabels) },
  { kind: 'text', name: 'requestedBy', label: 'Name of the person who asked' },
  {
    kind: 'radios',
    name: 'consent',
    label: 'Does the parent or young person consent to the assessment?',
    options: [
      { value: 'yes', text: 'Yes' },
      { value: 'no', text: 'No' },
    ],
  },
];
const names = [
  'kind',
  'receivedOn-day',
  'receivedOn-month',
  'receivedOn-year',
  'source',
  'requestedBy',
  'consent',
];

export async function newRequestPages(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const ctx = (request: FastifyRequest) => ehcContext(request, deps.database, deps.clock);

  function show(
    reply: FastifyReply,
    status: number,
    child: ChildIdentity,
    values: FormValues,
    errors: Refusal[],
    check = false,
  ) {
    return reply.code(status).page(check ? 'ehc/check-request.njk' : 'ehc/new-request.njk', {
      pageTitle: check ? 'Check your answers' : 'Open an EHC request',
      caption: childName(child),
      child,
      values,
      errors: errors.map((e) => ({
        text: e.message,
        href: `#${e.field === 'receivedOn' ? 'receivedOn-day' : e.field}`,
      })),
      fieldError: (f: string) => errorFor(errors, f),
      fields: fields.map((f) => ({
        ...f,
        items:
          f.kind === 'radios'
            ? f.options.map((o) => ({ ...o, checked: values[f.name] === o.value }))
            : undefined,
      })),
      answers: fields.map((f) => ({
        key: { text: f.label },
        value: {
          text:
            f.kind === 'date'
              ? `${values['receivedOn-day']}/${values['receivedOn-month']}/${values['receivedOn-year']}`
              : f.kind === 'radios'
                ? (f.options.find((o) => o.value === values[f.name])?.text ?? '')
                : (values[f.name] ?? ''),
        },
      })),
      hidden: Object.entries(values).map(([name, value]) => ({ name, value })),
    });
  }

  async function childOf(request: FastifyRequest, id: string | undefined) {
    const child = await childForNewRequest(ctx(request), id ?? '');
    if (!child) throw notFound('There is no child with this ID that you can see.');
    return child;
  }

  app.get('/ehc/requests/new', { config: { access: 'ehc:write' } }, async (request, reply) => {
    const child = await childOf(request, (request.query as { childId?: string }).childId);
    return show(reply, 200, child, { kind: 'new' }, []);
  });

  app.post('/ehc/requests/new', { config: { access: 'ehc:write' } }, async (request, reply) => {
    const posted = formValues(request.body, [...names, 'childId', 'action']);
    const child = await childOf(request, posted.childId);
    const values = Object.fromEntries(names.map((n) => [n, posted[n] ?? '']));
    if (posted.action === 'change') return show(reply, 200, child, values, []);
    const date = dateFromParts(
      'The date received',
      values['receivedOn-day'] ?? '',
      values['receivedOn-month'] ?? '',
      values['receivedOn-year'] ?? '',
    );
    const parsed = parse(newRequestSchema, {
      childId: child.id,
      kind: values.kind || undefined,
      receivedOn: date.ok ? date.value : undefined,
      source: values.source || undefined,
      requestedBy: values.requestedBy,
      consent: values.consent || undefined,
    });
    const errors = firstPerField([
      ...(date.ok ? [] : [{ field: 'receivedOn', message: date.message }]),
      ...(parsed.ok ? [] : parsed.errors),
    ]);
    if (!parsed.ok || errors.length) return show(reply, 400, child, values, errors);
    if (posted.action !== 'confirm') return show(reply, 200, child, values, [], true);
    const result = await openRequest(ctx(request), parsed.data);
    if (!result.ok) return show(reply, result.status === 409 ? 409 : 400, child, values, result.errors);
    return reply.redirect(`/ehc/requests/${result.request.id}?saved=opened`, 303);
  });
}
