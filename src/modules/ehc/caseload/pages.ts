import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { ehcContext } from '../context.ts';
import { stageLabels, stepLabels } from '../domain/summary.ts';
import { childName } from '../requests/presenters.ts';
import { caseworkers } from '../requests/service.ts';
import { weekBands } from './domain/dashboard.ts';
import { requestListRow } from './presenters.ts';
import { dashboard, listRequests, myCaseload } from './service.ts';
import { trendChart } from './trend-chart.ts';

const listHead = [
  { text: 'Child' },
  { text: 'Received' },
  { text: 'Weeks', format: 'numeric' },
  { text: 'Stage' },
  { text: 'Next due' },
  { text: 'Flag' },
  { text: 'Coordinator' },
];
const pageSize = 50;

const _param = (request: FastifyRequest, name: string) =>
  (request.params as Record<string, string>)[name] ?? '';
const query = (request: FastifyRequest) => request.query as Record<string, string | undefined>;

export async function caseloadPages(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const ctx = (request: FastifyRequest) => ehcContext(request, deps.database, deps.clock);
  const may = (request: FastifyRequest, p: 'ehc:write' | 'ehc:allocate') =>
    can(request.principal?.roles ?? [], p);

  app.get('/ehc', { config: { access: 'ehc:read' } }, async (request, reply) => {
    const c = ctx(request);
    const caseload = await myCaseload(c);
    const count = (u: string) => caseload.items.filter((i) => i.urgency === u).length;
    return reply.page('ehc/caseload.njk', {
      pageTitle: 'Your caseload',
      head: listHead,
      rows: caseload.items.map(requestListRow),
      total: caseload.total,
      overdue: count('overdue'),
      dueSoon: count('due-within-7-days'),
      canAllocate: may(request, 'ehc:allocate'),
    });
  });

  app.get('/ehc/requests', { config: { access: 'ehc:read' } }, async (request, reply) => {
    const c = ctx(request);
    const q = query(request);
    const stage = Object.hasOwn(stageLabels, q.stage ?? '') ? q.stage : undefined;
    const page = Math.min(2000, Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1));
    const people = await caseworkers(c);
    const coordinator =
      q.coordinator === 'none'
        ? null
        : people.some((p) => p.id === q.coordinator)
          ? q.coordinator
          : undefined;
    const backlog = q.backlog === 'yes';
    const result = await listRequests(c, {
      stage,
      coordinatorId: coordinator,
      open: q.closed !== 'yes',
      backlogOn: backlog ? c.today : undefined,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    const filters = Object.fromEntries(
      Object.entries({
        stage,
        coordinator: q.coordinator && coordinator !== undefined ? q.coordinator : undefined,
        backlog: backlog ? 'yes' : undefined,
      }).filter(([, v]) => v),
    ) as Record<string, string>;
    const pages = Math.ceil(result.total / pageSize);
    const href = (p: number) => `/ehc/requests?${new URLSearchParams({ ...filters, page: String(p) })}`;
    return reply.page('ehc/requests.njk', {
      pageTitle: backlog ? 'Backlog: open past 20 weeks' : 'EHC requests',
      head: listHead,
      rows: result.items.map(requestListRow),
      total: result.total,
      stageItems: [
        { value: '', text: 'Any stage' },
        ...Object.entries(stageLabels).map(([value, text]) => ({ value, text, selected: value === stage })),
      ],
      coordinatorItems: [
        { value: '', text: 'Anyone' },
        { value: 'none', text: 'Not allocated', selected: q.coordinator === 'none' },
        ...people.map((p) => ({ value: p.id, text: p.name, selected: p.id === q.coordinator })),
      ],
      backlog,
      pagination:
        pages > 1
          ? {
              previous: page > 1 ? { href: href(page - 1) } : undefined,
              next: page < pages ? { href: href(page + 1) } : undefined,
              items: [{ number: page, href: href(page), current: true }],
            }
          : undefined,
    });
  });

  app.get('/ehc/dashboard', { config: { access: 'ehc:read' } }, async (request, reply) => {
    const c = ctx(request);
    const thisYear = Number(c.today.slice(0, 4));
    const asked = query(request).year;
    const year =
      asked && /^\d{4}$/.test(asked) && Number(asked) >= 2014 && Number(asked) <= thisYear
        ? Number(asked)
        : thisYear;
    const d = await dashboard(c, year);
    const bands = (b: typeof d.timeliness.includingExceptions) => [
      { text: String(b.issued), format: 'numeric' },
      { text: String(b.within20Weeks), format: 'numeric' },
      {
        text: b.percentWithin20Weeks === null ? 'None issued' : `${b.percentWithin20Weeks}%`,
        format: 'numeric',
      },
      { text: String(b.over20To52Weeks), format: 'numeric' },
      { text: String(b.over52Weeks), format: 'numeric' },
    ];
    return reply.page('ehc/dashboard.njk', {
      pageTitle: 'SEND team dashboard',
      d,
      yearItems: Array.from({ length: Math.min(6, thisYear - 2013) }, (_, i) => thisYear - i).map((y) => ({
        value: String(y),
        text: String(y),
        selected: y === year,
      })),
      allocationRows: d.allocation.map((a) => [
        {
          html: a.coordinator
            ? `<a class="govuk-link" href="/ehc/requests?coordinator=${a.coordinator.id}">${escapeHtml(a.coordinator.name)}</a>`
            : '<a class="govuk-link" href="/ehc/requests?coordinator=none">Not allocated</a>',
        },
        { text: String(a.open), format: 'numeric' },
        { text: String(a.overdue), format: 'numeric' },
        { text: String(a.dueWithin7Days), format: 'numeric' },
      ]),
      stageHead: [
        { text: 'Stage' },
        ...weekBands.map((b) => ({ text: b.label, format: 'numeric' })),
        { text: 'Total', format: 'numeric' },
      ],
      stageRows: [
        ...d.open.stages.map((s) => [
          { text: stageLabels[s.stage] },
          ...s.counts.map((n) => ({ text: String(n), format: 'numeric' })),
          { text: String(s.total), format: 'numeric' },
        ]),
        [
          { text: 'All open', classes: 'govuk-!-font-weight-bold' },
          ...d.open.totals.map((n) => ({
            text: String(n),
            format: 'numeric',
            classes: 'govuk-!-font-weight-bold',
          })),
          { text: String(d.open.total), format: 'numeric', classes: 'govuk-!-font-weight-bold' },
        ],
      ],
      timelinessRows: [
        [{ text: 'Including exceptions' }, ...bands(d.timeliness.includingExceptions)],
        [{ text: 'Excluding exceptions' }, ...bands(d.timeliness.excludingExceptions)],
      ],
      breachStepRows: d.breachesByStep.map((b) => [
        { text: stepLabels[b.step as 'advice'] ?? b.step },
        { text: String(b.missed), format: 'numeric' },
        { text: String(b.excepted), format: 'numeric' },
      ]),
      breachRows: d.recentBreaches.map((b) => [
        {
          html: `<a class="govuk-link" href="/ehc/requests/${b.requestId}">${escapeHtml(childName(b.child))}</a>`,
        },
        { text: stepLabels[b.step as 'advice'] ?? b.step },
        { text: longDate(b.dueOn) },
        { text: b.doneOn ? `${b.daysLate} days late` : `${b.daysLate} days overdue` },
        { html: b.reasons.map(escapeHtml).join('<br>') },
      ]),
      chart: trendChart(d.weekly),
      weeklyRows: d.weekly.map((w) => [
        { text: longDate(w.weekStarting) },
        { text: String(w.received), format: 'numeric' },
        { text: String(w.issued), format: 'numeric' },
        { text: w.percentWithin20WeeksEx === null ? '–' : `${w.percentWithin20WeeksEx}%`, format: 'numeric' },
      ]),
    });
  });
}
