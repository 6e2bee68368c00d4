import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type SenType, senTypes } from '../../../../platform/kernel/sen2.ts';
import {
  type ChildJanuary,
  cellOf,
  fitCohort,
  forecastCohort,
  projectCohort,
  simulateCohort,
  stateOf,
  summariseCohort,
  summariseFit,
} from './cohort.ts';
import { ForecastInputError, type ForecastProblemCode } from './errors.ts';
import { intervalOf } from './stats.ts';

const child = (
  childId: string,
  year: number,
  age: number,
  group: string,
  need: SenType = 'ASD',
): ChildJanuary => ({
  childId,
  year,
  age,
  need,
  group,
});

/**
 * Ten children aged 7 with autism in January 2024, six in mainstream and four in special schools.
 * By January 2025: of the mainstream six, four are still in mainstream, one moved to a special
 * school and one left; of the special four, three are still there and one left. Two children of 5
 * joined in mainstream.
 */
const tenChildren: ChildJanuary[] = [
  ...['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((id) => child(id, 2024, 7, 'mainstream')),
  ...['s1', 's2', 's3', 's4'].map((id) => child(id, 2024, 7, 'special')),
  ...['m1', 'm2', 'm3', 'm4'].map((id) => child(id, 2025, 8, 'mainstream')),
  child('m5', 2025, 8, 'special'),
  ...['s1', 's2', 's3'].map((id) => child(id, 2025, 8, 'special')),
  child('j1', 2025, 5, 'mainstream'),
  child('j2', 2025, 5, 'mainstream'),
];

function refused(work: () => unknown, code: ForecastProblemCode): string {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof ForecastInputError, `expected a ForecastInputError, got ${String(error)}`);
    assert.ok(error.has(code), `expected ${code}, got ${error.problems.map((p) => p.code).join(', ')}`);
    return error.message;
  }
  assert.fail(`expected the input to be refused with ${code}`);
}

