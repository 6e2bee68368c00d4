import type { DocumentModel } from '../../../platform/documents/model.ts';
import type { ExportTable } from '../../../platform/exports/index.ts';
import { type Sheet, sheetOf } from '../../../platform/exports/index.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { fyLabel } from '../../../platform/kernel/financial-years.ts';
import { penceText } from '../../../platform/kernel/money.ts';
import type { ReportProject } from '../domain/report.ts';
import { ragLabels, statusLabels } from '../domain/structure.ts';
import type { BoardReport } from './model.ts';

/** The board report as a document (for its PDF) and as a workbook: the same report, said the same way. */

const signed = (p: number) => `${p < 0 ? '−' : ''}${penceText(Math.abs(p))}`;

export function moneyFacts(r: BoardReport) {
  const t = r.tracker;
  const planned = t.years.reduce((s, y) => s + y.capitalPlanned + y.revenuePlanned, 0);
  const spent = t.years.reduce((s, y) => s + (y.capitalActual ?? 0) + (y.revenueActual ?? 0), 0);
  const rate = (t.programme.discountRate * 100).toLocaleString('en-GB', { maximumFractionDigits: 2 });
  return [
    { label: 'Budget', value: penceText(t.programme.budgetPence) },
    { label: 'Costs planned', value: penceText(planned) },
    { label: 'Spent so far', value: penceText(spent) },
    { label: `Net present value at ${rate}%`, value: `${signed(t.planned.npvPence)} as planned` },
    {
      label: 'Pays back',
      value: t.planned.paybackYear
        ? `In ${fyLabel(t.planned.paybackYear)}, as planned`
        : 'Not within the years planned',
    },
  ];
}

export function reportDocument(r: BoardReport, laName: string): DocumentModel {
  const since = r.lastOn ? `since the report of ${longDate(r.lastOn)}` : 'since the last report';
  return {
    title: `${r.v.programme.name}: board report, ${longDate(r.on)}`,
    sender: {
      name: laName,
      lines: [`${r.v.programme.name} board`, `Programme manager: ${r.v.programme.managerName}`],
    },
    facts: [
      { label: 'Meeting', value: longDate(r.on) },
      { label: 'Projects', value: r.v.projects.length.toLocaleString('en-GB') },
    ],
    addressee: null,
    blocks: [
      { kind: 'heading', text: 'Status by workstream' },
      ...r.workstreams.flatMap((w) => [
        {
          kind: 'subheading' as const,
          text: `${w.workstream}: ${w.red} red, ${w.amber} amber, ${w.green} green`,
        },
        { kind: 'list' as const, items: w.projects.map((p) => projectLine(p)) },
      ]),
      { kind: 'heading', text: `What changed ${since}` },
      r.changes.length
        ? { kind: 'list', items: r.changes }
        : {
            kind: 'paragraph',
            text: r.lastOn ? 'Nothing has changed.' : 'This is the first report: nothing to compare.',
          },
      { kind: 'heading', text: 'Decisions needed' },
      r.decisions.length
        ? {
            kind: 'list',
            items: r.decisions.map(
              (d) =>
                `${d.question}${d.project ? ` (${d.project})` : ''}: needed by ${longDate(d.neededBy)}${d.overdue ? ', overdue' : ''}`,
            ),
          }
        : { kind: 'paragraph', text: 'None.' },
      { kind: 'heading', text: 'Risks scoring 10 or more' },
      r.risks.length
        ? {
            kind: 'list',
            items: r.risks.map(
              (x) =>
                `${x.ref} ${x.title}: ${x.likelihood} × ${x.impact} = ${x.score}${x.escalatedOn ? `, escalated ${longDate(x.escalatedOn)}` : x.forBoard ? ', for the board' : ''}`,
            ),
          }
        : { kind: 'paragraph', text: 'None.' },
      { kind: 'heading', text: 'Costs' },
      { kind: 'facts', rows: moneyFacts(r) },
      { kind: 'heading', text: 'Benefits' },
      r.benefits.length
        ? {
            kind: 'list',
            items: r.benefits.map((b) => `${b.name}: ${b.status.toLowerCase()} (latest ${b.latest})`),
          }
        : { kind: 'paragraph', text: 'None recorded.' },
    ],
  };
}

