import type { FastifyReply } from 'fastify';
import { type ExportFormat, type ExportTable, sendExport } from '../../../platform/exports/index.ts';
import { fyLabel } from '../../../platform/kernel/financial-years.ts';
import type { PlacementsContext } from '../context.ts';
import { approvalLabels, placementTypeLabels } from '../domain/labels.ts';
import { listPlacements, type PlacementListItem, type PlacementSearch } from './service.ts';

/** The placements list as it downloads, money in pounds so a spreadsheet sums it. */
export function placementsTable(fy: number): ExportTable<PlacementListItem> {
  return {
    fileStem: 'placements',
    sheetTitle: 'Placements',
    columns: [
      { heading: 'Child', kind: 'text', width: 30, value: (p) => p.childName },
      { heading: 'Setting', kind: 'text', width: 40, value: (p) => p.settingName },
      { heading: 'Type', kind: 'text', width: 34, value: (p) => placementTypeLabels[p.type] },
      { heading: 'Start', kind: 'date', value: (p) => p.startOn },
      { heading: 'End', kind: 'date', value: (p) => p.endOn },
      { heading: 'Expected end', kind: 'date', value: (p) => p.expectedEndOn },
      { heading: 'FTE', kind: 'decimal', value: (p) => p.fte },
      { heading: 'Status', kind: 'text', width: 22, value: (p) => approvalLabels[p.approval] },
      { heading: `Cost in ${fyLabel(fy)} (£)`, kind: 'decimal', value: (p) => p.fyPence / 100 },
      { heading: 'Placement ID', kind: 'text', width: 38, value: (p) => p.id },
      { heading: 'Child ID', kind: 'text', width: 38, value: (p) => p.childId },
    ],
    childIdsOf: (p) => [p.childId],
  };
}

const exportPageSize = 2_000;

/** Every placement the filters match, as a file; the export is one audit event naming every child. */
export function sendPlacementsExport(
  reply: FastifyReply,
  ctx: PlacementsContext,
  search: Omit<PlacementSearch, 'limit' | 'offset'>,
  format: ExportFormat,
) {
  return sendExport(reply, {
    format,
    table: placementsTable(search.fy),
    today: ctx.today,
    pages: async (offset?: number) => {
      const page = await listPlacements(
        ctx,
        { ...search, limit: exportPageSize, offset: offset ?? 0 },
        false,
      );
      const next = (offset ?? 0) + exportPageSize;
      return { rows: page.items, next: page.items.length === exportPageSize ? next : undefined };
    },
    audit: {
      database: ctx.database,
      actor: ctx,
      action: 'placements.exported',
      entityType: 'placements',
      filters: {
        fy: fyLabel(search.fy),
        type: search.type ?? null,
        approval: search.approval ?? null,
        activeOn: search.activeOn ?? null,
        toConfirm: search.toConfirm ?? null,
      },
    },
  });
}
