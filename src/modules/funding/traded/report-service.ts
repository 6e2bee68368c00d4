import { authorise, type FundingContext, transaction } from '../context.ts';
import { schoolsInClustersOn } from './customers.ts';
import {
  type BuyBack,
  buyBack,
  type Income,
  income,
  type ReportOrder,
  type Uptake,
  uptake,
} from './domain/reports.ts';
import { yearLabel, yearStart } from './domain/years.ts';
import { byOrder } from './order-service.ts';
import * as repo from './repo.ts';

/**
 * A year's traded services reports for the LA: uptake by service, income by service and month,
 * and buy-back of delegated SEND funding. Figures about schools, never about children.
 */

export interface Reports {
  year: number;
  label: string;
  uptake: Uptake;
  income: Income;
  buyBack: BuyBack;
  /** Academic-year pots for the year: the buy-back's delegated total comes from them. */
  hasPots: boolean;
}

export function tradedReports(ctx: FundingContext, year: number): Promise<Reports> {
  authorise(ctx, 'traded:read');
  return transaction(ctx, async (tx) => {
    const laCode = ctx.principal.laCode;
    const [services, rows, delegated, inScope] = await Promise.all([
      repo.listServices(tx),
      repo.listOrders(tx, laCode, { year, status: 'ordered' }),
      repo.delegatedTotal(tx, laCode, year),
      schoolsInClustersOn(tx, laCode, yearStart(year)),
    ]);
    const ids = rows.map((o) => o.id);
    const [schools, deliveries] = await Promise.all([repo.orderSchools(tx, ids), repo.deliveries(tx, ids)]);
    const schoolsOf = byOrder(schools);
    const deliveriesOf = byOrder(deliveries);
    const orders: ReportOrder[] = rows
      .map((o) => ({
        serviceId: o.serviceId,
        orderedOn: o.orderedOn,
        units: o.units,
        unitPence: o.unitPence,
        totalPence: o.totalPence,
        paidFrom: o.paidFrom,
        schoolIds: (schoolsOf.get(o.id) ?? []).map((s) => s.establishmentId),
        deliveries: deliveriesOf.get(o.id) ?? [],
      }))
      .sort((a, b) => a.orderedOn.localeCompare(b.orderedOn));
    // A service taken out of the catalogue is reported only for a year it was bought in.
    const ordered = new Set(orders.map((o) => o.serviceId));
    const shown = services.filter((s) => s.offered || ordered.has(s.id));
    return {
      year,
      label: yearLabel(year),
      uptake: uptake(shown, orders, inScope),
      income: income(year, shown, orders),
      buyBack: buyBack(shown, orders, delegated),
      hasPots: delegated !== null,
    };
  });
}
