import type { IsoDate } from '../../../../platform/kernel/dates.ts';
import { fromHundredths, hundredths, type UnitKind } from './catalogue.ts';
import { deliveryValues, type PaidFrom } from './orders.ts';
import { monthsOf } from './years.ts';

/**
 * A year's traded services in figures: who buys what (uptake), what the orders and the deliveries
 * bring in month by month (income), and how much of the SEND funding delegated to clusters comes
 * back to the LA as orders (buy-back). Cancelled orders are left out before these are called.
 */

export interface ReportService {
  id: string;
  name: string;
  unit: UnitKind;
}

export interface ReportOrder {
  serviceId: string;
  orderedOn: IsoDate;
  units: number;
  unitPence: number;
  totalPence: number;
  paidFrom: PaidFrom;
  /** The schools the order is for: the school, or the cluster's schools when it was priced. */
  schoolIds: readonly string[];
  /** Earliest first. */
  deliveries: readonly { deliveredOn: IsoDate; units: number }[];
}

export interface UptakeRow {
  serviceId: string;
  name: string;
  unit: UnitKind;
  orders: number;
  schoolsBuying: number;
  /** Buying schools as a percentage of the schools in the LA; null when it has none. */
  percent: number | null;
  unitsOrdered: number;
  unitsDelivered: number;
}

export interface Uptake {
  /** The schools in a cluster on the year's first day, and any other school that bought. */
  schoolsInLa: number;
  /** Schools buying anything, each once. */
  schoolsBuying: number;
  percent: number | null;
  rows: UptakeRow[];
}

const share = (part: number, whole: number | null) => (whole ? (part / whole) * 100 : null);

/** Each service's buyers and units, against the LA's schools: those in scope and any that bought. */
export function uptake(
  services: readonly ReportService[],
  orders: readonly ReportOrder[],
  schoolsInScope: readonly string[],
): Uptake {
  const everyBuyer = new Set(orders.flatMap((o) => o.schoolIds));
  const schoolsInLa = new Set([...schoolsInScope, ...everyBuyer]).size;
  const rows = services.map((s): UptakeRow => {
    const mine = orders.filter((o) => o.serviceId === s.id);
    const buyers = new Set(mine.flatMap((o) => o.schoolIds)).size;
    const ordered = mine.reduce((sum, o) => sum + hundredths(o.units), 0);
    const delivered = mine.reduce(
      (sum, o) => sum + o.deliveries.reduce((d, x) => d + hundredths(x.units), 0),
      0,
    );
    return {
      serviceId: s.id,
      name: s.name,
      unit: s.unit,
      orders: mine.length,
      schoolsBuying: buyers,
      percent: share(buyers, schoolsInLa),
      unitsOrdered: fromHundredths(ordered),
      unitsDelivered: fromHundredths(delivered),
    };
  });
  return {
    schoolsInLa,
    schoolsBuying: everyBuyer.size,
    percent: share(everyBuyer.size, schoolsInLa),
    rows,
  };
}

export interface Money {
  orderedPence: number;
  deliveredPence: number;
}

export interface Income {
  /** The year's months, September first, after any month before it that orders were placed in. */
  months: string[];
  /** Each service's money in each month it has any, in service then month order. */
  rows: (Money & { serviceId: string; name: string; month: string })[];
  byMonth: (Money & { month: string })[];
  byService: (Money & { serviceId: string; name: string })[];
  totals: Money;
}

const monthOfDate = (date: IsoDate) => date.slice(0, 7);

/**
 * What the year's orders are worth by the month they were placed in, and what was delivered by the
 * month it was delivered in, each delivery at its order's unit price (cumulatively rounded, so an
 * order's deliveries never come to more than the order).
 */
