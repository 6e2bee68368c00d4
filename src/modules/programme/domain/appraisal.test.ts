import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { appraise } from './appraisal.ts';

test('the Green Book net present value and the payback year, worked by hand', () => {
  // £1,000,000 spent in 2027; £600,000 saved in each of 2028 and 2029, at 3.5%:
  //   −1,000,000 + 600,000 / 1.035 + 600,000 / 1.071225 = −1,000,000 + 579,710.144928 + 560,106.420220
  //   = £139,816.565148, 13,981,656.51 pence: 13,981,657 to the penny.
  // Cumulative: −£1,000,000, −£400,000, +£200,000: it pays back in 2029.
  const a = appraise([
    { year: 2027, costPence: 100_000_000, benefitPence: 0 },
    { year: 2028, costPence: 0, benefitPence: 60_000_000 },
    { year: 2029, costPence: 0, benefitPence: 60_000_000 },
  ]);
  assert.equal(a.npvPence, 13_981_657);
  assert.equal(a.paybackYear, 2029);
  assert.deepEqual(
    a.years.map((y) => y.cumulativePence),
    [-100_000_000, -40_000_000, 20_000_000],
  );
});

test('the same year’s flows are added, a year with none is a row of nothing, and a rate of 0 adds up', () => {
  // 2027: £300 + £200 spent; 2028 nothing; 2029 £600 saved. At 0% the value is −500 + 600 = £100.
  const a = appraise(
    [
      { year: 2027, costPence: 30_000, benefitPence: 0 },
      { year: 2027, costPence: 20_000, benefitPence: 0 },
      { year: 2029, costPence: 0, benefitPence: 60_000 },
    ],
    0,
  );
  assert.deepEqual(
    a.years.map((y) => [y.year, y.netPence]),
    [
      [2027, -50_000],
      [2028, 0],
      [2029, 60_000],
    ],
  );
  assert.equal(a.npvPence, 10_000);
  assert.equal(a.paybackYear, 2029);
});

test('a programme that never earns back its cost has no payback year', () => {
  const a = appraise([
    { year: 2027, costPence: 100, benefitPence: 0 },
    { year: 2028, costPence: 0, benefitPence: 50 },
  ]);
  assert.equal(a.paybackYear, null);
  assert.equal(appraise([]).npvPence, 0);
});

test('laws: at 0% the value is the sum of the nets; a higher rate never values later savings more', () => {
  const flows = fc.array(
    fc.record({
      year: fc.integer({ min: 2025, max: 2035 }),
      costPence: fc.integer({ min: 0, max: 1e9 }),
      benefitPence: fc.integer({ min: 0, max: 1e9 }),
    }),
    { minLength: 1, maxLength: 20 },
  );
  fc.assert(
    fc.property(flows, (f) => {
      const sum = f.reduce((s, x) => s + x.benefitPence - x.costPence, 0);
      assert.equal(appraise(f, 0).npvPence, sum);
      const last = appraise(f, 0).years.at(-1);
      assert.equal(last?.cumulativePence, sum);
    }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 10 }), (saving, later) => {
      // A single saving `later` years on is worth less at 3.5% than at 1%.
      const f = [
        { year: 2027, costPence: 0, benefitPence: 0 },
        { year: 2027 + later, costPence: 0, benefitPence: saving },
      ];
      assert.ok(appraise(f, 0.035).npvPence <= appraise(f, 0.01).npvPence);
    }),
  );
});
