import { escapeHtml } from '../../../platform/http/html.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import type { Urgency } from '../caseload/domain/dashboard.ts';
import type { Deadline, DeadlineStatus } from '../domain/deadlines.ts';
import type { EventBody } from '../domain/process.ts';
import { stageLabels, stepLabels } from '../domain/summary.ts';
import {
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
    { key: { text: 'Received' }, value: { text: longDate(view.receivedOn) } },
    {
      key: { text: 'Asked by' },
      value: { text: `${view.requestedBy} (${requestSourceLabels[view.source as 'parent'] ?? view.source})` },
    },
    { key: { text: 'Consent' }, value: { text: view.consent ? 'Given' : 'Not given' } },
    { key: { text: 'Stage' }, value: { text: stageLabels[view.stage] } },
    { key: { text: 'Coordinator' }, value: { text: view.coordinator?.name ?? 'Not allocated' } },
    ...(view.plan?.placement
      ? [
          {
            key: { text: 'Placement' },
            value: {
              text: `${view.plan.placement.settingName} (${provisionLabels[view.plan.placement.provision]})`,
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

function done(type: StepType, view: RequestView): string | null {
  const f = view.state.facts;
  if (!f) return null;
  switch (type) {
    case 'assessment-decided':
      return f.assessDecision
        ? `${f.assessDecision.outcome === 'assess' ? 'Assess' : 'Refused'}, ${longDate(f.assessDecision.on)}`
        : null;
    case 'issue-decided':
      return f.issueDecision
        ? `${f.issueDecision.outcome === 'issue' ? 'Issue' : 'Not to issue'}, ${longDate(f.issueDecision.on)}`
        : null;
    case 'draft-served':
      return f.draftServedOn ? longDate(f.draftServedOn) : null;
    case 'comments-received':
      return f.commentsReceivedOn ? longDate(f.commentsReceivedOn) : null;
    case 'final-issued':
      return f.finalIssuedOn ? longDate(f.finalIssuedOn) : null;
    case 'plan-transferred':
      return f.transferredOn ? longDate(f.transferredOn) : null;
    case 'family-told-of-transfer':
      return f.familyToldOn ? longDate(f.familyToldOn) : null;
    default:
      return null;
  }
}

/** The steps as a GOV.UK task list: done, to do (a link) or not yet possible. */
export function taskListItems(view: RequestView, today: string, canWrite: boolean, kindSteps = true) {
  const steps = kindSteps ? (mainSteps[view.kind] ?? []) : otherSteps;
  return steps.map((type) => {
    const form = stepForms[type];
    const completed = done(type, view);
    const available = canWrite && !completed && stepAvailable(type, view, today);
    const count =
      type === 'advice-requested'
        ? view.advice.length
        : type === 'setting-consulted'
          ? view.consultations.length
          : 0;
    return {
      title: { text: form.task },
      href: available ? `/ehc/requests/${view.id}/steps/${type}` : undefined,
      hint: completed ? { text: completed } : count ? { text: `${count} recorded` } : undefined,
      status: completed
        ? { text: 'Completed' }
        : available
          ? { tag: { text: 'To do', classes: 'govuk-tag--blue' } }
          : { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' },
    };
  });
}

export function describeEvent(body: EventBody): string {
  switch (body.type) {
    case 'request-received':
      return `Request received from ${body.requestedBy}`;
    case 'assessment-decided':
      return body.outcome === 'assess' ? 'Decided to assess' : `Refused to assess: ${body.reasons}`;
    case 'advice-requested':
      return `Advice asked of ${body.adviser}`;
    case 'advice-received':
      return 'Advice received';
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
      return body.outcome === 'can-meet-needs'
        ? 'Setting can meet the needs'
        : 'Setting cannot meet the needs';
    case 'final-issued':
      return `Final plan issued naming ${body.placement?.settingName ?? 'no placement'}`;
    case 'plan-transferred':
      return 'Plan transferred in';
    case 'family-told-of-transfer':
      return 'Family told of the transfer';
    case 'exception-recorded':
      return `Exception (${body.exception.reason}) from ${longDate(body.exception.from)} to ${longDate(body.exception.to)}: ${body.exception.evidence}`;
    case 'mediation-certificate':
      return `Mediation certificate (${body.decision})`;
    case 'appeal-lodged':
      return `Appeal lodged (${body.decision})`;
  }
}

export function eventDate(body: EventBody): string {
  return longDate(body.type === 'exception-recorded' ? body.exception.from : body.on);
}
