import { escapeHtml } from '../../../platform/http/html.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import type { Urgency } from '../caseload/domain/dashboard.ts';
import type { Deadline, DeadlineStatus, RequestFacts } from '../domain/deadlines.ts';
import type { NextStep } from '../domain/next-step.ts';
import type { EventBody } from '../domain/process.ts';
import { closedOn, stageLabels, stepLabels } from '../domain/summary.ts';
import {
  adviceKindLabels,
  appealableDecisionLabels,
  exceptionReasonLabels,
  processKindLabels,
  provisionLabels,
  requestSourceLabels,
} from '../domain/vocabulary.ts';
import type { RequestView } from './service.ts';
import { type StepType, stepAvailable, stepForms } from './step-forms.ts';

/** How EHC records read on a page: rows for GOV.UK tables, summary lists and task lists. */

const tag = (text: string, colour: string) =>
  `<strong class="govuk-tag govuk-tag--${colour}">${escapeHtml(text)}</strong>`;

export const urgencyTags: Record<Urgency, string> = {
  overdue: tag('Overdue', 'red'),
  'due-within-7-days': tag('Due within 7 days', 'yellow'),
  later: '',
  none: '',
};

const statusTags: Record<DeadlineStatus, [string, string]> = {
  due: ['Due', 'blue'],
  met: ['Met', 'green'],
  missed: ['Missed', 'red'],
  excepted: ['Exception', 'purple'],
  open: ['Open', 'blue'],
  used: ['Used', 'green'],
  closed: ['Closed', 'grey'],
};

export const childName = (c: { forename: string; surname: string } | null) =>
  c ? `${c.forename} ${c.surname}` : 'Unknown child';

export function deadlineRows(list: readonly Deadline[], view: RequestView) {
  const adviser = new Map(view.advice.map((a) => [a.id, a.adviser]));
  const setting = new Map(view.consultations.map((c) => [c.id, c.settingName]));
  return list.map((d) => {
    const [text, colour] = statusTags[d.status];
    const subject = d.subjectId ? (adviser.get(d.subjectId) ?? setting.get(d.subjectId) ?? '') : '';
    const exception = d.exception
      ? `<br><span class="govuk-hint">${escapeHtml(exceptionReasonLabels[d.exception.reason])}: ${escapeHtml(d.exception.evidence)}</span>`
      : '';
    return [
      {
        html: `${escapeHtml(stepLabels[d.step])}${subject ? `: ${escapeHtml(subject)}` : ''}<br><span class="govuk-hint">${escapeHtml(d.rule)}</span>`,
      },
      { text: longDate(d.dueOn) },
      { text: d.doneOn ? longDate(d.doneOn) : 'Not yet' },
      { html: `${tag(text, colour)}${d.daysLate ? ` ${d.daysLate} days late` : ''}${exception}` },
    ];
  });
}

export function requestSummaryRows(view: RequestView) {
  return [
    {
      key: { text: 'Child' },
      value: {
        html: `<a class="govuk-link" href="/children/${view.child.id}">${escapeHtml(childName(view.child))}</a>`,
      },
    },
    { key: { text: 'Kind' }, value: { text: processKindLabels[view.kind as 'new'] ?? view.kind } },
    ...(view.transfer
      ? [
          { key: { text: 'Transferring from' }, value: { text: view.transfer.previousLa.name } },
          {
            key: { text: 'Old LA aware of the move' },
            value: { text: longDate(view.transfer.oldLaAwareOn) },
          },
          { key: { text: 'Day of the move' }, value: { text: longDate(view.transfer.movedOn) } },
        ]
      : []),
    {
      key: { text: view.transfer ? 'We were told' : 'Received' },
      value: { text: longDate(view.receivedOn) },
    },
    {
      key: { text: 'Asked by' },
      value: { text: `${view.requestedBy} (${requestSourceLabels[view.source as 'parent'] ?? view.source})` },
    },
    { key: { text: 'Consent' }, value: { text: view.consent ? 'Given' : 'Not given' } },
    { key: { text: 'Stage' }, value: { text: stageLabels[view.stage] } },
    { key: { text: 'Coordinator' }, value: { text: view.coordinator?.name ?? 'Not allocated' } },
    ...(view.expectedFinalOn && !view.closedOn
      ? [{ key: { text: 'Final plan now expected' }, value: { text: longDate(view.expectedFinalOn) } }]
      : []),
    ...(view.plan?.placement
      ? [
          {
            key: { text: 'Placement' },
            value: {
              text: `${view.plan.placement.settingName} (${provisionLabels[view.plan.placement.provision]})${view.plan.placement.startOn ? `, from ${longDate(view.plan.placement.startOn)}` : ''}`,
            },
          },
        ]
      : []),
  ];
}

