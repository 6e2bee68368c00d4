import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import {
  downloadLinks,
  type ExportTable,
  poundsColumn,
  requestedFormat,
  sendExport,
} from '../../../platform/exports/index.ts';
import { formValues } from '../../../platform/http/forms.ts';
import { type FieldError, HttpProblem } from '../../../platform/http/problem.ts';
import { errorFor } from '../../../platform/http/validation.ts';
import { fyLabel } from '../../../platform/kernel/financial-years.ts';
import { parsePounds, penceText } from '../../../platform/kernel/money.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { type ProgrammeContext, programmeContext } from '../context.ts';
import { benefitStatusLabels, plannedFor } from '../domain/benefits.ts';
import { liveMeasureLabels } from './live.ts';
import { valueText } from './pages.ts';
import { getTracker, setBenefitYear, type Tracker } from './service.ts';

/** One benefit year by year, planned against actual, and the form that records a year's figures. */

const fields = ['year', 'planned', 'actual', 'plannedSaving', 'actualSaving'] as const;
const number = (v: string) => {
  const t = v.replace(/,/g, '').trim();
  return t === '' ? null : /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
};

export async function benefitPage(app: FastifyInstance, deps: ModuleDeps) {
  const context = (request: FastifyRequest) => programmeContext(request, deps.database, deps.clock);

  async function show(
    reply: FastifyReply,
    ctx: ProgrammeContext,
    t: Tracker,
    benefitId: string,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
  ) {
    const b = t.benefits.find((x) => x.id === benefitId);
    if (!b) throw new HttpProblem(404, 'Not Found', 'There is no such benefit in this programme.');
    const given = new Map(b.years.map((y) => [y.year, y]));
    return reply.code(status).page('programme/benefit.njk', {
      pageTitle: b.name,
      t,
      b,
      live: b.liveMeasure ? liveMeasureLabels[b.liveMeasure] : null,
      statusText: benefitStatusLabels[b.status],
      baselineText: `${valueText(b.unit, b.baseline)} in ${fyLabel(b.baselineYear)}`,
      targetText: `${valueText(b.unit, b.target)} by ${fyLabel(b.targetYear)}`,
      head: [
        { text: 'Year' },
        { text: 'Planned', format: 'numeric' },
        { text: 'Actual', format: 'numeric' },
        ...(b.cashable
          ? [
              { text: 'Saving planned', format: 'numeric' },
              { text: 'Saving made', format: 'numeric' },
            ]
          : []),
      ],
      rows: b.actuals.map((a) => {
        const y = given.get(a.year);
        return [
          { text: fyLabel(a.year) },
          { text: valueText(b.unit, plannedFor(b, a.year, y?.planned ?? null)), format: 'numeric' },
          { text: valueText(b.unit, a.actual), format: 'numeric' },
          ...(b.cashable
            ? [
                { text: y?.plannedPence != null ? penceText(y.plannedPence) : 'None', format: 'numeric' },
                { text: y?.actualPence != null ? penceText(y.actualPence) : 'Not in yet', format: 'numeric' },
              ]
            : []),
        ];
      }),
      values,
      downloads: downloadLinks(`/programme/${t.programme.id}/benefits/${b.id}`),
      canManage: can(ctx.principal.roles, 'programme:manage'),
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get(
    '/programme/:id/benefits/:benefitId',
    { config: { access: 'programme:read' } },
    async (request, reply) => {
      const ctx = context(request);
      const { id, benefitId } = request.params as { id: string; benefitId: string };
      const t = await getTracker(ctx, id);
      const format = requestedFormat(request.query);
      const b = t.benefits.find((x) => x.id === benefitId);
      if (format && b) {
        const given = new Map(b.years.map((y) => [y.year, y]));
        const table: ExportTable<{ year: number; actual: number | null }> = {
          fileStem: 'programme-benefit-by-year',
          sheetTitle: 'By year',
          columns: [
            { heading: 'Financial year', kind: 'text', value: (a) => fyLabel(a.year) },
            {
              heading: 'Planned',
              kind: 'decimal',
              value: (a) => plannedFor(b, a.year, given.get(a.year)?.planned ?? null),
            },
            { heading: 'Actual', kind: 'decimal', value: (a) => a.actual },
            poundsColumn('Saving planned', (a) => given.get(a.year)?.plannedPence ?? null),
            poundsColumn('Saving made', (a) => given.get(a.year)?.actualPence ?? null),
          ],
        };
        return sendExport(reply, {
          format,
          today: ctx.today,
          table,
          pages: async () => ({ rows: b.actuals }),
          audit: {
            database: ctx.database,
            actor: ctx,
            action: 'programme.benefits.exported',
            entityType: 'programme_benefit',
            filters: { benefit: benefitId },
          },
        });
      }
      return show(reply, ctx, t, benefitId, 200, {}, []);
    },
  );

  app.post(
    '/programme/:id/benefits/:benefitId',
    { config: { access: 'programme:manage' } },
    async (request, reply) => {
      const ctx = context(request);
      const { id, benefitId } = request.params as { id: string; benefitId: string };
      const values = formValues(request.body, fields);
      const errors: FieldError[] = [];
      const year = /^\d{4}$/.test(values.year.trim()) ? Number(values.year.trim()) : Number.NaN;
      if (Number.isNaN(year))
        errors.push({
          field: 'year',
          message: 'Enter the financial year it starts in, like 2027 for 2027-28',
        });
      const planned = number(values.planned);
      const actual = number(values.actual);
      for (const [field, v] of [
        ['planned', planned],
        ['actual', actual],
      ] as const)
        if (Number.isNaN(v)) errors.push({ field, message: 'Enter a number, like 120 or 62.5' });
      const money = (field: string, text: string) => {
        if (!text.trim()) return null;
        const p = parsePounds(text);
        if ('error' in p) {
          errors.push({ field, message: p.error });
          return null;
        }
        return p.pence;
      };
      const plannedPence = money('plannedSaving', values.plannedSaving);
      const actualPence = money('actualSaving', values.actualSaving);
      if (!errors.length)
        try {
          await setBenefitYear(ctx, id, benefitId, year, { planned, actual, plannedPence, actualPence });
          return reply.redirect(`/programme/${id}/benefits/${benefitId}`, 303);
        } catch (err) {
          if (!(err instanceof HttpProblem) || err.status !== 422) throw err;
          const box = (f: string) =>
            f === 'plannedPence' ? 'plannedSaving' : f === 'actualPence' ? 'actualSaving' : f;
          errors.push(...err.errors.map((e) => ({ ...e, field: box(e.field) })));
        }
      return show(
        reply,
        ctx,
        await getTracker(ctx, id),
        benefitId,
        errors.length ? 422 : 400,
        values,
        errors,
      );
    },
  );
}
