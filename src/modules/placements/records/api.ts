import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { exportFormatField } from '../../../platform/exports/index.ts';
import { problemResponse } from '../../../platform/http/validation.ts';
import {
  financialYearField,
  isoDateField,
  limitField,
  offsetField,
} from '../../../platform/kernel/fields.ts';
import { fyOf } from '../../../platform/kernel/financial-years.ts';
import { placementsContext } from '../context.ts';
import {
  costLineSchema,
  newPlacementSchema,
  placementChangeSchema,
  placementConfirmationSchema,
} from '../domain/placement-input.ts';
import { placementTypes } from '../domain/types.ts';
import { sendPlacementsExport } from './export.ts';
import {
  addCostLines,
  changePlacement,
  confirmPlacement,
  createPlacement,
  decideApproval,
  deletePlacement,
  endOrRemoveCostLine,
  getPlacement,
  listPlacements,
  type PlacementRecord,
} from './service.ts';

/** The placements API under /api/v1: placements with their cost lines, what they commit by year, and approval. */

const costLineOut = z.object({
  id: z.string(),
  kind: z.string(),
  amountPence: z.number().nullable(),
  per: z.string().nullable(),
  unitsPerYear: z.number().nullable(),
  topUpBand: z.string().nullable(),
  funder: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  healthSharePercent: z.number(),
  socialCareSharePercent: z.number(),
  note: z.string().nullable(),
  /** The place funding an EHC plan's placement was made with. */
  fromPlan: z.boolean(),
});

const placementOut = z.object({
  id: z.string(),
  version: z.number(),
  childId: z.string(),
  child: z.object({ forename: z.string(), surname: z.string(), upn: z.string().nullable() }),
  establishmentId: z.string().nullable(),
  providerName: z.string().nullable(),
  settingName: z.string(),
  type: z.string(),
  startOn: z.string(),
  endOn: z.string().nullable(),
  expectedEndOn: z.string().nullable(),
  fte: z.number(),
  residentialWeeks: z.number().nullable(),
  basis: z.string(),
  planId: z.string().nullable(),
  approval: z.string(),
  plan: z
    .object({
      link: z.enum(['made', 'named', 'ended']),
      planId: z.string(),
      changedSincePlan: z.boolean(),
    })
    .nullable(),
  costsToConfirm: z.boolean(),
  typeToConfirm: z.boolean(),
  planCheck: z.enum(['plan_withdrawn', 'plan_changed', 'plan_names_another_setting']).nullable(),
  annualCostTodayPence: z.number(),
  peakAnnualCostPence: z.number(),
  costLines: z.array(costLineOut),
  byFinancialYear: z.array(
    z.object({ fy: z.string(), committedPence: z.number(), byPayer: z.record(z.string(), z.number()) }),
  ),
});

export function placementJson(p: PlacementRecord): z.input<typeof placementOut> {
  return {
    id: p.id,
    version: p.version,
    childId: p.childId,
    child: { forename: p.child.forename, surname: p.child.surname, upn: p.child.upn },
    establishmentId: p.establishmentId,
    providerName: p.providerName,
    settingName: p.setting.name,
    type: p.type,
    startOn: p.startOn,
    endOn: p.endOn,
    expectedEndOn: p.expectedEndOn,
    fte: p.fte,
    residentialWeeks: p.residentialWeeks,
    basis: p.basis,
    planId: p.planId,
    approval: p.approval,
    plan:
      p.planLink && p.linkedPlanId
        ? { link: p.planLink, planId: p.linkedPlanId, changedSincePlan: p.changedSincePlan }
        : null,
    costsToConfirm: p.costsToConfirm,
    typeToConfirm: p.typeToConfirm,
    planCheck: p.planCheck,
    annualCostTodayPence: p.annualCostTodayPence,
    peakAnnualCostPence: p.peakAnnualCostPence,
    costLines: p.costLines.map((l) => ({
      id: l.id,
      kind: l.kind,
      amountPence: l.amountPence,
      per: l.per,
      unitsPerYear: l.unitsPerYear,
      topUpBand: l.topUpBand,
      funder: l.funder,
      effectiveFrom: l.effectiveFrom,
      effectiveTo: l.effectiveTo,
      healthSharePercent: l.healthShareBp / 100,
      socialCareSharePercent: l.socialCareShareBp / 100,
      note: l.note,
      fromPlan: l.fromPlan,
    })),
    byFinancialYear: p.byFinancialYear.map((y) => ({
      fy: y.label,
      committedPence: y.committedPence,
      byPayer: y.byPayer,
    })),
  };
}

