import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { orukApi } from './oruk/api.ts';
import { publicPages } from './public/pages.ts';

/** The Local Offer: its public pages under /local-offer and its open ORUK feed under /oruk. */
export async function localOfferRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await publicPages(app, deps);
  await orukApi(app, deps);
}
