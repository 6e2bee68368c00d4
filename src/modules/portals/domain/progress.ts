import { longDate } from '../../../platform/kernel/dates.ts';
import type { Deadline, Stage, Step } from '../../ehc/index.ts';

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

function exceptionWords(d: Deadline): string {
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
