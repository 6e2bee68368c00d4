import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type ChildJourney,
  compareJourneys,
  defaultTravelLimits,
  isOverLimit,
  type Phase,
  percentileNearestRank,
  phaseOfNcYear,
  summariseJourneys,
  travelLimitsSchema,
} from './summary.ts';

describe('phase and the time limits', () => {
  test('Year 6 and below, and nursery (no year), are primary; Year 7 and above secondary', () => {
    assert.deepEqual([null, -1, 0, 6, 7, 11, 12, 14].map(phaseOfNcYear), [
      'primary',
      'primary',
      'primary',
      'primary',
      'secondary',
      'secondary',
      'secondary',
      'secondary',
    ]);
  });

  test('over the limit means strictly longer: 45 minutes is within for primary, 75 for secondary', () => {
    assert.equal(isOverLimit({ phase: 'primary', minutes: 45 }), false);
    assert.equal(isOverLimit({ phase: 'primary', minutes: 45.01 }), true);
    assert.equal(isOverLimit({ phase: 'secondary', minutes: 60 }), false);
    assert.equal(isOverLimit({ phase: 'secondary', minutes: 75.5 }), true);
    assert.equal(isOverLimit({ phase: 'secondary', minutes: 60 }, { primary: 30, secondary: 50 }), true);
  });

  test('limits must be more than 0 minutes', () => {
    assert.equal(travelLimitsSchema.safeParse(defaultTravelLimits).success, true);
    assert.equal(travelLimitsSchema.safeParse({ primary: 0, secondary: 75 }).success, false);
    assert.equal(travelLimitsSchema.safeParse({ primary: 45, secondary: Number.NaN }).success, false);
  });
});

describe('the nearest-rank percentile', () => {
  test('of 15, 20, 35, 40, 50: p30 and p40 are 20, p50 is 35, p100 is 50', () => {
    // ⌈0.3 × 5⌉ = 2 and ⌈0.4 × 5⌉ = 2 → the 2nd smallest; ⌈2.5⌉ = 3 → the 3rd; ⌈5⌉ = 5 → the 5th.
    const values = [50, 15, 40, 20, 35];
    assert.deepEqual(
      [30, 40, 50, 100].map((p) => percentileNearestRank(values, p)),
      [20, 20, 35, 50],
    );
  });

  test('p90 of 1 to 10 is 9 (the 9th smallest), of 1 to 11 is 10 (⌈9.9⌉ = 10th)', () => {
    assert.equal(
      percentileNearestRank(
        Array.from({ length: 10 }, (_, i) => i + 1),
        90,
      ),
      9,
    );
    assert.equal(
      percentileNearestRank(
        Array.from({ length: 11 }, (_, i) => i + 1),
        90,
      ),
      10,
    );
  });

  test('of nothing is NaN', () => {
    assert.ok(Number.isNaN(percentileNearestRank([], 90)));
  });
});

interface Row extends ChildJourney {
  need: string;
  district: string;
}
const row = (childId: string, phase: Phase, minutes: number, need: string, district: string): Row => ({
  childId,
  phase,
  minutes,
  need,
  district,
});

describe('summaries by group', () => {
  const journeys = [
    row('a', 'primary', 20, 'ASD', 'Breckland'),
    row('b', 'primary', 50, 'ASD', 'Broadland'),
    row('c', 'secondary', 80, 'SEMH', 'Breckland'),
    row('d', 'secondary', 30, 'ASD', 'Breckland'),
  ];

  test('by need: ASD has 3 (mean 33.3, p90 the 3rd of 3 = 50, 1 over), SEMH 1 (80, over)', () => {
    const byNeed = summariseJourneys(journeys, (j) => j.need);
    assert.deepEqual(
      byNeed.map((s) => [
        s.key,
        s.count,
        Math.round(s.meanMinutes * 10) / 10,
        s.p90Minutes,
        s.maxMinutes,
        s.overLimit,
      ]),
      [
        ['ASD', 3, 33.3, 50, 50, 1],
        ['SEMH', 1, 80, 80, 80, 1],
      ],
    );
  });

  test('by district, in name order; and everyone together', () => {
    assert.deepEqual(
      summariseJourneys(journeys, (j) => j.district).map((s) => [s.key, s.count]),
      [
        ['Breckland', 3],
        ['Broadland', 1],
      ],
    );
    const [all] = summariseJourneys(journeys, () => 'All');
    assert.deepEqual([all?.count, all?.meanMinutes, all?.p90Minutes, all?.overLimit], [4, 45, 80, 2]);
  });
});

