import type { FastifyReply } from 'fastify';
import { type ExportFormat, type ExportTable, sendExport } from '../../platform/exports/index.ts';
import type { ChildrenContext } from './context.ts';
import { type ChildCriteria, type ChildListItem, childrenExportPage, criteriaOf } from './service.ts';

/** The children list as it downloads: the columns of the page, with the child's ID to match records by. */
export const childrenTable: ExportTable<ChildListItem> = {
  fileStem: 'children',
  sheetTitle: 'Children',
  columns: [
    { heading: 'Forename', kind: 'text', value: (c) => c.forename },
    { heading: 'Surname', kind: 'text', value: (c) => c.surname },
    { heading: 'Date of birth', kind: 'date', value: (c) => c.dateOfBirth },
    { heading: 'NC year', kind: 'text', width: 12, value: (c) => c.ncYear.label },
    { heading: 'UPN', kind: 'text', width: 16, value: (c) => c.upn },
    { heading: 'Setting', kind: 'text', width: 40, value: (c) => c.setting?.name },
    { heading: 'Primary need', kind: 'text', width: 40, value: (c) => c.primaryNeed?.label },
    { heading: 'Child ID', kind: 'text', width: 38, value: (c) => c.id },
  ],
  childIdsOf: (c) => [c.id],
};

// Each page sorts every match again to find its place, so fewer, larger pages cost less: a
// Norfolk-sized LA (12,000 children) is 6 transactions of under a tenth of a second each.
const exportPageSize = 2_000;

/** Every child the person may see that the criteria match, as a file; the export is one audit event. */
export function sendChildrenExport(
  reply: FastifyReply,
  ctx: ChildrenContext,
  criteria: ChildCriteria,
  format: ExportFormat,
) {
  return sendExport(reply, {
    format,
    table: childrenTable,
    today: ctx.today,
    pages: (offset?: number) => childrenExportPage(ctx, criteria, offset ?? 0, exportPageSize),
    audit: {
      database: ctx.database,
      actor: ctx,
      action: 'children.list.exported',
      entityType: 'children',
      filters: criteriaOf(criteria),
    },
  });
}
