import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../../platform/module.ts';
import { toolkitApi } from './api.ts';
import { clustersPage } from './pages/clusters.ts';
import { dashboardPage } from './pages/dashboard.ts';
import { homePage } from './pages/home.ts';
import { panelPages } from './pages/panel.ts';
import { planPages } from './pages/plan.ts';
import { returnPages } from './pages/return.ts';
import { spendPages } from './pages/spend.ts';

/** The SEND Cluster Toolkit: the host's and heads' pages, the LA's view of every cluster, and its API. */
export async function toolkitRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await homePage(app, deps);
  await dashboardPage(app, deps);
  await planPages(app, deps);
  await panelPages(app, deps);
  await spendPages(app, deps);
  await returnPages(app, deps);
  await clustersPage(app, deps);
  await toolkitApi(app, deps);
}
