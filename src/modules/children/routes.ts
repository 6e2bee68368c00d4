import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { childrenApi } from './api.ts';
import { capacityPages } from './capacity-pages.ts';
import { childrenPages } from './pages.ts';
import { parentCarerPages } from './parent-carer-pages.ts';

export async function childrenRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await childrenApi(app, deps);
  await childrenPages(app, deps);
  await parentCarerPages(app, deps);
  await capacityPages(app, deps);
}
