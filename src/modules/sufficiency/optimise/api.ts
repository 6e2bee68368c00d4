import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponse } from '../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { sufficiencyContext } from '../context.ts';
import { bothPlacedOf, getOptimisation, optimiseBodySchema, startOptimisation } from './service.ts';

const outcome = z.object({
  totalTravelMinutes: z.number(),
  placed: z.number().int(),
  unplaced: z.number().int(),
  overLimit: z.number().int().describe('Placed children whose journey is over their phase’s limit'),
  meanMinutes: z.number().nullable(),
});

/** Optimal placement of the children waiting, as a background job: start it, then read it. */
export async function optimiseApi(app: FastifyInstance, deps: ModuleDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Sufficiency'];
  const ctx = (request: Parameters<typeof sufficiencyContext>[0]) =>
    sufficiencyContext(request, deps.database, deps.clock);

  api.post(
    '/api/v1/sufficiency/optimise',
    {
      config: { access: 'sufficiency:children' },
      schema: {
        summary:
          'Start placing the children now waiting for a specialist place, least total travel first; answers 202 with the run’s id',
        tags,
        body: optimiseBodySchema.nullish(),
        response: {
          202: z.object({ id: z.string(), status: z.literal('queued'), href: z.string() }),
          422: problemResponse,
        },
      },
    },
    async (request, reply) => {
      const { id } = await startOptimisation(ctx(request), request.body ?? {});
      reply.code(202).header('Location', `/api/v1/sufficiency/optimise/${id}`);
      return { id, status: 'queued' as const, href: `/api/v1/sufficiency/optimise/${id}` };
    },
  );

  api.get(
    '/api/v1/sufficiency/optimise/:id',
    {
      config: { access: 'sufficiency:children' },
      schema: {
        summary: 'A placement run: its status and progress, and when done the optimum beside the baseline',
        tags,
        params: z.object({ id: z.uuid('id must be a run id (a UUID)') }),
        response: {
          200: z.object({
            id: z.string(),
            status: z.enum(['queued', 'running', 'succeeded', 'failed']),
            progress: z.object({ done: z.number().int(), total: z.number().int().nullable() }),
            message: z.string().nullable(),
            provenOptimal: z.boolean().optional(),
            optimal: outcome.optional(),
            baseline: outcome
              .describe('Nearest fitting setting with a free place, first come first served')
              .optional(),
            bothPlaced: z
              .object({
                children: z.number().int(),
                proposedMinutes: z.number(),
                baselineMinutes: z.number(),
                onlyProposed: z.number().int(),
                onlyBaseline: z.number().int(),
              })
              .describe(
                'Like for like: the travel of the children both place, and how many only one of them places',
              )
              .optional(),
            unlocated: z
              .array(z.string())
              .describe('Waiting children whose home has no location, left out')
              .optional(),
            proposal: z
              .array(
                z.object({
                  childId: z.string(),
                  senType: z.string(),
                  phase: z.string(),
                  waitingSince: z.string(),
                  fixed: z.boolean(),
                  proposedSettingId: z.string().nullable(),
                  proposedMinutes: z.number().nullable(),
                  baselineSettingId: z.string().nullable(),
                  baselineMinutes: z.number().nullable(),
                }),
              )
              .optional(),
          }),
          404: problemResponse,
        },
      },
    },
    async (request) => {
      const { job, result } = await getOptimisation(ctx(request), request.params.id);
      return {
        id: job.id,
        status: job.status,
        progress: job.progress,
        message: job.message,
        ...(result
          ? {
              provenOptimal: result.provenOptimal,
              optimal: result.optimal,
              baseline: result.baseline,
              bothPlaced: bothPlacedOf(result),
              unlocated: result.unlocated,
              proposal: result.rows,
            }
          : {}),
      };
    },
  );
}
