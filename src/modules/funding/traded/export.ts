import type { FastifyReply } from 'fastify';
import {
  type ExportColumn,
  type ExportFormat,
  type ExportTable,
  sendExport,
} from '../../../platform/exports/index.ts';
import type { FundingContext } from '../context.ts';
import { poundsAt as pounds, type Row, textColumn as text } from '../export-rows.ts';
import type { Service } from './catalogue-service.ts';
import { unitNames } from './domain/catalogue.ts';
import { yearLabel } from './domain/years.ts';
import type { OrderView } from './order-service.ts';
import { monthText, paidFromLabels, statusText, unitLabels, type YourPrice } from './presenters.ts';
import type { Reports } from './report-service.ts';

/**
 * Every traded services table as it downloads, money in pounds so a spreadsheet sums it. They are
 * about schools and services, never children; each download is one audit event naming the table.
 */

const count = (heading: string, key: string): ExportColumn<Row> => ({
  heading,
  kind: 'decimal',
  value: (r) => r[key] ?? null,
});
const date = (heading: string, key: string): ExportColumn<Row> => ({
  heading,
  kind: 'date',
  value: (r) => r[key] ?? null,
});
const percent = (heading: string, key: string): ExportColumn<Row> => ({
  heading,
  kind: 'percent',
  value: (r) => r[key] ?? null,
});

export interface TradedTable<Data> {
  table: ExportTable<Row>;
  rows(data: Data): Row[];
}

const orderColumns = [
  date('Ordered on', 'orderedOn'),
  text('Service', 'service', 40),
  text('For', 'customer', 40),
  text('School or cluster', 'kind'),
  text('Year', 'year'),
  count('Pupils on roll priced by', 'pupils'),
  text('Unit', 'unit'),
  count('Units ordered', 'units'),
  pounds('A unit', 'unitPence'),
  pounds('Total', 'totalPence'),
  text('Paid from', 'paidFrom', 28),
  count('Units delivered', 'delivered'),
  count('Units still to deliver', 'remaining'),
  pounds('Delivered', 'deliveredPence'),
  text('Status', 'status'),
];

const orderRow = (o: OrderView): Row => ({
  orderedOn: o.orderedOn,
  service: o.serviceName,
  customer: o.customerName,
  kind: o.customerKind === 'school' ? 'School' : 'Cluster',
  year: yearLabel(o.year),
  pupils: o.pupilsOnRoll,
  unit: unitLabels[o.unit],
  units: o.units,
  unitPence: o.unitPence,
  totalPence: o.totalPence,
  paidFrom: paidFromLabels[o.paidFrom],
  delivered: o.deliveredUnits,
  remaining: o.status === 'cancelled' ? 0 : o.remainingUnits,
  deliveredPence: o.deliveredPence,
  status: statusText(o),
});

export const ordersTable: TradedTable<readonly OrderView[]> = {
  table: { fileStem: 'traded-orders', sheetTitle: 'Orders', columns: orderColumns },
  rows: (orders) => orders.map(orderRow),
};

export const awaitingTable: TradedTable<readonly OrderView[]> = {
  table: {
    fileStem: 'traded-orders-awaiting-delivery',
    sheetTitle: 'Awaiting delivery',
    columns: orderColumns,
  },
  rows: (orders) => orders.map(orderRow),
};

export const catalogueTable: TradedTable<readonly Service[]> = {
  table: {
    fileStem: 'traded-services-prices',
    sheetTitle: 'Prices',
    columns: [
      text('Service', 'service', 40),
      text('Unit', 'unit'),
      text('Team', 'team', 30),
      text('Offered', 'offered'),
      text('Year', 'year'),
      count('From pupils', 'from'),
      count('To pupils', 'to'),
      pounds('A unit', 'unitPence'),
      pounds('A unit for a cluster', 'clusterPence'),
    ],
  },
  rows: (services) =>
    services.flatMap((s): Row[] => {
      const about = {
        service: s.name,
        unit: unitLabels[s.unit],
        team: s.team,
        offered: s.offered ? 'Yes' : 'No',
      };
      if (!s.prices.length)
        return [{ ...about, year: null, from: null, to: null, unitPence: null, clusterPence: null }];
      return s.prices.flatMap((p) =>
        p.bands.map((b) => ({
          ...about,
          year: yearLabel(p.year),
          from: b.fromPupils,
          to: b.toPupils,
          unitPence: b.unitPence,
          clusterPence: p.clusterUnitPence,
        })),
      );
    }),
};

export const deliveriesTable: TradedTable<OrderView> = {
  table: {
    fileStem: 'traded-order-deliveries',
    sheetTitle: 'Deliveries',
    columns: [
      date('Delivered on', 'deliveredOn'),
      count('Units', 'units'),
      text('Unit', 'unit'),
      text('By', 'by', 30),
      pounds('Worth', 'pence'),
      text('Notes', 'notes', 60),
    ],
  },
  rows: (o) =>
    o.deliveries.map((d) => ({
      deliveredOn: d.deliveredOn,
      units: d.units,
      unit: unitNames[o.unit].many,
      by: d.deliveredBy,
      pence: d.pence,
      notes: d.notes,
    })),
};

