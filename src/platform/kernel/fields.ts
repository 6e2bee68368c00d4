import { z } from 'zod';
import { isRealIsoDate } from './dates.ts';
import { parseFyLabel } from './financial-years.ts';

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

/** How many items a list answers with at most. */
export function limitField(max: number, fallback: number) {
  return z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(max, `limit must be ${max} or fewer`)
    .default(fallback);
}

/** How many items a list skips, up to a bound past which a narrower search is the answer. */
export function offsetField(max: number, tooFar = `offset must be ${max} or fewer`) {
  return z.coerce
    .number({ error: 'offset must be a number' })
    .int('offset must be a whole number')
    .min(0, 'offset must be 0 or more')
    .max(max, tooFar)
    .default(0);
}

/**
 * A financial year as people write it, 2026-27, read as the year it starts in. Costs are kept by
 * financial year from 2000-01 to 2100-01, so only those are taken.
 */
export const financialYearField = z
  .string()
  .refine((s) => {
    const fy = parseFyLabel(s);
    return fy !== null && fy >= 2000 && fy <= 2100;
  }, 'fy must be a financial year like 2026-27, from 2000-01 to 2100-01')
  .transform((s) => parseFyLabel(s) as number);
