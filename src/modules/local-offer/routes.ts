import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { editingPages } from './editing/pages.ts';
import { feedbackPages } from './feedback/pages.ts';
import { importPages } from './importing/pages.ts';
import { informationRoutes } from './information/routes.ts';
import { orukApi } from './oruk/api.ts';
import { publicPages } from './public/pages.ts';
import { schoolPages } from './schools/pages.ts';

/** The Local Offer: its public pages and editing pages under /local-offer, and its open ORUK feed under /oruk. */
export async function localOfferRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await publicPages(app, deps);
  await editingPages(app, deps);
  await feedbackPages(app, deps);
  await informationRoutes(app, deps);
  await orukApi(app, deps);
  await schoolPages(app, deps);
  await importPages(app, deps);
}
