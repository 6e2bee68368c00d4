import { escapeHtml } from '../../../platform/http/html.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { days, percentText, wholeNumber } from '../../../platform/kernel/numbers.ts';
import { stageLabels, stepLabels } from '../domain/summary.ts';
import { childName } from '../requests/presenters.ts';
import { weekBands } from './domain/dashboard.ts';
import type { Bands } from './domain/timeliness.ts';
import type { Dashboard } from './service.ts';

/** The team dashboard's tables as GOV.UK table rows, every number with its thousands separators. */

const n = (value: number, classes?: string) => ({ text: wholeNumber(value), format: 'numeric', classes });

const bandCells = (b: Bands) => [
  n(b.issued),
  n(b.within20Weeks),
  { text: percentText(b.percentWithin20Weeks, 'None issued'), format: 'numeric' },
  n(b.over20To52Weeks),
  n(b.over52Weeks),
];

export function dashboardRows(d: Dashboard) {
  const bold = 'govuk-!-font-weight-bold';
  return {
    timelinessRows: [
      [{ text: 'Including exceptions' }, ...bandCells(d.timeliness.includingExceptions)],
      [{ text: 'Excluding exceptions' }, ...bandCells(d.timeliness.excludingExceptions)],
    ],
    allocationRows: d.allocation.map((a) => [
      {
        html: a.coordinator
          ? `<a class="govuk-link" href="/ehc/requests?coordinator=${a.coordinator.id}">${escapeHtml(a.coordinator.name)}</a>`
          : '<a class="govuk-link" href="/ehc/requests?coordinator=none">Not allocated</a>',
      },
      n(a.open),
      n(a.overdue),
      n(a.dueWithin7Days),
    ]),
    stageHead: [
      { text: 'Stage' },
      ...weekBands.map((b) => ({ text: b.label, format: 'numeric' })),
      { text: 'Total', format: 'numeric' },
    ],
    stageRows: [
      ...d.open.stages.map((s) => [
        {
          html: `<a class="govuk-link" href="/ehc/requests?stage=${s.stage}">${escapeHtml(stageLabels[s.stage])}</a>`,
        },
        ...s.counts.map((c) => n(c)),
        n(s.total),
      ]),
      [{ text: 'All open', classes: bold }, ...d.open.totals.map((c) => n(c, bold)), n(d.open.total, bold)],
    ],
    breachStepRows: d.breachesByStep.map((b) => [
      { text: stepLabels[b.step as 'advice'] ?? b.step },
      n(b.missed),
      n(b.excepted),
    ]),
    breachRows: d.recentBreaches.map((b) => [
      {
        html: `<a class="govuk-link" href="/ehc/requests/${b.requestId}">${escapeHtml(childName(b.child))}</a>`,
      },
      { text: stepLabels[b.step as 'advice'] ?? b.step },
      { text: longDate(b.dueOn) },
      { text: b.doneOn ? `${days(b.daysLate)} late` : `${days(b.daysLate)} overdue` },
      { text: b.coordinator ?? 'Not allocated' },
      { html: b.reasons.map(escapeHtml).join('<br>') },
    ]),
    weeklyRows: d.weekly.map((w) => [
      { text: longDate(w.weekStarting) },
      n(w.received),
      n(w.issued),
      { text: percentText(w.percentWithin20WeeksEx, '–'), format: 'numeric' },
    ]),
  };
}
