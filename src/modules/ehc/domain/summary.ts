import type { IsoDate } from '../../../platform/kernel/dates.ts';
import {
  type Deadline,
  deadlines,
  type EngineContext,
  type ExceptionReason,
  nextDue,
  type RequestFacts,
  type Step,
  week20Exception,
} from './deadlines.ts';

/** Where a request has got to, as a caseload or a dashboard groups it. */
export type Stage =
  | 'deciding-whether-to-assess'
  | 'assessing'
  | 'drafting'
  | 'issued'
  | 'refused'
  | 'not-issued'
  | 'awaiting-transfer'
  | 'transferred'
  /** The child moved to another LA before the assessment finished (SEN2 Exported); set on the row, not by the events. */
  | 'exported';

export const stageLabels: Record<Stage, string> = {
  'deciding-whether-to-assess': 'Deciding whether to assess',
  assessing: 'Assessing',
  drafting: 'Draft plan',
  issued: 'Final plan issued',
  refused: 'Refused to assess',
  'not-issued': 'Decided not to issue',
  'awaiting-transfer': 'Transfer in',
  transferred: 'Transferred in',
  exported: 'Moved to another LA',
};

export const openStages: readonly Stage[] = [
  'deciding-whether-to-assess',
  'assessing',
  'drafting',
  'awaiting-transfer',
];

export function stageOf(f: RequestFacts): Stage {
  // Open, like every other request, until its last step: the family told of the transfer.
  if (f.kind === 'transfer-in')
    return f.transferredOn && f.familyToldOn ? 'transferred' : 'awaiting-transfer';
  if (f.finalIssuedOn) return 'issued';
  if (f.issueDecision?.outcome === 'not-issue') return 'not-issued';
  if (f.assessDecision?.outcome === 'refuse') return 'refused';
  if (f.draftServedOn || f.issueDecision?.outcome === 'issue') return 'drafting';
  if (f.assessDecision || f.kind === 'reassessment') return 'assessing';
  return 'deciding-whether-to-assess';
}

/** The day the statutory process ended for this request, or null while it runs. */
export function closedOn(f: RequestFacts): IsoDate | null {
  if (f.kind === 'transfer-in') return f.transferredOn && f.familyToldOn ? f.familyToldOn : null;
  if (f.finalIssuedOn) return f.finalIssuedOn;
  if (f.issueDecision?.outcome === 'not-issue') return f.issueDecision.on;
  if (f.assessDecision?.outcome === 'refuse') return f.assessDecision.on;
  return null;
}

/** A deadline as stored: whether an undone one is due or missed is decided on the day it is read. */
export interface StoredDeadline {
  step: Step;
  subjectId: string;
  owner: Deadline['owner'];
  startsOn: IsoDate;
  dueOn: IsoDate;
  doneOn: IsoDate | null;
  /** The exception that excuses it if it is (or runs) late. */
  exceptedBy: ExceptionReason | null;
}

export interface RequestSummary {
  kind: RequestFacts['kind'];
  receivedOn: IsoDate;
  previousLaCode: string | null;
  expectedFinalOn: IsoDate | null;
  stage: Stage;
  assessDecision: { on: IsoDate; outcome: 'assess' | 'refuse' } | null;
  issueDecision: { on: IsoDate; outcome: 'issue' | 'not-issue' } | null;
  finalIssuedOn: IsoDate | null;
  closedOn: IsoDate | null;
  nextDue: { on: IsoDate; step: Step } | null;
  /** SEN2 Week20: a reg 10(4) exception applies to the plan, whether or not it was on time. */
  week20Exception: boolean;
  mediation: boolean;
  appeal: boolean;
  deadlines: Deadline[];
  stored: StoredDeadline[];
}

const key = (d: Deadline) => `${d.step}|${d.subjectId ?? ''}`;

/**
 * Everything stored about a request besides its events. Deadlines still open are also worked
 * out as if they ran late, so the stored row already knows which exception would excuse them.
 */
export function summarise(facts: RequestFacts, ctx: EngineContext): RequestSummary {
  const list = deadlines(facts, ctx);
  const lateAll = new Map(deadlines(facts, { ...ctx, today: '9999-12-31' }).map((d) => [key(d), d]));
  const stored = list.map((d): StoredDeadline => {
    const late = d.doneOn === null || d.doneOn > d.dueOn;
    const exception = d.exception ?? (late ? (lateAll.get(key(d))?.exception ?? null) : null);
    return {
      step: d.step,
      subjectId: d.subjectId ?? '',
      owner: d.owner,
      startsOn: d.startsOn,
      dueOn: d.dueOn,
      doneOn: d.doneOn,
      exceptedBy: exception?.reason ?? null,
    };
  });
  const next = nextDue(list);
  const stage = stageOf(facts);
  return {
    kind: facts.kind,
    receivedOn: facts.receivedOn,
    previousLaCode: facts.transfer?.previousLaCode || null,
    expectedFinalOn: facts.expectedFinalOn,
    stage,
    assessDecision: facts.assessDecision,
    issueDecision: facts.issueDecision,
    finalIssuedOn: facts.finalIssuedOn,
    closedOn: closedOn(facts),
    nextDue: next ? { on: next.dueOn, step: next.step } : null,
    week20Exception:
      stage !== 'refused' && stage !== 'not-issued' && week20Exception(facts, ctx.closures) !== null,
    mediation: facts.appealable.some((d) => d.mediationCertificateOn !== null),
    appeal: facts.appealable.some((d) => d.appealLodgedOn !== null),
    deadlines: list,
    stored,
  };
}

export const stepLabels: Record<Step, string> = {
  'decide-whether-to-assess': 'Decide whether to assess',
  advice: 'Advice',
  'decide-not-to-issue': 'Decide whether to issue a plan',
  'draft-comments': 'Comments on the draft plan',
  consultation: 'Setting consulted',
  'final-plan': 'Issue the final plan',
  'plan-transferred': 'Transfer the plan',
  'family-told-of-transfer': 'Tell the family of the transfer',
  'appeal-window': 'Appeal to the Tribunal',
};
