import type { FastifyInstance } from 'fastify';
import { tradedApi } from './api.ts';
import type { Deps } from './pages/common.ts';
import { homePage } from './pages/home.ts';
import { orderPages } from './pages/order.ts';
import { ordersPages } from './pages/orders.ts';
import { pricesPages } from './pages/prices.ts';
import { reportsPage } from './pages/reports.ts';
import { servicePages } from './pages/services.ts';

/** Traded services: the catalogue and its prices, orders and deliveries, reports, and their API. */
export async function tradedRoutes(app: FastifyInstance, deps: Deps) {
  await tradedApi(app, deps);
  await homePage(app, deps);
  await servicePages(app, deps);
  await pricesPages(app, deps);
  await ordersPages(app, deps);
  await orderPages(app, deps);
  await reportsPage(app, deps);
}
