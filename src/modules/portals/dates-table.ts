import type { ExportTable } from '../../platform/exports/index.ts';
import { escapeHtml } from '../../platform/http/html.ts';
import type { FamilyDate } from './domain/progress.ts';

/**
 * A process's dates as the family reads them, on a page and in a download: the EHC request's and
 * a review's alike. Each status carries a tag in words as well as colour.
 */

const stateTags: Record<FamilyDate['state'], [string, string]> = {
  done: ['Done', 'green'],
  late: ['Late', 'red'],
  due: ['To come', 'blue'],
  open: ['Open', 'yellow'],
  closed: ['Closed', 'grey'],
};

export function familyDateRows(dates: readonly FamilyDate[]) {
  return dates.map((d) => {
    const [label, colour] = stateTags[d.state];
    return [
      { text: d.what },
      { text: d.who },
      { html: `<strong class="govuk-tag govuk-tag--${colour}">${label}</strong> ${escapeHtml(d.status)}` },
    ];
  });
}

export const familyDatesTable = (fileStem: string, childId: string): ExportTable<FamilyDate> => ({
  fileStem,
  sheetTitle: 'Dates',
  columns: [
    { heading: 'What happens', kind: 'text', width: 50, value: (d) => d.what },
    { heading: 'Who does it', kind: 'text', width: 30, value: (d) => d.who },
    { heading: 'Due by', kind: 'date', value: (d) => d.dueOn },
    { heading: 'Status', kind: 'text', width: 60, value: (d) => d.status },
  ],
  childIdsOf: () => [childId],
});
