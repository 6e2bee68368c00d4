import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formValues } from '../../../platform/http/forms.ts';
import { type FieldError, HttpProblem } from '../../../platform/http/problem.ts';
import { errorFor, firstPerField, parse } from '../../../platform/http/validation.ts';
import { parsePounds } from '../../../platform/kernel/money.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { type ProgrammeContext, programmeContext } from '../context.ts';
import { getProgramme, type ProgrammeView } from '../structure/service.ts';
import { liveMeasureLabels } from './live.ts';
import { benefitSchema, costSchema } from './schemas.ts';
import { addBenefit, setCost } from './service.ts';

/** The programme manager's forms for the tracker: a project's cost for a year, and a benefit. */

const costFields = ['projectId', 'kind', 'year', 'planned', 'actual'] as const;
const benefitFields = [
  'name',
  'measure',
  'unit',
  'direction',
  'cashable',
  'baseline',
  'baselineYear',
  'target',
  'targetYear',
  'liveMeasure',
  'ownerName',
] as const;

const whole = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim() === '' ? undefined : v);
const decimal = (v: string) => {
  const t = v.replace(/,/g, '').trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t === '' ? undefined : t;
};

export async function trackerForms(app: FastifyInstance, deps: ModuleDeps) {
  const manage = { config: { access: 'programme:manage' as const } };
  const context = (request: FastifyRequest) => programmeContext(request, deps.database, deps.clock);
  const programmeOf = async (ctx: ProgrammeContext, id: string): Promise<ProgrammeView> => {
    const v = await getProgramme(ctx, id);
    if (!v) throw new HttpProblem(404, 'Not Found', 'There is no such programme in your LA.');
    return v;
  };

  const showCost = (
    reply: FastifyReply,
    v: ProgrammeView,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
  ) =>
    reply.code(status).page('programme/cost-form.njk', {
      pageTitle: 'Record a cost',
      v,
      values,
      projectItems: [
        { value: '', text: 'Choose a project' },
        ...v.projects.map((p) => ({ value: p.id, text: p.name, selected: p.id === values.projectId })),
      ],
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (f: string) => errorFor(errors, f),
    });

  app.get('/programme/:id/costs/new', manage, async (request, reply) =>
    showCost(reply, await programmeOf(context(request), (request.params as { id: string }).id), 200, {}, []),
  );
  app.post('/programme/:id/costs/new', manage, async (request, reply) => {
    const ctx = context(request);
    const { id } = request.params as { id: string };
    const values = formValues(request.body, costFields);
    const planned = parsePounds(values.planned);
    const actual = values.actual.trim() ? parsePounds(values.actual) : null;
    const input = {
      projectId: values.projectId,
      kind: values.kind,
      year: whole(values.year),
      plannedPence: 'pence' in planned ? planned.pence : undefined,
      actualPence: actual && 'pence' in actual ? actual.pence : null,
    };
    const parsed = parse(costSchema, input);
    const errors = firstPerField([
      ...('error' in planned ? [{ field: 'planned', message: planned.error }] : []),
      ...(actual && 'error' in actual ? [{ field: 'actual', message: actual.error }] : []),
      ...(parsed.ok
        ? []
        : parsed.errors.filter((e) => e.field !== 'plannedPence' && e.field !== 'actualPence')),
    ]);
    if (errors.length) return showCost(reply, await programmeOf(ctx, id), 400, values, errors);
    try {
      await setCost(ctx, id, input);
    } catch (err) {
      if (!(err instanceof HttpProblem) || err.status !== 422) throw err;
      const mapped = err.errors.map((e) => ({ ...e, field: e.field === 'actualPence' ? 'actual' : e.field }));
      return showCost(reply, await programmeOf(ctx, id), 422, values, mapped);
    }
    return reply.redirect(`/programme/${id}/benefits`, 303);
  });

  const showBenefit = (
    reply: FastifyReply,
    v: ProgrammeView,
    status: number,
    values: Record<string, string>,
    chosen: string[],
    errors: FieldError[],
  ) =>
    reply.code(status).page('programme/benefit-form.njk', {
      pageTitle: 'Add a benefit',
      v,
      values,
      projectItems: v.projects.map((p) => ({ value: p.id, text: p.name, checked: chosen.includes(p.id) })),
      liveItems: [
        { value: '', text: 'No: its owner records it' },
        ...Object.entries(liveMeasureLabels).map(([value, text]) => ({
          value,
          text,
          selected: value === values.liveMeasure,
        })),
      ],
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (f: string) => errorFor(errors, f),
    });

  app.get('/programme/:id/benefits/new', manage, async (request, reply) =>
    showBenefit(
      reply,
      await programmeOf(context(request), (request.params as { id: string }).id),
      200,
      {},
      [],
      [],
    ),
  );
  app.post('/programme/:id/benefits/new', manage, async (request, reply) => {
    const ctx = context(request);
    const { id } = request.params as { id: string };
    const values = formValues(request.body, benefitFields);
    const raw = (request.body ?? {}) as Record<string, unknown>;
    const chosen = (Array.isArray(raw.projectIds) ? raw.projectIds : [raw.projectIds]).filter(
      (x): x is string => typeof x === 'string',
    );
    const input = {
      name: values.name,
      measure: values.measure,
      unit: values.unit,
      direction: values.direction,
      cashable: values.cashable === 'yes' ? true : values.cashable === 'no' ? false : undefined,
      baseline: decimal(values.baseline),
      baselineYear: whole(values.baselineYear),
      target: decimal(values.target),
      targetYear: whole(values.targetYear),
      liveMeasure: values.liveMeasure || null,
      ownerName: values.ownerName,
      projectIds: chosen,
      years: [],
    };
    const parsed = parse(benefitSchema, input);
    const field = (f: string) => (f.startsWith('projectIds') ? 'projectIds' : f);
    const errors = firstPerField(
      parsed.ok ? [] : parsed.errors.map((e) => ({ ...e, field: field(e.field) })),
    );
    if (errors.length) return showBenefit(reply, await programmeOf(ctx, id), 400, values, chosen, errors);
    try {
      await addBenefit(ctx, id, input);
    } catch (err) {
      if (!(err instanceof HttpProblem) || err.status !== 422) throw err;
      return showBenefit(
        reply,
        await programmeOf(ctx, id),
        422,
        values,
        chosen,
        err.errors.map((e) => ({ ...e, field: field(e.field) })),
      );
    }
    return reply.redirect(`/programme/${id}/benefits`, 303);
  });
}
