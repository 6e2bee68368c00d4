import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { type FormValues, formValues } from '../../../platform/http/forms.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary, parse } from '../../../platform/http/validation.ts';
import { fyOf } from '../../../platform/kernel/financial-years.ts';
import { parsePounds } from '../../../platform/kernel/money.ts';
import { placementTypes } from '../../placements/index.ts';
import { fundingContext } from '../api.ts';
import { placementTypeLabel, startersToPrice } from '../presenters.ts';
import {
  expectedCostsSchema,
  type FundingContext,
  getExpectedCosts,
  setExpectedCosts,
  unpricedStarters,
} from '../service.ts';
import { poundsValue } from './budget-form.ts';

/**
 * What a new placement of each type is expected to cost a year: the forecast prices the plans
 * being finalised with it. A type left blank has no expected cost, and its starters are reported
 * on the position rather than costed at nothing.
 */

export const costField = (type: string) => `cost-${type}`;

/** The form's boxes as the page first shows them: each type's cost in pounds, or blank. */
export function expectedCostValues(costs: Record<string, number>): FormValues {
  return Object.fromEntries(
    placementTypes.map((t) => [costField(t), Object.hasOwn(costs, t) ? poundsValue(costs[t] as number) : '']),
  );
}

export type ExpectedCostsFromForm =
  | { ok: true; items: { placementType: (typeof placementTypes)[number]; annualPence: number }[] }
  | { ok: false; errors: FieldError[] };

/** The API's body from the form: a blank box is a type with no expected cost. */
export function expectedCostsFromForm(v: FormValues): ExpectedCostsFromForm {
  const errors: FieldError[] = [];
  const items = placementTypes.flatMap((placementType) => {
    const text = v[costField(placementType)] ?? '';
    if (text.trim() === '') return [];
    const read = parsePounds(text);
    if ('pence' in read) return [{ placementType, annualPence: read.pence }];
    const message = `${placementTypeLabel(placementType)}: ${read.error.charAt(0).toLowerCase()}${read.error.slice(1)}`;
    errors.push({ field: costField(placementType), message });
    return [];
  });
  if (errors.length) return { ok: false, errors };
  const parsed = parse(expectedCostsSchema, { items });
  if (parsed.ok) return { ok: true, items: parsed.data.items };
  return {
    ok: false,
    errors: parsed.errors.map((e) => {
      const index = Number(e.field.split('.')[1]);
      const type = items[index]?.placementType;
      return type
        ? { field: costField(type), message: `${placementTypeLabel(type)}: ${e.message}` }
        : { field: costField(placementTypes[0]), message: e.message };
    }),
  };
}

export async function expectedCostsPages(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const context = (request: FastifyRequest) => fundingContext(request, deps.database, deps.clock);

  async function show(
    reply: FastifyReply,
    status: number,
    ctx: FundingContext,
    costs: Record<string, number>,
    values: FormValues,
    errors: FieldError[],
  ) {
    const toPrice = startersToPrice(await unpricedStarters(ctx, fyOf(ctx.today)));
    return reply.code(status).page('funding/expected-costs.njk', {
      pageTitle: 'Expected cost of a new placement',
      canManage: can(ctx.principal.roles, 'finance:manage'),
      toPrice: [...toPrice.values()],
      types: placementTypes.map((t) => ({
        id: costField(t),
        label: placementTypeLabel(t),
        value: values[costField(t)] ?? '',
        set: Object.hasOwn(costs, t) ? (costs[t] as number) : null,
        waiting: toPrice.get(t)?.text ?? null,
      })),
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/finance/expected-costs', { config: { access: 'finance:read' } }, async (request, reply) => {
    const ctx = context(request);
    const costs = await getExpectedCosts(ctx);
    return show(reply, 200, ctx, costs, expectedCostValues(costs), []);
  });

  app.post('/finance/expected-costs', { config: { access: 'finance:manage' } }, async (request, reply) => {
    const ctx = context(request);
    const values = formValues(request.body, placementTypes.map(costField));
    const read = expectedCostsFromForm(values);
    if (!read.ok) return show(reply, 400, ctx, await getExpectedCosts(ctx), values, read.errors);
    await setExpectedCosts(ctx, { items: read.items });
    return reply.redirect('/finance?saved=expected-costs', 303);
  });
}
