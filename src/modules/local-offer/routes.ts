import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { orukApi } from './oruk/api.ts';

/** The Local Offer: its open ORUK feed under /oruk. */
export async function localOfferRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await orukApi(app, deps);
}
