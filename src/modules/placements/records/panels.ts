import type { FastifyRequest } from 'fastify';
import type { SharedRead } from '../../../platform/audit/index.ts';
import { can } from '../../../platform/auth/roles.ts';
import type { ModuleDeps, Panel } from '../../../platform/module.ts';
import { placementsContext } from '../context.ts';
import { childPanelRow } from './presenters.ts';
import { placementsOfChild } from './service.ts';

/** The placements module's part of a child's record: where the child is and has been placed. */
export function placementsPanels(deps: Omit<ModuleDeps, 'panels'>) {
  return {
    async childRecord(request: FastifyRequest, childId: string, shared: SharedRead): Promise<Panel | null> {
      const roles = request.principal?.roles ?? [];
      if (!can(roles, 'placements:read')) return null;
      const placements = await placementsOfChild(
        { ...placementsContext(request, deps.database, deps.clock), shared },
        childId,
      );
      return {
        template: 'placements/child-panel.njk',
        data: {
          childId,
          rows: placements.map(childPanelRow),
          addHref: can(roles, 'placements:write') ? `/placements/new?childId=${childId}` : null,
        },
      };
    },
  };
}
