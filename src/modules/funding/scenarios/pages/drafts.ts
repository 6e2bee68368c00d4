import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../../../platform/clock.ts';
import type { Database } from '../../../../platform/db/connect.ts';
import { formValues } from '../../../../platform/http/forms.ts';
import type { FieldError } from '../../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../../platform/http/validation.ts';
import { isUuid } from '../../../../platform/kernel/ids.ts';
import { fundingContext } from '../../api.ts';
import type { FundingContext } from '../../context.ts';
import { factorKeys, factorLabels, factorUnits } from '../domain/formula.ts';
import {
  createScenario,
  getScenario,
  type PotView,
  potScenarios,
  updateScenario,
  withdrawScenario,
} from '../service.ts';
import {
  formErrors,
  readScenarioForm,
  type ScenarioFormValues,
  scenarioFormValues,
  scenarioFromForm,
  type TermGroup,
  termFieldId,
} from './form.ts';

/** Starting a draft scenario (or a copy of one), changing a draft, and withdrawing one. */

const idOf = (request: FastifyRequest, name: 'id' | 'potId') =>
  (request.params as Record<string, string>)[name] ?? '';

/** Each factor's question, for the terms macro. */
function termGroup(group: TermGroup, values: ScenarioFormValues, errors: FieldError[]) {
  const terms = group === 'terms' ? values.terms : values.within;
  return {
    id: group,
    legendSuffix: group === 'within' ? 'within each cluster' : '',
    error: errorFor(errors, group),
    factors: factorKeys.map((f) => ({
      label: factorLabels[f],
      unit: factorUnits[f],
      kindId: termFieldId(group, f, 'kind'),
      weightId: termFieldId(group, f, 'weight'),
      perUnitId: termFieldId(group, f, 'perUnit'),
      ...terms[f],
    })),
  };
}

interface FormPage {
  pageTitle: string;
  pot: PotView;
  action: string;
  submitText: string;
  back: { text: string; href: string };
  copiedFrom?: string | null;
  locked?: string;
  scenarioName?: string;
  copyHref?: string;
}

function showForm(
  reply: FastifyReply,
  status: number,
  page: FormPage,
  values: ScenarioFormValues,
  errors: FieldError[],
) {
  return reply.code(status).page('funding/scenarios/form.njk', {
    ...page,
    values,
    termGroups: { terms: termGroup('terms', values, errors), within: termGroup('within', values, errors) },
    errors: errorSummary(errors),
    fieldError: (f: string) => errorFor(errors, f),
  });
}

const potBack = (pot: PotView) => ({
  text: `Back to ${pot.name} ${pot.label}`,
  href: `/funding/pots/${pot.id}`,
});