export const reportTables: Record<'uptake' | 'months' | 'income' | 'buyback', TradedTable<Reports>> = {
  uptake: {
    table: {
      fileStem: 'traded-uptake',
      sheetTitle: 'Uptake',
      columns: [
        text('Service', 'service', 40),
        count('Orders', 'orders'),
        count('Schools buying', 'buying'),
        count('Schools in the LA', 'schools'),
        percent('Share of the LA’s schools', 'percent'),
        count('Units ordered', 'ordered'),
        count('Units delivered', 'delivered'),
      ],
    },
    rows: (r) => [
      ...r.uptake.rows.map((u) => ({
        service: u.name,
        orders: u.orders,
        buying: u.schoolsBuying,
        schools: r.uptake.schoolsInLa,
        percent: u.percent,
        ordered: u.unitsOrdered,
        delivered: u.unitsDelivered,
      })),
      {
        service: 'Any service',
        orders: r.uptake.rows.reduce((s, u) => s + u.orders, 0),
        buying: r.uptake.schoolsBuying,
        schools: r.uptake.schoolsInLa,
        percent: r.uptake.percent,
        ordered: null,
        delivered: null,
      },
    ],
  },
  months: {
    table: {
      fileStem: 'traded-income-by-month',
      sheetTitle: 'Income by month',
      columns: [text('Month', 'month', 20), pounds('Ordered', 'ordered'), pounds('Delivered', 'delivered')],
    },
    rows: (r) => [
      ...r.income.byMonth.map((m) => ({
        month: monthText(m.month),
        ordered: m.orderedPence,
        delivered: m.deliveredPence,
      })),
      { month: 'Total', ordered: r.income.totals.orderedPence, delivered: r.income.totals.deliveredPence },
    ],
  },
  income: {
    table: {
      fileStem: 'traded-income-by-service-and-month',
      sheetTitle: 'Income by service and month',
      columns: [
        text('Service', 'service', 40),
        text('Month', 'month', 20),
        pounds('Ordered', 'ordered'),
        pounds('Delivered', 'delivered'),
      ],
    },
    rows: (r) =>
      r.income.rows.map((x) => ({
        service: x.name,
        month: monthText(x.month),
        ordered: x.orderedPence,
        delivered: x.deliveredPence,
      })),
  },
  buyback: {
    table: {
      fileStem: 'traded-buy-back',
      sheetTitle: 'Buy-back',
      columns: [
        text('Service', 'service', 40),
        count('Orders paid from delegated funding', 'orders'),
        pounds('Ordered', 'ordered'),
        pounds('Delivered', 'delivered'),
        percent('Share of the delegated total', 'percent'),
      ],
    },
    rows: (r) => [
      ...r.buyBack.rows.map((b) => ({
        service: b.name,
        orders: b.orders,
        ordered: b.orderedPence,
        delivered: b.deliveredPence,
        percent: b.percent,
      })),
      {
        service: 'Total',
        orders: r.buyBack.rows.reduce((s, b) => s + b.orders, 0),
        ordered: r.buyBack.orderedPence,
        delivered: r.buyBack.deliveredPence,
        percent: r.buyBack.percent,
      },
    ],
  },
};

/** A table as a file; the download is one audit event, naming the table and what it was filtered by. */
export function sendTradedExport<Data>(
  reply: FastifyReply,
  ctx: FundingContext,
  spec: TradedTable<Data>,
  format: ExportFormat,
  filters: Record<string, string>,
  load: () => Promise<Data>,
) {
  const suffix = filters.year ? `-${filters.year}` : '';
  return sendExport(reply, {
    format,
    table: { ...spec.table, fileStem: `${spec.table.fileStem}${suffix}` },
    today: ctx.today,
    pages: async () => ({ rows: spec.rows(await load()) }),
    audit: {
      database: ctx.database,
      actor: ctx,
      action: 'traded.table.exported',
      entityType: 'traded-services',
      filters: { table: spec.table.fileStem, ...filters },
    },
  });
}

export const yourPricesTable: TradedTable<readonly YourPrice[]> = {
  table: {
    fileStem: 'traded-services-your-prices',
    sheetTitle: 'Your prices',
    columns: [
      text('For', 'customer', 40),
      text('Service', 'service', 40),
      text('Unit', 'unit'),
      text('Year', 'year'),
      pounds('A unit', 'unitPence'),
      text('Note', 'note', 40),
    ],
  },
  rows: (prices) =>
    prices.map((p) => ({
      customer: p.customer,
      service: p.service,
      unit: unitLabels[p.unit],
      year: yearLabel(p.year),
      unitPence: p.unitPence,
      note: p.note,
    })),
};
