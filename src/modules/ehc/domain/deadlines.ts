import {
  nextWorkingDayFrom,
  subtractWorkingDays,
  type WorkingDayCalendar,
  workingDaysBeginningWith,
} from '../../../platform/kernel/bank-holidays.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { addCalendarMonths, addDays, dayNumber } from '../../../platform/kernel/days.ts';
import { type Closure, qualifyingClosureAround, qualifyingClosureDays } from './term-dates.ts';

/**
 * The statutory clock of one EHC needs assessment (DESIGN §3.1; SEND Regulations 2014): from
 * the facts recorded so far, every deadline, when it falls, and whether it was met, missed or
 * excused by a reg 10(4) exception. Pure: the same facts, calendar and day give the same answer.
 */

export type ProcessKind = 'new' | 'reassessment' | 'transfer-in';

/** reg 10(4): (a) school closure, (b) early years closure, (c) exceptional personal circumstances, (d) absence from the area. */
export type ExceptionReason = 'a' | 'b' | 'c' | 'd';

export interface ExceptionFacts {
  reason: ExceptionReason;
  /** The closure, circumstances or absence, both days included. */
  from: IsoDate;
  to: IsoDate;
  evidence: string;
}

export interface AdviceFacts {
  id: string;
  /** Asked of the head teacher or principal of a school or post-16 institution (exception a). */
  fromSchool: boolean;
  /** Asked of an early years provider (exception b). */
  fromEarlyYears: boolean;
  sentOn: IsoDate;
  receivedOn: IsoDate | null;
}

export interface ConsultationFacts {
  id: string;
  sentOn: IsoDate;
  respondedOn: IsoDate | null;
}

export type AppealableDecisionKind = 'refuse-to-assess' | 'not-to-issue' | 'final-plan';

export interface AppealableDecisionFacts {
  id: string;
  kind: AppealableDecisionKind;
  noticeSentOn: IsoDate;
  mediationCertificateOn: IsoDate | null;
  appealLodgedOn: IsoDate | null;
}

/** A plan transferring in (reg 15): the LA it comes from, when that LA learnt of the move, and the move. */
export interface TransferFacts {
  previousLaCode: string;
  oldLaAwareOn: IsoDate;
  movedOn: IsoDate;
}

export interface RequestFacts {
  kind: ProcessKind;
  /** Day 0: the request received, the re-assessment notified, or (transfer in) this LA told of the move. */
  receivedOn: IsoDate;
  /** Transfer in only. */
  transfer: TransferFacts | null;
  /** When the LA last said it now expects to issue the final plan, once the statutory date could not be met. */
  expectedFinalOn: IsoDate | null;
  assessDecision: { on: IsoDate; outcome: 'assess' | 'refuse' } | null;
  advice: readonly AdviceFacts[];
  issueDecision: { on: IsoDate; outcome: 'issue' | 'not-issue' } | null;
  draftServedOn: IsoDate | null;
  commentsReceivedOn: IsoDate | null;
  consultations: readonly ConsultationFacts[];
  finalIssuedOn: IsoDate | null;
  /** Transfer in: the day the old LA transferred the plan, and the day the family was told. */
  transferredOn: IsoDate | null;
  familyToldOn: IsoDate | null;
  exceptions: readonly ExceptionFacts[];
  appealable: readonly AppealableDecisionFacts[];
}

/** A request with nothing yet done after it was received. */
export function requestFacts(
  kind: ProcessKind,
  receivedOn: IsoDate,
  transfer: TransferFacts | null = null,
): RequestFacts {
  return {
    kind,
    receivedOn,
    transfer,
    expectedFinalOn: null,
    assessDecision: null,
    advice: [],
    issueDecision: null,
    draftServedOn: null,
    commentsReceivedOn: null,
    consultations: [],
    finalIssuedOn: null,
    transferredOn: null,
    familyToldOn: null,
    exceptions: [],
    appealable: [],
  };
}

export interface EngineContext {
  today: IsoDate;
  calendar: WorkingDayCalendar;
  /** The LA's school closures from its term dates. */
  closures: readonly Closure[];
}

export type Step =
  | 'decide-whether-to-assess'
  | 'advice'
  | 'decide-not-to-issue'
  | 'draft-comments'
  | 'consultation'
  | 'final-plan'
  | 'plan-transferred'
  | 'family-told-of-transfer'
  | 'appeal-window';

/** Who must act by the date: the LA (or another body) owes it, or it is the family's window. */
export type Owner = 'la' | 'adviser' | 'setting' | 'previous-la' | 'family';

