import { longDate } from '../../../platform/kernel/dates.ts';
import type { Deadline, ReviewDeadline, ReviewStage, ReviewStep, Stage, Step } from '../../ehc/index.ts';

/**
 * An EHC request's statutory dates as a family reads them: what happens, who does it, by when,
 * and whether it happened, in words rather than codes.
 */

const whatHappens: Record<Step, string> = {
  'decide-whether-to-assess': 'The LA decides whether to carry out an EHC needs assessment',
  advice: 'Advice is given for the assessment',
  'decide-not-to-issue': 'If the LA decides not to write an EHC plan, it tells you',
  'draft-comments': 'You send your comments on the draft plan, and the school or setting you would like',
  consultation: 'The school or setting the LA asked answers whether it can meet the needs',
  'final-plan': 'The final EHC plan is issued',
  'plan-transferred': 'The plan from your previous LA is taken on',
  'family-told-of-transfer': 'The LA tells you whether it will assess again after the move',
  'appeal-window': 'You can appeal to the First-tier Tribunal (SEND)',
};

const whoOwes: Record<Deadline['owner'], string> = {
  la: 'the LA',
  adviser: 'the person asked for advice',
  setting: 'the school or setting',
  'previous-la': 'your previous LA',
  family: 'you',
};

export interface FamilyDate {
  what: string;
  who: string;
  dueOn: string;
  /** The date's status in a sentence: "Due by 14 January 2027", "Done on 2 December 2026". */
  status: string;
  /** For a tag: done, late, open or due. */
  state: 'done' | 'late' | 'due' | 'open' | 'closed';
}

export function familyDate(d: Deadline, subject: string | null): FamilyDate {
  const what =
    d.step === 'advice' && subject ? `${subject} gives advice for the assessment` : whatHappens[d.step];
  return inWords(what, d);
}

const reviewWhatHappens: Record<ReviewStep, string> = {
  invite: 'The LA invites you to the review meeting, with at least 2 weeks’ notice',
  'advice-circulated':
    'The advice and information for the review are sent to you, 2 weeks before the meeting',
  meeting: 'The review meeting',
  report: 'The school or setting sends the review report, within 2 weeks of the meeting',
  decision:
    'The LA decides whether to keep the plan as it is, change it or stop it, within 4 weeks of the meeting',
  'review-due': 'The review ends with the LA’s decision, within 12 months of the plan or its last review',
  representations: 'You say what you think of the proposed changes, and the school or setting you would like',
  'amended-plan': 'The LA issues the changed (amended) plan, within 8 weeks of proposing the changes',
  'phase-transfer': 'The plan is changed to name the school or college for the next phase',
  'appeal-window': 'You can appeal to the First-tier Tribunal (SEND) against stopping the plan',
};

/** A review's date as a family reads it. */
export function reviewFamilyDate(d: ReviewDeadline): FamilyDate {
  return inWords(reviewWhatHappens[d.step], d);
}

type Dated = Pick<Deadline, 'owner' | 'dueOn' | 'doneOn' | 'status' | 'daysLate'> & {
  exception?: Deadline['exception'];
};

function inWords(what: string, d: Dated): FamilyDate {
  const due = longDate(d.dueOn);
  const done = d.doneOn ? longDate(d.doneOn) : null;
  const base = { what, who: whoOwes[d.owner], dueOn: d.dueOn };
  switch (d.status) {
    case 'met':
      return { ...base, status: `Done on ${done}, on time (due by ${due})`, state: 'done' };
    case 'excepted':
      return {
        ...base,
        status: done
          ? `Done on ${done}, after ${due}: the law allows more time here because of ${exceptionWords(d)}`
          : `Due by ${due}, but the law allows more time here because of ${exceptionWords(d)}`,
        state: done ? 'done' : 'due',
      };
    case 'missed':
      return done
        ? {
            ...base,
            status: `Done on ${done}, ${daysText(d.daysLate)} late (it was due by ${due})`,
            state: 'late',
          }
        : { ...base, status: `Late: it was due by ${due}, ${daysText(d.daysLate)} ago`, state: 'late' };
    case 'open':
      return { ...base, status: `Open until ${due}`, state: 'open' };
    case 'used':
      return { ...base, status: `Used on ${done ?? due}`, state: 'done' };
    case 'closed':
      return { ...base, status: `Closed on ${due}`, state: 'closed' };
    default:
      return d.daysLate
        ? { ...base, status: `Late: it was due by ${due}, ${daysText(d.daysLate)} ago`, state: 'late' }
        : { ...base, status: `Due by ${due}`, state: 'due' };
  }
}

const daysText = (n: number | null) => (n === 1 ? '1 day' : `${n ?? 0} days`);

function exceptionWords(d: Dated): string {
  switch (d.exception?.reason) {
    case 'a':
    case 'b':
      return 'a school or setting closure of 4 weeks or more';
    case 'c':
      return 'exceptional personal circumstances';
    case 'd':
      return 'an absence from the area of 4 weeks or more';
    default:
      return 'an exception';
  }
}

/** Where a request stands, in a sentence to the family. */
export const stageForFamily: Record<Stage, string> = {
  'deciding-whether-to-assess': 'The LA is deciding whether to carry out an EHC needs assessment',
  assessing: 'The LA is carrying out the EHC needs assessment and gathering advice',
  drafting: 'The LA has decided to write an EHC plan and is drafting it',
  issued: 'The final EHC plan has been issued',
  refused: 'The LA decided not to carry out an EHC needs assessment. You can appeal against this decision',
  'not-issued': 'The LA decided not to write an EHC plan. You can appeal against this decision',
  'awaiting-transfer': 'The LA is taking on the EHC plan from your previous LA',
  transferred: 'The EHC plan from your previous LA has been taken on',
  exported: 'The request moved to another LA with the child',
};

/** Where a review stands, in a sentence to the family. */
export const reviewStageForFamily: Record<ReviewStage, string> = {
  'not-started': 'The review of the plan has not started yet',
  invited: 'The review meeting is arranged',
  'meeting-held': 'The review meeting has been held, and the school or setting is writing the report',
  'report-received': 'The review report has arrived, and the LA will decide what happens to the plan',
  amending: 'The LA has decided to change (amend) the plan',
  ceasing: 'The LA has decided to stop (cease) the plan. You can appeal against this decision',
  complete: 'The review is complete',
  ceased: 'The plan has stopped (ceased)',
};

/** The LA's decision on a review, in words to the family. */
export const reviewOutcomeForFamily: Record<'maintain' | 'amend' | 'cease', string> = {
  maintain: 'keep the plan as it is',
  amend: 'change (amend) the plan',
  cease: 'stop (cease) the plan',
};
