import type { FastifyInstance } from 'fastify';
import { can } from '../../../../platform/auth/roles.ts';
import { downloadLinks, requestedFormat } from '../../../../platform/exports/index.ts';
import { longDate } from '../../../../platform/kernel/dates.ts';
import { penceText } from '../../../../platform/kernel/money.ts';
import { percentText, wholeNumber } from '../../../../platform/kernel/numbers.ts';
import { incomeChart } from '../chart.ts';
import { unitsText } from '../domain/catalogue.ts';
import { yearEnd, yearLabel } from '../domain/years.ts';
import { reportTables, sendTradedExport } from '../export.ts';
import {
  buyBackHead,
  type Cell,
  incomeHead,
  incomeMonthHead,
  money,
  monthText,
  numeric,
  percentCell,
  type ToDo,
  uptakeHead,
} from '../presenters.ts';
import { type Reports, tradedReports } from '../report-service.ts';
import { contextOf, type Deps, query, readYear, tableParam, yearChoices } from './common.ts';

/** A year's uptake, income and buy-back for the LA, each table downloadable, the chart with its table. */

const bold = 'govuk-!-font-weight-bold';
const tables = Object.keys(reportTables) as (keyof typeof reportTables)[];

function uptakeRows(r: Reports): Cell[][] {
  const u = r.uptake;
  return [
    ...u.rows.map((x) => [
      { text: x.name },
      numeric(wholeNumber(x.orders)),
      numeric(`${wholeNumber(x.schoolsBuying)} of ${wholeNumber(u.schoolsInLa)}`),
      percentCell(x.percent),
      numeric(unitsText(x.unit, x.unitsOrdered)),
      numeric(unitsText(x.unit, x.unitsDelivered)),
    ]),
    [
      { text: 'Any service', classes: bold },
      numeric(wholeNumber(u.rows.reduce((s, x) => s + x.orders, 0)), bold),
      numeric(`${wholeNumber(u.schoolsBuying)} of ${wholeNumber(u.schoolsInLa)}`, bold),
      percentCell(u.percent, bold),
      { text: '' },
      { text: '' },
    ],
  ];
}

function monthRows(r: Reports): Cell[][] {
  return [
    ...r.income.byMonth.map((m) => [
      { text: monthText(m.month) },
      money(m.orderedPence),
      money(m.deliveredPence),
    ]),
    [
      { text: 'Total', classes: bold },
      money(r.income.totals.orderedPence, bold),
      money(r.income.totals.deliveredPence, bold),
    ],
  ];
}

const incomeRows = (r: Reports): Cell[][] =>
  r.income.rows.map((x) => [
    { text: x.name },
    { text: monthText(x.month) },
    money(x.orderedPence),
    money(x.deliveredPence),
  ]);

function buyBackRows(r: Reports): Cell[][] {
  const b = r.buyBack;
  return [
    ...b.rows.map((x) => [
      { text: x.name },
      numeric(wholeNumber(x.orders)),
      money(x.orderedPence),
      money(x.deliveredPence),
      percentCell(x.percent),
    ]),
    [
      { text: 'Total', classes: bold },
      numeric(wholeNumber(b.rows.reduce((s, x) => s + x.orders, 0)), bold),
      money(b.orderedPence, bold),
      money(b.deliveredPence, bold),
      percentCell(b.percent, bold),
    ],
  ];
}

/** The buy-back in one line, as a finance officer would say it. */
function headline(r: Reports): string {
  const b = r.buyBack;
  if (b.delegatedTotalPence === null)
    return `${penceText(b.orderedPence)} of orders in ${r.label} are paid from delegated SEND funding. There is no academic-year pot for ${r.label}, so there is no delegated total to set it against.`;
  return `${penceText(b.orderedPence)} of the ${penceText(b.delegatedTotalPence)} delegated to clusters in ${r.label} comes back to the LA as orders: ${percentText(b.percent)}. ${penceText(b.deliveredPence)} of it has been delivered (${percentText(b.deliveredPercent)}).`;
}

function toDos(r: Reports, canManageFunding: boolean, today: string): ToDo[] {
  const items: ToDo[] = [];
  if (!r.hasPots)
    items.push({
      text: `No academic-year pot is set up for ${r.label}, so buy-back cannot be shown as a share of delegated funding.`,
      ...(canManageFunding ? { link: { href: '/funding', text: 'Set up the year’s pots' } } : {}),
    });
  const owed = r.income.totals.orderedPence - r.income.totals.deliveredPence;
  if (owed > 0 && yearEnd(r.year) >= today)
    items.push({
      text: `${penceText(owed)} of what was ordered for ${r.label} is still to be delivered, by ${longDate(yearEnd(r.year))}.`,
      link: { href: '/traded#awaiting', text: 'See the orders waiting for delivery' },
    });
  return items;
}

export async function reportsPage(app: FastifyInstance, deps: Deps) {
  app.get('/traded/reports', { config: { access: 'traded:read' } }, async (request, reply) => {
    const ctx = contextOf(request, deps);
    const q = query(request);
    const chosen = readYear(q.year, ctx.today);
    if (!chosen.ok)
      return reply.code(400).page('funding/traded/reports.njk', {
        pageTitle: 'Traded services reports',
        yearItems: yearChoices(ctx.today, null),
        errors: [{ text: chosen.message, href: '#year' }],
        yearError: { text: chosen.message },
      });
    const year = chosen.year;
    const format = requestedFormat(q);
    if (format) {
      const table = tableParam(request, tables) as keyof typeof reportTables;
      return sendTradedExport(reply, ctx, reportTables[table], format, { year: yearLabel(year) }, () =>
        tradedReports(ctx, year),
      );
    }
    const r = await tradedReports(ctx, year);
    return reply.page('funding/traded/reports.njk', {
      pageTitle: `Traded services in ${r.label}`,
      r,
      yearItems: yearChoices(ctx.today, year),
      headline: headline(r),
      todos: toDos(r, can(ctx.principal.roles, 'finance:manage'), ctx.today),
      uptakeHead,
      uptakeRows: uptakeRows(r),
      chart: incomeChart(r.label, r.income),
      incomeMonthHead,
      monthRows: monthRows(r),
      incomeHead,
      incomeRows: incomeRows(r),
      buyBackHead,
      buyBackRows: buyBackRows(r),
      downloads: Object.fromEntries(
        tables.map((t) => [
          t,
          downloadLinks(`/traded/reports?${new URLSearchParams({ year: r.label, table: t })}`),
        ]),
      ),
    });
  });
}
