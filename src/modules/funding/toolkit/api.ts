import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponse } from '../../../platform/http/validation.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { fundingContext } from '../api.ts';
import { panelOutcomes, planLineKinds, returnStatuses } from './domain/toolkit.ts';
import { yearKinds } from './domain/years.ts';
import type { ToolkitDeps } from './pages/common.ts';
import { getToolkit, type PupilView, type Toolkit } from './service.ts';

/** A cluster's toolkit for a pot under /api/v1/clusters, for the LA's finance team, its host and its heads. */

const uuid = (what: string) =>
  z.string({ error: `${what} is required` }).refine(isUuid, `${what} must be a UUID`);

const pupil = z
  .object({ childId: z.string(), name: z.string(), initials: z.string() })
  .nullable()
  .describe(
    'The named pupil, for those who may see them (the host, and the head of the pupil’s school); otherwise null',
  );

const toolkitOut = z.object({
  cluster: z.object({ id: z.string(), name: z.string(), hostName: z.string().nullable() }),
  pot: z.object({
    id: z.string(),
    name: z.string(),
    yearKind: z.enum(yearKinds),
    year: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
  }),
  adopted: z.boolean(),
  allocationPence: z.number().nullable(),
  schools: z.array(z.object({ establishmentId: z.string(), name: z.string(), allocationPence: z.number() })),
  figures: z.object({
    plannedPence: z.number(),
    agreedPence: z.number(),
    spentPence: z.number(),
    balancePence: z.number().nullable(),
    overAllocationPence: z.number(),
    overspendPence: z.number(),
  }),
  planLines: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(planLineKinds),
      description: z.string(),
      schoolIds: z.array(z.string()),
      namedPupil: z.boolean(),
      pupil,
      plannedPence: z.number(),
      spentPence: z.number(),
      startsOn: z.string(),
      endsOn: z.string(),
      version: z.number(),
    }),
  ),
  decisions: z.array(
    z.object({
      id: z.string(),
      heldOn: z.string(),
      schoolId: z.string(),
      namedPupil: z.boolean(),
      pupil,
      purpose: z.string(),
      askedPence: z.number(),
      outcome: z.enum(panelOutcomes),
      agreedPence: z.number().nullable(),
      reasons: z.string(),
      headsPresent: z.array(z.object({ userId: z.string(), name: z.string() })),
      headsInCluster: z.number(),
      planLineId: z.string().nullable(),
      followsDecisionId: z.string().nullable(),
    }),
  ),
  spend: z.array(
    z.object({
      id: z.string(),
      planLineId: z.string(),
      schoolId: z.string(),
      spentOn: z.string(),
      amountPence: z.number(),
      description: z.string(),
    }),
  ),
  return: z.object({
    status: z.enum(returnStatuses),
    dueOn: z.string(),
    submittedOn: z.string().nullable(),
    allocationPence: z.number().nullable(),
    plannedPence: z.number().nullable(),
    agreedPence: z.number().nullable(),
    spentPence: z.number().nullable(),
    carryForwardPence: z.number().nullable(),
    commentary: z.string().nullable(),
    impact: z.string().nullable(),
    decidedOn: z.string().nullable(),
    returnedReason: z.string().nullable(),
    version: z.number(),
  }),
});

const pupilJson = (p: PupilView | null) =>
  p?.childId && p.name && p.initials ? { childId: p.childId, name: p.name, initials: p.initials } : null;

function toolkitJson(t: Toolkit): z.input<typeof toolkitOut> {
  const r = t.returned;
  return {
    cluster: t.cluster,
    pot: {
      id: t.pot.id,
      name: t.pot.name,
      yearKind: t.pot.year.kind,
      year: t.pot.year.label,
      startsOn: t.pot.year.startsOn,
      endsOn: t.pot.year.endsOn,
    },
    adopted: t.adopted,
    allocationPence: t.figures.allocationPence,
    schools: t.schools.map((s) => ({
      establishmentId: s.establishmentId,
      name: s.name,
      allocationPence: s.pence,
    })),
    figures: {
      plannedPence: t.figures.plannedPence,
      agreedPence: t.figures.agreedPence,
      spentPence: t.figures.spentPence,
      balancePence: t.figures.balancePence,
      overAllocationPence: t.figures.overAllocationPence,
      overspendPence: t.figures.overspendPence,
    },
    planLines: t.lines.map((l) => ({
      id: l.id,
      kind: l.kind,
      description: l.description,
      schoolIds: l.schoolIds,
      namedPupil: l.kind === 'named_pupil',
      pupil: pupilJson(l.pupil),
      plannedPence: l.plannedPence,
      spentPence: l.figures.spentPence,
      startsOn: l.startsOn,
      endsOn: l.endsOn,
      version: l.version,
    })),
    decisions: t.decisions.map((d) => ({
      id: d.id,
      heldOn: d.heldOn,
      schoolId: d.establishmentId,
      namedPupil: d.childId !== null,
      pupil: pupilJson(d.pupil),
      purpose: d.purpose,
      askedPence: d.askedPence,
      outcome: d.outcome,
      agreedPence: d.agreedPence,
      reasons: d.reasons,
      headsPresent: d.headIds.map((userId, i) => ({ userId, name: d.headNames[i] ?? '' })),
      headsInCluster: d.headsInCluster,
      planLineId: d.planLineId,
      followsDecisionId: d.followsDecisionId,
    })),
    spend: t.spend.map((s) => ({
      id: s.id,
      planLineId: s.planLineId,
      schoolId: s.establishmentId,
      spentOn: s.spentOn,
      amountPence: s.amountPence,
      description: s.description,
    })),
    return: {
      status: t.returnStatus,
      dueOn: t.dueOn,
      submittedOn: r?.submittedOn ?? null,
      allocationPence: r?.allocationPence ?? null,
      plannedPence: r?.plannedPence ?? null,
      agreedPence: r?.agreedPence ?? null,
      spentPence: r?.spentPence ?? null,
      carryForwardPence: r?.carryForwardPence ?? null,
      commentary: r?.commentary ?? null,
      impact: r?.impact ?? null,
      decidedOn: r?.decidedOn ?? null,
      returnedReason: r?.returnedReason ?? null,
      version: r?.version ?? 0,
    },
  };
}

export async function toolkitApi(app: FastifyInstance, deps: ToolkitDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/clusters/:id/toolkit',
    {
      // The LA's finance team, the cluster's host and its heads: the service decides whose cluster it is.
      config: { access: 'signed-in' },
      schema: {
        summary:
          'A cluster’s toolkit for a pot (potId): its allocation (the sum of its schools’ allocations in the pot’s adopted scenario; null before adoption), its spending plan, its panel’s decisions, its spend against the plan and its end-of-year return (status not_due, due, overdue, submitted, accepted or returned, due a month after the year ends). Named pupils are named only to the host and to the head of the pupil’s school, and each such read is audited. A cluster that is not yours is not found',
        tags: ['Cluster funding'],
        params: z.object({ id: uuid('id') }),
        querystring: z.object({ potId: uuid('potId') }),
        response: { 200: toolkitOut, 400: problemResponse, 403: problemResponse, 404: problemResponse },
      },
    },
    async (request) => {
      const ctx = fundingContext(request, deps.database, deps.clock);
      return toolkitJson(await getToolkit(ctx, request.params.id, request.query.potId, 'api'));
    },
  );
}
