import type { IsoDate } from '../../../platform/kernel/dates.ts';

/**
 * Consultations and surveys: open from their first day to their last (London days, inclusive);
 * questions answered in words, by choosing one option, or on a five-point scale of agreement.
 */

export type QuestionKind = 'text' | 'choice' | 'agree';

export interface Question {
  id: string;
  position: number;
  kind: QuestionKind;
  prompt: string;
  options: string[];
  required: boolean;
}

export const agreeScale = [
  'Strongly agree',
  'Agree',
  'Neither agree nor disagree',
  'Disagree',
  'Strongly disagree',
] as const;

export type ConsultationState = 'draft' | 'upcoming' | 'open' | 'closed';

export function consultationState(
  c: { status: 'draft' | 'published'; opensOn: IsoDate; closesOn: IsoDate },
  today: IsoDate,
): ConsultationState {
  if (c.status === 'draft') return 'draft';
  if (today < c.opensOn) return 'upcoming';
  return today > c.closesOn ? 'closed' : 'open';
}

export const maxAnswerLength = 5000;

export type Answers = Record<string, string>;

/**
 * The answers a form sent (field `q-{id}` for each question), checked against the questions: what
 * is kept, and what is wrong with the rest, by field. Answers to no question are dropped.
 */
export function checkAnswers(
  questions: readonly Question[],
  sent: Record<string, unknown>,
): { answers: Answers; errors: { field: string; message: string }[] } {
  const answers: Answers = {};
  const errors: { field: string; message: string }[] = [];
  for (const q of questions) {
    const field = `q-${q.id}`;
    const raw = sent[field];
    const value = typeof raw === 'string' ? raw.trim() : '';
    const n = `question ${q.position}`;
    if (raw !== undefined && typeof raw !== 'string') {
      errors.push({ field, message: `Give one answer to ${n}` });
      continue;
    }
    if (value === '') {
      if (q.required)
        errors.push({ field, message: q.kind === 'text' ? `Answer ${n}` : `Choose an answer to ${n}` });
      continue;
    }
    if (q.kind === 'text' && value.length > maxAnswerLength)
      errors.push({ field, message: `Your answer to ${n} must be 5,000 characters or fewer` });
    else if (q.kind === 'choice' && !q.options.includes(value))
      errors.push({ field, message: `Choose one of the answers given to ${n}` });
    else if (q.kind === 'agree' && !(agreeScale as readonly string[]).includes(value))
      errors.push({ field, message: `Choose how far you agree, for ${n}` });
    else answers[q.id] = value;
  }
  return { answers, errors };
}

export interface Tally {
  question: Question;
  /** For a choice or a scale: each answer in its order, and how many gave it. */
  counts: { answer: string; n: number }[];
  answered: number;
}

export function tallyAnswers(
  questions: readonly Question[],
  responses: readonly { answers: Answers }[],
): Tally[] {
  return questions.map((q) => {
    const given = responses
      .map((r) => r.answers[q.id])
      .filter((a): a is string => a !== undefined && a !== '');
    const order = q.kind === 'choice' ? q.options : q.kind === 'agree' ? [...agreeScale] : [];
    return {
      question: q,
      counts: order.map((answer) => ({ answer, n: given.filter((g) => g === answer).length })),
      answered: given.length,
    };
  });
}
