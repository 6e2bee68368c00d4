import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/module.ts';
import { forecastApi } from './forecast/api.ts';
import { forecastPages } from './forecast/pages.ts';
import { scenarioPage } from './forecast/scenario-page.ts';
import { homePage } from './home-page.ts';
import { optimiseApi } from './optimise/api.ts';
import { optimisePages } from './optimise/pages.ts';
import { placesApi } from './places/api.ts';
import { placesPages } from './places/pages.ts';
import { settingsPages } from './settings/pages.ts';
import { sitesApi } from './sites/api.ts';
import { sitesPages } from './sites/pages.ts';
import { selectionPages } from './sites/selection-pages.ts';
import { travelApi } from './travel/api.ts';
import { travelPages } from './travel/pages.ts';
import { postcodePages } from './travel/postcode-pages.ts';
import { waitingApi } from './waiting/api.ts';
import { waitingPages } from './waiting/pages.ts';

/** Specialist place sufficiency: pages under /sufficiency and /api/v1/sufficiency. */
export async function sufficiencyRoutes(app: FastifyInstance, deps: ModuleDeps) {
  await homePage(app, deps);
  await placesPages(app, deps);
  await placesApi(app, deps);
  await forecastPages(app, deps);
  await forecastApi(app, deps);
  await scenarioPage(app, deps);
  await travelPages(app, deps);
  await travelApi(app, deps);
  await postcodePages(app, deps);
  await settingsPages(app, deps);
  await waitingPages(app, deps);
  await waitingApi(app, deps);
  await optimisePages(app, deps);
  await optimiseApi(app, deps);
  await sitesPages(app, deps);
  await selectionPages(app, deps);
  await sitesApi(app, deps);
}
