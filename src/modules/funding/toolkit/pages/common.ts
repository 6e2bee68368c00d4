import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../../../platform/clock.ts';
import type { Database } from '../../../../platform/db/connect.ts';
import { dateFromParts, type FormValues, formValues } from '../../../../platform/http/forms.ts';
import { type FieldError, HttpProblem } from '../../../../platform/http/problem.ts';
import { errorFor, errorSummary, firstPerField } from '../../../../platform/http/validation.ts';
import { parsePounds, penceText } from '../../../../platform/kernel/money.ts';
import { fundingContext } from '../../api.ts';
import type { FundingContext } from '../../context.ts';
import { toolkitPath } from '../presenters.ts';

/** What the toolkit's pages share: who is asking, which toolkit, and how their forms are read and answered. */

export interface ToolkitDeps {
  database: Database;
  clock: Clock;
}

export const pageContext = (request: FastifyRequest, deps: ToolkitDeps): FundingContext =>
  fundingContext(request, deps.database, deps.clock);

export function toolkitIds(request: FastifyRequest): { clusterId: string; potId: string; base: string } {
  const p = request.params as { clusterId?: string; potId?: string };
  const clusterId = p.clusterId ?? '';
  const potId = p.potId ?? '';
  return { clusterId, potId, base: toolkitPath(clusterId, potId) };
}

export const queryOf = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>;

export const queryText = (request: FastifyRequest, name: string): string => {
  const v = queryOf(request)[name];
  return typeof v === 'string' ? v : '';
};

/** The values a group of checkboxes sent: none, one or many. */
export function checked(body: unknown, name: string): string[] {
  const v = ((body ?? {}) as Record<string, unknown>)[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === 'string',
  );
}

/** The date in a GOV.UK date input's three boxes, or as typed for the schema to name; a problem when half filled. */
export function dateIn(
  v: FormValues,
  name: string,
  label: string,
  problems: FieldError[],
): string | undefined {
  const d = dateFromParts(label, v[`${name}-day`] ?? '', v[`${name}-month`] ?? '', v[`${name}-year`] ?? '');
  if (d.ok) return d.value;
  problems.push({ field: name, message: d.message });
  return undefined;
}

export const dateNames = (name: string) => [`${name}-day`, `${name}-month`, `${name}-year`];

export function dateValues(name: string, iso: string | null): FormValues {
  const [year = '', month = '', day = ''] = iso ? iso.split('-') : [];
  return {
    [`${name}-day`]: day ? String(Number(day)) : '',
    [`${name}-month`]: month ? String(Number(month)) : '',
    [`${name}-year`]: year,
  };
}

/** Pounds typed into a box as pence, or a problem naming the box; blank is undefined where allowed. */
export function poundsIn(
  v: FormValues,
  name: string,
  what: string,
  problems: FieldError[],
  blankIsNothing = false,
): number | undefined {
  const text = v[name] ?? '';
  if (blankIsNothing && text.trim() === '') return undefined;
  const read = parsePounds(text);
  if ('pence' in read) return read.pence;
  problems.push({
    field: name,
    message: `${what}: ${read.error.charAt(0).toLowerCase()}${read.error.slice(1)}`,
  });
  return undefined;
}

export const poundsValue = (pence: number | null) =>
  pence === null ? '' : penceText(pence).replace('£', '');

export { formValues };

/**
 * A form's problems for its page: the form's own first, then the service's for boxes not already
 * explained, in the order the boxes come, each linked to its box (`ids` maps a schema's field to
 * the box that answers it).
 */
export function formErrors(
  problems: readonly FieldError[],
  order: readonly string[],
  options: { ids?: Record<string, string>; dates?: readonly string[] } = {},
) {
  const ids = options.ids ?? {};
  const dates = options.dates ?? [];
  const mapped = firstPerField(problems.map((p) => ({ ...p, field: ids[p.field] ?? p.field })));
  const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
  const errors = mapped.sort((a, b) => rank(a.field) - rank(b.field));
  return {
    // A date's message takes the person to its day box; a field's own box otherwise.
    errors: errorSummary(errors).map((e) =>
      dates.includes(e.href.slice(1)) ? { ...e, href: `${e.href}-day` } : e,
    ),
    fieldError: (f: string) => errorFor(errors, f),
  };
}

/** The service's refusal of a form's values, by field; anything else is not the form's to show. */
export function refusedFields(err: unknown): FieldError[] {
  if (err instanceof HttpProblem && (err.status === 422 || err.status === 400) && err.errors.length)
    return err.errors;
  throw err;
}
