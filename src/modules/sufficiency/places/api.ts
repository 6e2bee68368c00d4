import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponse } from '../../../platform/http/validation.ts';
import { isRealIsoDate } from '../../../platform/kernel/dates.ts';
import { senTypes } from '../../../platform/kernel/sen2.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { sufficiencyContext } from '../context.ts';
import { outOfAreaGroups } from './presenters.ts';
import { getOccupancy } from './service.ts';

const group = <K extends z.ZodType>(key: K) =>
  z.object({ key, places: z.number().int(), children: z.number().int() });
const phase = z.enum(['early_years', 'primary', 'secondary', 'post_16', 'all_through']);
const provision = z.enum(['special_school', 'sen_unit', 'resourced_provision']);

const placesOut = z.object({
  on: z.string(),
  totals: z.object({
    places: z.number().int(),
    children: z.number().int(),
    free: z.number().int(),
    full: z.number().int().describe('Settings with as many children as places'),
    over: z.number().int().describe('Settings with more children than places'),
  }),
  settings: z.array(
    z.object({
      establishmentId: z.string(),
      urn: z.number().int().nullable(),
      name: z.string(),
      district: z.string().nullable(),
      provision,
      places: z.number().int(),
      children: z.number().int(),
      free: z.number().int().describe('Below 0 when over'),
      status: z.enum(['over', 'full', 'room', 'no-places']),
      needs: z.array(
        z.object({
          senType: z.enum([...senTypes, 'unknown']),
          places: z.number().int(),
          children: z.number().int(),
        }),
      ),
    }),
  ),
  byNeed: z.array(group(z.enum([...senTypes, 'unknown']))),
  byPhase: z.array(group(phase)),
  byDistrict: z.array(group(z.string().describe('Empty when the setting has no district recorded'))),
  placedOutside: z
    .array(
      z.object({
        senType: z.enum(senTypes).nullable(),
        phase: z.enum(['early_years', 'primary', 'secondary', 'post_16']),
        independent: z.number().int(),
        outOfCounty: z.number().int(),
        withLocalRoom: z
          .number()
          .int()
          .describe('Of them, those a local place of their need and age has room for'),
      }),
    )
    .describe('Children placed out of county or in independent settings, by primary need and phase'),
});

const dateQuery = z.object({
  on: z
    .string()
    .refine(
      (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealIsoDate(v),
      'on must be a real date, like 2027-09-01',
    )
    .optional()
    .describe('The day to count on (default today); a later day counts places opening by then'),
});

/** Places against occupancy, as the sufficiency page shows them: counts only, no child named. */
export async function placesApi(app: FastifyInstance, deps: ModuleDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/sufficiency/places',
    {
      config: { access: 'sufficiency:read' },
      schema: {
        summary:
          'Designated places against the children placed in them, by setting, need, phase and district',
        tags: ['Sufficiency'],
        querystring: dateQuery,
        response: { 200: placesOut, 400: problemResponse },
      },
    },
    async (request) => {
      const ctx = sufficiencyContext(request, deps.database, deps.clock);
      const o = await getOccupancy(ctx, request.query.on ?? ctx.today);
      return {
        on: o.day,
        totals: o.totals,
        settings: o.rows.map((r) => ({
          establishmentId: r.setting.id,
          urn: r.setting.urn,
          name: r.setting.name,
          district: r.setting.district,
          provision: r.provision,
          places: r.places,
          children: r.children,
          free: r.free,
          status: r.status,
          needs: r.needs,
        })),
        byNeed: o.byNeed,
        byPhase: o.byPhase,
        byDistrict: o.byDistrict,
        placedOutside: outOfAreaGroups(o.outOfArea, senTypes).map(({ need, ...g }) => ({
          senType: need,
          ...g,
        })),
      };
    },
  );
}