describe('the cohort model, worked by hand', () => {
  test('ten children over two Januarys: the rates pooled from every child down to the state', () => {
    const model = fitCohort(tenChildren);
    assert.deepEqual(model.groups, ['mainstream', 'special']);
    assert.equal(model.origin, 2025);
    assert.equal(model.start.length, 10, 'eight who stayed and two joiners');
    // Destinations: [leave, mainstream, special]. The state (7, ASD, mainstream) saw [1, 4, 1].
    // Every child: 10 transitions, 2 left, 7 stayed in their group, 1 moved (to special), so from
    // mainstream the root is [0.2, 0.7, 0.1].
    // Group:     ([1, 4, 1] + 10 × [0.2, 0.7, 0.1]) / 16 = [3, 11, 2] / 16
    // Band 5–10: ([1, 4, 1] + 10 × [3, 11, 2] / 16) / 16 = [46, 174, 36] / 256
    // Age 7:     ([1, 4, 1] + 10 × [46, 174, 36] / 256) / 16 = [716, 2764, 616] / 4096
    // The state: [1, 4, 1] + 10 × [716, 2764, 616] / 4096 = [11256, 44024, 10256] / 4096 (sum 16)
    const need = senTypes.indexOf('ASD');
    const st = stateOf(7, need, 0, 2);
    const alphas = Array.from(model.alphas.subarray(st * 3, st * 3 + 3));
    for (const [d, expected] of [11256 / 4096, 44024 / 4096, 10256 / 4096].entries())
      assert.ok(
        Math.abs((alphas[d] as number) - expected) < 1e-12,
        `alpha ${d}: ${alphas[d]} vs ${expected}`,
      );
    // A state no child was in (age 7, SLD, mainstream) takes its age and group's rates whole:
    // 10 × [716, 2764, 616] / 4096, a chance of leaving of 716 / 4096 = 17.5%.
    const unseen = stateOf(7, senTypes.indexOf('SLD'), 0, 2);
    const a = Array.from(model.alphas.subarray(unseen * 3, unseen * 3 + 3));
    assert.ok(
      Math.abs((a[0] as number) / ((a[0] as number) + (a[1] as number) + (a[2] as number)) - 716 / 4096) <
        1e-12,
    );

    const fit = summariseFit(model);
    assert.deepEqual(
      fit.groups.map((g) => [g.group, g.children, g.leave, g.stay, g.move]),
      [
        ['mainstream', 6, 1 / 6, 4 / 6, 1 / 6],
        ['special', 4, 1 / 4, 3 / 4, 0],
      ],
    );
    assert.deepEqual(fit.joinersByYear, [{ year: 2025, count: 2 }]);
    // One year of joiners shows no trend: the prior's (9.7% a year, log 0.097) is used.
    assert.ok(Math.abs(model.joiners.trend - 0.097) < 1e-12);
    assert.ok(Math.abs(model.joiners.level - Math.log(2.5)) < 1e-12);
  });

  test('the expected-value projection moves the counts by the posterior means', () => {
    // Without joiners (no one joined in these records) a year on keeps 10 × (1 − P(leave)) children.
    const records = tenChildren.filter((r) => !r.childId.startsWith('j'));
    const model = fitCohort(records);
    const [first] = projectCohort(model, 1);
    let expected = 0;
    for (const st of model.start) {
      const row = Array.from(model.alphas.subarray(st * 3, st * 3 + 3));
      expected += 1 - (row[0] as number) / row.reduce((s, x) => s + x, 0);
    }
    assert.ok(first && Math.abs(first.total - expected) < 1e-9);
  });

  test('the same records and seed give the same forecast; another seed another', () => {
    const a = forecastCohort(tenChildren, { simulations: 50, seed: 4, horizon: 3 });
    const b = forecastCohort(tenChildren, { simulations: 50, seed: 4, horizon: 3 });
    const c = forecastCohort(tenChildren, { simulations: 50, seed: 5, horizon: 3 });
    assert.deepEqual(a.rows, b.rows);
    assert.notDeepEqual(a.rows, c.rows);
    const shuffled = forecastCohort([...tenChildren].reverse(), { simulations: 50, seed: 4, horizon: 3 });
    assert.deepEqual(shuffled.rows, a.rows, 'the order of the records does not matter');
  });

  test('a total’s interval comes from the simulated totals, not from adding its parts’ percentiles', () => {
    const model = fitCohort(tenChildren);
    const runs = simulateCohort(model, { simulations: 201, seed: 9, horizon: 2 });
    const rows = summariseCohort(runs);
    const total = rows.find((r) => r.horizon === 2 && r.age === null && r.need === null && r.group === null);
    const totals = Array.from(
      { length: 201 },
      (_, run) => runs.values[(run * 2 + 1) * runs.cells + cellOf(runs, null, null, null)] as number,
    );
    const expected = intervalOf(totals);
    assert.deepEqual([total?.p10, total?.median, total?.p90], [expected.p10, expected.median, expected.p90]);
  });

  test('ages by single year run 0 to 25, and every January’s rows carry the year and horizon', () => {
    const forecast = forecastCohort(tenChildren, {
      simulations: 20,
      seed: 1,
      horizon: 2,
      ageBasis: 'single',
    });
    const ages = new Set(forecast.rows.map((r) => r.age).filter((a) => a !== null));
    for (const a of ages) assert.match(a as string, /^(\d|1\d|2[0-5])$/);
    assert.ok(ages.has('9') && ages.has('6'), 'the eight-year-olds are 9 and the joiners 6 a year on');
    assert.deepEqual([...new Set(forecast.rows.map((r) => `${r.year}:${r.horizon}`))], ['2026:1', '2027:2']);
  });
});

/** Random records: children in consecutive Januarys, some staying, moving, leaving and joining. */
const recordsArbitrary = fc
  .record({
    children: fc.array(
      fc.record({
        age: fc.integer({ min: 0, max: 20 }),
        need: fc.constantFrom(...senTypes),
        groups: fc.array(fc.constantFrom('mainstream', 'srb', 'special'), { minLength: 3, maxLength: 3 }),
        from: fc.integer({ min: 0, max: 1 }),
        to: fc.integer({ min: 1, max: 2 }),
      }),
      { minLength: 2, maxLength: 40 },
    ),
  })
  .map(({ children }) =>
    children.flatMap((c, i) => {
      const years: ChildJanuary[] = [];
      for (let y = c.from; y <= c.to; y++)
        years.push(child(`c${i}`, 2023 + y, c.age + y, c.groups[y] as string, c.need));
      return years;
    }),
  )
  .filter((records) => new Set(records.map((r) => r.year)).size >= 2);

