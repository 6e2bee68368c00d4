import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { homeCards } from './domain/home.ts';

export async function siteRoutes(app: FastifyInstance, _deps: ModuleDeps) {
  app.get('/', { config: { access: 'public' } }, async (request, reply) => {
    const p = request.principal;
    if (!p) return reply.page('site/start.njk', { pageTitle: 'OpenSEND' });
    return reply.page('site/home.njk', { pageTitle: 'Home', cards: homeCards(p.roles) });
  });
  app.get('/accessibility', { config: { access: 'public' } }, async (_request, reply) =>
    reply.page('site/accessibility.njk', { pageTitle: 'Accessibility statement' }),
  );
  app.get('/cookies', { config: { access: 'public' } }, async (_request, reply) =>
    reply.page('site/cookies.njk', { pageTitle: 'Cookies' }),
  );
}
