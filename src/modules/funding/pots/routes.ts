import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../../platform/module.ts';
import { baselinePage } from '../factors/baseline-page.ts';
import { fillPages } from '../factors/fill-pages.ts';
import { importPages } from '../factors/import-pages.ts';
import { factorPages } from '../factors/pages.ts';
import { potsApi } from './api.ts';
import { centralUsePages } from './central-use-pages.ts';
import { fundingHomePage } from './home-page.ts';
import { potFormPages } from './pot-form-pages.ts';
import { potPage } from './pot-page.ts';

/** Funding pots, their central uses, factor data and last year's allocations: pages and API. */
export async function potsRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await potsApi(app, deps);
  await fundingHomePage(app, deps);
  // The form's /funding/pots/new is registered beside /funding/pots/:potId; Fastify prefers the static path.
  await potFormPages(app, deps);
  await potPage(app, deps);
  await centralUsePages(app, deps);
  await factorPages(app, deps);
  await fillPages(app, deps);
  await importPages(app, deps);
  await baselinePage(app, deps);
}
