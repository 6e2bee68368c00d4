import type { FastifyInstance } from 'fastify';
import { can } from '../../../../platform/auth/roles.ts';
import { downloadLinks, requestedFormat } from '../../../../platform/exports/index.ts';
import type { FundingContext } from '../../context.ts';
import { yearLabel } from '../domain/years.ts';
import { awaitingTable, catalogueTable, ordersTable, sendTradedExport, yourPricesTable } from '../export.ts';
import { type TradedHome, tradedHome } from '../home-service.ts';
import {
  awaitingHead,
  awaitingRows,
  buyerCatalogue,
  buyersOf,
  buyerToDos,
  laCatalogueRows,
  laToDos,
  orderRows,
  ordersHead,
  yourPrices,
} from '../presenters.ts';
import { contextOf, type Deps, query, tableParam } from './common.ts';

/**
 * /traded: for a head teacher or cluster host, the catalogue at their prices, their orders and what
 * to do about them; for the LA's staff, the orders waiting for delivery, the services still to price
 * and the catalogue; for someone who is both, both.
 */

const tables = ['prices', 'orders', 'awaiting', 'catalogue'] as const;

function buyerView(home: TradedHome, ctx: FundingContext) {
  const years = [home.thisYear, home.nextYear];
  const buyers = buyersOf(home.customers, home.clusterRolls, home.thisYear);
  return {
    buyers,
    todos: buyerToDos(home.services, home.customers, home.orders, home, ctx.today),
    catalogues: buyers.map((b) => buyerCatalogue(b, home.services, years)),
    prices: yourPrices(buyers, home.services, years),
    orderRows: orderRows(home.orders),
  };
}

function laView(home: TradedHome, ctx: FundingContext) {
  const roles = ctx.principal.roles;
  const viewer = { canManage: can(roles, 'traded:manage'), canDeliver: can(roles, 'traded:deliver') };
  return {
    ...viewer,
    todos: laToDos(home.services, home.awaitingDelivery, home, viewer),
    awaitingRows: awaitingRows(home.awaitingDelivery),
    catalogueHead: [
      { text: 'Service' },
      { text: 'Unit' },
      { text: 'Team' },
      ...[home.thisYear, home.nextYear].map((y) => ({
        text: `A unit in ${yearLabel(y)}`,
        format: 'numeric',
      })),
    ],
    catalogueRows: laCatalogueRows(home.services, [home.thisYear, home.nextYear]),
  };
}

export async function homePage(app: FastifyInstance, deps: Deps) {
  // Schools and the LA's staff alike: the service refuses anyone who neither buys nor sells.
  app.get('/traded', { config: { access: 'signed-in' } }, async (request, reply) => {
    const ctx = contextOf(request, deps);
    const format = requestedFormat(query(request));
    const home = await tradedHome(ctx);
    const roles = ctx.principal.roles;
    const isLa = can(roles, 'traded:read');
    const isBuyer = home.customers.schools.length + home.customers.clusters.length > 0;
    if (format) {
      const table = tableParam(request, tables);
      const filters = { year: yearLabel(home.thisYear) };
      if (table === 'prices')
        return sendTradedExport(
          reply,
          ctx,
          yourPricesTable,
          format,
          filters,
          async () => buyerView(home, ctx).prices,
        );
      if (table === 'orders')
        return sendTradedExport(reply, ctx, ordersTable, format, {}, async () => home.orders);
      if (table === 'awaiting')
        return sendTradedExport(reply, ctx, awaitingTable, format, {}, async () => home.awaitingDelivery);
      return sendTradedExport(reply, ctx, catalogueTable, format, {}, async () => home.services);
    }
    const downloads = Object.fromEntries(tables.map((t) => [t, downloadLinks(`/traded?table=${t}`)]));
    return reply.page('funding/traded/home.njk', {
      pageTitle: 'Traded services',
      thisYear: yearLabel(home.thisYear),
      nextYear: yearLabel(home.nextYear),
      isBuyer,
      isLa,
      mayOrder: can(roles, 'traded:order'),
      buyer: isBuyer ? buyerView(home, ctx) : null,
      la: isLa ? laView(home, ctx) : null,
      ordersHead,
      awaitingHead,
      downloads,
    });
  });
}
