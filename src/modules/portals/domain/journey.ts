import { z } from 'zod';

/**
 * The single point of access's questions, one thing per page, and what makes a request complete.
 * A parent or carer asks about a child linked to their account; a young person about themselves;
 * a school about a pupil, with the parent's (or young person's) agreement recorded.
 */

export type MadeAs = 'parent' | 'young-person' | 'school';
export type RequestKind = 'assessment' | 'help';

export const kindLabels: Record<RequestKind, string> = {
  assessment: 'An education, health and care (EHC) needs assessment',
  help: 'Help or advice about special educational needs (SEN Support or another service)',
};

export const madeAsLabels: Record<MadeAs, string> = {
  parent: 'Parent or carer',
  'young-person': 'Young person',
  school: 'School or college',
};

export interface Answers {
  needs?: string;
  supportNow?: string;
  views?: string;
  /** A school's record of the family's agreement to its request. */
  consent?: { by: string; on: string };
}

export type StepName = 'what' | 'needs' | 'views' | 'consent' | 'files';

/** The pages a request goes through, in order, for who is making it. */
export function stepsFor(madeAs: MadeAs): StepName[] {
  return madeAs === 'school'
    ? ['what', 'needs', 'views', 'consent', 'files']
    : ['what', 'needs', 'views', 'files'];
}

const text = (name: string, max: number) =>
  z
    .string({ error: `Enter ${name}` })
    .trim()
    .min(1, `Enter ${name}`)
    .max(
      max,
      `${name[0]?.toUpperCase()}${name.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`,
    );
const optionalText = (name: string, max: number) =>
  z
    .string()
    .trim()
    .max(
      max,
      `${name[0]?.toUpperCase()}${name.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`,
    )
    .optional()
    .transform((v) => v || undefined);

export const whatSchema = z.object({
  kind: z.enum(['assessment', 'help'], { error: 'Choose what you are asking for' }),
});

export const needsSchema = z.object({
  needs: text('what the child or young person finds hard', 5000),
  supportNow: optionalText('the help they get now', 5000),
});

export const viewsSchema = z.object({
  views: text('what matters to them and what you would like to happen', 5000),
});

/** Today is passed in: agreement cannot be recorded as given on a day still to come. */
export const consentSchema = (today: string) =>
  z.object({
    agreed: z.literal('yes', {
      error:
        'A school asks for an assessment or for help with the family’s agreement: talk to the parent (or the young person) first, then come back',
    }),
    by: text('the name of the person who agreed', 200),
    on: z
      .string({ error: 'Enter the date they agreed' })
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date they agreed')
      .refine((v) => v <= today, 'The date they agreed must be today or in the past'),
  });

export interface Missing {
  step: StepName;
  field: string;
  message: string;
}

/** What a draft still needs before it can be sent, each naming the page that asks it. */
export function missingAnswers(madeAs: MadeAs, kind: RequestKind | null, a: Answers): Missing[] {
  const missing: Missing[] = [];
  if (!kind) missing.push({ step: 'what', field: 'kind', message: 'Choose what you are asking for' });
  if (!a.needs) missing.push({ step: 'needs', field: 'needs', message: 'Tell us what they find hard' });
  if (!a.views)
    missing.push({
      step: 'views',
      field: 'views',
      message: 'Tell us what matters to them and what you would like to happen',
    });
  if (madeAs === 'school' && !a.consent)
    missing.push({
      step: 'consent',
      field: 'agreed',
      message: 'Record the family’s agreement to this request',
    });
  return missing;
}

const referenceLetters = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A reference people can read out: R and seven letters or digits, without I or O to mistake. */
export function referenceFrom(random: Uint8Array): string {
  if (random.length < 7) throw new Error('a reference needs seven random bytes');
  return `R${[...random.subarray(0, 7)].map((b) => referenceLetters[b % referenceLetters.length]).join('')}`;
}
