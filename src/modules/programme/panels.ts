import type { FastifyRequest } from 'fastify';
import { can } from '../../platform/auth/roles.ts';
import type { ModuleDeps, Panel } from '../../platform/module.ts';
import { programmeContext } from './context.ts';
import { programmeAttention } from './domain/attention.ts';
import { getProgramme } from './structure/service.ts';

/** The programme on the home page of those who run, oversee or lead it: what needs doing, counted. */
export function programmePanels(deps: Omit<ModuleDeps, 'panels'>) {
  return {
    async home(request: FastifyRequest): Promise<Panel | null> {
      if (!can(request.principal?.roles ?? [], 'programme:read')) return null;
      const ctx = programmeContext(request, deps.database, deps.clock);
      const v = await getProgramme(ctx);
      if (!v) return null;
      const attention = programmeAttention(
        v.projects,
        v.schedule?.tasks ?? null,
        v.workItems,
        v.milestones,
        ctx.today,
      );
      return {
        template: 'programme/home-panel.njk',
        data: {
          id: v.programme.id,
          name: v.programme.name,
          red: attention.filter((a) => a.kind === 'red').length,
          late: attention.filter((a) => a.kind === 'late-start' || a.kind === 'late-finish').length,
          overdue: attention.filter((a) => a.kind === 'item-overdue' || a.kind === 'milestone-overdue')
            .length,
        },
      };
    },
  };
}
