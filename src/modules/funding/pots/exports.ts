import type { FastifyReply } from 'fastify';
import {
  type ExportFormat,
  type ExportTable,
  poundsColumn,
  sendExport,
} from '../../../platform/exports/index.ts';
import type { FundingContext } from '../context.ts';
import { type CentralUse, centralUseKindLabels } from './domain/central-uses.ts';
import { potYearLabel, yearKindLabels } from './domain/years.ts';
import { lastYearText, scenarioStatusTags } from './presenters.ts';
import type { ScenarioRow } from './repo.ts';
import type { PotOverview } from './service.ts';

/**
 * The funding pages' tables as they download: money in pounds so a spreadsheet sums it, each
 * download recorded in the audit log. None of them shows a child.
 */

/** Sends rows already read as a CSV or XLSX file, audited as `action` with the filters that made them. */
export function sendRows<Row>(
  reply: FastifyReply,
  ctx: FundingContext,
  format: ExportFormat,
  table: ExportTable<Row>,
  rows: readonly Row[],
  audit: { action: string; filters: Record<string, unknown> },
) {
  return sendExport(reply, {
    format,
    table,
    today: ctx.today,
    pages: async () => ({ rows }),
    audit: {
      database: ctx.database,
      actor: ctx,
      action: audit.action,
      entityType: 'funding-pot',
      filters: audit.filters,
    },
  });
}

export const potsTable: ExportTable<PotOverview> = {
  fileStem: 'funding-pots',
  sheetTitle: 'Funding pots',
  columns: [
    { heading: 'Pot', kind: 'text', width: 30, value: (o) => o.pot.name },
    { heading: 'Kind of year', kind: 'text', width: 16, value: (o) => yearKindLabels[o.pot.yearKind] },
    { heading: 'Year', kind: 'text', value: (o) => potYearLabel(o.pot.year) },
    poundsColumn('Total', (o) => o.pot.totalPence),
    { heading: 'Delegated %', kind: 'percent', value: (o) => o.pot.delegatedPercent },
    poundsColumn('Delegated', (o) => o.pot.delegatedPence),
    { heading: 'Central %', kind: 'percent', value: (o) => o.pot.centralPercent },
    poundsColumn('Central', (o) => o.pot.centralPence),
    poundsColumn('Central uses', (o) => o.centralUsesPence),
    { heading: 'Schools in a cluster', kind: 'integer', width: 12, value: (o) => o.schoolsInScope },
    { heading: 'With factor data', kind: 'integer', width: 12, value: (o) => o.schoolsWithData },
    { heading: 'Last year’s allocations', kind: 'text', width: 50, value: (o) => lastYearText(o.lastYear) },
    { heading: 'Scenarios', kind: 'integer', value: (o) => o.scenarios.length },
    { heading: 'Adopted scenario', kind: 'text', width: 30, value: (o) => o.adoptedScenario?.name ?? null },
    { heading: 'Pot ID', kind: 'text', width: 38, value: (o) => o.pot.id },
  ],
};

export const centralUsesTable: ExportTable<CentralUse> = {
  fileStem: 'funding-central-uses',
  sheetTitle: 'Central uses',
  columns: [
    { heading: 'Post or service', kind: 'text', width: 40, value: (u) => u.name },
    { heading: 'Kind', kind: 'text', value: (u) => centralUseKindLabels[u.kind] },
    { heading: 'FTE', kind: 'decimal', value: (u) => u.fte },
    poundsColumn('Cost a year', (u) => u.costPence),
  ],
};

export const scenariosTable: ExportTable<ScenarioRow> = {
  fileStem: 'funding-scenarios',
  sheetTitle: 'Scenarios',
  columns: [
    { heading: 'Scenario', kind: 'text', width: 30, value: (s) => s.name },
    { heading: 'Status', kind: 'text', value: (s) => scenarioStatusTags[s.status].text },
    { heading: 'Adopted', kind: 'dateTime', value: (s) => s.adoptedAt },
    { heading: 'Published', kind: 'dateTime', value: (s) => s.publishedAt },
    { heading: 'Scenario ID', kind: 'text', width: 38, value: (s) => s.id },
  ],
};