describe('before and after', () => {
  test('per child, mean change, newly over and no longer over, newly placed and no longer placed', () => {
    const before = [
      { childId: 'a', phase: 'primary' as const, minutes: 50 },
      { childId: 'b', phase: 'primary' as const, minutes: 30 },
      { childId: 'c', phase: 'secondary' as const, minutes: null },
      { childId: 'd', phase: 'secondary' as const, minutes: 80 },
    ];
    const after = [
      { childId: 'a', phase: 'primary' as const, minutes: 40 },
      { childId: 'b', phase: 'primary' as const, minutes: 46 },
      { childId: 'c', phase: 'secondary' as const, minutes: 90 },
      { childId: 'd', phase: 'secondary' as const, minutes: null },
      { childId: 'e', phase: 'primary' as const, minutes: 20 },
    ];
    const c = compareJourneys(before, after);
    // a: 50 → 40 (−10, no longer over 45); b: 30 → 46 (+16, newly over); c: placed at 90, newly
    // over 75; d: 80 (over) → no place; e: new at 20. Mean change over a and b: (−10 + 16) / 2 = 3.
    assert.deepEqual(
      c.children.map((x) => [x.childId, x.changeMinutes, x.overBefore, x.overAfter]),
      [
        ['a', -10, true, false],
        ['b', 16, false, true],
        ['c', null, false, true],
        ['d', null, true, false],
        ['e', null, false, false],
      ],
    );
    assert.equal(c.meanChangeMinutes, 3);
    assert.equal(c.totalChangeMinutes, 6);
    assert.deepEqual([c.newlyOver, c.noLongerOver, c.newlyPlaced, c.noLongerPlaced], [2, 2, 2, 1]);
  });

  test('each set is judged by its own phase: 60 minutes is over at primary, not at secondary', () => {
    const c = compareJourneys(
      [{ childId: 'a', phase: 'primary', minutes: 60 }],
      [{ childId: 'a', phase: 'secondary', minutes: 60 }],
    );
    assert.deepEqual([c.children[0]?.overBefore, c.children[0]?.overAfter, c.noLongerOver], [true, false, 1]);
  });

  test('no child in both: no mean change', () => {
    assert.equal(
      compareJourneys([], [{ childId: 'a', phase: 'primary', minutes: 10 }]).meanChangeMinutes,
      null,
    );
  });
});

const minutes = fc.double({ min: 0, max: 300, noNaN: true });
const phase = fc.constantFrom<Phase>('primary', 'secondary');

describe('laws', () => {
  test('the 90th percentile lies between the smallest and largest journey', () => {
    fc.assert(
      fc.property(fc.array(minutes, { minLength: 1, maxLength: 50 }), (values) => {
        const p90 = percentileNearestRank(values, 90);
        return p90 >= Math.min(...values) && p90 <= Math.max(...values) && values.includes(p90);
      }),
    );
  });

  test('the mean and 90th percentile of a constant are the constant', () => {
    fc.assert(
      fc.property(minutes, fc.integer({ min: 1, max: 40 }), phase, (m, n, p) => {
        const [s] = summariseJourneys(
          Array.from({ length: n }, (_, i) => ({ childId: `c${i}`, phase: p, minutes: m })),
          () => 'all',
        );
        return s !== undefined && Math.abs(s.meanMinutes - m) <= 1e-9 * Math.max(1, m) && s.p90Minutes === m;
      }),
    );
  });

  test('group counts add up to the children, and group over-limit counts to those over', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ childId: fc.string(), phase, minutes, key: fc.constantFrom('x', 'y', 'z') }), {
          maxLength: 60,
        }),
        (journeys) => {
          const groups = summariseJourneys(journeys, (j) => j.key);
          return (
            groups.reduce((s, g) => s + g.count, 0) === journeys.length &&
            groups.reduce((s, g) => s + g.overLimit, 0) === journeys.filter((j) => isOverLimit(j)).length
          );
        },
      ),
    );
  });
});
