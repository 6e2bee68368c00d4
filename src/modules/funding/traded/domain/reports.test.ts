import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buyBack, income, type ReportOrder, type ReportService, uptake } from './reports.ts';

/**
 * 2025-26 in a small LA: five schools in clusters on 1 September 2025 (A to E), two services.
 * Three live orders, worked by hand below.
 */

const services: ReportService[] = [
  { id: 'ep', name: 'Educational Psychology day', unit: 'day' },
  { id: 'att', name: 'Access Through Technology assessment', unit: 'assessment' },
];

const orders: ReportOrder[] = [
  // School A from its own budget: 4 EP days at £460 = £1,840; 2 delivered in October, 1 in January.
  {
    serviceId: 'ep',
    orderedOn: '2025-09-10',
    units: 4,
    unitPence: 46_000,
    totalPence: 184_000,
    paidFrom: 'school_budget',
    schoolIds: ['A'],
    deliveries: [
      { deliveredOn: '2025-10-14', units: 2 },
      { deliveredOn: '2026-01-20', units: 1 },
    ],
  },
  // The cluster of B and C from delegated funding, ordered in July for the coming year:
  // 6 EP days at £450 = £2,700; 3 delivered in November.
  {
    serviceId: 'ep',
    orderedOn: '2025-07-15',
    units: 6,
    unitPence: 45_000,
    totalPence: 270_000,
    paidFrom: 'delegated_send',
    schoolIds: ['B', 'C'],
    deliveries: [{ deliveredOn: '2025-11-04', units: 3 }],
  },
  // School B from delegated funding: 2 ATT assessments at £375 = £750, none delivered.
  {
    serviceId: 'att',
    orderedOn: '2025-10-02',
    units: 2,
    unitPence: 37_500,
    totalPence: 75_000,
    paidFrom: 'delegated_send',
    schoolIds: ['B'],
    deliveries: [],
  },
];

test('uptake counts each school buying a service once, directly or through its cluster', () => {
  const u = uptake(services, orders, ['A', 'B', 'C', 'D', 'E']);
  assert.equal(u.schoolsInLa, 5);
  // A, B and C buy something: 3 of 5 is 60%.
  assert.equal(u.schoolsBuying, 3);
  assert.equal(u.percent, 60);
  assert.deepEqual(
    u.rows.map((r) => [r.serviceId, r.orders, r.schoolsBuying, r.percent, r.unitsOrdered, r.unitsDelivered]),
    [
      // EP: A, B, C buy (3 of 5, 60%); 4 + 6 = 10 days ordered, 2 + 1 + 3 = 6 delivered.
      ['ep', 2, 3, 60, 10, 6],
      // ATT: B alone (1 of 5, 20%); 2 ordered, none delivered.
      ['att', 1, 1, 20, 2, 0],
    ],
  );
});

test('a school outside every cluster that buys counts among the LA’s schools', () => {
  // Only A and B are in scope; C bought through the cluster, so the LA has 3 schools, all buying.
  const u = uptake(services, orders, ['A', 'B']);
  assert.equal(u.schoolsInLa, 3);
  assert.equal(u.percent, 100);
});

test('income: ordered by the month of the order, delivered by the month of the delivery', () => {
  const i = income(2025, services, orders);
  // July 2025 comes before the year's twelve months, since an order was placed then.
  assert.equal(i.months.length, 13);
  assert.equal(i.months[0], '2025-07');
  assert.equal(i.months[1], '2025-09');
  assert.equal(i.months[12], '2026-08');
  assert.deepEqual(
    i.rows.map((r) => [r.serviceId, r.month, r.orderedPence, r.deliveredPence]),
    [
      ['ep', '2025-07', 270_000, 0],
      ['ep', '2025-09', 184_000, 0],
      // 2 days at £460.
      ['ep', '2025-10', 0, 92_000],
      // 3 days at £450.
      ['ep', '2025-11', 0, 135_000],
      // 1 day at £460.
      ['ep', '2026-01', 0, 46_000],
      ['att', '2025-10', 75_000, 0],
    ],
  );
  // October: £750 ordered (ATT) and £920 delivered (EP).
  assert.deepEqual(
    i.byMonth.find((m) => m.month === '2025-10'),
    {
      month: '2025-10',
      orderedPence: 75_000,
      deliveredPence: 92_000,
    },
  );
  // £1,840 + £2,700 + £750 = £5,290 ordered; £920 + £1,350 + £460 = £2,730 delivered.
  assert.deepEqual(i.totals, { orderedPence: 529_000, deliveredPence: 273_000 });
  assert.deepEqual(
    i.byService.map((s) => [s.serviceId, s.orderedPence, s.deliveredPence]),
    [
      ['ep', 454_000, 273_000],
      ['att', 75_000, 0],
    ],
  );
});

test('buy-back: orders paid from delegated funding against the delegated total of the year’s pots', () => {
  // Delegated: the cluster's £2,700 and B's £750 = £3,450, against £30,000 delegated: 11.5%.
  // Delivered of those: the cluster's 3 days at £450 = £1,350, 4.5%.
  const b = buyBack(services, orders, 3_000_000);
  assert.equal(b.orderedPence, 345_000);
  assert.equal(b.deliveredPence, 135_000);
  assert.equal(b.percent, 11.5);
  assert.equal(b.deliveredPercent, 4.5);
  assert.deepEqual(
    b.rows.map((r) => [r.serviceId, r.orders, r.orderedPence, r.deliveredPence, r.percent]),
    [
      // £2,700 of £30,000 is 9%.
      ['ep', 1, 270_000, 135_000, 9],
      // £750 of £30,000 is 2.5%.
      ['att', 1, 75_000, 0, 2.5],
    ],
  );
});

test('buy-back has no percentage when the year has no academic-year pot', () => {
  const b = buyBack(services, orders, null);
  assert.equal(b.orderedPence, 345_000);
  assert.equal(b.percent, null);
  assert.equal(b.rows[0]?.percent, null);
});
