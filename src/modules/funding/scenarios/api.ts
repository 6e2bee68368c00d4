import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { problemResponse } from '../../../platform/http/validation.ts';
import { fundingContext } from '../api.ts';
import { scenarioAllocations } from './comparison-service.ts';
import { formulaSchema } from './domain/formula.ts';
import { getScenario, listScenarios, type Scenario } from './service.ts';
import { clusterAllocation } from './statements-service.ts';

/**
 * Scenarios and allocations under /api/v1: a pot's scenarios, one scenario with its formula, each
 * school's allocation under it, and a cluster's allocations from every adopted scenario.
 */

const scenarioOut = z.object({
  id: z.string(),
  potId: z.string(),
  potName: z.string(),
  /** The pot's year, "2026-27", financial or academic as yearKind says. */
  year: z.string(),
  yearKind: z.enum(['financial', 'academic']),
  name: z.string(),
  status: z.enum(['draft', 'adopted', 'withdrawn']),
  formula: formulaSchema,
  version: z.number(),
  adoptedOn: z.string().nullable(),
  publishedOn: z.string().nullable(),
});

const scenarioJson = (s: Scenario): z.output<typeof scenarioOut> => ({
  id: s.id,
  potId: s.pot.id,
  potName: s.pot.name,
  year: s.pot.label,
  yearKind: s.pot.yearKind,
  name: s.name,
  status: s.status,
  formula: s.formula,
  version: s.version,
  adoptedOn: s.adoptedOn,
  publishedOn: s.publishedOn,
});

const idParams = z.object({ id: z.uuid('id must be a scenario ID (a UUID)') });

export async function scenariosApi(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => fundingContext(request, deps.database, deps.clock);
  const tags = ['Cluster funding'];

  api.get(
    '/api/v1/funding/scenarios',
    {
      config: { access: 'finance:read' },
      schema: {
        summary:
          'A funding pot’s scenarios: drafts, the adopted one and those withdrawn, each with its formula',
        tags,
        querystring: z.object({ potId: z.uuid('potId must be a funding pot ID (a UUID)') }),
        response: {
          200: z.object({ scenarios: z.array(scenarioOut) }),
          400: problemResponse,
          404: problemResponse,
        },
      },
    },
    async (request) => ({
      scenarios: (await listScenarios(ctx(request), request.query.potId)).map(scenarioJson),
    }),
  );

  api.get(
    '/api/v1/funding/scenarios/:id',
    {
      config: { access: 'finance:read' },
      schema: {
        summary:
          'A funding scenario: its pot, formula, status and when it was adopted and its statements published',
        tags,
        params: idParams,
        response: { 200: scenarioOut, 400: problemResponse, 404: problemResponse },
      },
    },
    async (request) => scenarioJson(await getScenario(ctx(request), request.params.id)),
  );

  api.get(
    '/api/v1/funding/scenarios/:id/allocations',
    {
      config: { access: 'finance:read' },
      schema: {
        summary:
          'Each school’s allocation under a scenario, in pence, with last year’s: as stored for an adopted scenario, worked out now for a draft (409 while a school’s factor data is missing or the formula cannot share the pot). floorPercent and capPercent are the school damping’s, where set',
        tags,
        params: idParams,
        response: {
          200: z.object({
            potPence: z.number(),
            floorPercent: z.number().optional(),
            capPercent: z.number().optional(),
            schools: z.array(
              z.object({
                urn: z.number().nullable(),
                clusterId: z.string(),
                allocationPence: z.number(),
                lastYearPence: z.number().nullable(),
              }),
            ),
          }),
          400: problemResponse,
          404: problemResponse,
          409: problemResponse,
        },
      },
    },
    async (request) => {
      const a = await scenarioAllocations(ctx(request), request.params.id);
      return {
        potPence: a.potPence,
        ...(a.damping.floorPercent === null ? {} : { floorPercent: a.damping.floorPercent }),
        ...(a.damping.capPercent === null ? {} : { capPercent: a.damping.capPercent }),
        schools: a.schools,
      };
    },
  );

  api.get(
    '/api/v1/clusters/:id/allocation',
    {
      // LA finance, or the cluster's host and the heads of its schools: the service decides.
      config: { access: 'signed-in' },
      schema: {
        summary:
          'A cluster’s allocations from each adopted scenario, by pot and year, with each of its schools’: for LA finance, and once published for the cluster’s host and the heads of its schools',
        tags,
        params: z.object({ id: z.uuid('id must be a cluster ID (a UUID)') }),
        response: {
          200: z.object({
            clusterId: z.string(),
            clusterName: z.string(),
            allocations: z.array(
              z.object({
                potId: z.string(),
                potName: z.string(),
                yearKind: z.enum(['financial', 'academic']),
                year: z.string(),
                scenarioId: z.string(),
                scenarioName: z.string(),
                adoptedOn: z.string(),
                publishedOn: z.string().nullable(),
                pence: z.number(),
                lastYearPence: z.number().nullable(),
                schools: z.array(
                  z.object({
                    establishmentId: z.string(),
                    urn: z.number().nullable(),
                    name: z.string(),
                    allocationPence: z.number(),
                    lastYearPence: z.number().nullable(),
                  }),
                ),
              }),
            ),
          }),
          400: problemResponse,
          403: problemResponse,
          404: problemResponse,
        },
      },
    },
    async (request) => clusterAllocation(ctx(request), request.params.id),
  );
}
