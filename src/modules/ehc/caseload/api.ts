import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { problemResponse } from '../../../platform/http/validation.ts';
import { isoDateInLondon } from '../../../platform/kernel/dates.ts';
import { limitField, offsetField } from '../../../platform/kernel/fields.ts';
import { ehcContext } from '../context.ts';
import { stageLabels } from '../domain/summary.ts';
import { childIdentityJson as childIdentity, personJson as person } from '../json.ts';
import { weekBands } from './domain/dashboard.ts';
import { caseloadLimit, dashboard, listRequests, myCaseload, stats } from './service.ts';

/** The EHC API's lists and figures under /api/v1: requests found by filter, the caller's caseload, the team dashboard and the DfE timeliness. */

const listItem = z.object({
  id: z.string(),
  child: childIdentity.nullable(),
  kind: z.string(),
  receivedOn: z.string(),
  weeksSinceRequest: z.number(),
  stage: z.string(),
  coordinator: person.nullable(),
  nextDue: z.object({ on: z.string(), step: z.string() }).nullable(),
  urgency: z.enum(['overdue', 'due-within-7-days', 'later', 'none']),
  closedOn: z.string().nullable(),
});
const list = z.object({
  updating: z.boolean(),
  items: z.array(listItem),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});

const stages = Object.keys(stageLabels) as [string, ...string[]];
const listQuery = z.object({
  stage: z.enum(stages, { error: `stage must be one of ${stages.join(', ')}` }).optional(),
  coordinator: z
    .union([z.literal('me'), z.literal('none'), z.uuid()], {
      error: 'coordinator must be me, none or a user ID (a UUID)',
    })
    .optional(),
  open: z.enum(['true', 'false'], { error: 'open must be true or false' }).optional(),
  limit: limitField(caseloadLimit, 50),
  offset: offsetField(100_000),
});

export const yearQuery = (today: () => number) =>
  z.object({
    year: z.coerce
      .number({ error: 'year must be a calendar year like 2025' })
      .int('year must be a whole number')
      .min(2014, 'year must be 2014 or later: EHC plans began in September 2014')
      .max(2100, 'year must be 2100 or earlier')
      .default(today),
  });

const bandsJson = z.object({
  issued: z.number(),
  within20Weeks: z.number(),
  over20To52Weeks: z.number(),
  over52Weeks: z.number(),
  percentWithin20Weeks: z.number().nullable(),
});
const timelinessJson = z.object({
  year: z.number(),
  definition: z.string(),
  includingExceptions: bandsJson,
  excludingExceptions: bandsJson,
});
const dashboardJson = z.object({
  updating: z.boolean(),
  year: z.number(),
  today: z.string(),
  activePlans: z.number(),
  allocation: z.array(
    z.object({
      coordinator: person.nullable(),
      open: z.number(),
      overdue: z.number(),
      dueWithin7Days: z.number(),
    }),
  ),
  open: z.object({
    stages: z.array(z.object({ stage: z.string(), counts: z.array(z.number()), total: z.number() })),
    totals: z.array(z.number()),
    total: z.number(),
    backlog: z.number(),
  }),
  weekBands: z.array(z.string()),
  timeliness: timelinessJson,
  breachesByStep: z.array(z.object({ step: z.string(), missed: z.number(), excepted: z.number() })),
  recentBreaches: z.array(
    z.object({
      requestId: z.string(),
      child: childIdentity.nullable(),
      coordinator: z.string().nullable(),
      step: z.string(),
      owner: z.string(),
      dueOn: z.string(),
      doneOn: z.string().nullable(),
      daysLate: z.number(),
      excepted: z.boolean(),
      reasons: z.array(z.string()),
    }),
  ),
  weekly: z.array(
    z.object({
      weekStarting: z.string(),
      received: z.number(),
      issued: z.number(),
      issuedEx: z.number(),
      issuedWithin20WeeksEx: z.number(),
      percentWithin20WeeksEx: z.number().nullable(),
    }),
  ),
});

const definition =
  'DfE SEN2 timeliness: new EHC plans issued in the calendar year; within 20 weeks = issued no more than 140 days after the request was received; "excluding exceptions" leaves out of both counts every plan a reg 10(4) exception applies to (SEN2 Week20 = 1), whether or not the plan was on time.';

export async function caseloadApi(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => ehcContext(request, deps.database, deps.clock);
  const thisYear = () => Number(isoDateInLondon(deps.clock()).slice(0, 4));

  api.get(
    '/api/v1/ehc/requests',
    {
      config: { access: 'ehc:read' },
      schema: {
        summary:
          'EHC requests, soonest due first; filter by stage, coordinator (me, none or an ID) and whether open',
        tags: ['EHC'],
        querystring: listQuery,
        response: { 200: list, 400: problemResponse },
      },
    },
    async (request) => {
      const q = request.query;
      const c = ctx(request);
      return listRequests(c, {
        stage: q.stage,
        coordinatorId:
          q.coordinator === 'me' ? c.principal.userId : q.coordinator === 'none' ? null : q.coordinator,
        open: q.open === undefined ? undefined : q.open === 'true',
        limit: q.limit,
        offset: q.offset,
      });
    },
  );

  api.get(
    '/api/v1/ehc/caseload',
    {
      config: { access: 'ehc:read' },
      schema: {
        summary: 'Your open requests, soonest due first, each flagged overdue or due within 7 days',
        tags: ['EHC'],
        response: { 200: list },
      },
    },
    async (request) => myCaseload(ctx(request)),
  );

  api.get(
    '/api/v1/ehc/stats',
    {
      config: { access: 'ehc:read' },
      schema: {
        summary:
          'Final plans issued within 20 weeks in a calendar year, with and without exceptions, as the DfE defines it',
        tags: ['EHC'],
        querystring: yearQuery(thisYear),
        response: { 200: timelinessJson, 400: problemResponse },
      },
    },
    async (request) => ({ ...(await stats(ctx(request), request.query.year)), definition }),
  );

  api.get(
    '/api/v1/ehc/dashboard',
    {
      config: { access: 'ehc:read' },
      schema: {
        summary:
          "The team dashboard's figures: allocation, open requests by stage and week, backlog, breaches, timeliness and the weekly trend",
        tags: ['EHC'],
        querystring: yearQuery(thisYear),
        response: { 200: dashboardJson, 400: problemResponse },
      },
    },
    async (request) => {
      const d = await dashboard(ctx(request), request.query.year);
      return {
        ...d,
        weekBands: weekBands.map((b) => b.label),
        timeliness: { ...d.timeliness, definition },
      };
    },
  );
}
