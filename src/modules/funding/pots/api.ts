import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { problemResponse } from '../../../platform/http/validation.ts';
import { fundingContext } from '../api.ts';
import { centralUseKinds } from './domain/central-uses.ts';
import { potYearLabel, yearKinds } from './domain/years.ts';
import { potSchema } from './schemas.ts';
import { createPot, getPot, listPots, type PotOverview } from './service.ts';

/** Funding pots under /api/v1/funding/pots: the LA's pots, one pot with its central uses and coverage, a new pot. */

const potOut = {
  id: z.string(),
  version: z.number(),
  name: z.string(),
  yearKind: z.enum(yearKinds),
  year: z.number(),
  yearLabel: z.string(),
  totalPence: z.number(),
  delegatedPercent: z.number(),
  centralPercent: z.number(),
  delegatedPence: z.number(),
  centralPence: z.number(),
  previousPotId: z.string().nullable(),
  centralUsesPence: z.number(),
  coverage: z.object({ schoolsInScope: z.number(), schoolsWithData: z.number(), schoolsMissing: z.number() }),
  lastYear: z.object({ from: z.enum(['adopted', 'baselines', 'none']), schools: z.number() }),
  scenarios: z.array(z.object({ id: z.string(), name: z.string(), status: z.string() })),
  adoptedScenarioId: z.string().nullable(),
};
const potSummary = z.object(potOut);
const potDetail = z.object({
  ...potOut,
  centralUses: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(centralUseKinds),
      name: z.string(),
      fte: z.number().nullable(),
      costPence: z.number(),
    }),
  ),
  missing: z.array(
    z.object({
      establishmentId: z.string(),
      urn: z.number().nullable(),
      name: z.string(),
      clusterName: z.string(),
    }),
  ),
});

function summaryJson(o: PotOverview): z.input<typeof potSummary> {
  const p = o.pot;
  return {
    id: p.id,
    version: p.version,
    name: p.name,
    yearKind: p.yearKind,
    year: p.year,
    yearLabel: potYearLabel(p.year),
    totalPence: p.totalPence,
    delegatedPercent: p.delegatedPercent,
    centralPercent: p.centralPercent,
    delegatedPence: p.delegatedPence,
    centralPence: p.centralPence,
    previousPotId: p.previousPotId,
    centralUsesPence: o.centralUsesPence,
    coverage: {
      schoolsInScope: o.schoolsInScope,
      schoolsWithData: o.schoolsWithData,
      schoolsMissing: o.missing.length,
    },
    lastYear: { from: o.lastYear.from, schools: o.lastYear.from === 'none' ? 0 : o.lastYear.schools },
    scenarios: o.scenarios.map((s) => ({ id: s.id, name: s.name, status: s.status })),
    adoptedScenarioId: o.adoptedScenario?.id ?? null,
  };
}

const detailJson = (o: PotOverview): z.input<typeof potDetail> => ({
  ...summaryJson(o),
  centralUses: o.centralUses.map((u) => ({
    id: u.id,
    kind: u.kind,
    name: u.name,
    fte: u.fte,
    costPence: u.costPence,
  })),
  missing: o.missing.map((m) => ({
    establishmentId: m.id,
    urn: m.urn,
    name: m.name,
    clusterName: m.clusterName,
  })),
});

export async function potsApi(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => fundingContext(request, deps.database, deps.clock);
  const tags = ['Cluster funding'];

  api.get(
    '/api/v1/funding/pots',
    {
      config: { access: 'finance:read' },
      schema: {
        summary:
          'The LA’s funding pots, the latest year first: each split between the delegated share (shared between clusters by formula) and the central share, what the central uses cost, how many schools in scope have factor data, where last year’s allocations come from, and its scenarios',
        tags,
        response: { 200: z.object({ items: z.array(potSummary) }) },
      },
    },
    async (request) => ({ items: (await listPots(ctx(request))).map(summaryJson) }),
  );

  api.get(
    '/api/v1/funding/pots/:id',
    {
      config: { access: 'finance:read' },
      schema: {
        summary:
          'A funding pot: its split, its central uses (posts with their FTE, and services), and its coverage: the schools in a cluster on the year’s first day with no factor data yet',
        tags,
        params: z.object({ id: z.uuid('id must be a funding pot ID (a UUID)') }),
        response: { 200: potDetail, 400: problemResponse, 404: problemResponse },
      },
    },
    async (request) => detailJson(await getPot(ctx(request), request.params.id)),
  );

  api.post(
    '/api/v1/funding/pots',
    {
      config: { access: 'finance:manage' },
      schema: {
        summary:
          'Create a funding pot for a financial or academic year (year is the year it starts in: 2026 is 2026-27). The delegated share is totalPence × delegatedPercent rounded half up to the penny, and the central share the rest; delegatedPercent and centralPercent must add up to 100. previousPotId names the same pot a year earlier, whose adopted allocations are this year’s last year',
        tags,
        body: potSchema,
        response: { 201: potDetail, 400: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) => reply.code(201).send(detailJson(await createPot(ctx(request), request.body))),
  );
}
