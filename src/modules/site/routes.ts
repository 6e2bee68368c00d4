import type { FastifyInstance } from 'fastify';
import type { ModuleDeps, Panel } from '../../platform/module.ts';
import { homeCards } from './domain/home.ts';

export async function siteRoutes(app: FastifyInstance, deps: ModuleDeps) {
  app.get('/', { config: { access: 'public' } }, async (request, reply) => {
    const p = request.principal;
    if (!p) return reply.page('site/start.njk', { pageTitle: 'OpenSEND' });
    // Each module says what is the person's to do; the home page shows them one after another.
    const panels: Panel[] = [];
    for (const panel of deps.panels.home) {
      const shown = await panel(request);
      if (shown) panels.push(shown);
    }
    return reply.page('site/home.njk', { pageTitle: 'Home', cards: homeCards(p.roles), panels });
  });
  app.get('/accessibility', { config: { access: 'public' } }, async (_request, reply) =>
    reply.page('site/accessibility.njk', { pageTitle: 'Accessibility statement' }),
  );
  app.get('/cookies', { config: { access: 'public' } }, async (_request, reply) =>
    reply.page('site/cookies.njk', { pageTitle: 'Cookies' }),
  );
}
