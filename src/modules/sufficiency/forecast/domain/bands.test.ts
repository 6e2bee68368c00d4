import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  expectedNewPlans,
  fitLaBands,
  forecastLaBands,
  type LaBandHistory,
  percentileSpread,
  poolBandRates,
  samplingVar,
} from './bands.ts';
import { ForecastInputError } from './errors.ts';

const years = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * An LA in a steady state: the same plans each January by band (under 5, 5–10, 11–15, 16–19,
 * 20–25) and the same new plans each year.
 */
function steady(caseload: number[], newPlans: number[], to = 2020): LaBandHistory {
  return {
    caseload: new Map(years(2009, to).map((y) => [y, caseload])),
    newPlans: new Map(years(2008, to - 1).map((y) => [y, newPlans])),
  };
}

const caseload = [100, 600, 500, 400, 120];
const newPlans = [30, 40, 20, 10, 5];

/** New plans of 140 and 70 a year (high and low), an LA making `first` in even years. */
const high = [40, 55, 25, 15, 5];
const low = [20, 25, 15, 7, 3];
const swapping = (first: number[], second: number[]): LaBandHistory => ({
  caseload: new Map(years(2009, 2020).map((y) => [y, caseload])),
  newPlans: new Map(years(2008, 2019).map((y) => [y, y % 2 === 0 ? first : second])),
});

