import { z } from 'zod';
import { type IsoDate, longDate } from '../../../../platform/kernel/dates.ts';
import { isoDateField, requiredText } from '../../../../platform/kernel/fields.ts';
import { isUuid } from '../../../../platform/kernel/ids.ts';
import { maxFormPence } from '../../../../platform/kernel/money.ts';
import { panelOutcomes, planLineKinds } from './toolkit.ts';
import { inYear, type PotYear } from './years.ts';

/**
 * What the host sends to change a cluster's toolkit, and what the LA sends to answer a return:
 * each field named as the form names it, each message saying what to do. Whether a school,
 * pupil, head or line is the cluster's is for the service, which knows the cluster.
 */

const id = (missing: string) => z.string({ error: missing }).refine(isUuid, missing);

const pence = (missing: string, label: string, min: 0 | 1) =>
  z
    .number({ error: missing })
    .int(`${label} must be a whole number of pence`)
    .min(min, min === 0 ? `${label} must be £0 or more` : `${label} must be more than £0`)
    .max(maxFormPence, `${label} must be £1,000,000,000 or less`);

const yearText = (year: PotYear) => `${year.label} (${longDate(year.startsOn)} to ${longDate(year.endsOn)})`;

export function planLineSchema(year: PotYear) {
  return z
    .object({
      kind: z.enum(planLineKinds, { error: 'Select what the line is for' }),
      schoolIds: z
        .array(id('Select the schools from the list'), {
          error: 'Select the school or schools the line is for',
        })
        .min(1, 'Select the school or schools the line is for')
        .max(200, 'Select at most 200 schools'),
      childId: id('Select the pupil from the list').nullable().default(null),
      description: requiredText('Enter what the money is for', 'What the money is for', 500),
      plannedPence: pence('Enter the amount planned', 'The amount planned', 0),
      startsOn: isoDateField('Enter the date the line starts', 'The start date').refine(
        (d) => inYear(year, d),
        `The start date must be within ${yearText(year)}`,
      ),
      endsOn: isoDateField('Enter the date the line ends', 'The end date').refine(
        (d) => inYear(year, d),
        `The end date must be within ${yearText(year)}`,
      ),
      /** The version of the line read, when changing one. */
      version: z.number().int().min(1).optional(),
    })
    .superRefine((l, ctx) => {
      if (l.kind === 'named_pupil') {
        if (l.childId === null)
          ctx.addIssue({ code: 'custom', path: ['childId'], message: 'Select the pupil' });
        if (l.schoolIds.length !== 1)
          ctx.addIssue({
            code: 'custom',
            path: ['schoolIds'],
            message: 'Support for a named pupil is for the one school the pupil is at',
          });
      } else if (l.childId !== null)
        ctx.addIssue({
          code: 'custom',
          path: ['childId'],
          message:
            'Only support for a named pupil names a pupil: choose that kind of line, or leave the pupil out',
        });
      if (l.endsOn < l.startsOn)
        ctx.addIssue({
          code: 'custom',
          path: ['endsOn'],
          message: 'The end date must be the same as or after the start date',
        });
    });
}
export type PlanLineInput = z.output<ReturnType<typeof planLineSchema>>;

export const planEffects = ['new_line', 'add_to_line', 'none'] as const;
export type PlanEffect = (typeof planEffects)[number];
/** The kinds of line a decision with no named pupil can make; with a pupil, it makes their support. */
export const decisionLineKinds = ['intervention', 'shared_staff', 'other'] as const;

