import { type IsoDate, longDate } from '../../../../platform/kernel/dates.ts';
import {
  type Buyer,
  fromHundredths,
  hundredths,
  type Price,
  priceFor,
  type UnitKind,
  unitsCost,
  unitsProblem,
  unitsText,
  type YearPrices,
} from './catalogue.ts';
import { yearEnd, yearLabel, yearStart } from './years.ts';

/**
 * An order's rules: what may be ordered, for which year, paid from where; what may be delivered
 * against it; when it may be cancelled; and what its deliveries are worth.
 */

export const paidFromKinds = ['school_budget', 'delegated_send'] as const;
export type PaidFrom = (typeof paidFromKinds)[number];

export interface Problem {
  field: string;
  message: string;
}

export interface OrderRequest {
  service: { name: string; unit: UnitKind; offered: boolean };
  year: number;
  /** The service's prices for that year, or null when it has none. */
  prices: YearPrices | null;
  /** The years the service has prices for, to suggest one. */
  pricedYears: readonly number[];
  buyer: Buyer;
  units: number;
  paidFrom: PaidFrom;
  today: IsoDate;
}

export type OrderDecision =
  | { ok: true; price: Price; totalPence: number }
  | { ok: false; problems: Problem[] };

/** Whether the order may be placed, and if so at what price: every reason it may not, by field. */
export function decideOrder(r: OrderRequest): OrderDecision {
  const problems: Problem[] = [];
  if (!r.service.offered)
    problems.push({
      field: 'serviceId',
      message: `${r.service.name} is no longer offered: choose another service`,
    });
  if (yearEnd(r.year) < r.today)
    problems.push({
      field: 'year',
      message: `${yearLabel(r.year)} ended on ${longDate(yearEnd(r.year))}: choose a year that has not ended`,
    });
  else if (!r.prices) {
    const open = r.pricedYears.filter((y) => yearEnd(y) >= r.today).map(yearLabel);
    problems.push({
      field: 'year',
      message: `${r.service.name} has no prices for ${yearLabel(r.year)}${open.length ? `: choose ${open.join(' or ')}` : ', so it cannot be ordered for that year yet'}`,
    });
  }
  const units = unitsProblem(r.service.unit, r.units);
  if (units) problems.push({ field: 'units', message: units });
  if (r.buyer.kind === 'cluster' && r.paidFrom !== 'delegated_send')
    problems.push({
      field: 'paidFrom',
      message: 'A cluster pays from its delegated SEND funding: choose delegated SEND funding',
    });
  const price = r.prices ? priceFor(r.prices, r.buyer) : null;
  if (r.prices && !price)
    problems.push({ field: 'year', message: `${r.service.name} has no price for this size of school` });
  if (problems.length || !price) return { ok: false, problems };
  return { ok: true, price, totalPence: unitsCost(price.unitPence, r.units) };
}

export interface OrderState {
  unit: UnitKind;
  units: number;
  year: number;
  status: 'ordered' | 'cancelled';
  /** Deliveries so far, earliest first. */
  deliveries: readonly { deliveredOn: IsoDate; units: number }[];
}

export const deliveredUnits = (o: Pick<OrderState, 'deliveries'>): number =>
  fromHundredths(o.deliveries.reduce((sum, d) => sum + hundredths(d.units), 0));

export const remainingUnits = (o: Pick<OrderState, 'units' | 'deliveries'>): number =>
  fromHundredths(hundredths(o.units) - hundredths(deliveredUnits(o)));

/** Whether a delivery of these units on this day may be recorded against the order. */
export function deliveryProblems(
  order: OrderState,
  delivery: { units: number; deliveredOn: IsoDate },
  today: IsoDate,
): Problem[] {
  if (order.status === 'cancelled')
    return [{ field: 'units', message: 'This order was cancelled, so nothing can be delivered against it' }];
  const problems: Problem[] = [];
  const start = yearStart(order.year);
  const end = yearEnd(order.year);
  if (delivery.deliveredOn > today)
    problems.push({
      field: 'deliveredOn',
      message: 'The date it was delivered must be today or in the past',
    });
  else if (delivery.deliveredOn < start || delivery.deliveredOn > end)
    problems.push({
      field: 'deliveredOn',
      message: `The date it was delivered must be in ${yearLabel(order.year)}, the year ordered for: ${longDate(start)} to ${longDate(end)}`,
    });
  const left = remainingUnits(order);
  const units = unitsProblem(order.unit, delivery.units);
  if (units) problems.push({ field: 'units', message: units });
  else if (left <= 0)
    problems.push({
      field: 'units',
      message: `All ${unitsText(order.unit, order.units)} ordered have been delivered: nothing remains to record`,
    });
  else if (hundredths(delivery.units) > hundredths(left))
    problems.push({
      field: 'units',
      message: `Only ${unitsText(order.unit, left)} of the ${unitsText(order.unit, order.units)} ordered remain to be delivered: record ${unitsText(order.unit, left)} or fewer`,
    });
  return problems;
}

/** Why the order cannot be cancelled, or null when it can: only before anything is delivered. */
export function cancelProblem(order: OrderState): string | null {
  if (order.status === 'cancelled') return 'This order has already been cancelled';
  const delivered = deliveredUnits(order);
  if (delivered > 0)
    return `${unitsText(order.unit, delivered)} ${delivered === 1 ? 'has' : 'have'} been delivered against this order, so it can no longer be cancelled`;
  return null;
}

/**
 * What each delivery is worth at the order's unit price, rounded cumulatively: the k-th is the
 * cost of the units delivered up to it less the cost of those before, so however the units are
 * split between visits they add up to the cost of them all, never a penny more than the order.
 */
export function deliveryValues(unitPence: number, deliveries: readonly { units: number }[]): number[] {
  let before = 0;
  let done = 0;
  return deliveries.map((d) => {
    done += hundredths(d.units);
    const upTo = unitsCost(unitPence, fromHundredths(done));
    const value = upTo - before;
    before = upTo;
    return value;
  });
}
