import { escapeHtml } from '../../../../platform/http/html.ts';
import { type IsoDate, longDate } from '../../../../platform/kernel/dates.ts';
import { days, percentText, wholeNumber } from '../../../../platform/kernel/numbers.ts';
import { childName } from '../../requests/presenters.ts';
import { type PhaseTo, phaseToLabels } from '../domain/due-dates.ts';
import { type ReviewStage, type ReviewStep, reviewStageLabels, reviewStepLabels } from '../domain/process.ts';
import { beforeDeadline } from '../presenters.ts';
import {
  type Completion,
  type CompletionFigures,
  completionMeasures,
  overdueBands,
  type PhaseTransferStatus,
  phaseTransferStatusLabels,
} from './domain/lists.ts';
import type { SchoolReviewItem } from './school.ts';
import type { OverdueItem, PhaseItem, ReviewItem } from './service.ts';

/** How the review lists read on a page: GOV.UK table rows, every date and number as GOV.UK writes them. */

const tag = (text: string, colour: string) =>
  `<strong class="govuk-tag govuk-tag--${colour}">${escapeHtml(text)}</strong>`;
const hint = (text: string) =>
  `<br><span class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">${escapeHtml(text)}</span>`;
const n = (value: number) => ({
  text: wholeNumber(value),
  format: 'numeric',
  attributes: { 'data-sort-value': value },
});

/** A child's name linking to the review under way, or to the child's record when none is. */
function childCell(i: ReviewItem) {
  const href = i.openReview ? `/ehc/reviews/${i.openReview.id}` : `/children/${i.child.id}`;
  return {
    html: `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(childName(i.child))}</a>${i.child.upn ? hint(i.child.upn) : ''}`,
    attributes: { 'data-sort-value': `${i.child.surname} ${i.child.forename}` },
  };
}

export const stageText = (i: ReviewItem) =>
  i.openReview ? (reviewStageLabels[i.openReview.stage as ReviewStage] ?? i.openReview.stage) : 'Not started';

export const stepText = (step: string) => reviewStepLabels[step as ReviewStep] ?? step;

/** The next step of the review under way and when it is due, flagged when late. */
export function nextStepCell(i: ReviewItem, today: IsoDate) {
  const next = i.openReview?.nextDue;
  if (!next)
    return { text: i.openReview ? 'Nothing due' : 'Begin the review', attributes: { 'data-sort-value': '' } };
  return {
    html: `${escapeHtml(stepText(next.step))}, ${escapeHtml(longDate(next.on))}${next.on < today ? ` ${tag('Overdue', 'red')}` : ''}`,
    attributes: { 'data-sort-value': next.on },
  };
}

/** The statutory date, with a phase transfer's deadline and the under-fives' recommendation beside it. */
export function dueCell(i: ReviewItem) {
  const notes = [
    ...(i.recommendedBy
      ? [`Recommended review by ${longDate(i.recommendedBy)} (Code of Practice 9.178)`]
      : []),
    ...(i.phaseTransfer
      ? [`${phaseToLabels[i.phaseTransfer.to]}: amend ${beforeDeadline(i.phaseTransfer.deadline)}`]
      : []),
  ];
  return {
    html: `${escapeHtml(i.nextReviewDue ? longDate(i.nextReviewDue) : 'Not worked out yet')}${notes.map(hint).join('')}`,
    attributes: { 'data-sort-value': i.nextReviewDue ?? '' },
  };
}

const coordinatorCell = (i: ReviewItem) => ({ text: i.coordinator?.name ?? 'Not allocated' });

export const dueHead = [
  { text: 'Child', attributes: { 'aria-sort': 'none' } },
  { text: 'Review due', attributes: { 'aria-sort': 'ascending' } },
  { text: 'Review', attributes: { 'aria-sort': 'none' } },
  { text: 'Next step', attributes: { 'aria-sort': 'none' } },
  { text: 'Coordinator', attributes: { 'aria-sort': 'none' } },
];

function dueRow(i: ReviewItem, today: IsoDate) {
  return [childCell(i), dueCell(i), { text: stageText(i) }, nextStepCell(i, today), coordinatorCell(i)];
}

