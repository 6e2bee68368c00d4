import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponse } from '../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { programmeContext } from '../context.ts';
import { riskScore } from '../domain/risks.ts';
import { riskChangeSchema, riskSchema } from './schemas.ts';
import { addRisk, changeRisk, listProgrammeRisks } from './service.ts';

/** The risks and issues log through the API. */
export async function riskApi(app: FastifyInstance, deps: ModuleDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof programmeContext>[0]) =>
    programmeContext(request, deps.database, deps.clock);
  const tags = ['Programme'];
  const params = z.object({ id: z.uuid('id must be a programme id (a UUID)') });
  const date = z.string().describe('YYYY-MM-DD');

  api.get(
    '/api/v1/programme/:id/risks',
    {
      config: { access: 'programme:read' },
      schema: {
        summary: 'The programme’s risks and issues, most serious first (likelihood × impact)',
        tags,
        params,
        response: {
          200: z.object({
            risks: z.array(
              z.object({
                id: z.string(),
                ref: z.string(),
                kind: z.enum(['risk', 'issue']),
                projectId: z.string().nullable(),
                title: z.string(),
                description: z.string().nullable(),
                likelihood: z.number().int(),
                impact: z.number().int(),
                score: z.number().int(),
                ownerName: z.string(),
                mitigation: z.string(),
                reviewOn: date,
                escalatedOn: date.nullable(),
                status: z.enum(['open', 'closed']),
                closedOn: date.nullable(),
                version: z.number().int(),
              }),
            ),
          }),
          404: problemResponse,
        },
      },
    },
    async (request) => ({
      risks: (await listProgrammeRisks(ctx(request), request.params.id)).map((r) => ({
        ...r,
        score: riskScore(r.likelihood, r.impact),
      })),
    }),
  );
  api.post(
    '/api/v1/programme/:id/risks',
    {
      config: { access: 'programme:manage' },
      schema: {
        summary: 'Log a risk or an issue',
        tags,
        params,
        body: riskSchema,
        response: { 201: z.object({ id: z.string() }), 404: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addRisk(ctx(request), request.params.id, request.body)),
  );
  api.put(
    '/api/v1/programme/:id/risks/:riskId',
    {
      config: { access: 'programme:manage' },
      schema: {
        summary: 'Change a risk or issue (rescore, escalate, close), at the version you read',
        tags,
        params: params.extend({ riskId: z.uuid('riskId must be a risk id (a UUID)') }),
        body: riskChangeSchema,
        response: {
          200: z.object({ id: z.string(), version: z.number().int() }),
          404: problemResponse,
          409: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request) => changeRisk(ctx(request), request.params.id, request.params.riskId, request.body),
  );
}
