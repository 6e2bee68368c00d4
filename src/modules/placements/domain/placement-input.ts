import { z } from 'zod';
import { isoDateField } from '../../../platform/kernel/fields.ts';
import { costKinds, periods, placementTypes } from './types.ts';

/**
 * What a placement and its cost lines are made from, by the API and the pages alike: one schema
 * gives the types, the checks and the OpenAPI document, with messages that name the field.
 */

/** Above this a year, an amount is more often a slip of the keyboard than a fee: it must be confirmed. */
export const confirmAbovePence = 50_000_000;
/** Nothing a single line could cost: refused outright. */
const maxAmountPence = 100_000_000_000;

const optionalDate = (label: string) =>
  z.preprocess((v) => (v === '' ? undefined : v), isoDateField(`Enter ${label}`, label).nullish());

const percent = (label: string) =>
  z
    .number({ error: `${label} must be a number from 0 to 100` })
    .min(0, `${label} must be 0 or more`)
    .max(100, `${label} must be 100 or less`)
    .refine((p) => Math.round(p * 100) === p * 100, `${label} can have at most 2 decimal places`)
    .default(0);

export const costLineSchema = z
  .object({
    kind: z.enum(costKinds, {
      error: `kind must be one of ${costKinds.join(', ')}`,
    }),
    amountPence: z
      .number({ error: 'amountPence must be a whole number of pence' })
      .int('amountPence must be a whole number of pence')
      .min(0, 'amountPence must be 0 or more: record a refund as a change to the line it refunds')
      .max(maxAmountPence, 'amountPence is more than any line could cost: check the amount is in pence')
      .nullish(),
    per: z.enum(periods, { error: `per must be one of ${periods.join(', ')}` }).nullish(),
    unitsPerYear: z
      .number({ error: 'unitsPerYear must be a number' })
      .positive('unitsPerYear must be more than 0')
      .max(366, 'unitsPerYear must be 366 or fewer: the weeks or days charged in a year')
      .refine((u) => Math.round(u * 100) === u * 100, 'unitsPerYear can have at most 2 decimal places')
      .nullish(),
    topUpBand: z.string().trim().min(1, 'topUpBand must not be empty').max(20).nullish(),
    funder: z.enum(['la', 'esfa'], { error: 'funder must be la or esfa' }).default('la'),
    effectiveFrom: isoDateField('effectiveFrom: enter the date the cost line takes effect', 'effectiveFrom'),
    effectiveTo: optionalDate('effectiveTo'),
    healthSharePercent: percent('healthSharePercent'),
    socialCareSharePercent: percent('socialCareSharePercent'),
    note: z.string().trim().max(500, 'note must be 500 characters or fewer').nullish(),
  })
  .superRefine((line, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (line.topUpBand) {
      if (line.kind !== 'top_up') issue('topUpBand', 'topUpBand is only for a top-up line');
      if (line.amountPence != null) issue('amountPence', 'Give either topUpBand or amountPence, not both');
    } else {
      if (line.amountPence == null)
        issue('amountPence', 'Enter amountPence, or topUpBand for a top-up at the band scheme’s value');
      if (line.per == null) issue('per', `Enter per: ${periods.join(', ')}`);
    }
    if ((line.per === 'week' || line.per === 'day') && line.unitsPerYear == null)
      issue(
        'unitsPerYear',
        `Enter unitsPerYear: how many ${line.per === 'week' ? 'weeks' : 'days'} a year are charged (like ${line.per === 'week' ? '38' : '190'})`,
      );
    if (line.per !== 'week' && line.per !== 'day' && line.unitsPerYear != null)
      issue('unitsPerYear', 'unitsPerYear is only for a weekly or daily rate');
    if (line.funder === 'esfa' && line.kind !== 'place_funding')
      issue('funder', 'Only place funding can be paid by the ESFA');
    if (line.effectiveTo && line.effectiveTo < line.effectiveFrom)
      issue('effectiveTo', 'effectiveTo must be the same as or after effectiveFrom');
    if (line.healthSharePercent + line.socialCareSharePercent > 100)
      issue('socialCareSharePercent', 'Health’s and social care’s shares together must be 100% or less');
  });
export type CostLineInput = z.output<typeof costLineSchema>;

