import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays, dayNumber } from './days.ts';
import { daysInFy, fyEnd, fyOf, fyStart } from './financial-years.ts';
import {
  accrue,
  accrueByFy,
  maxFormPence,
  mulDivHalfUp,
  parsePounds,
  penceText,
  poundsMessages,
  splitByShares,
} from './money.ts';

test('1 November 2026 to 31 March 2027 is 151/365 of the year (DESIGN §3.2)', () => {
  // 1 November is day 215 of 2026-27 and 31 March day 365, so days 215..365.
  // £10,000 = 1,000,000p: round(1,000,000 × 365/365) − round(1,000,000 × 214/365)
  //   = 1,000,000 − round(586,301.37) = 1,000,000 − 586,301 = 413,699.
  assert.equal(accrue(1_000_000, '2026-11-01', '2027-03-31'), 413_699);
});

test('February 2028 in the leap year 2027-28 is counted over 366 days', () => {
  // 2027-28 holds 29 February 2028, so N = 366. 1 February 2028 is day 306 + 1 = 307, 29 February day 335.
  // £10,000: round(1,000,000 × 335/366) − round(1,000,000 × 306/366)
  //   = round(915,300.55) − round(836,065.57) = 915,301 − 836,066 = 79,235.
  assert.equal(accrue(1_000_000, '2028-02-01', '2028-02-29'), 79_235);
});

test('a period across 31 March is counted in each year over that year’s days', () => {
  // £12,000 = 1,200,000p from 1 March 2027 to 30 April 2027.
  // 2026-27 (365 days): 1 March 2027 is day 335, so days 335..365:
  //   1,200,000 − round(1,200,000 × 334/365) = 1,200,000 − round(1,098,082.19) = 101,918.
  // 2027-28 (366 days): days 1..30: round(1,200,000 × 30/366) − 0 = round(98,360.66) = 98,361.
  // Total 101,918 + 98,361 = 200,279.
  assert.deepEqual(accrueByFy(1_200_000, '2027-03-01', '2027-04-30'), [
    { fy: 2026, pence: 101_918 },
    { fy: 2027, pence: 98_361 },
  ]);
  assert.equal(accrue(1_200_000, '2027-03-01', '2027-04-30'), 200_279);
});

test('single days are rounded cumulatively, so the pennies even out over the year', () => {
  // £10,000 a year is 2,739.73p a day in 2026-27.
  // Day 1: round(1,000,000 × 1/365) = round(2,739.73) = 2,740.
  // Day 2: round(1,000,000 × 2/365) − 2,740 = round(5,479.45) − 2,740 = 5,479 − 2,740 = 2,739.
  assert.equal(accrue(1_000_000, '2026-04-01', '2026-04-01'), 2_740);
  assert.equal(accrue(1_000_000, '2026-04-02', '2026-04-02'), 2_739);
});

test('an exact half penny rounds up', () => {
  // 183p a year over the 366 days of 2027-28 is exactly 0.5p a day.
  // Day 1: round(183 × 1/366) = round(0.5) = 1. Day 2: round(183 × 2/366) − 1 = 1 − 1 = 0.
  assert.equal(accrue(183, '2027-04-01', '2027-04-01'), 1);
  assert.equal(accrue(183, '2027-04-02', '2027-04-02'), 0);
  // Norfolk's summer-term rate for band 2 (funding-and-data.md §5): £2,240 × 5/12 = £933.333… → £933.33.
  assert.equal(mulDivHalfUp(224_000, 5, 12), 93_333);
});

test('whole years come to the annual amount, and nothing accrues on a period that ends before it starts', () => {
  assert.equal(accrue(1_000_000, '2027-04-01', '2028-03-31'), 1_000_000); // the leap year 2027-28
  assert.equal(accrue(1_000_000, '2026-04-01', '2028-03-31'), 2_000_000);
  assert.deepEqual(accrueByFy(1_000_000, '2026-04-01', '2028-03-31'), [
    { fy: 2026, pence: 1_000_000 },
    { fy: 2027, pence: 1_000_000 },
  ]);
  assert.equal(accrue(1_000_000, '2026-05-02', '2026-05-01'), 0);
  assert.deepEqual(accrueByFy(1_000_000, '2026-05-02', '2026-05-01'), []);
});

test('an amount that is not whole pence is refused rather than rounded somewhere unseen', () => {
  assert.throws(() => accrue(1_000.5, '2026-04-01', '2026-04-30'), RangeError);
  assert.throws(() => splitByShares(10.25, [1, 1]), RangeError);
});