describe('laws of the cohort model', () => {
  test('percentiles are ordered: p10 ≤ median ≤ p90, and no figure is below 0', () => {
    fc.assert(
      fc.property(recordsArbitrary, fc.integer({ min: 1, max: 1_000 }), (records, seed) => {
        const forecast = forecastCohort(records, { simulations: 25, seed, horizon: 3 });
        return forecast.rows.every((r) => r.p10 >= 0 && r.p10 <= r.median && r.median <= r.p90);
      }),
      { numRuns: 25 },
    );
  });

  test('with no joiners and no leavers the total is the same every year in every simulation', () => {
    const stayers = fc
      .array(
        fc.record({
          age: fc.integer({ min: 0, max: 19 }),
          need: fc.constantFrom(...senTypes),
          first: fc.constantFrom('mainstream', 'special', 'srb'),
          second: fc.constantFrom('mainstream', 'special', 'srb'),
        }),
        { minLength: 1, maxLength: 30 },
      )
      .map((children) =>
        children.flatMap((c, i) => [
          child(`c${i}`, 2024, c.age, c.first, c.need),
          child(`c${i}`, 2025, c.age + 1, c.second, c.need),
        ]),
      );
    fc.assert(
      fc.property(stayers, fc.integer({ min: 1, max: 1_000 }), (records, seed) => {
        const model = fitCohort(records);
        const runs = simulateCohort(model, { simulations: 10, seed });
        const all = cellOf(runs, null, null, null);
        for (let run = 0; run < 10; run++)
          for (let y = 1; y <= 5; y++)
            if (runs.values[(run * 5 + y - 1) * runs.cells + all] !== model.start.length) return false;
        return true;
      }),
      { numRuns: 25 },
    );
  });
});

describe('refusals', () => {
  test('a forecast from fewer than two Januarys is refused, saying why', () => {
    const message = refused(
      () =>
        forecastCohort(
          tenChildren.filter((r) => r.year === 2025),
          { simulations: 10, seed: 1 },
        ),
      'too-few-januarys',
    );
    assert.match(message, /all for January 2025: a forecast needs at least two consecutive Januarys/);
    refused(() => fitCohort([]), 'too-few-januarys');
  });

  test('bad records are refused with the problem named', () => {
    const with2023 = (change: Partial<ChildJanuary>) => [
      ...tenChildren,
      { ...child('x', 2025, 9, 'special'), ...change },
    ];
    refused(() => fitCohort(with2023({ need: 'AUT' as SenType })), 'unknown-need');
    refused(() => fitCohort(with2023({ age: 26 })), 'age-out-of-range');
    refused(() => fitCohort(with2023({ age: -1 })), 'age-out-of-range');
    refused(() => fitCohort(with2023({ year: Number.NaN })), 'year-out-of-range');
    refused(() => fitCohort(with2023({ year: 1900 })), 'year-out-of-range');
    refused(() => fitCohort(with2023({ group: ' ' })), 'missing-group');
    refused(() => fitCohort(with2023({ childId: '' })), 'missing-child');
    refused(() => fitCohort(with2023({ childId: 'm1' })), 'child-twice-in-a-january');
    refused(() => fitCohort([...tenChildren, child('x', 2027, 9, 'special')]), 'januarys-not-consecutive');
  });

  test('runs outside the limits are refused', () => {
    refused(() => forecastCohort(tenChildren, { simulations: 0, seed: 1 }), 'simulations-out-of-range');
    refused(() => forecastCohort(tenChildren, { simulations: 10_001, seed: 1 }), 'simulations-out-of-range');
    refused(() => forecastCohort(tenChildren, { simulations: 1.5, seed: 1 }), 'simulations-out-of-range');
    refused(
      () => forecastCohort(tenChildren, { simulations: 10, seed: 1, horizon: 6 }),
      'horizon-out-of-range',
    );
    refused(() => forecastCohort(tenChildren, { simulations: 10, seed: Number.NaN }), 'bad-seed');
    refused(
      () => forecastCohort(tenChildren, { simulations: 10, seed: 1 }, { poolingStrength: -1 }),
      'bad-setting',
    );
  });
});
