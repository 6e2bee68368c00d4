import type { FastifyInstance } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import {
  downloadLinks,
  type ExportTable,
  poundsColumn,
  requestedFormat,
  sendExport,
} from '../../../platform/exports/index.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import { fyLabel } from '../../../platform/kernel/financial-years.ts';
import { penceText } from '../../../platform/kernel/money.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { programmeContext } from '../context.ts';
import { benefitStatusLabels } from '../domain/benefits.ts';
import { liveMeasureLabels } from './live.ts';
import type { BenefitUnit } from './repo.ts';
import { getTracker, type TrackedBenefit, type Tracker, type YearTotals } from './service.ts';

/** The cost-benefit tracker: the money by year, each benefit against its plan, and the programme's value. */

const money = (p: number | null) => (p === null ? 'Not in yet' : penceText(Math.round(p)));
const num = (text: string) => ({ text, format: 'numeric' });

export function valueText(unit: BenefitUnit, v: number | null): string {
  if (v === null) return 'Not measured';
  const n = v.toLocaleString('en-GB', { maximumFractionDigits: 1 });
  return unit === 'percent'
    ? `${n}%`
    : unit === 'minutes'
      ? `${n} minutes`
      : unit === 'pounds'
        ? penceText(Math.round(v * 100))
        : n;
}

const statusTag = {
  achieved: 'govuk-tag--green',
  'on-track': 'govuk-tag--blue',
  behind: 'govuk-tag--red',
  'no-actual': 'govuk-tag--grey',
};

const yearsTable: ExportTable<YearTotals> = {
  fileStem: 'programme-costs-and-savings-by-year',
  sheetTitle: 'By year',
  columns: [
    { heading: 'Financial year', kind: 'text', value: (y) => fyLabel(y.year) },
    poundsColumn('Capital planned', (y) => y.capitalPlanned),
    poundsColumn('Capital actual', (y) => y.capitalActual),
    poundsColumn('Revenue planned', (y) => y.revenuePlanned),
    poundsColumn('Revenue actual', (y) => y.revenueActual),
    poundsColumn('Cashable savings planned', (y) => y.savingPlanned),
    poundsColumn('Cashable savings actual', (y) => y.savingActual),
  ],
};

const benefitsTable: ExportTable<TrackedBenefit> = {
  fileStem: 'programme-benefits',
  sheetTitle: 'Benefits',
  columns: [
    { heading: 'Benefit', kind: 'text', width: 40, value: (b) => b.name },
    { heading: 'Measure', kind: 'text', width: 50, value: (b) => b.measure },
    { heading: 'Read live from the records', kind: 'text', value: (b) => (b.liveMeasure ? 'Yes' : 'No') },
    { heading: 'Cashable', kind: 'text', value: (b) => (b.cashable ? 'Yes' : 'No') },
    { heading: 'Baseline', kind: 'decimal', value: (b) => b.baseline },
    { heading: 'Baseline year', kind: 'text', value: (b) => fyLabel(b.baselineYear) },
    { heading: 'Target', kind: 'decimal', value: (b) => b.target },
    { heading: 'Target year', kind: 'text', value: (b) => fyLabel(b.targetYear) },
    { heading: 'Latest actual', kind: 'decimal', value: (b) => b.latest?.actual ?? null },
    { heading: 'Latest year', kind: 'text', value: (b) => (b.latest ? fyLabel(b.latest.year) : '') },
    { heading: 'Status', kind: 'text', value: (b) => benefitStatusLabels[b.status] },
    { heading: 'Owner', kind: 'text', width: 24, value: (b) => b.ownerName },
  ],
};

