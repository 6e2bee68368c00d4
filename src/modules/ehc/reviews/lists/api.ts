import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponse } from '../../../../platform/http/validation.ts';
import { type EhcDeps, ehcContext, refusalProblem } from '../../context.ts';
import { completionMeasures } from './domain/lists.ts';
import { periodOf, reviewApiQuery, reviewStatsQuery } from './domain/query.ts';
import { completionStatistics, type ReviewItem, reviewsForApi } from './service.ts';

/** The review lists under /api/v1: active plans with their next review and any review under way, and the completion figures. */

const item = z.object({
  childId: z.string(),
  planId: z.string(),
  nextReviewDue: z.string().nullable(),
  overdue: z.boolean(),
  recommendedBy: z.string().nullable(),
  openReview: z
    .object({
      id: z.string(),
      stage: z.string(),
      meetingOn: z.string().nullable(),
      nextDue: z.object({ step: z.string(), on: z.string() }).nullable(),
    })
    .nullable(),
  phaseTransfer: z.object({ deadline: z.string(), to: z.string() }).nullable(),
});
const list = z.object({
  items: z.array(item),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});

const completionJson = z.object({
  met: z.number(),
  missed: z.number(),
  counted: z.number(),
  percentMet: z.number().nullable(),
  definition: z.string(),
});
const stats = z.object({
  from: z.string(),
  to: z.string(),
  decision: completionJson,
  review: completionJson,
  phaseTransfer: completionJson,
  months: z.array(
    z.object({
      month: z.string(),
      decision: completionJson.omit({ definition: true }),
      review: completionJson.omit({ definition: true }),
      phaseTransfer: completionJson.omit({ definition: true }),
    }),
  ),
});

const itemJson = (i: ReviewItem): z.input<typeof item> => ({
  childId: i.child.id,
  planId: i.planId,
  nextReviewDue: i.nextReviewDue,
  overdue: i.daysOverdue !== null,
  recommendedBy: i.recommendedBy,
  openReview: i.openReview
    ? {
        id: i.openReview.id,
        stage: i.openReview.stage,
        meetingOn: i.openReview.meetingOn,
        nextDue: i.openReview.nextDue,
      }
    : null,
  // reg 18's date as the regulation names it: the plan must be amended before it.
  phaseTransfer: i.phaseTransfer ? { deadline: i.phaseTransfer.deadline, to: i.phaseTransfer.to } : null,
});

export async function reviewListsApi(app: FastifyInstance, deps: EhcDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => ehcContext(request, deps);

  api.get(
    '/api/v1/ehc/reviews',
    {
      config: { access: 'ehc:read' },
      schema: {
        summary:
          'Active EHC plans with their next review due (the last day of CFA 2014 s44’s 12 months), whether it is overdue, the Code of Practice 9.178 recommendation for a child under 5, the review under way and any phase transfer coming (its reg 18 deadline: the plan is amended before it); filter by childId, settingId, dueBefore (due strictly before the date) and overdue; soonest due first, a page at a time with limit and offset',
        tags: ['EHC reviews'],
        querystring: reviewApiQuery,
        response: { 200: list, 400: problemResponse },
      },
    },
    async (request) => {
      const { limit, offset, ...q } = request.query;
      const found = await reviewsForApi(ctx(request), q, { limit, offset });
      return { ...found, items: found.items.map(itemJson) };
    },
  );

  api.get(
    '/api/v1/ehc/reviews/stats',
    {
      config: { access: 'ehc:read' },
      schema: {
        summary:
          'Review completion for a period (from and to, by default the 12 months to today): decisions within 4 weeks of the meeting, reviews completed within 12 months, and phase transfers amended before the deadline, each as met of those counted, in total and month by month',
        tags: ['EHC reviews'],
        querystring: reviewStatsQuery,
        response: { 200: stats, 400: problemResponse },
      },
    },
    async (request) => {
      const c = ctx(request);
      const period = periodOf(request.query, c.today);
      if (!period.ok) throw refusalProblem(400, period.errors);
      const found = await completionStatistics(c, {}, period.period);
      if (!found.ok) throw refusalProblem(400, found.errors);
      const f = found.value;
      const totals = Object.fromEntries(
        completionMeasures.map((m) => [m.key, { ...f.totals[m.key], definition: m.definition }]),
      ) as Record<(typeof completionMeasures)[number]['key'], z.input<typeof completionJson>>;
      return { from: f.from, to: f.to, ...totals, months: f.months };
    },
  );
}
