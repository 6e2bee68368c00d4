import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bandFor,
  bandProblems,
  type PriceBand,
  priceFor,
  unitsCost,
  unitsProblem,
  type YearPrices,
} from './catalogue.ts';

/** An Educational Psychology day in 2026-27, priced by four size bands: small schools pay more a day. */
const epBands: PriceBand[] = [
  { fromPupils: 0, toPupils: 99, unitPence: 52_000 },
  { fromPupils: 100, toPupils: 249, unitPence: 49_500 },
  { fromPupils: 250, toPupils: 499, unitPence: 47_000 },
  { fromPupils: 500, toPupils: null, unitPence: 45_000 },
];

test('four bands from 0 with no upper end on the last cover every school', () => {
  assert.deepEqual(bandProblems(epBands), []);
  // Given in any order, the same bands are still whole.
  assert.deepEqual(bandProblems([...epBands].reverse()), []);
  assert.deepEqual(bandProblems([{ fromPupils: 0, toPupils: null, unitPence: 40_000 }]), []);
});

test('a school’s price is the band its number on roll falls in, both ends of a band included', () => {
  assert.equal(bandFor(epBands, 0)?.unitPence, 52_000);
  assert.equal(bandFor(epBands, 99)?.unitPence, 52_000);
  assert.equal(bandFor(epBands, 100)?.unitPence, 49_500);
  assert.equal(bandFor(epBands, 249)?.unitPence, 49_500);
  assert.equal(bandFor(epBands, 250)?.unitPence, 47_000);
  assert.equal(bandFor(epBands, 499)?.unitPence, 47_000);
  assert.equal(bandFor(epBands, 500)?.unitPence, 45_000);
  assert.equal(bandFor(epBands, 2_100)?.unitPence, 45_000);
});

test('a gap between two bands is refused naming the pupils no band covers', () => {
  const bands = [
    { fromPupils: 0, toPupils: 99, unitPence: 52_000 },
    { fromPupils: 150, toPupils: null, unitPence: 47_000 },
  ];
  assert.deepEqual(bandProblems(bands), [
    {
      field: 'bands.1.fromPupils',
      message: 'The bands leave a gap: none covers 100 to 149 pupils. Start this band at 100',
    },
  ]);
});

test('an overlap is refused naming the pupils in two bands', () => {
  const bands = [
    { fromPupils: 0, toPupils: 200, unitPence: 52_000 },
    { fromPupils: 150, toPupils: 300, unitPence: 49_500 },
    { fromPupils: 301, toPupils: null, unitPence: 47_000 },
  ];
  assert.deepEqual(bandProblems(bands), [
    {
      field: 'bands.1.fromPupils',
      message: 'The bands overlap: 150 to 200 pupils are in two bands. Start this band at 201',
    },
  ]);
});

test('bands must start at 0 and the last must have no upper end', () => {
  assert.deepEqual(
    bandProblems([
      { fromPupils: 1, toPupils: 99, unitPence: 52_000 },
      { fromPupils: 100, toPupils: 999, unitPence: 47_000 },
    ]),
    [
      {
        field: 'bands.0.fromPupils',
        message: 'The bands leave a gap: none covers 0 to 0 pupils. Start the first band at 0',
      },
      {
        field: 'bands.1.toPupils',
        message:
          'The bands leave a gap: none covers 1,000 pupils or more. Leave the last band’s upper end blank',
      },
    ],
  );
});

test('a band with no upper end before another overlaps it; a band ending before it starts is refused', () => {
  assert.deepEqual(
    bandProblems([
      { fromPupils: 0, toPupils: null, unitPence: 52_000 },
      { fromPupils: 500, toPupils: null, unitPence: 47_000 },
    ]),
    [
      {
        field: 'bands.1.fromPupils',
        message:
          'The bands overlap: 500 pupils or more are in the band from 0 pupils with no upper end as well. Give that band an upper end',
      },
    ],
  );
  assert.deepEqual(bandProblems([{ fromPupils: 50, toPupils: 10, unitPence: 1 }]), [
    { field: 'bands.0.toPupils', message: 'A band cannot end at 10 pupils before it starts at 50 pupils' },
  ]);
  assert.deepEqual(bandProblems([]), [
    { field: 'bands', message: 'Give at least one band, starting at 0 pupils' },
  ]);
});

test('a cluster pays the cluster price when there is one, else the band of its schools’ rolls together', () => {
  const withoutClusterPrice: YearPrices = { year: 2026, bands: epBands, clusterUnitPence: null };
  // 180 + 240 + 95 = 515 pupils: the 500-or-more band, £450 a day.
  assert.deepEqual(priceFor(withoutClusterPrice, { kind: 'cluster', schools: [180, 240, 95] }), {
    unitPence: 45_000,
    basis: 'band',
    pupils: 515,
    band: epBands[3],
  });
  const withClusterPrice: YearPrices = { ...withoutClusterPrice, clusterUnitPence: 42_000 };
  assert.deepEqual(priceFor(withClusterPrice, { kind: 'cluster', schools: [180, 240, 95] }), {
    unitPence: 42_000,
    basis: 'cluster_price',
    pupils: 515,
    band: null,
  });
  // A school never pays the cluster price: 180 pupils is the 100–249 band, £495 a day.
  assert.equal(priceFor(withClusterPrice, { kind: 'school', pupils: 180 })?.unitPence, 49_500);
});

test('days, half days, assessments and packages are whole; hours go in halves', () => {
  assert.equal(unitsProblem('day', 3), null);
  assert.equal(unitsProblem('day', 2.5), 'Days are whole: enter a whole number of days, like 3');
  assert.equal(
    unitsProblem('half_day', 1.5),
    'Half days are whole: enter a whole number of half days, like 3',
  );
  assert.equal(unitsProblem('hour', 2.5), null);
  assert.equal(
    unitsProblem('hour', 2.25),
    'Hours go in halves: enter a whole or half number of hours, like 2.5',
  );
  assert.equal(unitsProblem('assessment', 0), 'Enter how many assessments: a number more than 0');
  assert.equal(unitsProblem('package', -1), 'Enter how many packages: a number more than 0');
  assert.equal(unitsProblem('day', 1001), 'Enter 1,000 days or fewer');
});

test('units cost the unit price times the units, to the penny, a half penny rounded up', () => {
  // 5 days at £495: £2,475.
  assert.equal(unitsCost(49_500, 5), 247_500);
  // 2.5 hours at £85.01: 21,252.5 pence, rounded up to £212.53.
  assert.equal(unitsCost(8_501, 2.5), 21_253);
  assert.equal(unitsCost(0, 3), 0);
});
