import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formValues } from '../../../platform/http/forms.ts';
import { type FieldError, HttpProblem, notFound, unprocessable } from '../../../platform/http/problem.ts';
import { errorFor, parse, parseOrThrow, problemResponse } from '../../../platform/http/validation.ts';
import { isRealIsoDate } from '../../../platform/kernel/dates.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { parsePounds } from '../../../platform/kernel/money.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { audit, authorise, type ProgrammeContext, programmeContext, transaction } from '../context.ts';
import { greenBookRate } from '../domain/appraisal.ts';
import * as repo from './repo.ts';

/** Setting a programme up: the programme with its board and manager, and its workstreams with their leads. */

const day = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .refine(
      (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealIsoDate(v),
      `${label[0]?.toUpperCase()}${label.slice(1)} must be a real date`,
    );
const text = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`);

export const programmeSchema = z.object({
  name: text('the programme’s name', 200),
  purpose: z.string().trim().max(2000).nullable().optional(),
  budgetPence: z
    .number({ error: 'Give the budget in whole pence' })
    .int('Give the budget in whole pence')
    .min(0, 'The budget cannot be below £0'),
  managerName: text('the programme manager’s name', 100),
  discountRate: z
    .number({ error: 'Give the discount rate as a fraction, like 0.035 for 3.5%' })
    .min(0, 'The discount rate cannot be below 0')
    .max(0.2, 'The discount rate must be 0.2 (20%) or less')
    .default(greenBookRate),
  startsOn: day('the date the programme starts'),
  endsOn: day('the date the programme ends').nullable().optional(),
  board: z
    .array(
      z.object({ name: text('the board member’s name', 100), role: text('the board member’s role', 100) }),
    )
    .default([]),
});

export const workstreamSchema = z.object({
  name: text('the workstream’s name', 200),
  purpose: z.string().trim().max(2000).nullable().optional(),
  leadName: text('the name of the head of service who leads it', 100),
  team: z.string().trim().max(500).nullable().optional(),
});

export async function addProgramme(ctx: ProgrammeContext, input: unknown): Promise<{ id: string }> {
  const data = parseOrThrow(programmeSchema, input);
  authorise(ctx, 'programme:manage');
  if (data.endsOn && data.endsOn < data.startsOn)
    throw unprocessable([{ field: 'endsOn', message: 'The end must be the same as or after the start' }]);
  return transaction(ctx, async (tx) => {
    if (
      (await repo.listProgrammes(tx, ctx.principal.laCode)).some(
        (p) => p.name.toLowerCase() === data.name.toLowerCase(),
      )
    )
      throw unprocessable([{ field: 'name', message: `There is already a programme called ${data.name}` }]);
    const id = await repo.insertProgramme(tx, ctx.principal.laCode, {
      ...data,
      purpose: data.purpose || null,
      endsOn: data.endsOn ?? null,
    });
    await audit(tx, ctx, {
      action: 'programme.added',
      entityType: 'programme',
      entityId: id,
      childId: null,
      detail: { name: data.name },
    });
    return { id };
  });
}

export async function addWorkstream(
  ctx: ProgrammeContext,
  programmeId: string,
  input: unknown,
): Promise<{ id: string }> {
  const data = parseOrThrow(workstreamSchema, input);
  authorise(ctx, 'programme:manage');
  return transaction(ctx, async (tx) => {
    const records = isUuid(programmeId)
      ? await repo.readProgramme(tx, ctx.principal.laCode, programmeId)
      : null;
    if (!records) throw notFound('There is no such programme in your LA.');
    if (records.workstreams.some((w) => w.name.toLowerCase() === data.name.toLowerCase()))
      throw unprocessable([{ field: 'name', message: `There is already a workstream called ${data.name}` }]);
    const id = await repo.insertWorkstream(tx, ctx.principal.laCode, programmeId, {
      ...data,
      purpose: data.purpose || null,
      team: data.team || null,
    });
    await audit(tx, ctx, {
      action: 'programme.workstream.added',
      entityType: 'programme',
      entityId: programmeId,
      childId: null,
      detail: { name: data.name },
    });
    return { id };
  });
}

/** The form that sets a programme up, for an LA with none yet. */
export async function setupPages(app: FastifyInstance, deps: ModuleDeps) {
  const manage = { config: { access: 'programme:manage' as const } };
  const names = ['name', 'budget', 'managerName', 'startsOn'] as const;
  const show = (reply: FastifyReply, status: number, values: Record<string, string>, errors: FieldError[]) =>
    reply.code(status).page('programme/new.njk', {
      pageTitle: 'Set up the programme',
      values,
      errors: errors.map((e) => ({
        text: e.message,
        href: `#${e.field === 'budgetPence' ? 'budget' : e.field}`,
      })),
      fieldError: (f: string) =>
        errorFor(
          errors.map((e) => ({ ...e, field: e.field === 'budgetPence' ? 'budget' : e.field })),
          f,
        ),
    });
  app.get('/programme/new', manage, async (_request, reply) => show(reply, 200, {}, []));
  app.post('/programme/new', manage, async (request, reply) => {
    const values = formValues(request.body, names);
    const pounds = parsePounds(values.budget);
    const input = {
      name: values.name,
      managerName: values.managerName,
      startsOn: values.startsOn,
      budgetPence: 'pence' in pounds ? pounds.pence : undefined,
    };
    const parsed = parse(programmeSchema, input);
    const errors: FieldError[] = [
      ...('error' in pounds ? [{ field: 'budget', message: pounds.error }] : []),
      ...(parsed.ok ? [] : parsed.errors.filter((e) => e.field !== 'budgetPence')),
    ];
    if (errors.length) return show(reply, 400, values, errors);
    try {
      const { id } = await addProgramme(programmeContext(request, deps.database, deps.clock), input);
      return reply.redirect(`/programme/${id}`, 303);
    } catch (err) {
      if (!(err instanceof HttpProblem) || err.status !== 422) throw err;
      return show(reply, 422, values, err.errors);
    }
  });
}

