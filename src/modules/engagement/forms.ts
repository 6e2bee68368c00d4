import { HttpProblem } from '../../platform/http/problem.ts';

/** What the engagement pages and API share: a form's values sent back to it, and a refusal as problem+json. */

/** The form's text fields as sent, and its list field (checkboxes) as a list, for showing the form again. */
export function formValues(
  body: unknown,
  fields: readonly string[],
  list: string,
): Record<string, string | string[]> {
  const b = (body ?? {}) as Record<string, unknown>;
  const out: Record<string, string | string[]> = Object.fromEntries(
    fields.map((k) => [k, typeof b[k] === 'string' ? (b[k] as string) : '']),
  );
  const v = b[list];
  out[list] = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
  return out;
}

/** A use case's refusal, for the API: each field's message in `errors`, all of them in `detail`. */
export const refusal = (r: { status: number; errors: { field: string; message: string }[] }) =>
  new HttpProblem(
    r.status,
    r.status === 409 ? 'Conflict' : r.status === 422 ? 'Refused' : 'Invalid input',
    r.errors.map((e) => e.message).join('; '),
    r.errors,
  );