describe('the band model, worked by hand', () => {
  test('ageing and continuation from two LAs in a steady state', () => {
    const pooled = poolBandRates([steady(caseload, newPlans), steady(caseload, newPlans)], 2018);
    // Under 5: 100 in January, 30 new, 100 a year on: 70 of last year's stayed, so 30% moved up.
    assert.ok(Math.abs((pooled.ageing[0] as number) - 0.3) < 1e-12);
    assert.deepEqual(pooled.ageing.slice(1), [1 / 6, 1 / 5, 1 / 4, 1 / 6]);
    // Continuing plans over those that could be there:
    //   under 5: (100 − 30) / (0.7 × 100)               = 70 / 70   = 1
    //   5–10:    (600 − 40) / (5/6 × 600 + 0.3 × 100)   = 560 / 530
    //   11–15:   (500 − 20) / (4/5 × 500 + 1/6 × 600)   = 480 / 500 = 0.96
    //   16–19:   (400 − 10) / (3/4 × 400 + 1/5 × 500)   = 390 / 400 = 0.975
    //   20–25:   (120 − 5)  / (5/6 × 120 + 1/4 × 400)   = 115 / 200 = 0.575
    for (const [b, c] of [1, 560 / 530, 0.96, 0.975, 0.575].entries())
      assert.ok(Math.abs((pooled.continuation[b] as number) - c) < 1e-12, `band ${b}`);
    // Nothing varies: no spread between LAs or years, and the national rate never moves.
    assert.equal(pooled.retention.laSd, 0);
    assert.equal(pooled.retention.yearSd, 0);
    assert.equal(pooled.newPlans.nationalSd, 0);
    // The nation: 2 × 105 new plans on 2 × 1,720 plans in force, every year.
    for (const r of pooled.newPlans.national) assert.ok(Math.abs(r - Math.log(210 / 3_440)) < 1e-12);
    const fit = fitLaBands(steady(caseload, newPlans), pooled);
    assert.deepEqual(fit.start, caseload);
    assert.equal(fit.multiplier.mean, 0);
    // The LA's own rate has the half plan each side: 105.5 / 1,720.5 against the nation's
    // 210 / 3,440, a departure of ln((105.5 / 1,720.5) / (210 / 3,440)) ≈ 0.0045 every year. The
    // same departure each year regresses on itself with slope 1, so it persists whole.
    const departure = Math.log(105.5 / 1_720.5 / (210 / 3_440));
    assert.equal(pooled.newPlans.persistence, 1);
    assert.ok(Math.abs(fit.newPlanDeparture - departure) < 1e-12);
  });

  test('a departure that flips each year is not carried on', () => {
    // Two LAs of 1,720 plans in force that swap 140 and 70 new plans from year to year: the
    // nation's rate stays 210 / 3,440, and each LA's departure changes sign every year, so the
    // regression of one year's on the year before's is negative and the persistence is 0.
    const a = swapping(high, low);
    const pooled = poolBandRates([a, swapping(low, high)], 2018);
    assert.equal(pooled.newPlans.persistence, 0);
    // A made 70 in 2017 (odd): ln((70.5 / 1,720.5) / (210 / 3,440)) ≈ −0.398, faded by 0^0 = 1 as
    // 2017 is the year before the origin.
    const fit = fitLaBands(a, pooled);
    assert.ok(Math.abs(fit.newPlanDeparture - Math.log(70.5 / 1_720.5 / (210 / 3_440))) < 1e-12);
    // With nothing persisting, 2018's new plans are the nation's rate on the 1,720 in force:
    // 210 / 3,440 × 1,720.5 − 0.5 = 105 + 0.0305 − 0.5 = 104.5305.
    assert.ok(Math.abs(expectedNewPlans(fit, pooled, [1_720]) - 104.530523) < 1e-6);
  });

  test("requests ahead of an LA's new plans pull its departure up", () => {
    // The swapping LAs above (persistence 0), each asking for 140 assessments in 2015, 2016 and
    // 2017. In 2015 and 2017 A made 70 plans and B 140; in 2016 the other way round. The nation's
    // requests over new plans are 280 / 210 each year, ln(4/3) = 0.287682, so an LA's pressure is
    //   having made 70:  ln(140.5 / 70.5)  − 0.287682 = 0.689595 − 0.287682 =  0.401913
    //   having made 140: ln(140.5 / 140.5) − 0.287682                       = −0.287682
    // and the departures the year after (from the test above) are
    //   making 140: ln((140.5 / 1,720.5) / (210 / 3,440)) =  0.290956
    //   making 70:  ln((70.5 / 1,720.5) / (210 / 3,440))  = −0.398638.
    // Pairs within the window (pressure 2015 → departure 2016, 2016 → 2017), two per LA, each LA
    // having one of each: (0.401913, 0.290956) and (−0.287682, −0.398638). With nothing
    // persisting, the pull is Σ p·d / Σ p² = 2 × (0.116938 + 0.114682) / 2 × (0.161534 + 0.082761)
    // = 0.463240 / 0.488590 = 0.948118.
    const asking = (h: LaBandHistory): LaBandHistory => ({
      ...h,
      requests: new Map([2015, 2016, 2017].map((y) => [y, 140])),
    });
    const a = asking(swapping(high, low));
    const pooled = poolBandRates([a, asking(swapping(low, high))], 2018);
    assert.equal(pooled.newPlans.persistence, 0);
    assert.ok(Math.abs(pooled.newPlans.pressure - 0.948118) < 1e-6, `${pooled.newPlans.pressure}`);
    // A made 70 in 2017 against 140 requests: pressure 0.401913, pulling its departure to
    // 0.948118 × 0.401913 = 0.381061 each year ahead. Its new plans:
    //   2018, on 1,720 in force: 210 / 3,440 × e^0.381061 × 1,720.5 − 0.5 = 153.247480
    //   2019, on 1,800 in force: 210 / 3,440 × e^0.381061 × 1,800.5 − 0.5 = 160.396448
    // together 313.643928, where without the requests it would be 104.5305 in 2018 alone.
    const fit = fitLaBands(a, pooled);
    assert.ok(Math.abs(fit.pressure - 0.401913) < 1e-6, `${fit.pressure}`);
    assert.ok(Math.abs(expectedNewPlans(fit, pooled, [1_720]) - 153.24748) < 1e-4);
    assert.ok(Math.abs(expectedNewPlans(fit, pooled, [1_720, 1_800]) - 313.643928) < 1e-4);
  });

  test('with no requests known, nothing is pulled', () => {
    const pooled = poolBandRates([steady(caseload, newPlans), steady(caseload, newPlans)], 2018);
    assert.equal(pooled.newPlans.pressure, 0);
    assert.ok(pooled.newPlans.nationalPressure.every(Number.isNaN));
    assert.equal(fitLaBands(steady(caseload, newPlans), pooled).pressure, 0);
  });

  test('expected new plans: the last national rate, the departure fading, on each January', () => {
    const pooled = poolBandRates([steady(caseload, newPlans), steady(caseload, newPlans)], 2018);
    const fit = fitLaBands(steady(caseload, newPlans), pooled);
    const rate = {
      ...pooled,
      newPlans: { ...pooled.newPlans, national: [0, Math.log(0.1)], persistence: 0.5 },
    };
    // A national rate of 0.1 and a departure of 0.2 in the year before the origin:
    //   year 1: departure 0.1,  0.1 × e^0.1  × (1,000 + 0.5) − 0.5 = 0.110517 × 1,000.5 − 0.5 = 110.072350
    //   year 2: departure 0.05, 0.1 × e^0.05 × (1,100 + 0.5) − 0.5 = 0.105127 × 1,100.5 − 0.5 = 115.192384
    //   together 225.264735.
    const got = expectedNewPlans({ ...fit, newPlanDeparture: 0.2 }, rate, [1_000, 1_100]);
    assert.ok(Math.abs(got - 225.264735) < 1e-5, `${got}`);
  });

  test('a spread matched at the 10th and 90th percentiles', () => {
    // Of 0, 1, 2, 3, 4 the 10th percentile is at rank 0.1 × 4 = 0.4, so 0.4, and the 90th at rank
    // 3.6, so 3.6: 3.2 apart, which a normal spans with 2 × 1.28155 = 2.56310 sds: 1.248487.
    assert.ok(Math.abs(percentileSpread([3, 0, 4, 1, 2]) - 1.248487) < 1e-6);
    // Of eleven values the percentiles fall on ranks 1 and 9, so a far-out largest value leaves
    // them where they were: 1 and 9, 8 apart, 8 / 2.56310 = 3.121217, as 0 to 10 would give.
    const ten = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    assert.ok(Math.abs(percentileSpread([...ten, 400]) - 3.121217) < 1e-6);
    assert.ok(Math.abs(percentileSpread([...ten, 400]) - percentileSpread([...ten, 10])) < 1e-12);
    assert.equal(percentileSpread([5]), 0);
  });

  test("the draws' own noise in an LA's log multiplier", () => {
    const history = steady(caseload, newPlans);
    const pooled = poolBandRates([history, steady(caseload, newPlans)], 2018);
    // Each band's chance of going on, (1 − a_b)·c_b + a_b·c_{b+1}, and the variance of those going on:
    //   under 5: 0.7 × 1 + 0.3 × 560/530          = 1.016981, over 1: 100 × 0.016981       =   1.6981
    //   5–10:    5/6 × 560/530 + 1/6 × 0.96       = 1.040503, over 1: 600 × 0.040503       =  24.3019
    //   11–15:   0.8 × 0.96 + 0.2 × 0.975         = 0.963:    500 × 0.963 × 0.037          =  17.8155
    //   16–19:   0.75 × 0.975 + 0.25 × 0.575      = 0.875:    400 × 0.875 × 0.125          =  43.75
    //   20–25:   5/6 × 0.575                      = 0.479167: 120 × 0.479167 × 0.520833    =  29.9479
    // together 117.5134, over the 1,615 expected to go on, plus the half plan, squared:
    // 117.5134 / 1,615.5² = 4.50271e-5.
    const got = samplingVar(history, 2017, pooled.ageing, pooled.continuation);
    assert.ok(Math.abs(got - 4.50271e-5) < 1e-9, `${got}`);
  });

  test('a steady state stays steady, give or take the draws', () => {
    const history = steady(caseload, newPlans);
    const pooled = poolBandRates([history, steady(caseload, newPlans)], 2018);
    const forecast = forecastLaBands(history, pooled, { horizon: 5, simulations: 200, seed: 1 });
    for (const year of forecast) {
      assert.ok(Math.abs(year.total.median - 1_720) < 1_720 * 0.03, `${year.year}: ${year.total.median}`);
      for (const [i, b] of year.byBand.entries())
        assert.ok(Math.abs(b.median - (caseload[i] as number)) < 25, `band ${i}`);
    }
  });
});

