import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import { dateFromParts, type FormValues, formValues } from '../../../platform/http/forms.ts';
import { errorFor, firstPerField, parse } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { type EhcDeps, ehcContext } from '../context.ts';
import type { Refusal } from '../domain/process.ts';
import { closureDays, closuresBetween, qualifyingClosureDays } from '../domain/term-dates.ts';
import { addTerm, listTerms, removeTerm, termSchema } from './service.ts';

const names = [
  'name',
  'startsOn-day',
  'startsOn-month',
  'startsOn-year',
  'endsOn-day',
  'endsOn-month',
  'endsOn-year',
];

export async function termPages(app: FastifyInstance, deps: EhcDeps) {
  const ctx = (request: FastifyRequest) => ehcContext(request, deps);

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    values: FormValues,
    errors: Refusal[],
    saved?: string,
  ) {
    const terms = await listTerms(ctx(request));
    const editable = can(request.principal?.roles ?? [], 'ehc:terms');
    const closures = closuresBetween(terms);
    return reply.code(status).page('ehc/terms.njk', {
      pageTitle: 'School term dates',
      editable,
      // An administrator keeps the term dates without working the EHC caseload.
      back: can(request.principal?.roles ?? [], 'ehc:read')
        ? { href: '/ehc', text: 'Back to EHC requests' }
        : { href: '/', text: 'Back to home' },
      values,
      flash: saved,
      errors: errors.map((e) => ({
        text: e.message,
        href: `#${e.field === 'name' ? 'name' : `${e.field}-day`}`,
      })),
      fieldError: (f: string) => errorFor(errors, f),
      termRows: terms.map((t) => [
        { text: t.name },
        { text: longDate(t.startsOn) },
        { text: longDate(t.endsOn) },
        {
          html: editable
            ? `<form method="post" action="/ehc/terms/${t.id}/delete" novalidate><input type="hidden" name="_csrf" value="${reply.generateCsrf()}"><button type="submit" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">Remove<span class="govuk-visually-hidden"> ${t.name.replace(/[<>&"]/g, '')}</span></button></form>`
            : '',
        },
      ]),
      closureRows: closures.map((c) => [
        { text: longDate(c.from) },
        { text: longDate(c.to) },
        { text: String(closureDays(c)), format: 'numeric' },
        { text: closureDays(c) >= qualifyingClosureDays ? 'Yes' : 'No' },
      ]),
    });
  }

  app.get('/ehc/terms', { config: { access: 'ehc:read' } }, async (request, reply) =>
    show(
      request,
      reply,
      200,
      {},
      [],
      (request.query as { saved?: string }).saved ? 'The term dates have been saved' : undefined,
    ),
  );

  app.post('/ehc/terms', { config: { access: 'ehc:terms' } }, async (request, reply) => {
    const v = formValues(request.body, names);
    const problems: Refusal[] = [];
    const date = (f: string, label: string) => {
      const d = dateFromParts(label, v[`${f}-day`] ?? '', v[`${f}-month`] ?? '', v[`${f}-year`] ?? '');
      if (!d.ok) problems.push({ field: f, message: d.message });
      return d.ok ? d.value : undefined;
    };
    const input = {
      name: v.name,
      startsOn: date('startsOn', 'The first day'),
      endsOn: date('endsOn', 'The last day'),
    };
    const parsed = parse(termSchema, input);
    const errors = firstPerField([...problems, ...(parsed.ok ? [] : parsed.errors)]);
    if (!parsed.ok || errors.length) return show(request, reply, 400, v, errors);
    const result = await addTerm(ctx(request), parsed.data);
    if (!result.ok) return show(request, reply, 400, v, result.errors);
    return reply.redirect('/ehc/terms?saved=yes', 303);
  });

  app.post('/ehc/terms/:id/delete', { config: { access: 'ehc:terms' } }, async (request, reply) => {
    await removeTerm(ctx(request), (request.params as { id: string }).id);
    return reply.redirect('/ehc/terms?saved=yes', 303);
  });
}
