import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../../platform/module.ts';
import { scenariosApi } from './api.ts';
import { adoptionPages } from './pages/adoption.ts';
import { comparisonPage } from './pages/comparison.ts';
import { draftPages } from './pages/drafts.ts';
import { statementPages } from './pages/statements.ts';

/** Draft scenarios, their comparison, adoption and statements, and their API. */
export async function scenarioRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await draftPages(app, deps);
  await comparisonPage(app, deps);
  await adoptionPages(app, deps);
  await statementPages(app, deps);
  await scenariosApi(app, deps);
}
