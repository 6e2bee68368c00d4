import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponse } from '../../../platform/http/validation.ts';
import { type EhcDeps, ehcContext, refusalProblem } from '../context.ts';
import { letterLabel } from '../documents/domain/letters-sent.ts';
import type { LetterSent } from '../documents/letters-sent.ts';
import { childIdentityJson } from '../json.ts';
import { recordReviewStepSchema, transferOutSchema } from './domain/inputs.ts';
import { reviewStageLabels, reviewStepLabels } from './domain/process.ts';
import { lettersOfReview, sendReviewLetter, sendReviewLetterSchema } from './letters.ts';
import {
  type ReviewOutcome,
  type ReviewView,
  recordReviewStep,
  reviewPage,
  startReview,
  transferOut,
} from './service.ts';

/** A review under the API: begin one, read it with every due date, record its steps; and a plan transferring out. */

const deadline = z.object({
  step: z.string(),
  label: z.string(),
  owner: z.string(),
  startsOn: z.string(),
  dueOn: z.string(),
  deadline: z.string().nullable(),
  doneOn: z.string().nullable(),
  status: z.enum(['due', 'met', 'missed', 'excepted', 'open', 'used', 'closed']),
  daysLate: z.number().nullable(),
  rule: z.string(),
});

const review = z.object({
  id: z.string(),
  version: z.number(),
  kind: z.enum(['annual', 'phase-transfer']),
  child: childIdentityJson,
  plan: z.object({
    id: z.string(),
    status: z.string(),
    issuedOn: z.string().nullable(),
    lastReviewedOn: z.string().nullable(),
    nextReviewDue: z.string().nullable(),
    planVersion: z.number(),
    settingName: z.string().nullable(),
  }),
  coordinator: z.string().nullable(),
  stage: z.string(),
  stageLabel: z.string(),
  dueOn: z.string(),
  phaseTransfer: z.object({ to: z.string(), deadline: z.string() }).nullable(),
  meetingOn: z.string().nullable(),
  heldOn: z.string().nullable(),
  decision: z
    .object({ on: z.string(), outcome: z.string(), reasons: z.string(), ceaseReason: z.string().nullable() })
    .nullable(),
  recommendedBy: z.string().nullable(),
  next: deadline.nullable(),
  closedOn: z.string().nullable(),
  deadlines: z.array(deadline),
  events: z.array(
    z.object({
      seq: z.number(),
      type: z.string(),
      body: z.record(z.string(), z.unknown()),
      recordedAt: z.date(),
      recordedBy: z.string().nullable(),
    }),
  ),
});

const deadlineJson = (d: ReviewView['deadlines'][number]): z.input<typeof deadline> => ({
  ...d,
  label: reviewStepLabels[d.step],
});

export function reviewJson(r: ReviewView): z.input<typeof review> {
  const f = r.facts;
  return {
    id: r.id,
    version: r.version,
    kind: r.kind,
    child: {
      id: r.child.id,
      forename: r.child.forename,
      surname: r.child.surname,
      dateOfBirth: r.child.dateOfBirth,
      upn: r.child.upn,
    },
    plan: {
      id: r.plan.id,
      status: r.plan.status,
      issuedOn: r.plan.issuedOn,
      lastReviewedOn: r.plan.lastReviewedOn,
      nextReviewDue: r.plan.nextReviewDue,
      planVersion: r.plan.planVersion,
      settingName: r.plan.settingName,
    },
    coordinator: r.coordinator,
    stage: r.stage,
    stageLabel: reviewStageLabels[r.stage],
    dueOn: f.subject.dueOn,
    phaseTransfer: f.subject.phaseTransfer
      ? { to: f.subject.phaseTransfer.to, deadline: f.subject.phaseTransfer.deadline }
      : null,
    meetingOn: f.meetingOn,
    heldOn: f.heldOn,
    decision: f.decision,
    recommendedBy: r.recommendation?.by ?? null,
    next: r.next ? deadlineJson(r.next) : null,
    closedOn: r.closedOn,
    deadlines: r.deadlines.map(deadlineJson),
    events: r.events.map((e) => ({ ...e, type: e.body.type, body: { ...e.body } })),
  };
}

function unwrap<T>(outcome: ReviewOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw refusalProblem(outcome.status, outcome.errors);
}

const reviewParams = z.object({ id: z.uuid('id must be a review ID (a UUID)') });
const planParams = z.object({ planId: z.uuid('planId must be an EHC plan ID (a UUID)') });
const childParams = z.object({ childId: z.uuid('childId must be a child ID (a UUID)') });

const letterSent = z.object({
  id: z.string(),
  reviewId: z.string(),
  kind: z.string(),
  label: z.string(),
  method: z.enum(['post', 'email', 'portal']),
  sentOn: z.string(),
  addressee: z.string().nullable(),
  sentBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  sentAt: z.date(),
  sha256: z.string().describe('SHA-256 of the PDF as sent, in hex'),
  links: z.object({ page: z.string(), pdf: z.string() }),
});

