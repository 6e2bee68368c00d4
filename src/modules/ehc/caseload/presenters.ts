import { escapeHtml } from '../../../platform/http/html.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import type { Deadline } from '../domain/deadlines.ts';
import { type Stage, stageLabels, stepLabels } from '../domain/summary.ts';
import { childName, urgencyTags } from '../requests/presenters.ts';
import type { RequestListItem } from './service.ts';

/** How lists of requests read on a page. */

export function requestListRow(r: RequestListItem) {
  return [
    { html: `<a class="govuk-link" href="/ehc/requests/${r.id}">${escapeHtml(childName(r.child))}</a>` },
    { text: longDate(r.receivedOn) },
    { text: String(r.weeksSinceRequest), format: 'numeric' },
    { text: stageLabels[r.stage as Stage] ?? r.stage },
    {
      text: r.nextDue
        ? `${stepLabels[r.nextDue.step as Deadline['step']] ?? r.nextDue.step}, ${longDate(r.nextDue.on)}`
        : 'Nothing due',
    },
    { html: urgencyTags[r.urgency] || '<span class="govuk-visually-hidden">No flag</span>' },
    { text: r.coordinator?.name ?? 'Not allocated' },
  ];
}