function view(t: Tracker) {
  const plannedCost = t.years.reduce((s, y) => s + y.capitalPlanned + y.revenuePlanned, 0);
  const spent = t.years.reduce((s, y) => s + (y.capitalActual ?? 0) + (y.revenueActual ?? 0), 0);
  const projectName = new Map(t.projects.map((p) => [p.id, p.name]));
  return {
    summary: [
      ['Budget', penceText(t.programme.budgetPence)],
      [
        'Costs planned',
        `${penceText(plannedCost)} (${penceText(t.years.reduce((s, y) => s + y.capitalPlanned, 0))} capital, ${penceText(t.years.reduce((s, y) => s + y.revenuePlanned, 0))} revenue)`,
      ],
      ['Spent so far', penceText(spent)],
      ['Cashable savings planned', penceText(t.years.reduce((s, y) => s + y.savingPlanned, 0))],
      [
        `Net present value at ${(t.programme.discountRate * 100).toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`,
        `${t.planned.npvPence < 0 ? '−' : ''}${penceText(Math.abs(t.planned.npvPence))} as planned`,
      ],
      [
        'Pays back',
        t.planned.paybackYear
          ? `In ${fyLabel(t.planned.paybackYear)}, as planned`
          : 'Not within the years planned',
      ],
    ],
    yearRows: t.years.map((y) => [
      { text: fyLabel(y.year) },
      num(money(y.capitalPlanned)),
      num(money(y.capitalActual)),
      num(money(y.revenuePlanned)),
      num(money(y.revenueActual)),
      num(money(y.savingPlanned)),
      num(money(y.savingActual)),
    ]),
    benefitRows: t.benefits.map((b) => [
      {
        html: `<a class="govuk-link" href="/programme/${t.programme.id}/benefits/${b.id}">${escapeHtml(b.name)}</a>`,
      },
      {
        html: `${escapeHtml(b.measure)}${b.liveMeasure ? `<br><span class="govuk-body-s">Read live: ${escapeHtml(liveMeasureLabels[b.liveMeasure])}</span>` : ''}`,
      },
      num(`${valueText(b.unit, b.baseline)} (${fyLabel(b.baselineYear)})`),
      num(`${valueText(b.unit, b.target)} (${fyLabel(b.targetYear)})`),
      num(b.latest ? `${valueText(b.unit, b.latest.actual)} (${fyLabel(b.latest.year)})` : 'Not measured'),
      { html: `<strong class="govuk-tag ${statusTag[b.status]}">${benefitStatusLabels[b.status]}</strong>` },
      { text: b.projectIds.map((id) => projectName.get(id) ?? '').join(', ') },
    ]),
  };
}

export async function benefitPages(app: FastifyInstance, deps: ModuleDeps) {
  app.get('/programme/:id/benefits', { config: { access: 'programme:read' } }, async (request, reply) => {
    const ctx = programmeContext(request, deps.database, deps.clock);
    const { id } = request.params as { id: string };
    const t = await getTracker(ctx, id);
    const format = requestedFormat(request.query);
    const q = (request.query ?? {}) as Record<string, unknown>;
    if (format) {
      const audit = {
        database: ctx.database,
        actor: ctx,
        action: 'programme.benefits.exported',
        entityType: 'programme',
        filters: { programme: id, table: q.table === 'benefits' ? 'benefits' : 'years' },
      };
      return q.table === 'benefits'
        ? sendExport(reply, {
            format,
            today: ctx.today,
            table: benefitsTable,
            pages: async () => ({ rows: t.benefits }),
            audit,
          })
        : sendExport(reply, {
            format,
            today: ctx.today,
            table: yearsTable,
            pages: async () => ({ rows: t.years }),
            audit,
          });
    }
    return reply.page('programme/benefits.njk', {
      pageTitle: 'Costs and benefits',
      t,
      ...view(t),
      behind: t.benefits.filter((b) => b.status === 'behind').map((b) => b.name),
      canManage: can(ctx.principal.roles, 'programme:manage'),
      downloads: {
        years: downloadLinks(`/programme/${id}/benefits?table=years`),
        benefits: downloadLinks(`/programme/${id}/benefits?table=benefits`),
      },
    });
  });
}
