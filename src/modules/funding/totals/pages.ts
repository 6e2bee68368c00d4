import type { FastifyInstance } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { downloadLinks, requestedFormat } from '../../../platform/exports/index.ts';
import { pagination } from '../../../platform/http/pagination.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import { fyLabel, fyOf } from '../../../platform/kernel/financial-years.ts';
import { fundingContext } from '../api.ts';
import { readFy } from '../pages/years.ts';
import { yearItems } from '../presenters.ts';
import { budgetYears } from '../service.ts';
import { type Grouping, groupings } from './domain/totals.ts';
import { sendTotalsExport } from './export.ts';
import {
  groupingItems,
  groupingPhrases,
  reconciliation,
  toDos,
  totalsHead,
  totalsRows,
} from './presenters.ts';
import { getTotals } from './service.ts';

/**
 * A year's high needs spend by type, setting, need, cluster, Ofsted grade or child, with what to do
 * about it and its downloads: for finance officers and SEND commissioners.
 */

const pageSize = 50;
const maxPage = 5_000;

interface Asked {
  fy: number;
  by: Grouping;
  page: number;
}

function readQuery(query: Record<string, unknown>, today: string): { asked: Asked; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const asked: Asked = { fy: fyOf(today), by: 'type', page: 1 };
  const fy = readFy(query.fy, today);
  if (fy.ok) asked.fy = fy.fy;
  else problems.push({ field: 'fy', message: fy.message });
  const by = query.by;
  if (typeof by === 'string' && (groupings as readonly string[]).includes(by)) asked.by = by as Grouping;
  else if (by !== undefined && by !== '')
    problems.push({ field: 'by', message: 'Choose how to group the spend from the list' });
  const page = query.page;
  if (page !== undefined && page !== '') {
    const n = typeof page === 'string' && /^\d{1,4}$/.test(page) ? Number(page) : Number.NaN;
    if (Number.isInteger(n) && n >= 1 && n <= maxPage) asked.page = n;
    else problems.push({ field: 'page', message: `page must be a whole number from 1 to ${maxPage}` });
  }
  return { asked, problems };
}

export async function totalsPage(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  app.get('/finance/totals', { config: { access: 'finance:read' } }, async (request, reply) => {
    const ctx = fundingContext(request, deps.database, deps.clock);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const roles = ctx.principal.roles;
    const canSeeChildren = can(roles, 'placements:read');
    const years = await budgetYears(ctx);
    const { asked, problems } = readQuery(query, ctx.today);
    const form = {
      yearItems: yearItems(years, asked.fy, ctx.today),
      groupingItems: groupingItems(asked.by, canSeeChildren),
    };
    if (problems.length)
      return reply.code(400).page('funding/totals.njk', {
        pageTitle: 'High needs spend',
        ...form,
        // A page number comes only from the pagination's links, so its message leads to the form.
        errors: errorSummary(problems).map((e) => (e.href === '#page' ? { ...e, href: '#totals-form' } : e)),
        fyError: errorFor(problems, 'fy'),
        byError: errorFor(problems, 'by'),
      });
    const format = requestedFormat(query);
    if (format) return sendTotalsExport(reply, ctx, asked.fy, asked.by, format);

    const t = await getTotals(ctx, {
      fy: asked.fy,
      by: asked.by,
      limit: pageSize,
      offset: (asked.page - 1) * pageSize,
    });
    const params = (extra: Record<string, string>) =>
      new URLSearchParams({ fy: fyLabel(asked.fy), by: asked.by, ...extra });
    const hrefFor = (page: number) => `/finance/totals?${params({ page: String(page) })}`;
    const pastEnd = asked.page > 1 && t.groups.length === 0;
    return reply.code(pastEnd ? 404 : 200).page('funding/totals.njk', {
      pageTitle: `High needs spend by ${groupingPhrases[asked.by]} in ${t.label}`,
      ...form,
      t,
      phrase: groupingPhrases[asked.by],
      head: totalsHead(asked.by),
      rows: totalsRows(t),
      from: t.offset + 1,
      to: t.offset + t.groups.length,
      page: asked.page,
      pastEnd,
      firstPage: hrefFor(1),
      pagination: pagination(t.total, asked.page, pageSize, hrefFor),
      todos: toDos(t, { canManage: can(roles, 'finance:manage'), canSeePlacements: canSeeChildren }),
      reconciliation: reconciliation(t),
      namesChildren: asked.by === 'child',
      downloads: downloadLinks(`/finance/totals?${params({})}`),
    });
  });
}
