import type { FastifyReply } from 'fastify';
import { type ExportFormat, type ExportTable, sendExport } from '../../../platform/exports/index.ts';
import { fyLabel } from '../../../platform/kernel/financial-years.ts';
import type { PositionFigures } from '../domain/position.ts';
import { poundsAt as pounds, type Row, textColumn as text } from '../export-rows.ts';
import { lineName, outsideBlockLabels, placementTypeLabel } from '../presenters.ts';
import { type FundingContext, getPosition, type Position } from '../service.ts';

/**
 * Each of the position page's tables as it downloads, chosen by `table`, for the year shown:
 * money in pounds so a spreadsheet sums it. The position is sums, so no child is in any of them.
 */

interface PositionTable {
  table: ExportTable<Row>;
  rows(p: Position): Row[];
}

const figures = (f: PositionFigures): Row => ({
  budget: f.budget,
  committed: f.committed,
  awaitingApproval: f.awaitingApproval,
  expectedStarters: f.expectedStarters,
  forecast: f.forecast,
  variance: f.variance,
});

export const positionTables: Record<string, PositionTable> = {
  lines: {
    table: {
      fileStem: 'high-needs-position',
      sheetTitle: 'Position by budget line',
      columns: [
        text('Budget line', 'name', 40),
        text('Code', 'code', 22),
        text('In the budget', 'inBudget'),
        pounds('Budget', 'budget'),
        pounds('Committed', 'committed'),
        pounds('Waiting for approval', 'awaitingApproval'),
        pounds('Expected starters', 'expectedStarters'),
        pounds('Forecast', 'forecast'),
        pounds('Variance', 'variance'),
      ],
    },
    rows: (p) => [
      ...p.lines.map((l) => ({
        name: l.inBudget ? l.name : lineName(l.code),
        code: l.code,
        inBudget: l.inBudget ? 'Yes' : 'No',
        ...figures(l),
      })),
      { name: 'Total', code: null, inBudget: null, ...figures(p.totals) },
    ],
  },
  others: {
    table: {
      fileStem: 'high-needs-paid-by-others',
      sheetTitle: 'Paid by others',
      columns: [text('Paid by', 'payer', 40), pounds('Committed', 'pence')],
    },
    rows: (p) =>
      (Object.keys(outsideBlockLabels) as (keyof typeof outsideBlockLabels)[]).map((k) => ({
        payer: outsideBlockLabels[k],
        pence: p.outsideBlock[k],
      })),
  },
  unpriced: {
    table: {
      fileStem: 'high-needs-unpriced-starters',
      sheetTitle: 'Unpriced starters',
      columns: [
        text('Placement type', 'type', 40),
        { heading: 'Expected to start', kind: 'date', value: (r) => r.expectedStartOn ?? null },
      ],
    },
    rows: (p) =>
      [...p.unpricedStarters]
        .sort((a, b) => a.expectedStartOn.localeCompare(b.expectedStartOn))
        .map((s) => ({ type: placementTypeLabel(s.placementType), expectedStartOn: s.expectedStartOn })),
  },
  trend: {
    table: {
      fileStem: 'high-needs-trend',
      sheetTitle: 'Month by month',
      columns: [
        { heading: 'Position on', kind: 'date', value: (r) => r.takenOn ?? null },
        pounds('Budget', 'budgetPence'),
        pounds('Committed', 'committedPence'),
        pounds('Forecast', 'forecastPence'),
      ],
    },
    rows: (p) => p.trend.map((s) => ({ ...s })),
  },
};

export const isPositionTable = (name: string) => Object.hasOwn(positionTables, name);

/** One of the position's tables for the year, as a file; the export is one audit event. */
export function sendPositionExport(
  reply: FastifyReply,
  ctx: FundingContext,
  name: string,
  fy: number,
  format: ExportFormat,
) {
  const chosen = positionTables[name];
  if (!chosen) throw new Error(`no position table ${name}`);
  return sendExport(reply, {
    format,
    table: { ...chosen.table, fileStem: `${chosen.table.fileStem}-${fyLabel(fy)}` },
    today: ctx.today,
    pages: async () => ({ rows: chosen.rows(await getPosition(ctx, fy)) }),
    audit: {
      database: ctx.database,
      actor: ctx,
      action: 'finance.position.exported',
      entityType: 'high-needs-position',
      filters: { table: name, fy: fyLabel(fy) },
    },
  });
}
