import type { FastifyReply } from 'fastify';
import { type ExportFormat, type ExportTable, sendExport } from '../../../platform/exports/index.ts';
import type { SufficiencyContext } from '../context.ts';
import { type Flow, travelFlows } from './domain/flows.ts';
import type { JourneySummary } from './domain/summary.ts';
import type { TravelFigures } from './service.ts';

export const travelTables = ['need', 'phase', 'setting-type', 'district', 'home-area', 'flows'] as const;
export type TravelTable = (typeof travelTables)[number];

const table = (
  stem: string,
  title: string,
  first: string,
  label: (k: string) => string,
): ExportTable<JourneySummary> => ({
  fileStem: stem,
  sheetTitle: title,
  columns: [
    { heading: first, kind: 'text', width: 40, value: (r) => label(r.key) },
    { heading: 'Children', kind: 'integer', value: (r) => r.count },
    { heading: 'Average minutes', kind: 'decimal', value: (r) => Math.round(r.meanMinutes * 10) / 10 },
    { heading: '90th percentile minutes', kind: 'decimal', value: (r) => Math.round(r.p90Minutes * 10) / 10 },
    { heading: 'Longest minutes', kind: 'decimal', value: (r) => Math.round(r.maxMinutes * 10) / 10 },
    { heading: 'Over the time limit', kind: 'integer', value: (r) => r.overLimit },
  ],
});

export function summaryOf(t: TravelFigures, which: Exclude<TravelTable, 'flows'>): JourneySummary[] {
  return {
    need: t.byNeed,
    phase: t.byPhase,
    'setting-type': t.bySettingType,
    district: t.byDistrict,
    'home-area': t.byHomeArea,
  }[which];
}

const flowsTable = (t: TravelFigures): ExportTable<Flow> => ({
  fileStem: `journey-flows-on-${t.day}`,
  sheetTitle: 'Flows from home to setting',
  columns: [
    { heading: 'Home postcode district', kind: 'text', width: 16, value: (f) => f.area || 'No postcode' },
    { heading: 'Setting', kind: 'text', width: 40, value: (f) => t.settings.get(f.settingId)?.name ?? '' },
    { heading: 'Children', kind: 'integer', value: (f) => f.children },
    { heading: 'Average minutes', kind: 'decimal', value: (f) => Math.round(f.meanMinutes * 10) / 10 },
  ],
});

/** The journey summaries as they download: counts and minutes, no child named. */
export function sendTravelExport(
  reply: FastifyReply,
  ctx: SufficiencyContext,
  t: TravelFigures,
  which: TravelTable,
  format: ExportFormat,
  labels: Record<Exclude<TravelTable, 'flows'>, { first: string; label: (k: string) => string }>,
) {
  const audit = {
    database: ctx.database,
    actor: ctx,
    action: 'sufficiency.travel.exported',
    entityType: 'sufficiency',
    filters: { on: t.day, table: which },
  };
  if (which === 'flows')
    return sendExport(reply, {
      format,
      today: ctx.today,
      table: flowsTable(t),
      pages: async () => ({ rows: travelFlows(t.trips) }),
      audit,
    });
  const l = labels[which];
  return sendExport(reply, {
    format,
    today: ctx.today,
    table: table(
      `journeys-by-${which}-on-${t.day}`,
      `Journeys by ${which.replace('-', ' ')}`,
      l.first,
      l.label,
    ),
    pages: async () => ({ rows: summaryOf(t, which) }),
    audit,
  });
}