const idParams = z.object({ id: z.uuid('id must be a placement ID (a UUID)') });
const lineParams = idParams.extend({ lineId: z.uuid('lineId must be a cost line ID (a UUID)') });

const listQuery = z.object({
  childId: z.uuid('childId must be a child ID (a UUID)').optional(),
  type: z.enum(placementTypes, { error: `type must be one of ${placementTypes.join(', ')}` }).optional(),
  approval: z
    .enum(['not_needed', 'awaiting', 'approved', 'rejected'], {
      error: 'approval must be not_needed, awaiting, approved or rejected',
    })
    .optional(),
  activeOn: isoDateField('Enter activeOn', 'activeOn').optional(),
  toConfirm: z
    .enum(['true', 'false'], { error: 'toConfirm must be true or false' })
    .transform((v) => v === 'true')
    .optional(),
  fy: financialYearField.optional(),
  limit: limitField(100, 20),
  offset: offsetField(100_000),
  format: exportFormatField,
});

export async function placementsApi(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => placementsContext(request, deps.database, deps.clock);
  const tags = ['Placements'];

  api.get(
    '/api/v1/placements',
    {
      config: { access: 'placements:read' },
      schema: {
        summary:
          "The LA's placements, newest first, with what each comes to in a financial year (fy, this year unless given); format=csv or xlsx downloads every match",
        tags,
        querystring: listQuery,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                childId: z.string(),
                childName: z.string(),
                settingName: z.string(),
                type: z.string(),
                startOn: z.string(),
                endOn: z.string().nullable(),
                expectedEndOn: z.string().nullable(),
                fte: z.number(),
                approval: z.string(),
                /** Made from an EHC plan, with its costs or type to confirm, or flagged after the plan changed. */
                toConfirm: z.boolean(),
                fyPence: z.number(),
              }),
            ),
            total: z.number(),
            limit: z.number(),
            offset: z.number(),
          }),
          400: problemResponse,
        },
      },
    },
    async (request, reply) => {
      const c = ctx(request);
      const { format, childId, fy, ...q } = request.query;
      const search = { ...q, fy: fy ?? fyOf(c.today), ...(childId ? { childIds: [childId] } : {}) };
      if (format) return sendPlacementsExport(reply, c, search, format);
      const found = await listPlacements(c, search);
      return {
        ...found,
        items: found.items.map((p) => ({
          ...p,
          toConfirm: p.costsToConfirm || p.typeToConfirm || p.planCheck !== null,
        })),
      };
    },
  );

  api.post(
    '/api/v1/placements',
    {
      config: { access: 'placements:write' },
      schema: {
        summary:
          'Add a placement with its cost lines. Over the LA’s approval threshold it waits for a finance approver before it counts as committed; a line over £500,000 a year needs confirmLargeAmounts',
        tags,
        body: newPlacementSchema,
        response: { 201: placementOut, 400: problemResponse, 409: problemResponse },
      },
    },
    async (request, reply) => {
      const placement = await createPlacement(ctx(request), request.body);
      reply.code(201).header('Location', `/api/v1/placements/${placement.id}`);
      return placementJson(placement);
    },
  );

  api.get(
    '/api/v1/placements/:id',
    {
      config: { access: 'placements:read' },
      schema: {
        summary: 'One placement: its cost lines and what it commits in each financial year, by payer',
        tags,
        params: idParams,
        response: { 200: placementOut, 404: problemResponse },
      },
    },
    async (request) => placementJson(await getPlacement(ctx(request), request.params.id)),
  );

  api.patch(
    '/api/v1/placements/:id',
    {
      config: { access: 'placements:write' },
      schema: {
        summary: 'Change a placement’s dates or attendance (end it with endOn). Send the version you read',
        tags,
        params: idParams,
        body: placementChangeSchema,
        response: { 200: placementOut, 400: problemResponse, 404: problemResponse, 409: problemResponse },
      },
    },
    async (request) => placementJson(await changePlacement(ctx(request), request.params.id, request.body)),
  );

  api.delete(
    '/api/v1/placements/:id',
    {
      config: { access: 'placements:write' },
      schema: {
        summary: 'Remove a placement entered in error, with its cost lines. Send the version you read',
        tags,
        params: idParams,
        querystring: z.object({
          version: z.coerce.number({ error: 'version must be the version you read' }).int(),
        }),
        response: { 204: z.null(), 404: problemResponse, 409: problemResponse },
      },
    },
    async (request, reply) => {
      await deletePlacement(ctx(request), request.params.id, request.query.version);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/api/v1/placements/:id/cost-lines',
    {
      config: { access: 'placements:write' },
      schema: {
        summary: 'Add cost lines to a placement (a new fee from a date, a top-up band, transport)',
        tags,
        params: idParams,
        body: z.object({
          version: z.number({ error: 'version must be the version you read' }).int(),
          costLines: z.array(costLineSchema).min(1, 'Give at least one cost line').max(50),
          confirmLargeAmounts: z.boolean().default(false),
        }),
        response: { 200: placementOut, 400: problemResponse, 404: problemResponse, 409: problemResponse },
      },
    },
    async (request) => placementJson(await addCostLines(ctx(request), request.params.id, request.body)),
  );

  api.patch(
    '/api/v1/placements/:id/cost-lines/:lineId',
    {
      config: { access: 'placements:write' },
      schema: {
        summary: 'End a cost line on a day (the last day it applies)',
        tags,
        params: lineParams,
        body: z.object({
          version: z.number({ error: 'version must be the version you read' }).int(),
          effectiveTo: isoDateField('effectiveTo: enter the last day the line applies', 'effectiveTo'),
        }),
        response: { 200: placementOut, 400: problemResponse, 404: problemResponse, 409: problemResponse },
      },
    },
    async (request) =>
      placementJson(
        await endOrRemoveCostLine(ctx(request), request.params.id, request.params.lineId, request.body),
      ),
  );

  api.delete(
    '/api/v1/placements/:id/cost-lines/:lineId',
    {
      config: { access: 'placements:write' },
      schema: {
        summary: 'Remove a cost line entered in error',
        tags,
        params: lineParams,
        querystring: z.object({
          version: z.coerce.number({ error: 'version must be the version you read' }).int(),
        }),
        response: { 200: placementOut, 404: problemResponse, 409: problemResponse },
      },
    },
    async (request) =>
      placementJson(
        await endOrRemoveCostLine(ctx(request), request.params.id, request.params.lineId, {
          version: request.query.version,
          effectiveTo: null,
        }),
      ),
  );

  api.post(
    '/api/v1/placements/:id/confirmation',
    {
      config: { access: 'placements:write' },
      schema: {
        summary:
          'Confirm a placement an EHC plan made: its type (and a provider’s name) where the plan could not tell it, that its costs are complete (costsComplete: true), or that you have looked at it after the plan changed (planChangeChecked: true). Send the version you read',
        tags,
        params: idParams,
        body: placementConfirmationSchema,
        response: { 200: placementOut, 400: problemResponse, 404: problemResponse, 409: problemResponse },
      },
    },
    async (request) => placementJson(await confirmPlacement(ctx(request), request.params.id, request.body)),
  );

  api.post(
    '/api/v1/placements/:id/approval',
    {
      config: { access: 'placements:approve' },
      schema: {
        summary:
          'Approve a placement waiting for a second person, or say why not. Whoever entered it may not decide',
        tags,
        params: idParams,
        body: z.object({
          version: z.number({ error: 'version must be the version you read' }).int(),
          decision: z.enum(['approve', 'reject'], { error: 'decision must be approve or reject' }),
          note: z.string().trim().max(1000, 'note must be 1000 characters or fewer').nullish(),
        }),
        response: {
          200: placementOut,
          400: problemResponse,
          403: problemResponse,
          404: problemResponse,
          409: problemResponse,
        },
      },
    },
    async (request) =>
      placementJson(
        await decideApproval(ctx(request), request.params.id, {
          version: request.body.version,
          decision: request.body.decision,
          note: request.body.note || null,
        }),
      ),
  );
}