/** due/met/missed/excepted for obligations; open/used/closed for the family's windows. */
export type DeadlineStatus = 'due' | 'met' | 'missed' | 'excepted' | 'open' | 'used' | 'closed';

export interface Deadline {
  step: Step;
  /** The advice request, consultation or decision it belongs to. */
  subjectId: string | null;
  owner: Owner;
  startsOn: IsoDate;
  dueOn: IsoDate;
  doneOn: IsoDate | null;
  status: DeadlineStatus;
  /** Days past the due date: when done late, or until today while still outstanding. */
  daysLate: number | null;
  /** The exception excusing lateness, with its reason. */
  exception: ExceptionFacts | null;
  rule: string;
}

/**
 * The version of these rules that worked out what is stored about each request (its stage, next
 * due date, deadlines and Week20 flag). Raise it when a rule changes what would be stored: rows of
 * an older version are then worked out again.
 */
export const engineVersion = 2;

export const weeks = (n: number) => n * 7;
export const limits = {
  decideWhetherToAssess: weeks(6),
  advice: weeks(6),
  decideNotToIssue: weeks(16),
  finalPlan: weeks(20),
  reassessmentFinalPlan: weeks(14),
  /** reg 13(1): "at least 15 days, beginning with the day on which the draft plan was served". */
  draftCommentsLastDay: 14,
  /** Code of Practice 9.83: the school or college "should respond within 15 days". */
  consultation: 15,
  transferWorkingDays: 15,
  familyToldOfTransfer: weeks(6),
} as const;

/** Which exceptions may excuse each step's lateness (reg 5(4), 8(2), 10(4), 13(3), 27(3)). */
const excusable: Partial<Record<Step, readonly ExceptionReason[]>> = {
  'decide-whether-to-assess': ['a', 'b', 'c', 'd'],
  'decide-not-to-issue': ['a', 'b', 'c', 'd'],
  'final-plan': ['a', 'b', 'c', 'd'],
  advice: ['c', 'd'],
};

/**
 * Whether an exception record can excuse a step that ran from `start` to `due`: its period must
 * fall within that time; (d) needs 4 weeks' absence; (a) needs advice asked of a school in the
 * week-before window of an LA closure of 4 weeks or more; (b) the same for an early years
 * provider, whose closure is the record's own period.
 */
export function exceptionApplies(
  e: ExceptionFacts,
  start: IsoDate,
  due: IsoDate,
  facts: RequestFacts,
  closures: readonly Closure[],
): boolean {
  if (e.evidence.trim() === '' || e.to < e.from) return false;
  const overlaps = e.from <= due && e.to >= start;
  switch (e.reason) {
    case 'c':
      return overlaps;
    case 'd':
      return overlaps && dayNumber(e.to) - dayNumber(e.from) + 1 >= qualifyingClosureDays;
    case 'a':
      return facts.advice.some(
        (a) =>
          a.fromSchool &&
          a.sentOn >= start &&
          a.sentOn <= due &&
          qualifyingClosureAround(closures, a.sentOn) !== undefined,
      );
    case 'b':
      return (
        dayNumber(e.to) - dayNumber(e.from) + 1 >= qualifyingClosureDays &&
        facts.advice.some(
          (a) =>
            a.fromEarlyYears &&
            a.sentOn >= start &&
            a.sentOn <= due &&
            qualifyingClosureAround([e], a.sentOn) !== undefined,
        )
      );
  }
}

function judge(
  step: Step,
  subjectId: string | null,
  owner: Owner,
  startsOn: IsoDate,
  dueOn: IsoDate,
  doneOn: IsoDate | null,
  rule: string,
  facts: RequestFacts,
  ctx: EngineContext,
): Deadline {
  const late = doneOn ? doneOn > dueOn : ctx.today > dueOn;
  if (!late)
    return {
      step,
      subjectId,
      owner,
      startsOn,
      dueOn,
      doneOn,
      status: doneOn ? 'met' : 'due',
      daysLate: null,
      exception: null,
      rule,
    };
  const daysLate = dayNumber(doneOn ?? ctx.today) - dayNumber(dueOn);
  const reasons = excusable[step];
  const exception =
    (reasons &&
      facts.exceptions.find(
        (e) => reasons.includes(e.reason) && exceptionApplies(e, startsOn, dueOn, facts, ctx.closures),
      )) ??
    null;
  return {
    step,
    subjectId,
    owner,
    startsOn,
    dueOn,
    doneOn,
    status: exception ? 'excepted' : 'missed',
    daysLate,
    exception,
    rule,
  };
}

