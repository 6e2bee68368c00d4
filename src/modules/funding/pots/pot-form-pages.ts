import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { type FieldError, HttpProblem } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import { fundingContext } from '../api.ts';
import type { FundingContext } from '../context.ts';
import { potYearLabel, potYearText } from './domain/years.ts';
import { formFieldOf, type PotFormValues, potFormValues, potFromForm, readPotForm } from './pot-form.ts';
import type { PotRow } from './repo.ts';
import { changePot, createPot, getPot, previousPotChoices } from './service.ts';

/** Creating a pot, and changing one: its name, year, total, split and previous pot. */

/** A refusal from the service, as the form's messages; anything else is not the form's to show. */
function formErrors(err: unknown): FieldError[] | null {
  if (!(err instanceof HttpProblem) || err.status !== 422) return null;
  return err.errors.map((e) => ({ field: formFieldOf(e.field), message: e.message }));
}

export async function potFormPages(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const context = (request: Parameters<typeof fundingContext>[0]) =>
    fundingContext(request, deps.database, deps.clock);

  async function show(
    reply: FastifyReply,
    ctx: FundingContext,
    status: number,
    values: PotFormValues,
    errors: FieldError[],
    editing: { pot: PotRow; adopted: string | null } | null,
  ) {
    const pots = (await previousPotChoices(ctx)).filter((p) => p.id !== editing?.pot.id);
    const previousItems = [
      { value: '', text: 'None' },
      ...pots.map((p) => ({
        value: p.id,
        text: `${p.name}, ${potYearText(p.yearKind, p.year).toLowerCase()}`,
        selected: p.id === values.previousPotId,
      })),
    ];
    return reply.code(status).page('funding/pots/pot-form.njk', {
      pageTitle: editing
        ? `Change ${editing.pot.name}, ${potYearLabel(editing.pot.year)}`
        : 'Create a funding pot',
      action: editing ? `/funding/pots/${editing.pot.id}/edit` : '/funding/pots/new',
      backText: editing ? `Back to ${editing.pot.name}` : 'Back to funding pots',
      backHref: editing ? `/funding/pots/${editing.pot.id}` : '/funding',
      submitText: editing ? 'Save the changes' : 'Create the pot',
      adopted: editing?.adopted ?? null,
      values,
      previousItems,
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/funding/pots/new', { config: { access: 'finance:manage' } }, async (request, reply) =>
    show(reply, context(request), 200, potFormValues(), [], null),
  );

  app.post('/funding/pots/new', { config: { access: 'finance:manage' } }, async (request, reply) => {
    const ctx = context(request);
    const values = { ...readPotForm(request.body), version: '' };
    const read = potFromForm(values);
    if (!read.ok) return show(reply, ctx, 400, values, read.errors, null);
    try {
      const made = await createPot(ctx, read.body);
      return reply.redirect(`/funding/pots/${made.pot.id}?done=created`, 303);
    } catch (err) {
      const errors = formErrors(err);
      if (errors) return show(reply, ctx, 400, values, errors, null);
      throw err;
    }
  });

  const editing = async (ctx: FundingContext, potId: string) => {
    const o = await getPot(ctx, potId);
    return { pot: o.pot, adopted: o.adoptedScenario?.name ?? null };
  };

  app.get('/funding/pots/:potId/edit', { config: { access: 'finance:manage' } }, async (request, reply) => {
    const ctx = context(request);
    const pot = await editing(ctx, (request.params as { potId: string }).potId);
    return show(reply, ctx, 200, potFormValues(pot.pot), [], pot);
  });

  app.post('/funding/pots/:potId/edit', { config: { access: 'finance:manage' } }, async (request, reply) => {
    const ctx = context(request);
    const pot = await editing(ctx, (request.params as { potId: string }).potId);
    const values = readPotForm(request.body);
    const read = potFromForm({ ...values, version: values.version || String(pot.pot.version) });
    if (!read.ok) return show(reply, ctx, 400, values, read.errors, pot);
    try {
      await changePot(ctx, pot.pot.id, read.body);
    } catch (err) {
      const errors = formErrors(err);
      if (errors) return show(reply, ctx, 400, values, errors, pot);
      if (!(err instanceof HttpProblem) || err.status !== 409) throw err;
      // Someone changed the pot first: the form shows it afresh as it now stands, to change again.
      const now = await editing(ctx, pot.pot.id);
      return show(
        reply,
        ctx,
        409,
        potFormValues(now.pot),
        [
          {
            field: 'name',
            message: `${err.detail} Your changes have not been saved: the form now shows the pot as it is.`,
          },
        ],
        now,
      );
    }
    return reply.redirect(`/funding/pots/${pot.pot.id}?done=changed`, 303);
  });
}
