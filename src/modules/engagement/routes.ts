import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { consultationsApi } from './consultations/api.ts';
import { consultationManagePages } from './consultations/manage-pages.ts';
import { consultationPublicPages } from './consultations/public-pages.ts';
import { eventsApi } from './events/api.ts';
import { eventManagePages } from './events/manage-pages.ts';
import { eventPublicPages } from './events/public-pages.ts';
import { engagementHub } from './hub-page.ts';
import { sheetsApi } from './mi-sheets/api.ts';
import { sheetManagePages } from './mi-sheets/manage-pages.ts';
import { sheetSchoolPages } from './mi-sheets/school-pages.ts';

/**
 * Engagement: events the public book at /events, consultations anyone answers at /consultations,
 * MI sheets schools answer at /mi-sheets, and the officers' pages under /engagement.
 */
export async function engagementRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await engagementHub(app, deps);
  await eventPublicPages(app, deps);
  await eventManagePages(app, deps);
  await eventsApi(app, deps);
  await sheetManagePages(app, deps);
  await sheetSchoolPages(app, deps);
  await sheetsApi(app, deps);
  await consultationPublicPages(app, deps);
  await consultationManagePages(app, deps);
  await consultationsApi(app, deps);
}
