import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { addDays } from '../../../platform/kernel/days.ts';
import type { AppealableDecisionKind, ExceptionFacts, ProcessKind, RequestFacts } from './deadlines.ts';
import { finalPlanDue, limits, requestFacts } from './deadlines.ts';
import { adviceKindLabels } from './vocabulary.ts';

/**
 * The EHC process as a list of recorded events, in the order they were recorded. Each event is
 * checked against what came before it; a correction is a new event naming the one it replaces,
 * so the history is never rewritten. Folding the accepted events gives the deadline engine's facts.
 */

export type RequestSource = 'parent' | 'young-person' | 'school' | 'health' | 'social-care' | 'other';
export type AdviceKind = 'educational' | 'health' | 'psychological' | 'social-care' | 'other';

export interface Placement {
  /** A setting on the providers register, or a named setting without one. */
  establishmentId: string | null;
  settingName: string;
  provision: 'mainstream' | 'sen-unit' | 'resourced-provision' | 'special' | 'independent' | 'other';
  /**
   * The day the plan names for the placement to start (a plan issued in February for September);
   * absent or null, it starts the day the plan is issued or transferred. Absent from older records.
   */
  startOn?: IsoDate | null;
}

/** A plan transferring in: the LA it comes from, when that LA became aware of the move, and the move. */
export interface TransferIn {
  previousLaCode: string;
  oldLaAwareOn: IsoDate;
  movedOn: IsoDate;
}

/**
 * When the LA now expects to issue the final plan, recorded with a decision or the draft when the
 * statutory date can no longer be met, so that the letter it sends promises no date already lost.
 */
type Expected = { expectedFinalOn?: IsoDate | null };

export type EventBody =
  | {
      type: 'request-received';
      on: IsoDate;
      kind: ProcessKind;
      source: RequestSource;
      requestedBy: string;
      consent: boolean;
      /** Transfer in only; absent from requests recorded before the move was kept. */
      transfer?: TransferIn | null;
    }
  | ({ type: 'assessment-decided'; on: IsoDate; outcome: 'assess' | 'refuse'; reasons: string } & Expected)
  | {
      type: 'advice-requested';
      on: IsoDate;
      adviceId: string;
      kind: AdviceKind;
      adviser: string;
      fromSchool: boolean;
      fromEarlyYears: boolean;
    }
  | { type: 'advice-received'; on: IsoDate; adviceId: string }
  | ({ type: 'issue-decided'; on: IsoDate; outcome: 'issue' | 'not-issue'; reasons: string } & Expected)
  | ({ type: 'draft-served'; on: IsoDate } & Expected)
  | { type: 'comments-received'; on: IsoDate; preferredSetting: string }
  | { type: 'setting-consulted'; on: IsoDate; consultationId: string; settingName: string }
  | {
      type: 'consultation-answered';
      on: IsoDate;
      consultationId: string;
      outcome: 'can-meet-needs' | 'cannot-meet-needs';
    }
  | { type: 'final-issued'; on: IsoDate; placement: Placement | null }
  | {
      type: 'plan-transferred';
      on: IsoDate;
      /** The plan as the old LA made it: it is treated as made by this LA on that date (reg 15(3)). */
      planIssuedOn?: IsoDate;
      lastReviewedOn?: IsoDate | null;
      placement?: Placement | null;
    }
  | { type: 'family-told-of-transfer'; on: IsoDate }
  | { type: 'exception-recorded'; exception: ExceptionFacts }
  | { type: 'mediation-certificate'; on: IsoDate; decision: AppealableDecisionKind }
  | { type: 'appeal-lodged'; on: IsoDate; decision: AppealableDecisionKind };

export interface RecordedEvent {
  id: string;
  /** The event this one corrects; the corrected one no longer counts. */
  corrects: string | null;
  body: EventBody;
}

export interface Refusal {
  field: string;
  message: string;
}

/** The facts so far, the placement named in the final (or transferred) plan, and a transferred plan's dates. */
export interface ProcessState {
  facts: RequestFacts | null;
  placement: Placement | null;
  transferredPlan: { issuedOn: IsoDate; lastReviewedOn: IsoDate | null } | null;
  /** What each advice request and consultation is, in words, by its ID: "Health advice from Dr Shah". */
  subjects: Readonly<Record<string, string>>;
}

