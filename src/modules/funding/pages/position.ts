import type { FastifyInstance } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { downloadLinks, requestedFormat } from '../../../platform/exports/index.ts';
import { HttpProblem } from '../../../platform/http/problem.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { fyLabel, fyOf } from '../../../platform/kernel/financial-years.ts';
import { fundingContext } from '../api.ts';
import {
  headline,
  outsideBlockRows,
  positionHead,
  positionRows,
  toDos,
  trendRows,
  unpricedRows,
  yearItems,
} from '../presenters.ts';
import { budgetYears, getPosition } from '../service.ts';
import { isPositionTable, positionTables, sendPositionExport } from './position-export.ts';
import { trendChart } from './trend-chart.ts';
import { readFy } from './years.ts';

/** The high needs position for a financial year: the headline, what needs doing, each table and the trend. */

const flashes: Record<string, string> = {
  budget: 'The budget has been saved.',
  'expected-costs': 'The expected costs of new placements have been saved.',
};

const tableNames = Object.keys(positionTables).join(', ');

export async function positionPage(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  app.get('/finance', { config: { access: 'finance:read' } }, async (request, reply) => {
    const ctx = fundingContext(request, deps.database, deps.clock);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const years = await budgetYears(ctx);
    const chosen = readFy(query.fy, ctx.today);
    if (!chosen.ok)
      return reply.code(400).page('funding/position.njk', {
        pageTitle: 'High needs position',
        yearItems: yearItems(years, fyOf(ctx.today), ctx.today),
        errors: [{ text: chosen.message, href: '#fy' }],
        fyError: { text: chosen.message },
      });
    const fy = chosen.fy;
    const format = requestedFormat(query);
    if (format) {
      const table = typeof query.table === 'string' ? query.table : '';
      if (!isPositionTable(table))
        throw new HttpProblem(400, 'There is no such table', `table must be one of: ${tableNames}`, [
          { field: 'table', message: `table must be one of: ${tableNames}` },
        ]);
      return sendPositionExport(reply, ctx, table, fy, format);
    }
    const position = await getPosition(ctx, fy);
    const roles = ctx.principal.roles;
    const canManage = can(roles, 'finance:manage');
    const downloads = Object.fromEntries(
      Object.keys(positionTables).map((table) => [
        table,
        downloadLinks(`/finance?${new URLSearchParams({ fy: fyLabel(fy), table })}`),
      ]),
    );
    // Own keys only: `?saved=__proto__` names no message.
    const saved =
      typeof query.saved === 'string' && Object.hasOwn(flashes, query.saved)
        ? flashes[query.saved]
        : undefined;
    return reply.page('funding/position.njk', {
      pageTitle: `High needs position for ${position.label}`,
      p: position,
      asOn: longDate(ctx.today),
      isThisYear: fy === fyOf(ctx.today),
      canManage,
      yearItems: yearItems(years, fy, ctx.today),
      headline: headline(position),
      todos: toDos(position, {
        today: ctx.today,
        canManage,
        canSeePlacements: can(roles, 'placements:read'),
        budgetYears: years,
      }),
      positionHead,
      positionRows: positionRows(position),
      outsideBlockRows: outsideBlockRows(position),
      unpricedRows: unpricedRows(position),
      trendRows: trendRows(position),
      chart: trendChart(fy, position.trend),
      downloads,
      flash: saved,
    });
  });
}
