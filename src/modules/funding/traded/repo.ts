import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { TradedTables } from '../tables.ts';
import type { PriceBand, UnitKind, YearPrices } from './domain/catalogue.ts';
import type { PaidFrom } from './domain/orders.ts';

/** SQL for the traded services catalogue, its prices, orders and deliveries; and the year's delegated pots. */

const db = (tx: Tx) => tx.withTables<TradedTables>();
const dateText = (column: string) => sql<string>`${sql.ref(column)}::text`;

export interface ServiceRow {
  id: string;
  name: string;
  unit: UnitKind;
  description: string;
  team: string;
  offered: boolean;
  version: number;
}

export interface ServiceFields {
  name: string;
  unit: UnitKind;
  description: string;
  team: string;
  offered: boolean;
}

const serviceColumns = ['id', 'name', 'unit', 'description', 'team', 'offered', 'version'] as const;

export async function listServices(tx: Tx): Promise<ServiceRow[]> {
  return (await db(tx)
    .selectFrom('traded_services')
    .select(serviceColumns)
    .orderBy('name')
    .execute()) as ServiceRow[];
}

export async function findService(tx: Tx, id: string, forUpdate = false): Promise<ServiceRow | undefined> {
  let q = db(tx).selectFrom('traded_services').select(serviceColumns).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return (await q.executeTakeFirst()) as ServiceRow | undefined;
}

/** The service already called this, in any case, other than `exceptId`. */
export async function serviceNamed(tx: Tx, name: string, exceptId?: string): Promise<string | undefined> {
  let q = db(tx).selectFrom('traded_services').select('id').where(sql<boolean>`lower(name) = lower(${name})`);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst())?.id;
}