export const projectLine = (p: ReportProject) =>
  `${p.name}: ${statusLabels[p.status].toLowerCase()}, ${ragLabels[p.rag].toLowerCase()} (${p.ragReason})`;

const statusTable: ExportTable<ReportProject> = {
  fileStem: 'board-report',
  sheetTitle: 'Status',
  columns: [
    { heading: 'Workstream', kind: 'text', width: 36, value: (p) => p.workstream },
    { heading: 'Project', kind: 'text', width: 40, value: (p) => p.name },
    { heading: 'Status', kind: 'text', width: 22, value: (p) => statusLabels[p.status] },
    { heading: 'RAG', kind: 'text', value: (p) => ragLabels[p.rag] },
    { heading: 'Reason', kind: 'text', width: 60, value: (p) => p.ragReason },
    { heading: 'Planned end', kind: 'date', value: (p) => p.plannedEnd },
    { heading: 'Earliest finish', kind: 'date', value: (p) => p.earliestFinish },
  ],
};

const lines = (title: string, heading: string): ExportTable<string> => ({
  fileStem: 'board-report',
  sheetTitle: title,
  columns: [{ heading, kind: 'text', width: 100, value: (s) => s }],
});

export function reportSheets(r: BoardReport): Sheet[] {
  return [
    sheetOf(
      statusTable,
      r.workstreams.flatMap((w) => w.projects),
    ),
    sheetOf(
      lines('Changes', `What changed ${r.lastOn ? `since ${r.lastOn}` : 'since the last report'}`),
      r.changes,
    ),
    sheetOf(
      {
        fileStem: 'board-report',
        sheetTitle: 'Decisions',
        columns: [
          {
            heading: 'Question',
            kind: 'text',
            width: 60,
            value: (d: BoardReport['decisions'][number]) => d.question,
          },
          { heading: 'Project', kind: 'text', width: 36, value: (d) => d.project ?? '' },
          { heading: 'Needed by', kind: 'date', value: (d) => d.neededBy },
        ],
      },
      r.decisions,
    ),
    sheetOf(
      {
        fileStem: 'board-report',
        sheetTitle: 'Risks',
        columns: [
          { heading: 'Ref', kind: 'text', value: (x: BoardReport['risks'][number]) => x.ref },
          { heading: 'Title', kind: 'text', width: 50, value: (x) => x.title },
          { heading: 'Likelihood', kind: 'integer', value: (x) => x.likelihood },
          { heading: 'Impact', kind: 'integer', value: (x) => x.impact },
          { heading: 'Score', kind: 'integer', value: (x) => x.score },
          { heading: 'Escalated', kind: 'date', value: (x) => x.escalatedOn },
        ],
      },
      r.risks,
    ),
    sheetOf(
      {
        fileStem: 'board-report',
        sheetTitle: 'Costs',
        columns: [
          {
            heading: 'Measure',
            kind: 'text',
            width: 36,
            value: (f: { label: string; value: string }) => f.label,
          },
          { heading: 'Value', kind: 'text', width: 36, value: (f) => f.value },
        ],
      },
      moneyFacts(r),
    ),
    sheetOf(
      {
        fileStem: 'board-report',
        sheetTitle: 'Benefits',
        columns: [
          {
            heading: 'Benefit',
            kind: 'text',
            width: 50,
            value: (b: BoardReport['benefits'][number]) => b.name,
          },
          { heading: 'Status', kind: 'text', width: 20, value: (b) => b.status },
          { heading: 'Latest', kind: 'text', value: (b) => b.latest },
        ],
      },
      r.benefits,
    ),
  ];
}
