import type { FastifyReply } from 'fastify';
import {
  type ExportColumn,
  type ExportFormat,
  type ExportTable,
  sendExport,
} from '../../../../platform/exports/index.ts';
import { type EhcContext, refusalProblem } from '../../context.ts';
import { completionMeasures, overdueBands, phaseTransferStatusLabels } from './domain/lists.ts';
import type { Period, ReviewView } from './domain/query.ts';
import { phaseToText, stageText, stepText } from './presenters.ts';
import { reportStatusLabels, type SchoolReviewItem } from './school.ts';
import {
  completionStatistics,
  dueReviews,
  type ListFilters,
  type Outcome,
  overdueReviews,
  type PhaseItem,
  phaseTransfers,
  type ReviewItem,
} from './service.ts';

/**
 * Each of the review page's tables as it downloads: every row the filters match, not the page of
 * them on screen, with the columns a spreadsheet wants. Lists of children are read in pages, each
 * in its own transaction; the export is one audit event naming every child in it.
 */

const exportPageSize = 2_000;

const itemColumns: ExportColumn<ReviewItem>[] = [
  { heading: 'Forename', kind: 'text', value: (r) => r.child.forename },
  { heading: 'Surname', kind: 'text', value: (r) => r.child.surname },
  { heading: 'Date of birth', kind: 'date', value: (r) => r.child.dateOfBirth },
  { heading: 'UPN', kind: 'text', width: 16, value: (r) => r.child.upn },
  { heading: 'Setting', kind: 'text', width: 40, value: (r) => r.setting?.name },
  { heading: 'Review due', kind: 'date', value: (r) => r.nextReviewDue },
  { heading: 'Recommended review by (under 5)', kind: 'date', value: (r) => r.recommendedBy },
  { heading: 'Review', kind: 'text', width: 20, value: (r) => stageText(r) },
  {
    heading: 'Next step',
    kind: 'text',
    width: 36,
    value: (r) => (r.openReview?.nextDue ? stepText(r.openReview.nextDue.step) : null),
  },
  { heading: 'Next step due', kind: 'date', value: (r) => r.openReview?.nextDue?.on },
  { heading: 'Coordinator', kind: 'text', width: 24, value: (r) => r.coordinator?.name ?? 'Not allocated' },
];
const childIdsOf = (r: ReviewItem) => [r.child.id];

const dueTable: ExportTable<ReviewItem> = {
  fileStem: 'ehc-reviews-due',
  sheetTitle: 'Reviews due in 8 weeks',
  columns: itemColumns,
  childIdsOf,
};

const overdueTable: ExportTable<ReviewItem & { band?: string }> = {
  fileStem: 'ehc-reviews-overdue',
  sheetTitle: 'Reviews overdue',
  columns: [
    ...itemColumns.slice(0, 6),
    { heading: 'Days overdue', kind: 'integer', value: (r) => r.daysOverdue },
    {
      heading: 'Overdue by',
      kind: 'text',
      width: 26,
      value: (r) => overdueBands.find((b) => b.key === r.band)?.label,
    },
    ...itemColumns.slice(7),
  ],
  childIdsOf,
};

const phaseTable: ExportTable<PhaseItem> = {
  fileStem: 'ehc-phase-transfers',
  sheetTitle: 'Phase transfers',
  columns: [
    ...itemColumns.slice(0, 5),
    { heading: 'Transfer', kind: 'text', width: 22, value: (r) => phaseToText(r.to) },
    { heading: 'Amend before', kind: 'date', value: (r) => r.deadline },
    { heading: 'Status', kind: 'text', width: 18, value: (r) => phaseTransferStatusLabels[r.status] },
    { heading: 'Amended on', kind: 'date', value: (r) => r.amendedOn },
    { heading: 'Days to the deadline', kind: 'integer', value: (r) => r.daysToDeadline },
    ...itemColumns.slice(7),
  ],
  childIdsOf,
};

