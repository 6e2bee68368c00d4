import { z } from 'zod';
import { isRealIsoDate } from './dates.ts';

/** Form and API fields every module asks for the same way, with messages that name the field. */

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
