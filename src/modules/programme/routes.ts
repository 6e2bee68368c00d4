import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { benefitsApi } from './benefits/api.ts';
import { benefitPage } from './benefits/benefit-page.ts';
import { trackerForms } from './benefits/forms.ts';
import { benefitPages } from './benefits/pages.ts';
import { decisionRoutes } from './reports/decisions.ts';
import { reportPages } from './reports/pages.ts';
import { riskApi } from './risks/api.ts';
import { riskPages } from './risks/pages.ts';
import { timelinePages } from './schedule/pages.ts';
import { programmeApi } from './structure/api.ts';
import { itemRoutes } from './structure/items-routes.ts';
import { overviewPages } from './structure/pages.ts';
import { projectFormPages } from './structure/project-form-pages.ts';
import { projectPages } from './structure/project-page.ts';
import { settingsPages } from './structure/settings-pages.ts';
import { setupApi, setupPages } from './structure/setup.ts';

/** The transformation programme: pages under /programme and /api/v1/programme. */
export async function programmeRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await setupPages(app, deps);
  await settingsPages(app, deps);
  await overviewPages(app, deps);
  await projectFormPages(app, deps);
  await projectPages(app, deps);
  await itemRoutes(app, deps);
  await timelinePages(app, deps);
  await riskPages(app, deps);
  await riskApi(app, deps);
  await benefitPages(app, deps);
  await trackerForms(app, deps);
  await benefitPage(app, deps);
  await benefitsApi(app, deps);
  await reportPages(app, deps);
  await decisionRoutes(app, deps);
  await programmeApi(app, deps);
  await setupApi(app, deps);
}
