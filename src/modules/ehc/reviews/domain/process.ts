import type { WorkingDayCalendar } from '../../../../platform/kernel/bank-holidays.ts';
import type { IsoDate } from '../../../../platform/kernel/dates.ts';
import { addDays, dayNumber } from '../../../../platform/kernel/days.ts';
import { appealDeadline, type DeadlineStatus, type Owner } from '../../domain/deadlines.ts';
import type { Placement } from '../../domain/process.ts';
import type { PhaseTo } from './due-dates.ts';

/**
 * One review of an EHC plan as the events recorded for it, each checked against those before it
 * (SEND Regulations 2014 regs 18–22, CFA 2014 ss44–45): the invitation with at least 2 weeks'
 * notice, advice circulated 2 weeks before the meeting, the meeting, the setting's report within
 * 2 weeks, the LA's decision within 4 weeks of the meeting; then, to amend, proposed amendments
 * with at least 15 days for representations and the amended plan within 8 weeks; to cease, notice
 * with appeal rights and the plan kept until the appeal period ends or an appeal concludes.
 */

export type ReviewKind = 'annual' | 'phase-transfer';
export type ReviewOutcome = 'maintain' | 'amend' | 'cease';
/** SEN2 CeaseReason (item 4.6); 5, transferred to another LA, is recorded as a transfer out, not a review. */
export const ceaseReasons = {
  '1': 'Reached maximum age',
  '2': 'Needs being met without an EHC plan',
  '3': 'Moved on to higher education',
  '4': 'Moved on to paid employment, excluding apprenticeships',
  '5': 'Transferred to another local authority in England',
  '6': 'Young person no longer wishes to engage in education or training',
  '7': 'Moved outside England',
  '8': 'Deceased',
  '9': 'Other',
} as const;
export type CeaseReason = keyof typeof ceaseReasons;
export const isCeaseReason = (v: unknown): v is CeaseReason =>
  typeof v === 'string' && Object.hasOwn(ceaseReasons, v);

export type ReportRecommendation = ReviewOutcome;
export type AppealConclusion = 'plan-maintained' | 'cease-upheld' | 'withdrawn';

export interface ReviewReport {
  /** The setting's report, or the LA's where the child attends no setting (reg 21). */
  by: 'setting' | 'la';
  recommendation: ReportRecommendation;
  /** The child's and family's views, progress towards the outcomes, and what should change. */
  views: string;
  progress: string;
  changes: string;
}

export type ReviewEventBody =
  | { type: 'invited'; on: IsoDate; meetingOn: IsoDate; invitees: string[] }
  | { type: 'meeting-moved'; on: IsoDate; meetingOn: IsoDate }
  | { type: 'advice-circulated'; on: IsoDate }
  | { type: 'meeting-held'; on: IsoDate }
  | ({ type: 'report-received'; on: IsoDate } & ReviewReport)
  | { type: 'decided'; on: IsoDate; outcome: ReviewOutcome; reasons: string; ceaseReason: CeaseReason | null }
  | { type: 'amendments-proposed'; on: IsoDate; sections: Record<string, string> }
  | { type: 'representations-received'; on: IsoDate; summary: string }
  | { type: 'amended-plan-issued'; on: IsoDate; placement: Placement | null }
  | { type: 'appeal-lodged'; on: IsoDate }
  | { type: 'appeal-concluded'; on: IsoDate; outcome: AppealConclusion }
  | { type: 'plan-ceased'; on: IsoDate };

export type ReviewEventType = ReviewEventBody['type'];

/** What the review is of: the plan it reviews and what was due when it was opened. */
export interface ReviewSubject {
  kind: ReviewKind;
  planIssuedOn: IsoDate;
  /** The plan's review due date when the review began. */
  dueOn: IsoDate;
  /** The 12 months the due date counts from: the plan's making or last review. */
  startsOn: IsoDate;
  phaseTransfer: { to: PhaseTo; deadline: IsoDate; dueOn: IsoDate } | null;
}

