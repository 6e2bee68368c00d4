import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Service } from './catalogue-service.ts';
import type { OrderView } from './order-service.ts';
import { buyerToDos, laToDos, priceBasisText, statusText, unitPriceText } from './presenters.ts';

/** Today is 2 March 2026, in 2025-26; next year, 2026-27, starts on 1 September 2026. */
const today = '2026-03-02';
const years = { thisYear: 2025, nextYear: 2026 };

const service = (over: Partial<Service> = {}): Service => ({
  id: 's1',
  name: 'Educational Psychology day',
  unit: 'day',
  description: '',
  team: 'Educational Psychology',
  offered: true,
  version: 1,
  prices: [
    {
      serviceId: 's1',
      year: 2025,
      version: 1,
      clusterUnitPence: null,
      bands: [{ fromPupils: 0, toPupils: null, unitPence: 50_000 }],
    },
  ],
  ...over,
});

const order = (over: Partial<OrderView> = {}): OrderView =>
  ({
    id: 'o1',
    serviceId: 's1',
    serviceName: 'Educational Psychology day',
    unit: 'day',
    year: 2025,
    customerKind: 'school',
    establishmentId: 'a',
    clusterId: null,
    customerName: 'Dereham Infant',
    pupilsOnRoll: 180,
    priceBasis: 'band',
    bandFromPupils: 0,
    bandToPupils: 199,
    units: 4,
    status: 'ordered',
    deliveredUnits: 3,
    remainingUnits: 1,
    schools: [{ id: 'a', name: 'Dereham Infant', pupils: 180 }],
    ...over,
  }) as OrderView;

test('a price reads per unit, with "an" before a vowel sound', () => {
  assert.equal(unitPriceText('day', 49_500), '£495 a day');
  assert.equal(unitPriceText('hour', 8_501), '£85.01 an hour');
  assert.equal(unitPriceText('assessment', 37_500), '£375 an assessment');
  assert.equal(unitPriceText('half_day', 26_000), '£260 a half day');
  assert.equal(unitPriceText('package', 120_000), '£1,200 a package');
});

test('an order says why it costs what it does a unit', () => {
  assert.equal(priceBasisText(order()), '180 pupils on roll: the 0 to 199 pupils band');
  assert.equal(
    priceBasisText(
      order({
        customerKind: 'cluster',
        pupilsOnRoll: 515,
        priceBasis: 'cluster_price',
        bandFromPupils: null,
        bandToPupils: null,
        schools: [
          { id: 'a', name: 'A', pupils: 180 },
          { id: 'b', name: 'B', pupils: 240 },
          { id: 'c', name: 'C', pupils: 95 },
        ],
      }),
    ),
    'The cluster price (515 pupils on roll across its 3 schools)',
  );
  assert.equal(statusText(order()), 'Part delivered');
  assert.equal(statusText(order({ deliveredUnits: 4, remainingUnits: 0 })), 'Delivered');
  assert.equal(statusText(order({ status: 'cancelled' })), 'Cancelled');
});

test('a head teacher is told to order for next year once it is priced, and what is still to come this year', () => {
  const priced = service({
    prices: [
      ...service().prices,
      { serviceId: 's1', year: 2026, version: 1, clusterUnitPence: null, bands: [] },
    ],
  });
  const customers = {
    schools: [{ kind: 'school' as const, id: 'a', name: 'Dereham Infant', urn: 1, pupils: 180 }],
    clusters: [],
  };
  assert.deepEqual(
    buyerToDos([priced], customers, [order()], years, today).map((t) => t.text),
    [
      'One service is priced for 2026-27: order for Dereham Infant before the year starts on 1 September 2026, so the LA can plan its teams’ time.',
      '1 day of Educational Psychology day for Dereham Infant is still to be delivered, by 31 August 2026.',
    ],
  );
  // Once ordered for next year, only this year's delivery is left to say.
  assert.equal(
    buyerToDos([priced], customers, [order(), order({ id: 'o2', year: 2026 })], years, today).length,
    1,
  );
});

test('the LA is told which services have no prices for next year, with a link for those who set them', () => {
  const todos = laToDos([service()], [order()], years, { canManage: true, canDeliver: true });
  assert.deepEqual(todos[0], {
    text: '1 service has no prices for 2026-27, so schools cannot order it for that year: set them before schools plan their year, which starts on 1 September 2026: Educational Psychology day.',
    link: {
      href: '/traded/services/s1/prices/2026-27',
      text: 'Set the 2026-27 prices of Educational Psychology day',
    },
  });
  assert.equal(
    todos[1]?.text,
    '1 order is waiting for delivery: record each delivery as it is made. They are listed below, the oldest first.',
  );
  assert.equal(laToDos([service()], [], years, { canManage: false, canDeliver: false })[0]?.link, undefined);
});