test('shares are split to the penny by largest remainders', () => {
  // Norfolk's Learning Support fund: £2m split 75% delegated / 25% central = £1.5m / £0.5m.
  assert.deepEqual(splitByShares(200_000_000, [7_500, 2_500]), [150_000_000, 50_000_000]);
  // 100p in three equal parts: 33.33p each; floors 33 + 33 + 33 = 99, the penny left goes to the first.
  assert.deepEqual(splitByShares(100, [1, 1, 1]), [34, 33, 33]);
  // 1,001p at 50% / 25% / 25%: exact 500.5, 250.25, 250.25; floors 500 + 250 + 250 = 1,000;
  // the penny left goes to the largest remainder, the 0.5.
  assert.deepEqual(splitByShares(1_001, [5_000, 2_500, 2_500]), [501, 250, 250]);
  // A 0 weight gets nothing; nothing to share shares to nothing.
  assert.deepEqual(splitByShares(999, [10_000, 0, 0]), [999, 0, 0]);
  assert.deepEqual(splitByShares(0, [0, 0]), [0, 0]);
  assert.throws(() => splitByShares(100, [0, 0]), RangeError);
  assert.throws(() => splitByShares(100, [1, -1]), RangeError);
  assert.throws(() => splitByShares(100, [0.5, 0.5]), RangeError);
});

test('money is written as GOV.UK writes it', () => {
  // Norfolk 2018-19 mainstream bands and their summer-term 5/12 rates (funding-and-data.md §5):
  // £1,350 × 5/12 = £562.50; £2,240 × 5/12 = £933.33; £4,044 × 5/12 = £1,685.00.
  assert.equal(penceText(135_000), '£1,350');
  assert.equal(penceText(mulDivHalfUp(135_000, 5, 12)), '£562.50');
  assert.equal(penceText(mulDivHalfUp(224_000, 5, 12)), '£933.33');
  assert.equal(penceText(mulDivHalfUp(404_400, 5, 12)), '£1,685');
  assert.equal(penceText(-240_000), '\u2212£2,400');
  assert.equal(penceText(5), '£0.05');
  assert.equal(penceText(0), '£0');
  assert.equal(penceText(13_485_422_700), '£134,854,227');
  assert.equal(penceText(-1), '\u2212£0.01');
});

test('amounts typed as people write them are read to the penny', () => {
  assert.deepEqual(parsePounds('1350'), { pence: 135_000 });
  assert.deepEqual(parsePounds('1,350'), { pence: 135_000 });
  assert.deepEqual(parsePounds('£1,350.5'), { pence: 135_050 });
  assert.deepEqual(parsePounds('£1,350.50'), { pence: 135_050 });
  assert.deepEqual(parsePounds(' 1350.00 '), { pence: 135_000 });
  assert.deepEqual(parsePounds('0.07'), { pence: 7 });
  assert.deepEqual(parsePounds('.5'), { pence: 50 });
  assert.deepEqual(parsePounds('0'), { pence: 0 });
  assert.deepEqual(parsePounds('£1,000,000,000'), { pence: maxFormPence });
});

test('an amount that cannot be read says how to write it', () => {
  assert.deepEqual(parsePounds(''), { error: poundsMessages.empty });
  assert.deepEqual(parsePounds('   '), { error: poundsMessages.empty });
  assert.deepEqual(parsePounds('1,350.505'), { error: poundsMessages.tooManyDecimals });
  assert.deepEqual(parsePounds('1350.500'), { error: poundsMessages.tooManyDecimals });
  assert.deepEqual(parsePounds('-5'), { error: poundsMessages.negative });
  assert.deepEqual(parsePounds('\u2212£2,400'), { error: poundsMessages.negative });
  assert.deepEqual(parsePounds('£-2,400'), { error: poundsMessages.negative });
  assert.deepEqual(parsePounds('ten pounds'), { error: poundsMessages.notANumber });
  assert.deepEqual(parsePounds('1350p'), { error: poundsMessages.notANumber });
  assert.deepEqual(parsePounds('1e5'), { error: poundsMessages.notANumber });
  assert.deepEqual(parsePounds('13,50'), { error: poundsMessages.notANumber });
  assert.deepEqual(parsePounds('£'), { error: poundsMessages.notANumber });
  assert.deepEqual(parsePounds('1.'), { error: poundsMessages.notANumber });
  assert.deepEqual(parsePounds('-abc'), { error: poundsMessages.notANumber });
  assert.deepEqual(parsePounds('1000000000.01'), { error: poundsMessages.tooLarge });
  assert.deepEqual(parsePounds('99999999999999999999999'), { error: poundsMessages.tooLarge });
});

// Properties: laws that hold for any amount and any dates.

const later = (a: string, b: string) => (a < b ? b : a);
const earlier = (a: string, b: string) => (a < b ? a : b);