/** From advice to the final plan: a re-assessment starts here, with no decision whether to assess. */
const assessmentSteps: StepType[] = [
  'advice-requested',
  'advice-received',
  'issue-decided',
  'draft-served',
  'comments-received',
  'setting-consulted',
  'consultation-answered',
  'final-issued',
];
const mainSteps: Record<string, StepType[]> = {
  new: ['assessment-decided', ...assessmentSteps],
  reassessment: assessmentSteps,
  'transfer-in': ['plan-transferred', 'family-told-of-transfer'],
};
const otherSteps: StepType[] = ['exception-recorded', 'mediation-certificate', 'appeal-lodged'];

/**
 * The request page's answer to "what is mine to do, and by when": the next step by name, what it is
 * about, its due date and how late it is, with a button to record it; or what is being waited for.
 */
export function nextStepPanel(view: RequestView, canWrite: boolean) {
  const next = view.next;
  if (!next)
    return {
      title: 'Nothing to do',
      lines: [
        view.exportedToLa && view.closedOn
          ? `This request ended on ${longDate(view.closedOn)}: the child moved to ${view.exportedToLa.name} before the assessment finished, so SEN2 reports it as exported there.`
          : view.closedOn
            ? `This request closed on ${longDate(view.closedOn)}: ${stageLabels[view.stage].toLowerCase()}.`
            : 'Nothing is due on this request.',
      ],
      late: false,
      button: null,
    };
  const d = next.deadline;
  const subject = next.subjectId ? (view.state.subjects[next.subjectId] ?? null) : null;
  const waiting: Record<NonNullable<NextStep['waitingOn']>, string> = {
    adviser: `Waiting for ${subject ?? 'advice'}`,
    setting: `Waiting for ${subject ?? 'the setting'} to answer the consultation`,
    family: `Waiting for the family’s comments on the draft plan${next.until ? `, which they can send until ${longDate(next.until)}` : ''}`,
    'previous-la': `Waiting for the plan from ${view.transfer?.previousLa.name ?? 'the previous LA'}`,
  };
  const late = d && !d.doneOn && d.daysLate ? d.daysLate : null;
  const lines = [
    next.waitingOn ? `${waiting[next.waitingOn]}.` : subject ? `${subject}.` : null,
    d
      ? `${stepLabels[d.step]}: due ${longDate(d.dueOn)}${late ? `, ${late} ${late === 1 ? 'day' : 'days'} late` : ''}${d.exception ? ` (exception ${d.exception.reason} applies)` : ''}.`
      : null,
    view.expectedFinalOn && d?.step === 'final-plan' && late
      ? `You told the family you now expect to issue the final plan by ${longDate(view.expectedFinalOn)}.`
      : null,
  ].filter((l): l is string => l !== null);
  const form = stepForms[next.type];
  const query = next.subjectId
    ? `?${next.type === 'advice-received' ? 'adviceId' : 'consultationId'}=${next.subjectId}`
    : '';
  return {
    title: `Next: ${form.task}`,
    lines,
    late: late !== null,
    button: canWrite
      ? { text: form.task, href: `/ehc/requests/${view.id}/steps/${next.type}${query}` }
      : null,
  };
}