export interface ReviewFacts {
  subject: ReviewSubject;
  invitedOn: IsoDate | null;
  meetingOn: IsoDate | null;
  invitees: string[];
  adviceCirculatedOn: IsoDate | null;
  heldOn: IsoDate | null;
  report: (ReviewReport & { on: IsoDate }) | null;
  decision: { on: IsoDate; outcome: ReviewOutcome; reasons: string; ceaseReason: CeaseReason | null } | null;
  proposed: { on: IsoDate; sections: Record<string, string> } | null;
  representationsOn: IsoDate | null;
  amended: { on: IsoDate; placement: Placement | null } | null;
  appealLodgedOn: IsoDate | null;
  appealConcluded: { on: IsoDate; outcome: AppealConclusion } | null;
  ceasedOn: IsoDate | null;
}

export function reviewFacts(subject: ReviewSubject): ReviewFacts {
  return {
    subject,
    invitedOn: null,
    meetingOn: null,
    invitees: [],
    adviceCirculatedOn: null,
    heldOn: null,
    report: null,
    decision: null,
    proposed: null,
    representationsOn: null,
    amended: null,
    appealLodgedOn: null,
    appealConcluded: null,
    ceasedOn: null,
  };
}

export const reviewLimits = {
  /** reg 20(3): at least 2 weeks' notice of the meeting; (4) advice circulated at least 2 weeks before it. */
  notice: 14,
  /** reg 20(8): the report within 2 weeks of the meeting. */
  report: 14,
  /** reg 20(10): the LA's decision within 4 weeks of the meeting. */
  decision: 28,
  /** reg 22(2)(c): at least 15 days for representations, beginning with the day the proposals are sent. */
  representationsLastDay: 14,
  /** reg 22(3): the amended plan within 8 weeks of the proposed amendments. */
  amendedPlan: 56,
} as const;

export interface Refusal {
  field: string;
  message: string;
}

/** The plan as it stands when the event is recorded: a ceased plan takes no amendment. */
export interface PlanNow {
  status: 'active' | 'ceased' | 'replaced' | string;
}

/** The SEND sections a proposed amendment may change: I, the placement, is named with the amended plan. */
export const amendableSections = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'J', 'K'] as const;