export async function insertService(tx: Tx, laCode: string, f: ServiceFields, by: string): Promise<string> {
  const r = await db(tx)
    .insertInto('traded_services')
    .values({ la_code: laCode, ...f, created_by: by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** False when someone changed the service since `version` was read. */
export async function updateService(tx: Tx, id: string, f: ServiceFields, version: number): Promise<boolean> {
  const r = await db(tx)
    .updateTable('traded_services')
    .set({ ...f, updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface PricesRow extends YearPrices {
  serviceId: string;
  version: number;
}

/** Prices for these services (all when none are named), by year, each with its bands lowest first. */
export async function prices(tx: Tx, serviceIds?: readonly string[]): Promise<PricesRow[]> {
  if (serviceIds && !serviceIds.length) return [];
  let heads = db(tx)
    .selectFrom('traded_prices')
    .select(['service_id as serviceId', 'year', 'cluster_unit_pence as clusterUnitPence', 'version'])
    .orderBy('service_id')
    .orderBy('year');
  let bands = db(tx)
    .selectFrom('traded_price_bands')
    .select([
      'service_id as serviceId',
      'year',
      'from_pupils as fromPupils',
      'to_pupils as toPupils',
      'unit_pence as unitPence',
    ])
    .orderBy('from_pupils');
  if (serviceIds) {
    heads = heads.where('service_id', 'in', [...serviceIds]);
    bands = bands.where('service_id', 'in', [...serviceIds]);
  }
  const [h, b] = await Promise.all([heads.execute(), bands.execute()]);
  const byYear = new Map<string, PriceBand[]>();
  for (const band of b) {
    const key = `${band.serviceId}|${band.year}`;
    const list = byYear.get(key) ?? [];
    list.push({
      fromPupils: band.fromPupils,
      toPupils: band.toPupils,
      unitPence: Number(band.unitPence),
    });
    byYear.set(key, list);
  }
  return h.map((row) => ({
    serviceId: row.serviceId,
    year: row.year,
    clusterUnitPence: row.clusterUnitPence === null ? null : Number(row.clusterUnitPence),
    version: row.version,
    bands: byYear.get(`${row.serviceId}|${row.year}`) ?? [],
  }));
}

/** Sets a year's prices: version 0 for a year without them; false when someone set them first. */
export async function savePrices(
  tx: Tx,
  laCode: string,
  serviceId: string,
  p: YearPrices,
  version: number,
  by: string,
): Promise<boolean> {
  if (version === 0) {
    const r = await db(tx)
      .insertInto('traded_prices')
      .values({
        la_code: laCode,
        service_id: serviceId,
        year: p.year,
        cluster_unit_pence: p.clusterUnitPence,
        set_by: by,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('year')
      .executeTakeFirst();
    if (!r) return false;
  } else {
    const r = await db(tx)
      .updateTable('traded_prices')
      .set({
        cluster_unit_pence: p.clusterUnitPence,
        set_by: by,
        set_at: sql`now()`,
        version: sql`version + 1`,
      })
      .where('service_id', '=', serviceId)
      .where('year', '=', p.year)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await db(tx)
      .deleteFrom('traded_price_bands')
      .where('service_id', '=', serviceId)
      .where('year', '=', p.year)
      .execute();
  }
  await db(tx)
    .insertInto('traded_price_bands')
    .values(
      p.bands.map((b) => ({
        la_code: laCode,
        service_id: serviceId,
        year: p.year,
        from_pupils: b.fromPupils,
        to_pupils: b.toPupils,
        unit_pence: b.unitPence,
      })),
    )
    .execute();
  return true;
}

export interface OrderRow {
  id: string;
  serviceId: string;
  year: number;
  customerKind: 'school' | 'cluster';
  establishmentId: string | null;
  clusterId: string | null;
  pupilsOnRoll: number;
  priceBasis: 'band' | 'cluster_price';
  bandFromPupils: number | null;
  bandToPupils: number | null;
  units: number;
  unitPence: number;
  totalPence: number;
  paidFrom: PaidFrom;
  orderedOn: string;
  orderedBy: string | null;
  status: 'ordered' | 'cancelled';
  cancelledOn: string | null;
  cancelReason: string | null;
  createdAt: Date;
  version: number;
}

const orderColumns = [
  'o.id',
  'o.service_id as serviceId',
  'o.year',
  'o.customer_kind as customerKind',
  'o.establishment_id as establishmentId',
  'o.cluster_id as clusterId',
  'o.pupils_on_roll as pupilsOnRoll',
  'o.price_basis as priceBasis',
  'o.band_from_pupils as bandFromPupils',
  'o.band_to_pupils as bandToPupils',
  'o.units',
  'o.unit_pence as unitPence',
  'o.total_pence as totalPence',
  'o.paid_from as paidFrom',
  'o.ordered_by as orderedBy',
  'o.status',
  'o.cancel_reason as cancelReason',
  'o.created_at as createdAt',
  'o.version',
] as const;

type RawOrder = Omit<OrderRow, 'units' | 'unitPence' | 'totalPence' | 'orderedOn' | 'cancelledOn'> & {
  units: string;
  unitPence: number | string;
  totalPence: number | string;
  orderedOn: string;
  cancelledOn: string | null;
};

const asOrder = (r: RawOrder): OrderRow => ({
  ...r,
  units: Number(r.units),
  unitPence: Number(r.unitPence),
  totalPence: Number(r.totalPence),
});

function selectOrders(tx: Tx) {
  return db(tx)
    .selectFrom('traded_orders as o')
    .select(orderColumns)
    .select([
      dateText('o.ordered_on').as('orderedOn'),
      sql<string | null>`o.cancelled_on::text`.as('cancelledOn'),
    ]);
}

export async function findOrder(tx: Tx, id: string, forUpdate = false): Promise<OrderRow | undefined> {
  let q = selectOrders(tx).where('o.id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? asOrder(r as RawOrder) : undefined;
}

export interface OrderFilter {
  year?: number;
  /** Orders for any of these schools, or covering any of them (a cluster's order), or by these clusters. */
  customers?: { schoolIds: readonly string[]; clusterIds: readonly string[] };
  status?: 'ordered' | 'cancelled';
}

/** Orders matching the filter, the latest first. */
export async function listOrders(tx: Tx, laCode: string, f: OrderFilter): Promise<OrderRow[]> {
  let q = selectOrders(tx)
    .where('o.la_code', '=', laCode)
    .orderBy('o.ordered_on', 'desc')
    .orderBy('o.created_at', 'desc');
  if (f.year !== undefined) q = q.where('o.year', '=', f.year);
  if (f.status) q = q.where('o.status', '=', f.status);
  const c = f.customers;
  if (c) {
    if (!c.schoolIds.length && !c.clusterIds.length) return [];
    q = q.where((eb) =>
      eb.or([
        ...(c.schoolIds.length
          ? [
              eb.exists(
                eb
                  .selectFrom('traded_order_schools as s')
                  .select('s.order_id')
                  .whereRef('s.order_id', '=', 'o.id')
                  .where('s.establishment_id', 'in', [...c.schoolIds]),
              ),
            ]
          : []),
        ...(c.clusterIds.length ? [eb('o.cluster_id', 'in', [...c.clusterIds])] : []),
      ]),
    );
  }
  return (await q.execute()).map((r) => asOrder(r as RawOrder));
}

export interface NewOrder {
  serviceId: string;
  year: number;
  customerKind: 'school' | 'cluster';
  establishmentId: string | null;
  clusterId: string | null;
  pupilsOnRoll: number;
  priceBasis: 'band' | 'cluster_price';
  band: { fromPupils: number; toPupils: number | null } | null;
  units: number;
  unitPence: number;
  totalPence: number;
  paidFrom: PaidFrom;
  orderedOn: string;
  orderedBy: string;
  schools: readonly { establishmentId: string; pupils: number }[];
}

export async function insertOrder(tx: Tx, laCode: string, o: NewOrder): Promise<string> {
  const r = await db(tx)
    .insertInto('traded_orders')
    .values({
      la_code: laCode,
      service_id: o.serviceId,
      year: o.year,
      customer_kind: o.customerKind,
      establishment_id: o.establishmentId,
      cluster_id: o.clusterId,
      pupils_on_roll: o.pupilsOnRoll,
      price_basis: o.priceBasis,
      band_from_pupils: o.band?.fromPupils ?? null,
      band_to_pupils: o.band?.toPupils ?? null,
      units: o.units,
      unit_pence: o.unitPence,
      total_pence: o.totalPence,
      paid_from: o.paidFrom,
      ordered_on: o.orderedOn,
      ordered_by: o.orderedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (o.schools.length)
    await db(tx)
      .insertInto('traded_order_schools')
      .values(
        o.schools.map((s) => ({
          la_code: laCode,
          order_id: r.id,
          establishment_id: s.establishmentId,
          pupils: s.pupils,
        })),
      )
      .execute();
  return r.id;
}

/** False when someone changed the order since `version` was read. */
export async function cancelOrder(
  tx: Tx,
  id: string,
  version: number,
  c: { on: string; by: string; reason: string | null },
): Promise<boolean> {
  const r = await db(tx)
    .updateTable('traded_orders')
    .set({
      status: 'cancelled',
      cancelled_on: c.on,
      cancelled_by: c.by,
      cancel_reason: c.reason,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface OrderSchoolRow {
  orderId: string;
  establishmentId: string;
  pupils: number;
}

export async function orderSchools(tx: Tx, orderIds: readonly string[]): Promise<OrderSchoolRow[]> {
  if (!orderIds.length) return [];
  return db(tx)
    .selectFrom('traded_order_schools')
    .select(['order_id as orderId', 'establishment_id as establishmentId', 'pupils'])
    .where(sql<boolean>`order_id = ANY(${[...orderIds]}::uuid[])`)
    .execute();
}

export interface DeliveryRow {
  id: string;
  orderId: string;
  deliveredOn: string;
  units: number;
  deliveredBy: string;
  notes: string | null;
  recordedAt: Date;
}

/** Deliveries against these orders, each order's earliest first. */
export async function deliveries(tx: Tx, orderIds: readonly string[]): Promise<DeliveryRow[]> {
  if (!orderIds.length) return [];
  const rows = await db(tx)
    .selectFrom('traded_deliveries')
    .select([
      'id',
      'order_id as orderId',
      dateText('delivered_on').as('deliveredOn'),
      'units',
      'delivered_by as deliveredBy',
      'notes',
      'recorded_at as recordedAt',
    ])
    .where(sql<boolean>`order_id = ANY(${[...orderIds]}::uuid[])`)
    .orderBy('order_id')
    .orderBy('delivered_on')
    .orderBy('recorded_at')
    .execute();
  return rows.map((r) => ({ ...r, units: Number(r.units) }));
}

export async function insertDelivery(
  tx: Tx,
  laCode: string,
  d: {
    orderId: string;
    deliveredOn: string;
    units: number;
    deliveredBy: string;
    notes: string | null;
    by: string;
  },
): Promise<string> {
  const r = await db(tx)
    .insertInto('traded_deliveries')
    .values({
      la_code: laCode,
      order_id: d.orderId,
      delivered_on: d.deliveredOn,
      units: d.units,
      delivered_by: d.deliveredBy,
      notes: d.notes,
      recorded_by: d.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/**
 * The delegated shares of the LA's academic-year pots for the year, added together; null when it
 * has no such pot. The pots are the funding module's own (cluster delegation's tables).
 */
export async function delegatedTotal(tx: Tx, laCode: string, year: number): Promise<number | null> {
  const r = await sql<{ pots: number; pence: string | null }>`
    SELECT count(*)::int AS pots, sum(delegated_pence)::text AS pence
    FROM funding_pots WHERE la_code = ${laCode} AND year_kind = 'academic' AND year = ${year}`.execute(tx);
  const row = r.rows[0];
  return row && Number(row.pots) > 0 ? Number(row.pence) : null;
}
