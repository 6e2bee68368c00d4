import { escapeHtml } from '../../../platform/http/html.ts';
import { type IsoDate, longDate } from '../../../platform/kernel/dates.ts';
import { penceText } from '../../../platform/kernel/money.ts';
import { percentText } from '../../../platform/kernel/numbers.ts';
import type { HostTask, PanelOutcome, PlanLineKind, ReturnStatus, ToolkitFigures } from './domain/toolkit.ts';
import type { PotSummary, PupilView, Toolkit } from './service.ts';

/** How the toolkit reads on its pages and in its downloads: labels, tags, figures and what to do. */

export const planLineKindLabels: Record<PlanLineKind, string> = {
  named_pupil: 'Support for a named pupil',
  intervention: 'Intervention',
  shared_staff: 'Shared staff',
  other: 'Other',
};

export const outcomeLabels: Record<PanelOutcome, string> = {
  agreed: 'Agreed',
  agreed_different_amount: 'Agreed at a different amount',
  declined: 'Declined',
  deferred: 'Deferred',
};

export const returnStatusLabels: Record<ReturnStatus, string> = {
  not_due: 'Not due',
  due: 'Due',
  overdue: 'Overdue',
  submitted: 'Submitted',
  accepted: 'Accepted',
  returned: 'Returned',
};

const returnStatusTags: Record<ReturnStatus, string> = {
  not_due: 'govuk-tag--grey',
  due: 'govuk-tag--yellow',
  overdue: 'govuk-tag--red',
  submitted: 'govuk-tag--blue',
  accepted: 'govuk-tag--green',
  returned: 'govuk-tag--orange',
};

export const returnStatusTag = (s: ReturnStatus) => ({
  text: returnStatusLabels[s],
  classes: returnStatusTags[s],
});

/** "Schools SEND funding 2026-27". */
export const potTitle = (pot: PotSummary) => `${pot.name} ${pot.year.label}`;

export const toolkitPath = (clusterId: string, potId: string) =>
  `/cluster-funding/${clusterId}/pots/${potId}`;

export const notAdoptedText = (pot: PotSummary) =>
  `Allocations for ${pot.year.label} are not yet adopted by the LA`;