/** Why this event cannot follow the review so far; undefined when it can. */
export function reviewRefusal(
  f: ReviewFacts,
  body: ReviewEventBody,
  plan: PlanNow,
  today: IsoDate,
  calendar: WorkingDayCalendar,
): Refusal | undefined {
  const on = body.on;
  if (on > today) return { field: 'on', message: 'The date cannot be in the future' };
  const notBefore = (earlier: IsoDate, what: string): Refusal | undefined =>
    on < earlier ? { field: 'on', message: `The date must be on or after ${what} (${earlier})` } : undefined;
  const ceased = plan.status === 'ceased' || f.ceasedOn !== null;
  switch (body.type) {
    case 'invited':
    case 'meeting-moved': {
      if (body.type === 'invited' && f.invitedOn)
        return { field: 'type', message: 'The invitation is already recorded: move the meeting instead' };
      if (body.type === 'meeting-moved' && !f.invitedOn)
        return { field: 'type', message: 'Record the invitation first: a meeting is moved once it is set' };
      if (f.heldOn) return { field: 'type', message: 'The meeting has been held' };
      if (ceased) return { field: 'type', message: 'The plan has ceased: it has no more reviews' };
      if (body.meetingOn < f.subject.planIssuedOn)
        return {
          field: 'meetingOn',
          message: `The meeting cannot be before the plan was made (${f.subject.planIssuedOn})`,
        };
      if (dayNumber(body.meetingOn) - dayNumber(on) < reviewLimits.notice)
        return {
          field: 'meetingOn',
          message: `Give at least 2 weeks’ notice of the meeting: on or after ${addDays(on, reviewLimits.notice)}`,
        };
      if (body.type === 'invited') {
        if (!body.invitees.some((i) => i.trim()))
          return {
            field: 'invitees',
            message: 'Name who is invited: the family, the setting and the professionals',
          };
        return notBefore(f.subject.planIssuedOn, 'the plan was made');
      }
      return notBefore(f.invitedOn ?? on, 'the invitation');
    }
    case 'advice-circulated':
      if (!f.invitedOn) return { field: 'type', message: 'Record the invitation first' };
      if (f.adviceCirculatedOn)
        return { field: 'type', message: 'The advice is already recorded as circulated' };
      if (f.heldOn)
        return { field: 'type', message: 'The meeting has been held: advice is circulated before it' };
      return notBefore(f.invitedOn, 'the invitation');
    case 'meeting-held':
      if (!f.invitedOn)
        return { field: 'type', message: 'Record the invitation first: a meeting needs notice' };
      if (f.heldOn) return { field: 'type', message: 'The meeting is already recorded as held' };
      if (on < f.subject.planIssuedOn)
        return {
          field: 'on',
          message: `The meeting cannot be before the plan was made (${f.subject.planIssuedOn})`,
        };
      // Held earlier than arranged would get round the notice: an earlier meeting is moved first.
      if (f.meetingOn && on < f.meetingOn)
        return {
          field: 'on',
          message: `The meeting was arranged for ${f.meetingOn}: if it was held earlier, record it as moved first`,
        };
      return notBefore(f.invitedOn, 'the invitation');
    case 'report-received':
      if (!f.heldOn)
        return { field: 'type', message: 'The review report follows the meeting: record the meeting first' };
      if (f.report) return { field: 'type', message: 'The review report is already recorded' };
      if (on < f.heldOn)
        return { field: 'on', message: `The report cannot be before the meeting (${f.heldOn})` };
      return undefined;
    case 'decided':
      if (!f.heldOn)
        return { field: 'type', message: 'A decision follows the review meeting: record the meeting first' };
      if (f.decision) return { field: 'type', message: 'The decision is already recorded' };
      if (ceased) return { field: 'type', message: 'The plan has ceased' };
      if (body.outcome === 'cease') {
        if (!body.ceaseReason)
          return {
            field: 'ceaseReason',
            message: 'Choose the reason the plan is to cease (SEN2 CeaseReason)',
          };
        if (body.ceaseReason === '5')
          return {
            field: 'ceaseReason',
            message:
              'A move to another LA is recorded as a transfer out of the plan, not as a review decision',
          };
        if (!body.reasons.trim())
          return {
            field: 'reasons',
            message: 'Give the reasons for ceasing the plan: the notice must state them',
          };
      } else if (body.ceaseReason)
        return { field: 'ceaseReason', message: 'A cease reason goes only with a decision to cease' };
      if (body.outcome === 'maintain' && f.subject.kind === 'phase-transfer')
        return {
          field: 'outcome',
          message:
            'A phase transfer review amends the plan to name the setting for after the transfer (reg 18)',
        };
      return notBefore(f.heldOn, 'the meeting');
    case 'amendments-proposed': {
      if (ceased) return { field: 'type', message: 'The plan has ceased: a ceased plan cannot be amended' };
      if (f.decision?.outcome !== 'amend')
        return { field: 'type', message: 'Amendments follow a decision to amend the plan' };
      if (f.proposed) return { field: 'type', message: 'The proposed amendments are already recorded' };
      const codes = Object.keys(body.sections);
      if (!codes.length) return { field: 'sections', message: 'Propose a change to at least one section' };
      const bad = codes.find((c) => !(amendableSections as readonly string[]).includes(c));
      if (bad) return { field: 'sections', message: `Section ${bad} cannot be amended here` };
      return notBefore(f.decision.on, 'the decision to amend');
    }
    case 'representations-received':
      if (!f.proposed) return { field: 'type', message: 'Representations follow the proposed amendments' };
      if (f.amended) return { field: 'type', message: 'The amended plan is already issued' };
      return notBefore(f.proposed.on, 'the amendments were proposed');
    case 'amended-plan-issued': {
      if (ceased) return { field: 'type', message: 'The plan has ceased: a ceased plan cannot be amended' };
      if (!f.proposed) return { field: 'type', message: 'Send the proposed amendments first' };
      if (f.amended) return { field: 'type', message: 'The amended plan is already issued' };
      const windowEnds = addDays(f.proposed.on, reviewLimits.representationsLastDay);
      if (!f.representationsOn && on <= windowEnds)
        return {
          field: 'on',
          message: `The family has until ${windowEnds} to make representations: issue the amended plan after that, or record their representations first`,
        };
      if (f.subject.kind === 'phase-transfer' && !body.placement)
        return {
          field: 'placement',
          message: 'Name the school or other institution, or its type, for after the phase transfer',
        };
      return notBefore(f.proposed.on, 'the amendments were proposed');
    }
    case 'appeal-lodged':
      if (f.decision?.outcome !== 'cease')
        return { field: 'type', message: 'Only a decision to cease is appealed here' };
      if (f.appealLodgedOn) return { field: 'type', message: 'The appeal is already recorded' };
      if (f.ceasedOn) return { field: 'type', message: 'The plan has ceased' };
      return notBefore(f.decision.on, 'the decision to cease');
    case 'appeal-concluded':
      if (!f.appealLodgedOn) return { field: 'type', message: 'Record the appeal first' };
      if (f.appealConcluded) return { field: 'type', message: 'The appeal’s conclusion is already recorded' };
      return notBefore(f.appealLodgedOn, 'the appeal was lodged');
    case 'plan-ceased': {
      if (f.decision?.outcome !== 'cease')
        return { field: 'type', message: 'A plan ceases after a decision to cease' };
      if (f.ceasedOn) return { field: 'type', message: 'The plan has already ceased' };
      if (f.appealLodgedOn) {
        if (!f.appealConcluded)
          return { field: 'type', message: 'The plan is maintained until the appeal concludes' };
        if (f.appealConcluded.outcome === 'plan-maintained')
          return { field: 'type', message: 'The Tribunal ordered the plan to be maintained' };
        return notBefore(f.appealConcluded.on, 'the appeal concluded');
      }
      const appealEnds = appealDeadline(
        {
          id: '',
          kind: 'final-plan',
          noticeSentOn: f.decision.on,
          mediationCertificateOn: null,
          appealLodgedOn: null,
        },
        calendar,
      );
      if (on <= appealEnds)
        return {
          field: 'on',
          message: `The plan is maintained until the appeal period ends on ${appealEnds}: it can cease from ${addDays(appealEnds, 1)}`,
        };
      return undefined;
    }
  }
}

