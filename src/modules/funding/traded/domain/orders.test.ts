import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { YearPrices } from './catalogue.ts';
import {
  cancelProblem,
  decideOrder,
  deliveryProblems,
  deliveryValues,
  type OrderRequest,
  type OrderState,
  remainingUnits,
} from './orders.ts';

/** Today is 2 March 2026, in the academic year 2025-26 (1 September 2025 to 31 August 2026). */
const today = '2026-03-02';

const prices2025: YearPrices = {
  year: 2025,
  bands: [
    { fromPupils: 0, toPupils: 199, unitPence: 50_000 },
    { fromPupils: 200, toPupils: null, unitPence: 46_000 },
  ],
  clusterUnitPence: null,
};

const request = (over: Partial<OrderRequest> = {}): OrderRequest => ({
  service: { name: 'Educational Psychology day', unit: 'day', offered: true },
  year: 2025,
  prices: prices2025,
  pricedYears: [2025],
  buyer: { kind: 'school', pupils: 210 },
  units: 4,
  paidFrom: 'school_budget',
  today,
  ...over,
});

test('a school of 210 pupils ordering 4 days pays 4 × £460 = £1,840', () => {
  const d = decideOrder(request());
  assert.ok(d.ok);
  assert.equal(d.price.unitPence, 46_000);
  assert.equal(d.price.pupils, 210);
  assert.equal(d.totalPence, 184_000);
});

test('an order for a year without prices names the years that have them', () => {
  const d = decideOrder(request({ year: 2026, prices: null, pricedYears: [2024, 2025] }));
  assert.deepEqual(d, {
    ok: false,
    problems: [
      { field: 'year', message: 'Educational Psychology day has no prices for 2026-27: choose 2025-26' },
    ],
  });
  const none = decideOrder(request({ year: 2026, prices: null, pricedYears: [] }));
  assert.deepEqual(
    !none.ok && none.problems[0]?.message,
    'Educational Psychology day has no prices for 2026-27, so it cannot be ordered for that year yet',
  );
});

test('a year that has ended cannot be ordered for', () => {
  const d = decideOrder(request({ year: 2024 }));
  assert.deepEqual(!d.ok && d.problems, [
    { field: 'year', message: '2024-25 ended on 31 August 2025: choose a year that has not ended' },
  ]);
});

test('no units, fractions of whole units, a cluster paying from a budget and a withdrawn service are each refused', () => {
  const d = decideOrder(
    request({
      service: { name: 'Educational Psychology day', unit: 'day', offered: false },
      buyer: { kind: 'cluster', schools: [120, 95] },
      units: 1.5,
      paidFrom: 'school_budget',
    }),
  );
  assert.deepEqual(!d.ok && d.problems.map((p) => p.field), ['serviceId', 'units', 'paidFrom']);
  assert.deepEqual(
    !d.ok && d.problems[2]?.message,
    'A cluster pays from its delegated SEND funding: choose delegated SEND funding',
  );
  const zero = decideOrder(request({ units: 0 }));
  assert.deepEqual(!zero.ok && zero.problems, [
    { field: 'units', message: 'Enter how many days: a number more than 0' },
  ]);
});

test('a cluster of 120 and 95 pupils is priced as 215 pupils: 3 days at £460 is £1,380', () => {
  const d = decideOrder(
    request({ buyer: { kind: 'cluster', schools: [120, 95] }, units: 3, paidFrom: 'delegated_send' }),
  );
  assert.ok(d.ok);
  assert.equal(d.price.pupils, 215);
  assert.equal(d.totalPence, 138_000);
});

const order = (over: Partial<OrderState> = {}): OrderState => ({
  unit: 'day',
  units: 5,
  year: 2025,
  status: 'ordered',
  deliveries: [
    { deliveredOn: '2025-10-14', units: 2 },
    { deliveredOn: '2026-01-20', units: 1 },
  ],
  ...over,
});

test('delivering more than remains is refused saying how many remain', () => {
  // 5 ordered, 2 + 1 delivered: 2 remain.
  assert.equal(remainingUnits(order()), 2);
  assert.deepEqual(deliveryProblems(order(), { units: 3, deliveredOn: '2026-02-10' }, today), [
    {
      field: 'units',
      message: 'Only 2 days of the 5 days ordered remain to be delivered: record 2 days or fewer',
    },
  ]);
  assert.deepEqual(deliveryProblems(order(), { units: 2, deliveredOn: '2026-02-10' }, today), []);
  const full = order({ deliveries: [{ deliveredOn: '2025-10-14', units: 5 }] });
  assert.deepEqual(deliveryProblems(full, { units: 1, deliveredOn: '2026-02-10' }, today), [
    { field: 'units', message: 'All 5 days ordered have been delivered: nothing remains to record' },
  ]);
});

test('a delivery is dated in the year ordered for and not after today', () => {
  assert.deepEqual(deliveryProblems(order(), { units: 1, deliveredOn: '2026-03-03' }, today), [
    { field: 'deliveredOn', message: 'The date it was delivered must be today or in the past' },
  ]);
  assert.deepEqual(deliveryProblems(order(), { units: 1, deliveredOn: '2025-08-29' }, today), [
    {
      field: 'deliveredOn',
      message:
        'The date it was delivered must be in 2025-26, the year ordered for: 1 September 2025 to 31 August 2026',
    },
  ]);
  assert.deepEqual(
    deliveryProblems(order({ status: 'cancelled', deliveries: [] }), { units: 1, deliveredOn: today }, today),
    [{ field: 'units', message: 'This order was cancelled, so nothing can be delivered against it' }],
  );
});

test('half hours add up exactly', () => {
  const hours = order({ unit: 'hour', units: 3, deliveries: [{ deliveredOn: '2025-10-01', units: 1.5 }] });
  assert.equal(remainingUnits(hours), 1.5);
  assert.deepEqual(deliveryProblems(hours, { units: 1.5, deliveredOn: '2026-01-05' }, today), []);
});

test('an order can be cancelled only before anything is delivered', () => {
  assert.equal(cancelProblem(order({ deliveries: [] })), null);
  assert.equal(
    cancelProblem(order()),
    '3 days have been delivered against this order, so it can no longer be cancelled',
  );
  assert.equal(
    cancelProblem(order({ status: 'cancelled', deliveries: [] })),
    'This order has already been cancelled',
  );
});

test('deliveries of an order are valued cumulatively so they never add up to more than the order', () => {
  // 1 hour at £85.01 in two half-hour visits: £42.51 (42.505 rounded up) then £42.50, adding to £85.01.
  assert.deepEqual(deliveryValues(8_501, [{ units: 0.5 }, { units: 0.5 }]), [4_251, 4_250]);
  // 2 + 1 days at £460: £920 and £460.
  assert.deepEqual(deliveryValues(46_000, [{ units: 2 }, { units: 1 }]), [92_000, 46_000]);
});
