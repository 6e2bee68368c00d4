import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { downloadLinks, requestedFormat } from '../../../../platform/exports/index.ts';
import { dateFromParts } from '../../../../platform/http/forms.ts';
import { HttpProblem } from '../../../../platform/http/problem.ts';
import { parse } from '../../../../platform/http/validation.ts';
import { longDate } from '../../../../platform/kernel/dates.ts';
import { pageNumbers } from '../../caseload/domain/list-query.ts';
import { type EhcContext, type EhcDeps, ehcContext } from '../../context.ts';
import { completionChart, legendSwatch } from './chart.ts';
import { completionMeasures, dueWindowEnd, phaseCohortDeadlines } from './domain/lists.ts';
import {
  type Period,
  pageSize,
  periodOf,
  type ReviewPageQuery,
  reviewPageQuery,
  reviewSearchParams,
  reviewViewLabels,
  reviewViews,
} from './domain/query.ts';
import { completionTables, sendReviewsExport } from './export.ts';
import {
  bandHead,
  bandRows,
  byBand,
  bySetting,
  completionHead,
  completionRows,
  dueHead,
  overdueHead,
  phaseCountRows,
  phaseHead,
  phaseRow,
  shareText,
  trendHead,
  trendRows,
} from './presenters.ts';
import { type ListFilters, reviewsPage } from './service.ts';

/**
 * `/ehc/reviews`: what is due and by when, for a coordinator or a SEND team manager. One view at
 * a time — due in the next 8 weeks by setting, overdue by how long, the phase-transfer cohort,
 * the completion figures — with the same filters across them and every table downloadable.
 */

const names = [
  'show',
  'coordinator',
  'setting',
  'page',
  'from',
  'to',
  'from-day',
  'from-month',
  'from-year',
  'to-day',
  'to-month',
  'to-year',
] as const;

/** What was asked for, as text; a repeated parameter is read as empty. */
function asked(request: FastifyRequest): Record<string, string> {
  const raw = request.query as Record<string, unknown>;
  return Object.fromEntries(
    names.flatMap((n) => (typeof raw[n] === 'string' && raw[n] !== '' ? [[n, raw[n] as string]] : [])),
  );
}

type Errors = { field: string; message: string }[];

/** The period's two dates from the form's date boxes, or from `from` and `to` in a link. */
function periodAsked(raw: Record<string, string>): { from?: string; to?: string; errors: Errors } {
  const errors: Errors = [];
  const out: { from?: string; to?: string; errors: Errors } = { errors };
  for (const [field, label] of [
    ['from', 'The start of the period'],
    ['to', 'The end of the period'],
  ] as const) {
    const parts = dateFromParts(
      label,
      raw[`${field}-day`] ?? '',
      raw[`${field}-month`] ?? '',
      raw[`${field}-year`] ?? '',
    );
    if (!parts.ok) errors.push({ field, message: parts.message });
    else if (parts.value) out[field] = parts.value;
    else if (raw[field]) out[field] = raw[field];
  }
  return out;
}

const dateBoxes = (iso: string | undefined, raw: Record<string, string>, field: 'from' | 'to') =>
  raw[`${field}-day`] !== undefined ||
  raw[`${field}-month`] !== undefined ||
  raw[`${field}-year`] !== undefined
    ? { day: raw[`${field}-day`] ?? '', month: raw[`${field}-month`] ?? '', year: raw[`${field}-year`] ?? '' }
    : iso
      ? {
          day: String(Number(iso.slice(8, 10))),
          month: String(Number(iso.slice(5, 7))),
          year: iso.slice(0, 4),
        }
      : { day: '', month: '', year: '' };

const filtersOf = (q: Pick<ReviewPageQuery, 'coordinator' | 'setting'>): ListFilters => ({
  coordinator: q.coordinator,
  setting: q.setting,
});

export async function reviewListPages(app: FastifyInstance, deps: EhcDeps) {
  app.get('/ehc/reviews', { config: { access: 'ehc:read' } }, async (request, reply) =>
    show(request, reply, ehcContext(request, deps)),
  );
}

