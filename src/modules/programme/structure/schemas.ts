import { z } from 'zod';
import { isRealIsoDate } from '../../../platform/kernel/dates.ts';
import { projectStatuses, rags } from '../domain/structure.ts';

/** A project and a dependency as the API and the forms give them. */

const day = (label: string) =>
  z
    .string({ error: `Enter the ${label} as a date` })
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealIsoDate(v), `The ${label} must be a real date`);

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(max, `The ${label} must be ${max.toLocaleString('en-GB')} characters or fewer`);

export const projectSchema = z.object({
  workstreamId: z.uuid('Choose the workstream the project is in'),
  name: text('project’s name', 200),
  purpose: z.string().trim().max(2000, 'The purpose must be 2,000 characters or fewer').nullable().optional(),
  leadName: text('name of the project’s lead', 100),
  status: z.enum(projectStatuses, { error: 'Choose the project’s status' }),
  priority: z
    .number({ error: 'Enter the priority as a whole number from 1 (highest) to 5' })
    .int('Enter the priority as a whole number from 1 (highest) to 5')
    .min(1, 'Enter the priority as a whole number from 1 (highest) to 5')
    .max(5, 'Enter the priority as a whole number from 1 (highest) to 5'),
  rag: z.enum(rags, { error: 'Choose red, amber or green' }),
  ragReason: text('reason for its red, amber or green rating', 1000),
  plannedStart: day('planned start'),
  plannedEnd: day('planned end'),
  actualStart: day('actual start').nullable().optional(),
  actualEnd: day('actual end').nullable().optional(),
});
export type ProjectInput = z.output<typeof projectSchema>;

export const projectChangeSchema = projectSchema.extend({
  version: z.number({ error: 'Give the version you read' }).int('Give the version you read'),
});

export const dependencySchema = z.object({
  beforeId: z.uuid('Choose the project that must finish first'),
  afterId: z.uuid('Choose the project that waits for it'),
});
