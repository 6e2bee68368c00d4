import type { FastifyInstance } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { downloadLinks, requestedFormat } from '../../../platform/exports/index.ts';
import { fundingContext } from '../api.ts';
import { potsTable, sendRows } from './exports.ts';
import { potsByYear } from './presenters.ts';
import { listPots } from './service.ts';

/** The LA's funding home: its pots by year, newest first, each with what is left to do before it can be shared out. */

export async function fundingHomePage(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  app.get('/funding', { config: { access: 'finance:read' } }, async (request, reply) => {
    const ctx = fundingContext(request, deps.database, deps.clock);
    const format = requestedFormat(request.query);
    const pots = await listPots(ctx);
    if (format)
      return sendRows(reply, ctx, format, potsTable, pots, { action: 'funding.pots.exported', filters: {} });
    const canManage = can(ctx.principal.roles, 'finance:manage');
    return reply.page('funding/pots/home.njk', {
      pageTitle: 'Funding pots',
      years: potsByYear(pots, ctx.today, canManage),
      canManage,
      downloads: downloadLinks(request.url),
    });
  });
}
