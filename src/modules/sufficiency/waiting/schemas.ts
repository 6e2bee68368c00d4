import { z } from 'zod';
import { isRealIsoDate } from '../../../platform/kernel/dates.ts';
import { senTypes } from '../../../platform/kernel/sen2.ts';

/** A child added to the waiting list for a specialist place, and a wait ended. */

const day = (label: string) =>
  z
    .string({
      error: (i) => (i.input === undefined ? `Enter the ${label.toLowerCase()}` : `${label} must be a date`),
    })
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealIsoDate(v), `${label} must be a real date`);

export const waitProvisions = ['special_school', 'resourced_provision', 'sen_unit', 'any'] as const;
export const waitPhases = ['early_years', 'primary', 'secondary', 'post_16'] as const;

export const newWaitSchema = z.object({
  upn: z
    .string({ error: 'Enter the child’s UPN' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z][0-9]{11}[0-9A-Z]$/, 'Enter the child’s UPN as 13 characters, like A123456789012'),
  provision: z.enum(waitProvisions, { error: 'Choose the provision the child needs' }),
  senType: z.enum(senTypes, { error: 'Choose the type of need the place is for' }),
  phase: z.enum(waitPhases, { error: 'Choose the phase' }),
  waitingSince: day('Waiting since'),
  neededFrom: day('Needed from'),
  note: z
    .string({ error: 'Note must be text' })
    .trim()
    .max(1000, 'Note must be 1,000 characters or fewer')
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
});
export type NewWait = z.output<typeof newWaitSchema>;

export const endWaitSchema = z.object({
  outcome: z.enum(['placed', 'withdrawn'], {
    error: 'Choose whether the child was placed or no longer needs the place',
  }),
  endedOn: day('The date it ended'),
  version: z.number({ error: 'Give the version you read' }).int().min(1),
});
export type EndWait = z.output<typeof endWaitSchema>;
