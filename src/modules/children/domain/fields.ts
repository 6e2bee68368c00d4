import { z } from 'zod';
import { isRealIsoDate } from './dates.ts';

type Cleaned = { ok: true; value: string } | { ok: false; message: string };

/**
 * An optional text field: absent stays absent (a PATCH leaves it alone), empty or null clears
 * it, anything else is cleaned (normalised and checked) or refused with the message given.
 */
export function optionalCleaned(clean: (s: string) => Cleaned, typeMessage: string) {
  return z
    .string({ error: typeMessage })
    .nullable()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      if (v === null || v.trim() === '') return null;
      const r = clean(v.trim());
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message });
        return z.NEVER;
      }
      return r.value;
    });
}

export function requiredText(missing: string, label: string, max: number) {
  return z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(max, `${label} must be ${max} characters or fewer`);
}

export function isoDateField(missing: string, label: string) {
  return z
    .string({ error: missing })
    .min(1, missing)
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date like 2015-03-27`)
    .refine(isRealIsoDate, `${label} must be a real date`);
}

/** A yes/no answer: true or false from the API, "yes" or "no" from a page's radios. */
export function yesNo(missing: string) {
  return z.preprocess((v) => (v === 'yes' ? true : v === 'no' ? false : v), z.boolean({ error: missing }));
}
