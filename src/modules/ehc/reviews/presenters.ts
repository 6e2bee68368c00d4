import { escapeHtml } from '../../../platform/http/html.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { addDays, daysBetween } from '../../../platform/kernel/days.ts';
import type { DeadlineStatus } from '../domain/deadlines.ts';
import { phaseToLabels } from './domain/due-dates.ts';
import {
  ceaseReasons,
  type ReviewDeadline,
  type ReviewEventBody,
  reviewStageLabels,
  reviewStepLabels,
} from './domain/process.ts';
import type { ReviewView } from './service.ts';

/** How a review reads on its page: what is next and by when, its summary, its deadlines and history. */

const tag = (text: string, colour: string) =>
  `<strong class="govuk-tag govuk-tag--${colour}">${escapeHtml(text)}</strong>`;

const statusTags: Record<DeadlineStatus, [string, string]> = {
  due: ['Due', 'blue'],
  met: ['Met', 'green'],
  missed: ['Missed', 'red'],
  excepted: ['Exception', 'purple'],
  open: ['Open', 'blue'],
  used: ['Used', 'green'],
  closed: ['Closed', 'grey'],
};

const owners: Record<string, string> = {
  la: 'The LA',
  setting: 'The setting',
  family: 'The family',
  adviser: 'The adviser',
  'previous-la': 'The previous LA',
};

export const reviewKindLabels = {
  annual: 'Annual review',
  'phase-transfer': 'Phase transfer review',
} as const;

/** reg 18 says "before": the page says it the same way, so nobody aims for the day itself. */
export const beforeDeadline = (deadline: string) => `before ${longDate(deadline)}`;

export function reviewDeadlineRows(list: readonly ReviewDeadline[]) {
  return list.map((d) => {
    const [text, colour] = statusTags[d.status];
    return [
      {
        html: `${escapeHtml(reviewStepLabels[d.step])}<br><span class="govuk-hint">${escapeHtml(d.rule)}</span>`,
      },
      { text: owners[d.owner] ?? d.owner },
      { text: d.deadline ? beforeDeadline(d.deadline) : longDate(d.dueOn) },
      { text: d.doneOn ? longDate(d.doneOn) : 'Not yet' },
      {
        html: `${tag(text, colour)}${d.daysLate ? ` ${d.daysLate} ${d.daysLate === 1 ? 'day' : 'days'} late` : ''}`,
      },
    ];
  });
}

export function reviewSummaryRows(view: ReviewView) {
  const f = view.facts;
  const pt = f.subject.phaseTransfer;
  const rows: { key: { text: string }; value: { text?: string; html?: string } }[] = [
    {
      key: { text: 'Child' },
      value: {
        html: `<a class="govuk-link" href="/children/${view.child.id}">${escapeHtml(`${view.child.forename} ${view.child.surname}`)}</a>`,
      },
    },
    { key: { text: 'Stage' }, value: { text: reviewStageLabels[view.stage] } },
    {
      key: { text: 'Plan' },
      value: {
        text: `Made ${view.plan.issuedOn ? longDate(view.plan.issuedOn) : 'not yet'}, version ${view.plan.planVersion}${view.plan.settingName ? `, naming ${view.plan.settingName}` : ''}${view.plan.status === 'active' ? '' : ` (${view.plan.status})`}`,
      },
    },
    { key: { text: 'Review due by' }, value: { text: longDate(f.subject.dueOn) } },
  ];
  if (view.recommendation)
    rows.push({
      key: { text: 'Recommended for under-fives' },
      value: {
        text: `Review between ${longDate(view.recommendation.from)} and ${longDate(view.recommendation.by)} (Code of Practice 9.178: every 3 to 6 months; a recommendation, not a statutory date)`,
      },
    });
  if (pt)
    rows.push({
      key: { text: 'Phase transfer' },
      value: {
        text: `${phaseToLabels[pt.to]}: the amended plan must be issued ${beforeDeadline(pt.deadline)} (last day ${longDate(pt.dueOn)})`,
      },
    });
  if (f.meetingOn)
    rows.push({
      key: { text: 'Meeting' },
      value: { text: longDate(f.meetingOn) + (f.heldOn ? ' (held)' : '') },
    });
  if (f.invitees.length) rows.push({ key: { text: 'Invited' }, value: { text: f.invitees.join(', ') } });
  if (f.decision)
    rows.push({
      key: { text: 'Decision' },
      value: {
        text: `${decisionLabel(f.decision.outcome)} on ${longDate(f.decision.on)}${f.decision.ceaseReason ? ` (${ceaseReasons[f.decision.ceaseReason]})` : ''}`,
      },
    });
  rows.push({ key: { text: 'Review officer' }, value: { text: view.coordinator ?? 'Not allocated' } });
  return rows;
}

const decisionLabel = (o: string) => ({ maintain: 'Maintain', amend: 'Amend', cease: 'Cease' })[o] ?? o;

/** What is next and by when, in words, and whose it is. */
export function nextPanel(view: ReviewView, today: string) {
  if (view.closedOn)
    return {
      title: 'This review is complete',
      lines: [
        `It ended on ${longDate(view.closedOn)}.${view.plan.nextReviewDue ? ` The next review is due by ${longDate(view.plan.nextReviewDue)}.` : ''}`,
      ],
      late: false,
    };
  const n = view.next;
  if (!n) return { title: 'Nothing is due', lines: [], late: false };
  const late = n.dueOn < today;
  const when = n.deadline ? beforeDeadline(n.deadline) : `by ${longDate(n.dueOn)}`;
  return {
    title: reviewStepLabels[n.step],
    lines: [
      `${owners[n.owner] ?? n.owner} ${late ? 'should have done this' : 'must do this'} ${when}.${late ? ` It is ${daysBetween(n.dueOn, today)} days late.` : ''}`,
      n.rule,
    ],
    late,
  };
}

export function describeReviewEvent(b: ReviewEventBody): string {
  switch (b.type) {
    case 'invited':
      return `Invited to the meeting on ${longDate(b.meetingOn)}`;
    case 'meeting-moved':
      return `Meeting moved to ${longDate(b.meetingOn)}`;
    case 'advice-circulated':
      return 'Advice circulated';
    case 'meeting-held':
      return 'Meeting held';
    case 'report-received':
      return `Review report from ${b.by === 'la' ? 'the LA' : 'the setting'}, recommending ${decisionLabel(b.recommendation).toLowerCase()}`;
    case 'decided':
      return `Decision: ${decisionLabel(b.outcome).toLowerCase()}${b.ceaseReason ? ` (${ceaseReasons[b.ceaseReason]})` : ''}`;
    case 'amendments-proposed':
      return `Proposed amendments sent: sections ${Object.keys(b.sections).join(', ')}`;
    case 'representations-received':
      return 'Representations received';
    case 'amended-plan-issued':
      return `Amended plan issued${b.placement ? `, naming ${b.placement.settingName}` : ''}`;
    case 'appeal-lodged':
      return 'Appeal lodged';
    case 'appeal-concluded':
      return `Appeal concluded: ${{ 'plan-maintained': 'plan maintained', 'cease-upheld': 'decision to cease upheld', withdrawn: 'withdrawn' }[b.outcome]}`;
    case 'plan-ceased':
      return 'Plan ceased';
  }
}

/** The soonest day a meeting could be held with 2 weeks' notice sent today, for the invitation's hint. */
export const earliestMeeting = (today: string) => addDays(today, 14);