/** How a named pupil reads in a table: initials to those who may see them, otherwise only the school. */
export function pupilText(p: PupilView | null): string {
  if (!p) return '';
  return p.initials ? `${p.initials}, ${p.schoolName}` : `A pupil at ${p.schoolName}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export interface TaskItem {
  text: string;
  link: { href: string; text: string } | null;
}

/**
 * What the host has to do, each with where to do it. Heads and the LA read the same list without
 * the links: it is the host's to do.
 */
export function taskItems(tasks: readonly HostTask[], base: string, forHost: boolean): TaskItem[] {
  const link = (href: string, text: string) => (forHost ? { href: `${base}${href}`, text } : null);
  return tasks.map((t) => taskItem(t, link));
}

function taskItem(t: HostTask, link: (href: string, text: string) => TaskItem['link']): TaskItem {
  switch (t.kind) {
    case 'write-plan':
      return { text: 'Write the spending plan.', link: link('/plan', 'Go to the spending plan') };
    case 'over-allocated':
      return {
        text: `The plan is ${penceText(t.pence)} more than the allocation: make sure the cluster’s carry-forward covers it, or plan less.`,
        link: link('/plan', 'Go to the spending plan'),
      };
    case 'plan-agreed':
      return {
        text: `Put ${plural(t.decisions, 'agreed decision', 'agreed decisions')} into the spending plan.`,
        link: link('/plan', 'Go to the spending plan'),
      };
    case 'record-spend':
      return {
        text: `Record the spend for ${plural(t.decisions, 'agreed decision', 'agreed decisions')}.`,
        link: link('/spend/new', 'Record spend'),
      };
    case 'overspent-lines':
      return {
        text: `${plural(t.lines, 'line has', 'lines have')} spent ${penceText(t.pence)} more than planned: check the plan.`,
        link: link('/spend', 'See the spend by line'),
      };
    case 'deferred':
      return {
        text: `Take ${plural(t.decisions, 'deferred request', 'deferred requests')} to the next panel.`,
        link: link('/panel/new', 'Record a panel decision'),
      };
    case 'submit-return':
      return {
        text: t.overdue
          ? `The end-of-year return was due by ${longDate(t.dueOn)}: submit it now.`
          : t.yearEnded
            ? `Submit the end-of-year return by ${longDate(t.dueOn)}.`
            : `Submit the end-of-year return by ${longDate(t.dueOn)}, once the year ends on ${longDate(t.yearEndsOn)}.`,
        link: t.yearEnded ? link('/return', 'Go to the end-of-year return') : null,
      };
    case 'resubmit-return':
      return {
        text: `The LA sent the end-of-year return back: “${t.reason}” Correct it and submit it again.`,
        link: link('/return', 'Go to the end-of-year return'),
      };
  }
}

export interface SummaryRow {
  key: { text: string };
  value: { text: string };
}

const row = (key: string, value: string): SummaryRow => ({ key: { text: key }, value: { text: value } });

/** The dashboard's figures, each as a person reads it. */
export function figureRows(f: ToolkitFigures, status: ReturnStatus, dueOn: IsoDate): SummaryRow[] {
  if (f.allocationPence === null) return [];
  const balance = f.balancePence ?? 0;
  return [
    row('Allocation', penceText(f.allocationPence)),
    row(
      'Planned',
      f.overAllocationPence > 0
        ? `${penceText(f.plannedPence)} (${penceText(f.overAllocationPence)} more than the allocation)`
        : penceText(f.plannedPence),
    ),
    row('Agreed by the panel', penceText(f.agreedPence)),
    row('Spent', `${penceText(f.spentPence)} (${percentText(f.percentSpent, 'none')} of the allocation)`),
    row(
      balance < 0 ? 'Overspent' : 'Balance to carry forward',
      balance < 0 ? `${penceText(-balance)} more than the allocation` : penceText(balance),
    ),
    row('End-of-year return', `${returnStatusLabels[status]}: due by ${longDate(dueOn)}`),
  ];
}

export const toolkitParts = ['overview', 'plan', 'panel', 'spend', 'return'] as const;
export type ToolkitPart = (typeof toolkitParts)[number];

const partNames: Record<ToolkitPart, { text: string; path: string }> = {
  overview: { text: 'Overview', path: '' },
  plan: { text: 'Spending plan', path: '/plan' },
  panel: { text: 'Panel decisions', path: '/panel' },
  spend: { text: 'Spend', path: '/spend' },
  return: { text: 'End-of-year return', path: '/return' },
};

/**
 * What every toolkit page shows above its own part: the cluster and the pot, the parts of the
 * toolkit to move between, and the way back: to the person's clusters, or the LA's list.
 */
export function toolkitFrame(
  t: Pick<Toolkit, 'cluster' | 'pot' | 'standing'>,
  current: ToolkitPart,
  title: string,
) {
  const base = toolkitPath(t.cluster.id, t.pot.id);
  const la = t.standing.as === 'la';
  return {
    pageTitle: title,
    tabs: toolkitParts.map((part) => ({
      text: partNames[part].text,
      href: `${base}${partNames[part].path}`,
      active: part === current,
    })),
    backText: la ? 'Back to every cluster’s funding' : 'Back to your clusters’ funding',
    backHref: la ? `/funding/clusters?${new URLSearchParams({ potId: t.pot.id })}` : '/cluster-funding',
    notAdopted: notAdoptedText(t.pot),
    base,
  };
}

// Tables. Every cell is text, or HTML made here from escaped text.

const money = (pence: number) => ({ text: penceText(pence), format: 'numeric' });
const link = (href: string, text: string, hidden: string) =>
  `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}<span class="govuk-visually-hidden"> ${escapeHtml(hidden)}</span></a>`;

export const periodText = (from: IsoDate, to: IsoDate) => `${longDate(from)} to ${longDate(to)}`;

export function planHead(forHost: boolean) {
  return [
    { text: 'Line' },
    { text: 'Schools' },
    { text: 'Period' },
    { text: 'Planned', format: 'numeric' },
    { text: 'Spent', format: 'numeric' },
    { text: 'Left', format: 'numeric' },
    ...(forHost ? [{ html: '<span class="govuk-visually-hidden">Change</span>' }] : []),
  ];
}

export function planRows(t: Toolkit, forHost: boolean) {
  const base = toolkitPath(t.cluster.id, t.pot.id);
  return t.lines.map((l) => [
    {
      html: `<span class="govuk-!-font-weight-bold">${escapeHtml(planLineKindLabels[l.kind])}</span><br>${escapeHtml(l.description)}${
        l.pupil ? `<br>${escapeHtml(pupilText(l.pupil))}` : ''
      }`,
    },
    { text: l.schools.map((s) => s.name).join(', ') },
    { text: periodText(l.startsOn, l.endsOn) },
    money(l.plannedPence),
    money(l.figures.spentPence),
    l.figures.overspentPence > 0
      ? {
          text: `${penceText(l.figures.overspentPence)} over`,
          format: 'numeric',
          classes: 'govuk-!-font-weight-bold',
        }
      : money(l.figures.balancePence),
    ...(forHost && !t.frozen
      ? [{ html: link(`${base}/plan/${l.id}`, 'Change', l.description) }]
      : forHost
        ? [{ text: '' }]
        : []),
  ]);
}

export const decisionHead = [
  { text: 'Panel' },
  { text: 'Request' },
  { text: 'Asked', format: 'numeric' },
  { text: 'Decision' },
  { text: 'Agreed', format: 'numeric' },
];

export function decisionRows(t: Toolkit) {
  return t.decisions.map((d) => [
    { text: `${longDate(d.heldOn)}, ${d.headIds.length} of ${d.headsInCluster} heads` },
    {
      html: `<span class="govuk-!-font-weight-bold">${escapeHtml(d.schoolName)}</span>${
        d.pupil ? `<br>${escapeHtml(pupilText(d.pupil))}` : ''
      }<br>${escapeHtml(d.purpose)}`,
    },
    money(d.askedPence),
    {
      html: `${escapeHtml(outcomeLabels[d.outcome])}<br><span class="govuk-body-s">${escapeHtml(d.reasons)}</span>${
        d.line ? `<br><span class="govuk-body-s">In the plan: ${escapeHtml(d.line.description)}</span>` : ''
      }`,
    },
    d.agreedPence === null ? { text: '' } : money(d.agreedPence),
  ]);
}

export function spendByLineHead(forHost: boolean) {
  return [
    { text: 'Line' },
    { text: 'Planned', format: 'numeric' },
    { text: 'Spent', format: 'numeric' },
    { text: 'Left', format: 'numeric' },
    ...(forHost ? [{ html: '<span class="govuk-visually-hidden">Record spend</span>' }] : []),
  ];
}

export function spendByLineRows(t: Toolkit, forHost: boolean) {
  const base = toolkitPath(t.cluster.id, t.pot.id);
  const rows = t.lines.map((l) => [
    { text: `${planLineKindLabels[l.kind]}: ${l.description}${l.pupil ? ` (${pupilText(l.pupil)})` : ''}` },
    money(l.plannedPence),
    money(l.figures.spentPence),
    l.figures.overspentPence > 0
      ? {
          text: `${penceText(l.figures.overspentPence)} over`,
          format: 'numeric',
          classes: 'govuk-!-font-weight-bold',
        }
      : money(l.figures.balancePence),
    ...(forHost
      ? [
          t.frozen
            ? { text: '' }
            : {
                html: link(
                  `${base}/spend/new?${new URLSearchParams({ line: l.id })}`,
                  'Record spend',
                  `on ${l.description}`,
                ),
              },
        ]
      : []),
  ]);
  const f = t.figures;
  return [
    ...rows,
    [
      { text: 'Total', classes: 'govuk-!-font-weight-bold' },
      { ...money(f.plannedPence), classes: 'govuk-!-font-weight-bold' },
      { ...money(f.spentPence), classes: 'govuk-!-font-weight-bold' },
      { ...money(f.plannedPence - f.spentPence), classes: 'govuk-!-font-weight-bold' },
      ...(forHost ? [{ text: '' }] : []),
    ],
  ];
}

export function spendHead(forHost: boolean) {
  return [
    { text: 'Date' },
    { text: 'What' },
    { text: 'School' },
    { text: 'Amount', format: 'numeric' },
    ...(forHost ? [{ html: '<span class="govuk-visually-hidden">Remove</span>' }] : []),
  ];
}

/** Each entry of spend; the host's rows carry a button to remove one, sent with the page's CSRF token. */
export function spendRows(t: Toolkit, forHost: boolean, csrfToken: string) {
  const base = toolkitPath(t.cluster.id, t.pot.id);
  return t.spend.map((s) => [
    { text: longDate(s.spentOn) },
    { text: `${s.description} (${s.lineDescription})` },
    { text: s.schoolName },
    money(s.amountPence),
    ...(forHost
      ? [
          t.frozen
            ? { text: '' }
            : {
                html: `<form method="post" action="${escapeHtml(`${base}/spend/${s.id}/remove`)}"><input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}"><button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">Remove<span class="govuk-visually-hidden"> ${escapeHtml(`${penceText(s.amountPence)} spent on ${longDate(s.spentOn)}`)}</span></button></form>`,
              },
        ]
      : []),
  ]);
}
