import { z } from 'zod';

/** JSON shapes every part of the EHC API shares. */

export const childIdentityJson = z.object({
  id: z.string(),
  forename: z.string(),
  surname: z.string(),
  dateOfBirth: z.string(),
  upn: z.string().nullable(),
});
export const personJson = z.object({ id: z.string(), name: z.string() });
/** A plan as the request and the plan's own resource both show it. */
export const planSummaryJson = z.object({
  id: z.string(),
  status: z.string(),
  draftedOn: z.string().nullable(),
  issuedOn: z.string().nullable(),
});