export type TaskState = 'completed' | 'in-progress' | 'to-do' | 'cannot-start' | 'not-needed';

/**
 * Where a step of the process stands, from the facts recorded: done (with when), under way (some
 * advice back, some settings answered), to do, not yet possible, or not needed because the
 * request has ended another way. Advice received can be recorded once advice was asked for; a
 * setting's answer once a setting was consulted.
 */
export function taskState(type: StepType, f: RequestFacts): { state: TaskState; hint: string | null } {
  const ended = closedOn(f) !== null;
  const of = (state: TaskState, hint: string | null = null) => ({ state, hint });
  const decided = (d: { on: string } | null, text: (d: { on: string }) => string) =>
    d ? of('completed', text(d)) : null;
  const otherwise = (possible: boolean) => of(ended ? 'not-needed' : possible ? 'to-do' : 'cannot-start');
  const assessed = f.kind !== 'new' || f.assessDecision?.outcome === 'assess';
  switch (type) {
    case 'assessment-decided':
      return (
        decided(
          f.assessDecision,
          (d) => `${f.assessDecision?.outcome === 'assess' ? 'Assess' : 'Refused'}, ${longDate(d.on)}`,
        ) ?? otherwise(true)
      );
    case 'advice-requested': {
      const n = f.advice.length;
      if (n === 0) return otherwise(assessed && !f.issueDecision);
      const hint = `${n} asked`;
      return of(f.issueDecision || ended ? 'completed' : 'in-progress', hint);
    }
    case 'advice-received': {
      const n = f.advice.length;
      const back = f.advice.filter((a) => a.receivedOn).length;
      if (n === 0) return otherwise(false);
      const hint = `${back} of ${n} received`;
      return of(back === n ? 'completed' : ended ? 'not-needed' : 'in-progress', hint);
    }
    case 'issue-decided':
      return (
        decided(
          f.issueDecision,
          (d) => `${f.issueDecision?.outcome === 'issue' ? 'Issue' : 'Not to issue'}, ${longDate(d.on)}`,
        ) ?? otherwise(assessed)
      );
    case 'draft-served':
      return f.draftServedOn
        ? of('completed', longDate(f.draftServedOn))
        : otherwise(f.issueDecision?.outcome === 'issue');
    case 'comments-received':
      return f.commentsReceivedOn
        ? of('completed', longDate(f.commentsReceivedOn))
        : otherwise(f.draftServedOn !== null && !f.finalIssuedOn);
    case 'setting-consulted': {
      const n = f.consultations.length;
      if (n === 0) return otherwise(f.draftServedOn !== null);
      return of(f.finalIssuedOn || ended ? 'completed' : 'in-progress', `${n} consulted`);
    }
    case 'consultation-answered': {
      const n = f.consultations.length;
      const back = f.consultations.filter((c) => c.respondedOn).length;
      if (n === 0) return otherwise(false);
      return of(back === n ? 'completed' : ended ? 'not-needed' : 'in-progress', `${back} of ${n} answered`);
    }
    case 'final-issued':
      return f.finalIssuedOn
        ? of('completed', longDate(f.finalIssuedOn))
        : otherwise(f.draftServedOn !== null);
    case 'plan-transferred':
      return f.transferredOn ? of('completed', longDate(f.transferredOn)) : otherwise(true);
    case 'family-told-of-transfer':
      return f.familyToldOn ? of('completed', longDate(f.familyToldOn)) : otherwise(f.transferredOn !== null);
    default:
      return of('to-do');
  }
}

