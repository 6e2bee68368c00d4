import { escapeHtml } from '../../../platform/http/html.ts';
import { type IsoDate, longDate, monthNames } from '../../../platform/kernel/dates.ts';
import { penceText } from '../../../platform/kernel/money.ts';
import { percentText, wholeNumber } from '../../../platform/kernel/numbers.ts';
import type { Service } from './catalogue-service.ts';
import type { Customers } from './customers.ts';
import {
  type Buyer,
  bandText,
  type Price,
  priceFor,
  type UnitKind,
  unitNames,
  unitsText,
  type YearPrices,
} from './domain/catalogue.ts';
import type { PaidFrom } from './domain/orders.ts';
import { yearEnd, yearLabel, yearStart } from './domain/years.ts';
import type { OrderView } from './order-service.ts';

/**
 * How traded services read on their pages: prices "a day", units, the basis of a price, an
 * order's state as a tag, each table as rows for the govukTable macro, and what the person looking
 * has to do, and by when.
 */

export type Cell = { text?: string; html?: string; format?: 'numeric'; classes?: string };

const bold = 'govuk-!-font-weight-bold';
export const money = (pence: number, classes?: string): Cell => ({
  text: penceText(pence),
  format: 'numeric',
  ...(classes ? { classes } : {}),
});
const numeric = (text: string, classes?: string): Cell => ({
  text,
  format: 'numeric',
  ...(classes ? { classes } : {}),
});
const link = (href: string, text: string, hidden?: string) =>
  `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}${hidden ? `<span class="govuk-visually-hidden">${escapeHtml(hidden)}</span>` : ''}</a>`;
const tag = (text: string, colour: string) =>
  `<strong class="govuk-tag govuk-tag--${colour}">${escapeHtml(text)}</strong>`;

export const unitLabels: Record<UnitKind, string> = {
  day: 'Day',
  half_day: 'Half day',
  hour: 'Hour',
  assessment: 'Assessment',
  package: 'Package',
};

export const paidFromLabels: Record<PaidFrom, string> = {
  school_budget: 'The school’s own budget',
  delegated_send: 'Delegated SEND funding',
};

/** "a day", "an hour", "an assessment", "a half day". */
export function aUnit(unit: UnitKind): string {
  const one = unitNames[unit].one;
  return `${/^(h(?!alf)|[aeiou])/.test(one) ? 'an' : 'a'} ${one}`;
}

/** "£495 a day", "£85 an hour", "£375 an assessment". */
export const unitPriceText = (unit: UnitKind, pence: number) => `${penceText(pence)} ${aUnit(unit)}`;

