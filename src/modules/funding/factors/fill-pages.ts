import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { formValues } from '../../../platform/http/forms.ts';
import { type FieldError, HttpProblem } from '../../../platform/http/problem.ts';
import { errorFor } from '../../../platform/http/validation.ts';
import { isUuid } from '../../../platform/kernel/ids.ts';
import { fundingContext } from '../api.ts';
import { potYearLabel, startsOnText } from '../pots/domain/years.ts';
import { carryItems } from './presenters.ts';
import {
  carryLastYear,
  type FactorTable,
  type FillScope,
  fillFactorsFromRecords,
  getFactorTable,
} from './service.ts';

/**
 * Filling schools' factor data from the LA's records, and carrying last year's for schools with
 * none this year: each a page saying what it will do, and a button.
 */

const refusals = (err: unknown): FieldError[] | null =>
  err instanceof HttpProblem && (err.status === 422 || err.status === 409)
    ? err.errors.length
      ? err.errors
      : [{ field: 'scope', message: err.detail ?? err.title }]
    : null;

/** The schools chosen on the carry form: one box ticked is a string, several an array. */
function chosenSchools(body: unknown): string[] {
  const v = (body as Record<string, unknown> | undefined)?.schools;
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all.filter((x): x is string => typeof x === 'string' && isUuid(x)).slice(0, 5000);
}

export async function fillPages(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const access = { config: { access: 'finance:manage' as const } };
  const context = (request: FastifyRequest) => fundingContext(request, deps.database, deps.clock);
  const potIdOf = (request: FastifyRequest) => (request.params as { potId: string }).potId;
  const done = (t: FactorTable, what: string, n: number) =>
    `/funding/pots/${t.pot.id}/factors?done=${what}&schools=${n}`;

  function showFill(
    reply: FastifyReply,
    status: number,
    t: FactorTable,
    scope: FillScope,
    errors: FieldError[],
  ) {
    const missing = t.schools.filter((s) => !s.factors).length;
    return reply.code(status).page('funding/factors/fill.njk', {
      pageTitle: 'Fill factor data from our records',
      pot: t.pot,
      yearLabel: potYearLabel(t.pot.year),
      startsOn: startsOnText(t.pot.yearKind, t.pot.year),
      adopted: t.adopted,
      items: [
        {
          value: 'missing',
          text: `The schools with no factor data (${missing.toLocaleString('en-GB')})`,
          checked: scope === 'missing',
        },
        {
          value: 'all',
          text: `Every school in a cluster (${t.schools.length.toLocaleString('en-GB')})`,
          hint: {
            text: 'Their pupils, SEN Support and EHC plans are replaced by what our records say; the rest of their data stays as it is',
          },
          checked: scope === 'all',
        },
      ],
      errors: errors.map((e) => ({ text: e.message, href: '#scope' })),
      scopeError: errors.length ? { text: errors.map((e) => e.message).join('. ') } : false,
    });
  }

  app.get('/funding/pots/:potId/factors/fill', access, async (request, reply) =>
    showFill(reply, 200, await getFactorTable(context(request), potIdOf(request)), 'missing', []),
  );

  app.post('/funding/pots/:potId/factors/fill', access, async (request, reply) => {
    const ctx = context(request);
    const t = await getFactorTable(ctx, potIdOf(request));
    const asked = formValues(request.body, ['scope']).scope;
    if (asked !== 'missing' && asked !== 'all')
      return showFill(reply, 400, t, 'missing', [
        { field: 'scope', message: 'Choose which schools to fill' },
      ]);
    try {
      return reply.redirect(done(t, 'filled', await fillFactorsFromRecords(ctx, t.pot.id, asked)), 303);
    } catch (err) {
      const errors = refusals(err);
      if (errors) return showFill(reply, 400, t, asked, errors);
      throw err;
    }
  });

  function showCarry(
    reply: FastifyReply,
    status: number,
    t: FactorTable,
    chosen: ReadonlySet<string>,
    errors: FieldError[],
  ) {
    const noLastYear = t.schools.filter((s) => !s.factors && !t.lastYear.has(s.id));
    return reply.code(status).page('funding/factors/carry.njk', {
      pageTitle: 'Carry last year’s factor data',
      pot: t.pot,
      previousPot: t.previousPot,
      yearLabel: potYearLabel(t.pot.year),
      lastYearLabel: potYearLabel(t.pot.year - 1),
      adopted: t.adopted,
      items: carryItems(t.schools, t.lastYear, chosen),
      noLastYear: noLastYear.map((s) => s.name),
      errors: errors.map((e) => ({ text: e.message, href: '#schools' })),
      schoolsError: errors.length
        ? errorFor([{ field: 'schools', message: errors.map((e) => e.message).join('. ') }], 'schools')
        : false,
    });
  }

  app.get('/funding/pots/:potId/factors/carry', access, async (request, reply) => {
    const ctx = context(request);
    const t = await getFactorTable(ctx, potIdOf(request));
    return showCarry(reply, 200, t, new Set(t.lastYear.keys()), []);
  });

  app.post('/funding/pots/:potId/factors/carry', access, async (request, reply) => {
    const ctx = context(request);
    const t = await getFactorTable(ctx, potIdOf(request));
    const chosen = chosenSchools(request.body);
    try {
      return reply.redirect(done(t, 'carried', await carryLastYear(ctx, t.pot.id, chosen)), 303);
    } catch (err) {
      const errors = refusals(err);
      if (errors) return showCarry(reply, 400, t, new Set(chosen), errors);
      throw err;
    }
  });
}
