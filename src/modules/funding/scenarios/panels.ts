import type { FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import type { ModuleDeps, Panel } from '../../../platform/module.ts';
import { fundingContext } from '../api.ts';
import { myStatements } from './statements-service.ts';

/**
 * A head teacher's or cluster host's home page says when their funding statements are published
 * and takes them there: the menu has no room for it beside their cluster's funding and traded
 * services.
 */
export function scenarioPanels(deps: Omit<ModuleDeps, 'panels'>) {
  return {
    async home(request: FastifyRequest): Promise<Panel | null> {
      const roles = request.principal?.roles ?? [];
      if (!can(roles, 'clusters:toolkit') || can(roles, 'finance:read')) return null;
      const mine = await myStatements(fundingContext(request, deps.database, deps.clock));
      const latest = [...mine.schools, ...mine.clusters]
        .map((s) => s.publishedOn ?? '')
        .sort()
        .at(-1);
      return {
        template: 'funding/scenarios/home-panel.njk',
        data: { schools: mine.schools.length, clusters: mine.clusters.length, latest: latest || null },
      };
    },
  };
}
