import type { FastifyInstance, FastifyRequest } from 'fastify';
import { downloadLinks, requestedFormat } from '../../../platform/exports/index.ts';
import { HttpProblem } from '../../../platform/http/problem.ts';
import { parse } from '../../../platform/http/validation.ts';
import { type EhcDeps, ehcContext } from '../context.ts';
import { dashboardTables, isDashboardTable, sendDashboardExport } from './dashboard-export.ts';
import { dashboardRows } from './dashboard-presenters.ts';
import { yearQuery } from './domain/year.ts';
import { dashboard } from './service.ts';
import { trendChart } from './trend-chart.ts';

/** The SEND team manager's dashboard: allocation, the open work by stage and week, breaches, timeliness. */

const query = (request: FastifyRequest) => request.query as Record<string, string | undefined>;

export async function dashboardPage(app: FastifyInstance, deps: EhcDeps) {
  const ctx = (request: FastifyRequest) => ehcContext(request, deps);

  app.get('/ehc/dashboard', { config: { access: 'ehc:read' } }, async (request, reply) => {
    const c = ctx(request);
    const thisYear = Number(c.today.slice(0, 4));
    const yearItems = (selected: number) =>
      Array.from({ length: Math.min(6, thisYear - 2013) }, (_, i) => thisYear - i).map((y) => ({
        value: String(y),
        text: String(y),
        selected: y === selected,
      }));
    const parsed = parse(
      yearQuery(() => thisYear),
      { year: query(request).year || undefined },
    );
    if (!parsed.ok || parsed.data.year > thisYear) {
      const message = parsed.ok
        ? `Choose ${thisYear} or an earlier year: there are no figures for the future`
        : (parsed.errors[0]?.message ?? 'Choose a year');
      return reply.code(400).page('ehc/dashboard.njk', {
        pageTitle: 'SEND team dashboard',
        yearItems: yearItems(thisYear),
        errors: [{ text: message, href: '#year' }],
        yearError: { text: message },
      });
    }
    const year = parsed.data.year;
    const format = requestedFormat(request.query);
    if (format) {
      const name = query(request).table ?? '';
      if (!isDashboardTable(name))
        throw new HttpProblem(
          400,
          'There is no such table',
          `table must be one of: ${Object.keys(dashboardTables).join(', ')}`,
          [{ field: 'table', message: `table must be one of: ${Object.keys(dashboardTables).join(', ')}` }],
        );
      return sendDashboardExport(reply, c, name, year, format);
    }
    const d = await dashboard(c, year);
    const downloads = Object.fromEntries(
      Object.keys(dashboardTables).map((table) => [
        table,
        downloadLinks(`/ehc/dashboard?${new URLSearchParams({ year: String(year), table })}`),
      ]),
    );
    return reply.page('ehc/dashboard.njk', {
      pageTitle: 'SEND team dashboard',
      d,
      yearItems: yearItems(year),
      ...dashboardRows(d),
      downloads,
      chart: trendChart(d.weekly),
    });
  });
}
