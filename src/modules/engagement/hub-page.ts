import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { authorise, engagementContext } from './context.ts';
import { engagementSummary } from './summary.ts';

/** /engagement: the officers' way into events, consultations and MI sheets, with what needs them in each. */
export async function engagementHub(app: FastifyInstance, deps: ModuleDeps) {
  app.get('/engagement', { config: { access: 'engagement:manage' } }, async (request, reply) => {
    const ctx = engagementContext(request, deps.database, deps.clock);
    authorise(ctx, 'engagement:manage');
    return reply.page('engagement/hub.njk', {
      pageTitle: 'Engagement',
      panel: { data: await engagementSummary(ctx) },
    });
  });
}
