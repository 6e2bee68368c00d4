import { type Block, blocksOf, type DocumentModel } from '../../../../platform/documents/model.ts';
import { type IsoDate, longDate } from '../../../../platform/kernel/dates.ts';
import { addDays } from '../../../../platform/kernel/days.ts';
import { phaseToLabels } from '../../reviews/domain/due-dates.ts';
import { ceaseReasons, type ReviewFacts, reviewLimits } from '../../reviews/domain/process.ts';
import { type LetterBase, letter, rightsOfAppeal, their, them, toYoungPerson } from './documents.ts';
import { type SectionCode, sectionTitles } from './plan-sections.ts';

/**
 * The letters a review sends, as document models: the LA's decision after the review meeting
 * (reg 20(10), with appeal rights where the law gives them), the proposed amendments with at
 * least 15 days for representations (reg 22(2)), and the amended plan (reg 22(3)).
 */

export const reviewLetterKinds = ['review-decision', 'proposed-amendments', 'amended-plan-notice'] as const;
export type ReviewLetterKind = (typeof reviewLetterKinds)[number];

export const reviewLetterLabels: Record<ReviewLetterKind, string> = {
  'review-decision': 'Letter: decision after the review',
  'proposed-amendments': 'Letter: proposed amendments to the plan',
  'amended-plan-notice': 'Letter: the amended plan',
};

export interface ReviewLetterFacts extends LetterBase {
  review: ReviewFacts;
  /** The plan's next review due date once this one is decided. */
  nextReviewDue: IsoDate | null;
  settingName: string | null;
}

/** Which letters a review has so far: each follows the step it records. */
export function reviewLettersAvailable(f: ReviewFacts): ReviewLetterKind[] {
  const out: ReviewLetterKind[] = [];
  if (f.decision) out.push('review-decision');
  if (f.proposed) out.push('proposed-amendments');
  if (f.amended) out.push('amended-plan-notice');
  return out;
}

/** The day a review letter is dated: the day of the step it records. */
export function reviewLetterDateOf(kind: ReviewLetterKind, f: ReviewFacts): IsoDate | null {
  switch (kind) {
    case 'review-decision':
      return f.decision?.on ?? null;
    case 'proposed-amendments':
      return f.proposed?.on ?? null;
    case 'amended-plan-notice':
      return f.amended?.on ?? null;
  }
}

export function buildReviewLetter(kind: ReviewLetterKind, d: ReviewLetterFacts): DocumentModel | null {
  if (!reviewLettersAvailable(d.review).includes(kind)) return null;
  switch (kind) {
    case 'review-decision':
      return decisionLetter(d);
    case 'proposed-amendments':
      return proposedAmendments(d);
    case 'amended-plan-notice':
      return amendedPlan(d);
  }
}

const p = (text: string): Block => ({ kind: 'paragraph', text });
const h = (text: string): Block => ({ kind: 'heading', text });

function meetingLine(d: ReviewLetterFacts): Block[] {
  const f = d.review;
  return f.heldOn
    ? [
        p(
          `Thank you for taking part in the review of ${their(d)} education, health and care (EHC) plan at the meeting on ${longDate(f.heldOn)}.`,
        ),
      ]
    : [];
}

