import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deliveryBody, orderBody, orderFormErrors } from './order-form.ts';
import { type PricesFormValues, pricesFromForm } from './prices-form.ts';

/** The traded services forms as people fill them in: what they type, and what each box is told. */

const prices = (bands: [string, string, string][], cluster = ''): PricesFormValues => ({
  version: '0',
  cluster,
  carriedFrom: null,
  bands: bands.map(([from, to, price]) => ({ from, to, price })),
});

test('bands are read as typed, blank rows left out, pupils with commas and prices in pounds', () => {
  const read = pricesFromForm(
    prices(
      [
        ['0', '999', '£500'],
        ['', '', ''],
        ['1,000', '', '472.50'],
      ],
      '450',
    ),
  );
  assert.deepEqual(read, {
    ok: true,
    input: {
      version: 0,
      clusterUnitPence: 45_000,
      bands: [
        { fromPupils: 0, toPupils: 999, unitPence: 50_000 },
        { fromPupils: 1000, toPupils: null, unitPence: 47_250 },
      ],
    },
  });
});

test('a gap is told at the box of the band after it, numbered as the page numbers its rows', () => {
  const read = pricesFromForm(
    prices([
      ['0', '99', '500'],
      ['', '', ''],
      ['150', '', '460'],
    ]),
  );
  assert.deepEqual(read, {
    ok: false,
    errors: [
      {
        field: 'band-2-from',
        message: 'Band 3: the bands leave a gap: none covers 100 to 149 pupils. Start this band at 100',
      },
    ],
  });
});

test('a mistyped cluster price is told before the bands are judged', () => {
  const read = pricesFromForm(prices([['5', '', '500']], '-4'));
  assert.deepEqual(read, {
    ok: false,
    errors: [{ field: 'cluster', message: 'The cluster price: enter an amount of £0 or more' }],
  });
});

test('an order form becomes the API’s body: a school pays as chosen, a cluster from delegated funding', () => {
  assert.deepEqual(
    orderBody(
      { service: 's', for: 'school:a', year: '2025-26', units: ' 3 ', paidFrom: 'school_budget' },
      'day',
    ),
    {
      ok: true,
      body: { serviceId: 's', year: '2025-26', establishmentId: 'a', paidFrom: 'school_budget', units: 3 },
    },
  );
  assert.deepEqual(
    orderBody({ service: 's', for: 'cluster:c', year: '2025-26', units: '2.5', paidFrom: '' }, 'hour'),
    {
      ok: true,
      body: { serviceId: 's', year: '2025-26', clusterId: 'c', paidFrom: 'delegated_send', units: 2.5 },
    },
  );
  assert.deepEqual(orderBody({ service: 's', for: '', year: '', units: 'x', paidFrom: '' }, 'hour'), {
    ok: false,
    errors: [
      { field: 'for', message: 'Choose who the order is for' },
      { field: 'year', message: 'Choose the year the order is for' },
      { field: 'units', message: 'Enter how many hours as a number, like 2.5' },
    ],
  });
  // The service's own words land by the box they are about.
  assert.deepEqual(
    orderFormErrors([
      { field: 'units', message: 'Days are whole' },
      { field: 'establishmentId', message: 'No number on roll' },
    ]),
    [
      { field: 'for', message: 'No number on roll' },
      { field: 'units', message: 'Days are whole' },
    ],
  );
});

test('a delivery’s date is asked for whole', () => {
  assert.deepEqual(
    deliveryBody({ day: '14', month: '', year: '2025', units: '2', deliveredBy: 'Sam', notes: '' }, 'day'),
    {
      ok: false,
      errors: [{ field: 'deliveredOn', message: 'The date it was delivered must include a month' }],
    },
  );
  assert.deepEqual(
    deliveryBody({ day: '14', month: '10', year: '2025', units: '2', deliveredBy: 'Sam', notes: ' ' }, 'day'),
    { ok: true, body: { deliveredOn: '2025-10-14', units: 2, deliveredBy: 'Sam' } },
  );
});
