import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponse } from '../../../platform/http/validation.ts';
import { type EhcDeps, ehcContext, refusalProblem } from '../context.ts';
import type { Deadline } from '../domain/deadlines.ts';
import { newRequestSchema, recordEventSchema } from '../domain/inputs.ts';
import { stageLabels, stepLabels } from '../domain/summary.ts';
import { childIdentityJson as childIdentity, personJson as person, planSummaryJson } from '../json.ts';
import {
  allocate,
  type EhcChange,
  getRequest,
  openRequest,
  type RequestView,
  recordEvent,
} from './service.ts';
import { stepForms } from './step-forms.ts';

/** The EHC API under /api/v1: requests, their steps with every due date, caseloads and the DfE figures. */

const exception = z.object({ reason: z.string(), from: z.string(), to: z.string(), evidence: z.string() });
const deadline = z.object({
  step: z.string(),
  label: z.string(),
  subjectId: z.string().nullable(),
  owner: z.string(),
  startsOn: z.string(),
  dueOn: z.string(),
  doneOn: z.string().nullable(),
  status: z.enum(['due', 'met', 'missed', 'excepted', 'open', 'used', 'closed']),
  daysLate: z.number().nullable(),
  exception: exception.nullable(),
  rule: z.string(),
});

const request = z.object({
  id: z.string(),
  version: z.number(),
  child: childIdentity,
  kind: z.string(),
  source: z.string(),
  requestedBy: z.string(),
  consent: z.boolean(),
  receivedOn: z.string(),
  transfer: z
    .object({
      previousLa: z.object({ code: z.string(), name: z.string() }),
      oldLaAwareOn: z.string(),
      movedOn: z.string(),
    })
    .nullable(),
  expectedFinalOn: z.string().nullable(),
  coordinator: person.nullable(),
  stage: z.string(),
  stageLabel: z.string(),
  closedOn: z.string().nullable(),
  exportedToLa: z.object({ code: z.string(), name: z.string() }).nullable(),
  nextDue: deadline.nullable(),
  next: z
    .object({
      type: z.string(),
      label: z.string(),
      subjectId: z.string().nullable(),
      subject: z.string().nullable(),
      waitingOn: z.enum(['adviser', 'setting', 'family', 'previous-la']).nullable(),
      until: z.string().nullable(),
      deadline: deadline.nullable(),
    })
    .nullable(),
  week20Exception: z.boolean(),
  deadlines: z.array(deadline),
  advice: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      adviser: z.string(),
      sentOn: z.string(),
      receivedOn: z.string().nullable(),
    }),
  ),
  consultations: z.array(
    z.object({
      id: z.string(),
      settingName: z.string(),
      sentOn: z.string(),
      respondedOn: z.string().nullable(),
      outcome: z.string().nullable(),
    }),
  ),
  plan: planSummaryJson
    .extend({
      lastReviewedOn: z.string().nullable(),
      placement: z
        .object({
          establishmentId: z.string().nullable(),
          settingName: z.string(),
          provision: z.string(),
          startOn: z.string().nullable(),
        })
        .nullable(),
    })
    .nullable(),
  events: z.array(
    z.object({
      id: z.string(),
      seq: z.number(),
      corrects: z.string().nullable(),
      correctedBy: z.string().nullable(),
      type: z.string(),
      body: z.record(z.string(), z.unknown()),
      recordedAt: z.date(),
      recordedBy: z.string().nullable(),
    }),
  ),
});

const deadlineJson = (d: Deadline): z.input<typeof deadline> => ({ ...d, label: stepLabels[d.step] });

function requestJson(r: RequestView): z.input<typeof request> {
  const { state: _state, child, ...rest } = r;
  return {
    ...rest,
    child: {
      id: child.id,
      forename: child.forename,
      surname: child.surname,
      dateOfBirth: child.dateOfBirth,
      upn: child.upn,
    },
    stageLabel: stageLabels[r.stage],
    nextDue: r.nextDue ? deadlineJson(r.nextDue) : null,
    next: r.next
      ? {
          ...r.next,
          label: stepForms[r.next.type].task,
          subject: r.next.subjectId ? (r.state.subjects[r.next.subjectId] ?? null) : null,
          deadline: r.next.deadline ? deadlineJson(r.next.deadline) : null,
        }
      : null,
    deadlines: r.deadlines.map(deadlineJson),
    events: r.events.map((e) => ({ ...e, type: e.body.type, body: { ...e.body } })),
  };
}

function unwrap(change: EhcChange): RequestView {
  if (change.ok) return change.request;
  throw refusalProblem(change.status, change.errors);
}

const idParams = z.object({ id: z.uuid('id must be an EHC request ID (a UUID)') });

export async function requestsApi(app: FastifyInstance, deps: EhcDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => ehcContext(request, deps);

  api.post(
    '/api/v1/ehc/requests',
    {
      config: { access: 'ehc:write' },
      schema: {
        summary: 'Open a request: a new EHC needs assessment, a re-assessment, or a plan transferring in',
        tags: ['EHC'],
        body: newRequestSchema,
        response: { 201: request, 400: problemResponse, 409: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) => {
      const view = unwrap(await openRequest(ctx(request), request.body));
      reply.code(201).header('Location', `/api/v1/ehc/requests/${view.id}`);
      return requestJson(view);
    },
  );

  api.get(
    '/api/v1/ehc/requests/:id',
    {
      config: { access: 'ehc:read' },
      schema: {
        summary: 'One request: every statutory due date with its status today, its history and its plan',
        tags: ['EHC'],
        params: idParams,
        response: { 200: request, 404: problemResponse },
      },
    },
    async (request) => requestJson(await getRequest(ctx(request), request.params.id)),
  );

  api.post(
    '/api/v1/ehc/requests/:id/events',
    {
      config: { access: 'ehc:write' },
      schema: {
        summary:
          'Record a step, or a correction of one (corrects: its event ID). A step out of order, dated before the step it follows or in the future is refused with the rule it breaks',
        tags: ['EHC'],
        params: idParams,
        body: recordEventSchema,
        response: {
          201: request,
          400: problemResponse,
          404: problemResponse,
          409: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request, reply) => {
      const view = unwrap(await recordEvent(ctx(request), request.params.id, request.body));
      reply.code(201);
      return requestJson(view);
    },
  );

  api.put(
    '/api/v1/ehc/requests/:id/coordinator',
    {
      config: { access: 'ehc:allocate' },
      schema: {
        summary: 'Allocate a request to a caseworker, or (null) take it back to be allocated',
        tags: ['EHC'],
        params: idParams,
        body: z.object({
          coordinatorId: z.uuid('coordinatorId must be a user ID (a UUID), or null').nullable(),
        }),
        response: { 200: request, 400: problemResponse, 404: problemResponse },
      },
    },
    async (request) =>
      requestJson(unwrap(await allocate(ctx(request), request.params.id, request.body.coordinatorId))),
  );
}
