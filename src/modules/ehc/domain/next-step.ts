import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { addDays } from '../../../platform/kernel/days.ts';
import { type Deadline, limits, type RequestFacts, type Step } from './deadlines.ts';
import type { EventBody } from './process.ts';
import { closedOn } from './summary.ts';

/**
 * The one thing to do next on a request, as an experienced coordinator reads it: the step to
 * record, the statutory date it works towards and how late it is. Advice, consultations and the
 * family's comments are waited for; the rest is the LA's to do.
 */
export interface NextStep {
  type: Exclude<EventBody['type'], 'request-received'>;
  /** The advice or consultation it is about. */
  subjectId: string | null;
  /** Waiting on someone else (an adviser, a setting, the family, the old LA) rather than doing. */
  waitingOn: 'adviser' | 'setting' | 'family' | 'previous-la' | null;
  /** The statutory deadline it works towards, if there is one. */
  deadline: Deadline | null;
  /** Until when the family may still comment on the draft, if that is what is waited for. */
  until: IsoDate | null;
}

const find = (list: readonly Deadline[], step: Step, subjectId: string | null = null) =>
  list.find((d) => d.step === step && (subjectId === null || d.subjectId === subjectId)) ?? null;

export function nextStep(f: RequestFacts, list: readonly Deadline[], today: IsoDate): NextStep | null {
  if (closedOn(f)) return null;
  const step = (
    type: NextStep['type'],
    deadline: Deadline | null,
    more: Partial<Omit<NextStep, 'type' | 'deadline'>> = {},
  ): NextStep => ({ type, deadline, subjectId: null, waitingOn: null, until: null, ...more });

  if (f.kind === 'transfer-in')
    return f.transferredOn
      ? step('family-told-of-transfer', find(list, 'family-told-of-transfer'))
      : step('plan-transferred', find(list, 'plan-transferred'), { waitingOn: 'previous-la' });
  if (f.kind === 'new' && !f.assessDecision)
    return step('assessment-decided', find(list, 'decide-whether-to-assess'));

  const final = find(list, 'final-plan');
  if (!f.issueDecision) {
    const decision = find(list, 'decide-not-to-issue') ?? final;
    if (!f.advice.length) return step('advice-requested', decision);
    const waiting = f.advice
      .filter((a) => !a.receivedOn)
      .map((a) => find(list, 'advice', a.id))
      .filter((d): d is Deadline => d !== null)
      .sort((a, b) => (a.dueOn < b.dueOn ? -1 : 1))[0];
    if (waiting)
      return step('advice-received', waiting, { subjectId: waiting.subjectId, waitingOn: 'adviser' });
    return step('issue-decided', decision);
  }
  if (!f.draftServedOn) return step('draft-served', final);
  const answer = f.consultations
    .filter((c) => !c.respondedOn)
    .map((c) => find(list, 'consultation', c.id))
    .filter((d): d is Deadline => d !== null)
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : 1))[0];
  if (answer)
    return step('consultation-answered', answer, { subjectId: answer.subjectId, waitingOn: 'setting' });
  const commentsUntil = addDays(f.draftServedOn, limits.draftCommentsLastDay);
  if (!f.commentsReceivedOn && today <= commentsUntil)
    return step('comments-received', final, { waitingOn: 'family', until: commentsUntil });
  if (!f.consultations.length) return step('setting-consulted', final);
  return step('final-issued', final);
}
