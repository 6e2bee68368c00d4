import type { FastifyReply } from 'fastify';
import { type ExportFormat, type ExportTable, sendExport } from '../../../platform/exports/index.ts';
import type { SufficiencyContext } from '../context.ts';
import type { JourneySummary } from './domain/summary.ts';
import type { TravelFigures } from './service.ts';

export const travelTables = ['need', 'phase', 'setting-type', 'district'] as const;
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

/** The journey summaries as they download: counts and minutes, no child named. */
export function sendTravelExport(
  reply: FastifyReply,
  ctx: SufficiencyContext,
  t: TravelFigures,
  which: TravelTable,
  format: ExportFormat,
  labels: Record<TravelTable, { first: string; label: (k: string) => string }>,
) {
  const rows = { need: t.byNeed, phase: t.byPhase, 'setting-type': t.bySettingType, district: t.byDistrict }[
    which
  ];
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
    pages: async () => ({ rows }),
    audit: {
      database: ctx.database,
      actor: ctx,
      action: 'sufficiency.travel.exported',
      entityType: 'sufficiency',
      filters: { on: t.day, table: which },
    },
  });
}
