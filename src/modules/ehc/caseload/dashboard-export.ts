import type { FastifyReply } from 'fastify';
import {
  type ExportColumn,
  type ExportFormat,
  type ExportTable,
  sendExport,
} from '../../../platform/exports/index.ts';
import type { EhcContext } from '../context.ts';
import { referenceOf } from '../domain/reference.ts';
import { stageLabels, stepLabels } from '../domain/summary.ts';
import { weekBands } from './domain/dashboard.ts';
import type { Bands } from './domain/timeliness.ts';
import { type Dashboard, dashboard } from './service.ts';

/**
 * Each of the team dashboard's tables as it downloads, chosen by `table`: the figures on the page,
 * for the year shown. A table is small, so it is read in one page.
 */

type Row = Record<string, unknown>;
interface DashboardTable {
  table: ExportTable<Row>;
  rows(d: Dashboard): Row[];
}

const text = (heading: string, key: string, width?: number): ExportColumn<Row> => ({
  heading,
  kind: 'text',
  width,
  value: (r) => (r[key] ?? null) as string | null,
});
const integer = (heading: string, key: string): ExportColumn<Row> => ({
  heading,
  kind: 'integer',
  value: (r) => (r[key] ?? null) as number | null,
});
const table = (
  fileStem: string,
  sheetTitle: string,
  columns: ExportColumn<Row>[],
  childIdsOf?: (r: Row) => (string | null)[],
) => ({
  fileStem,
  sheetTitle,
  columns,
  childIdsOf,
});
const bandRow = (plans: string, b: Bands): Row => ({ plans, ...b });

export const dashboardTables: Record<string, DashboardTable> = {
  timeliness: {
    table: table('ehc-timeliness', 'Timeliness', [
      text('Plans', 'plans', 24),
      integer('Issued', 'issued'),
      integer('Within 20 weeks', 'within20Weeks'),
      {
        heading: '% within 20 weeks',
        kind: 'percent',
        value: (r) => r.percentWithin20Weeks as number | null,
      },
      integer('20 to 52 weeks', 'over20To52Weeks'),
      integer('Over 52 weeks', 'over52Weeks'),
    ]),
    rows: (d) => [
      bandRow('Including exceptions', d.timeliness.includingExceptions),
      bandRow('Excluding exceptions', d.timeliness.excludingExceptions),
    ],
  },
  allocation: {
    table: table('ehc-allocation', 'Allocation', [
      text('Coordinator', 'coordinator', 30),
      integer('Open', 'open'),
      integer('Overdue', 'overdue'),
      integer('Due within 7 days', 'dueWithin7Days'),
    ]),
    rows: (d) => d.allocation.map((a) => ({ ...a, coordinator: a.coordinator?.name ?? 'Not allocated' })),
  },
  stages: {
    table: table('ehc-open-by-stage', 'Open by stage', [
      text('Stage', 'stage', 30),
      ...weekBands.map((b, i) => integer(b.label, `band${i}`)),
      integer('Total', 'total'),
    ]),
    rows: (d) => [
      ...d.open.stages.map((s) => ({
        stage: stageLabels[s.stage],
        ...Object.fromEntries(s.counts.map((n, i) => [`band${i}`, n])),
        total: s.total,
      })),
      {
        stage: 'All open',
        ...Object.fromEntries(d.open.totals.map((n, i) => [`band${i}`, n])),
        total: d.open.total,
      },
    ],
  },
  'breaches-by-step': {
    table: table('ehc-breaches-by-step', 'Breaches by step', [
      text('Step', 'step', 30),
      integer('Missed', 'missed'),
      integer('Excused by an exception', 'excepted'),
    ]),
    rows: (d) => d.breachesByStep.map((b) => ({ ...b, step: stepLabels[b.step as 'advice'] ?? b.step })),
  },
  breaches: {
    table: table(
      'ehc-breaches',
      'Recent breaches',
      [
        text('Reference', 'reference', 14),
        text('Forename', 'forename'),
        text('Surname', 'surname'),
        text('Step', 'step', 30),
        { heading: 'Due', kind: 'date', value: (r) => r.dueOn as string },
        { heading: 'Done', kind: 'date', value: (r) => r.doneOn as string | null },
        integer('Days late', 'daysLate'),
        text('Coordinator', 'coordinator', 24),
        text('Why', 'why', 60),
      ],
      (r) => [r.childId as string | null],
    ),
    rows: (d) =>
      d.recentBreaches.map((b) => ({
        reference: referenceOf(b.requestId),
        childId: b.child?.id ?? null,
        forename: b.child?.forename,
        surname: b.child?.surname,
        step: stepLabels[b.step as 'advice'] ?? b.step,
        dueOn: b.dueOn,
        doneOn: b.doneOn,
        daysLate: b.daysLate,
        coordinator: b.coordinator ?? 'Not allocated',
        why: b.reasons.join('; '),
      })),
  },
  weekly: {
    table: table('ehc-weekly', 'Week by week', [
      { heading: 'Week starting', kind: 'date', value: (r) => r.weekStarting as string },
      integer('Requests received', 'received'),
      integer('Plans issued', 'issued'),
      {
        heading: '% within 20 weeks (excluding exceptions)',
        kind: 'percent',
        value: (r) => r.percentWithin20WeeksEx as number | null,
      },
    ]),
    rows: (d) => d.weekly,
  },
};

export const isDashboardTable = (name: string) => Object.hasOwn(dashboardTables, name);

/** One of the dashboard's tables for the year, as a file; the export is one audit event. */
export function sendDashboardExport(
  reply: FastifyReply,
  ctx: EhcContext,
  name: string,
  year: number,
  format: ExportFormat,
) {
  const chosen = dashboardTables[name];
  if (!chosen) throw new Error(`no dashboard table ${name}`);
  return sendExport(reply, {
    format,
    table: { ...chosen.table, fileStem: `${chosen.table.fileStem}-${year}` },
    today: ctx.today,
    pages: async () => ({ rows: chosen.rows(await dashboard(ctx, year, 'export')) }),
    audit: {
      database: ctx.database,
      actor: ctx,
      action: 'ehc.dashboard.exported',
      entityType: 'ehc_dashboard',
      filters: { table: name, year },
    },
  });
}
