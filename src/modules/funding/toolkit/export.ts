import type { FastifyReply } from 'fastify';
import {
  type ExportFormat,
  type ExportTable,
  poundsColumn,
  sendExport,
} from '../../../platform/exports/index.ts';
import type { FundingContext } from '../context.ts';
import type { ClusterRow, ClustersView } from './la-service.ts';
import { outcomeLabels, planLineKindLabels, pupilText, returnStatusLabels } from './presenters.ts';
import { type DecisionView, getToolkit, type LineView, type SpendView, type Toolkit } from './service.ts';

/**
 * The toolkit's tables as they download, money in pounds so a spreadsheet sums it. A named pupil
 * is in the file only as the page shows them (initials, to those who may see them), and the
 * export's audit event names each child whose initials it holds.
 */

const pounds = <R>(heading: string, value: (r: R) => number | null) => poundsColumn(heading, value, 14);

const stem = (t: Toolkit, what: string) =>
  `${what}-${t.cluster.name}-${t.pot.year.label}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function planTable(t: Toolkit): ExportTable<LineView> {
  return {
    fileStem: stem(t, 'spending-plan'),
    sheetTitle: 'Spending plan',
    columns: [
      { heading: 'Kind', kind: 'text', width: 26, value: (l) => planLineKindLabels[l.kind] },
      { heading: 'What the money is for', kind: 'text', width: 50, value: (l) => l.description },
      { heading: 'Schools', kind: 'text', width: 40, value: (l) => l.schools.map((s) => s.name).join('; ') },
      { heading: 'Pupil', kind: 'text', width: 30, value: (l) => pupilText(l.pupil) },
      { heading: 'Starts', kind: 'date', value: (l) => l.startsOn },
      { heading: 'Ends', kind: 'date', value: (l) => l.endsOn },
      pounds('Planned', (l) => l.plannedPence),
      pounds('Spent', (l) => l.figures.spentPence),
      pounds('Left', (l) => l.figures.balancePence),
    ],
    childIdsOf: (l) => [l.pupil?.childId ?? null],
  };
}

function panelTable(t: Toolkit): ExportTable<DecisionView> {
  return {
    fileStem: stem(t, 'panel-decisions'),
    sheetTitle: 'Panel decisions',
    columns: [
      { heading: 'Panel met', kind: 'date', value: (d) => d.heldOn },
      { heading: 'Heads present', kind: 'text', width: 40, value: (d) => d.headNames.join('; ') },
      { heading: 'Heads present (number)', kind: 'integer', value: (d) => d.headIds.length },
      { heading: 'Heads in the cluster', kind: 'integer', value: (d) => d.headsInCluster },
      { heading: 'School', kind: 'text', width: 30, value: (d) => d.schoolName },
      { heading: 'Pupil', kind: 'text', width: 30, value: (d) => pupilText(d.pupil) },
      { heading: 'Request', kind: 'text', width: 50, value: (d) => d.purpose },
      pounds('Asked', (d) => d.askedPence),
      { heading: 'Decision', kind: 'text', width: 28, value: (d) => outcomeLabels[d.outcome] },
      pounds('Agreed', (d) => d.agreedPence),
      { heading: 'Reasons', kind: 'text', width: 50, value: (d) => d.reasons },
      { heading: 'Plan line', kind: 'text', width: 40, value: (d) => d.line?.description ?? '' },
    ],
    childIdsOf: (d) => [d.pupil?.childId ?? null],
  };
}

function spendTable(t: Toolkit): ExportTable<SpendView> {
  return {
    fileStem: stem(t, 'spend'),
    sheetTitle: 'Spend',
    columns: [
      { heading: 'Date', kind: 'date', value: (s) => s.spentOn },
      { heading: 'Plan line', kind: 'text', width: 40, value: (s) => s.lineDescription },
      { heading: 'What', kind: 'text', width: 40, value: (s) => s.description },
      { heading: 'School', kind: 'text', width: 30, value: (s) => s.schoolName },
      pounds('Amount', (s) => s.amountPence),
    ],
  };
}

export type ToolkitTableName = 'plan' | 'panel' | 'spend';

/** The table read and authorised before the download starts, so a refusal is not a failed export. */
export async function sendToolkitExport(
  reply: FastifyReply,
  ctx: FundingContext,
  clusterId: string,
  potId: string,
  name: ToolkitTableName,
  format: ExportFormat,
) {
  // The export's own audit event names the children in the file.
  const t = await getToolkit(ctx, clusterId, potId, `export-${name}`, () => []);
  const send = <R>(table: ExportTable<R>, rows: readonly R[]) =>
    sendExport(reply, {
      format,
      table,
      today: ctx.today,
      pages: async () => ({ rows }),
      audit: {
        database: ctx.database,
        actor: ctx,
        action: 'funding.toolkit.exported',
        entityType: 'cluster-toolkit',
        filters: { clusterId, potId, table: name },
      },
    });
  if (name === 'plan') return send(planTable(t), t.lines);
  if (name === 'panel') return send(panelTable(t), t.decisions);
  return send(spendTable(t), t.spend);
}

export function clustersTable(view: ClustersView): ExportTable<ClusterRow> {
  const label = view.pot ? `${view.pot.name}-${view.pot.year.label}` : 'no-pot';
  return {
    fileStem: `cluster-funding-${label}`
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/-$/, ''),
    sheetTitle: 'Clusters',
    columns: [
      { heading: 'Cluster', kind: 'text', width: 36, value: (r) => r.clusterName },
      { heading: 'Host', kind: 'text', width: 30, value: (r) => r.hostName ?? '' },
      { heading: 'Schools', kind: 'integer', value: (r) => r.schools },
      pounds('Allocation', (r) => r.allocationPence),
      pounds('Planned', (r) => r.plannedPence),
      pounds('Spent', (r) => r.spentPence),
      { heading: 'Spent (% of allocation)', kind: 'percent', value: (r) => r.percentSpent },
      {
        heading: 'End-of-year return',
        kind: 'text',
        width: 16,
        value: (r) => returnStatusLabels[r.returnStatus],
      },
      { heading: 'Return due', kind: 'date', value: () => view.dueOn },
    ],
  };
}
