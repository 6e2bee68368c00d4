import { z } from 'zod';
import { requiredText } from '../../../platform/kernel/fields.ts';
import { maxFormPence, penceText } from '../../../platform/kernel/money.ts';
import { centralUseKinds } from './domain/central-uses.ts';
import { potProblems } from './domain/split.ts';
import { yearKinds } from './domain/years.ts';

/**
 * What a pot and a central use are, as the API takes them and the pages' forms are checked by:
 * the same schema and the same words, so a page and the API refuse the same things alike.
 */

const potFields = {
  name: requiredText('Enter the pot’s name, like Learning Support', 'The name', 100),
  yearKind: z.enum(yearKinds, { error: 'yearKind must be financial or academic' }),
  year: z.number({ error: 'year must be the year the pot starts in, like 2026 for 2026-27' }),
  totalPence: z.number({ error: 'totalPence must be the pot’s total in pence' }),
  delegatedPercent: z.number({
    error: 'delegatedPercent must be the delegated share as a percentage, like 75',
  }),
  centralPercent: z.number({ error: 'centralPercent must be the central share as a percentage, like 25' }),
  previousPotId: z
    .uuid({ error: 'previousPotId must be the ID of the same pot a year earlier (a UUID), or null' })
    .nullable()
    .default(null),
};

type PotShape = { [K in keyof typeof potFields]: z.output<(typeof potFields)[K]> };

/**
 * The pot's own rules, checked even when another field is wrong (a mistyped kind of year does not
 * hide a split that does not add up); a field of the wrong type is named once, by its type.
 */
const potRules = z.superRefine<PotShape>(
  (p, ctx) => {
    for (const problem of potProblems(p))
      if (problem.field !== 'yearKind' && typeof p[problem.field] === 'number')
        ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  },
  { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
);

export const potSchema = z.object(potFields).check(potRules);
export type PotInput = z.output<typeof potSchema>;

export const potChangeSchema = z
  .object({
    ...potFields,
    version: z.number({ error: 'version must be the version of the pot you read' }).int().min(1),
  })
  .check(potRules);
export type PotChange = z.output<typeof potChangeSchema>;

export const centralUseSchema = z
  .object({
    kind: z.enum(centralUseKinds, { error: 'Choose whether it is a post, a service or something else' }),
    name: requiredText('Enter what the money pays for, like Disability adviser', 'The name', 200),
    fte: z
      .number({ error: 'Enter the full-time equivalent as a number, like 1 or 0.5' })
      .gt(0, 'The full-time equivalent must be more than 0')
      .max(9_999, 'The full-time equivalent must be 9,999 or less')
      .refine(
        (n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6,
        'The full-time equivalent must have no more than 2 decimal places',
      )
      .nullable()
      .default(null),
    costPence: z
      .number({ error: 'Enter the cost for the year' })
      .int('The cost must be a whole number of pence')
      .min(0, 'The cost must be £0 or more')
      .max(maxFormPence, `The cost must be ${penceText(maxFormPence)} or less`),
  })
  .superRefine((u, ctx) => {
    if (u.kind === 'post' && u.fte === null)
      ctx.addIssue({
        code: 'custom',
        path: ['fte'],
        message: 'Enter the post’s full-time equivalent, like 1 or 0.5',
      });
  });
export type CentralUseInput = z.output<typeof centralUseSchema>;
