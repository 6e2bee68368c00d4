import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  checkJourneyConfig,
  defaultJourneyConfig,
  earthMeanRadiusKm,
  greatCircleKm,
  type JourneyConfig,
  journeyFor,
  journeyMinutes,
  roadKm,
  straightLineEstimator,
} from './journey.ts';

const close = (actual: number, expected: number, within = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= within, `${actual} is not within ${within} of ${expected}`);

describe('great-circle distance', () => {
  test('0.1° of latitude along a meridian is 6,371.0088 × 0.1 × π/180 = 11.1195 km', () => {
    // Along a meridian only the latitude changes, so the haversine gives R × Δφ exactly:
    // 0.1° = 0.00174533 rad, × 6,371.0088 km = 11.119508 km.
    const km = greatCircleKm({ latitude: 52.6, longitude: 1.3 }, { latitude: 52.7, longitude: 1.3 });
    close(km, (earthMeanRadiusKm * 0.1 * Math.PI) / 180);
    close(km, 11.119508, 1e-6);
  });

  test('1° of longitude on the equator is 111.195 km, and 0 km from a place to itself', () => {
    close(greatCircleKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 1 }), 111.19508, 1e-5);
    assert.equal(greatCircleKm({ latitude: 51.5, longitude: -0.1 }, { latitude: 51.5, longitude: -0.1 }), 0);
  });

  test('London to Norwich is about 160 km in a straight line', () => {
    const km = greatCircleKm(
      { latitude: 51.5074, longitude: -0.1278 },
      { latitude: 52.6309, longitude: 1.2974 },
    );
    assert.ok(km > 155 && km < 165, `${km}`);
  });
});

describe('road km and minutes, worked by hand with the defaults', () => {
  test('10 km in a straight line is 14 km by road and 5 + 14/45 × 60 = 23.67 minutes', () => {
    const j = journeyFor(10);
    close(j.roadKm, 14);
    close(j.minutes, 5 + (14 / 45) * 60);
    close(j.minutes, 23.6667, 1e-4);
  });

  test('20 km is 14 + 1.3 × 10 = 27 km by road and 5 + 36 = 41 minutes', () => {
    const j = journeyFor(20);
    close(j.roadKm, 27);
    close(j.minutes, 41);
  });

  test('5 km is 7 km by road (the short detour) and 0 km is the fixed 5 minutes', () => {
    close(roadKm(5), 7);
    close(journeyMinutes(0), 5);
  });

  test('another configuration: 1.2 to 5 km, then 1.1, at 30 km/h with 10 minutes fixed', () => {
    const config = { detourShort: 1.2, thresholdKm: 5, detourLong: 1.1, speedKmh: 30, fixedMinutes: 10 };
    // 15 km: 5 × 1.2 + 10 × 1.1 = 17 km; 10 + 17/30 × 60 = 44 minutes.
    const j = journeyFor(15, config);
    close(j.roadKm, 17);
    close(j.minutes, 44);
  });
});

describe('the configuration is checked', () => {
  test('the defaults pass', () => {
    assert.deepEqual(checkJourneyConfig(defaultJourneyConfig), { ok: true, config: defaultJourneyConfig });
  });

  for (const field of Object.keys(defaultJourneyConfig) as (keyof JourneyConfig)[])
    for (const value of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      test(`${field} of ${value} is refused, naming the field`, () => {
        const outcome = checkJourneyConfig({ ...defaultJourneyConfig, [field]: value });
        assert.equal(outcome.ok, false);
        if (!outcome.ok)
          assert.deepEqual(
            outcome.problems.map((p) => p.field),
            [field],
          );
      });

  test('the estimator refuses a configuration the check refuses', () => {
    assert.throws(() => straightLineEstimator({ ...defaultJourneyConfig, speedKmh: 0 }), /more than 0/);
  });
});

describe('the straight-line estimator', () => {
  test('one to many gives each journey as one to one does, in order', () => {
    const estimator = straightLineEstimator();
    const home = { latitude: 52.63, longitude: 1.3 };
    const settings = [
      { latitude: 52.5, longitude: 1.0 },
      { latitude: 52.75, longitude: 0.4 },
      { latitude: 52.63, longitude: 1.3 },
    ];
    assert.deepEqual(
      estimator.estimateMany(home, settings),
      settings.map((s) => estimator.estimate(home, s)),
    );
  });
});

const config = fc.record({
  detourShort: fc.double({ min: 1, max: 3, noNaN: true }),
  thresholdKm: fc.double({ min: 0.5, max: 50, noNaN: true }),
  detourLong: fc.double({ min: 1, max: 3, noNaN: true }),
  speedKmh: fc.double({ min: 5, max: 120, noNaN: true }),
  fixedMinutes: fc.double({ min: 0.1, max: 30, noNaN: true }),
});
const km = fc.double({ min: 0, max: 500, noNaN: true });

describe('laws', () => {
  test('road km is continuous: it moves by no more than the larger detour times the change', () => {
    fc.assert(
      fc.property(config, km, fc.double({ min: 0, max: 1, noNaN: true }), (c, x, step) => {
        const change = Math.abs(roadKm(x + step, c) - roadKm(x, c));
        return change <= Math.max(c.detourShort, c.detourLong) * step + 1e-9;
      }),
    );
  });

  test('road km is continuous at the threshold itself', () => {
    fc.assert(
      fc.property(config, (c) => {
        const below = roadKm(c.thresholdKm * (1 - 1e-12), c);
        const above = roadKm(c.thresholdKm * (1 + 1e-12), c);
        return Math.abs(above - below) < 1e-6;
      }),
    );
  });

  test('road km increases with straight km: by at least the smaller detour times the difference', () => {
    // Stated with a rounding allowance: two straight distances a rounding apart can give the same
    // road km in floating point, though never less for the longer one.
    fc.assert(
      fc.property(config, km, km, (c, x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const rise = roadKm(b, c) - roadKm(a, c);
        return rise >= 0 && rise >= Math.min(c.detourShort, c.detourLong) * (b - a) - 1e-9;
      }),
    );
  });

  test('a journey never takes less than the fixed minutes', () => {
    fc.assert(fc.property(config, km, (c, x) => journeyFor(x, c).minutes >= c.fixedMinutes));
  });

  test('the great-circle distance is symmetric and never more than half the Earth round', () => {
    const point = fc.record({
      latitude: fc.double({ min: -90, max: 90, noNaN: true }),
      longitude: fc.double({ min: -180, max: 180, noNaN: true }),
    });
    fc.assert(
      fc.property(point, point, (a, b) => {
        const there = greatCircleKm(a, b);
        return Math.abs(there - greatCircleKm(b, a)) < 1e-9 && there <= Math.PI * earthMeanRadiusKm + 1e-9;
      }),
    );
  });
});
