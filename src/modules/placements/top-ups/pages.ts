import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, type Permission } from '../../../platform/auth/roles.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { downloadLinks, requestedFormat } from '../../../platform/exports/index.ts';
import { formValues } from '../../../platform/http/forms.ts';
import { type FieldError, forbidden, HttpProblem, notFound } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import { type IsoDate, longDate } from '../../../platform/kernel/dates.ts';
import { fyLabel, fyOf, parseFyLabel } from '../../../platform/kernel/financial-years.ts';
import { type PlacementsContext, placementsContext } from '../context.ts';
import { scenarioTables, sendScenarioExport } from './pages-export.ts';
import {
  canAddBandRows,
  formGroups,
  readSchemeForm,
  type SchemeFormValues,
  schemeFormValues,
  schemeFromForm,
  withMoreBandRows,
} from './pages-form.ts';
import {
  adoptionEffect,
  bandRows,
  childRows,
  defaultScenarioFy,
  inForceOn,
  missingBandMessages,
  scenarioYearItems,
  schemeRows,
  statusTag,
  totalsNote,
  totalsRows,
  waitingProposals,
} from './pages-presenters.ts';
import {
  adoptScheme,
  getScheme,
  listSchemes,
  proposeScheme,
  type SchemeRecord,
  schemeScenario,
  withdrawScheme,
} from './service.ts';

/**
 * Top-up band schemes for the finance team: the list with the one in force marked, proposing a
 * scheme, and a scheme with its bands and, while proposed, what it would cost against the one in
 * force; a finance approver adopts it from a page that says what adopting does.
 */

const flashes: Record<string, string> = {
  proposed:
    'The scheme has been proposed. A finance approver can adopt it once they have seen what it costs.',
  adopted:
    'The scheme has been adopted. Every banded top-up from the day it takes effect has been worked out again.',
  withdrawn: 'The scheme has been withdrawn.',
};

/** Own keys only: `?done=__proto__` names no message. */
const flashFor = (done: unknown) =>
  typeof done === 'string' && Object.hasOwn(flashes, done) ? flashes[done] : undefined;

const schemeIdField = z.uuid();
const noSuchScheme = () => notFound('There is no top-up scheme with this ID in your LA.');

function schemeId(request: FastifyRequest): string {
  const id = (request.params as { id?: string }).id ?? '';
  if (!schemeIdField.safeParse(id).success) throw noSuchScheme();
  return id;
}

/** A scenario's year: written like 2026-27, from 2000-01 to five years ahead. */
function scenarioFy(value: unknown, today: IsoDate, fallback: number): { fy: number } | { message: string } {
  if (value === undefined || value === '') return { fy: fallback };
  const fy = typeof value === 'string' ? parseFyLabel(value) : null;
  if (fy === null) return { message: 'Choose a financial year, written like 2026-27' };
  const last = fyOf(today) + 5;
  if (fy < 2000 || fy > last) return { message: `Choose a financial year from 2000-01 to ${fyLabel(last)}` };
  return { fy };
}

const formHref = (field: string) => (field === 'effectiveFrom' ? '#effectiveFrom-day' : `#${field}`);

