import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponse } from '../../../platform/http/validation.ts';
import { isoDateInLondon } from '../../../platform/kernel/dates.ts';
import { limitField, offsetField } from '../../../platform/kernel/fields.ts';
import { type EhcDeps, ehcContext, refusalProblem } from '../context.ts';
import { childIdentityJson as childIdentity, personJson as person } from '../json.ts';
import { weekBands } from './domain/dashboard.ts';
import { requestListQuery } from './domain/list-query.ts';
import { yearQuery } from './domain/year.ts';
import { type FindOutcome, findRequests } from './find.ts';
import { dashboard, stats } from './service.ts';

/** The EHC API's lists and figures under /api/v1: requests found by filter, the caller's caseload, the team dashboard and the DfE timeliness. */

const listItem = z.object({
  id: z.string(),
  child: childIdentity,
  age: z.number(),
  school: z.object({ id: z.string(), name: z.string() }).nullable(),
  kind: z.string(),
  receivedOn: z.string(),
  weeksSinceRequest: z.number(),
  stage: z.string(),
  coordinator: person.nullable(),
  nextDue: z.object({ on: z.string(), step: z.string() }).nullable(),
  daysOverdue: z.number().nullable(),
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

/** The most a page of the API lists at once. */
const maxLimit = 500;
/** The page's filters, with limit and offset in place of the page number. */
const listQuery = requestListQuery.omit({ page: true }).extend({
  limit: limitField(maxLimit, 50),
  offset: offsetField(100_000),
});

function unwrap(found: FindOutcome) {
  if (found.ok) return found.list;
  throw refusalProblem(400, found.errors);
}

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
    unallocated: z.number(),
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

export async function caseloadApi(app: FastifyInstance, deps: EhcDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => ehcContext(request, deps);
  const thisYear = () => Number(isoDateInLondon(deps.clock()).slice(0, 4));

  api.get(
    '/api/v1/ehc/requests',
    {
      config: { access: 'ehc:read' },
      schema: {
        summary:
          'Find EHC requests: q is a child’s name, UPN or the request’s reference; filter by stage (open, closed, any or one stage), kind, coordinator (me, none or an ID), school (name or URN), due (overdue, within-7-days), backlog and allocated; sort by next-due, child, age, received, stage or coordinator',
        tags: ['EHC'],
        querystring: listQuery,
        response: { 200: list, 400: problemResponse },
      },
    },
    async (request) => {
      const { limit, offset, ...q } = request.query;
      return unwrap(await findRequests(ctx(request), { ...q, page: 1 }, 'team', { limit, offset }));
    },
  );

  api.get(
    '/api/v1/ehc/caseload',
    {
      config: { access: 'ehc:read' },
      schema: {
        summary:
          'Your requests, open ones soonest due first, each flagged overdue or due within 7 days; the same filters as /api/v1/ehc/requests',
        tags: ['EHC'],
        querystring: listQuery,
        response: { 200: list, 400: problemResponse },
      },
    },
    async (request) => {
      const { limit, offset, ...q } = request.query;
      return unwrap(await findRequests(ctx(request), { ...q, page: 1 }, 'mine', { limit, offset }));
    },
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