const empty: ProcessState = { facts: null, placement: null, transferredPlan: null, subjects: {} };

function dateOf(body: EventBody): IsoDate {
  return body.type === 'exception-recorded' ? body.exception.from : body.on;
}

/** Why this event cannot follow the state, naming the rule; undefined when it can. */
export function refusalOf(state: ProcessState, body: EventBody, today: IsoDate): Refusal | undefined {
  const f = state.facts;
  const on = dateOf(body);
  if (body.type !== 'exception-recorded' && on > today)
    return { field: 'on', message: 'The date cannot be in the future' };
  if (body.type === 'request-received') {
    if (f)
      return { field: 'type', message: 'The request has already been received; correct that event instead' };
    return transferRefusal(body.kind, body.transfer ?? null, today);
  }
  if (!f) return { field: 'type', message: 'Record the request first: every step follows a request' };
  return stepRefusal(f, body, on) ?? expectedRefusal(f, body);
}

/** Why the step cannot follow the facts so far: out of order, dated too early, or missing what it needs. */
function stepRefusal(f: RequestFacts, body: EventBody, on: IsoDate): Refusal | undefined {
  const notBefore = (earlier: IsoDate, what: string): Refusal | undefined =>
    on < earlier ? { field: 'on', message: `The date must be on or after ${what} (${earlier})` } : undefined;

  switch (body.type) {
    case 'request-received':
      return undefined;
    case 'assessment-decided':
      if (f.kind !== 'new')
        return { field: 'type', message: 'Only a new request has a decision whether to assess' };
      if (f.assessDecision)
        return {
          field: 'type',
          message: 'The decision whether to assess is already recorded; correct it instead',
        };
      if (body.outcome === 'refuse' && !body.reasons.trim())
        return {
          field: 'reasons',
          message: 'Give the reasons for refusing to assess: the letter must state them',
        };
      return notBefore(f.receivedOn, 'the request was received');
    case 'advice-requested': {
      if (f.kind === 'new' && f.assessDecision?.outcome !== 'assess')
        return { field: 'type', message: 'Advice is asked for only after a decision to assess' };
      if (f.advice.some((a) => a.id === body.adviceId))
        return { field: 'adviceId', message: 'This advice request is already recorded' };
      return notBefore(f.assessDecision?.on ?? f.receivedOn, 'the decision to assess');
    }
    case 'advice-received': {
      const a = f.advice.find((x) => x.id === body.adviceId);
      if (!a) return { field: 'adviceId', message: 'There is no advice request with this ID' };
      if (a.receivedOn) return { field: 'adviceId', message: 'This advice is already recorded as received' };
      return notBefore(a.sentOn, 'the advice was asked for');
    }
    case 'issue-decided':
      if (f.kind === 'new' && f.assessDecision?.outcome !== 'assess')
        return { field: 'type', message: 'Deciding whether to issue a plan follows a decision to assess' };
      if (f.issueDecision)
        return {
          field: 'type',
          message: 'The decision whether to issue is already recorded; correct it instead',
        };
      if (body.outcome === 'not-issue' && !body.reasons.trim())
        return {
          field: 'reasons',
          message: 'Give the reasons for not issuing a plan: the letter must state them',
        };
      return notBefore(f.assessDecision?.on ?? f.receivedOn, 'the decision to assess');
    case 'draft-served':
      if (f.issueDecision?.outcome !== 'issue')
        return { field: 'type', message: 'A draft plan can be served only after a decision to issue a plan' };
      if (f.draftServedOn)
        return { field: 'type', message: 'The draft is already recorded as served; correct it instead' };
      return notBefore(f.issueDecision.on, 'the decision to issue');
    case 'comments-received':
      if (!f.draftServedOn)
        return { field: 'type', message: 'Comments follow a draft plan: record the draft as served first' };
      return notBefore(f.draftServedOn, 'the draft was served');
    case 'setting-consulted':
      if (!f.draftServedOn)
        return {
          field: 'type',
          message: 'Settings are consulted on a draft plan: record the draft as served first',
        };
      if (!body.settingName.trim()) return { field: 'settingName', message: 'Name the setting consulted' };
      if (f.consultations.some((c) => c.id === body.consultationId))
        return { field: 'consultationId', message: 'This consultation is already recorded' };
      return notBefore(f.draftServedOn, 'the draft was served');
    case 'consultation-answered': {
      const c = f.consultations.find((x) => x.id === body.consultationId);
      if (!c) return { field: 'consultationId', message: 'There is no consultation with this ID' };
      if (c.respondedOn) return { field: 'consultationId', message: 'This consultation is already answered' };
      return notBefore(c.sentOn, 'the setting was consulted');
    }
    case 'final-issued': {
      if (f.kind === 'transfer-in')
        return { field: 'type', message: 'A transferred plan is not issued again; record the transfer' };
      if (!f.draftServedOn)
        return { field: 'type', message: 'A final plan follows a draft: record the draft as served first' };
      if (f.finalIssuedOn)
        return { field: 'type', message: 'The final plan is already issued; correct it instead' };
      if (!body.placement?.settingName.trim())
        return {
          field: 'placement',
          message: 'A final plan must name the placement: the setting, or the type of setting',
        };
      const startRefusal = placementStartRefusal(body.placement, on, 'issued');
      if (startRefusal) return startRefusal;
      const periodEnds = addDays(f.draftServedOn, limits.draftCommentsLastDay);
      if (!f.commentsReceivedOn && on <= periodEnds)
        return {
          field: 'on',
          message: `The family has until ${periodEnds} to comment on the draft (at least 15 days, reg 13(1)); issue after that, or record their comments first`,
        };
      return notBefore(f.draftServedOn, 'the draft was served');
    }
    case 'plan-transferred':
      if (f.kind !== 'transfer-in')
        return { field: 'type', message: 'Only a transfer in has a plan transferred' };
      if (f.transferredOn)
        return { field: 'type', message: 'The transfer is already recorded; correct it instead' };
      // Older records kept no placement (undefined); a transfer recorded now names it.
      if (body.placement !== undefined && !body.placement?.settingName.trim())
        return {
          field: 'placement',
          message:
            'Name the placement in section I of the transferred plan: the setting, or the type of setting',
        };
      if (body.placement) {
        const startRefusal = placementStartRefusal(body.placement, on, 'transferred');
        if (startRefusal) return startRefusal;
      }
      if (body.planIssuedOn && body.planIssuedOn > on)
        return {
          field: 'planIssuedOn',
          message: 'The plan must have been issued by the old LA on or before the day it transferred',
        };
      if (body.planIssuedOn && body.lastReviewedOn && body.lastReviewedOn < body.planIssuedOn)
        return {
          field: 'lastReviewedOn',
          message: 'The last review must be on or after the day the plan was issued',
        };
      if (body.lastReviewedOn && body.lastReviewedOn > on)
        return { field: 'lastReviewedOn', message: 'The last review must be on or before the transfer' };
      if (f.transfer && on < f.transfer.oldLaAwareOn)
        return notBefore(f.transfer.oldLaAwareOn, 'the old LA became aware of the move');
      return notBefore(f.receivedOn, 'the LA was told of the move');
    case 'family-told-of-transfer':
      if (!f.transferredOn) return { field: 'type', message: 'Record the plan as transferred first' };
      return notBefore(f.transferredOn, 'the plan was transferred');
    case 'exception-recorded': {
      const e = body.exception;
      if (!e.evidence.trim())
        return { field: 'evidence', message: 'An exception needs its evidence: say what shows it applies' };
      if (e.to < e.from)
        return { field: 'to', message: 'The end of the exception must be on or after its start' };
      if (e.reason === 'd' && addDays(e.from, 27) > e.to)
        return {
          field: 'to',
          message: 'Exception (d) needs an absence of at least 4 continuous weeks (reg 10(4)(d))',
        };
      return undefined;
    }
    case 'mediation-certificate':
    case 'appeal-lodged': {
      const notice = appealableNotice(f, body.decision);
      if (!notice)
        return { field: 'decision', message: 'There is no such decision on this request to appeal against' };
      return notBefore(notice, 'the decision notice');
    }
  }
}

