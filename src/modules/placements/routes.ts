import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { placementsApi } from './api.ts';
import { topUpSchemesApi } from './top-ups/api.ts';
import { topUpSchemePages } from './top-ups/pages.ts';

export async function placementsRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await placementsApi(app, deps);
  await topUpSchemesApi(app, deps);
  await topUpSchemePages(app, deps);
}