function familyWindow(
  step: Step,
  subjectId: string | null,
  startsOn: IsoDate,
  dueOn: IsoDate,
  doneOn: IsoDate | null,
  rule: string,
  today: IsoDate,
): Deadline {
  const status: DeadlineStatus = doneOn ? 'used' : today > dueOn ? 'closed' : 'open';
  const daysLate = doneOn && doneOn > dueOn ? dayNumber(doneOn) - dayNumber(dueOn) : null;
  return {
    step,
    subjectId,
    owner: 'family',
    startsOn,
    dueOn,
    doneOn,
    status,
    daysLate,
    exception: null,
    rule,
  };
}

/**
 * The last day to appeal to the Tribunal: 2 months after the decision notice, or 1 month after
 * a mediation certificate if later (HESC Rules r20(1)(c)). A time that would end between 25
 * December and 1 January, or in August, runs to the first working day after 1 January or
 * 31 August (r12(3)(a)); any other time that would end on a day that is not a working day runs
 * to the next working day (r12(2)).
 */
export function appealDeadline(d: AppealableDecisionFacts, calendar: WorkingDayCalendar): IsoDate {
  const afterNotice = addCalendarMonths(d.noticeSentOn, 2);
  // ISO dates compare as strings; Math.max would not.
  let end = afterNotice;
  if (d.mediationCertificateOn) {
    const afterCertificate = addCalendarMonths(d.mediationCertificateOn, 1);
    if (afterCertificate > end) end = afterCertificate;
  }
  const year = Number(end.slice(0, 4));
  const monthDay = end.slice(5);
  if (monthDay >= '12-25') return nextWorkingDayFrom(calendar, `${year + 1}-01-02`);
  if (monthDay === '01-01') return nextWorkingDayFrom(calendar, `${year}-01-02`);
  if (monthDay.startsWith('08')) return nextWorkingDayFrom(calendar, `${year}-09-01`);
  return nextWorkingDayFrom(calendar, end);
}

/**
 * When the old LA must transfer the plan (reg 15(2)): on the day of the move if it knew at least
 * 15 working days before it, otherwise within 15 working days beginning with the day it became
 * aware, that day counting when it is a working day.
 */
export function transferDeadline(t: TransferFacts, calendar: WorkingDayCalendar): IsoDate {
  const knewInGoodTime =
    t.oldLaAwareOn <= subtractWorkingDays(calendar, t.movedOn, limits.transferWorkingDays);
  return knewInGoodTime
    ? t.movedOn
    : workingDaysBeginningWith(calendar, t.oldLaAwareOn, limits.transferWorkingDays);
}

/** Every deadline of the request, in the order the steps come. */
export function deadlines(facts: RequestFacts, ctx: EngineContext): Deadline[] {
  const out: Deadline[] = [];
  const day0 = facts.receivedOn;
  const refused = facts.assessDecision?.outcome === 'refuse';

  if (facts.kind === 'transfer-in') {
    // A transfer recorded before the move was kept ran from the day this LA was told.
    const transfer = facts.transfer ?? { previousLaCode: '', oldLaAwareOn: day0, movedOn: day0 };
    const dueOn = transferDeadline(transfer, ctx.calendar);
    out.push(
      judge(
        'plan-transferred',
        null,
        'previous-la',
        transfer.oldLaAwareOn,
        dueOn,
        facts.transferredOn,
        dueOn === transfer.movedOn
          ? 'reg 15(2)(a): the old LA knew 15 working days ahead, so the plan transfers on the day of the move'
          : 'reg 15(2)(b): within 15 working days beginning with the day the old LA became aware of the move',
        facts,
        ctx,
      ),
    );
    if (facts.transferredOn)
      out.push(
        judge(
          'family-told-of-transfer',
          null,
          'la',
          facts.transferredOn,
          addDays(facts.transferredOn, limits.familyToldOfTransfer),
          facts.familyToldOn,
          'reg 15(4): tell the family within 6 weeks of the transfer',
          facts,
          ctx,
        ),
      );
  }

  if (facts.kind === 'new')
    out.push(
      judge(
        'decide-whether-to-assess',
        null,
        'la',
        day0,
        addDays(day0, limits.decideWhetherToAssess),
        facts.assessDecision?.on ?? null,
        'reg 5(1): decide whether to assess within 6 weeks of the request',
        facts,
        ctx,
      ),
    );

  if (!refused) {
    for (const a of facts.advice)
      out.push(
        judge(
          'advice',
          a.id,
          'adviser',
          a.sentOn,
          addDays(a.sentOn, limits.advice),
          a.receivedOn,
          'reg 8(1): advice within 6 weeks of the request for it',
          facts,
          ctx,
        ),
      );
    if (facts.kind === 'new' && facts.issueDecision?.outcome !== 'issue')
      out.push(
        judge(
          'decide-not-to-issue',
          null,
          'la',
          day0,
          addDays(day0, limits.decideNotToIssue),
          facts.issueDecision?.outcome === 'not-issue' ? facts.issueDecision.on : null,
          'reg 10(1): a decision not to issue a plan within 16 weeks of the request',
          facts,
          ctx,
        ),
      );
    if (facts.draftServedOn)
      out.push(
        familyWindow(
          'draft-comments',
          null,
          facts.draftServedOn,
          addDays(facts.draftServedOn, limits.draftCommentsLastDay),
          facts.commentsReceivedOn,
          'reg 13(1): at least 15 days for comments, beginning with the day the draft was served',
          ctx.today,
        ),
      );
    for (const c of facts.consultations)
      out.push(
        judge(
          'consultation',
          c.id,
          'setting',
          c.sentOn,
          addDays(c.sentOn, limits.consultation),
          c.respondedOn,
          'Code of Practice 9.83: the setting should respond within 15 days',
          facts,
          ctx,
        ),
      );
    const notIssuing = facts.issueDecision?.outcome === 'not-issue';
    if (facts.kind !== 'transfer-in' && !notIssuing) {
      const reassessment = facts.kind === 'reassessment';
      out.push(
        judge(
          'final-plan',
          null,
          'la',
          day0,
          finalPlanDue(facts),
          facts.finalIssuedOn,
          reassessment
            ? 'reg 27(2): final plan within 14 weeks of the re-assessment'
            : 'reg 13(2): final plan within 20 weeks of the request',
          facts,
          ctx,
        ),
      );
    }
  }

  for (const d of facts.appealable)
    out.push(
      familyWindow(
        'appeal-window',
        d.id,
        d.noticeSentOn,
        appealDeadline(d, ctx.calendar),
        d.appealLodgedOn,
        'HESC Rules r20: appeal within 2 months of the decision, or 1 month of a mediation certificate if later',
        ctx.today,
      ),
    );
  return out;
}