export function decisionSchema(today: IsoDate) {
  return z
    .object({
      heldOn: isoDateField('Enter the date the panel met', 'The date the panel met').refine(
        (d) => d <= today,
        'The date the panel met must be today or in the past',
      ),
      headIds: z.array(id('Select the heads from the list')).max(200).default([]),
      schoolId: id('Select the school that made the request'),
      childId: id('Select the pupil from the list').nullable().default(null),
      purpose: requiredText('Enter what the school asked for', 'What the request is for', 1000),
      askedPence: pence('Enter the amount asked for', 'The amount asked for', 1),
      outcome: z.enum(panelOutcomes, { error: 'Select the panel’s decision' }),
      agreedPence: pence('Enter the amount agreed', 'The amount agreed', 0).nullable().default(null),
      reasons: requiredText('Enter the panel’s reasons', 'The reasons', 2000),
      planEffect: z.enum(planEffects, { error: 'Select what the decision does to the plan' }).default('none'),
      lineKind: z
        .enum(decisionLineKinds, { error: 'Select what the new line is for' })
        .nullable()
        .default(null),
      planLineId: id('Select the line from the list').nullable().default(null),
      followsDecisionId: id('Select the deferred request from the list').nullable().default(null),
    })
    .superRefine((d, ctx) => {
      const issue = (field: string, message: string) =>
        ctx.addIssue({ code: 'custom', path: [field], message });
      const agreed = d.outcome === 'agreed' || d.outcome === 'agreed_different_amount';
      if (d.outcome === 'agreed_different_amount') {
        if (d.agreedPence === null) issue('agreedPence', 'Enter the amount agreed');
        else if (d.agreedPence === d.askedPence)
          issue('agreedPence', 'The amount agreed is the amount asked for: select Agreed instead');
      }
      if (!agreed && d.planEffect !== 'none') issue('planEffect', 'Only an agreed request changes the plan');
      if (agreed && d.planEffect === 'new_line' && d.childId === null && d.lineKind === null)
        issue('lineKind', 'Select what the new line is for');
      if (agreed && d.planEffect === 'add_to_line' && d.planLineId === null)
        issue('planLineId', 'Select the line to add the amount agreed to');
    });
}
export type DecisionInput = z.output<ReturnType<typeof decisionSchema>>;

/** What the panel agreed: the amount asked, a different amount, or nothing. */
export function agreedAmount(
  d: Pick<DecisionInput, 'outcome' | 'askedPence' | 'agreedPence'>,
): number | null {
  if (d.outcome === 'agreed') return d.askedPence;
  if (d.outcome === 'agreed_different_amount') return d.agreedPence;
  return null;
}

export function spendSchema(year: PotYear, today: IsoDate) {
  return z.object({
    planLineId: id('Select the line of the plan the money was spent on'),
    schoolId: id('Select the school the money was spent at'),
    spentOn: isoDateField('Enter the date the money was spent', 'The date spent')
      .refine((d) => d <= today, 'The date spent must be today or in the past')
      .refine((d) => inYear(year, d), `The date spent must be within ${yearText(year)}`),
    amountPence: pence('Enter the amount spent', 'The amount spent', 1),
    description: requiredText('Enter what the money was spent on', 'What the money was spent on', 300),
  });
}
export type SpendInput = z.output<ReturnType<typeof spendSchema>>;

export const returnSchema = z.object({
  commentary: requiredText('Enter your commentary on the year’s spending', 'The commentary', 5000),
  impact: requiredText('Enter the impact the spending had', 'The impact', 5000),
  /** The version of a returned return, when sending it again; 0 for the first submission. */
  version: z.number({ error: 'version must be the version you read' }).int().min(0),
});
export type ReturnInput = z.output<typeof returnSchema>;

export const returnDecisions = ['accept', 'return'] as const;

export const returnDecisionSchema = z
  .object({
    decision: z.enum(returnDecisions, { error: 'Select whether to accept the return or send it back' }),
    reason: z
      .string()
      .trim()
      .max(2000, 'The reason must be 2000 characters or fewer')
      .nullable()
      .default(null),
    version: z.number({ error: 'version must be the version you read' }).int().min(1),
  })
  .superRefine((d, ctx) => {
    if (d.decision === 'return' && !d.reason)
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'Enter why the return is sent back, so the host knows what to correct',
      });
  });
export type ReturnDecisionInput = z.output<typeof returnDecisionSchema>;
