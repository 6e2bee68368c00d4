import { z } from 'zod';
import { englishLas } from '../../../../platform/kernel/english-las.ts';
import { isoDateField, requiredText } from '../../../../platform/kernel/fields.ts';
import { provisions } from '../../domain/vocabulary.ts';
import { amendableSections, ceaseReasons, type ReviewEventBody } from './process.ts';

/**
 * A review step as a person sends it, from a page or the API. The shape is checked here; whether
 * the step may follow the ones before it is the review rules' job, so those refusals name the rule.
 */

const on = isoDateField('Enter the date', 'The date');
const longText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .default('');
const choice = <T extends readonly [string, ...string[]]>(values: T, missing: string) =>
  z.enum(values, { error: missing });

const placement = z.object({
  establishmentId: z.uuid('establishmentId must be an ID (a UUID)').nullable().default(null),
  settingName: requiredText('Enter the setting the plan names', 'The setting', 200),
  provision: choice(provisions, 'Select the type of provision'),
  startOn: isoDateField('Enter the day the placement starts', 'The day the placement starts')
    .nullable()
    .default(null),
});

const sectionText = z
  .string({ error: 'Each section must be text' })
  .trim()
  .min(1, 'A proposed section cannot be empty')
  .max(50_000, 'A section must be 50,000 characters or fewer');

export const reviewStepSchema = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('invited'),
      on,
      meetingOn: isoDateField('Enter the date of the meeting', 'The date of the meeting'),
      invitees: z
        .array(z.string().trim().max(200, 'Each invitee must be 200 characters or fewer'), {
          error: 'invitees must be a list of names',
        })
        .max(40, 'Invite 40 people or fewer')
        .transform((list) => list.filter((i) => i !== '')),
    }),
    z.object({
      type: z.literal('meeting-moved'),
      on,
      meetingOn: isoDateField('Enter the new date of the meeting', 'The date of the meeting'),
    }),
    z.object({ type: z.literal('advice-circulated'), on }),
    z.object({ type: z.literal('meeting-held'), on }),
    z.object({
      type: z.literal('report-received'),
      on,
      by: choice(['setting', 'la'] as const, 'Select who wrote the report').default('setting'),
      recommendation: choice(['maintain', 'amend', 'cease'] as const, 'Select what the report recommends'),
      views: longText('The views', 20_000),
      progress: longText('Progress', 20_000),
      changes: longText('The changes sought', 20_000),
    }),
    z.object({
      type: z.literal('decided'),
      on,
      outcome: choice(['maintain', 'amend', 'cease'] as const, 'Select the decision'),
      reasons: longText('The reasons', 5000),
      ceaseReason: z
        .enum(Object.keys(ceaseReasons) as [keyof typeof ceaseReasons, ...(keyof typeof ceaseReasons)[]], {
          error: 'Select the reason the plan is to cease (SEN2 CeaseReason 1 to 9)',
        })
        .nullable()
        .default(null),
    }),
    z.object({
      type: z.literal('amendments-proposed'),
      on,
      sections: z.partialRecord(z.enum(amendableSections, { error: 'Unknown section' }), sectionText, {
        error: 'sections must map section letters to their proposed text',
      }),
    }),
    z.object({
      type: z.literal('representations-received'),
      on,
      summary: longText('The summary', 5000),
    }),
    z.object({ type: z.literal('amended-plan-issued'), on, placement: placement.nullable().default(null) }),
    z.object({ type: z.literal('appeal-lodged'), on }),
    z.object({
      type: z.literal('appeal-concluded'),
      on,
      outcome: choice(
        ['plan-maintained', 'cease-upheld', 'withdrawn'] as const,
        'Select how the appeal ended',
      ),
    }),
    z.object({ type: z.literal('plan-ceased'), on }),
  ],
  { error: 'type must be one of the steps of a review' },
);
export type ReviewStepInput = z.output<typeof reviewStepSchema>;

export function reviewEventBody(input: ReviewStepInput): ReviewEventBody {
  if (input.type === 'amendments-proposed') {
    const sections: Record<string, string> = {};
    for (const [code, text] of Object.entries(input.sections)) if (text) sections[code] = text;
    return { ...input, sections };
  }
  return input;
}

export const recordReviewStepSchema = z.object({
  /** The review's version the person read: a step recorded since is a conflict, not a silent overwrite. */
  version: z
    .number({ error: 'version must be the number of the version you read' })
    .int('version must be a whole number')
    .min(1, 'version must be 1 or more')
    .optional(),
  step: reviewStepSchema,
});
export type RecordReviewStepInput = z.output<typeof recordReviewStepSchema>;

export const transferOutSchema = z.object({
  toLaCode: z
    .string({ error: 'Select the LA the child has moved to' })
    .refine(
      (code) => englishLas.has(code),
      'Select the LA the child has moved to: an English LA code like 926',
    ),
  on: isoDateField('Enter the date of the transfer', 'The date of the transfer'),
});
export type TransferOutInput = z.output<typeof transferOutSchema>;