const taskStatus: Record<TaskState, Record<string, unknown>> = {
  completed: { text: 'Completed' },
  'in-progress': { tag: { text: 'In progress', classes: 'govuk-tag--light-blue' } },
  'to-do': { tag: { text: 'To do', classes: 'govuk-tag--blue' } },
  'cannot-start': { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' },
  'not-needed': { text: 'Not needed', classes: 'govuk-task-list__status--cannot-start-yet' },
};

/**
 * The steps as a GOV.UK task list, each with its true status; the next step is marked with its
 * due date, red when late. Steps that can be recorded now are links.
 */
export function taskListItems(view: RequestView, today: string, canWrite: boolean, kindSteps = true) {
  const f = view.state.facts;
  const steps = kindSteps ? (mainSteps[view.kind] ?? []) : otherSteps;
  return steps.map((type) => {
    const form = stepForms[type];
    const { state, hint } = f && kindSteps ? taskState(type, f) : { state: 'to-do' as const, hint: null };
    const open = state === 'to-do' || state === 'in-progress';
    const available = canWrite && open && stepAvailable(type, view, today);
    const next = view.next?.type === type ? view.next : null;
    const late = next?.deadline?.daysLate && !next.deadline.doneOn ? next.deadline.daysLate : null;
    const nextTag = next
      ? {
          tag: {
            text: next.deadline
              ? late
                ? `Next: ${late} ${late === 1 ? 'day' : 'days'} late`
                : `Next: due ${longDate(next.deadline.dueOn)}`
              : 'Next',
            classes: late ? 'govuk-tag--red' : 'govuk-tag--blue',
          },
        }
      : null;
    return {
      title: { text: form.task },
      href: available ? `/ehc/requests/${view.id}/steps/${type}` : undefined,
      hint: hint ? { text: hint } : undefined,
      status:
        nextTag ??
        (kindSteps ? taskStatus[state] : available ? taskStatus['to-do'] : taskStatus['cannot-start']),
    };
  });
}

/** A recorded step in words, naming the advice or setting it is about. */
export function describeEvent(body: EventBody, subjects: Readonly<Record<string, string>> = {}): string {
  switch (body.type) {
    case 'request-received':
      return `Request received from ${body.requestedBy}`;
    case 'assessment-decided':
      return body.outcome === 'assess' ? 'Decided to assess' : `Refused to assess: ${body.reasons}`;
    case 'advice-requested':
      return `${adviceKindLabels[body.kind]} advice asked of ${body.adviser}`;
    case 'advice-received':
      return `Advice received: ${subjects[body.adviceId] ?? 'advice'}`;
    case 'issue-decided':
      return body.outcome === 'issue'
        ? 'Decided to issue a plan'
        : `Decided not to issue a plan: ${body.reasons}`;
    case 'draft-served':
      return 'Draft plan served';
    case 'comments-received':
      return `Comments received${body.preferredSetting ? `; preferred setting ${body.preferredSetting}` : ''}`;
    case 'setting-consulted':
      return `${body.settingName} consulted`;
    case 'consultation-answered':
      return `${subjects[body.consultationId] ?? 'The setting'} ${body.outcome === 'can-meet-needs' ? 'can' : 'cannot'} meet the needs`;
    case 'final-issued':
      return `Final plan issued naming ${body.placement?.settingName ?? 'no placement'}`;
    case 'plan-transferred':
      return `Plan transferred in${body.planIssuedOn ? ` (issued ${longDate(body.planIssuedOn)})` : ''}`;
    case 'family-told-of-transfer':
      return 'Family told of the transfer';
    case 'exception-recorded':
      return `Exception (${body.exception.reason}) from ${longDate(body.exception.from)} to ${longDate(body.exception.to)}: ${body.exception.evidence}`;
    case 'mediation-certificate':
      return `Mediation certificate: ${appealableDecisionLabels[body.decision].toLowerCase()}`;
    case 'appeal-lodged':
      return `Appeal lodged against ${appealableDecisionLabels[body.decision].toLowerCase()}`;
  }
}

export function eventDate(body: EventBody): string {
  return longDate(body.type === 'exception-recorded' ? body.exception.from : body.on);
}
