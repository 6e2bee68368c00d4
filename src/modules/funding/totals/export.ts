import type { FastifyReply } from 'fastify';
import {
  type ExportFormat,
  type ExportTable,
  poundsColumn,
  sendExport,
} from '../../../platform/exports/index.ts';
import { fyLabel } from '../../../platform/kernel/financial-years.ts';
import type { FundingContext } from '../context.ts';
import type { Figures, Grouping } from './domain/totals.ts';
import { groupingLabels, groupingPhrases, groupLabel, ofstedGroupLabels } from './presenters.ts';
import { allTotals, authoriseGrouping, namesOfChildren, type Totals } from './service.ts';

/**
 * The year's totals as they download, every group and the totals row last, money in pounds so a
 * spreadsheet sums it. By child the file names children: its audit event names every one of them.
 */

interface Row extends Figures {
  label: string;
  /** A type's, need's or grade's code; a child's ID; null for the totals row and for names. */
  code: string | null;
  ofsted: string | null;
  childId: string | null;
  /** The whole year's forecast, for each row's share of it. */
  wholeForecastPence: number;
}

const pounds = (heading: string, value: (r: Row) => number | null) => poundsColumn(heading, value);

export function totalsTable(by: Grouping, fy: number): ExportTable<Row> {
  const coded = by === 'type' || by === 'need' || by === 'ofsted';
  return {
    fileStem: `high-needs-totals-by-${by}-${fyLabel(fy)}`,
    sheetTitle: `By ${groupingPhrases[by]}`,
    columns: [
      { heading: groupingLabels[by], kind: 'text', width: 40, value: (r) => r.label },
      ...(coded ? [{ heading: 'Code', kind: 'text', width: 22, value: (r: Row) => r.code } as const] : []),
      ...(by === 'provider'
        ? [{ heading: 'Ofsted grade', kind: 'text', width: 22, value: (r: Row) => r.ofsted } as const]
        : []),
      { heading: 'Children', kind: 'integer', value: (r) => r.children },
      { heading: 'Placements', kind: 'integer', value: (r) => r.placements },
      pounds('Committed', (r) => r.committedPence),
      pounds('Waiting for approval', (r) => r.awaitingApprovalPence),
      pounds('Expected starters', (r) => r.expectedStartersPence),
      pounds('Forecast to 31 March', (r) => r.forecastPence),
      {
        heading: 'Share of the forecast',
        kind: 'percent',
        value: (r) => (r.wholeForecastPence > 0 ? (r.forecastPence / r.wholeForecastPence) * 100 : null),
      },
      pounds('Paid by others', (r) => r.paidByOthersPence),
      pounds('Average a child', (r) => r.averagePerChildPence),
      ...(by === 'child'
        ? [{ heading: 'Child ID', kind: 'text', width: 38, value: (r: Row) => r.childId } as const]
        : []),
    ],
    ...(by === 'child' ? { childIdsOf: (r: Row) => [r.childId] } : {}),
  };
}

/** Children named a thousand at a time, each in its own short transaction, between pages of the file. */
const namesPerPage = 1_000;

function rowsOf(t: Totals, from: number, to: number, names: Map<string, string>): Row[] {
  const whole = t.totals.forecastPence;
  return t.groups.slice(from, to).map((g) => ({
    ...g,
    label: groupLabel(t.by, { ...g, childName: names.get(g.key) ?? null }),
    code: t.by === 'type' || t.by === 'need' || t.by === 'ofsted' ? g.key : null,
    ofsted: g.ofsted ? ofstedGroupLabels[g.ofsted] : null,
    childId: t.by === 'child' ? g.key : null,
    wholeForecastPence: whole,
  }));
}

export function sendTotalsExport(
  reply: FastifyReply,
  ctx: FundingContext,
  fy: number,
  by: Grouping,
  format: ExportFormat,
) {
  // Refused before the download starts, so a refusal is not recorded as a failed export.
  authoriseGrouping(ctx, by);
  let totals: Totals | undefined;
  return sendExport(reply, {
    format,
    table: totalsTable(by, fy),
    today: ctx.today,
    pages: async (from?: number) => {
      totals ??= await allTotals(ctx, fy, by);
      const t = totals;
      const start = from ?? 0;
      const end = by === 'child' ? start + namesPerPage : t.groups.length;
      const names =
        by === 'child'
          ? await namesOfChildren(
              ctx,
              t.groups.slice(start, end).map((g) => g.key),
            )
          : new Map();
      const rows = rowsOf(t, start, end, names);
      if (end < t.groups.length) return { rows, next: end };
      const total: Row = {
        ...t.totals,
        label: 'Total',
        code: null,
        ofsted: null,
        childId: null,
        wholeForecastPence: t.totals.forecastPence,
      };
      return { rows: [...rows, total] };
    },
    audit: {
      database: ctx.database,
      actor: ctx,
      action: 'finance.totals.exported',
      entityType: 'high-needs-totals',
      filters: { fy: fyLabel(fy), by },
    },
  });
}
