import assert from 'node:assert/strict';
import { test } from 'node:test';
import { differenceFrom, type PlacementDetails } from './same-placement.ts';
import type { CostLine } from './types.ts';

const line = (over: Partial<CostLine> = {}): CostLine => ({
  kind: 'top_up',
  amountPence: null,
  per: null,
  unitsPerYear: null,
  topUpBand: 'S2',
  funder: 'la',
  effectiveFrom: '2026-09-01',
  effectiveTo: null,
  healthShareBp: 0,
  socialCareShareBp: 0,
  ...over,
});
const placeFunding = line({ kind: 'place_funding', topUpBand: null, amountPence: 1_000_000, per: 'year' });

const held: PlacementDetails = {
  endOn: null,
  expectedEndOn: '2031-07-31',
  fte: 1,
  residentialWeeks: null,
  basis: 'ehc_plan',
  costLines: [placeFunding, line()],
};

test('a placement asked for with the same details and lines, in any order, is the one held', () => {
  assert.equal(differenceFrom(held, { ...held, costLines: [line(), placeFunding] }), null);
});

test('the first way it differs is named, as the held placement and the one asked for have it', () => {
  assert.deepEqual(differenceFrom(held, { ...held, endOn: '2027-07-23' }), {
    field: 'endOn',
    held: 'no end date',
    asked: 'end date 23 July 2027',
  });
  assert.deepEqual(differenceFrom(held, { ...held, fte: 0.4, basis: 'interim' }), {
    field: 'fte',
    held: '1 of full time',
    asked: '0.4 of full time',
  });
  assert.deepEqual(differenceFrom(held, { ...held, basis: 'interim' }), {
    field: 'basis',
    held: 'named in the EHC plan',
    asked: 'interim, not named in the EHC plan',
  });
  assert.deepEqual(differenceFrom(held, { ...held, costLines: [placeFunding] }), {
    field: 'costLines',
    held: '2 cost lines',
    asked: '1 cost line',
  });
  assert.deepEqual(
    differenceFrom(held, { ...held, costLines: [placeFunding, line({ healthShareBp: 2500 })] }),
    {
      field: 'costLines',
      held: 'its cost lines',
      asked: 'different ones',
    },
  );
});
