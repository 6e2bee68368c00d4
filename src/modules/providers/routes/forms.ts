import type { FastifyReply } from 'fastify';
import { type FieldError, HttpProblem } from '../../../platform/http/problem.ts';
import { fromDateParts } from '../domain/dates.ts';

/** What a form posted: every value as text, as a browser sends it. */
export type FormBody = Record<string, unknown>;

export const str = (body: FormBody, key: string): string => {
  const v = body[key];
  return typeof v === 'string' ? v.trim().slice(0, 1000) : Array.isArray(v) ? String(v[0] ?? '').trim() : '';
};

export const values = (body: FormBody, key: string): string[] => {
  const v = body[key];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);
};

/**
 * A number field: blank is `blank` (undefined when creating, null to clear when editing), digits
 * are a number, anything else stays text so the schema names the field in its message.
 */
export function num(
  body: FormBody,
  key: string,
  blank: null | undefined,
): number | string | null | undefined {
  const v = str(body, key).replace(/,/g, '');
  if (v === '') return blank;
  return /^-?\d+$/.test(v) ? Number(v) : v;
}

export function text(body: FormBody, key: string, blank: null | undefined): string | null | undefined {
  const v = str(body, key);
  return v === '' ? blank : v;
}

/** A GOV.UK date input's three parts → ISO date; text the schema will refuse when it is not a real date. */
export function dateField(body: FormBody, key: string, blank: null | undefined): string | null | undefined {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => str(body, `${key}-${p}`));
  if (!d && !m && !y) return blank;
  return fromDateParts(d ?? '', m ?? '', y ?? '') ?? `${d}-${m}-${y}`;
}

/** The three parts of a date for a GOV.UK date input, from an ISO date or from what was posted. */
export function dateParts(iso: string | null | undefined): { day: string; month: string; year: string } {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m
    ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] ?? '' }
    : { day: '', month: '', year: '' };
}

export function postedDateParts(body: FormBody, key: string) {
  return { day: str(body, `${key}-day`), month: str(body, `${key}-month`), year: str(body, `${key}-year`) };
}

/** Items for a GOV.UK date input, marked when the date has an error. */
export function dateItems(
  key: string,
  parts: { day: string; month: string; year: string },
  hasError: boolean,
) {
  const err = hasError ? ' govuk-input--error' : '';
  return [
    { name: 'day', id: `${key}-day`, value: parts.day, classes: `govuk-input--width-2${err}`, label: 'Day' },
    {
      name: 'month',
      id: `${key}-month`,
      value: parts.month,
      classes: `govuk-input--width-2${err}`,
      label: 'Month',
    },
    {
      name: 'year',
      id: `${key}-year`,
      value: parts.year,
      classes: `govuk-input--width-4${err}`,
      label: 'Year',
    },
  ].map((i) => ({ ...i, name: `${key}-${i.name}` }));
}

/**
 * What a page needs to show errors the GOV.UK way: the summary (each linking to its field, the
 * first part of a date) and a lookup for each field's own message.
 */
export function errorView(
  errors: FieldError[],
  dateFields: readonly string[] = [],
  ids: Record<string, string> = {},
) {
  const idOf = (field: string) => ids[field] ?? (dateFields.includes(field) ? `${field}-day` : field);
  return {
    errors: errors.map((e) => ({ text: e.message, href: `#${idOf(e.field)}` })),
    fieldError: (field: string) => {
      const e = errors.find((x) => x.field === field || ids[x.field] === field);
      return e ? { text: e.message } : false;
    },
  };
}

export const noErrors = { errors: [], fieldError: () => false };

/** Runs a form's use case; a problem the person can fix comes back as field errors to show on the form. */
export async function attempt<T>(
  work: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; errors: FieldError[]; problem: HttpProblem }> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (err instanceof HttpProblem && err.status === 422)
      return { ok: false, errors: err.errors, problem: err };
    throw err;
  }
}

export function seeOther(reply: FastifyReply, url: string) {
  return reply.redirect(url, 303);
}
