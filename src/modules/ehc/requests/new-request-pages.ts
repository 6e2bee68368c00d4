import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { dateFromParts, type FormValues, formValues } from '../../../platform/http/forms.ts';
import { notFound } from '../../../platform/http/problem.ts';
import { errorFor, firstPerField, parse } from '../../../platform/http/validation.ts';
import { englishLas } from '../../../platform/kernel/english-las.ts';
import type { ChildIdentity } from '../../children/index.ts';
import { type EhcDeps, ehcContext } from '../context.ts';
import { newRequestSchema } from '../domain/inputs.ts';
import type { Refusal } from '../domain/process.ts';
import { processKindLabels, requestSourceLabels } from '../domain/vocabulary.ts';
import { childName } from './presenters.ts';
import { childForNewRequest, openRequest } from './service.ts';

/** Opening a request from a child's record: the form, check your answers, then the request's page. */

/** Each date's question, and its name in an error message (the same as the API's). */
const dates = {
  receivedOn: ['Date the request was received', 'The date received'],
  oldLaAwareOn: ['Date the old LA became aware of the move', 'The day the old LA became aware'],
  movedOn: ['Date of the move', 'The day of the move'],
} as const;
type DateName = keyof typeof dates;
const dateNames = Object.keys(dates) as DateName[];
const names = [
  'kind',
  'source',
  'requestedBy',
  'consent',
  'previousLaCode',
  ...dateNames.flatMap((d) => [`${d}-day`, `${d}-month`, `${d}-year`]),
];
/** The error summary lists problems in the order the questions come. */
const pageOrder = [
  'kind',
  'previousLaCode',
  'oldLaAwareOn',
  'movedOn',
  'receivedOn',
  'source',
  'requestedBy',
  'consent',
];
const laOptions = [...englishLas].map(([code, name]) => ({ value: code, text: `${name} (${code})` }));

/** Where an error sends the person: a date's day box, a transfer field without its `transfer.` prefix. */
const pageField = (field: string) => {
  const name = field.replace(/^transfer\./, '');
  return (dateNames as string[]).includes(name)
    ? `${name}-day`
    : name === 'transfer'
      ? 'previousLaCode'
      : name;
};

const dateText = (v: FormValues, d: DateName) =>
  v[`${d}-year`] ? `${v[`${d}-day`]}/${v[`${d}-month`]}/${v[`${d}-year`]}` : 'Not given';

