import { escapeHtml } from '../../../platform/http/html.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import type { Deadline } from '../domain/deadlines.ts';
import { type Stage, stageLabels, stepLabels } from '../domain/summary.ts';
import { childName, urgencyTags } from '../requests/presenters.ts';
import {
  listSearchParams,
  pageNumbers,
  type RequestListQuery,
  type SortKey,
  sortLabels,
} from './domain/list-query.ts';
import type { ListScope, RequestListItem } from './find.ts';

/** How lists of requests read on a page: sortable headings, rows, and a pager with page numbers. */

type Column = { key: SortKey | null; text: string; numeric?: boolean; teamOnly?: boolean };
const columns: Column[] = [
  { key: 'child', text: sortLabels.child },
  { key: 'age', text: sortLabels.age, numeric: true },
  { key: null, text: 'School or setting' },
  { key: 'received', text: sortLabels.received },
  { key: 'stage', text: sortLabels.stage },
  { key: 'next-due', text: sortLabels['next-due'] },
  { key: null, text: 'Days overdue', numeric: true },
  { key: 'coordinator', text: sortLabels.coordinator, teamOnly: true },
];
const shown = (scope: ListScope) => columns.filter((c) => scope === 'team' || !c.teamOnly);

/** Column headings; a sortable one is a link that sorts by it, and says how the list is sorted now. */
export function listHead(path: string, q: RequestListQuery, scope: ListScope) {
  return shown(scope).map((c) => {
    const format = c.numeric ? 'numeric' : undefined;
    if (!c.key) return { text: c.text, format };
    const current = q.sort === c.key;
    const order = current && q.order === 'asc' ? 'desc' : 'asc';
    const href = `${path}?${listSearchParams({ ...q, sort: c.key, order, page: 1 })}`;
    const now = current ? (q.order === 'asc' ? 'ascending' : 'descending') : null;
    return {
      html: `<a class="govuk-link app-sort-link" href="${escapeHtml(href)}">${escapeHtml(c.text)}<span class="govuk-visually-hidden">${now ? `, sorted ${now}` : ''}; sort ${order === 'asc' ? 'ascending' : 'descending'}</span></a>`,
      format,
      attributes: now ? { 'aria-sort': now } : undefined,
    };
  });
}

export function listRow(r: RequestListItem, scope: ListScope) {
  const cells = [
    {
      html: `<a class="govuk-link" href="/ehc/requests/${r.id}">${escapeHtml(childName(r.child))}</a>${r.child.upn ? `<br><span class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">${escapeHtml(r.child.upn)}</span>` : ''}`,
    },
    { text: String(r.age), format: 'numeric' },
    { text: r.school?.name ?? 'None recorded' },
    { text: longDate(r.receivedOn) },
    { text: `${stageLabels[r.stage as Stage] ?? r.stage}${r.closedOn ? `, ${longDate(r.closedOn)}` : ''}` },
    {
      html: r.nextDue
        ? `${escapeHtml(stepLabels[r.nextDue.step as Deadline['step']] ?? r.nextDue.step)}, ${escapeHtml(longDate(r.nextDue.on))}${urgencyTags[r.urgency] ? ` ${urgencyTags[r.urgency]}` : ''}`
        : 'Nothing due',
    },
    { text: r.daysOverdue === null ? '' : r.daysOverdue.toLocaleString('en-GB'), format: 'numeric' },
  ];
  return scope === 'team' ? [...cells, { text: r.coordinator?.name ?? 'Not allocated' }] : cells;
}

/** GOV.UK pagination with page numbers, keeping the filters and sort. */
export function listPagination(path: string, q: RequestListQuery, total: number, size: number) {
  const pages = Math.ceil(total / size);
  if (pages <= 1) return undefined;
  const href = (page: number) => `${path}?${listSearchParams({ ...q, page })}`;
  return {
    previous: q.page > 1 ? { href: href(Math.min(q.page - 1, pages)) } : undefined,
    next: q.page < pages ? { href: href(q.page + 1) } : undefined,
    items: pageNumbers(Math.min(q.page, pages), pages).map((n) =>
      n === null ? { ellipsis: true } : { number: n, href: href(n), current: n === q.page },
    ),
    landmarkLabel: 'Pages of requests',
  };
}
