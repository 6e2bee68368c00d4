import { z } from 'zod';

/**
 * What the LA decides about a request for help that is not a request for an assessment. Its
 * triage sends it on with reasons the family reads: to the school's SEN Support, to another
 * service, or, on a second look, to an EHC needs assessment after all, which then counts from the
 * day the request arrived.
 */

export type Outcome = 'assessment' | 'sen-support' | 'other-service';

export const outcomeLabels: Record<Outcome, string> = {
  assessment: 'Treat it as a request for an EHC needs assessment',
  'sen-support': 'Route it to SEN Support at the child’s school or setting',
  'other-service': 'Route it to another service',
};

/** How the requester reads the outcome. */
export const outcomeForFamily: Record<Outcome, string> = {
  assessment: 'We are treating your request as a request for an EHC needs assessment',
  'sen-support': 'We have asked the school or setting to meet these needs through SEN Support',
  'other-service': 'We have passed your request to another service',
};

export const decisionSchema = z
  .object({
    outcome: z.enum(['assessment', 'sen-support', 'other-service'], {
      error: 'Choose what happens to the request',
    }),
    routedTo: z
      .string()
      .trim()
      .max(200, 'The service must be 200 characters or fewer')
      .optional()
      .transform((v) => v || undefined),
    reasons: z
      .string({ error: 'Enter the reasons, as the family will read them' })
      .trim()
      .min(1, 'Enter the reasons, as the family will read them')
      .max(5000, 'The reasons must be 5,000 characters or fewer'),
    version: z.coerce.number().int().min(1).optional(),
  })
  .superRefine((d, ctx) => {
    if (d.outcome === 'other-service' && !d.routedTo)
      ctx.addIssue({ code: 'custom', path: ['routedTo'], message: 'Enter the service the request goes to' });
  });
export type Decision = z.output<typeof decisionSchema>;