const placementFields = {
  type: z.enum(placementTypes, { error: `type must be one of ${placementTypes.join(', ')}` }),
  // Costs are kept by financial year from 2000-01 to 2100-01 (placement_costs.fy).
  startOn: isoDateField('startOn: enter the date the placement starts', 'startOn').refine(
    (d) => d >= '2000-04-01' && d <= '2099-12-31',
    'startOn must be between 1 April 2000 and 31 December 2099',
  ),
  endOn: optionalDate('endOn'),
  expectedEndOn: optionalDate('expectedEndOn'),
  fte: z
    .number({ error: 'fte must be a number more than 0 and at most 1 (2 days a week is 0.4)' })
    .positive('fte must be more than 0 (2 days a week is 0.4)')
    .max(1, 'fte must be 1 or less: 1 is full time')
    .refine((f) => Math.round(f * 1000) === f * 1000, 'fte can have at most 3 decimal places'),
  residentialWeeks: z
    .number({ error: 'residentialWeeks must be a whole number of weeks' })
    .int('residentialWeeks must be a whole number of weeks')
    .min(1, 'residentialWeeks must be 1 or more')
    .max(52, 'residentialWeeks must be 52 or fewer')
    .nullish(),
};

export const newPlacementSchema = z
  .object({
    childId: z.uuid('childId must be a child ID (a UUID)'),
    establishmentId: z.uuid('establishmentId must be a school or setting ID (a UUID)').nullish(),
    providerName: z
      .string()
      .trim()
      .min(1, 'providerName must not be empty')
      .max(200, 'providerName must be 200 characters or fewer')
      .nullish(),
    ...placementFields,
    fte: placementFields.fte.default(1),
    basis: z
      .enum(['ehc_plan', 'interim'], { error: 'basis must be ehc_plan or interim' })
      .default('ehc_plan'),
    costLines: z.array(costLineSchema).max(50, 'A placement can have at most 50 cost lines').default([]),
    confirmLargeAmounts: z.boolean({ error: 'confirmLargeAmounts must be true or false' }).default(false),
  })
  .superRefine((p, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (!p.establishmentId === !p.providerName)
      issue(
        'establishmentId',
        'Give establishmentId for a setting on the register, or providerName for one without a URN (not both)',
      );
    if (p.endOn && p.endOn < p.startOn) issue('endOn', 'endOn must be the same as or after startOn');
    if (p.expectedEndOn && p.expectedEndOn < p.startOn)
      issue('expectedEndOn', 'expectedEndOn must be the same as or after startOn');
  });
export type NewPlacementInput = z.output<typeof newPlacementSchema>;

export const placementChangeSchema = z
  .object({
    version: z.number({ error: 'version must be the version you read' }).int().positive(),
    startOn: placementFields.startOn.optional(),
    endOn: optionalDate('endOn'),
    expectedEndOn: optionalDate('expectedEndOn'),
    fte: placementFields.fte.optional(),
    residentialWeeks: placementFields.residentialWeeks,
  })
  .strict();
export type PlacementChange = z.output<typeof placementChangeSchema>;

/**
 * What a finance officer confirms of a placement an EHC plan made: its type (and, for a provider
 * without a URN, who provides it) where the plan could not tell it; that the costs entered are
 * all it costs; that they have looked at it after the plan changed.
 */
export const placementConfirmationSchema = z
  .object({
    version: z.number({ error: 'version must be the version you read' }).int().positive(),
    type: placementFields.type.optional(),
    providerName: z
      .string({ error: 'providerName must be text' })
      .trim()
      .min(1, 'providerName must not be empty')
      .max(200, 'providerName must be 200 characters or fewer')
      .optional(),
    costsComplete: z.literal(true, { error: 'costsComplete must be true, or left out' }).optional(),
    planChangeChecked: z.literal(true, { error: 'planChangeChecked must be true, or left out' }).optional(),
  })
  .strict()
  .refine((c) => c.type !== undefined || c.costsComplete || c.planChangeChecked, {
    message: 'Say what you confirm: the type, costsComplete or planChangeChecked',
    path: ['type'],
  })
  .refine((c) => c.providerName === undefined || c.type !== undefined, {
    message: 'Give the type with the provider’s name: both are confirmed together',
    path: ['type'],
  });
export type PlacementConfirmation = z.output<typeof placementConfirmationSchema>;