export async function topUpSchemePages(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const context = (request: FastifyRequest) => placementsContext(request, deps.database, deps.clock);
  const may = (ctx: PlacementsContext, permission: Permission) => can(ctx.principal.roles, permission);

  app.get('/finance/top-up-schemes', { config: { access: 'finance:read' } }, async (request, reply) => {
    const ctx = context(request);
    const schemes = await listSchemes(ctx);
    const query = (request.query ?? {}) as Record<string, unknown>;
    return reply.page('top-ups/schemes.njk', {
      pageTitle: 'Top-up band schemes',
      rows: schemeRows(schemes, ctx.today),
      waiting: waitingProposals(schemes, ctx.today),
      canPropose: may(ctx, 'finance:manage'),
      flash: flashFor(query.done),
    });
  });

  function proposeForm(
    reply: FastifyReply,
    status: number,
    values: SchemeFormValues,
    errors: FieldError[],
    startedFrom: string | null,
  ) {
    return reply.code(status).page('top-ups/new.njk', {
      pageTitle: 'Propose a top-up band scheme',
      values,
      startedFrom,
      groups: formGroups(values),
      canAddRows: canAddBandRows(values),
      errors: errors.map((e) => ({ text: e.message, href: formHref(e.field) })),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/finance/top-up-schemes/new', { config: { access: 'finance:manage' } }, async (request, reply) => {
    const ctx = context(request);
    const inForce = inForceOn(await listSchemes(ctx), ctx.today);
    return proposeForm(reply, 200, schemeFormValues(inForce), [], inForce?.name ?? null);
  });

  app.post(
    '/finance/top-up-schemes/new',
    { config: { access: 'finance:manage' } },
    async (request, reply) => {
      const ctx = context(request);
      const values = readSchemeForm(request.body);
      if (formValues(request.body, ['action']).action === 'add-rows')
        return proposeForm(reply, 200, withMoreBandRows(values), [], null);
      const read = schemeFromForm(values);
      if (!read.ok) return proposeForm(reply, 400, values, read.errors, null);
      const scheme = await proposeScheme(ctx, read.input);
      return reply.redirect(`/finance/top-up-schemes/${scheme.id}?done=proposed`, 303);
    },
  );

  app.get('/finance/top-up-schemes/:id', { config: { access: 'finance:read' } }, async (request, reply) => {
    const ctx = context(request);
    const id = schemeId(request);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const scheme = await getScheme(ctx, id);
    const childByChild = may(ctx, 'placements:read');
    const fallback = defaultScenarioFy(scheme, ctx.today);
    // Only a proposal is costed, so only its page reads the year.
    const year = scheme.status === 'proposed' ? scenarioFy(query.fy, ctx.today, fallback) : { fy: fallback };
    const format = requestedFormat(query);
    if (format) {
      const table = scenarioTables.find((t) => t === query.table);
      if (scheme.status !== 'proposed')
        throw new HttpProblem(
          400,
          'There is no scenario to download',
          'Only a proposed scheme is costed against the scheme in force.',
        );
      if (!table) {
        const message = `table must be one of: ${scenarioTables.join(', ')}`;
        throw new HttpProblem(400, 'There is no such table', message, [{ field: 'table', message }]);
      }
      if ('message' in year)
        throw new HttpProblem(400, 'Invalid request', year.message, [{ field: 'fy', message: year.message }]);
      if (table === 'children' && !childByChild)
        throw forbidden('The child-by-child figures are for those who work with placements.');
      return sendScenarioExport(reply, ctx, id, year.fy, table, format);
    }
    const fy = 'fy' in year ? year.fy : fallback;
    const scenario =
      scheme.status === 'proposed' && 'fy' in year
        ? await schemeScenario(ctx, id, fy, { childByChild })
        : null;
    const inForce = inForceOn(await listSchemes(ctx), ctx.today);
    const links = (table: string) =>
      downloadLinks(`/finance/top-up-schemes/${id}?${new URLSearchParams({ fy: fyLabel(fy), table })}`);
    return reply.code('message' in year ? 400 : 200).page('top-ups/scheme.njk', {
      pageTitle: scheme.name,
      scheme,
      status: statusTag(scheme, inForce, ctx.today),
      effectiveFrom: longDate(scheme.effectiveFrom),
      hasPassed: scheme.effectiveFrom <= ctx.today,
      bandRows: bandRows(scheme),
      canAdopt: scheme.status === 'proposed' && may(ctx, 'finance:adopt'),
      canWithdraw: scheme.status === 'proposed' && may(ctx, 'finance:manage'),
      yearItems: scenarioYearItems(scheme, fy, ctx.today),
      scenario,
      totalsRows: scenario ? totalsRows(scenario) : [],
      totalsNote: scenario ? totalsNote(scenario) : null,
      missing: scenario ? missingBandMessages(scenario) : [],
      childByChild,
      childRows: scenario ? childRows(scenario) : [],
      downloads: { totals: links('totals'), children: links('children') },
      flash: flashFor(query.done),
      ...('message' in year
        ? { errors: [{ text: year.message, href: '#fy' }], fyError: { text: year.message } }
        : {}),
    });
  });

  const actions = {
    adopt: { access: 'finance:adopt', run: adoptScheme, done: 'adopted', verb: 'Adopt' },
    withdraw: { access: 'finance:manage', run: withdrawScheme, done: 'withdrawn', verb: 'Withdraw' },
  } as const;

  async function confirmPage(
    reply: FastifyReply,
    status: number,
    ctx: PlacementsContext,
    scheme: SchemeRecord,
    action: keyof typeof actions,
    errors: FieldError[],
  ) {
    const proposed = scheme.status === 'proposed';
    const scenario =
      proposed && action === 'adopt'
        ? await schemeScenario(ctx, scheme.id, defaultScenarioFy(scheme, ctx.today), { childByChild: false })
        : null;
    const lacking = scenario?.missingBands.filter((m) => m.scheme === 'proposed') ?? [];
    return reply.code(status).page('top-ups/confirm.njk', {
      pageTitle: `${actions[action].verb} ${scheme.name}`,
      action,
      scheme,
      proposed,
      effectiveFrom: longDate(scheme.effectiveFrom),
      hasPassed: scheme.effectiveFrom <= ctx.today,
      effect: scenario ? adoptionEffect(scenario) : null,
      missing: scenario ? missingBandMessages({ ...scenario, missingBands: lacking }) : [],
      errors: errorSummary(errors),
    });
  }

  for (const action of ['adopt', 'withdraw'] as const) {
    const { access, run, done } = actions[action];
    app.get(`/finance/top-up-schemes/:id/${action}`, { config: { access } }, async (request, reply) => {
      const ctx = context(request);
      return confirmPage(reply, 200, ctx, await getScheme(ctx, schemeId(request)), action, []);
    });

    app.post(`/finance/top-up-schemes/:id/${action}`, { config: { access } }, async (request, reply) => {
      const ctx = context(request);
      const id = schemeId(request);
      const sent = formValues(request.body, ['version']).version ?? '';
      if (!/^\d{1,9}$/.test(sent))
        return confirmPage(reply, 400, ctx, await getScheme(ctx, id), action, [
          { field: 'confirm', message: 'version must be the version you read' },
        ]);
      try {
        await run(ctx, id, Number(sent));
      } catch (err) {
        if (!(err instanceof HttpProblem) || err.status !== 409) throw err;
        // A stale version's field message is terse; its detail says what happened and what to do.
        const messages = err.errors.length
          ? err.errors.map((e) => (e.field === 'version' && err.detail ? err.detail : e.message))
          : [err.detail ?? err.title];
        const errors = [...new Set(messages)].map((message) => ({ field: 'confirm', message }));
        return confirmPage(reply, 409, ctx, await getScheme(ctx, id), action, errors);
      }
      return reply.redirect(`/finance/top-up-schemes/${id}?done=${done}`, 303);
    });
  }
}
