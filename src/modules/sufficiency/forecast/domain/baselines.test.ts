import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { baselineForecast } from './baselines.ts';
import { coverage, intervalOf, percentileOfSorted, wape } from './stats.ts';

const series = new Map([
  [2014, 90],
  [2015, 100],
  [2016, 110],
  [2017, 120],
  [2018, 130],
]);

describe('baselines, worked by hand', () => {
  test('naive keeps the last January, the line and growth use the last four', () => {
    assert.deepEqual(baselineForecast('naive', series, 2018, 3), [130, 130, 130]);
    // 100, 110, 120, 130 in 2015–2018: 10 a year.
    assert.deepEqual(baselineForecast('linear-trend', series, 2018, 2), [140, 150]);
    // 130 / 100 over three years: 1.3^(1/3) = 1.0914 a year, so 141.88 and 154.85.
    const growth = baselineForecast('constant-growth', series, 2018, 2) as number[];
    assert.ok(Math.abs((growth[0] as number) - 130 * 1.3 ** (1 / 3)) < 1e-9);
    assert.ok(Math.abs((growth[1] as number) - 130 * 1.3 ** (2 / 3)) < 1e-9);
  });

  test('a falling line stops at nothing; a missing origin gives no forecast', () => {
    const falling = new Map([
      [2015, 30],
      [2016, 20],
      [2017, 10],
      [2018, 0],
    ]);
    assert.deepEqual(baselineForecast('linear-trend', falling, 2018, 2), [0, 0]);
    assert.equal(baselineForecast('naive', falling, 2019, 1), null);
  });
});

describe('measures', () => {
  test('WAPE by hand: errors 10 and 30 on actuals 100 and 300 are 10%', () => {
    assert.equal(
      wape([
        { forecast: 110, actual: 100 },
        { forecast: 270, actual: 300 },
      ]),
      10,
    );
    assert.equal(wape([]), null);
  });

  test('WAPE of a perfect forecast is 0, and WAPE is never below 0', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(100_000), { minLength: 1 }),
        fc.array(fc.integer({ min: -500, max: 500 })),
        (actuals, errors) => {
          const perfect = wape(actuals.map((a) => ({ forecast: a, actual: a })));
          const off = wape(actuals.map((a, i) => ({ forecast: a + (errors[i] ?? 0), actual: a })));
          return (perfect === null || perfect === 0) && (off === null || off >= 0);
        },
      ),
    );
  });

  test('coverage by hand, and always between 0 and 1', () => {
    assert.equal(
      coverage([
        { actual: 5, p10: 5, p90: 9 },
        { actual: 10, p10: 5, p90: 9 },
        { actual: 3, p10: 4, p90: 4 },
        { actual: 4, p10: 4, p90: 4 },
      ]),
      0.5,
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ actual: fc.integer(), p10: fc.integer(), p90: fc.integer() }), { minLength: 1 }),
        (cases) => {
          const c = coverage(cases) as number;
          return c >= 0 && c <= 1;
        },
      ),
    );
  });

  test('percentiles are nearest-rank and ordered', () => {
    // 10 values: the 10th percentile is the 1st, the median the 5th, the 90th the 9th.
    assert.deepEqual(intervalOf([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]), { median: 5, p10: 1, p90: 9, mean: 5.5 });
    assert.equal(percentileOfSorted([], 50), Number.NaN);
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1 }), (values) => {
        const i = intervalOf(values);
        return i.p10 <= i.median && i.median <= i.p90;
      }),
    );
  });
});
