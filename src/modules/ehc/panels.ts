import type { FastifyRequest } from 'fastify';
import type { SharedRead } from '../../platform/audit/index.ts';
import { can } from '../../platform/auth/roles.ts';
import type { ModuleDeps, Panel } from '../../platform/module.ts';
import { coordinatorHome, managerHome } from './caseload/home.ts';
import { ehcContext } from './context.ts';
import { childPanel } from './requests/child-panel.ts';

/** The EHC module's parts of the home page and of a child's record. */
export function ehcPanels(deps: Omit<ModuleDeps, 'panels'>) {
  return {
    async home(request: FastifyRequest): Promise<Panel | null> {
      const roles = request.principal?.roles ?? [];
      if (!can(roles, 'ehc:read')) return null;
      const ctx = ehcContext(request, deps);
      const coordinator = roles.includes('ehc_coordinator') ? await coordinatorHome(ctx) : null;
      const manager = roles.includes('send_team_manager') ? await managerHome(ctx) : null;
      return { template: 'ehc/home-panel.njk', data: { coordinator, manager, today: ctx.today } };
    },
    async childRecord(request: FastifyRequest, childId: string, shared: SharedRead): Promise<Panel | null> {
      if (!can(request.principal?.roles ?? [], 'ehc:read')) return null;
      return childPanel(
        { ...ehcContext(request, deps), shared },
        childId,
        can(request.principal?.roles ?? [], 'ehc:write'),
      );
    },
  };
}
