import { z } from 'zod';

/** A cost and a benefit as the API gives them. */

const year = z
  .number({ error: 'Give the financial year it falls in, like 2027 for 2027-28' })
  .int('Give the financial year it falls in, like 2027 for 2027-28')
  .min(2000, 'Give a financial year from 2000 to 2100')
  .max(2100, 'Give a financial year from 2000 to 2100');

const pence = (what: string) =>
  z
    .number({ error: `Give the ${what} in whole pence` })
    .int(`Give the ${what} in whole pence`)
    .min(0, `The ${what} cannot be below £0`)
    .max(100_000_000_000, `The ${what} must be £1,000,000,000 or less`);

export const costSchema = z.object({
  projectId: z.uuid('Choose a project of this programme'),
  kind: z.enum(['capital', 'revenue'], { error: 'Choose capital or revenue' }),
  year,
  plannedPence: pence('planned cost'),
  actualPence: pence('actual cost').nullable().optional(),
});

const value = (what: string) =>
  z.number({ error: `Give the ${what} as a number` }).finite(`Give the ${what} as a number`);

export const benefitSchema = z.object({
  name: z.string({ error: 'Give the benefit a name' }).trim().min(1, 'Give the benefit a name').max(200),
  measure: z
    .string({ error: 'Say how the benefit is measured' })
    .trim()
    .min(1, 'Say how the benefit is measured')
    .max(300, 'The measure must be 300 characters or fewer'),
  unit: z.enum(['count', 'percent', 'minutes', 'places', 'pounds'], {
    error: 'Choose the unit: count, percent, minutes, places or pounds',
  }),
  direction: z.enum(['increase', 'decrease'], {
    error: 'Say whether better is more (increase) or less (decrease)',
  }),
  cashable: z.boolean({ error: 'Say whether the benefit is cashable (true or false)' }),
  baseline: value('baseline'),
  baselineYear: year,
  target: value('target'),
  targetYear: year,
  liveMeasure: z
    .enum(['independent_placements', 'specialist_places', 'srb_places', 'twenty_week_timeliness'], {
      error: 'Choose a measure the system reads, or none',
    })
    .nullable()
    .optional(),
  ownerName: z
    .string({ error: 'Say who owns the benefit' })
    .trim()
    .min(1, 'Say who owns the benefit')
    .max(100),
  projectIds: z
    .array(z.uuid('Each project must be a project id (a UUID)'))
    .min(1, 'Link the benefit to at least one project'),
  years: z
    .array(
      z.object({
        year,
        planned: value('planned value').nullable().optional(),
        actual: value('actual value').nullable().optional(),
        plannedPence: pence('planned saving').nullable().optional(),
        actualPence: pence('actual saving').nullable().optional(),
      }),
    )
    .default([]),
});
export type BenefitInput = z.output<typeof benefitSchema>;

export const benefitYearSchema = z.object({
  planned: value('planned value').nullable().optional(),
  actual: value('actual value').nullable().optional(),
  plannedPence: pence('planned saving').nullable().optional(),
  actualPence: pence('actual saving').nullable().optional(),
});