/**
 * A placement the plan names from a day starts on or after the plan is this LA's (a placement
 * before it would be one no plan named) and within a year of it, which a mistyped year is not.
 */
function placementStartRefusal(
  placement: Placement,
  planOn: IsoDate,
  what: 'issued' | 'transferred',
): Refusal | undefined {
  const startOn = placement.startOn;
  if (!startOn) return undefined;
  if (startOn < planOn)
    return {
      field: 'placement.startOn',
      message: `The placement cannot start before the plan is ${what} (${planOn}): leave the start out to start it that day`,
    };
  const latest = addDays(planOn, 365);
  if (startOn > latest)
    return {
      field: 'placement.startOn',
      message: `The placement must start within a year of the plan being ${what}, by ${latest}: check the year`,
    };
  return undefined;
}

/** The previous LA and the move are recorded for a transfer in, and only for one. */
function transferRefusal(kind: ProcessKind, t: TransferIn | null, today: IsoDate): Refusal | undefined {
  if (kind !== 'transfer-in')
    return t
      ? { field: 'transfer', message: 'Only a plan transferring in records a move between LAs' }
      : undefined;
  if (!t)
    return {
      field: 'transfer',
      message:
        'A transfer in needs the LA the plan comes from, the day that LA became aware of the move and the day of the move',
    };
  if (t.oldLaAwareOn > today)
    return {
      field: 'transfer.oldLaAwareOn',
      message: 'The day the old LA became aware cannot be in the future',
    };
  if (t.movedOn > addDays(today, 366))
    return { field: 'transfer.movedOn', message: 'The day of the move must be within a year from today' };
  return undefined;
}