async function show(request: FastifyRequest, reply: FastifyReply, c: EhcContext) {
  const raw = asked(request);
  const period = periodAsked(raw);
  const showAsked = raw.show && (reviewViews as readonly string[]).includes(raw.show) ? raw.show : 'due';
  const form = (errors: Errors) => ({
    pageTitle: 'Reviews',
    values: raw,
    view: showAsked,
    fromBoxes: dateBoxes(period.from, raw, 'from'),
    toBoxes: dateBoxes(period.to, raw, 'to'),
    errors: errors.map((e) => ({
      text: e.message,
      href: `#${e.field === 'from' || e.field === 'to' ? `${e.field}-day` : e.field}`,
    })),
    fieldError: (f: string) => {
      const e = errors.find((x) => x.field === f);
      return e ? { text: e.message } : false;
    },
  });
  const parsed = parse(reviewPageQuery, { ...raw, from: period.from, to: period.to });
  const checked = parsed.ok && parsed.data.show === 'completion' ? periodOf(parsed.data, c.today) : undefined;
  const errors = [
    ...period.errors,
    ...(parsed.ok ? [] : parsed.errors),
    ...(checked && !checked.ok ? checked.errors : []),
  ];
  if (!parsed.ok || errors.length) return reply.code(400).page('ehc/reviews.njk', form(errors));
  const q = parsed.data;
  const chosen: Period = checked?.ok === true ? checked.period : { from: c.today, to: c.today };
  const filters = filtersOf(q);
  const format = requestedFormat(request.query);
  if (format) {
    const table = (request.query as Record<string, unknown>).table;
    if (
      q.show === 'completion' &&
      table !== undefined &&
      !(completionTables as readonly unknown[]).includes(table)
    )
      throw new HttpProblem(
        400,
        'There is no such table',
        `table must be one of: ${completionTables.join(', ')}`,
        [{ field: 'table', message: `table must be one of: ${completionTables.join(', ')}` }],
      );
    return sendReviewsExport(reply, c, q.show, filters, chosen, table as string | undefined, format);
  }
  const offset = (q.page - 1) * pageSize;
  const found = await reviewsPage(c, q.show, filters, { limit: pageSize, offset }, chosen);
  if (!found.ok) return reply.code(400).page('ehc/reviews.njk', form(found.errors));
  const data = found.value;
  const href = (changes: Partial<ReviewPageQuery>) =>
    `/ehc/reviews?${reviewSearchParams({ ...q, ...changes }, c.today)}`.replace(/\?$/, '');
  const tabs = reviewViews.map((v) => ({
    text:
      v === 'due'
        ? `${reviewViewLabels[v]} (${data.counts.due.toLocaleString('en-GB')})`
        : v === 'overdue'
          ? `${reviewViewLabels[v]} (${data.counts.overdue.toLocaleString('en-GB')})`
          : reviewViewLabels[v],
    href: href({ show: v, page: 1 }),
    active: v === q.show,
  }));
  const base = {
    ...form([]),
    q,
    tabs,
    coordinatorItems: [
      { value: '', text: 'Anyone' },
      { value: 'me', text: 'You', selected: q.coordinator === 'me' },
      { value: 'none', text: 'Not allocated', selected: q.coordinator === 'none' },
      ...data.caseworkers.map((p) => ({ value: p.id, text: p.name, selected: p.id === q.coordinator })),
    ],
    filtered: Boolean(q.coordinator || q.setting),
    clearHref: href({ coordinator: undefined, setting: undefined, page: 1 }),
    today: c.today,
    windowEnd: longDate(dueWindowEnd(c.today)),
    downloads: downloadLinks(request.url),
  };
  if (data.view === 'completion') {
    const f = data.figures;
    const links = (table: string) =>
      downloadLinks(
        `/ehc/reviews?${new URLSearchParams({ ...Object.fromEntries(reviewSearchParams(q, c.today)), show: 'completion', from: f.from, to: f.to, table })}`,
      );
    return reply.page('ehc/reviews.njk', {
      ...base,
      // The period shown, the defaults filled in, so the boxes say what the figures are for.
      fromBoxes: dateBoxes(f.from, raw, 'from'),
      toBoxes: dateBoxes(f.to, raw, 'to'),
      figures: f,
      periodText: `${longDate(f.from)} to ${longDate(f.to)}`,
      headline: completionMeasures.map((m) => ({
        label: m.label,
        share: shareText(f.totals[m.key]),
        c: f.totals[m.key],
      })),
      completionHead,
      completionRows: completionRows(f),
      trendHead,
      trendRows: trendRows(f),
      chart: completionChart(f),
      legend: completionMeasures.map((m, i) => ({ label: m.label, swatch: legendSwatch(i) })),
      completionDownloads: { completion: links('completion'), trend: links('trend') },
    });
  }
  const list = data.list;
  const pages = Math.ceil(list.total / pageSize);
  const pastEnd = list.total > 0 && q.page > pages;
  const pagination =
    pages > 1
      ? {
          previous: q.page > 1 ? { href: href({ page: Math.min(q.page - 1, pages) }) } : undefined,
          next: q.page < pages ? { href: href({ page: q.page + 1 }) } : undefined,
          items: pageNumbers(Math.min(q.page, pages), pages).map((n) =>
            n === null ? { ellipsis: true } : { number: n, href: href({ page: n }), current: n === q.page },
          ),
          landmarkLabel: 'Pages of reviews',
        }
      : undefined;
  const listed = {
    ...base,
    total: list.total,
    from: offset + 1,
    to: offset + list.items.length,
    pages,
    pastEnd,
    lastPage: pastEnd ? href({ page: pages }) : null,
    pagination,
  };
  const status = pastEnd ? 404 : 200;
  if (data.view === 'due')
    return reply.code(status).page('ehc/reviews.njk', {
      ...listed,
      dueHead,
      groups: bySetting(data.list.items, c.today),
    });
  if (data.view === 'overdue')
    return reply.code(status).page('ehc/reviews.njk', {
      ...listed,
      bandHead,
      bandRows: bandRows(data.list.bands),
      overdueHead,
      bands: byBand(data.list.items, c.today),
    });
  const window = phaseCohortDeadlines(data.list.academicYear);
  return reply.code(status).page('ehc/reviews.njk', {
    ...listed,
    academicYear: data.list.academicYear,
    transferYear: data.list.academicYear + 1,
    windowText: `${longDate(window.from)} to ${longDate(window.to)}`,
    phaseCountRows: phaseCountRows(data.list.counts),
    phaseHead,
    phaseRows: data.list.items.map((i) => phaseRow(i, c.today)),
  });
}
