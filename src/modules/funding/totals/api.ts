import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { problemResponse } from '../../../platform/http/validation.ts';
import { financialYearField, limitField, offsetField } from '../../../platform/kernel/fields.ts';
import { fyOf } from '../../../platform/kernel/financial-years.ts';
import { fundingContext } from '../api.ts';
import { type Figures, groupings, ofstedGroups } from './domain/totals.ts';
import { groupLabel } from './presenters.ts';
import { getTotals } from './service.ts';

/** A year's high needs spend by child, type, setting, need, cluster or Ofsted grade, under /api/v1/finance. */

export const groupingField = z.enum(groupings, { error: `by must be one of ${groupings.join(', ')}` });

const figures = {
  children: z.number(),
  placements: z.number(),
  committedPence: z.number(),
  awaitingApprovalPence: z.number(),
  expectedStartersPence: z.number(),
  forecastPence: z.number(),
  paidByOthersPence: z.number(),
  averagePerChildPence: z.number().nullable(),
};

const figuresJson = (f: Figures) => ({
  children: f.children,
  placements: f.placements,
  committedPence: f.committedPence,
  awaitingApprovalPence: f.awaitingApprovalPence,
  expectedStartersPence: f.expectedStartersPence,
  forecastPence: f.forecastPence,
  paidByOthersPence: f.paidByOthersPence,
  averagePerChildPence: f.averagePerChildPence,
});

export async function totalsApi(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/finance/totals',
    {
      config: { access: 'finance:read' },
      schema: {
        summary:
          'A financial year’s high needs spend (fy, this one by default) in groups: by placement type, setting (provider), the child’s primary need, the setting’s cluster, its Ofsted grade, or child (by, type by default; by=child only for those who may read placements, and audited). Each group, and the totals over them all: children, placements, committed, waiting for approval, expected starters, the forecast to 31 March, what others pay and the average forecast a child. The totals and otherCommittedPence add up to the position’s committed and forecast. Groups are largest forecast first (Ofsted grades in grade order), limit at a time from offset',
        tags: ['High needs finance'],
        querystring: z.object({
          fy: financialYearField.optional(),
          by: groupingField.default('type'),
          limit: limitField(500, 100),
          offset: offsetField(100_000),
        }),
        response: {
          200: z.object({
            fy: z.string(),
            by: z.enum(groupings),
            items: z.array(
              z.object({
                key: z.string(),
                label: z.string(),
                ofstedGrade: z.enum(ofstedGroups).nullable(),
                ...figures,
              }),
            ),
            total: z.number(),
            limit: z.number(),
            offset: z.number(),
            totals: z.object(figures),
            otherCommittedPence: z.number(),
            unpricedStarters: z.number(),
            belowGood: z.object({ settings: z.number(), children: z.number(), forecastPence: z.number() }),
          }),
          400: problemResponse,
          403: problemResponse,
        },
      },
    },
    async (request) => {
      const ctx = fundingContext(request, deps.database, deps.clock);
      const q = request.query;
      const t = await getTotals(ctx, {
        fy: q.fy ?? fyOf(ctx.today),
        by: q.by,
        limit: q.limit,
        offset: q.offset,
      });
      return {
        fy: t.label,
        by: t.by,
        items: t.groups.map((g) => ({
          key: g.key,
          label: groupLabel(t.by, g),
          ofstedGrade: g.ofsted,
          ...figuresJson(g),
        })),
        total: t.total,
        limit: t.limit,
        offset: t.offset,
        totals: figuresJson(t.totals),
        otherCommittedPence: t.otherCommittedPence,
        unpricedStarters: t.unpricedStarters,
        belowGood: t.belowGood,
      };
    },
  );
}
