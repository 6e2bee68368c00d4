import { z } from 'zod';
import { type FieldError, unprocessable } from './problem.ts';

/** Turns zod's issues into one message per field, first issue wins, in form order. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.join('.') : 'body';
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, message: issue.message });
  }
  return out;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldError[] };

export function parse<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.output<S>> {
  const r = schema.safeParse(input ?? {});
  return r.success ? { ok: true, data: r.data } : { ok: false, errors: fieldErrors(r.error) };
}

/** For the API: valid input or a 422 problem naming each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = parse(schema, input);
  if (!r.ok) throw unprocessable(r.errors);
  return r.data;
}

/** GOV.UK error summary items, linking each message to its field. */
export function errorSummary(errors: FieldError[]): { text: string; href: string }[] {
  return errors.map((e) => ({ text: e.message, href: `#${e.field}` }));
}

/** The message for one field, shaped for a GOV.UK macro's `errorMessage`, or false. */
export function errorFor(errors: FieldError[], field: string): { text: string } | false {
  const e = errors.find((x) => x.field === field);
  return e ? { text: e.message } : false;
}

/** An RFC 9457 problem as the API answers it, for the OpenAPI document. */
export const problemResponse = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  /** How many more field errors there were than the first ones listed. */
  moreErrors: z.number().optional(),
});

/** One message per field, the first found: a date left half-filled is not also "not a real date". */
export function firstPerField<E extends { field: string }>(errors: readonly E[]): E[] {
  return errors.filter((e, i, all) => all.findIndex((x) => x.field === e.field) === i);
}