/** The page's rows by setting, in the order they came: a setting split across pages is headed on each. */
export function bySetting(items: readonly ReviewItem[], today: IsoDate) {
  const groups: { key: string; name: string; settingId: string | null; rows: ReturnType<typeof dueRow>[] }[] =
    [];
  for (const i of items) {
    const key = i.setting?.id ?? i.setting?.name ?? '';
    const last = groups.at(-1);
    const row = dueRow(i, today);
    if (last && last.key === key) last.rows.push(row);
    else
      groups.push({
        key,
        name: i.setting?.name ?? 'No setting recorded',
        settingId: i.setting?.id ?? null,
        rows: [row],
      });
  }
  return groups;
}

export const overdueHead = [
  { text: 'Child', attributes: { 'aria-sort': 'none' } },
  { text: 'Setting', attributes: { 'aria-sort': 'none' } },
  { text: 'Review was due', attributes: { 'aria-sort': 'none' } },
  { text: 'Overdue by', format: 'numeric', attributes: { 'aria-sort': 'descending' } },
  { text: 'Review', attributes: { 'aria-sort': 'none' } },
  { text: 'Next step', attributes: { 'aria-sort': 'none' } },
  { text: 'Coordinator', attributes: { 'aria-sort': 'none' } },
];

/** Weeks and days overdue: "5 weeks (37 days)". */
export function overdueText(daysLate: number) {
  const weeks = Math.floor(daysLate / 7);
  return weeks
    ? `${wholeNumber(weeks)} ${weeks === 1 ? 'week' : 'weeks'} (${days(daysLate)})`
    : days(daysLate);
}

function overdueRow(i: OverdueItem, today: IsoDate) {
  return [
    childCell(i),
    { text: i.setting?.name ?? 'No setting recorded' },
    dueCell(i),
    {
      text: overdueText(i.daysOverdue ?? 0),
      format: 'numeric',
      attributes: { 'data-sort-value': i.daysOverdue ?? 0 },
    },
    { text: stageText(i) },
    nextStepCell(i, today),
    coordinatorCell(i),
  ];
}

/** The page's overdue rows by band, most overdue first. */
export function byBand(items: readonly OverdueItem[], today: IsoDate) {
  return overdueBands
    .map((b) => ({
      key: b.key,
      label: b.label,
      rows: items.filter((i) => i.band === b.key).map((i) => overdueRow(i, today)),
    }))
    .filter((g) => g.rows.length)
    .reverse();
}

export const bandHead = [{ text: 'Overdue by' }, { text: 'Plans', format: 'numeric' }];
export const bandRows = (bands: readonly { label: string; count: number }[]) =>
  bands.map((b) => [{ text: b.label }, n(b.count)]);

const statusColours: Record<PhaseTransferStatus, string> = {
  'deadline-missed': 'red',
  'not-started': 'orange',
  'in-progress': 'blue',
  'amended-late': 'yellow',
  'amended-on-time': 'green',
};

const phaseStatusTag = (s: PhaseTransferStatus) => tag(phaseTransferStatusLabels[s], statusColours[s]);

export const phaseToText = (to: PhaseTo) => phaseToLabels[to] ?? to;

/** "14 days left", "Today is the deadline", "21 days ago". */
export function daysToDeadlineText(daysLeft: number) {
  if (daysLeft > 0) return `${days(daysLeft)} left`;
  if (daysLeft === 0) return 'The deadline is today';
  return `${days(-daysLeft)} ago`;
}

export const phaseHead = [
  { text: 'Child', attributes: { 'aria-sort': 'none' } },
  { text: 'Setting', attributes: { 'aria-sort': 'none' } },
  { text: 'Transfer', attributes: { 'aria-sort': 'none' } },
  { text: 'Deadline', attributes: { 'aria-sort': 'none' } },
  { text: 'Status', attributes: { 'aria-sort': 'none' } },
  { text: 'Days to the deadline', format: 'numeric', attributes: { 'aria-sort': 'none' } },
  { text: 'Next step', attributes: { 'aria-sort': 'none' } },
];

export function phaseRow(i: PhaseItem, today: IsoDate) {
  return [
    childCell(i),
    { text: i.setting?.name ?? 'No setting recorded' },
    { text: phaseToText(i.to) },
    { text: beforeDeadline(i.deadline), attributes: { 'data-sort-value': i.deadline } },
    {
      html: `${phaseStatusTag(i.status)}${i.amendedOn ? hint(`Amended ${longDate(i.amendedOn)}`) : ''}`,
      attributes: { 'data-sort-value': phaseTransferStatusLabels[i.status] },
    },
    {
      text: i.amendedOn ? '' : daysToDeadlineText(i.daysToDeadline),
      format: 'numeric',
      attributes: { 'data-sort-value': i.daysToDeadline },
    },
    nextStepCell(i, today),
  ];
}