/** The statutory date for the final plan: 20 weeks from the request, 14 for a re-assessment (reg 13(2), 27(2)). */
export function finalPlanDue(facts: RequestFacts): IsoDate {
  return addDays(
    facts.receivedOn,
    facts.kind === 'reassessment' ? limits.reassessmentFinalPlan : limits.finalPlan,
  );
}

/**
 * SEN2's Week20 flag: the reg 10(4) exception, if any, that applies to the plan, whether or not
 * the plan was on time (the DfE's "excluding exceptions" figure leaves every flagged plan out).
 * It applies if it falls within the 20 (or 14) weeks, ending early when the plan was issued sooner.
 */
export function week20Exception(facts: RequestFacts, closures: readonly Closure[]): ExceptionFacts | null {
  if (facts.kind === 'transfer-in') return null;
  const due = finalPlanDue(facts);
  const end = facts.finalIssuedOn && facts.finalIssuedOn < due ? facts.finalIssuedOn : due;
  const reasons = excusable['final-plan'] ?? [];
  return (
    facts.exceptions.find(
      (e) => reasons.includes(e.reason) && exceptionApplies(e, facts.receivedOn, end, facts, closures),
    ) ?? null
  );
}

/** The first obligation still outstanding, soonest first: what a caseworker must do next. */
export function nextDue(list: readonly Deadline[]): Deadline | undefined {
  let best: Deadline | undefined;
  for (const d of list)
    if (
      d.doneOn === null &&
      d.owner !== 'family' &&
      (d.status === 'due' || d.status === 'missed' || d.status === 'excepted')
    )
      if (!best || d.dueOn < best.dueOn) best = d;
  return best;
}

/** The exceptions that could be recorded now for this request, each with why it is offered. */
export function exceptionsOffered(
  facts: RequestFacts,
  closures: readonly Closure[],
): { reason: ExceptionReason; basis: string }[] {
  const offered: { reason: ExceptionReason; basis: string }[] = [];
  for (const a of facts.advice) {
    const closure = a.fromSchool ? qualifyingClosureAround(closures, a.sentOn) : undefined;
    if (closure) {
      offered.push({
        reason: 'a',
        basis: `School advice asked on ${a.sentOn}, within a week of the closure from ${closure.from} to ${closure.to}`,
      });
      break;
    }
  }
  if (facts.advice.some((a) => a.fromEarlyYears))
    offered.push({ reason: 'b', basis: 'Advice asked of an early years provider' });
  offered.push(
    { reason: 'c', basis: 'Always available with evidence' },
    { reason: 'd', basis: 'Always available with evidence of 4 weeks’ absence' },
  );
  return offered;
}