export function applyReviewEvent(f: ReviewFacts, body: ReviewEventBody): ReviewFacts {
  switch (body.type) {
    case 'invited':
      return { ...f, invitedOn: body.on, meetingOn: body.meetingOn, invitees: body.invitees };
    case 'meeting-moved':
      return { ...f, meetingOn: body.meetingOn };
    case 'advice-circulated':
      return { ...f, adviceCirculatedOn: body.on };
    case 'meeting-held':
      return { ...f, heldOn: body.on };
    case 'report-received': {
      const { type: _t, ...report } = body;
      return { ...f, report };
    }
    case 'decided':
      return {
        ...f,
        decision: {
          on: body.on,
          outcome: body.outcome,
          reasons: body.reasons,
          ceaseReason: body.ceaseReason,
        },
      };
    case 'amendments-proposed':
      return { ...f, proposed: { on: body.on, sections: body.sections } };
    case 'representations-received':
      return { ...f, representationsOn: body.on };
    case 'amended-plan-issued':
      return { ...f, amended: { on: body.on, placement: body.placement } };
    case 'appeal-lodged':
      return { ...f, appealLodgedOn: body.on };
    case 'appeal-concluded':
      return { ...f, appealConcluded: { on: body.on, outcome: body.outcome } };
    case 'plan-ceased':
      return { ...f, ceasedOn: body.on };
  }
}

export type ReviewStep =
  | 'invite'
  | 'advice-circulated'
  | 'meeting'
  | 'report'
  | 'decision'
  | 'review-due'
  | 'representations'
  | 'amended-plan'
  | 'phase-transfer'
  | 'appeal-window';