const annual = fc.integer({ min: 0, max: 100_000_000_000 }); // up to £1bn a year
const fy = fc.integer({ min: 1990, max: 2150 });
const date = fc
  .integer({ min: dayNumber('1990-01-01'), max: dayNumber('2150-12-31') })
  .map((n) => addDays('1970-01-01', n));
/** Two days of one financial year, in order. */
const daysInOneFy = fy.chain((y) =>
  fc
    .tuple(fc.integer({ min: 0, max: daysInFy(y) - 1 }), fc.integer({ min: 0, max: daysInFy(y) - 1 }))
    .map(([a, b]) => ({
      fy: y,
      from: addDays(fyStart(y), Math.min(a, b)),
      to: addDays(fyStart(y), Math.max(a, b)),
    })),
);

test('a whole financial year accrues exactly the annual amount', () => {
  fc.assert(fc.property(annual, fy, (a, y) => accrue(a, fyStart(y), fyEnd(y)) === a));
});

test('cutting a period at any day never changes its total', () => {
  fc.assert(
    fc.property(annual, date, fc.nat(2_000), fc.nat(2_000), (a, from, x, y) => {
      const cut = addDays(from, Math.min(x, y));
      const to = addDays(from, Math.max(x, y));
      assert.equal(accrue(a, from, cut) + accrue(a, addDays(cut, 1), to), accrue(a, from, to));
    }),
  );
});

test('within a year, a longer period never accrues less, never more than the year, and within a penny of the exact share', () => {
  fc.assert(
    fc.property(annual, daysInOneFy, fc.nat(400), (a, { fy: y, from, to }, more) => {
      const pence = accrue(a, from, to);
      const longer = earlier(addDays(to, more), fyEnd(y));
      assert.ok(pence >= 0 && pence <= accrue(a, from, longer) && accrue(a, from, longer) <= a);
      // Exact share: a × days / N. |pence − exact| < 1 ⇔ |pence·N − a·days| < N.
      const days = dayNumber(to) - dayNumber(from) + 1;
      const n = daysInFy(y);
      assert.ok(Math.abs(pence * n - a * days) < n);
    }),
  );
});

test('the split by year adds up to the whole and gives each year what its own days accrue', () => {
  fc.assert(
    fc.property(annual, date, fc.nat(2_000), (a, from, length) => {
      const to = addDays(from, length);
      const years = accrueByFy(a, from, to);
      assert.deepEqual(
        years.map((y) => y.fy),
        Array.from({ length: fyOf(to) - fyOf(from) + 1 }, (_, i) => fyOf(from) + i),
      );
      for (const { fy: y, pence } of years) {
        const start = later(fyStart(y), from);
        const end = earlier(fyEnd(y), to);
        assert.equal(pence, accrue(a, start, end));
      }
      assert.equal(
        years.reduce((sum, y) => sum + y.pence, 0),
        accrue(a, from, to),
      );
    }),
  );
});

test('shares add up exactly and each is within a penny of its exact share', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }),
      fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 12 }),
      (pence, weights) => {
        fc.pre(weights.some((w) => w > 0));
        const parts = splitByShares(pence, weights);
        assert.equal(
          parts.reduce((s, p) => s + p, 0),
          pence,
        );
        const total = BigInt(weights.reduce((s, w) => s + w, 0));
        parts.forEach((part, i) => {
          // |part − pence·w/W| < 1 ⇔ |part·W − pence·w| < W, in bigint since pence·w can pass 2^53.
          const gap = BigInt(part) * total - BigInt(pence) * BigInt(weights[i] ?? 0);
          assert.ok((gap < 0n ? -gap : gap) < total);
        });
      },
    ),
  );
});

test('rounding half up lands within half a penny of the exact value, a half going up', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }),
      fc.integer({ min: 0, max: 100_000_000 }),
      fc.integer({ min: 1, max: 1_000_000 }),
      (a, b, n) => {
        const twice = 2n * BigInt(a) * BigInt(b);
        const big = BigInt(n);
        const exactAbs = (twice < 0n ? -twice : twice) / (2n * big);
        let result: number;
        try {
          result = mulDivHalfUp(a, b, n);
        } catch (error) {
          // Refused only when there are too many pence to hold exactly, never rounded to a nearby double.
          assert.ok(error instanceof RangeError && exactAbs >= BigInt(Number.MAX_SAFE_INTEGER) - 1n);
          return;
        }
        // r − ½ ≤ a·b/n < r + ½ ⇔ 2n·r − n ≤ 2a·b < 2n·r + n.
        const r = BigInt(result);
        assert.ok(2n * big * r - big <= twice && twice < 2n * big * r + big);
      },
    ),
  );
});

test('money written out reads back as the same pence', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: maxFormPence }), (pence) => {
      assert.deepEqual(parsePounds(penceText(pence)), { pence });
    }),
  );
});
