import type { FastifyReply } from 'fastify';
import { type ExportFormat, type ExportTable, sendExport } from '../../../platform/exports/index.ts';
import type { EhcContext } from '../context.ts';
import type { Step } from '../domain/deadlines.ts';
import { referenceOf } from '../domain/reference.ts';
import { type Stage, stageLabels, stepLabels } from '../domain/summary.ts';
import { processKindLabels } from '../domain/vocabulary.ts';
import type { RequestListQuery } from './domain/list-query.ts';
import { type ListScope, type RequestListItem, requestsExportPage } from './find.ts';

/** The requests list and the caseload as they download: the page's columns, and the rest a spreadsheet wants. */
export const requestsTable: ExportTable<RequestListItem> = {
  fileStem: 'ehc-requests',
  sheetTitle: 'EHC requests',
  columns: [
    { heading: 'Reference', kind: 'text', width: 14, value: (r) => referenceOf(r.id) },
    { heading: 'Forename', kind: 'text', value: (r) => r.child.forename },
    { heading: 'Surname', kind: 'text', value: (r) => r.child.surname },
    { heading: 'Date of birth', kind: 'date', value: (r) => r.child.dateOfBirth },
    { heading: 'Age', kind: 'integer', width: 6, value: (r) => r.age },
    { heading: 'UPN', kind: 'text', width: 16, value: (r) => r.child.upn },
    { heading: 'School or setting', kind: 'text', width: 40, value: (r) => r.school?.name },
    {
      heading: 'Kind',
      kind: 'text',
      width: 30,
      value: (r) => processKindLabels[r.kind as keyof typeof processKindLabels] ?? r.kind,
    },
    { heading: 'Received', kind: 'date', value: (r) => r.receivedOn },
    { heading: 'Weeks since request', kind: 'integer', value: (r) => r.weeksSinceRequest },
    { heading: 'Stage', kind: 'text', width: 24, value: (r) => stageLabels[r.stage as Stage] ?? r.stage },
    { heading: 'Closed', kind: 'date', value: (r) => r.closedOn },
    {
      heading: 'Next due',
      kind: 'text',
      width: 30,
      value: (r) => (r.nextDue ? (stepLabels[r.nextDue.step as Step] ?? r.nextDue.step) : null),
    },
    { heading: 'Due on', kind: 'date', value: (r) => r.nextDue?.on },
    { heading: 'Days overdue', kind: 'integer', value: (r) => r.daysOverdue },
    { heading: 'Coordinator', kind: 'text', width: 24, value: (r) => r.coordinator?.name ?? 'Not allocated' },
  ],
  childIdsOf: (r) => [r.child.id],
};

/** Fewer, larger pages: each sorts every match again to find its place. */
const exportPageSize = 2_000;

/** Every request the search and filters match, as a file; the export is one audit event. */
export function sendRequestsExport(
  reply: FastifyReply,
  ctx: EhcContext,
  query: RequestListQuery,
  scope: ListScope,
  format: ExportFormat,
) {
  const { page: _page, ...filters } = query;
  return sendExport(reply, {
    format,
    table:
      scope === 'mine'
        ? { ...requestsTable, fileStem: 'ehc-caseload', sheetTitle: 'Caseload' }
        : requestsTable,
    today: ctx.today,
    pages: (offset?: number) => requestsExportPage(ctx, query, scope, offset ?? 0, exportPageSize),
    audit: {
      database: ctx.database,
      actor: ctx,
      action: 'ehc.request.exported',
      entityType: 'ehc_request',
      filters: { view: scope === 'mine' ? 'caseload' : 'requests', ...filters },
    },
  });
}
