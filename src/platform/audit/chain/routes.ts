import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Principal } from '../../auth/principal.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/connect.ts';
import { formValues } from '../../http/forms.ts';
import type { FieldError } from '../../http/problem.ts';
import { notFound } from '../../http/problem.ts';
import { errorFor, errorSummary, parse } from '../../http/validation.ts';
import { chainOverview, queueChainCheck, recordedHeadSchema } from './check-job.ts';
import { checkView, lagView } from './presenter.ts';

export interface ChainRouteDeps {
  database: Database;
  clock: Clock;
}

const fields = ['headSeq', 'headHash'] as const;
const path = '/admin/audit/verify';

/** The verify page: the chain head to write down, how far sealing is behind, and the newest check. */
export async function chainRoutes(app: FastifyInstance, deps: ChainRouteDeps) {
  async function show(
    reply: FastifyReply,
    principal: Principal,
    status: number,
    form: { values: Record<string, string>; errors: FieldError[] },
    refreshOff: boolean,
  ) {
    const { state, latest } = await chainOverview(deps.database, principal);
    const check = checkView(latest);
    const checking = check.state === 'waiting' || check.state === 'running';
    // A refresh the person can stop (WCAG 2.2.1), from the server: the page runs no script of its own.
    if (checking && !refreshOff && status === 200) reply.header('Refresh', '2');
    return reply.code(status).page('audit/verify.njk', {
      pageTitle: 'Check the audit log',
      head: state.head,
      lag: lagView(state.lag, deps.clock()),
      check,
      checking,
      refreshOff,
      values: form.values,
      errors: errorSummary(form.errors),
      fieldError: (f: string) => errorFor(form.errors, f),
    });
  }

  app.get(path, { config: { access: 'audit:read' } }, async (request, reply) => {
    const p = request.principal;
    if (!p) throw notFound();
    const refreshOff = (request.query as { refresh?: unknown }).refresh === 'off';
    return show(reply, p, 200, { values: { headSeq: '', headHash: '' }, errors: [] }, refreshOff);
  });

  app.post(path, { config: { access: 'audit:read' } }, async (request, reply) => {
    const p = request.principal;
    if (!p) throw notFound();
    const values = formValues(request.body, fields);
    const parsed = parse(recordedHeadSchema, values);
    if (!parsed.ok) return show(reply, p, 400, { values, errors: parsed.errors }, false);
    await queueChainCheck(deps.database, p, parsed.data);
    return reply.redirect(path, 303);
  });
}
