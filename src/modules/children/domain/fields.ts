import { z } from 'zod';

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