export const reviewStepLabels: Record<ReviewStep, string> = {
  invite: 'Invite to the review meeting',
  'advice-circulated': 'Circulate advice',
  meeting: 'Hold the review meeting',
  report: 'Review report from the setting',
  decision: 'Decide: maintain, amend or cease',
  'review-due': 'Review the plan within 12 months',
  representations: 'Representations on the proposed amendments',
  'amended-plan': 'Issue the amended plan',
  'phase-transfer': 'Amend the plan for the phase transfer',
  'appeal-window': 'Appeal against ceasing the plan',
};

export interface ReviewDeadline {
  step: ReviewStep;
  owner: Owner;
  startsOn: IsoDate;
  /** The last day the step is on time. */
  dueOn: IsoDate;
  /** The date as the law names it, where it differs: reg 18's "before 15 February". */
  deadline: IsoDate | null;
  doneOn: IsoDate | null;
  status: DeadlineStatus;
  daysLate: number | null;
  rule: string;
}

// ISO dates compare as strings; Math.max would not.
const laterOf = (a: IsoDate, b: IsoDate) => (a >= b ? a : b);

function judged(
  step: ReviewStep,
  owner: Owner,
  startsOn: IsoDate,
  dueOn: IsoDate,
  doneOn: IsoDate | null,
  rule: string,
  today: IsoDate,
  deadline: IsoDate | null = null,
): ReviewDeadline {
  const end = doneOn ?? today;
  const late = end > dueOn;
  const status: DeadlineStatus =
    owner === 'family'
      ? doneOn
        ? 'used'
        : late
          ? 'closed'
          : 'open'
      : late
        ? 'missed'
        : doneOn
          ? 'met'
          : 'due';
  const daysLate = late && owner !== 'family' ? dayNumber(end) - dayNumber(dueOn) : null;
  return { step, owner, startsOn, dueOn, deadline, doneOn, status, daysLate, rule };
}

/** Every deadline of the review so far, in the order the steps come. */
export function reviewDeadlines(
  f: ReviewFacts,
  today: IsoDate,
  calendar: WorkingDayCalendar,
): ReviewDeadline[] {
  const s = f.subject;
  const out: ReviewDeadline[] = [];
  const decided = f.decision?.on ?? null;
  // The latest invitation that still lets the decision come by the due date: 2 weeks' notice, then up to 4 weeks.
  const inviteBy = addDays(s.dueOn, -(reviewLimits.notice + reviewLimits.decision));
  out.push(
    judged(
      'invite',
      'la',
      s.startsOn,
      laterOf(inviteBy, s.startsOn),
      f.invitedOn,
      'To end the review in time: 2 weeks’ notice of the meeting, then up to 4 weeks to decide',
      today,
    ),
  );
  if (f.meetingOn && f.invitedOn) {
    out.push(
      judged(
        'advice-circulated',
        'la',
        f.invitedOn,
        addDays(f.meetingOn, -reviewLimits.notice),
        f.adviceCirculatedOn,
        'reg 20(4): advice circulated at least 2 weeks before the meeting',
        today,
      ),
    );
    out.push(
      judged('meeting', 'setting', f.invitedOn, f.meetingOn, f.heldOn, 'The meeting as arranged', today),
    );
  }
  if (f.heldOn) {
    out.push(
      judged(
        'report',
        'setting',
        f.heldOn,
        addDays(f.heldOn, reviewLimits.report),
        f.report?.on ?? null,
        'reg 20(8): the review report within 2 weeks of the meeting',
        today,
      ),
    );
    out.push(
      judged(
        'decision',
        'la',
        f.heldOn,
        addDays(f.heldOn, reviewLimits.decision),
        decided,
        'reg 20(10): the LA’s decision within 4 weeks of the meeting',
        today,
      ),
    );
  }
  out.push(
    judged(
      'review-due',
      'la',
      s.startsOn,
      s.dueOn,
      decided,
      'CFA 2014 s44(1): the review ends, with the LA’s decision, within 12 months',
      today,
    ),
  );
  if (f.proposed) {
    out.push(
      judged(
        'representations',
        'family',
        f.proposed.on,
        addDays(f.proposed.on, reviewLimits.representationsLastDay),
        f.representationsOn,
        'reg 22(2): at least 15 days for representations',
        today,
      ),
    );
    out.push(
      judged(
        'amended-plan',
        'la',
        f.proposed.on,
        addDays(f.proposed.on, reviewLimits.amendedPlan),
        f.amended?.on ?? null,
        'reg 22(3): the amended plan within 8 weeks of the proposed amendments',
        today,
      ),
    );
  }
  // A plan ceasing is not transferred to a next phase: no amendment is due for it.
  if (s.phaseTransfer && f.decision?.outcome !== 'cease')
    out.push(
      judged(
        'phase-transfer',
        'la',
        // The amendment belongs to the phase's last year, from the 1 September before the transfer, not
        // to the 12 months: a plan made or last reviewed after the deadline still owes it, already late.
        `${Number(s.phaseTransfer.deadline.slice(0, 4)) - 1}-09-01`,
        s.phaseTransfer.dueOn,
        f.amended?.on ?? null,
        s.phaseTransfer.to === 'post-16'
          ? 'reg 18(1)(b): the plan amended before 31 March in the year of transfer to post-16'
          : 'reg 18(1)(a): the plan amended before 15 February in the year of transfer',
        today,
        s.phaseTransfer.deadline,
      ),
    );
  if (f.decision?.outcome === 'cease')
    out.push(
      judged(
        'appeal-window',
        'family',
        f.decision.on,
        appealDeadline(
          {
            id: '',
            kind: 'final-plan',
            noticeSentOn: f.decision.on,
            mediationCertificateOn: null,
            appealLodgedOn: null,
          },
          calendar,
        ),
        f.appealLodgedOn,
        'CFA 2014 s45 and HESC Rules r20: the plan is kept until the appeal period ends or an appeal concludes',
        today,
      ),
    );
  return out;
}

