import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { fundingApi } from './api.ts';
import { budgetPages } from './pages/budget.ts';
import { expectedCostsPages } from './pages/expected-costs.ts';
import { positionPage } from './pages/position.ts';
import { potsRoutes } from './pots/routes.ts';
import { scenarioRoutes } from './scenarios/routes.ts';
import { toolkitRoutes } from './toolkit/routes.ts';
import { totalsApi } from './totals/api.ts';
import { totalsPage } from './totals/pages.ts';
import { tradedRoutes } from './traded/routes.ts';

export async function fundingRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await fundingApi(app, deps);
  await positionPage(app, deps);
  await budgetPages(app, deps);
  await expectedCostsPages(app, deps);
  await totalsApi(app, deps);
  await totalsPage(app, deps);
  await potsRoutes(app, deps);
  await toolkitRoutes(app, deps);
  await tradedRoutes(app, deps);
  await scenarioRoutes(app, deps);
}
