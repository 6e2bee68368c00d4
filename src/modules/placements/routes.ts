import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { placementsImportPages } from './imports/pages.ts';
import { placementsApi } from './records/api.ts';
import { changePages } from './records/pages/change.ts';
import { costLinePages } from './records/pages/cost-lines.ts';
import { listPage } from './records/pages/list.ts';
import { newPlacementPages } from './records/pages/new-placement.ts';
import { placementPages } from './records/pages/placement.ts';
import { topUpSchemesApi } from './top-ups/api.ts';
import { topUpSchemePages } from './top-ups/pages.ts';

export async function placementsRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await placementsApi(app, deps);
  await topUpSchemesApi(app, deps);
  await listPage(app, deps);
  await placementsImportPages(app, deps);
  await newPlacementPages(app, deps);
  await placementPages(app, deps);
  await changePages(app, deps);
  await costLinePages(app, deps);
  await topUpSchemePages(app, deps);
}
