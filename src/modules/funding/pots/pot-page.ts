import type { FastifyInstance } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { downloadLinks, requestedFormat } from '../../../platform/exports/index.ts';
import { badRequest } from '../../../platform/http/problem.ts';
import { fundingContext } from '../api.ts';
import { potYearText } from './domain/years.ts';
import { centralUsesTable, scenariosTable, sendRows } from './exports.ts';
import { centralUseHead, centralUseRows, potSummaryRows, scenarioRows, toDosOf } from './presenters.ts';
import { getPot } from './service.ts';

/** One pot: its figures, what is left to do, its scenarios and what its central share pays for. */

const flashes: Record<string, string> = {
  created: 'The pot has been created. Next, its schools’ factor data and last year’s allocations.',
  changed: 'The pot has been changed.',
  'use-added': 'The central use has been added.',
  'use-changed': 'The central use has been changed.',
  'use-removed': 'The central use has been removed.',
};
const flashFor = (done: unknown) =>
  typeof done === 'string' && Object.hasOwn(flashes, done) ? flashes[done] : undefined;

const tables = ['central-uses', 'scenarios'] as const;

export async function potPage(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  app.get('/funding/pots/:potId', { config: { access: 'finance:read' } }, async (request, reply) => {
    const ctx = fundingContext(request, deps.database, deps.clock);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const format = requestedFormat(query);
    const o = await getPot(ctx, (request.params as { potId: string }).potId);
    const filters = { potId: o.pot.id };
    if (format) {
      if (query.table === 'central-uses')
        return sendRows(reply, ctx, format, centralUsesTable, o.centralUses, {
          action: 'funding.central-uses.exported',
          filters,
        });
      if (query.table === 'scenarios')
        return sendRows(reply, ctx, format, scenariosTable, o.scenarios, {
          action: 'funding.scenarios-list.exported',
          filters,
        });
      throw badRequest(`table must be ${tables.join(' or ')}.`, [
        { field: 'table', message: `table must be ${tables.join(' or ')}` },
      ]);
    }
    const canManage = can(ctx.principal.roles, 'finance:manage');
    const link = (table: string) => downloadLinks(`/funding/pots/${o.pot.id}?table=${table}`);
    return reply.page('funding/pots/pot.njk', {
      pageTitle: o.pot.name,
      yearText: potYearText(o.pot.yearKind, o.pot.year),
      pot: o.pot,
      adopted: o.adoptedScenario !== null,
      summaryRows: potSummaryRows(o),
      todos: toDosOf(o, ctx.today, canManage),
      scenarioRows: scenarioRows(o.scenarios),
      scenarioDownloads: link('scenarios'),
      uses: o.centralUses,
      useHead: centralUseHead(canManage),
      useRows: centralUseRows(o, canManage),
      useDownloads: link('central-uses'),
      canManage,
      flash: flashFor(query.done),
    });
  });
}
