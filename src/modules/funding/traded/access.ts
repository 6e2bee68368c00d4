import type { z } from 'zod';
import { can } from '../../../platform/auth/roles.ts';
import { type FieldError, forbidden, HttpProblem } from '../../../platform/http/problem.ts';
import { parse } from '../../../platform/http/validation.ts';
import type { FundingContext } from '../context.ts';

/** Who may use traded services at all, and how their mistakes are answered. */

const catalogueRefusal =
  'Traded services are for schools, clusters and the LA’s own staff who work with them.';

/** Refuses anyone who neither buys traded services nor works with them at the LA. */
export function authoriseTraded(ctx: FundingContext) {
  const roles = ctx.principal.roles;
  if (!can(roles, 'traded:order') && !can(roles, 'traded:read')) throw forbidden(catalogueRefusal);
}

/** Bad input, each field named: the API's problem and the page's error summary say the same. */
export const invalid = (errors: FieldError[]) =>
  new HttpProblem(400, 'Invalid request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);

export function validated<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = parse(schema, input);
  if (!r.ok) throw invalid(r.errors);
  return r.data;
}
