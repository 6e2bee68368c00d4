import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpProblem } from '../../../platform/http/problem.ts';
import { problemResponse } from '../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { sufficiencyContext } from '../context.ts';
import { ForecastInputError } from './domain/errors.ts';
import { forecastQuerySchema, scenarioSchema } from './query.ts';
import { getForecast, getScenario } from './service.ts';

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

  const interval = z.object({ median: z.number(), p10: z.number(), p90: z.number(), mean: z.number() });
  api.post(
    '/api/v1/sufficiency/forecast/scenario',
    {
      config: { access: 'sufficiency:read' },
      schema: {
        summary:
          'A scenario against the forecast: changes to the rates from a January on, and the difference they make in places by group, and in cost (given, or from the placements)',
        tags: ['Sufficiency'],
        body: scenarioSchema,
        response: {
          200: z.object({
            origin: z.number().int(),
            places: z.array(
              z.object({
                year: z.number().int(),
                group: z.string().nullable(),
                base: interval,
                scenario: interval,
                difference: interval.describe('Scenario less forecast, simulation by simulation'),
              }),
            ),
            costPence: z
              .array(
                z.object({
                  year: z.number().int(),
                  base: interval,
                  scenario: interval,
                  difference: interval,
                }),
              )
              .nullable(),
            costFrom: z
              .enum(['given', 'placements'])
              .nullable()
              .describe(
                'Where the cost a place came from: the request, or (when it gave none) the mean of this financial year’s placements held since 1 April, by group',
              ),
            costPerPlacePounds: z.record(z.string(), z.number()).nullable(),
          }),
          422: problemResponse,
        },
      },
    },
    async (request) => {
      const ctx = sufficiencyContext(request, deps.database, deps.clock);
      try {
        const c = await getScenario(ctx, request.body);
        return {
          origin: c.origin,
          places: c.places.map((p) => ({
            year: p.year,
            group: p.group,
            base: p.base,
            scenario: p.scenario,
            difference: p.difference,
          })),
          costPence:
            c.cost?.map((x) => ({
              year: x.year,
              base: x.basePence,
              scenario: x.scenarioPence,
              difference: x.differencePence,
            })) ?? null,
          costFrom: c.costFrom,
          costPerPlacePounds: c.costPerPlacePounds,
        };
      } catch (err) {
        throw forecastRefusal(err) ?? err;
      }
    },
  );
}
