import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formValues } from '../../../platform/http/forms.ts';
import { type FieldError, HttpProblem } from '../../../platform/http/problem.ts';
import { errorFor, parse } from '../../../platform/http/validation.ts';
import { parsePounds, penceText } from '../../../platform/kernel/money.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { programmeContext } from '../context.ts';
import { getProgramme, type ProgrammeView } from './service.ts';
import {
  addWorkstream,
  changeProgramme,
  changeWorkstream,
  programmeChangeSchema,
  workstreamSchema,
} from './setup.ts';

/** The programme's own details and board, and its workstreams: the programme manager's forms. */

const programmeFields = [
  'name',
  'purpose',
  'budget',
  'managerName',
  'rate',
  'startsOn',
  'endsOn',
  'board',
  'version',
] as const;
const workstreamFields = ['name', 'purpose', 'leadName', 'team'] as const;
const boxOf: Record<string, string> = { budgetPence: 'budget', discountRate: 'rate' };

/** "Name, role" a line each, as the board is typed. */
function boardOf(text: string): { board: { name: string; role: string }[]; problem: string | null } {
  const board: { name: string; role: string }[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    const at = line.lastIndexOf(',');
    if (at <= 0 || !line.slice(at + 1).trim())
      return {
        board,
        problem: `Line ${i + 1} of the board needs a name and a role, like "Sam Example, Chair"`,
      };
    board.push({ name: line.slice(0, at).trim(), role: line.slice(at + 1).trim() });
  }
  return { board, problem: null };
}

export async function settingsPages(app: FastifyInstance, deps: ModuleDeps) {
  const manage = { config: { access: 'programme:manage' as const } };
  const context = (request: FastifyRequest) => programmeContext(request, deps.database, deps.clock);
  const programmeOf = async (request: FastifyRequest): Promise<ProgrammeView> => {
    const v = await getProgramme(context(request), (request.params as { id: string }).id);
    if (!v) throw new HttpProblem(404, 'Not Found', 'There is no such programme in your LA.');
    return v;
  };
  const showProgramme = (
    reply: FastifyReply,
    v: ProgrammeView,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
  ) => {
    const shown = errors.map((e) => ({ ...e, field: boxOf[e.field] ?? e.field }));
    return reply.code(status).page('programme/programme-form.njk', {
      pageTitle: `Change ${v.programme.name}`,
      v,
      values,
      errors: shown.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (f: string) => errorFor(shown, f),
    });
  };

  app.get('/programme/:id/edit', manage, async (request, reply) => {
    const v = await programmeOf(request);
    const p = v.programme;
    return showProgramme(
      reply,
      v,
      200,
      {
        name: p.name,
        purpose: p.purpose ?? '',
        budget: penceText(p.budgetPence).replace('£', ''),
        managerName: p.managerName,
        rate: String(Math.round(p.discountRate * 100_000) / 1000),
        startsOn: p.startsOn,
        endsOn: p.endsOn ?? '',
        board: p.board.map((b) => `${b.name}, ${b.role}`).join('\n'),
        version: String(p.version),
      },
      [],
    );
  });
  app.post('/programme/:id/edit', manage, async (request, reply) => {
    const v = await programmeOf(request);
    const values = formValues(request.body, programmeFields);
    const budget = parsePounds(values.budget);
    const rate = /^\d+(\.\d+)?$/.test(values.rate.trim()) ? Number(values.rate.trim()) / 100 : Number.NaN;
    const { board, problem } = boardOf(values.board);
    const input = {
      name: values.name,
      purpose: values.purpose || null,
      budgetPence: 'pence' in budget ? budget.pence : undefined,
      managerName: values.managerName,
      discountRate: Number.isNaN(rate) ? undefined : rate,
      startsOn: values.startsOn,
      endsOn: values.endsOn || null,
      board,
      version: Number(values.version),
    };
    const parsed = parse(programmeChangeSchema, input);
    const errors: FieldError[] = [
      ...('error' in budget ? [{ field: 'budget', message: budget.error }] : []),
      ...(Number.isNaN(rate)
        ? [{ field: 'rate', message: 'Enter the discount rate as a percentage, like 3.5' }]
        : []),
      ...(problem ? [{ field: 'board', message: problem }] : []),
      ...(parsed.ok
        ? []
        : parsed.errors.filter((e) => e.field !== 'budgetPence' && e.field !== 'discountRate')),
    ];
    if (errors.length) return showProgramme(reply, v, 400, values, errors);
    try {
      await changeProgramme(context(request), v.programme.id, input);
    } catch (err) {
      if (!(err instanceof HttpProblem) || (err.status !== 422 && err.status !== 409)) throw err;
      const errs = err.status === 409 ? [{ field: 'name', message: err.detail ?? err.title }] : err.errors;
      return showProgramme(reply, v, err.status, values, errs);
    }
    return reply.redirect(`/programme/${v.programme.id}`, 303);
  });

  const showWorkstream = (
    reply: FastifyReply,
    v: ProgrammeView,
    workstreamId: string | null,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
  ) =>
    reply.code(status).page('programme/workstream-form.njk', {
      pageTitle: workstreamId ? `Change ${values.name || 'the workstream'}` : 'Add a workstream',
      v,
      values,
      action: workstreamId
        ? `/programme/${v.programme.id}/workstreams/${workstreamId}/edit`
        : `/programme/${v.programme.id}/workstreams/new`,
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (f: string) => errorFor(errors, f),
    });

  async function saveWorkstream(request: FastifyRequest, reply: FastifyReply) {
    const v = await programmeOf(request);
    const workstreamId = (request.params as { workstreamId?: string }).workstreamId ?? null;
    const values = formValues(request.body, workstreamFields);
    const input = {
      name: values.name,
      purpose: values.purpose || null,
      leadName: values.leadName,
      team: values.team || null,
    };
    const parsed = parse(workstreamSchema, input);
    if (!parsed.ok) return showWorkstream(reply, v, workstreamId, 400, values, parsed.errors);
    try {
      if (workstreamId) await changeWorkstream(context(request), v.programme.id, workstreamId, input);
      else await addWorkstream(context(request), v.programme.id, input);
    } catch (err) {
      if (!(err instanceof HttpProblem) || err.status !== 422) throw err;
      return showWorkstream(reply, v, workstreamId, 422, values, err.errors);
    }
    return reply.redirect(`/programme/${v.programme.id}`, 303);
  }

  app.get('/programme/:id/workstreams/new', manage, async (request, reply) =>
    showWorkstream(reply, await programmeOf(request), null, 200, {}, []),
  );
  app.post('/programme/:id/workstreams/new', manage, saveWorkstream);
  app.get('/programme/:id/workstreams/:workstreamId/edit', manage, async (request, reply) => {
    const v = await programmeOf(request);
    const w = v.workstreams.find((x) => x.id === (request.params as { workstreamId: string }).workstreamId);
    if (!w) throw new HttpProblem(404, 'Not Found', 'There is no such workstream in this programme.');
    return showWorkstream(
      reply,
      v,
      w.id,
      200,
      { name: w.name, purpose: w.purpose ?? '', leadName: w.leadName, team: w.team ?? '' },
      [],
    );
  });
  app.post('/programme/:id/workstreams/:workstreamId/edit', manage, saveWorkstream);
}
