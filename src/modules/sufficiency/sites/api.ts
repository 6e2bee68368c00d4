import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../platform/http/problem.ts';
import { problemResponse } from '../../../platform/http/validation.ts';
import { senTypes } from '../../../platform/kernel/sen2.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { sufficiencyContext } from '../context.ts';
import { siteKinds, sitePhases } from './domain/candidates.ts';
import type { SiteRow } from './repo.ts';
import { selectBodyShape, siteChangeSchema, siteSchema, versionQuerySchema } from './schemas.ts';
import { getSelection, listSiteScenarios, type Scenario, startSelection } from './selection.ts';
import {
  addCandidateSite,
  changeCandidateSite,
  getCandidateSite,
  listCandidateSites,
  removeCandidateSite,
} from './service.ts';

const siteOut = z.object({
  id: z.string(),
  kind: z.enum(siteKinds),
  name: z.string(),
  urn: z.number().int().nullable().describe('The school, for an SRB expression of interest'),
  easting: z.number().int(),
  northing: z.number().int(),
  latitude: z.number(),
  longitude: z.number(),
  places: z.array(
    z.object({ senType: z.enum(senTypes), phase: z.enum(sitePhases), places: z.number().int() }),
  ),
  capitalCostPence: z.number().int().nullable(),
  opensOn: z.string().nullable(),
  receivedOn: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number().int(),
});

const json = (s: SiteRow) => ({
  id: s.id,
  kind: s.kind,
  name: s.name,
  urn: s.urn,
  easting: s.easting,
  northing: s.northing,
  latitude: s.latitude,
  longitude: s.longitude,
  places: s.places.map((p) => ({ ...p, senType: p.senType as (typeof senTypes)[number] })),
  capitalCostPence: s.capitalCostPence,
  opensOn: s.opensOn,
  receivedOn: s.receivedOn,
  note: s.note,
  version: s.version,
});

const counts = z.object({
  atNewSite: z.number().int(),
  atExisting: z.number().int(),
  unmet: z.number().int(),
});
const option = z.object({
  chosen: z.array(z.string()).describe('Candidate site ids'),
  objective: z
    .number()
    .describe('Travel minutes plus the penalty for each child left without a place in county'),
  travelMinutes: z.number(),
  unmet: z.number().int().describe('Children left without a place in county'),
  overLimit: z.number().int().describe('Children placed whose journey is over their phase’s time limit'),
  costPence: z.number().int(),
  children: z.object({ waiting: counts, outOfCounty: counts }),
});

const siteParams = z.object({ id: z.uuid('id must be a candidate site’s id (a UUID)') });

/** Candidate sites for new places, and choosing among them as a background job. */
/** A finished choice of sites, as a run gives it and a saved scenario keeps it. */
const selectionResult = z.object({
  day: z.string(),
  choice: z.union([z.object({ count: z.number().int() }), z.object({ budgetPence: z.number().int() })]),
  unmetPenaltyMinutes: z.number(),
  children: z.object({
    waiting: z.number().int(),
    outOfCounty: z.number().int(),
    unlocated: z.number().int(),
    withoutNeed: z.number().int(),
  }),
  candidates: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.enum(siteKinds),
        urn: z.number().int().nullable(),
        easting: z.number().int(),
        northing: z.number().int(),
        places: z.number().int(),
        costPence: z.number().int().nullable(),
      }),
    )
    .describe('The candidate sites chosen among, as they were when the run began'),
  chosen: option.extend({
    status: z.string().describe('HiGHS’s model status'),
    provenOptimal: z.boolean(),
    provenGap: z.number().nullable().describe('(objective − proven bound) / objective'),
    seconds: z.number(),
  }),
  baseline: option.describe('The best-ranked sites, each alone, taken down the ranking'),
  none: option.describe('No new site'),
  ranking: z
    .array(
      z.object({
        rank: z.number().int(),
        candidateId: z.string(),
        kind: z.enum(siteKinds),
        travelSavedMinutes: z.number(),
        unmetSaved: z.number().int(),
        outOfCountySaved: z.number().int(),
        objectiveSaved: z.number(),
      }),
    )
    .describe('Each candidate alone against no new site, best first'),
  savedAs: z.object({ id: z.string(), name: z.string() }).nullable(),
  notSaved: z.string().nullable(),
});