export type ReviewStage =
  | 'not-started'
  | 'invited'
  | 'meeting-held'
  | 'report-received'
  | 'amending'
  | 'ceasing'
  | 'complete'
  | 'ceased';

export const reviewStageLabels: Record<ReviewStage, string> = {
  'not-started': 'Not started',
  invited: 'Meeting arranged',
  'meeting-held': 'Meeting held',
  'report-received': 'Report received',
  amending: 'Amending the plan',
  ceasing: 'Ceasing the plan',
  complete: 'Complete',
  ceased: 'Plan ceased',
};

export function reviewStageOf(f: ReviewFacts): ReviewStage {
  if (f.ceasedOn) return 'ceased';
  const d = f.decision;
  if (d?.outcome === 'maintain') return 'complete';
  if (d?.outcome === 'amend') return f.amended ? 'complete' : 'amending';
  if (d?.outcome === 'cease')
    return f.appealConcluded?.outcome === 'plan-maintained' ? 'complete' : 'ceasing';
  if (f.report) return 'report-received';
  if (f.heldOn) return 'meeting-held';
  if (f.invitedOn) return 'invited';
  return 'not-started';
}

/** The day the review's work ended, or null while something is still to do. */
export function reviewClosedOn(f: ReviewFacts): IsoDate | null {
  if (f.ceasedOn) return f.ceasedOn;
  const d = f.decision;
  if (d?.outcome === 'maintain') return d.on;
  if (d?.outcome === 'amend') return f.amended?.on ?? null;
  if (d?.outcome === 'cease' && f.appealConcluded?.outcome === 'plan-maintained') return f.appealConcluded.on;
  return null;
}

/** The first obligation still outstanding, soonest first: what the review officer or the setting must do next. */
export function nextReviewStep(list: readonly ReviewDeadline[]): ReviewDeadline | undefined {
  // Advice goes out before the meeting, and a plan to cease is not amended for its transfer: once the
  // meeting is held, or the decision is to cease, those are missed for good, not still to do.
  const held = list.some((d) => d.step === 'meeting' && d.doneOn !== null);
  const ceasing = list.some((d) => d.step === 'appeal-window');
  let best: ReviewDeadline | undefined;
  for (const d of list) {
    if (d.doneOn !== null || d.owner === 'family') continue;
    if ((d.step === 'advice-circulated' && held) || (d.step === 'phase-transfer' && ceasing)) continue;
    if (!best || d.dueOn < best.dueOn) best = d;
  }
  return best;
}
