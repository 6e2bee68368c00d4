import type { FastifyReply } from 'fastify';
import { type ExportFormat, type ExportTable, sendExport } from '../../../platform/exports/index.ts';
import { type SenType, senTypes } from '../../../platform/kernel/sen2.ts';
import type { SufficiencyContext } from '../context.ts';
import type { GroupRow, LinePhase, Occupancy, ProvisionRow } from './domain/occupancy.ts';
import {
  needLabel,
  type OutOfAreaGroup,
  outOfAreaGroups,
  phaseLabels,
  provisionLabels,
  statusLabels,
} from './presenters.ts';

/** The places tables as they download: each as the page shows it, counts only, no child named. */

export const placesTables = ['settings', 'needs', 'phases', 'districts', 'out-of-area'] as const;
export type PlacesTable = (typeof placesTables)[number];

const settingsTable = (day: string): ExportTable<ProvisionRow> => ({
  fileStem: `places-by-setting-on-${day}`,
  sheetTitle: 'Places by setting',
  columns: [
    { heading: 'Setting', kind: 'text', width: 40, value: (r) => r.setting.name },
    { heading: 'URN', kind: 'integer', value: (r) => r.setting.urn },
    { heading: 'Provision', kind: 'text', width: 26, value: (r) => provisionLabels[r.provision] },
    { heading: 'District', kind: 'text', width: 22, value: (r) => r.setting.district },
    { heading: 'Places', kind: 'integer', value: (r) => r.places },
    { heading: 'Children', kind: 'integer', value: (r) => r.children },
    { heading: 'Free (below 0 when over)', kind: 'integer', value: (r) => r.free },
    { heading: 'Status', kind: 'text', value: (r) => statusLabels[r.status].text },
  ],
});

const groupTable = <K extends string>(
  stem: string,
  title: string,
  first: string,
  label: (k: K) => string,
): ExportTable<GroupRow<K>> => ({
  fileStem: stem,
  sheetTitle: title,
  columns: [
    { heading: first, kind: 'text', width: 40, value: (r) => label(r.key) },
    { heading: 'Places', kind: 'integer', value: (r) => r.places },
    { heading: 'Children', kind: 'integer', value: (r) => r.children },
    { heading: 'Free (below 0 when over)', kind: 'integer', value: (r) => r.places - r.children },
  ],
});

const outOfAreaTable = (day: string): ExportTable<OutOfAreaGroup> => ({
  fileStem: `placed-outside-local-places-on-${day}`,
  sheetTitle: 'Placed outside',
  columns: [
    { heading: 'Primary need', kind: 'text', width: 40, value: (r) => needLabel(r.need) },
    { heading: 'Phase', kind: 'text', value: (r) => phaseLabels[r.phase] },
    { heading: 'Independent', kind: 'integer', value: (r) => r.independent },
    { heading: 'Out of county', kind: 'integer', value: (r) => r.outOfCounty },
    { heading: 'A local place has room', kind: 'integer', value: (r) => r.withLocalRoom },
  ],
});

export function sendPlacesExport(
  reply: FastifyReply,
  ctx: SufficiencyContext,
  o: Occupancy & { day: string },
  table: PlacesTable,
  format: ExportFormat,
) {
  const common = {
    format,
    today: ctx.today,
    audit: {
      database: ctx.database,
      actor: ctx,
      action: 'sufficiency.places.exported',
      entityType: 'sufficiency',
      filters: { on: o.day, table },
    },
  };
  const one =
    <Row>(rows: readonly Row[]) =>
    async () => ({ rows });
  switch (table) {
    case 'settings':
      return sendExport(reply, { ...common, table: settingsTable(o.day), pages: one(o.rows) });
    case 'needs':
      return sendExport(reply, {
        ...common,
        table: groupTable<SenType | 'unknown'>(
          `places-by-need-on-${o.day}`,
          'Places by need',
          'Type of need',
          needLabel,
        ),
        pages: one(o.byNeed),
      });
    case 'phases':
      return sendExport(reply, {
        ...common,
        table: groupTable<LinePhase>(
          `places-by-phase-on-${o.day}`,
          'Places by phase',
          'Phase',
          (k) => phaseLabels[k],
        ),
        pages: one(o.byPhase),
      });
    case 'districts':
      return sendExport(reply, {
        ...common,
        table: groupTable(`places-by-district-on-${o.day}`, 'Places by district', 'District', (k: string) =>
          k === '' ? 'Not recorded' : k,
        ),
        pages: one(o.byDistrict),
      });
    case 'out-of-area':
      return sendExport(reply, {
        ...common,
        table: outOfAreaTable(o.day),
        pages: one(outOfAreaGroups(o.outOfArea, senTypes)),
      });
  }
}
