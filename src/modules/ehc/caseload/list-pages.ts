import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { downloadLinks, requestedFormat } from '../../../platform/exports/index.ts';
import { parse } from '../../../platform/http/validation.ts';
import { type EhcContext, type EhcDeps, ehcContext } from '../context.ts';
import { processKindLabels } from '../domain/vocabulary.ts';
import { caseworkers } from '../requests/service.ts';
import {
  listSearchParams,
  pageSize,
  type RequestListQuery,
  requestListQuery,
  stageFilterLabels,
} from './domain/list-query.ts';
import { sendRequestsExport } from './export.ts';
import { findRequests, type ListScope } from './find.ts';
import { listHead, listPagination, listRow } from './presenters.ts';

/**
 * The team's requests (`/ehc/requests`) and a coordinator's caseload (`/ehc`): one search box,
 * filters, sortable columns and page numbers. A SEND team manager who holds no caseload of their
 * own is taken to the team's open work.
 */

const filterNames = [
  'format',
  'q',
  'stage',
  'kind',
  'coordinator',
  'school',
  'due',
  'backlog',
  'allocated',
  'sort',
  'order',
  'page',
] as const;

/** What was asked for, as text, with anything but a string (a repeated parameter) read as empty. */
function asked(request: FastifyRequest): Record<string, string> {
  const raw = request.query as Record<string, unknown>;
  return Object.fromEntries(
    filterNames.flatMap((n) => (typeof raw[n] === 'string' && raw[n] !== '' ? [[n, raw[n] as string]] : [])),
  );
}

const options = (labels: Record<string, string>, selected: string | undefined, anyLabel?: string) => [
  ...(anyLabel ? [{ value: '', text: anyLabel }] : []),
  ...Object.entries(labels).map(([value, text]) => ({ value, text, selected: value === selected })),
];

export async function listPages(app: FastifyInstance, deps: EhcDeps) {
  const ctx = (request: FastifyRequest) => ehcContext(request, deps);

  async function show(request: FastifyRequest, reply: FastifyReply, c: EhcContext, scope: ListScope) {
    const path = scope === 'mine' ? '/ehc' : '/ehc/requests';
    const raw = asked(request);
    const people = scope === 'team' ? await caseworkers(c) : [];
    const common = {
      scope,
      path,
      values: raw,
      stageItems: options(stageFilterLabels, raw.stage ?? 'open'),
      kindItems: options(processKindLabels, raw.kind, 'Any kind'),
      coordinatorItems: [
        { value: '', text: 'Anyone' },
        { value: 'none', text: 'Not allocated', selected: raw.coordinator === 'none' },
        ...people.map((p) => ({ value: p.id, text: p.name, selected: p.id === raw.coordinator })),
      ],
      dueItems: options(
        { overdue: 'Overdue', 'within-7-days': 'Due in the next 7 days' },
        raw.due,
        'Any time',
      ),
      allocatedItems: options({ '7-days': 'In the last 7 days' }, raw.allocated, 'Any time'),
    };
    const pageTitle = scope === 'mine' ? 'Your caseload' : 'EHC requests';
    const parsed = parse(requestListQuery, raw);
    if (!parsed.ok)
      return reply.code(400).page('ehc/requests.njk', {
        ...common,
        pageTitle,
        errors: parsed.errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
        fieldError: (f: string) => {
          const e = parsed.errors.find((x) => x.field === f);
          return e ? { text: e.message } : false;
        },
      });
    const q: RequestListQuery = parsed.data;
    const format = requestedFormat(request.query);
    if (format) return sendRequestsExport(reply, c, q, scope, format);
    const found = await findRequests(c, q, scope);
    if (!found.ok)
      return reply.code(400).page('ehc/requests.njk', {
        ...common,
        pageTitle,
        errors: found.errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
        fieldError: (f: string) => {
          const e = found.errors.find((x) => x.field === f);
          return e ? { text: e.message } : false;
        },
      });
    const { list } = found;
    const pages = Math.ceil(list.total / pageSize);
    const pastEnd = list.total > 0 && q.page > pages;
    return reply.code(pastEnd ? 404 : 200).page('ehc/requests.njk', {
      ...common,
      pageTitle,
      q,
      list,
      pages,
      pastEnd,
      lastPage: pastEnd ? `${path}?${listSearchParams({ ...q, page: pages })}` : null,
      from: list.offset + 1,
      to: list.offset + list.items.length,
      head: listHead(path, q, scope),
      rows: list.items.map((i) => listRow(i, scope)),
      pagination: listPagination(path, q, list.total, pageSize),
      filtered: Object.keys(raw).some((k) => !['sort', 'order', 'page'].includes(k)),
      downloads: downloadLinks(request.url),
      fieldError: () => false,
    });
  }

  app.get('/ehc', { config: { access: 'ehc:read' } }, async (request, reply) => {
    const c = ctx(request);
    // A manager without a caseload of their own watches the team's work.
    if (!c.principal.roles.includes('ehc_coordinator')) {
      const rest = new URLSearchParams(asked(request)).toString();
      return reply.redirect(`/ehc/requests${rest ? `?${rest}` : ''}`, 303);
    }
    return show(request, reply, c, 'mine');
  });

  app.get('/ehc/requests', { config: { access: 'ehc:read' } }, async (request, reply) =>
    show(request, reply, ctx(request), 'team'),
  );
}
