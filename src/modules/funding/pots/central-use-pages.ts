import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { type FieldError, HttpProblem } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import { fundingContext } from '../api.ts';
import type { FundingContext } from '../context.ts';
import {
  readUseForm,
  type UseFormValues,
  useFieldOf,
  useFormValues,
  useFromForm,
} from './central-use-form.ts';
import { type CentralUse, usesTotal } from './domain/central-uses.ts';
import { potYearLabel } from './domain/years.ts';
import {
  addCentralUse,
  changeCentralUse,
  getPot,
  noSuchUse,
  type PotOverview,
  removeCentralUse,
} from './service.ts';

/** Adding, changing and removing what a pot's central share pays for. */

interface Params {
  potId: string;
  useId?: string;
}

function formErrors(err: unknown): FieldError[] | null {
  if (!(err instanceof HttpProblem) || err.status !== 422) return null;
  return err.errors.map((e) => ({ field: useFieldOf(e.field), message: e.message }));
}

export async function centralUsePages(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const access = { config: { access: 'finance:manage' as const } };
  const context = (request: FastifyRequest) => fundingContext(request, deps.database, deps.clock);
  const params = (request: FastifyRequest) => request.params as Params;

  async function potAndUse(ctx: FundingContext, p: Params) {
    const o = await getPot(ctx, p.potId);
    if (p.useId === undefined) return { o, use: null };
    const use = o.centralUses.find((u) => u.id === p.useId);
    if (!use) throw noSuchUse();
    return { o, use };
  }

  function show(
    reply: FastifyReply,
    status: number,
    o: PotOverview,
    use: CentralUse | null,
    values: UseFormValues,
    errors: FieldError[],
  ) {
    const others = usesTotal(o.centralUses.filter((u) => u.id !== use?.id));
    const base = `/funding/pots/${o.pot.id}/central-uses`;
    return reply.code(status).page('funding/pots/central-use-form.njk', {
      pageTitle: use ? `Change ${use.name}` : 'Add a central use',
      pot: o.pot,
      yearLabel: potYearLabel(o.pot.year),
      changing: use !== null,
      othersPence: others,
      leftPence: o.pot.centralPence - others,
      action: use ? `${base}/${use.id}/edit` : `${base}/new`,
      submitText: use ? 'Save the change' : 'Add it',
      values,
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  async function save(request: FastifyRequest, reply: FastifyReply) {
    const ctx = context(request);
    const { o, use } = await potAndUse(ctx, params(request));
    const values = readUseForm(request.body);
    const read = useFromForm(values);
    if (!read.ok) return show(reply, 400, o, use, values, read.errors);
    try {
      if (use) await changeCentralUse(ctx, o.pot.id, use.id, read.body);
      else await addCentralUse(ctx, o.pot.id, read.body);
    } catch (err) {
      const errors = formErrors(err);
      if (errors) return show(reply, 400, o, use, values, errors);
      throw err;
    }
    return reply.redirect(
      `/funding/pots/${o.pot.id}?done=${use ? 'use-changed' : 'use-added'}#central-uses`,
      303,
    );
  }

  app.get('/funding/pots/:potId/central-uses/new', access, async (request, reply) => {
    const { o } = await potAndUse(context(request), { potId: params(request).potId });
    return show(reply, 200, o, null, useFormValues(), []);
  });
  app.post('/funding/pots/:potId/central-uses/new', access, (request, reply) => save(request, reply));

  app.get('/funding/pots/:potId/central-uses/:useId/edit', access, async (request, reply) => {
    const { o, use } = await potAndUse(context(request), params(request));
    return show(reply, 200, o, use, useFormValues(use ?? undefined), []);
  });
  app.post('/funding/pots/:potId/central-uses/:useId/edit', access, (request, reply) => save(request, reply));

  app.get('/funding/pots/:potId/central-uses/:useId/remove', access, async (request, reply) => {
    const { o, use } = await potAndUse(context(request), params(request));
    return reply.page('funding/pots/central-use-remove.njk', {
      pageTitle: `Remove ${use?.name}?`,
      pot: o.pot,
      yearLabel: potYearLabel(o.pot.year),
      use,
    });
  });
  app.post('/funding/pots/:potId/central-uses/:useId/remove', access, async (request, reply) => {
    const ctx = context(request);
    const { o, use } = await potAndUse(ctx, params(request));
    await removeCentralUse(ctx, o.pot.id, use?.id ?? '');
    return reply.redirect(`/funding/pots/${o.pot.id}?done=use-removed#central-uses`, 303);
  });
}