export async function newRequestPages(app: FastifyInstance, deps: EhcDeps) {
  const ctx = (request: FastifyRequest) => ehcContext(request, deps);

  function show(
    reply: FastifyReply,
    status: number,
    child: ChildIdentity,
    values: FormValues,
    errors: Refusal[],
    check = false,
  ) {
    const transfer = values.kind === 'transfer-in';
    const label = (labels: Record<string, string>, v: string | undefined) => (v ? (labels[v] ?? '') : '');
    return reply.code(status).page(check ? 'ehc/check-request.njk' : 'ehc/new-request.njk', {
      pageTitle: check ? 'Check your answers' : 'Open an EHC request',
      caption: childName(child),
      child,
      values,
      errors: errors.map((e) => ({ text: e.message, href: `#${pageField(e.field)}` })),
      fieldError: (f: string) =>
        errorFor(
          errors.map((e) => ({ ...e, field: e.field.replace(/^transfer\.?/, '') || 'previousLaCode' })),
          f,
        ),
      kindItems: Object.entries(processKindLabels).map(([value, text]) => ({
        value,
        text,
        checked: values.kind === value,
      })),
      sourceItems: Object.entries(requestSourceLabels).map(([value, text]) => ({
        value,
        text,
        checked: values.source === value,
      })),
      consentItems: [
        { value: 'yes', text: 'Yes', checked: values.consent === 'yes' },
        { value: 'no', text: 'No', checked: values.consent === 'no' },
      ],
      laItems: [
        { value: '', text: 'Choose the LA' },
        ...laOptions.map((o) => ({ ...o, selected: o.value === values.previousLaCode })),
      ],
      answers: [
        ['What kind of request is it?', label(processKindLabels, values.kind)],
        ...(transfer
          ? [
              ['LA the plan is transferring from', englishLas.get(values.previousLaCode ?? '') ?? ''],
              [dates.oldLaAwareOn[0], dateText(values, 'oldLaAwareOn')],
              [dates.movedOn[0], dateText(values, 'movedOn')],
            ]
          : []),
        [transfer ? 'Date we were told of the move' : dates.receivedOn[0], dateText(values, 'receivedOn')],
        ['Who made the request?', label(requestSourceLabels, values.source)],
        ['Name of the person who asked', values.requestedBy ?? ''],
        [
          'Does the parent or young person consent to the assessment?',
          label({ yes: 'Yes', no: 'No' }, values.consent),
        ],
      ].map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
      hidden: Object.entries(values).map(([name, value]) => ({ name, value })),
    });
  }

  async function childOf(request: FastifyRequest, id: string | undefined) {
    const child = await childForNewRequest(ctx(request), id ?? '');
    if (!child) throw notFound('There is no child with this ID that you can see.');
    return child;
  }

  app.get('/ehc/requests/new', { config: { access: 'ehc:write' } }, async (request, reply) => {
    const q = request.query as { childId?: string; kind?: string };
    const child = await childOf(request, q.childId);
    const kind = q.kind && Object.hasOwn(processKindLabels, q.kind) ? q.kind : 'new';
    return show(reply, 200, child, { kind }, []);
  });

  app.post('/ehc/requests/new', { config: { access: 'ehc:write' } }, async (request, reply) => {
    const posted = formValues(request.body, [...names, 'childId', 'action']);
    const child = await childOf(request, posted.childId);
    const values = Object.fromEntries(names.map((n) => [n, posted[n] ?? '']));
    if (posted.action === 'change') return show(reply, 200, child, values, []);
    const transfer = values.kind === 'transfer-in';
    const parts = Object.fromEntries(
      dateNames.map((d) => [
        d,
        dateFromParts(
          dates[d][1],
          values[`${d}-day`] ?? '',
          values[`${d}-month`] ?? '',
          values[`${d}-year`] ?? '',
        ),
      ]),
    ) as Record<DateName, ReturnType<typeof dateFromParts>>;
    const value = (d: DateName) => {
      const p = parts[d];
      return p.ok ? p.value : undefined;
    };
    const parsed = parse(newRequestSchema, {
      childId: child.id,
      kind: values.kind || undefined,
      receivedOn: value('receivedOn'),
      source: values.source || undefined,
      requestedBy: values.requestedBy,
      consent: values.consent || undefined,
      transfer: transfer
        ? {
            previousLaCode: values.previousLaCode || undefined,
            oldLaAwareOn: value('oldLaAwareOn'),
            movedOn: value('movedOn'),
          }
        : null,
    });
    const dateProblems = dateNames.flatMap((d) => {
      const p = parts[d];
      return p.ok || (!transfer && d !== 'receivedOn') ? [] : [{ field: d, message: p.message }];
    });
    const errors = firstPerField([
      ...dateProblems,
      ...(parsed.ok ? [] : parsed.errors.map((e) => ({ ...e, field: e.field.replace(/^transfer\./, '') }))),
    ]).sort((a, b) => pageOrder.indexOf(a.field) - pageOrder.indexOf(b.field));
    if (!parsed.ok || errors.length) return show(reply, 400, child, values, errors);
    if (posted.action !== 'confirm') return show(reply, 200, child, values, [], true);
    const result = await openRequest(ctx(request), parsed.data);
    if (!result.ok) return show(reply, result.status === 409 ? 409 : 400, child, values, result.errors);
    return reply.redirect(`/ehc/requests/${result.request.id}?saved=opened`, 303);
  });
}
