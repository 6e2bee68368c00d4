import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpProblem } from '../../../platform/http/problem.ts';
import { problemResponse } from '../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { sufficiencyContext } from '../context.ts';
import { ForecastInputError } from './domain/errors.ts';
import { forecastQuerySchema } from './query.ts';
import { getForecast } from './service.ts';

/** A forecast the records cannot give (fewer than two Januarys) is the asker's to know: 422. */
export function forecastRefusal(err: unknown): HttpProblem | null {
  if (!(err instanceof ForecastInputError)) return null;
  return new HttpProblem(
    422,
    'The forecast cannot be made',
    err.message,
    err.problems.map((p) => ({ field: p.field, message: p.message })),
  );
}

const row = z.object({
  year: z.number().int().describe('The January'),
  horizon: z.number().int(),
  age: z.string().nullable().describe('Age band or single year; null for every age'),
  need: z.string().nullable().describe('Primary need; null for every need'),
  group: z.string().nullable().describe('Setting group; null for every group'),
  median: z.number(),
  p10: z.number().describe('The 80% interval’s lower end'),
  p90: z.number().describe('The 80% interval’s upper end'),
  mean: z.number(),
});

export async function forecastApi(app: FastifyInstance, deps: ModuleDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/sufficiency/forecast',
    {
      config: { access: 'sufficiency:read' },
      schema: {
        summary:
          'EHC plans forecast each January for up to 5 years, by age, primary need and setting group, each with its 80% interval',
        tags: ['Sufficiency'],
        querystring: forecastQuerySchema,
        response: {
          200: z.object({
            origin: z.number().int().describe('The last January in the records'),
            januarys: z.array(z.number().int()),
            simulations: z.number().int(),
            rows: z.array(row),
          }),
          400: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request) => {
      const ctx = sufficiencyContext(request, deps.database, deps.clock);
      try {
        const f = await getForecast(ctx, {
          years: request.query.years,
          simulations: request.query.simulations,
          ageBasis: request.query.by,
        });
        return { origin: f.origin, januarys: f.fit.januarys, simulations: f.simulations, rows: f.rows };
      } catch (err) {
        throw forecastRefusal(err) ?? err;
      }
    },
  );
}
