import { z } from 'zod';
import { englishLas } from '../../../platform/kernel/english-las.ts';
import { isoDateField, requiredText, yesNo } from '../../../platform/kernel/fields.ts';
import type { EventBody } from './process.ts';
import {
  adviceKinds,
  appealableDecisions,
  exceptionReasons,
  processKinds,
  provisions,
  requestSources,
} from './vocabulary.ts';

/**
 * What a person sends to open a request or record a step, from the API or a page. The shape is
 * checked here; whether the step may follow the ones before it is the process rules' job, so
 * those refusals name the rule rather than a missing field.
 */

const on = isoDateField('Enter the date', 'The date');
const uuid = (what: string) => z.uuid(`${what} must be an ID (a UUID)`);
const reasons = z
  .string({ error: 'reasons must be text' })
  .trim()
  .max(5000, 'Reasons must be 5000 characters or fewer')
  .default('');
const choice = <T extends readonly [string, ...string[]]>(values: T, missing: string) =>
  z.enum(values, { error: missing });

const transfer = z.object(
  {
    previousLaCode: z
      .string({ error: 'Select the LA the plan is transferring from' })
      .refine(
        (code) => englishLas.has(code),
        'Select the LA the plan is transferring from: an English LA code like 926',
      ),
    oldLaAwareOn: isoDateField(
      'Enter the day the old LA became aware of the move',
      'The day the old LA became aware',
    ),
    movedOn: isoDateField('Enter the day of the move', 'The day of the move'),
  },
  { error: 'transfer must give previousLaCode, oldLaAwareOn and movedOn' },
);

export const newRequestSchema = z.object({
  childId: uuid('childId'),
  kind: choice(processKinds, 'Select what kind of request this is').default('new'),
  receivedOn: isoDateField('Enter the date the request was received', 'The date received'),
  source: choice(requestSources, 'Select who made the request'),
  requestedBy: requiredText('Enter the name of the person who asked', 'The name', 200),
  consent: yesNo('Say whether the parent or young person consents'),
  coordinatorId: uuid('coordinatorId').nullable().optional(),
  /** A transfer in: the LA the plan comes from, when it became aware of the move, and the move. */
  transfer: transfer.nullable().default(null),
});
export type NewRequestInput = z.output<typeof newRequestSchema>;

const placement = z.object({
  establishmentId: uuid('establishmentId').nullable().default(null),
  settingName: z
    .string({ error: 'Enter the setting' })
    .trim()
    .max(200, 'The setting must be 200 characters or fewer'),
  provision: choice(provisions, 'Select the type of provision'),
  startOn: isoDateField('Enter the day the placement starts', 'The day the placement starts')
    .nullable()
    .default(null),
});

/** When the LA now expects to issue the final plan, needed once the statutory date can no longer be met. */
const expectedFinalOn = isoDateField(
  'Enter when you now expect to issue the final plan',
  'The expected date of the final plan',
)
  .nullable()
  .default(null);

/** A step as sent: IDs of advice requests and consultations are given by the service when first recorded. */
export const eventInputSchema = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('assessment-decided'),
      on,
      outcome: choice(['assess', 'refuse'] as const, 'Select the decision'),
      reasons,
      expectedFinalOn,
    }),
    z.object({
      type: z.literal('advice-requested'),
      on,
      kind: choice(adviceKinds, 'Select the kind of advice'),
      adviser: requiredText('Enter who the advice was asked of', 'The adviser', 200),
      fromSchool: yesNo('Say whether the advice was asked of a school').default(false),
      fromEarlyYears: yesNo('Say whether the advice was asked of an early years provider').default(false),
    }),
    z.object({ type: z.literal('advice-received'), on, adviceId: uuid('adviceId') }),
    z.object({
      type: z.literal('issue-decided'),
      on,
      outcome: choice(['issue', 'not-issue'] as const, 'Select the decision'),
      reasons,
      expectedFinalOn,
    }),
    z.object({ type: z.literal('draft-served'), on, expectedFinalOn }),
    z.object({
      type: z.literal('comments-received'),
      on,
      preferredSetting: z
        .string()
        .trim()
        .max(200, 'The preferred setting must be 200 characters or fewer')
        .default(''),
    }),
    z.object({
      type: z.literal('setting-consulted'),
      on,
      settingName: z
        .string({ error: 'Enter the setting consulted' })
        .trim()
        .max(200, 'The setting must be 200 characters or fewer'),
    }),
    z.object({
      type: z.literal('consultation-answered'),
      on,
      consultationId: uuid('consultationId'),
      outcome: choice(['can-meet-needs', 'cannot-meet-needs'] as const, 'Select the setting’s answer'),
    }),
    z.object({ type: z.literal('final-issued'), on, placement: placement.nullable().default(null) }),
    z.object({
      type: z.literal('plan-transferred'),
      on,
      planIssuedOn: isoDateField('Enter the date the old LA issued the plan', 'The date the plan was issued'),
      lastReviewedOn: isoDateField('Enter the date of the last review', 'The date of the last review')
        .nullable()
        .default(null),
      placement: placement.nullable().default(null),
    }),
    z.object({ type: z.literal('family-told-of-transfer'), on }),
    z.object({
      type: z.literal('exception-recorded'),
      reason: choice(exceptionReasons, 'Select which exception applies'),
      from: isoDateField('Enter the first day the exception applies', 'The first day'),
      to: isoDateField('Enter the last day the exception applies', 'The last day'),
      evidence: z
        .string({ error: 'evidence must be text' })
        .trim()
        .max(2000, 'The evidence must be 2000 characters or fewer')
        .default(''),
    }),
    z.object({
      type: z.literal('mediation-certificate'),
      on,
      decision: choice(appealableDecisions, 'Select the decision mediated'),
    }),
    z.object({
      type: z.literal('appeal-lodged'),
      on,
      decision: choice(appealableDecisions, 'Select the decision appealed'),
    }),
  ],
  { error: 'type must be one of the steps of the process' },
);
export type EventInput = z.output<typeof eventInputSchema>;

export const recordEventSchema = z.object({
  /** The request's version the person read; a step recorded since is a conflict, not a silent overwrite. */
  version: z
    .number({ error: 'version must be the number of the version you read' })
    .int('version must be a whole number')
    .min(1, 'version must be 1 or more')
    .optional(),
  corrects: uuid('corrects').nullable().default(null),
  event: eventInputSchema,
});
export type RecordEventInput = z.output<typeof recordEventSchema>;

/** The step as the process rules know it, with the IDs an advice request or consultation is known by. */
export function eventBody(input: EventInput, newId: () => string, corrected?: EventBody): EventBody {
  switch (input.type) {
    case 'advice-requested':
      return {
        ...input,
        adviceId: corrected?.type === 'advice-requested' ? corrected.adviceId : newId(),
      };
    case 'setting-consulted':
      return {
        ...input,
        consultationId: corrected?.type === 'setting-consulted' ? corrected.consultationId : newId(),
      };
    case 'exception-recorded':
      return {
        type: input.type,
        exception: { reason: input.reason, from: input.from, to: input.to, evidence: input.evidence },
      };
    default:
      return input;
  }
}