/**
 * A decision to assess or to issue, or the draft, leaves at least 15 days (the family's time to
 * comment on a draft) before a final plan can follow. When that runs past the statutory date,
 * the letter must say when the plan is now expected, so that date is required, and not too soon.
 */
function expectedRefusal(f: RequestFacts, body: EventBody): Refusal | undefined {
  const promises =
    (body.type === 'assessment-decided' && body.outcome === 'assess') ||
    (body.type === 'issue-decided' && body.outcome === 'issue') ||
    body.type === 'draft-served';
  if (!promises || f.kind === 'transfer-in') return undefined;
  const due = finalPlanDue(f);
  const earliest = addDays(body.on, limits.draftCommentsLastDay + 1);
  const expected = body.expectedFinalOn ?? null;
  if (expected === null)
    return earliest > due
      ? {
          field: 'expectedFinalOn',
          message: `The final plan was due by ${due} and can no longer be issued by then: say when you now expect to issue it`,
        }
      : undefined;
  if (expected < earliest)
    return {
      field: 'expectedFinalOn',
      message: `The final plan cannot be issued before ${earliest}: a draft comes first, with at least 15 days for comments`,
    };
  return undefined;
}

function appealableNotice(f: RequestFacts, kind: AppealableDecisionKind): IsoDate | null {
  if (kind === 'refuse-to-assess') return f.assessDecision?.outcome === 'refuse' ? f.assessDecision.on : null;
  if (kind === 'not-to-issue') return f.issueDecision?.outcome === 'not-issue' ? f.issueDecision.on : null;
  return f.finalIssuedOn;
}

