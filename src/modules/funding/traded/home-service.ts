import { can } from '../../../platform/auth/roles.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import { type FundingContext, transaction } from '../context.ts';
import { authoriseTraded } from './access.ts';
import type { Service } from './catalogue-service.ts';
import { type Customers, clusterSchoolsOn, customersOf } from './customers.ts';
import { rollDay, yearOf } from './domain/years.ts';
import { type OrderView, readOrders } from './order-service.ts';
import * as repo from './repo.ts';

/**
 * What the traded services home page shows each person: a buyer their catalogue, prices and
 * orders; the LA's staff the orders waiting for delivery and the services not yet priced.
 */

export interface TradedHome {
  thisYear: number;
  nextYear: number;
  services: Service[];
  /** Whom the person may order for; empty for the LA's staff. */
  customers: Customers;
  /** Each cluster the person hosts: its schools' rolls for this year and next, as an order would be priced. */
  clusterRolls: Rolls;
  /** This year's and next year's orders the person may see, the latest first. */
  orders: OrderView[];
  /** For the LA's staff: live orders with units still to deliver, the oldest first. */
  awaitingDelivery: OrderView[];
}

type Rolls = Map<string, Map<number, (number | null)[]>>;

/** Each hosted cluster's schools' rolls in each year, taken as an order placed today would take them. */
async function rollsOf(
  tx: Tx,
  ctx: FundingContext,
  customers: Customers,
  years: readonly number[],
): Promise<Rolls> {
  const rolls: Rolls = new Map();
  for (const c of customers.clusters) {
    const byYear = new Map<number, (number | null)[]>();
    for (const year of years) {
      byYear.set(
        year,
        (await clusterSchoolsOn(tx, ctx.principal.laCode, c.id, rollDay(year, ctx.today))).map(
          (s) => s.pupils,
        ),
      );
    }
    rolls.set(c.id, byYear);
  }
  return rolls;
}

/** Whom the person orders for and what their prices are worked out from, this year and next. */
export function buyerPricing(
  ctx: FundingContext,
): Promise<Pick<TradedHome, 'thisYear' | 'nextYear' | 'customers' | 'clusterRolls'>> {
  authoriseTraded(ctx);
  const thisYear = yearOf(ctx.today);
  return transaction(ctx, async (tx) => {
    const customers = await customersOf(tx, ctx);
    return {
      thisYear,
      nextYear: thisYear + 1,
      customers,
      clusterRolls: await rollsOf(tx, ctx, customers, [thisYear, thisYear + 1]),
    };
  });
}

export function tradedHome(ctx: FundingContext): Promise<TradedHome> {
  authoriseTraded(ctx);
  const thisYear = yearOf(ctx.today);
  const nextYear = thisYear + 1;
  return transaction(ctx, async (tx) => {
    const [services, prices, customers] = await Promise.all([
      repo.listServices(tx),
      repo.prices(tx),
      customersOf(tx, ctx),
    ]);
    const orders = [
      ...(await readOrders(tx, ctx, { year: nextYear })),
      ...(await readOrders(tx, ctx, { year: thisYear })),
    ];
    const awaitingDelivery = can(ctx.principal.roles, 'traded:read')
      ? orders
          .filter((o) => o.status === 'ordered' && o.remainingUnits > 0)
          .sort(
            (a, b) => a.orderedOn.localeCompare(b.orderedOn) || a.createdAt.getTime() - b.createdAt.getTime(),
          )
      : [];
    const clusterRolls = await rollsOf(tx, ctx, customers, [thisYear, nextYear]);
    return {
      thisYear,
      nextYear,
      clusterRolls,
      services: services.map((s) => ({ ...s, prices: prices.filter((p) => p.serviceId === s.id) })),
      customers,
      orders,
      awaitingDelivery,
    };
  });
}
