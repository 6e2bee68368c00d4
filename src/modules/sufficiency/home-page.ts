import type { FastifyInstance } from 'fastify';
import { can } from '../../platform/auth/roles.ts';
import { longDate } from '../../platform/kernel/dates.ts';
import type { ModuleDeps } from '../../platform/module.ts';
import { sufficiencyContext } from './context.ts';
import { toDos } from './places/presenters.ts';
import { getOccupancy } from './places/service.ts';
import { waitFigures } from './waiting/domain/waits.ts';
import { openWaitsForPlanning } from './waiting/service.ts';

/** Where the sufficiency lead starts: what needs doing, and the places today at a glance. */
export async function homePage(app: FastifyInstance, deps: ModuleDeps) {
  app.get('/sufficiency', { config: { access: 'sufficiency:read' } }, async (request, reply) => {
    const ctx = sufficiencyContext(request, deps.database, deps.clock);
    const o = await getOccupancy(ctx, ctx.today);
    // Counts only: the names are on the waiting list itself, for those who may see them.
    const seesWaits = can(ctx.principal.roles, 'sufficiency:children');
    const waits = seesWaits ? await openWaitsForPlanning(ctx) : [];
    const lateWaits = waits.filter((w) => waitFigures(w, ctx.today).daysLate > 0).length;
    return reply.page('sufficiency/home.njk', {
      pageTitle: 'Specialist place sufficiency',
      todayText: longDate(ctx.today),
      o,
      todos: toDos(o, ctx.today),
      outside: o.outOfArea.length,
      outsideWithRoom: o.outOfArea.filter((r) => r.localPlaceWithRoom).length,
      seesWaits,
      waiting: waits.length,
      lateWaits,
      plansSites: can(ctx.principal.roles, 'sufficiency:plan'),
    });
  });
}