/** A school's pupils' plans and where each review report stands. */
export const schoolTable: ExportTable<SchoolReviewItem> = {
  fileStem: 'school-reviews',
  sheetTitle: 'Pupils’ reviews',
  columns: [
    ...itemColumns.slice(0, 6),
    { heading: 'Review', kind: 'text', width: 20, value: (r) => stageText(r) },
    { heading: 'Meeting', kind: 'date', value: (r) => r.openReview?.meetingOn },
    { heading: 'Meeting held', kind: 'date', value: (r) => r.openReview?.heldOn },
    { heading: 'Report due', kind: 'date', value: (r) => r.report.dueOn },
    { heading: 'Report', kind: 'text', width: 18, value: (r) => reportStatusLabels[r.report.status] },
    { heading: 'Report received', kind: 'date', value: (r) => r.openReview?.reportOn },
  ],
  childIdsOf,
};

type StatRow = { measure: string; met: number; missed: number; counted: number; percentMet: number | null };
const statColumns: ExportColumn<StatRow>[] = [
  { heading: 'Measure', kind: 'text', width: 44, value: (r) => r.measure },
  { heading: 'Met', kind: 'integer', value: (r) => r.met },
  { heading: 'Missed', kind: 'integer', value: (r) => r.missed },
  { heading: 'Counted', kind: 'integer', value: (r) => r.counted },
  { heading: '% met', kind: 'percent', value: (r) => r.percentMet },
];
const completionTable: ExportTable<StatRow> = {
  fileStem: 'ehc-review-completion',
  sheetTitle: 'Review completion',
  columns: statColumns,
};
const trendTable: ExportTable<StatRow & { month: string }> = {
  fileStem: 'ehc-review-completion-by-month',
  sheetTitle: 'Completion by month',
  columns: [{ heading: 'Month starting', kind: 'date', value: (r) => r.month }, ...statColumns],
};

/** The tables of the completion view, chosen by `table`. */
export const completionTables = ['completion', 'trend'] as const;

function pagesOf<T>(read: (page: { limit: number; offset: number }) => Promise<Outcome<{ items: T[] }>>) {
  return async (offset?: number) => {
    const found = await read({ limit: exportPageSize, offset: offset ?? 0 });
    if (!found.ok) throw refusalProblem(400, found.errors);
    const rows = found.value.items;
    return { rows, next: rows.length === exportPageSize ? (offset ?? 0) + exportPageSize : undefined };
  };
}

/** One view's table as a file; the export is one audit event. */
export function sendReviewsExport(
  reply: FastifyReply,
  ctx: EhcContext,
  view: ReviewView,
  filters: ListFilters,
  period: Period,
  table: string | undefined,
  format: ExportFormat,
) {
  const audit = {
    database: ctx.database,
    actor: ctx,
    action: 'ehc.review.exported',
    entityType: 'ehc_review',
    filters: { view, ...filters, ...(view === 'completion' ? { ...period, table } : {}) },
  };
  const common = { format, today: ctx.today, audit };
  switch (view) {
    case 'due':
      return sendExport(reply, {
        ...common,
        table: dueTable,
        pages: pagesOf((page) => dueReviews(ctx, filters, page, 'export')),
      });
    case 'overdue':
      return sendExport(reply, {
        ...common,
        table: overdueTable,
        pages: pagesOf((page) => overdueReviews(ctx, filters, page, 'export')),
      });
    case 'phase-transfers':
      return sendExport(reply, {
        ...common,
        table: phaseTable,
        pages: pagesOf((page) => phaseTransfers(ctx, filters, page, 'export')),
      });
    case 'completion': {
      const figures = async () => {
        const found = await completionStatistics(ctx, filters, period);
        if (!found.ok) throw refusalProblem(400, found.errors);
        return found.value;
      };
      const row = (measure: string, c: Omit<StatRow, 'measure'>) => ({ measure, ...c });
      if (table === 'trend')
        return sendExport(reply, {
          ...common,
          table: { ...trendTable, fileStem: `${trendTable.fileStem}-${period.from}-to-${period.to}` },
          pages: async () => ({
            rows: (await figures()).months.flatMap((m) =>
              completionMeasures.map((x) => ({ month: m.month, ...row(x.label, m[x.key]) })),
            ),
          }),
        });
      return sendExport(reply, {
        ...common,
        table: { ...completionTable, fileStem: `${completionTable.fileStem}-${period.from}-to-${period.to}` },
        pages: async () => {
          const f = await figures();
          return { rows: completionMeasures.map((x) => row(x.label, f.totals[x.key])) };
        },
      });
    }
  }
}
