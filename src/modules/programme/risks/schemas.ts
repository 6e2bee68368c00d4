import { z } from 'zod';
import { isRealIsoDate } from '../../../platform/kernel/dates.ts';

/** A risk or issue as the API and the form give it. */

const score = (what: string) =>
  z
    .number({ error: `Choose the ${what} from 1 (very low) to 5 (very high)` })
    .int(`Choose the ${what} from 1 (very low) to 5 (very high)`)
    .min(1, `Choose the ${what} from 1 (very low) to 5 (very high)`)
    .max(5, `Choose the ${what} from 1 (very low) to 5 (very high)`);

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(
      max,
      `${label[0]?.toUpperCase()}${label.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`,
    );

export const riskSchema = z.object({
  kind: z.enum(['risk', 'issue'], { error: 'Choose whether it is a risk or an issue' }),
  projectId: z.uuid('Choose a project of this programme, or none').nullable().optional(),
  title: text('what the risk or issue is', 200),
  description: z
    .string()
    .trim()
    .max(2000, 'The description must be 2,000 characters or fewer')
    .nullable()
    .optional(),
  likelihood: score('likelihood'),
  impact: score('impact'),
  ownerName: text('who owns it', 100),
  mitigation: text('what is being done about it', 2000),
  reviewOn: z
    .string({ error: 'Enter the date it is next reviewed' })
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealIsoDate(v), 'The review date must be a real date'),
  escalated: z.boolean().default(false).describe('Escalated to the programme board'),
  status: z.enum(['open', 'closed'], { error: 'Choose open or closed' }).default('open'),
});
export type RiskInput = z.output<typeof riskSchema>;

export const riskChangeSchema = riskSchema.extend({
  version: z.number({ error: 'Give the version you read' }).int('Give the version you read'),
});
