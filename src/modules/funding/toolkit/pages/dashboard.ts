import type { FastifyInstance } from 'fastify';
import { penceText } from '../../../../platform/kernel/money.ts';
import { figureRows, potTitle, taskItems, toolkitFrame } from '../presenters.ts';
import { getToolkit } from '../service.ts';
import { pageContext, type ToolkitDeps, toolkitIds } from './common.ts';

/**
 * A cluster's toolkit for a pot at a glance, for its host (what is theirs to do), its heads (read
 * only) and the LA: the allocation, what is planned, agreed and spent, the balance, the return.
 */
export async function dashboardPage(app: FastifyInstance, deps: ToolkitDeps) {
  // Hosts, heads and the LA's finance team: the service decides whose cluster it is.
  app.get(
    '/cluster-funding/:clusterId/pots/:potId',
    { config: { access: 'signed-in' } },
    async (request, reply) => {
      const { clusterId, potId, base } = toolkitIds(request);
      const t = await getToolkit(pageContext(request, deps), clusterId, potId, 'overview');
      return reply.page('funding/toolkit/dashboard.njk', {
        ...toolkitFrame(t, 'overview', potTitle(t.pot)),
        t,
        tasks: taskItems(t.tasks, base, t.standing.canChange),
        figureRows: figureRows(t.figures, t.returnStatus, t.dueOn),
        schoolRows: t.schools.map((s) => ({ key: { text: s.name }, value: { text: penceText(s.pence) } })),
      });
    },
  );
}