export async function sitesApi(app: FastifyInstance, deps: ModuleDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Sufficiency'];
  const access = { access: 'sufficiency:plan' as const };
  const ctx = (request: Parameters<typeof sufficiencyContext>[0]) =>
    sufficiencyContext(request, deps.database, deps.clock);

  api.get(
    '/api/v1/sufficiency/sites',
    {
      config: access,
      schema: {
        summary: 'Candidate sites for new specialist places, with the places each would add',
        tags,
        response: { 200: z.object({ items: z.array(siteOut) }) },
      },
    },
    async (request) => ({ items: (await listCandidateSites(ctx(request))).map(json) }),
  );

  api.post(
    '/api/v1/sufficiency/sites',
    {
      config: access,
      schema: {
        summary:
          'Add a candidate site: a school’s interest in an SRB (by URN) or a site for a new special school (by easting and northing); refused outside England',
        tags,
        body: siteSchema,
        response: { 201: siteOut, 400: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) => {
      const c = ctx(request);
      const { id } = await addCandidateSite(c, request.body);
      reply.code(201).header('Location', `/api/v1/sufficiency/sites/${id}`);
      return json(await getCandidateSite(c, id));
    },
  );

  api.put(
    '/api/v1/sufficiency/sites/:id',
    {
      config: access,
      schema: {
        summary: 'Change a candidate site; send the version you read (409 if it has changed)',
        tags,
        params: siteParams,
        body: siteChangeSchema,
        response: {
          200: siteOut,
          400: problemResponse,
          404: problemResponse,
          409: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request) => {
      const c = ctx(request);
      await changeCandidateSite(c, request.params.id, request.body);
      return json(await getCandidateSite(c, request.params.id));
    },
  );

  api.delete(
    '/api/v1/sufficiency/sites/:id',
    {
      config: access,
      schema: {
        summary: 'Remove a candidate site; give the version you read (409 if it has changed)',
        tags,
        params: siteParams,
        querystring: versionQuerySchema,
        response: { 204: z.null(), 404: problemResponse, 409: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) => {
      await removeCandidateSite(ctx(request), request.params.id, request.query);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/api/v1/sufficiency/sites/select',
    {
      config: access,
      schema: {
        summary:
          'Start choosing which candidate sites to open (count, or budgetPounds) for the least travel and unmet need; answers 202 with the run’s id',
        tags,
        body: selectBodyShape,
        response: {
          202: z.object({ id: z.string(), status: z.literal('queued'), href: z.string() }),
          400: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request, reply) => {
      const { id } = await startSelection(ctx(request), request.body);
      const href = `/api/v1/sufficiency/sites/select/${id}`;
      reply.code(202).header('Location', href);
      return { id, status: 'queued' as const, href };
    },
  );

  api.get(
    '/api/v1/sufficiency/sites/select/:id',
    {
      config: access,
      schema: {
        summary: 'A choice of sites: its status and progress, and when done the choice beside the baseline',
        tags,
        params: z.object({ id: z.uuid('id must be a run id (a UUID)') }),
        response: {
          200: z.object({
            id: z.string(),
            status: z.enum(['queued', 'running', 'succeeded', 'failed']),
            progress: z.object({ done: z.number().int(), total: z.number().int().nullable() }),
            message: z.string().nullable(),
            result: selectionResult.optional(),
          }),
          404: problemResponse,
        },
      },
    },
    async (request) => {
      const { job, result } = await getSelection(ctx(request), request.params.id);
      return {
        id: job.id,
        status: job.status,
        progress: job.progress,
        message: job.message,
        ...(result ? { result } : {}),
      };
    },
  );

  const scenarioSummary = z.object({
    id: z.string(),
    name: z.string(),
    createdAt: z.string(),
    createdBy: z.string().describe('Who saved it'),
    day: z.string().describe('The day the run read the waiting list and placements'),
    chosen: z.array(z.object({ id: z.string(), name: z.string() })),
    travelMinutes: z.number(),
    unmet: z.number().int().describe('Children left without a place in the county'),
    overLimit: z.number().int(),
    costPence: z.number().int(),
  });
  const summaryOf = (s: Scenario) => {
    const names = new Map(s.result.candidates.map((c) => [c.id, c.name]));
    return {
      id: s.id,
      name: s.name,
      createdAt: s.createdAt.toISOString(),
      createdBy: s.createdBy,
      day: s.result.day,
      chosen: s.result.chosen.chosen.map((id) => ({ id, name: names.get(id) ?? 'A site since removed' })),
      travelMinutes: s.result.chosen.travelMinutes,
      unmet: s.result.chosen.unmet,
      overLimit: s.result.chosen.overLimit,
      costPence: s.result.chosen.costPence,
    };
  };

  api.get(
    '/api/v1/sufficiency/sites/scenarios',
    {
      config: access,
      schema: {
        summary: 'The saved choices of sites, newest first, each with what it chose and what it would do',
        tags,
        response: { 200: z.object({ scenarios: z.array(scenarioSummary) }) },
      },
    },
    async (request) => ({ scenarios: (await listSiteScenarios(ctx(request))).map(summaryOf) }),
  );

  api.get(
    '/api/v1/sufficiency/sites/scenarios/:id',
    {
      config: access,
      schema: {
        summary: 'A saved choice of sites in full: what was asked, and the run’s result as it was saved',
        tags,
        params: z.object({ id: z.uuid('id must be a saved scenario’s id (a UUID)') }),
        response: {
          200: scenarioSummary.extend({ inputs: z.record(z.string(), z.unknown()), result: selectionResult }),
          404: problemResponse,
        },
      },
    },
    async (request) => {
      const s = (await listSiteScenarios(ctx(request))).find((x) => x.id === request.params.id);
      if (!s) throw notFound('There is no such saved scenario in your LA.');
      return {
        ...summaryOf(s),
        inputs: s.inputs as Record<string, unknown>,
        result: { ...s.result, savedAs: { id: s.id, name: s.name }, notSaved: null },
      };
    },
  );
}