function decisionLetter(d: ReviewLetterFacts): DocumentModel | null {
  const f = d.review;
  const decision = f.decision;
  if (!decision) return null;
  const reasons = decision.reasons.trim() ? blocksOf(decision.reasons) : [];
  const phase = f.subject.phaseTransfer;
  switch (decision.outcome) {
    case 'maintain':
      return letter(d, 'We will keep the education, health and care plan as it is', decision.on, [
        ...meetingLine(d),
        p(`We have decided to keep ${their(d)} EHC plan as it is, without changes.`),
        ...reasons,
        ...(d.nextReviewDue
          ? [p(`The next review of the plan will be by ${longDate(d.nextReviewDue)}.`)]
          : []),
        ...rightsOfAppeal(d, 'final-plan', decision.on),
      ]);
    case 'amend':
      return letter(d, 'We will amend the education, health and care plan', decision.on, [
        ...meetingLine(d),
        p(`We have decided to amend ${their(d)} EHC plan.`),
        ...reasons,
        h('What happens next'),
        p(
          'We will send you the changes we propose, with the evidence for them. You will have at least 15 days to comment, to ask to meet us, and to ask for a particular school, college or other setting to be named.',
        ),
        ...(phase
          ? [
              p(
                `${toYoungPerson(d) ? 'You are' : `${d.child.forename} is`} moving on (${phaseToLabels[phase.to].toLowerCase()}) in September. The law says the amended plan, naming the ${phase.to === 'post-16' ? 'college or other setting' : 'school or other setting'}, must be issued before ${longDate(phase.deadline)}.`,
              ),
            ]
          : []),
        ...(d.nextReviewDue
          ? [p(`The next review of the plan will be by ${longDate(d.nextReviewDue)}.`)]
          : []),
      ]);
    case 'cease': {
      const reason = decision.ceaseReason ? ceaseReasons[decision.ceaseReason] : null;
      return letter(d, 'We intend to stop maintaining the education, health and care plan', decision.on, [
        ...meetingLine(d),
        p(
          `We have decided to cease ${their(d)} EHC plan.${reason ? ` The reason is: ${reason.toLowerCase()}.` : ''}`,
        ),
        h('Why we made this decision'),
        ...reasons,
        h('What happens to the plan now'),
        p(
          `We will go on maintaining the plan until the time to appeal has passed, or until any appeal has been decided. We will not stop the support it describes before then.`,
        ),
        ...rightsOfAppeal(d, 'final-plan', decision.on),
      ]);
    }
  }
}

function proposedAmendments(d: ReviewLetterFacts): DocumentModel | null {
  const proposed = d.review.proposed;
  if (!proposed) return null;
  const lastDay = addDays(proposed.on, reviewLimits.representationsLastDay);
  const amendedBy = addDays(proposed.on, reviewLimits.amendedPlan);
  const phase = d.review.subject.phaseTransfer;
  const sections: Block[] = Object.entries(proposed.sections).flatMap(([code, text]) => [
    { kind: 'subheading', text: sectionTitles[code as SectionCode] ?? `Section ${code}` } as Block,
    ...blocksOf(text),
  ]);
  return letter(d, 'Proposed amendments to the education, health and care plan', proposed.on, [
    p(
      `Following the review of the EHC plan for ${them(d)}, we propose to amend the plan. With this letter are the current plan and the changes we propose, with the evidence for them.`,
    ),
    h('The changes we propose'),
    ...sections,
    h('Telling us what you think'),
    p(
      `You have until ${longDate(lastDay)} to comment on the proposed changes, to ask to meet us to talk about them, and to ask for a particular school, college or other setting to be named in the plan.`,
    ),
    p(
      phase
        ? `We will send you the amended plan before ${longDate(phase.deadline)}, as the law requires before ${toYoungPerson(d) ? 'you move' : `${d.child.forename} moves`} on in September, and in any case by ${longDate(amendedBy)}.`
        : `We will send you the amended plan by ${longDate(amendedBy)}, within 8 weeks of this letter.`,
    ),
  ]);
}

function amendedPlan(d: ReviewLetterFacts): DocumentModel | null {
  const amended = d.review.amended;
  if (!amended) return null;
  return letter(d, 'The amended education, health and care plan', amended.on, [
    p(
      `We enclose the amended EHC plan for ${them(d)}, following the review and the changes we proposed.${d.settingName ? ` Section I names ${d.settingName}.` : ''}`,
    ),
    ...(d.nextReviewDue ? [p(`The next review of the plan will be by ${longDate(d.nextReviewDue)}.`)] : []),
    ...rightsOfAppeal(d, 'final-plan', amended.on),
  ]);
}