export function income(
  year: number,
  services: readonly ReportService[],
  orders: readonly ReportOrder[],
): Income {
  const cells = new Map<string, Money>();
  const cell = (serviceId: string, month: string) => {
    const key = `${serviceId}|${month}`;
    let c = cells.get(key);
    if (!c) {
      c = { orderedPence: 0, deliveredPence: 0 };
      cells.set(key, c);
    }
    return c;
  };
  const seen = new Set<string>();
  for (const o of orders) {
    const month = monthOfDate(o.orderedOn);
    seen.add(month);
    cell(o.serviceId, month).orderedPence += o.totalPence;
    const values = deliveryValues(o.unitPence, o.deliveries);
    o.deliveries.forEach((d, i) => {
      const m = monthOfDate(d.deliveredOn);
      seen.add(m);
      cell(o.serviceId, m).deliveredPence += values[i] ?? 0;
    });
  }
  const yearMonths = monthsOf(year);
  const months = [
    ...new Set([...[...seen].filter((m) => m < (yearMonths[0] as string)).sort(), ...yearMonths]),
  ];
  const rows: Income['rows'] = [];
  const byService: Income['byService'] = [];
  for (const s of services) {
    const total = { orderedPence: 0, deliveredPence: 0 };
    for (const month of months) {
      const c = cells.get(`${s.id}|${month}`);
      if (!c) continue;
      rows.push({ serviceId: s.id, name: s.name, month, ...c });
      total.orderedPence += c.orderedPence;
      total.deliveredPence += c.deliveredPence;
    }
    byService.push({ serviceId: s.id, name: s.name, ...total });
  }
  const byMonth = months.map((month) => {
    const m = { month, orderedPence: 0, deliveredPence: 0 };
    for (const s of services) {
      const c = cells.get(`${s.id}|${month}`);
      if (c) {
        m.orderedPence += c.orderedPence;
        m.deliveredPence += c.deliveredPence;
      }
    }
    return m;
  });
  const totals = byService.reduce(
    (t, s) => ({
      orderedPence: t.orderedPence + s.orderedPence,
      deliveredPence: t.deliveredPence + s.deliveredPence,
    }),
    { orderedPence: 0, deliveredPence: 0 },
  );
  return { months, rows, byMonth, byService, totals };
}

export interface BuyBackRow extends Money {
  serviceId: string;
  name: string;
  orders: number;
  /** Its share of the delegated total, as a percentage; null with no delegated total. */
  percent: number | null;
}

export interface BuyBack extends Money {
  /** The delegated shares of the year's academic-year pots together; null when there is no such pot. */
  delegatedTotalPence: number | null;
  /** What orders paid from delegated SEND funding come to, as a percentage of the delegated total. */
  percent: number | null;
  deliveredPercent: number | null;
  rows: BuyBackRow[];
}

/** How much of the money delegated to clusters comes back to the LA as orders paid from it. */
export function buyBack(
  services: readonly ReportService[],
  orders: readonly ReportOrder[],
  delegatedTotalPence: number | null,
): BuyBack {
  const delegated = orders.filter((o) => o.paidFrom === 'delegated_send');
  const delivered = (o: ReportOrder) => deliveryValues(o.unitPence, o.deliveries).reduce((s, v) => s + v, 0);
  const rows = services.map((s): BuyBackRow => {
    const mine = delegated.filter((o) => o.serviceId === s.id);
    const orderedPence = mine.reduce((sum, o) => sum + o.totalPence, 0);
    return {
      serviceId: s.id,
      name: s.name,
      orders: mine.length,
      orderedPence,
      deliveredPence: mine.reduce((sum, o) => sum + delivered(o), 0),
      percent: share(orderedPence, delegatedTotalPence),
    };
  });
  const orderedPence = rows.reduce((s, r) => s + r.orderedPence, 0);
  const deliveredPence = rows.reduce((s, r) => s + r.deliveredPence, 0);
  return {
    orderedPence,
    deliveredPence,
    delegatedTotalPence,
    percent: share(orderedPence, delegatedTotalPence),
    deliveredPercent: share(deliveredPence, delegatedTotalPence),
    rows,
  };
}
