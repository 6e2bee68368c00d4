import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponse } from '../../../platform/http/validation.ts';
import { senTypes } from '../../../platform/kernel/sen2.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { sufficiencyContext } from '../context.ts';
import { endWaitSchema, newWaitSchema, waitPhases, waitProvisions } from './schemas.ts';
import { addWait, endWait, listWaits } from './service.ts';

const waitOut = z.object({
  id: z.string(),
  childId: z.string(),
  name: z.string(),
  upn: z.string().nullable(),
  provision: z.enum(waitProvisions),
  senType: z.enum(senTypes),
  phase: z.enum(waitPhases),
  waitingSince: z.string(),
  neededFrom: z.string(),
  daysWaiting: z.number().int(),
  daysLate: z.number().int().describe('Days past the day the place was needed from; 0 until then'),
  note: z.string().nullable(),
  version: z.number().int(),
});

/** The waiting list for specialist places: the SEND team's, each read recorded as naming the children. */
export async function waitingApi(app: FastifyInstance, deps: ModuleDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Sufficiency'];
  const ctx = (request: Parameters<typeof sufficiencyContext>[0]) =>
    sufficiencyContext(request, deps.database, deps.clock);

  api.get(
    '/api/v1/sufficiency/waiting',
    {
      config: { access: 'sufficiency:children' },
      schema: {
        summary: 'Children waiting for a specialist place, longest waiting first',
        tags,
        response: { 200: z.object({ items: z.array(waitOut) }) },
      },
    },
    async (request) => ({
      items: (await listWaits(ctx(request), 'api')).map(
        ({ status: _s, endedOn: _e, dateOfBirth: _d, ...w }) => w,
      ),
    }),
  );

  api.post(
    '/api/v1/sufficiency/waiting',
    {
      config: { access: 'sufficiency:children' },
      schema: {
        summary: 'Add a child (by UPN) to the waiting list',
        tags,
        body: newWaitSchema,
        response: { 201: z.object({ id: z.string() }), 422: problemResponse },
      },
    },
    async (request, reply) => {
      const made = await addWait(ctx(request), request.body);
      reply.code(201);
      return made;
    },
  );

  api.post(
    '/api/v1/sufficiency/waiting/:id/end',
    {
      config: { access: 'sufficiency:children' },
      schema: {
        summary: 'End a wait: the child was placed, or no longer needs a specialist place',
        tags,
        params: z.object({ id: z.uuid('id must be a wait id (a UUID)') }),
        body: endWaitSchema,
        response: { 204: z.null(), 404: problemResponse, 409: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) => {
      await endWait(ctx(request), request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );
}