const letterSentJson = (reviewId: string, l: LetterSent): z.input<typeof letterSent> => ({
  id: l.id,
  reviewId,
  kind: l.kind,
  label: letterLabel(l.kind),
  method: l.method,
  sentOn: l.sentOn,
  addressee: l.addressee,
  sentBy: l.sentBy,
  sentAt: l.sentAt,
  sha256: l.sha256,
  links: { page: `/ehc/reviews/${reviewId}/sent/${l.id}`, pdf: `/ehc/reviews/${reviewId}/sent/${l.id}/pdf` },
});

export async function reviewsApi(app: FastifyInstance, deps: EhcDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => ehcContext(request, deps);

  api.post(
    '/api/v1/ehc/plans/:planId/reviews',
    {
      config: { access: 'ehc:write' },
      schema: {
        summary:
          'Begin the review of a plan in force, with its due date and any phase transfer’s deadline. One review of a plan is under way at a time',
        tags: ['EHC reviews'],
        params: planParams,
        body: z
          .object({
            coordinatorId: z.uuid('coordinatorId must be a user ID (a UUID), or null').nullable().optional(),
          })
          .default({}),
        response: {
          201: review,
          400: problemResponse,
          404: problemResponse,
          409: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request, reply) => {
      const view = unwrap(await startReview(ctx(request), request.params.planId, request.body.coordinatorId));
      reply.code(201).header('Location', `/api/v1/ehc/reviews/${view.id}`);
      return reviewJson(view);
    },
  );

  api.get(
    '/api/v1/ehc/reviews/:id',
    {
      // The LA's SEND team, or staff of the school the review is at: the service decides.
      config: { access: 'signed-in' },
      schema: {
        summary: 'One review: every due date with its status today, and its history',
        tags: ['EHC reviews'],
        params: reviewParams,
        response: { 200: review, 403: problemResponse, 404: problemResponse },
      },
    },
    async (request) => reviewJson(await reviewPage(ctx(request), request.params.id)),
  );

  api.post(
    '/api/v1/ehc/reviews/:id/steps',
    {
      config: { access: 'signed-in' },
      schema: {
        summary:
          'Record a step of a review. A step out of order, dated before the step it follows or in the future is refused with the rule it breaks. A school records only its review report',
        tags: ['EHC reviews'],
        params: reviewParams,
        body: recordReviewStepSchema,
        response: {
          201: review,
          400: problemResponse,
          403: problemResponse,
          404: problemResponse,
          409: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request, reply) => {
      const view = unwrap(await recordReviewStep(ctx(request), request.params.id, request.body));
      reply.code(201);
      return reviewJson(view);
    },
  );

  api.post(
    '/api/v1/ehc/children/:childId/transfer-out',
    {
      config: { access: 'ehc:write' },
      schema: {
        summary:
          'The child has moved to another LA in England: their plan ends here on the transfer date (SEN2 CeaseReason 5), and an assessment under way ends as Exported',
        tags: ['EHC reviews'],
        params: childParams,
        body: transferOutSchema,
        response: {
          200: z.object({ planId: z.string().nullable(), exportedRequests: z.array(z.string()) }),
          400: problemResponse,
          404: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request) => unwrap(await transferOut(ctx(request), request.params.childId, request.body)),
  );

  api.get(
    '/api/v1/ehc/reviews/:id/letters',
    {
      config: { access: 'ehc:read' },
      schema: {
        summary: "The review's letters as sent, oldest first",
        tags: ['EHC reviews'],
        params: reviewParams,
        response: {
          200: z.object({ reviewId: z.string(), letters: z.array(letterSent) }),
          404: problemResponse,
        },
      },
    },
    async (request) => {
      const letters = await lettersOfReview(ctx(request), request.params.id);
      return {
        reviewId: request.params.id,
        letters: letters.map((l) => letterSentJson(request.params.id, l)),
      };
    },
  );

  api.post(
    '/api/v1/ehc/reviews/:id/letters',
    {
      config: { access: 'ehc:write' },
      schema: {
        summary:
          'Record a letter of the review as sent (review-decision, proposed-amendments, amended-plan-notice): it is kept as it went, with the SHA-256 of its PDF; by email it goes through the outbox',
        tags: ['EHC reviews'],
        params: reviewParams,
        body: sendReviewLetterSchema,
        response: {
          201: letterSent,
          400: problemResponse,
          404: problemResponse,
          409: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request, reply) => {
      const sent = unwrap(await sendReviewLetter(ctx(request), request.params.id, request.body));
      reply.code(201).header('Location', `/ehc/reviews/${request.params.id}/sent/${sent.id}`);
      return letterSentJson(request.params.id, sent);
    },
  );
}
