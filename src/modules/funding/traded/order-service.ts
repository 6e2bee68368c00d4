import { can } from '../../../platform/auth/roles.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import { forbidden, HttpProblem, notFound } from '../../../platform/http/problem.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { audit, authorise, type FundingContext, transaction } from '../context.ts';
import { authoriseTraded, invalid, validated } from './access.ts';
import {
  type Customers,
  clusterNames,
  clusterSchoolsOn,
  customersOf,
  type SchoolCustomer,
  schoolsByIds,
} from './customers.ts';
import { type Buyer, type UnitKind, unitsText } from './domain/catalogue.ts';
import {
  cancelProblem,
  decideOrder,
  deliveredUnits,
  deliveryProblems,
  deliveryValues,
  remainingUnits,
} from './domain/orders.ts';
import { parseYear, rollDay, yearLabel } from './domain/years.ts';
import * as repo from './repo.ts';
import { cancelSchema, deliverySchema, orderSchema } from './schemas.ts';

/**
 * Orders: a head teacher orders for their school, a cluster host for the cluster they host; the
 * LA's staff see every order, record what was delivered, and may cancel one for a school. A school
 * sees its own orders and its cluster's orders that cover it; an order that is neither theirs nor
 * their cluster's is not found.
 */

export interface OrderView extends repo.OrderRow {
  serviceName: string;
  unit: UnitKind;
  customerName: string;
  /** The schools it is for, with the pupils on roll each had when it was priced. */
  schools: { id: string; name: string; pupils: number }[];
  deliveries: (repo.DeliveryRow & { pence: number })[];
  deliveredUnits: number;
  remainingUnits: number;
  deliveredPence: number;
}

/** Rows grouped by the order they belong to, each order's in the order they came. */
export function byOrder<R extends { orderId: string }>(rows: readonly R[]): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const r of rows) {
    const list = out.get(r.orderId);
    if (list) list.push(r);
    else out.set(r.orderId, [r]);
  }
  return out;
}

const noSuchOrder = () => notFound('There is no order with this ID that you may see.');

