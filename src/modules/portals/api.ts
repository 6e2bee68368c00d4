import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpProblem } from '../../platform/http/problem.ts';
import { problemResponse } from '../../platform/http/validation.ts';
import { type PortalDeps, portalContext } from './context.ts';
import { decisionSchema } from './domain/triage.ts';
import { followRequest } from './requests/follow.ts';
import type { RequestRow } from './requests/repo.ts';
import { submitWhole } from './requests/whole.ts';
import { decideRequest, triageQueue } from './triage/service.ts';

/**
 * The portals for the LA's other systems: the triage queue and its decisions, and requests sent
 * whole by a school's or a family's system. Invitations are the people API's (POST /api/v1/users).
 */

const date = z.string().describe('YYYY-MM-DD');
const requestJson = z.object({
  id: z.string(),
  reference: z.string(),
  childId: z.string().nullable(),
  madeAs: z.enum(['parent', 'young-person', 'school']),
  madeBy: z.string(),
  kind: z.enum(['assessment', 'help']).nullable(),
  status: z.enum(['draft', 'opened', 'triage', 'decided']),
  receivedOn: date.nullable(),
  ehcRequestId: z.string().nullable(),
  outcome: z.enum(['assessment', 'sen-support', 'other-service']).nullable(),
  routedTo: z.string().nullable(),
  reasons: z.string().nullable(),
  answers: z.object({
    needs: z.string().optional(),
    supportNow: z.string().optional(),
    views: z.string().optional(),
    consent: z.object({ by: z.string(), on: date }).optional(),
  }),
  version: z.number().int(),
});

const asJson = (r: RequestRow): z.infer<typeof requestJson> => ({
  id: r.id,
  reference: r.reference,
  childId: r.childId,
  madeAs: r.madeAs,
  madeBy: r.madeByName,
  kind: r.kind,
  status: r.status,
  receivedOn: r.receivedOn,
  ehcRequestId: r.ehcRequestId,
  outcome: r.outcome,
  routedTo: r.routedTo,
  reasons: r.outcomeReasons,
  answers: r.answers,
  version: r.version,
});

export async function portalsApi(app: FastifyInstance, deps: PortalDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => portalContext(request, deps);
  const tags = ['Portals'];
  const params = z.object({ id: z.uuid('id must be a request id (a UUID)') });

  api.get(
    '/api/v1/portal/triage',
    {
      config: { access: 'portal:triage' },
      schema: {
        summary: 'Requests for help waiting for triage, oldest first, and those decided recently',
        tags,
        response: { 200: z.object({ waiting: z.array(requestJson), recent: z.array(requestJson) }) },
      },
    },
    async (request) => {
      const q = await triageQueue(ctx(request));
      return { waiting: q.waiting.map((i) => asJson(i.row)), recent: q.recent.map((i) => asJson(i.row)) };
    },
  );

  api.post(
    '/api/v1/portal/triage/:id',
    {
      config: { access: 'portal:triage' },
      schema: {
        summary:
          'Decide a request for help: route it to SEN Support or another service with reasons, or treat it as a request for an EHC needs assessment, received the day it arrived. The requester is told.',
        tags,
        params,
        body: decisionSchema,
        response: {
          200: requestJson,
          400: problemResponse,
          404: problemResponse,
          409: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request) => {
      const c = ctx(request);
      const r = await decideRequest(c, request.params.id, request.body);
      if (!r.ok)
        throw new HttpProblem(
          r.status,
          r.status === 409 ? 'Conflict' : 'Invalid input',
          r.errors.map((e) => e.message).join('; '),
          r.errors,
        );
      return asJson((await followRequest(c, request.params.id)).row);
    },
  );

  api.get(
    '/api/v1/portal/requests/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: 'An online request, for the LA’s EHC staff, its maker, and the child’s family and school',
        tags,
        params,
        response: { 200: requestJson, 404: problemResponse },
      },
    },
    async (request) => asJson((await followRequest(ctx(request), request.params.id)).row),
  );

  api.post(
    '/api/v1/portal/requests',
    {
      config: { access: 'portal:request' },
      schema: {
        summary:
          'Send a whole request at once, as the pages would: about a child linked to the account (childId) or a pupil of its school (upn). A school gives the family’s agreement (consent). A request for an assessment opens the EHC request the day it arrives.',
        tags,
        body: z
          .object({
            childId: z.uuid('childId must be a child id (a UUID)').optional(),
            upn: z.string().max(20).optional(),
            kind: z.enum(['assessment', 'help']),
            needs: z.string().max(5000),
            supportNow: z.string().max(5000).optional(),
            views: z.string().max(5000),
            consent: z.object({ by: z.string().max(200), on: date }).optional(),
          })
          .refine((b) => (b.childId === undefined) !== (b.upn === undefined), {
            message: 'Give either childId or upn',
            path: ['childId'],
          }),
        response: {
          201: z.object({
            id: z.string(),
            reference: z.string(),
            kind: z.enum(['assessment', 'help']),
            receivedOn: date,
            decideBy: date.nullable(),
          }),
          400: problemResponse,
          409: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request, reply) => reply.code(201).send(await submitWhole(ctx(request), request.body)),
  );
}
