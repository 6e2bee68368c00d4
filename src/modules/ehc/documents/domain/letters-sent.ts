import { z } from 'zod';
import { type IsoDate, longDate } from '../../../../platform/kernel/dates.ts';
import { isoDateField } from '../../../../platform/kernel/fields.ts';
import type { RequestFacts } from '../../domain/deadlines.ts';
import type { Refusal } from '../../domain/process.ts';
import { type DocumentKind, documentKinds, documentLabels, letterDateOf } from './documents.ts';
import { reviewLetterLabels } from './review-letters.ts';

/**
 * Sending a letter, as a step: how it went, and on what day. What was sent is kept as it was, so
 * these rules only decide whether the sending may be recorded.
 */

export const letterMethods = ['post', 'email', 'portal'] as const;
export type LetterMethod = (typeof letterMethods)[number];

export const letterMethodLabels: Record<LetterMethod, string> = {
  post: 'Post',
  email: 'Email',
  portal: 'Family portal',
};

/** How the method reads in a sentence: "sent by post". */
export const letterMethodPhrases: Record<LetterMethod, string> = {
  post: 'by post',
  email: 'by email',
  portal: 'through the family portal',
};

/** A kind of letter as the table keeps it; kinds from annual reviews are added without a migration. */
export const letterKindPattern = /^[a-z][a-z0-9-]{0,63}$/;

const methodField = z.enum(letterMethods, {
  error: 'Select how the letter was sent: post, email or portal',
});
const sentOnField = isoDateField('Enter the date the letter was sent', 'The date sent');

/** What the API is sent to record a letter of a request as sent; a page names the kind in its path. */
export const sendLetterSchema = z.object({
  kind: z.enum(documentKinds, { error: `kind must be one of ${documentKinds.join(', ')}` }),
  method: methodField,
  sentOn: sentOnField,
});
export type SendLetterInput = z.output<typeof sendLetterSchema>;

/** The page's form: the kind is the page's own. */
export const sendLetterFormSchema = sendLetterSchema.omit({ kind: true });

/**
 * The first day a document can have been sent: the day of the step a letter records, or for the
 * plan, the day it reached the stage it is now at (it is the final plan once issued, so it cannot
 * have been sent as it now reads before then).
 */
export function earliestSendOn(kind: DocumentKind, f: RequestFacts): IsoDate {
  return (
    letterDateOf(kind, f) ??
    f.finalIssuedOn ??
    f.transferredOn ??
    f.draftServedOn ??
    f.issueDecision?.on ??
    f.receivedOn
  );
}

/** Whether a letter can have been sent on `sentOn`: not in the future, and not before the step it records. */
export function sentOnProblem(
  kind: DocumentKind,
  f: RequestFacts,
  sentOn: IsoDate,
  today: IsoDate,
): Refusal | null {
  if (sentOn > today)
    return {
      field: 'sentOn',
      message: `The date sent cannot be in the future: enter today, ${longDate(today)}, or an earlier date`,
    };
  const earliest = earliestSendOn(kind, f);
  if (sentOn < earliest)
    return {
      field: 'sentOn',
      message:
        kind === 'plan'
          ? `The date sent cannot be before ${longDate(earliest)}: the plan as it now reads dates from then`
          : `The date sent cannot be before ${longDate(earliest)}, the date of the step the letter records`,
    };
  return null;
}

/** What a kind of letter is called, including kinds this version does not know. */
export function letterLabel(kind: string): string {
  const words = kind.replaceAll('-', ' ');
  const labels: Record<string, string> = { ...documentLabels, ...reviewLetterLabels };
  return labels[kind] ?? words.charAt(0).toUpperCase() + words.slice(1);
}

/** The line over a reprinted letter: "This is the letter as sent by post on 3 December 2026 by Sam Jones". */
export function sentAsLine(letter: {
  kind: string;
  method: LetterMethod;
  sentOn: IsoDate;
  sentBy: string | null;
}): string {
  return `This is the ${letter.kind === 'plan' ? 'plan' : 'letter'} as sent ${letterMethodPhrases[letter.method]} on ${longDate(letter.sentOn)}${letter.sentBy ? ` by ${letter.sentBy}` : ''}`;
}
