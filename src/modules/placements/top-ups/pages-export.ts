import type { FastifyReply } from 'fastify';
import { type ExportFormat, type ExportTable, sendExport } from '../../../platform/exports/index.ts';
import { fyLabel } from '../../../platform/kernel/financial-years.ts';
import type { PlacementsContext } from '../context.ts';
import { settingGroupLabel } from './pages-presenters.ts';
import { type Scenario, type ScenarioRow, schemeScenario } from './service.ts';

/**
 * A proposal's scenario as it downloads: its totals, or child by child. Money is in pounds so a
 * spreadsheet sums it; a proposed figure left empty is a band the scheme lacks, unknown rather than
 * nothing. The child-by-child file names children, so its audit event lists every one.
 */

const pounds = <Row>(heading: string, value: (r: Row) => number | null) => ({
  heading: `${heading} (£)`,
  kind: 'decimal' as const,
  width: 16,
  value: (r: Row) => {
    const pence = value(r);
    return pence === null ? null : pence / 100;
  },
});

const childrenTable: ExportTable<ScenarioRow> = {
  fileStem: 'top-up-scenario-children',
  sheetTitle: 'Child by child',
  columns: [
    { heading: 'Child', kind: 'text', width: 30, value: (r) => r.childName },
    { heading: 'Setting', kind: 'text', width: 24, value: (r) => settingGroupLabel(r.settingGroup) },
    { heading: 'Band', kind: 'text', value: (r) => r.band },
    pounds('Full year now', (r) => r.fullYearCurrentPence),
    pounds('Full year proposed', (r) => r.fullYearProposedPence),
    pounds('Full year difference', (r) => r.fullYearDifferencePence),
    pounds('In year now', (r) => r.inYearCurrentPence),
    pounds('In year proposed', (r) => r.inYearProposedPence),
    pounds('In year difference', (r) => r.inYearDifferencePence),
    { heading: 'Placement ID', kind: 'text', width: 38, value: (r) => r.placementId },
    { heading: 'Child ID', kind: 'text', width: 38, value: (r) => r.childId },
  ],
  childIdsOf: (r) => [r.childId],
};

interface TotalRow {
  period: string;
  current: number;
  proposed: number;
  difference: number;
}

const totalsTable: ExportTable<TotalRow> = {
  fileStem: 'top-up-scenario-totals',
  sheetTitle: 'Totals',
  columns: [
    { heading: 'Period', kind: 'text', width: 30, value: (r) => r.period },
    pounds('Now', (r) => r.current),
    pounds('Proposed', (r) => r.proposed),
    pounds('Difference', (r) => r.difference),
  ],
};

const totalRows = (sc: Scenario): TotalRow[] => [
  {
    period: 'A full year',
    current: sc.totals.fullYearCurrentPence,
    proposed: sc.totals.fullYearProposedPence,
    difference: sc.totals.fullYearDifferencePence,
  },
  {
    period: `In ${sc.fyLabel}`,
    current: sc.totals.inYearCurrentPence,
    proposed: sc.totals.inYearProposedPence,
    difference: sc.totals.inYearDifferencePence,
  },
];

export const scenarioTables = ['children', 'totals'] as const;
export type ScenarioTable = (typeof scenarioTables)[number];

/** One of the scenario's tables for the year, as a file; the export is one audit event. */
export function sendScenarioExport(
  reply: FastifyReply,
  ctx: PlacementsContext,
  id: string,
  fy: number,
  table: ScenarioTable,
  format: ExportFormat,
) {
  const audit = {
    database: ctx.database,
    actor: ctx,
    action: 'top-up-scheme.scenario.exported',
    entityType: 'top-up-scheme',
    filters: { scheme: id, table, fy: fyLabel(fy) },
  };
  if (table === 'totals')
    return sendExport(reply, {
      format,
      table: { ...totalsTable, fileStem: `${totalsTable.fileStem}-${fyLabel(fy)}` },
      today: ctx.today,
      pages: async () => ({ rows: totalRows(await schemeScenario(ctx, id, fy, { childByChild: false })) }),
      audit,
    });
  return sendExport(reply, {
    format,
    table: { ...childrenTable, fileStem: `${childrenTable.fileStem}-${fyLabel(fy)}` },
    today: ctx.today,
    pages: async () => ({
      rows: [...(await schemeScenario(ctx, id, fy)).rows].sort((a, b) =>
        a.childName.localeCompare(b.childName, 'en'),
      ),
    }),
    audit,
  });
}