describe('laws of the band model', () => {
  const laArbitrary = fc
    .record({
      size: fc.integer({ min: 200, max: 8_000 }),
      growth: fc.double({ min: -0.05, max: 0.15, noNaN: true }),
      wobble: fc.array(fc.double({ min: 0.85, max: 1.15, noNaN: true }), { minLength: 15, maxLength: 15 }),
    })
    .map(({ size, growth, wobble }): LaBandHistory => {
      const shares = [0.05, 0.33, 0.35, 0.2, 0.07];
      const at = (y: number, scale: number) =>
        shares.map((s) => Math.round(s * scale * (1 + growth) ** (y - 2008) * (wobble[y - 2008] as number)));
      return {
        caseload: new Map(years(2009, 2022).map((y) => [y, at(y, size)])),
        newPlans: new Map(years(2008, 2021).map((y) => [y, at(y, size * 0.15)])),
        requests: new Map(
          years(2016, 2021).map((y) => [y, Math.round(size * 0.22 * (wobble[y - 2007] as number))]),
        ),
      };
    });

  test('percentiles are ordered and nothing after the origin is read', () => {
    fc.assert(
      fc.property(fc.array(laArbitrary, { minLength: 3, maxLength: 6 }), fc.nat(1_000), (las, seed) => {
        const pooled = poolBandRates(las, 2018);
        const first = las[0] as LaBandHistory;
        const forecast = forecastLaBands(first, pooled, { horizon: 4, simulations: 40, seed });
        const ordered = forecast.every(
          (y) =>
            y.total.p10 <= y.total.median &&
            y.total.median <= y.total.p90 &&
            y.byBand.every((b) => b.p10 <= b.median && b.median <= b.p90),
        );
        // The same LAs with every January after 2018, and every year's new plans and requests from 2018, doubled.
        const later = las.map((h) => ({
          caseload: new Map([...h.caseload].map(([y, c]) => [y, y > 2018 ? c.map((x) => x * 2) : c])),
          newPlans: new Map([...h.newPlans].map(([y, c]) => [y, y >= 2018 ? c.map((x) => x * 2) : c])),
          requests: new Map([...(h.requests ?? [])].map(([y, r]) => [y, y >= 2018 ? r * 2 : r])),
        }));
        const again = forecastLaBands(later[0] as LaBandHistory, poolBandRates(later, 2018), {
          horizon: 4,
          simulations: 40,
          seed,
        });
        return ordered && JSON.stringify(again) === JSON.stringify(forecast);
      }),
      { numRuns: 20 },
    );
  });

  test('a forecast from fewer than two Januarys is refused', () => {
    const pooled = poolBandRates([steady(caseload, newPlans), steady(caseload, newPlans)], 2018);
    const one: LaBandHistory = {
      caseload: new Map([[2018, caseload]]),
      newPlans: new Map(years(2010, 2017).map((y) => [y, newPlans])),
    };
    assert.throws(
      () => fitLaBands(one, pooled),
      (e: unknown) => e instanceof ForecastInputError && e.has('too-few-januarys'),
    );
    assert.throws(
      () => forecastLaBands(steady(caseload, newPlans), pooled, { horizon: 4, simulations: 0, seed: 1 }),
      (e: unknown) => e instanceof ForecastInputError && e.has('simulations-out-of-range'),
    );
  });
});