export const programmeChangeSchema = programmeSchema.extend({
  version: z.number({ error: 'Give the version you read' }).int('Give the version you read'),
});

export async function changeProgramme(ctx: ProgrammeContext, id: string, input: unknown): Promise<void> {
  const { version, ...data } = parseOrThrow(programmeChangeSchema, input);
  authorise(ctx, 'programme:manage');
  if (data.endsOn && data.endsOn < data.startsOn)
    throw unprocessable([{ field: 'endsOn', message: 'The end must be the same as or after the start' }]);
  await transaction(ctx, async (tx) => {
    const records = isUuid(id) ? await repo.readProgramme(tx, ctx.principal.laCode, id) : null;
    if (!records) throw notFound('There is no such programme in your LA.');
    const stale = () =>
      new HttpProblem(
        409,
        'Conflict',
        `The programme was changed by someone else after version ${version}: read it again and make your change to what is there now.`,
        [{ field: 'version', message: `version ${version} is out of date` }],
      );
    if (records.programme.version !== version) throw stale();
    const values = { ...data, purpose: data.purpose || null, endsOn: data.endsOn ?? null };
    if (!(await repo.updateProgramme(tx, ctx.principal.laCode, id, version, values))) throw stale();
    const { board, version: _, id: __, ...before } = records.programme;
    await audit(tx, ctx, {
      action: 'programme.changed',
      entityType: 'programme',
      entityId: id,
      childId: null,
      detail: { before: { ...before, board }, after: values },
    });
  });
}

export async function changeWorkstream(
  ctx: ProgrammeContext,
  programmeId: string,
  id: string,
  input: unknown,
): Promise<void> {
  const data = parseOrThrow(workstreamSchema, input);
  authorise(ctx, 'programme:manage');
  await transaction(ctx, async (tx) => {
    const records = isUuid(programmeId)
      ? await repo.readProgramme(tx, ctx.principal.laCode, programmeId)
      : null;
    const streams = records?.workstreams ?? [];
    if (!streams.some((w) => w.id === id)) throw notFound('There is no such workstream in this programme.');
    if (streams.some((w) => w.id !== id && w.name.toLowerCase() === data.name.toLowerCase()))
      throw unprocessable([{ field: 'name', message: `There is already a workstream called ${data.name}` }]);
    await repo.updateWorkstream(tx, ctx.principal.laCode, programmeId, id, {
      ...data,
      purpose: data.purpose || null,
      team: data.team || null,
    });
    await audit(tx, ctx, {
      action: 'programme.workstream.changed',
      entityType: 'programme',
      entityId: programmeId,
      childId: null,
      detail: { workstream: id, ...data },
    });
  });
}

export async function setupApi(app: FastifyInstance, deps: ModuleDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof programmeContext>[0]) =>
    programmeContext(request, deps.database, deps.clock);
  const created = { 201: z.object({ id: z.string() }), 404: problemResponse, 422: problemResponse };
  api.post(
    '/api/v1/programme',
    {
      config: { access: 'programme:manage' },
      schema: {
        summary: 'Set up a programme: its board, manager, budget and dates',
        tags: ['Programme'],
        body: programmeSchema,
        response: created,
      },
    },
    async (request, reply) => reply.code(201).send(await addProgramme(ctx(request), request.body)),
  );
  api.post(
    '/api/v1/programme/:id/workstreams',
    {
      config: { access: 'programme:manage' },
      schema: {
        summary: 'Add a workstream to a programme, with the head of service who leads it',
        tags: ['Programme'],
        params: z.object({ id: z.uuid('id must be a programme id (a UUID)') }),
        body: workstreamSchema,
        response: created,
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addWorkstream(ctx(request), request.params.id, request.body)),
  );
  api.put(
    '/api/v1/programme/:id',
    {
      config: { access: 'programme:manage' },
      schema: {
        summary:
          'Change the programme: its name, budget, manager, board, dates and discount rate, at the version you read',
        tags: ['Programme'],
        params: z.object({ id: z.uuid('id must be a programme id (a UUID)') }),
        body: programmeChangeSchema,
        response: { 204: z.null(), 404: problemResponse, 409: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) => {
      await changeProgramme(ctx(request), request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );
  api.put(
    '/api/v1/programme/:id/workstreams/:workstreamId',
    {
      config: { access: 'programme:manage' },
      schema: {
        summary: 'Change a workstream: its name, purpose, lead and team',
        tags: ['Programme'],
        params: z.object({
          id: z.uuid('id must be a programme id (a UUID)'),
          workstreamId: z.uuid('workstreamId must be a workstream id (a UUID)'),
        }),
        body: workstreamSchema,
        response: { 204: z.null(), 404: problemResponse, 422: problemResponse },
      },
    },
    async (request, reply) => {
      await changeWorkstream(ctx(request), request.params.id, request.params.workstreamId, request.body);
      return reply.code(204).send(null);
    },
  );
}