/** The state after an event already accepted by refusalOf. */
export function apply(state: ProcessState, body: EventBody): ProcessState {
  if (body.type === 'request-received')
    return {
      ...empty,
      facts: requestFacts(body.kind, body.on, body.transfer ?? null),
    };
  const f = state.facts;
  if (!f) return state;
  const with_ = (facts: Partial<RequestFacts>): ProcessState => ({ ...state, facts: { ...f, ...facts } });
  const appealable = (kind: AppealableDecisionKind, noticeSentOn: IsoDate) => [
    ...f.appealable,
    { id: kind, kind, noticeSentOn, mediationCertificateOn: null, appealLodgedOn: null },
  ];
  const expectedFinalOn =
    'expectedFinalOn' in body && body.expectedFinalOn ? body.expectedFinalOn : f.expectedFinalOn;
  switch (body.type) {
    case 'assessment-decided':
      return with_({
        expectedFinalOn,
        assessDecision: { on: body.on, outcome: body.outcome },
        appealable: body.outcome === 'refuse' ? appealable('refuse-to-assess', body.on) : f.appealable,
      });
    case 'advice-requested':
      return {
        ...with_({
          advice: [
            ...f.advice,
            {
              id: body.adviceId,
              fromSchool: body.fromSchool,
              fromEarlyYears: body.fromEarlyYears,
              sentOn: body.on,
              receivedOn: null,
            },
          ],
        }),
        subjects: {
          ...state.subjects,
          [body.adviceId]: `${adviceKindLabels[body.kind]} advice from ${body.adviser}`,
        },
      };
    case 'advice-received':
      return with_({
        advice: f.advice.map((a) => (a.id === body.adviceId ? { ...a, receivedOn: body.on } : a)),
      });
    case 'issue-decided':
      return with_({
        expectedFinalOn,
        issueDecision: { on: body.on, outcome: body.outcome },
        appealable: body.outcome === 'not-issue' ? appealable('not-to-issue', body.on) : f.appealable,
      });
    case 'draft-served':
      return with_({ expectedFinalOn, draftServedOn: body.on });
    case 'comments-received':
      return with_({ commentsReceivedOn: f.commentsReceivedOn ?? body.on });
    case 'setting-consulted':
      return {
        ...with_({
          consultations: [
            ...f.consultations,
            { id: body.consultationId, sentOn: body.on, respondedOn: null },
          ],
        }),
        subjects: { ...state.subjects, [body.consultationId]: body.settingName },
      };
    case 'consultation-answered':
      return with_({
        consultations: f.consultations.map((c) =>
          c.id === body.consultationId ? { ...c, respondedOn: body.on } : c,
        ),
      });
    case 'final-issued':
      return {
        ...state,
        placement: body.placement,
        facts: { ...f, finalIssuedOn: body.on, appealable: appealable('final-plan', body.on) },
      };
    case 'plan-transferred':
      return {
        ...state,
        placement: body.placement ?? null,
        transferredPlan: body.planIssuedOn
          ? { issuedOn: body.planIssuedOn, lastReviewedOn: body.lastReviewedOn ?? null }
          : null,
        facts: { ...f, transferredOn: body.on },
      };
    case 'family-told-of-transfer':
      return with_({ familyToldOn: body.on });
    case 'exception-recorded':
      return with_({ exceptions: [...f.exceptions, body.exception] });
    case 'mediation-certificate':
      return with_({
        appealable: f.appealable.map((d) =>
          d.kind === body.decision ? { ...d, mediationCertificateOn: body.on } : d,
        ),
      });
    case 'appeal-lodged':
      return with_({
        appealable: f.appealable.map((d) =>
          d.kind === body.decision ? { ...d, appealLodgedOn: body.on } : d,
        ),
      });
  }
}

/** The state the history leads to, each corrected event replaced by its correction. */
export function replay(history: readonly RecordedEvent[]): ProcessState {
  let state = empty;
  for (const e of effective(history)) state = apply(state, e.body);
  return state;
}

function effective(history: readonly RecordedEvent[]): RecordedEvent[] {
  // A correction takes the place of the event it corrects, so later steps keep their order.
  const byCorrected = new Map(history.filter((e) => e.corrects).map((e) => [e.corrects as string, e]));
  const out: RecordedEvent[] = [];
  const place = (e: RecordedEvent) => {
    const replacement = byCorrected.get(e.id);
    if (replacement) place(replacement);
    else out.push(e);
  };
  for (const e of history) if (!e.corrects) place(e);
  return out;
}

/**
 * Whether `next` may be recorded. A correction is checked as if it stood where the event it
 * corrects stood, and every later event must still follow it; otherwise it is refused with the
 * first rule it breaks.
 */
export function check(
  history: readonly RecordedEvent[],
  next: RecordedEvent,
  today: IsoDate,
): Refusal | undefined {
  if (next.corrects !== null && !history.some((e) => e.id === next.corrects))
    return { field: 'corrects', message: 'There is no event with this ID to correct' };
  if (next.corrects !== null && history.some((e) => e.corrects === next.corrects))
    return {
      field: 'corrects',
      message: 'That event has already been corrected; correct the correction instead',
    };
  let state = empty;
  for (const e of effective([...history, next])) {
    const refusal = refusalOf(state, e.body, today);
    if (refusal)
      return e.id === next.id
        ? refusal
        : {
            field: 'corrects',
            message: `After this correction, a later step no longer follows: ${refusal.message}`,
          };
    state = apply(state, e.body);
  }
  return undefined;
}
