import type { FastifyRequest } from 'fastify';
import { can } from '../../platform/auth/roles.ts';
import { longDate } from '../../platform/kernel/dates.ts';
import type { ModuleDeps, Panel } from '../../platform/module.ts';
import { engagementContext } from './context.ts';
import { sheetsForMySchools } from './mi-sheets/service.ts';
import { engagementSummary } from './summary.ts';

/**
 * On the home page: for the officers who run events, consultations and MI sheets, what needs them
 * next; for a school's SENCo, head or cluster host, the MI sheets their school has yet to answer.
 */
export function engagementPanels(deps: Omit<ModuleDeps, 'panels'>) {
  return {
    async home(request: FastifyRequest): Promise<Panel | null> {
      const roles = request.principal?.roles ?? [];
      const ctx = engagementContext(request, deps.database, deps.clock);
      if (can(roles, 'engagement:manage'))
        return { template: 'engagement/home-panel.njk', data: { ...(await engagementSummary(ctx)) } };
      if (!can(roles, 'engagement:school')) return null;
      const mine = (await sheetsForMySchools(ctx)).filter((s) => s.state !== 'done');
      if (mine.length === 0) return null;
      const due = mine
        .map((s) => s.sheet.completeBy)
        .filter((d): d is NonNullable<typeof d> => d !== null)
        .sort()[0];
      return {
        template: 'engagement/school-panel.njk',
        data: {
          todo: mine.length,
          overdue: mine.filter((s) => s.state === 'overdue').length,
          due: due ? longDate(due) : '',
        },
      };
    },
  };
}
