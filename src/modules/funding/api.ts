import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/connect.ts';
import { notFound } from '../../platform/http/problem.ts';
import { problemResponse } from '../../platform/http/validation.ts';
import { isoDateInLondon } from '../../platform/kernel/dates.ts';
import { financialYearField } from '../../platform/kernel/fields.ts';
import { fyOf } from '../../platform/kernel/financial-years.ts';
import {
  type Budget,
  budgetSchema,
  expectedCostsSchema,
  type FundingContext,
  getBudget,
  getExpectedCosts,
  getPosition,
  setBudget,
  setExpectedCosts,
} from './service.ts';

/** The high needs budget and its live position under /api/v1/finance. */

export function fundingContext(request: FastifyRequest, database: Database, clock: Clock): FundingContext {
  const principal = request.principal;
  if (!principal) throw notFound();
  return { database, principal, today: isoDateInLondon(clock()), ip: request.ip, requestId: request.id };
}

const figures = {
  budgetPence: z.number(),
  committedPence: z.number(),
  awaitingApprovalPence: z.number(),
  expectedStartersPence: z.number(),
  forecastPence: z.number(),
  variancePence: z.number(),
};

const budgetOut = z.object({
  fy: z.string(),
  version: z.number(),
  allocationPence: z.number(),
  esfaDirectPence: z.number(),
  ownBudgetPence: z.number(),
  unallocatedPence: z.number(),
  lines: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      budgetPence: z.number(),
      otherCommittedPence: z.number(),
    }),
  ),
});
const budgetJson = (b: Budget): z.input<typeof budgetOut> => ({
  fy: b.label,
  version: b.version,
  allocationPence: b.allocationPence,
  esfaDirectPence: b.esfaDirectPence,
  ownBudgetPence: b.ownBudgetPence,
  unallocatedPence: b.unallocatedPence,
  lines: b.lines,
});

export async function fundingApi(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => fundingContext(request, deps.database, deps.clock);
  const tags = ['High needs finance'];
  const fyParams = z.object({ fy: financialYearField });

  api.get(
    '/api/v1/finance/position',
    {
      config: { access: 'finance:read' },
      schema: {
        summary:
          'The high needs block’s position for a financial year (fy, this one by default): by budget line, the budget, what placements commit, what awaits approval, what expected starters will cost by 31 March, the forecast and the variance (negative is an overspend); what others pay; and the monthly trend',
        tags,
        querystring: z.object({ fy: financialYearField.optional() }),
        response: {
          200: z.object({
            fy: z.string(),
            budgetSet: z.boolean(),
            allocationPence: z.number().nullable(),
            esfaDirectPence: z.number().nullable(),
            lines: z.array(
              z.object({ code: z.string(), name: z.string(), inBudget: z.boolean(), ...figures }),
            ),
            totals: z.object(figures),
            outsideBlock: z.object({
              esfaDirectPence: z.number(),
              healthPence: z.number(),
              socialCarePence: z.number(),
              transportPence: z.number(),
            }),
            unpricedStarters: z.array(z.object({ placementType: z.string(), expectedStartOn: z.string() })),
            /** Placements EHC plans made whose costs are still to be entered: among the expected starters. */
            placementsToConfirm: z.number(),
            trend: z.array(
              z.object({
                takenOn: z.string(),
                budgetPence: z.number(),
                committedPence: z.number(),
                forecastPence: z.number(),
              }),
            ),
          }),
          400: problemResponse,
        },
      },
    },
    async (request) => {
      const c = ctx(request);
      const p = await getPosition(c, request.query.fy ?? fyOf(c.today));
      const money = (f: (typeof p)['totals']) => ({
        budgetPence: f.budget,
        committedPence: f.committed,
        awaitingApprovalPence: f.awaitingApproval,
        expectedStartersPence: f.expectedStarters,
        forecastPence: f.forecast,
        variancePence: f.variance,
      });
      return {
        fy: p.label,
        budgetSet: p.budget !== null,
        allocationPence: p.budget?.allocationPence ?? null,
        esfaDirectPence: p.budget?.esfaDirectPence ?? null,
        lines: p.lines.map((l) => ({ code: l.code, name: l.name, inBudget: l.inBudget, ...money(l) })),
        totals: money(p.totals),
        outsideBlock: {
          esfaDirectPence: p.outsideBlock.esfa_direct,
          healthPence: p.outsideBlock.health,
          socialCarePence: p.outsideBlock.social_care,
          transportPence: p.outsideBlock.transport,
        },
        unpricedStarters: p.unpricedStarters.map((s) => ({
          placementType: s.placementType,
          expectedStartOn: s.expectedStartOn,
        })),
        placementsToConfirm: p.placementsToConfirm,
        trend: p.trend,
      };
    },
  );

  api.get(
    '/api/v1/finance/budgets/:fy',
    {
      config: { access: 'finance:read' },
      schema: {
        summary: 'The high needs block for a financial year (2026-27) and its budget lines',
        tags,
        params: fyParams,
        response: { 200: budgetOut, 400: problemResponse, 404: problemResponse },
      },
    },
    async (request) => {
      const b = await getBudget(ctx(request), request.params.fy);
      if (!b) throw notFound('No budget has been set for this financial year: set one with PUT.');
      return budgetJson(b);
    },
  );

  api.put(
    '/api/v1/finance/budgets/:fy',
    {
      config: { access: 'finance:manage' },
      schema: {
        summary:
          'Set a financial year’s high needs block and its lines (version 0 for a new year, else the version you read). The lines may not add up to more than the allocation less what the ESFA pays directly',
        tags,
        params: fyParams,
        body: budgetSchema,
        response: { 200: budgetOut, 400: problemResponse, 409: problemResponse },
      },
    },
    async (request) => budgetJson(await setBudget(ctx(request), request.params.fy, request.body)),
  );

  api.get(
    '/api/v1/finance/expected-costs',
    {
      config: { access: 'finance:read' },
      schema: {
        summary:
          'What a new placement of each type is expected to cost a year: the forecast’s expected starters use it',
        tags,
        response: {
          200: z.object({ items: z.array(z.object({ placementType: z.string(), annualPence: z.number() })) }),
        },
      },
    },
    async (request) => ({
      items: Object.entries(await getExpectedCosts(ctx(request))).map(([placementType, annualPence]) => ({
        placementType,
        annualPence,
      })),
    }),
  );

  api.put(
    '/api/v1/finance/expected-costs',
    {
      config: { access: 'finance:manage' },
      schema: {
        summary: 'Set the expected annual cost of a new placement, by type',
        tags,
        body: expectedCostsSchema,
        response: {
          200: z.object({ items: z.array(z.object({ placementType: z.string(), annualPence: z.number() })) }),
          400: problemResponse,
        },
      },
    },
    async (request) => ({
      items: Object.entries(await setExpectedCosts(ctx(request), request.body)).map(
        ([placementType, annualPence]) => ({
          placementType,
          annualPence,
        }),
      ),
    }),
  );
}