export async function draftPages(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const context = (request: FastifyRequest) => fundingContext(request, deps.database, deps.clock);

  /** The new-scenario form, filled from the scenario to copy when `from` names one. */
  async function newForm(ctx: FundingContext, potId: string, from: unknown) {
    const { pot, scenarios } = await potScenarios(ctx, potId);
    const source =
      typeof from === 'string' && isUuid(from)
        ? (scenarios.find((s) => s.id === from) ?? (await getScenario(ctx, from).catch(() => null)))
        : null;
    const page: FormPage = {
      pageTitle: source ? `Copy ${source.name}` : `New scenario for ${pot.name} ${pot.label}`,
      pot,
      action: `/funding/pots/${pot.id}/scenarios/new${source ? `?from=${source.id}` : ''}`,
      submitText: 'Save the draft scenario',
      back: potBack(pot),
      copiedFrom: source?.name ?? null,
    };
    const values = source
      ? {
          ...scenarioFormValues({
            name: `Copy of ${source.name}`.slice(0, 100),
            formula: source.formula,
            version: 0,
          }),
        }
      : scenarioFormValues(null);
    return { page, values, copiedFromId: source?.id ?? null };
  }

  app.get(
    '/funding/pots/:potId/scenarios/new',
    { config: { access: 'finance:manage' } },
    async (request, reply) => {
      const ctx = context(request);
      const { page, values } = await newForm(
        ctx,
        idOf(request, 'potId'),
        (request.query as Record<string, unknown>)?.from,
      );
      return showForm(reply, 200, page, values, []);
    },
  );

  app.post(
    '/funding/pots/:potId/scenarios/new',
    { config: { access: 'finance:manage' } },
    async (request, reply) => {
      const ctx = context(request);
      const { page, copiedFromId } = await newForm(
        ctx,
        idOf(request, 'potId'),
        (request.query as Record<string, unknown>)?.from,
      );
      const values = readScenarioForm(request.body);
      const read = scenarioFromForm(values);
      if (!read.ok) return showForm(reply, 400, page, values, read.errors);
      const made = await createScenario(ctx, page.pot.id, read.input, copiedFromId);
      if (!made.ok)
        return showForm(reply, made.status, page, values, formErrors(made.errors, read.input.formula));
      return reply.redirect(`/funding/scenarios/${made.value.id}?done=created`, 303);
    },
  );

  async function editPage(ctx: FundingContext, id: string) {
    const scenario = await getScenario(ctx, id);
    const page: FormPage = {
      pageTitle: `Change ${scenario.name}`,
      pot: scenario.pot,
      action: `/funding/scenarios/${scenario.id}/edit`,
      submitText: 'Save the changes',
      back: { text: `Back to ${scenario.name}`, href: `/funding/scenarios/${scenario.id}` },
      scenarioName: scenario.name,
      copyHref: `/funding/pots/${scenario.pot.id}/scenarios/new?from=${scenario.id}`,
    };
    return { scenario, page };
  }

  app.get('/funding/scenarios/:id/edit', { config: { access: 'finance:manage' } }, async (request, reply) => {
    const ctx = context(request);
    const { scenario, page } = await editPage(ctx, idOf(request, 'id'));
    if (scenario.status !== 'draft') {
      // Said before anything is typed: an adopted or withdrawn scenario is copied, not changed.
      return showForm(
        reply,
        409,
        { ...page, locked: scenario.locked ?? '' },
        scenarioFormValues(scenario),
        [],
      );
    }
    return showForm(reply, 200, page, scenarioFormValues(scenario), []);
  });

  app.post(
    '/funding/scenarios/:id/edit',
    { config: { access: 'finance:manage' } },
    async (request, reply) => {
      const ctx = context(request);
      const id = idOf(request, 'id');
      const { page } = await editPage(ctx, id);
      const values = readScenarioForm(request.body);
      const read = scenarioFromForm(values);
      if (!read.ok) return showForm(reply, 400, page, values, read.errors);
      const version = /^\d{1,9}$/.test(values.version) ? Number(values.version) : -1;
      const saved = await updateScenario(ctx, id, version, read.input);
      if (saved.ok) return reply.redirect(`/funding/scenarios/${id}?done=changed`, 303);
      if (saved.status === 409) {
        // Changed or locked meanwhile: the form shows the scenario as it now is, with why.
        const { scenario } = await editPage(ctx, id);
        return showForm(reply, 409, page, scenarioFormValues(scenario), saved.errors);
      }
      return showForm(reply, saved.status, page, values, formErrors(saved.errors, read.input.formula));
    },
  );

  app.get(
    '/funding/scenarios/:id/withdraw',
    { config: { access: 'finance:manage' } },
    async (request, reply) => {
      const ctx = context(request);
      const scenario = await getScenario(ctx, idOf(request, 'id'));
      return reply.page('funding/scenarios/confirm.njk', confirmWithdraw(scenario, []));
    },
  );

  app.post(
    '/funding/scenarios/:id/withdraw',
    { config: { access: 'finance:manage' } },
    async (request, reply) => {
      const ctx = context(request);
      const id = idOf(request, 'id');
      const sent = formValues(request.body, ['version']).version ?? '';
      const done = await withdrawScenario(ctx, id, /^\d{1,9}$/.test(sent) ? Number(sent) : -1);
      if (done.ok) return reply.redirect(`/funding/scenarios/${id}?done=withdrawn`, 303);
      return reply
        .code(done.status)
        .page('funding/scenarios/confirm.njk', confirmWithdraw(await getScenario(ctx, id), done.errors));
    },
  );
}

function confirmWithdraw(scenario: Awaited<ReturnType<typeof getScenario>>, errors: FieldError[]) {
  return {
    pageTitle: `Withdraw ${scenario.name}`,
    scenario,
    action: 'withdraw',
    can: scenario.status === 'draft',
    paragraphs: [
      `${scenario.name} will not be adopted. It stays on the pot’s list as withdrawn, with its formula, and can still be copied to make a new draft.`,
    ],
    cannot: scenario.locked,
    button: `Withdraw ${scenario.name}`,
    warning: true,
    errors: errorSummary(errors),
  };
}
