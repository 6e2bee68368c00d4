import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { caseloadApi } from './caseload/api.ts';
import { dashboardPage } from './caseload/dashboard-page.ts';
import { listPages } from './caseload/list-pages.ts';
import { documentsApi } from './documents/api.ts';
import { lettersApi } from './documents/letters-api.ts';
import { letterSentPages } from './documents/letters-pages.ts';
import { documentPages } from './documents/pages.ts';
import { requestsApi } from './requests/api.ts';
import { newRequestPages } from './requests/new-request-pages.ts';
import { requestPages } from './requests/pages.ts';
import { reviewsApi } from './reviews/api.ts';
import { reviewLetterPages } from './reviews/letter-pages.ts';
import { reviewListRoutes } from './reviews/lists/routes.ts';
import { reviewPages } from './reviews/pages.ts';
import { termPages } from './terms/pages.ts';

export async function ehcRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await requestsApi(app, deps);
  await caseloadApi(app, deps);
  await documentsApi(app, deps);
  await lettersApi(app, deps);
  await documentPages(app, deps);
  await letterSentPages(app, deps);
  await newRequestPages(app, deps);
  await requestPages(app, deps);
  await listPages(app, deps);
  await dashboardPage(app, deps);
  await termPages(app, deps);
  await reviewsApi(app, deps);
  await reviewPages(app, deps);
  await reviewLetterPages(app, deps);
  await reviewListRoutes(app, deps);
}
