import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../platform/module.ts';
import { sufficiencyContext } from '../context.ts';
import { getTravel } from './service.ts';

const summary = z.object({
  key: z.string(),
  count: z.number().int(),
  meanMinutes: z.number(),
  p90Minutes: z.number().describe('Nearest-rank 90th percentile'),
  maxMinutes: z.number(),
  overLimit: z.number().int(),
});

/** How far children with plans travel today, summed up: no child named. */
export async function travelApi(app: FastifyInstance, deps: ModuleDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/sufficiency/travel',
    {
      config: { access: 'sufficiency:read' },
      schema: {
        summary:
          'Estimated journeys from home to setting, by need, phase, type of setting, district and home postcode district',
        tags: ['Sufficiency'],
        response: {
          200: z.object({
            on: z.string(),
            limits: z.object({ primary: z.number(), secondary: z.number() }),
            all: summary,
            byNeed: z.array(summary),
            byPhase: z.array(summary),
            bySettingType: z.array(summary),
            byDistrict: z.array(summary),
            byHomeArea: z.array(summary).describe('By the postcode district of the home'),
            unlocated: z
              .number()
              .int()
              .describe('Children whose home has no location, counted and not guessed'),
            locatedByPostcode: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      const ctx = sufficiencyContext(request, deps.database, deps.clock);
      const t = await getTravel(ctx, ctx.today);
      return {
        on: t.day,
        limits: t.limits,
        all: t.all,
        byNeed: t.byNeed,
        byPhase: t.byPhase,
        bySettingType: t.bySettingType,
        byDistrict: t.byDistrict,
        byHomeArea: t.byHomeArea,
        unlocated: t.unlocated.length,
        locatedByPostcode: t.fromCentroids,
      };
    },
  );
}
