import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponse } from '../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { programmeContext } from '../context.ts';
import { benefitSchema, benefitYearSchema, costSchema } from './schemas.ts';
import { addBenefit, getTracker, setBenefitYear, setCost } from './service.ts';

const tags = ['Programme'];
const appraisal = z.object({
  npvPence: z.number().int().describe('Net present value at the programme’s discount rate (Green Book 3.5%)'),
  paybackYear: z
    .number()
    .int()
    .nullable()
    .describe('First financial year the cumulative net position is 0 or more'),
  years: z.array(
    z.object({
      year: z.number().int(),
      costPence: z.number().int(),
      benefitPence: z.number().int(),
      netPence: z.number().int(),
      cumulativePence: z.number().int(),
      discountFactor: z.number(),
    }),
  ),
});

/** The cost-benefit tracker through the API. */
export async function benefitsApi(app: FastifyInstance, deps: ModuleDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof programmeContext>[0]) =>
    programmeContext(request, deps.database, deps.clock);

  api.get(
    '/api/v1/programme/benefits',
    {
      config: { access: 'programme:read' },
      schema: {
        summary:
          'The programme’s benefits with their actuals (read live where the system measures them), its costs by year, net position, payback and NPV',
        tags,
        querystring: z.object({ id: z.uuid('id must be a programme id (a UUID)').optional() }),
        response: {
          200: z.object({
            programmeId: z.string(),
            discountRate: z.number(),
            benefits: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                measure: z.string(),
                unit: z.string(),
                direction: z.enum(['increase', 'decrease']),
                cashable: z.boolean(),
                baseline: z.number(),
                baselineYear: z.number().int(),
                target: z.number(),
                targetYear: z.number().int(),
                liveMeasure: z
                  .string()
                  .nullable()
                  .describe('Read from the live records when set, never typed'),
                ownerName: z.string(),
                projectIds: z.array(z.string()),
                status: z.enum(['achieved', 'on-track', 'behind', 'no-actual']),
                years: z.array(
                  z.object({
                    year: z.number().int(),
                    planned: z.number().nullable(),
                    actual: z.number().nullable(),
                    plannedPence: z.number().int().nullable(),
                    actualPence: z.number().int().nullable(),
                  }),
                ),
              }),
            ),
            costsByYear: z.array(
              z.object({
                year: z.number().int(),
                capitalPlanned: z.number().int(),
                capitalActual: z.number().int().nullable(),
                revenuePlanned: z.number().int(),
                revenueActual: z.number().int().nullable(),
                savingPlanned: z.number().int(),
                savingActual: z.number().int().nullable(),
              }),
            ),
            planned: appraisal,
            actual: appraisal.describe('The years whose actual costs are in'),
          }),
          404: problemResponse,
        },
      },
    },
    async (request) => {
      const t = await getTracker(ctx(request), request.query.id);
      const strip = (a: typeof t.planned) => ({
        npvPence: a.npvPence,
        paybackYear: a.paybackYear,
        years: a.years.map(({ presentValuePence: _, ...y }) => y),
      });
      return {
        programmeId: t.programme.id,
        discountRate: t.programme.discountRate,
        benefits: t.benefits.map((b) => ({
          id: b.id,
          name: b.name,
          measure: b.measure,
          unit: b.unit,
          direction: b.direction,
          cashable: b.cashable,
          baseline: b.baseline,
          baselineYear: b.baselineYear,
          target: b.target,
          targetYear: b.targetYear,
          liveMeasure: b.liveMeasure,
          ownerName: b.ownerName,
          projectIds: b.projectIds,
          status: b.status,
          years: b.actuals.map((a) => {
            const y = b.years.find((x) => x.year === a.year);
            return {
              year: a.year,
              planned: y?.planned ?? null,
              actual: a.actual,
              plannedPence: y?.plannedPence ?? null,
              actualPence: y?.actualPence ?? null,
            };
          }),
        })),
        costsByYear: t.years,
        planned: strip(t.planned),
        actual: strip(t.actual),
      };
    },
  );

  const params = z.object({ id: z.uuid('id must be a programme id (a UUID)') });
  api.post(
    '/api/v1/programme/:id/costs',
    {
      config: { access: 'programme:manage' },
      schema: {
        summary:
          'Set a project’s capital or revenue cost for a financial year, planned and (once known) actual',
        tags,
        params,
        body: costSchema,
        response: { 200: z.object({ id: z.string() }), 404: problemResponse, 422: problemResponse },
      },
    },
    async (request) => setCost(ctx(request), request.params.id, request.body),
  );

  api.post(
    '/api/v1/programme/:id/benefits',
    {
      config: { access: 'programme:manage' },
      schema: {
        summary:
          'Add a benefit: its measure, baseline and target, the projects that bring it, and its figures by year',
        tags,
        params,
        body: benefitSchema,
        response: { 201: z.object({ id: z.string() }), 404: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addBenefit(ctx(request), request.params.id, request.body)),
  );

  api.put(
    '/api/v1/programme/:id/benefits/:benefitId/years/:year',
    {
      config: { access: 'programme:manage' },
      schema: {
        summary:
          'Set a benefit’s figures for a financial year: planned, and once known, actual (not for one the system measures) and the money saved',
        tags,
        params: params.extend({
          benefitId: z.uuid('benefitId must be a benefit id (a UUID)'),
          year: z.coerce
            .number({ error: 'year must be a financial year, like 2027' })
            .int('year must be a financial year, like 2027'),
        }),
        body: benefitYearSchema,
        response: { 204: z.null(), 404: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) => {
      await setBenefitYear(
        ctx(request),
        request.params.id,
        request.params.benefitId,
        request.params.year,
        request.body,
      );
      return reply.code(204).send(null);
    },
  );
}
