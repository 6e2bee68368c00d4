import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { advicePages } from './advice/pages.ts';
import { portalsApi } from './api.ts';
import { ehcPages } from './ehc/pages.ts';
import { sharingPages } from './family/sharing.ts';
import { fileRoutes } from './requests/file-routes.ts';
import { followPages } from './requests/follow-pages.ts';
import { journeyPages } from './requests/journey-pages.ts';
import { reviewPages } from './reviews/pages.ts';
import { triagePages } from './triage/pages.ts';

export async function portalsRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await journeyPages(app, deps);
  await fileRoutes(app, deps);
  await followPages(app, deps);
  await triagePages(app, deps);
  await ehcPages(app, deps);
  await advicePages(app, deps);
  await portalsApi(app, deps);
  await sharingPages(app, deps);
  await reviewPages(app, deps);
}
