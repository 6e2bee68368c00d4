import type { FastifyRequest } from 'fastify';
import { can } from '../../platform/auth/roles.ts';
import type { ModuleDeps, Panel } from '../../platform/module.ts';
import { sufficiencyContext } from './context.ts';
import { getOccupancy } from './places/service.ts';
import { waitFigures } from './waiting/domain/waits.ts';
import { openWaitsForPlanning } from './waiting/service.ts';

/**
 * Specialist places on the home page of those who plan them: settings over their places, and for
 * the SEND team the children waiting and those past the day they needed a place. Counts only.
 */
export function sufficiencyPanels(deps: Omit<ModuleDeps, 'panels'>) {
  return {
    async home(request: FastifyRequest): Promise<Panel | null> {
      const roles = request.principal?.roles ?? [];
      if (!can(roles, 'sufficiency:read')) return null;
      const ctx = sufficiencyContext(request, deps.database, deps.clock);
      const o = await getOccupancy(ctx, ctx.today);
      const seesWaits = can(roles, 'sufficiency:children');
      const waits = seesWaits ? await openWaitsForPlanning(ctx) : [];
      return {
        template: 'sufficiency/home-panel.njk',
        data: {
          over: o.totals.over,
          full: o.totals.full,
          free: o.totals.free,
          seesWaits,
          waiting: waits.length,
          late: waits.filter((w) => waitFigures(w, ctx.today).daysLate > 0).length,
        },
      };
    },
  };
}
