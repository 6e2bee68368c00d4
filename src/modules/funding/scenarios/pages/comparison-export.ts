import type { FastifyReply } from 'fastify';
import {
  type ExportColumn,
  type ExportFormat,
  type ExportTable,
  sendExport,
} from '../../../../platform/exports/index.ts';
import type { FundingContext } from '../../context.ts';
import { poundsAt, type Row, textColumn as text } from '../../export-rows.ts';
import { type Comparison, compareScenario } from '../comparison-service.ts';
import { changeOf, distribution, winnersAndLosers } from '../domain/compare.ts';
import { allocatedSchools, columnsOf } from './comparison-presenters.ts';

/**
 * Each of the comparison page's tables as it downloads, chosen by `table`: money in pounds and
 * changes in per cent as numbers, so a spreadsheet can sum and sort them. Schools' allocations
 * name no child.
 */

export const topMoved = 10;

const pounds = (heading: string, key: string) => poundsAt(heading, key, 18);
const percentColumn = (heading: string, key: string): ExportColumn<Row> => ({
  heading,
  kind: 'percent',
  value: (r) => (typeof r[key] === 'number' ? (r[key] as number) / 10 : null),
});
const integer = (heading: string, key: string): ExportColumn<Row> => ({
  heading,
  kind: 'integer',
  value: (r) => r[key] ?? null,
});

function figures(line: { pence: number; lastYearPence: number | null; others: (number | null)[] }): Row {
  const change = changeOf(line.pence, line.lastYearPence);
  const row: Row = {
    lastYear: line.lastYearPence,
    pence: line.pence,
    change: change.changePence,
    percent: change.percentTenths,
  };
  line.others.forEach((o, i) => {
    row[`other${i}`] = o;
    row[`difference${i}`] = o === null ? null : line.pence - o;
  });
  return row;
}

function figureColumns(c: Comparison): ExportColumn<Row>[] {
  return [
    pounds('Last year', 'lastYear'),
    pounds(c.scenario.name, 'pence'),
    pounds('Change', 'change'),
    percentColumn('Change %', 'percent'),
    ...columnsOf(c).flatMap((d, i) => [
      pounds(d.name, `other${i}`),
      pounds(`Less ${d.name}`, `difference${i}`),
    ]),
  ];
}

const movedColumns = (c: Comparison) => [
  text('School', 'name', 40),
  pounds('Last year', 'lastYear'),
  pounds(c.scenario.name, 'pence'),
  pounds('Change', 'change'),
  percentColumn('Change %', 'percent'),
];

interface ComparisonTable {
  stem: string;
  title: string;
  columns(c: Comparison): ExportColumn<Row>[];
  rows(c: Comparison): Row[];
}

export const comparisonTables: Record<string, ComparisonTable> = {
  schools: {
    stem: 'scenario-schools',
    title: 'Schools',
    columns: (c) => [
      text('School', 'name', 40),
      integer('URN', 'urn'),
      text('Cluster', 'cluster', 30),
      ...figureColumns(c),
    ],
    rows: (c) =>
      (c.schools ?? []).map((s) => ({ name: s.name, urn: s.urn, cluster: s.clusterName, ...figures(s) })),
  },
  clusters: {
    stem: 'scenario-clusters',
    title: 'Clusters',
    columns: (c) => [text('Cluster', 'name', 30), integer('Schools', 'schools'), ...figureColumns(c)],
    rows: (c) => (c.clusters ?? []).map((cl) => ({ name: cl.name, schools: cl.schools, ...figures(cl) })),
  },
  gains: {
    stem: 'scenario-biggest-gains',
    title: 'Biggest gains',
    columns: movedColumns,
    rows: (c) => moved(c, 'gains'),
  },
  losses: {
    stem: 'scenario-biggest-losses',
    title: 'Biggest losses',
    columns: movedColumns,
    rows: (c) => moved(c, 'losses'),
  },
  distribution: {
    stem: 'scenario-change-bands',
    title: 'Schools by change',
    columns: () => [text('Change from last year', 'label', 40), integer('Schools', 'count')],
    rows: (c) => distribution(allocatedSchools(c)).map((b) => ({ label: b.label, count: b.count })),
  },
};

function moved(c: Comparison, which: 'gains' | 'losses'): Row[] {
  return winnersAndLosers(allocatedSchools(c), topMoved)[which].map((m) => ({
    name: m.name,
    lastYear: m.lastYearPence,
    pence: m.pence,
    change: m.changePence,
    percent: m.percentTenths,
  }));
}

export const isComparisonTable = (name: unknown): name is string =>
  typeof name === 'string' && Object.hasOwn(comparisonTables, name);

export async function sendComparisonExport(
  reply: FastifyReply,
  ctx: FundingContext,
  id: string,
  chosen: readonly string[] | null,
  name: string,
  format: ExportFormat,
) {
  const chosenTable = comparisonTables[name];
  if (!chosenTable) throw new Error(`no comparison table ${name}`);
  const c = await compareScenario(ctx, id, chosen);
  const table: ExportTable<Row> = {
    fileStem: `${chosenTable.stem}-${c.scenario.pot.label}`,
    sheetTitle: chosenTable.title,
    columns: chosenTable.columns(c),
  };
  return sendExport(reply, {
    format,
    table,
    today: ctx.today,
    pages: async () => ({ rows: chosenTable.rows(c) }),
    audit: {
      database: ctx.database,
      actor: ctx,
      action: 'funding.scenario.exported',
      entityType: 'funding-scenario',
      filters: { scenario: c.scenario.name, table: name, compared: c.compared.map((d) => d.name) },
    },
  });
}