/** "September 2025" for "2025-09". */
export const monthText = (month: string) =>
  `${monthNames[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

export const yearSpan = (year: number) => `${longDate(yearStart(year))} to ${longDate(yearEnd(year))}`;

/** Why an order costs what it does a unit, in words. */
export function priceBasisText(
  o: Pick<
    OrderView,
    'priceBasis' | 'pupilsOnRoll' | 'bandFromPupils' | 'bandToPupils' | 'customerKind' | 'schools'
  >,
): string {
  const roll =
    o.customerKind === 'school'
      ? `${wholeNumber(o.pupilsOnRoll)} pupils on roll`
      : `${wholeNumber(o.pupilsOnRoll)} pupils on roll across its ${wholeNumber(o.schools.length)} ${o.schools.length === 1 ? 'school' : 'schools'}`;
  if (o.priceBasis === 'cluster_price') return `The cluster price (${roll})`;
  return `${roll}: the ${bandText({ fromPupils: o.bandFromPupils ?? 0, toPupils: o.bandToPupils })} band`;
}

export function statusTag(o: Pick<OrderView, 'status' | 'remainingUnits' | 'deliveredUnits'>): string {
  if (o.status === 'cancelled') return tag('Cancelled', 'grey');
  if (o.remainingUnits <= 0) return tag('Delivered', 'green');
  if (o.deliveredUnits > 0) return tag('Part delivered', 'blue');
  return tag('Ordered', 'light-blue');
}

export const statusText = (o: Pick<OrderView, 'status' | 'remainingUnits' | 'deliveredUnits'>) =>
  o.status === 'cancelled'
    ? 'Cancelled'
    : o.remainingUnits <= 0
      ? 'Delivered'
      : o.deliveredUnits > 0
        ? 'Part delivered'
        : 'Ordered';

export const pricesFor = (s: Service, year: number): YearPrices | null =>
  s.prices.find((p) => p.year === year) ?? null;

export interface BuyerPrice {
  price: Price | null;
  /** Why there is no price, when there is none. */
  none: string | null;
}

/** What a unit of the service costs this buyer in the year, as an order placed today would be priced. */
export function buyerPrice(s: Service, year: number, buyer: Buyer | null): BuyerPrice {
  const prices = pricesFor(s, year);
  if (!prices) return { price: null, none: 'Not priced yet' };
  if (!buyer) return { price: null, none: 'No number on roll is recorded' };
  return { price: priceFor(prices, buyer), none: null };
}

/** Someone a person may order for, and the buyer they are for pricing in each year. */
export interface BuyerOf {
  key: string;
  name: string;
  /** What the buyer's prices are worked out from. */
  rollText: string;
  buyerIn(year: number): Buyer | null;
}

/** The schools and clusters a person orders for, each with how it is priced, as an order placed today would be. */
export function buyersOf(
  customers: Customers,
  clusterRolls: ReadonlyMap<string, ReadonlyMap<number, readonly (number | null)[]>>,
  thisYear: number,
): BuyerOf[] {
  return [
    ...customers.schools.map(
      (c): BuyerOf => ({
        key: `school:${c.id}`,
        name: c.name,
        rollText:
          c.pupils === null
            ? `No number on roll is recorded for ${c.name}, so its prices cannot be worked out: ask the LA to update its record.`
            : `Priced by its ${wholeNumber(c.pupils)} pupils on roll.`,
        buyerIn: () => (c.pupils === null ? null : { kind: 'school', pupils: c.pupils }),
      }),
    ),
    ...customers.clusters.map((c): BuyerOf => {
      const rolls = clusterRolls.get(c.id);
      const now = rolls?.get(thisYear) ?? [];
      const total = now.reduce<number>((sum, n) => sum + (n ?? 0), 0);
      return {
        key: `cluster:${c.id}`,
        name: c.name,
        rollText: `Priced at the cluster price where a service has one, otherwise by its ${wholeNumber(now.length)} schools’ ${wholeNumber(total)} pupils on roll together.`,
        buyerIn: (year) => {
          const r = rolls?.get(year) ?? [];
          return r.length && r.every((n) => n !== null) ? { kind: 'cluster', schools: r as number[] } : null;
        },
      };
    }),
  ];
}

export interface CustomerTable {
  key: string;
  name: string;
  rollText: string;
  head: Cell[];
  rows: Cell[][];
}

/** A buyer's catalogue: each offered service's price a unit this year and next, and a link to order it. */
export function buyerCatalogue(
  b: BuyerOf,
  services: readonly Service[],
  years: readonly number[],
): CustomerTable {
  return {
    key: b.key,
    name: b.name,
    rollText: b.rollText,
    head: [
      { text: 'Service' },
      ...years.map((y): Cell => ({ text: `A unit in ${yearLabel(y)}`, format: 'numeric' })),
      { text: 'Order' },
    ],
    rows: services
      .filter((s) => s.offered)
      .map((s) => [
        { html: link(`/traded/services/${s.id}`, s.name) },
        ...years.map((y): Cell => {
          const p = buyerPrice(s, y, b.buyerIn(y));
          return numeric(p.price ? unitPriceText(s.unit, p.price.unitPence) : (p.none ?? ''));
        }),
        years.some((y) => buyerPrice(s, y, b.buyerIn(y)).price)
          ? {
              html: link(
                `/traded/orders/new?${new URLSearchParams({ service: s.id, for: b.key })}`,
                'Order',
                ` ${s.name} for ${b.name}`,
              ),
            }
          : { text: 'Not priced yet' },
      ]),
  };
}

export interface YourPrice {
  customer: string;
  service: string;
  unit: UnitKind;
  year: number;
  unitPence: number | null;
  note: string | null;
}

/** Each buyer's price of each offered service in each year, as a list for a download. */
export function yourPrices(
  buyers: readonly BuyerOf[],
  services: readonly Service[],
  years: readonly number[],
): YourPrice[] {
  return buyers.flatMap((b) =>
    services
      .filter((s) => s.offered)
      .flatMap((s) =>
        years.map((year) => {
          const p = buyerPrice(s, year, b.buyerIn(year));
          return {
            customer: b.name,
            service: s.name,
            unit: s.unit,
            year,
            unitPence: p.price?.unitPence ?? null,
            note: p.price ? null : p.none,
          };
        }),
      ),
  );
}

export const ordersHead: Cell[] = [
  { text: 'Ordered on' },
  { text: 'Service' },
  { text: 'For' },
  { text: 'Year' },
  { text: 'Units', format: 'numeric' },
  { text: 'Total', format: 'numeric' },
  { text: 'Delivered', format: 'numeric' },
  { text: 'Status' },
];

export function orderRows(orders: readonly OrderView[]): Cell[][] {
  return orders.map((o) => [
    {
      html: link(`/traded/orders/${o.id}`, longDate(o.orderedOn), `: ${o.serviceName} for ${o.customerName}`),
    },
    { text: o.serviceName },
    { text: o.customerName },
    { text: yearLabel(o.year) },
    numeric(unitsText(o.unit, o.units)),
    money(o.totalPence),
    numeric(unitsText(o.unit, o.deliveredUnits)),
    { html: statusTag(o) },
  ]);
}

export const awaitingHead: Cell[] = [
  { text: 'Ordered on' },
  { text: 'Service' },
  { text: 'For' },
  { text: 'Year' },
  { text: 'Still to deliver', format: 'numeric' },
  { text: 'Deliver by' },
];

export function awaitingRows(orders: readonly OrderView[]): Cell[][] {
  return orders.map((o) => [
    {
      html: link(`/traded/orders/${o.id}`, longDate(o.orderedOn), `: ${o.serviceName} for ${o.customerName}`),
    },
    { text: o.serviceName },
    { text: o.customerName },
    { text: yearLabel(o.year) },
    numeric(`${unitsText(o.unit, o.remainingUnits)} of ${wholeNumber(o.units)}`),
    { text: longDate(yearEnd(o.year)) },
  ]);
}

/** The LA's view of the catalogue: each service, its team, and its prices this year and next at a glance. */
export function laCatalogueRows(services: readonly Service[], years: readonly number[]): Cell[][] {
  return services.map((s) => [
    {
      html: `${link(`/traded/services/${s.id}`, s.name)}${s.offered ? '' : ` ${tag('Not offered', 'grey')}`}`,
    },
    { text: unitLabels[s.unit] },
    { text: s.team },
    ...years.map((y): Cell => {
      const p = pricesFor(s, y);
      if (!p) return { text: 'Not priced' };
      const prices = p.bands.map((b) => b.unitPence);
      const low = Math.min(...prices);
      const high = Math.max(...prices);
      return numeric(low === high ? penceText(low) : `${penceText(low)} to ${penceText(high)}`);
    }),
  ]);
}

export const bandHead: Cell[] = [{ text: 'Pupils on roll' }, { text: 'A unit', format: 'numeric' }];

export function bandRows(p: YearPrices, unit: UnitKind): Cell[][] {
  return [
    ...p.bands.map((b) => [{ text: capitalise(bandText(b)) }, numeric(unitPriceText(unit, b.unitPence))]),
    [
      { text: 'A cluster' },
      numeric(
        p.clusterUnitPence === null
          ? 'By the band of its schools’ rolls together'
          : unitPriceText(unit, p.clusterUnitPence),
      ),
    ],
  ];
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const deliveryHead: Cell[] = [
  { text: 'Delivered on' },
  { text: 'Units', format: 'numeric' },
  { text: 'By' },
  { text: 'Worth', format: 'numeric' },
  { text: 'Notes' },
];

export function deliveryRows(o: OrderView): Cell[][] {
  return o.deliveries.map((d) => [
    { text: longDate(d.deliveredOn) },
    numeric(unitsText(o.unit, d.units)),
    { text: d.deliveredBy },
    money(d.pence),
    { text: d.notes ?? '' },
  ]);
}

export interface ToDo {
  text: string;
  link?: { href: string; text: string } | undefined;
}

/**
 * A buyer's to-dos: next year's prices are out and they have not ordered for it (by when the year
 * starts), and what is still to be delivered to them this year (by its end).
 */
export function buyerToDos(
  services: readonly Service[],
  customers: Customers,
  orders: readonly OrderView[],
  years: { thisYear: number; nextYear: number },
  today: IsoDate,
): ToDo[] {
  const items: ToDo[] = [];
  const pricedNext = services.filter((s) => s.offered && pricesFor(s, years.nextYear));
  const orderedNext = (key: string) =>
    orders.some(
      (o) =>
        o.year === years.nextYear &&
        o.status === 'ordered' &&
        `${o.customerKind}:${o.establishmentId ?? o.clusterId}` === key,
    );
  for (const c of [...customers.schools, ...customers.clusters]) {
    const key = `${c.kind}:${c.id}`;
    if (pricedNext.length && !orderedNext(key) && today < yearStart(years.nextYear))
      items.push({
        text: `${pricedNext.length === 1 ? 'One service is' : `${wholeNumber(pricedNext.length)} services are`} priced for ${yearLabel(years.nextYear)}: order for ${c.name} before the year starts on ${longDate(yearStart(years.nextYear))}, so the LA can plan its teams’ time.`,
      });
  }
  for (const o of orders)
    if (o.status === 'ordered' && o.remainingUnits > 0 && o.year === years.thisYear)
      items.push({
        text: `${capitalise(unitsText(o.unit, o.remainingUnits))} of ${o.serviceName} for ${o.customerName} ${o.remainingUnits === 1 ? 'is' : 'are'} still to be delivered, by ${longDate(yearEnd(o.year))}.`,
        link: { href: `/traded/orders/${o.id}`, text: 'See the order' },
      });
  return items;
}

/**
 * The LA's to-dos: services with no prices for next year before it starts (or this year's), and
 * the orders waiting for delivery.
 */
export function laToDos(
  services: readonly Service[],
  awaiting: readonly OrderView[],
  years: { thisYear: number; nextYear: number },
  viewer: { canManage: boolean; canDeliver: boolean },
): ToDo[] {
  const items: ToDo[] = [];
  const offered = services.filter((s) => s.offered);
  for (const year of [years.thisYear, years.nextYear]) {
    const unpriced = offered.filter((s) => !pricesFor(s, year));
    if (!unpriced.length) continue;
    items.push({
      text: `${unpriced.length === 1 ? '1 service has' : `${wholeNumber(unpriced.length)} services have`} no prices for ${yearLabel(year)}, so schools cannot order ${unpriced.length === 1 ? 'it' : 'them'} for that year${year === years.nextYear ? `: set them before schools plan their year, which starts on ${longDate(yearStart(year))}` : ''}: ${unpriced.map((s) => s.name).join(', ')}.`,
      ...(viewer.canManage && unpriced[0]
        ? {
            link: {
              href: `/traded/services/${unpriced[0].id}/prices/${yearLabel(year)}`,
              text: `Set the ${yearLabel(year)} prices of ${unpriced[0].name}`,
            },
          }
        : {}),
    });
  }
  if (awaiting.length)
    items.push({
      text: `${awaiting.length === 1 ? '1 order is' : `${wholeNumber(awaiting.length)} orders are`} waiting for delivery${viewer.canDeliver ? ': record each delivery as it is made' : ''}. They are listed below, the oldest first.`,
    });
  return items;
}

export const uptakeHead: Cell[] = [
  { text: 'Service' },
  { text: 'Orders', format: 'numeric' },
  { text: 'Schools buying', format: 'numeric' },
  { text: 'Share of the LA’s schools', format: 'numeric' },
  { text: 'Units ordered', format: 'numeric' },
  { text: 'Units delivered', format: 'numeric' },
];

export const percentCell = (p: number | null, classes?: string) => numeric(percentText(p, 'None'), classes);

export const incomeMonthHead: Cell[] = [
  { text: 'Month' },
  { text: 'Ordered', format: 'numeric' },
  { text: 'Delivered', format: 'numeric' },
];

export const incomeHead: Cell[] = [
  { text: 'Service' },
  { text: 'Month' },
  { text: 'Ordered', format: 'numeric' },
  { text: 'Delivered', format: 'numeric' },
];

export const buyBackHead: Cell[] = [
  { text: 'Service' },
  { text: 'Orders', format: 'numeric' },
  { text: 'Ordered', format: 'numeric' },
  { text: 'Delivered', format: 'numeric' },
  { text: 'Share of the delegated total', format: 'numeric' },
];

export { bold, link as linkHtml, numeric };