/** Builds each order's view: its service, who it is for, its schools and its deliveries. */
async function views(tx: Tx, orders: readonly repo.OrderRow[]): Promise<OrderView[]> {
  if (!orders.length) return [];
  const ids = orders.map((o) => o.id);
  const [services, schoolRows, deliveryRows, clusters] = await Promise.all([
    repo.listServices(tx),
    repo.orderSchools(tx, ids),
    repo.deliveries(tx, ids),
    clusterNames(
      tx,
      orders.flatMap((o) => (o.clusterId ? [o.clusterId] : [])),
    ),
  ]);
  const schools = new Map(
    (
      await schoolsByIds(
        tx,
        schoolRows.map((s) => s.establishmentId),
      )
    ).map((s) => [s.id, s]),
  );
  const service = new Map(services.map((s) => [s.id, s]));
  const schoolsOf = byOrder(schoolRows);
  const deliveriesOf = byOrder(deliveryRows);
  return orders.map((o) => {
    const mine = deliveriesOf.get(o.id) ?? [];
    const values = deliveryValues(o.unitPence, mine);
    const state = { units: o.units, deliveries: mine };
    return {
      ...o,
      serviceName: service.get(o.serviceId)?.name ?? 'A service no longer in the catalogue',
      unit: service.get(o.serviceId)?.unit ?? 'day',
      customerName:
        (o.establishmentId ? schools.get(o.establishmentId)?.name : clusters.get(o.clusterId ?? '')) ??
        'Not on the register',
      schools: (schoolsOf.get(o.id) ?? [])
        .map((s) => ({
          id: s.establishmentId,
          name: schools.get(s.establishmentId)?.name ?? '',
          pupils: s.pupils,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      deliveries: mine.map((d, i) => ({ ...d, pence: values[i] ?? 0 })),
      deliveredUnits: deliveredUnits(state),
      remainingUnits: remainingUnits(state),
      deliveredPence: values.reduce((s, v) => s + v, 0),
    };
  });
}

/** Whether the order is one this person may see as a buyer (the LA's staff see them all). */
function isTheirs(o: repo.OrderRow, c: Customers, coveredSchools: readonly string[]): boolean {
  const schoolIds = new Set(c.schools.map((s) => s.id));
  return (
    (o.establishmentId !== null && schoolIds.has(o.establishmentId)) ||
    (o.clusterId !== null && c.clusters.some((x) => x.id === o.clusterId)) ||
    coveredSchools.some((id) => schoolIds.has(id))
  );
}

/** Whether this person may cancel it: the LA's catalogue keepers, or the buyer who may order for it. */
export function mayCancel(ctx: FundingContext, o: repo.OrderRow, c: Customers): boolean {
  if (can(ctx.principal.roles, 'traded:manage')) return true;
  return o.customerKind === 'school'
    ? c.schools.some((s) => s.id === o.establishmentId)
    : c.clusters.some((x) => x.id === o.clusterId);
}

export interface OrdersQuery {
  year?: number;
  status?: 'ordered' | 'cancelled';
}

/** The orders this person may see: all the LA's for its staff, a buyer's own and their cluster's. */
export function listOrders(ctx: FundingContext, q: OrdersQuery): Promise<OrderView[]> {
  authoriseTraded(ctx);
  return transaction(ctx, async (tx) => readOrders(tx, ctx, q));
}

export async function readOrders(tx: Tx, ctx: FundingContext, q: OrdersQuery): Promise<OrderView[]> {
  const laWide = can(ctx.principal.roles, 'traded:read');
  const customers = laWide ? null : await customersOf(tx, ctx);
  const rows = await repo.listOrders(tx, ctx.principal.laCode, {
    ...q,
    ...(customers
      ? {
          customers: {
            schoolIds: customers.schools.map((s) => s.id),
            clusterIds: customers.clusters.map((c) => c.id),
          },
        }
      : {}),
  });
  return views(tx, rows);
}

export interface OrderPage {
  order: OrderView;
  /** Why this person may not cancel it now, or null when they may. */
  cancelRefusal: string | null;
  mayDeliver: boolean;
}

const cancelRefusedByRole =
  'Only whoever may order for this school or cluster, or the LA’s traded services team, may cancel it';

export function getOrder(ctx: FundingContext, id: string): Promise<OrderPage> {
  authoriseTraded(ctx);
  return transaction(ctx, async (tx) => {
    const row = await repo.findOrder(tx, id);
    if (!row) throw noSuchOrder();
    const customers = await customersOf(tx, ctx);
    const [order] = await views(tx, [row]);
    if (!order) throw noSuchOrder();
    if (
      !can(ctx.principal.roles, 'traded:read') &&
      !isTheirs(
        row,
        customers,
        order.schools.map((s) => s.id),
      )
    )
      throw noSuchOrder();
    return {
      order,
      cancelRefusal: mayCancel(ctx, row, customers) ? cancelProblem(order) : cancelRefusedByRole,
      mayDeliver:
        can(ctx.principal.roles, 'traded:deliver') && order.status === 'ordered' && order.remainingUnits > 0,
    };
  });
}

/** The buyer an order is for, checked against who the person may order for, with the rolls it is priced by. */
async function buyerFor(
  tx: Tx,
  ctx: FundingContext,
  input: { establishmentId?: string | undefined; clusterId?: string | undefined },
  year: number,
): Promise<{ buyer: Buyer; schools: SchoolCustomer[]; kind: 'school' | 'cluster' }> {
  const customers = await customersOf(tx, ctx);
  if (input.establishmentId !== undefined) {
    const school = customers.schools.find((s) => s.id === input.establishmentId);
    if (!school) throw notFound('There is no school with this ID that you may order for.');
    if (school.pupils === null)
      throw invalid([
        {
          field: 'establishmentId',
          message: `No number on roll is recorded for ${school.name}, so its price cannot be worked out: ask the LA to update its record`,
        },
      ]);
    return { kind: 'school', buyer: { kind: 'school', pupils: school.pupils }, schools: [school] };
  }
  const cluster = customers.clusters.find((c) => c.id === input.clusterId);
  if (!cluster) throw notFound('There is no cluster with this ID that you host.');
  const day = rollDay(year, ctx.today);
  const schools = await clusterSchoolsOn(tx, ctx.principal.laCode, cluster.id, day);
  if (!schools.length)
    throw invalid([
      {
        field: 'clusterId',
        message: `${cluster.name} has no schools on ${longDate(day)}, so it cannot be priced`,
      },
    ]);
  const unknown = schools.filter((s) => s.pupils === null).map((s) => s.name);
  if (unknown.length)
    throw invalid([
      {
        field: 'clusterId',
        message: `No number on roll is recorded for ${unknown.join(', ')}, so the cluster’s price cannot be worked out: ask the LA to update ${unknown.length === 1 ? 'its record' : 'their records'}`,
      },
    ]);
  return {
    kind: 'cluster',
    buyer: { kind: 'cluster', schools: schools.map((s) => s.pupils as number) },
    schools,
  };
}

export function placeOrder(ctx: FundingContext, input: unknown): Promise<OrderView> {
  const data = validated(orderSchema, input);
  authorise(ctx, 'traded:order', 'Only a head teacher or a cluster host may order traded services.');
  const year = parseYear(data.year) as number;
  return transaction(ctx, async (tx) => {
    const service = await repo.findService(tx, data.serviceId);
    if (!service)
      throw invalid([{ field: 'serviceId', message: 'There is no traded service with this ID in your LA' }]);
    const { buyer, schools, kind } = await buyerFor(tx, ctx, data, year);
    const prices = await repo.prices(tx, [service.id]);
    const paidFrom = data.paidFrom ?? 'delegated_send';
    const decision = decideOrder({
      service,
      year,
      prices: prices.find((p) => p.year === year) ?? null,
      pricedYears: prices.map((p) => p.year),
      buyer,
      units: data.units,
      paidFrom,
      today: ctx.today,
    });
    if (!decision.ok) throw invalid(decision.problems);
    const { price, totalPence } = decision;
    const id = await repo.insertOrder(tx, ctx.principal.laCode, {
      serviceId: service.id,
      year,
      customerKind: kind,
      establishmentId: kind === 'school' ? (data.establishmentId ?? null) : null,
      clusterId: kind === 'cluster' ? (data.clusterId ?? null) : null,
      pupilsOnRoll: price.pupils,
      priceBasis: price.basis,
      band: price.band,
      units: data.units,
      unitPence: price.unitPence,
      totalPence,
      paidFrom,
      orderedOn: ctx.today,
      orderedBy: ctx.principal.userId,
      schools: schools.map((s) => ({ establishmentId: s.id, pupils: s.pupils as number })),
    });
    await audit(tx, ctx, {
      action: 'traded.order.placed',
      entityType: 'traded-order',
      entityId: id,
      childId: null,
      detail: {
        service: service.name,
        year: yearLabel(year),
        for: kind === 'school' ? { establishmentId: data.establishmentId } : { clusterId: data.clusterId },
        units: data.units,
        unitPence: price.unitPence,
        totalPence,
        paidFrom,
        pupilsOnRoll: price.pupils,
        priceBasis: price.basis,
      },
    });
    const [view] = await views(tx, [(await repo.findOrder(tx, id)) as repo.OrderRow]);
    return view as OrderView;
  });
}

export function cancelOrder(ctx: FundingContext, id: string, input: unknown): Promise<OrderView> {
  const data = validated(cancelSchema, input);
  authoriseTraded(ctx);
  return transaction(ctx, async (tx) => {
    const row = await repo.findOrder(tx, id, true);
    if (!row) throw noSuchOrder();
    const customers = await customersOf(tx, ctx);
    const [order] = await views(tx, [row]);
    if (!order) throw noSuchOrder();
    if (
      !can(ctx.principal.roles, 'traded:read') &&
      !isTheirs(
        row,
        customers,
        order.schools.map((s) => s.id),
      )
    )
      throw noSuchOrder();
    if (!mayCancel(ctx, row, customers)) throw forbidden(`${cancelRefusedByRole}.`);
    const problem = cancelProblem(order);
    if (problem) throw new HttpProblem(409, 'Conflict', problem, [{ field: 'cancel', message: problem }]);
    if (
      !(await repo.cancelOrder(tx, id, data.version, {
        on: ctx.today,
        by: ctx.principal.userId,
        reason: data.reason || null,
      }))
    )
      throw new HttpProblem(409, 'Conflict', 'Someone changed this order since you read it. Read it again.', [
        { field: 'cancel', message: 'Someone changed this order since you read it. Read it again.' },
      ]);
    await audit(tx, ctx, {
      action: 'traded.order.cancelled',
      entityType: 'traded-order',
      entityId: id,
      childId: null,
      detail: {
        service: order.serviceName,
        year: yearLabel(order.year),
        customer: order.customerName,
        totalPence: order.totalPence,
        reason: data.reason || null,
      },
    });
    const [view] = await views(tx, [(await repo.findOrder(tx, id)) as repo.OrderRow]);
    return view as OrderView;
  });
}

export function recordDelivery(ctx: FundingContext, orderId: string, input: unknown): Promise<OrderView> {
  const data = validated(deliverySchema, input);
  authorise(ctx, 'traded:deliver');
  return transaction(ctx, async (tx) => {
    const row = await repo.findOrder(tx, orderId, true);
    if (!row) throw noSuchOrder();
    const [order] = await views(tx, [row]);
    if (!order) throw noSuchOrder();
    const problems = deliveryProblems(order, data, ctx.today);
    if (problems.length) throw invalid(problems);
    const id = await repo.insertDelivery(tx, ctx.principal.laCode, {
      orderId,
      deliveredOn: data.deliveredOn,
      units: data.units,
      deliveredBy: data.deliveredBy,
      notes: data.notes || null,
      by: ctx.principal.userId,
    });
    await audit(tx, ctx, {
      action: 'traded.delivery.recorded',
      entityType: 'traded-order',
      entityId: orderId,
      childId: null,
      detail: {
        deliveryId: id,
        service: order.serviceName,
        customer: order.customerName,
        deliveredOn: data.deliveredOn,
        units: data.units,
        deliveredBy: data.deliveredBy,
        remaining: unitsText(order.unit, order.remainingUnits - data.units),
      },
    });
    const [view] = await views(tx, [(await repo.findOrder(tx, orderId)) as repo.OrderRow]);
    return view as OrderView;
  });
}
