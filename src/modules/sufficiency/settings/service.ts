import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../platform/db/connect.ts';
import { inTenant } from '../../../platform/db/tenancy.ts';
import { HttpProblem } from '../../../platform/http/problem.ts';
import { parseOrThrow } from '../../../platform/http/validation.ts';
import { audit, authorise, type SufficiencyContext, transaction } from '../context.ts';
import { defaultJourneyConfig, type JourneyConfig } from '../travel/domain/journey.ts';
import { defaultTravelLimits, type TravelLimits } from '../travel/domain/summary.ts';

/** How the LA estimates journeys and judges them: DESIGN §3.3's rule, its factors the LA's to set. */

export interface SufficiencySettings {
  config: JourneyConfig;
  limits: TravelLimits;
  /** The furthest a placement is proposed, as the crow flies. */
  maxFitKm: number;
  version: number;
}

const number = (label: string, min: number, max: number, places: number) =>
  z
    .number({ error: `Enter ${label} as a number` })
    .min(min, `${label[0]?.toUpperCase()}${label.slice(1)} must be from ${min} to ${max}`)
    .max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be from ${min} to ${max}`)
    .refine((v) => Math.abs(v * 10 ** places - Math.round(v * 10 ** places)) < 1e-9, {
      message: `${label[0]?.toUpperCase()}${label.slice(1)} can have at most ${places} decimal ${places === 1 ? 'place' : 'places'}`,
    });

export const settingsSchema = z.object({
  detourShort: number('the detour factor up to the threshold', 1, 3, 2),
  thresholdKm: number('the threshold', 0, 100, 1),
  detourLong: number('the detour factor beyond it', 1, 3, 2),
  speedKmh: number('the average speed', 5, 120, 1),
  fixedMinutes: number('the fixed minutes', 0, 60, 1),
  primaryLimit: number('the limit to Year 6', 5, 240, 0),
  secondaryLimit: number('the limit from Year 7', 5, 240, 0),
  maxFitKm: number('the furthest a placement is proposed', 1, 500, 1),
  version: z.number().int().min(0),
});

const defaults: SufficiencySettings = {
  config: defaultJourneyConfig,
  limits: defaultTravelLimits,
  maxFitKm: 60,
  version: 0,
};

/** The LA's settings, or the design's defaults until it sets its own. */
export async function readSettings(database: Database, tenant: { laCode: string; userId: string | null }) {
  const r = await inTenant(database.db, tenant, (tx) =>
    sql<
      Record<string, string | number>
    >`SELECT * FROM sufficiency_settings WHERE la_code = ${tenant.laCode}`.execute(tx),
  );
  const s = r.rows[0];
  if (!s) return defaults;
  return {
    config: {
      detourShort: Number(s.detour_short),
      thresholdKm: Number(s.detour_threshold_km),
      detourLong: Number(s.detour_long),
      speedKmh: Number(s.speed_kmh),
      fixedMinutes: Number(s.fixed_minutes),
    },
    limits: { primary: Number(s.primary_limit_minutes), secondary: Number(s.secondary_limit_minutes) },
    maxFitKm: Number(s.max_fit_km),
    version: Number(s.version),
  };
}

export function getSettings(ctx: SufficiencyContext): Promise<SufficiencySettings> {
  authorise(ctx, 'sufficiency:read');
  return readSettings(ctx.database, { laCode: ctx.principal.laCode, userId: ctx.principal.userId });
}

export async function saveSettings(ctx: SufficiencyContext, input: unknown): Promise<void> {
  const d = parseOrThrow(settingsSchema, input);
  authorise(ctx, 'sufficiency:plan');
  const laCode = ctx.principal.laCode;
  await transaction(ctx, async (tx) => {
    const before = await sql<{
      version: number;
    }>`SELECT version FROM sufficiency_settings WHERE la_code = ${laCode} FOR UPDATE`.execute(tx);
    const current = before.rows[0]?.version ?? 0;
    if (current !== d.version)
      throw new HttpProblem(
        409,
        'Conflict',
        `These settings were changed by someone else after version ${d.version}: they are now version ${current}. Read them again and re-apply your change.`,
      );
    await sql`INSERT INTO sufficiency_settings (la_code, detour_short, detour_threshold_km, detour_long, speed_kmh,
        fixed_minutes, primary_limit_minutes, secondary_limit_minutes, max_fit_km, updated_by)
      VALUES (${laCode}, ${d.detourShort}, ${d.thresholdKm}, ${d.detourLong}, ${d.speedKmh}, ${d.fixedMinutes},
        ${d.primaryLimit}, ${d.secondaryLimit}, ${d.maxFitKm}, ${ctx.principal.userId})
      ON CONFLICT (la_code) DO UPDATE SET detour_short = EXCLUDED.detour_short,
        detour_threshold_km = EXCLUDED.detour_threshold_km, detour_long = EXCLUDED.detour_long,
        speed_kmh = EXCLUDED.speed_kmh, fixed_minutes = EXCLUDED.fixed_minutes,
        primary_limit_minutes = EXCLUDED.primary_limit_minutes, secondary_limit_minutes = EXCLUDED.secondary_limit_minutes,
        max_fit_km = EXCLUDED.max_fit_km, updated_by = EXCLUDED.updated_by, updated_at = now(),
        version = sufficiency_settings.version + 1`.execute(tx);
    const { version: _v, ...values } = d;
    await audit(tx, ctx, {
      action: 'sufficiency.settings.changed',
      entityType: 'sufficiency',
      childId: null,
      detail: values,
    });
  });
}
