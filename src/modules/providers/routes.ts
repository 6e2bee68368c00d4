import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { placeApi } from './places/api.ts';
import { placesImportPages } from './places/import-pages.ts';
import { placePages } from './places/pages.ts';
import { providerApi } from './routes/api.ts';
import { clusterPages } from './routes/clusters.ts';
import { giasImportPages } from './routes/imports.ts';
import { schoolPages } from './routes/schools.ts';

/** Schools, clusters and the GIAS import: pages and /api/v1. */
export async function providerRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await schoolPages(app, deps);
  await clusterPages(app, deps);
  await placesImportPages(app, deps);
  await placePages(app, deps);
  await giasImportPages(app, deps);
  await providerApi(app, deps);
  await placeApi(app, deps);
}
