import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../../platform/auth/roles.ts';
import { type FieldError, HttpProblem, notFound, unprocessable } from '../../../platform/http/problem.ts';
import { errorFor, parse, parseOrThrow, problemResponse } from '../../../platform/http/validation.ts';
import { isRealIsoDate, longDate } from '../../../platform/kernel/dates.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { audit, authorise, type ProgrammeContext, programmeContext, transaction } from '../context.ts';
import { readProgramme } from '../structure/repo.ts';
import * as repo from './repo.ts';

/**
 * Decisions put to the board: the programme manager asks, with the date an answer is needed by;
 * the answer is recorded once given. Open ones go into the board report.
 */

const day = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .refine(
      (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealIsoDate(v),
      `${label[0]?.toUpperCase()}${label.slice(1)} must be a real date`,
    );

export const decisionSchema = z.object({
  question: z
    .string({ error: 'Enter the question for the board' })
    .trim()
    .min(1, 'Enter the question for the board')
    .max(1000),
  projectId: z.uuid('Choose a project of this programme, or none').nullable().optional(),
  neededBy: day('the date an answer is needed by'),
});

export const answerSchema = z.object({
  decision: z
    .string({ error: 'Enter what the board decided' })
    .trim()
    .min(1, 'Enter what the board decided')
    .max(2000),
  decidedOn: day('the date it was decided'),
});

async function programmeRecords(ctx: ProgrammeContext, tx: Parameters<typeof readProgramme>[0], id: string) {
  const records = isUuid(id) ? await readProgramme(tx, ctx.principal.laCode, id) : null;
  if (!records) throw notFound('There is no such programme in your LA.');
  return records;
}

export async function askBoard(
  ctx: ProgrammeContext,
  programmeId: string,
  input: unknown,
): Promise<{ id: string }> {
  const data = parseOrThrow(decisionSchema, input);
  authorise(ctx, 'programme:manage');
  return transaction(ctx, async (tx) => {
    const records = await programmeRecords(ctx, tx, programmeId);
    const problems: FieldError[] = [];
    if (data.projectId && !records.projects.some((p) => p.id === data.projectId))
      problems.push({ field: 'projectId', message: 'Choose a project of this programme, or none' });
    if (data.neededBy < ctx.today)
      problems.push({ field: 'neededBy', message: 'The date an answer is needed by must be today or later' });
    if (problems.length) throw unprocessable(problems);
    const id = await repo.insertDecision(tx, ctx.principal.laCode, programmeId, {
      ...data,
      projectId: data.projectId ?? null,
    });
    await audit(tx, ctx, {
      action: 'programme.decision.asked',
      entityType: 'programme',
      entityId: programmeId,
      childId: null,
      detail: { question: data.question },
    });
    return { id };
  });
}

export async function answerBoard(
  ctx: ProgrammeContext,
  programmeId: string,
  id: string,
  input: unknown,
): Promise<void> {
  const data = parseOrThrow(answerSchema, input);
  authorise(ctx, 'programme:manage');
  if (data.decidedOn > ctx.today)
    throw unprocessable([
      { field: 'decidedOn', message: 'The date it was decided must be today or in the past' },
    ]);
  await transaction(ctx, async (tx) => {
    await programmeRecords(ctx, tx, programmeId);
    if (
      !isUuid(id) ||
      !(await repo.recordDecision(tx, ctx.principal.laCode, programmeId, id, data.decidedOn, data.decision))
    )
      throw notFound('There is no open question with this id in this programme.');
    await audit(tx, ctx, {
      action: 'programme.decision.recorded',
      entityType: 'programme',
      entityId: programmeId,
      childId: null,
      detail: data,
    });
  });
}

export async function decisionRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const context = (request: FastifyRequest) => programmeContext(request, deps.database, deps.clock);

  app.get('/programme/:id/decisions', { config: { access: 'programme:read' } }, async (request, reply) => {
    const ctx = context(request);
    const { id } = request.params as { id: string };
    authorise(ctx, 'programme:read');
    const { records, decisions } = await transaction(ctx, async (tx) => ({
      records: await programmeRecords(ctx, tx, id),
      decisions: await repo.listDecisions(tx, ctx.principal.laCode, id),
    }));
    return show(reply, ctx, records, decisions, 200, [], {});
  });

  function show(
    reply: FastifyReply,
    ctx: ProgrammeContext,
    records: NonNullable<Awaited<ReturnType<typeof readProgramme>>>,
    decisions: repo.DecisionRow[],
    status: number,
    errors: FieldError[],
    values: Record<string, string>,
  ) {
    const name = new Map(records.projects.map((p) => [p.id, p.name]));
    return reply.code(status).page('programme/decisions.njk', {
      pageTitle: 'Decisions for the board',
      programme: records.programme,
      open: decisions
        .filter((d) => !d.decidedOn)
        .map((d) => ({
          ...d,
          project: d.projectId ? name.get(d.projectId) : null,
          neededText: longDate(d.neededBy),
          late: d.neededBy < ctx.today,
        })),
      decided: decisions
        .filter((d) => d.decidedOn)
        .map((d) => ({ ...d, decidedText: longDate(d.decidedOn as string) })),
      projectItems: [
        { value: '', text: 'The whole programme' },
        ...records.projects.map((p) => ({ value: p.id, text: p.name, selected: p.id === values.projectId })),
      ],
      values,
      canManage: can(ctx.principal.roles, 'programme:manage'),
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.post('/programme/:id/decisions', { config: { access: 'programme:manage' } }, async (request, reply) => {
    const ctx = context(request);
    const { id } = request.params as { id: string };
    const b = (request.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(
      ['question', 'projectId', 'neededBy'].map((k) => [
        k,
        typeof b[k] === 'string' ? (b[k] as string).trim() : '',
      ]),
    );
    const input = {
      question: values.question,
      projectId: values.projectId || null,
      neededBy: values.neededBy,
    };
    const parsed = parse(decisionSchema, input);
    let errors: FieldError[] = parsed.ok ? [] : parsed.errors;
    if (!errors.length)
      try {
        await askBoard(ctx, id, input);
        return reply.redirect(`/programme/${id}/decisions`, 303);
      } catch (err) {
        if (!(err instanceof HttpProblem) || err.status !== 422) throw err;
        errors = err.errors;
      }
    const { records, decisions } = await transaction(ctx, async (tx) => ({
      records: await programmeRecords(ctx, tx, id),
      decisions: await repo.listDecisions(tx, ctx.principal.laCode, id),
    }));
    return show(reply, ctx, records, decisions, 400, errors, values);
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ id: z.uuid('id must be a programme id (a UUID)') });
  api.post(
    '/api/v1/programme/:id/decisions',
    {
      config: { access: 'programme:manage' },
      schema: {
        summary: 'Put a question to the board, with the date an answer is needed by',
        tags: ['Programme'],
        params,
        body: decisionSchema,
        response: { 201: z.object({ id: z.string() }), 404: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await askBoard(context(request), request.params.id, request.body)),
  );
  api.put(
    '/api/v1/programme/:id/decisions/:decisionId',
    {
      config: { access: 'programme:manage' },
      schema: {
        summary: 'Record what the board decided on a question put to it',
        tags: ['Programme'],
        params: params.extend({ decisionId: z.uuid('decisionId must be a question’s id (a UUID)') }),
        body: answerSchema,
        response: { 204: z.null(), 404: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) => {
      await answerBoard(context(request), request.params.id, request.params.decisionId, request.body);
      return reply.code(204).send(null);
    },
  );
}