export const phaseCountRows = (counts: readonly { status: PhaseTransferStatus; count: number }[]) =>
  counts.map((c) => [{ html: phaseStatusTag(c.status) }, n(c.count)]);

/** "45 of 60 (75%)", or that nothing fell due. */
export const shareText = (c: Completion) =>
  c.counted
    ? `${wholeNumber(c.met)} of ${wholeNumber(c.counted)} (${percentText(c.percentMet)})`
    : 'None due';

export const completionHead = [
  { text: 'Measure' },
  { text: 'Met', format: 'numeric' },
  { text: 'Missed', format: 'numeric' },
  { text: 'Counted', format: 'numeric' },
  { text: '% met', format: 'numeric' },
];

export function completionRows(f: CompletionFigures) {
  return completionMeasures.map((m) => {
    const c = f.totals[m.key];
    return [
      { html: `${escapeHtml(m.label)}${hint(m.definition)}` },
      n(c.met),
      n(c.missed),
      n(c.counted),
      { text: percentText(c.percentMet, 'None due'), format: 'numeric' },
    ];
  });
}

export const monthLabel = (month: IsoDate) => longDate(month).replace(/^1 /, '');

export const trendHead = [
  { text: 'Month' },
  ...completionMeasures.map((m) => ({ text: m.label, format: 'numeric' })),
];

export function trendRows(f: CompletionFigures) {
  return f.months.map((m) => [
    { text: monthLabel(m.month) },
    ...completionMeasures.map((x) => ({ text: shareText(m[x.key]), format: 'numeric' })),
  ]);
}

/** Where a school's review report stands, in words and a tag. */
function reportCell(i: SchoolReviewItem) {
  const r = i.report;
  switch (r.status) {
    case 'no-meeting':
      return {
        text: i.openReview ? 'After the meeting' : 'No review under way',
        attributes: { 'data-sort-value': '' },
      };
    case 'received':
      return {
        text: `Received ${longDate(i.openReview?.reportOn ?? '')}`,
        attributes: { 'data-sort-value': 'z' },
      };
    case 'due':
      return {
        html: `Due ${escapeHtml(longDate(r.dueOn ?? ''))} ${tag('To write', 'blue')}`,
        attributes: { 'data-sort-value': r.dueOn ?? '' },
      };
    case 'overdue':
      return {
        html: `Was due ${escapeHtml(longDate(r.dueOn ?? ''))} ${tag('Overdue', 'red')}`,
        attributes: { 'data-sort-value': r.dueOn ?? '' },
      };
  }
}

export const schoolHead = [
  { text: 'Child', attributes: { 'aria-sort': 'none' } },
  { text: 'Setting', attributes: { 'aria-sort': 'none' } },
  { text: 'Review due', attributes: { 'aria-sort': 'none' } },
  { text: 'Review', attributes: { 'aria-sort': 'none' } },
  { text: 'Meeting', attributes: { 'aria-sort': 'none' } },
  { text: 'Review report', attributes: { 'aria-sort': 'none' } },
  { html: '<span class="govuk-visually-hidden">What to do</span>' },
];

/** A school's pupils' plans: each child, where the review stands, and the report to write once the meeting is held. */
export function schoolRows(items: readonly SchoolReviewItem[]) {
  return items.map((i) => {
    const r = i.openReview;
    const write =
      r && (i.report.status === 'due' || i.report.status === 'overdue')
        ? `<a class="govuk-link" href="/school/reviews/${escapeHtml(r.id)}/report">Write the review report<span class="govuk-visually-hidden"> for ${escapeHtml(childName(i.child))}</span></a>`
        : '';
    return [
      childCell(i),
      { text: i.setting?.name ?? 'No setting recorded' },
      dueCell(i),
      { text: stageText(i) },
      {
        text: r?.heldOn
          ? `Held ${longDate(r.heldOn)}`
          : r?.meetingOn
            ? longDate(r.meetingOn)
            : 'Not arranged',
        attributes: { 'data-sort-value': r?.heldOn ?? r?.meetingOn ?? '' },
      },
      reportCell(i),
      { html: write || '<span class="govuk-visually-hidden">Nothing to do</span>' },
    ];
  });
}
