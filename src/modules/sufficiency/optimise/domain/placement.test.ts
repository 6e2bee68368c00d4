import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type JourneyEstimator, journeyFor } from '../../travel/domain/journey.ts';
import type { Phase } from '../../travel/domain/summary.ts';
import {
  baselineChoice,
  baselinePlacement,
  buildPlacementModel,
  type Choice,
  choiceProblems,
  comparedJourneys,
  type Designation,
  type PlacementChild,
  type PlacementModel,
  type PlacementResult,
  type PlacementSetting,
  placementResult,
  proposalRows,
  travelOfBothPlaced,
} from './placement.ts';

/**
 * Journeys from a table of straight-line km, the way a routing engine's table would answer: child
 * i lives at latitude i and setting j stands at longitude j, so the table is read km[i][j].
 */
function tableEstimator(km: readonly (readonly number[])[]): JourneyEstimator {
  const estimate: JourneyEstimator['estimate'] = (from, to) =>
    journeyFor(km[from.latitude]?.[to.longitude] ?? Number.NaN);
  return { estimate, estimateMany: (from, to) => to.map((t) => estimate(from, t)) };
}

const child = (
  i: number,
  waitingSince: string,
  need = 'ASD',
  phase: Phase = 'primary',
  fixedSettingId?: string,
): PlacementChild => ({
  id: `child-${i}`,
  need,
  phase,
  waitingSince,
  home: { latitude: i, longitude: 0 },
  ...(fixedSettingId === undefined ? {} : { fixedSettingId }),
});

const setting = (j: number, designations: Designation[]): PlacementSetting => ({
  id: `setting-${j}`,
  location: { latitude: 0, longitude: j },
  designations,
});

const asd = (places: number, phases: Phase[] = ['primary', 'secondary']): Designation => ({
  needs: ['ASD'],
  phases,
  places,
});

function built(
  children: PlacementChild[],
  settings: PlacementSetting[],
  km: number[][],
  maxStraightKm: number | null = 60,
): PlacementModel {
  const outcome = buildPlacementModel(children, settings, {
    estimator: tableEstimator(km),
    fit: { maxStraightKm, maxMinutes: null },
  });
  assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.problems));
  return outcome.model;
}

/** Every choice, tried: the least of minutes plus penalty × unplaced, by exhaustion. */
function bruteForce(model: PlacementModel): PlacementResult {
  const left = model.pools.map((p) => p.places);
  const choice: Choice = new Int32Array(model.open.length).fill(-1);
  let best: PlacementResult | null = null;
  const visit = (k: number) => {
    if (k === model.open.length) {
      const r = placementResult(model, choice, 'optimal', true);
      if (best === null || r.objective < best.objective - 1e-9) best = r;
      return;
    }
    choice[k] = -1;
    visit(k + 1);
    for (let a = model.arcs.arcStart[k] ?? 0; a < (model.arcs.arcStart[k + 1] ?? 0); a++) {
      const pool = model.arcs.pool[a] ?? 0;
      if ((left[pool] ?? 0) <= 0) continue;
      left[pool] = (left[pool] ?? 0) - 1;
      choice[k] = a;
      visit(k + 1);
      left[pool] = (left[pool] ?? 0) + 1;
    }
    choice[k] = -1;
  };
  visit(0);
  assert.ok(best);
  return best;
}

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

/**
 * Two children, two settings with one place each. Child 1 waited longer: 10 km from A, 20 km from
 * B. Child 2: 10 km from A, 40 km from B. In minutes (5 + road km / 45 × 60): 10 km is 14 km by
 * road, 23.667 min; 20 km is 27 km, 41 min; 40 km is 14 + 1.3 × 30 = 53 km, 75.667 min.
 * First come, first served: child 1 takes A (23.667), child 2 is left B (75.667): 99.333 min, and
 * child 2 is over the 45-minute primary limit. The optimum: child 1 to B (41), child 2 to A
 * (23.667): 64.667 min, nobody over the limit.
 */
const twoChildren = {
  children: [child(0, '2025-01-10'), child(1, '2025-03-01')],
  settings: [setting(0, [asd(1)]), setting(1, [asd(1)])],
  km: [
    [10, 20],
    [10, 40],
  ],
};

describe('the greedy baseline, worked by hand', () => {
  const model = built(twoChildren.children, twoChildren.settings, twoChildren.km);

  test('first come, first served takes the nearest: 23.667 + 75.667 = 99.333 minutes', () => {
    const baseline = baselinePlacement(model);
    assert.deepEqual(
      baseline.children.map((c) => [c.childId, c.settingId]),
      [
        ['child-0', 'setting-0'],
        ['child-1', 'setting-1'],
      ],
    );
    close(baseline.totalMinutes, 23 + 2 / 3 + 75 + 2 / 3);
    assert.equal(baseline.overLimit, 1);
    assert.equal(baseline.provenOptimal, false);
  });

  test('the optimum is 41 + 23.667 = 64.667 minutes, and no choice is less', () => {
    const optimum = bruteForce(model);
    close(optimum.totalMinutes, 64 + 2 / 3);
    assert.deepEqual(
      optimum.children.map((c) => c.settingId),
      ['setting-1', 'setting-0'],
    );
    assert.equal(optimum.overLimit, 0);
  });

  test('the proposal beside the baseline, a row per child, with the change', () => {
    const rows = proposalRows(model, bruteForce(model), baselinePlacement(model));
    assert.deepEqual(
      rows.map((r) => [
        r.childId,
        r.proposedSettingId,
        r.baselineSettingId,
        Math.round((r.changeMinutes ?? 0) * 1000) / 1000,
      ]),
      [
        ['child-0', 'setting-1', 'setting-0', 17.333],
        ['child-1', 'setting-0', 'setting-1', -52],
      ],
    );
  });
});

test('like for like: the travel of the children both place, and who only one places', () => {
  // Ava: proposed 30, baseline 40. Ben: proposed 50, baseline 20. Cal: proposed 25, no place in
  // the baseline. Dee: placed by neither. Both place Ava and Ben: 30 + 50 = 80 against 40 + 20 = 60.
  assert.deepEqual(
    travelOfBothPlaced([
      { proposedMinutes: 30, baselineMinutes: 40 },
      { proposedMinutes: 50, baselineMinutes: 20 },
      { proposedMinutes: 25, baselineMinutes: null },
      { proposedMinutes: null, baselineMinutes: null },
    ]),
    { children: 2, proposedMinutes: 80, baselineMinutes: 60, onlyProposed: 1, onlyBaseline: 0 },
  );
});

describe('building the model', () => {
  test('children are taken in order of waiting, then id', () => {
    const model = built(
      [child(2, '2025-02-01'), child(0, '2025-03-01'), child(1, '2025-02-01')],
      [setting(0, [asd(3)])],
      [[5], [5], [5]],
    );
    assert.deepEqual(
      model.children.map((c) => c.id),
      ['child-1', 'child-2', 'child-0'],
    );
  });

  test('a child fits a designation of their need and phase, within 60 km', () => {
    const model = built(
      [child(0, '2025-01-01', 'ASD', 'secondary')],
      [
        setting(0, [asd(1, ['primary'])]),
        setting(1, [{ needs: ['SEMH'], phases: ['secondary'], places: 1 }]),
        setting(2, [asd(1)]),
        setting(3, [{ needs: ['SLCN', 'ASD'], phases: ['secondary'], places: 1 }]),
        setting(4, [asd(0)]),
      ],
      [[5, 5, 61, 60, 5]],
    );
    // 0: wrong phase; 1: wrong need; 2: 61 km; 4: no places. Only 3 fits, at exactly 60 km.
    assert.deepEqual(
      Array.from(model.arcs.pool, (p) => model.settings[model.pools[p]?.setting ?? -1]?.id),
      ['setting-3'],
    );
  });

  test('a limit in minutes as well: 20 km (41 minutes) fits within 45 minutes, 30 km does not', () => {
    const outcome = buildPlacementModel(
      [child(0, '2025-01-01')],
      [setting(0, [asd(1)]), setting(1, [asd(1)])],
      {
        estimator: tableEstimator([[20, 30]]),
        fit: { maxStraightKm: null, maxMinutes: 45 },
      },
    );
    assert.ok(outcome.ok);
    if (outcome.ok) assert.equal(outcome.model.arcs.pool.length, 1);
  });

  test('refuses duplicate ids, a fixed setting not listed, a bad date, places that are not whole', () => {
    const outcome = buildPlacementModel(
      [
        child(0, '2025-01-01'),
        child(0, '2025-02-30'),
        { ...child(1, '2025-01-01'), fixedSettingId: 'nowhere' },
      ],
      [setting(0, [asd(1.5)]), setting(0, [asd(1)])],
      { estimator: tableEstimator([[1], [1]]) },
    );
    assert.equal(outcome.ok, false);
    if (!outcome.ok)
      assert.deepEqual(
        outcome.problems.map((p) => p.message),
        [
          'Setting setting-0 has places that are not a whole number of 0 or more',
          'Setting setting-0 is listed twice',
          'Child child-0 is listed twice',
          'Child child-0 has no date they began waiting',
          'Child child-1 is fixed at setting nowhere, which is not in the list',
        ],
      );
  });
});

describe('fixed placements', () => {
  test('are kept, beyond the maximum journey, and take their place first', () => {
    // child-1 waited longer but child-0 is fixed at the one place: child-1 is left unplaced.
    const model = built(
      [child(0, '2025-06-01', 'ASD', 'primary', 'setting-0'), child(1, '2025-01-01')],
      [setting(0, [asd(1)])],
      [[90], [5]],
    );
    const baseline = baselinePlacement(model);
    assert.deepEqual(
      baseline.children.map((c) => [c.childId, c.settingId, c.fixed]),
      [
        ['child-1', null, false],
        ['child-0', 'setting-0', true],
      ],
    );
    assert.deepEqual(baseline.unplaced, ['child-1']);
    assert.equal(bruteForce(model).unplaced.length, 1);
  });

  test('with no fitting place left the child stays all the same, and a note says so', () => {
    const model = built(
      [
        child(0, '2025-01-01', 'ASD', 'primary', 'setting-0'),
        child(1, '2025-01-02', 'ASD', 'primary', 'setting-0'),
      ],
      [setting(0, [asd(1)])],
      [[5], [5]],
    );
    assert.deepEqual(model.notes, [
      'Child child-1 is fixed at setting-0, which has no free place left that fits: kept there beyond its places',
    ]);
    const result = baselinePlacement(model);
    assert.deepEqual(
      result.children.map((c) => [c.settingId, c.designation]),
      [
        ['setting-0', 0],
        ['setting-0', null],
      ],
    );
  });
});

describe('more children than places', () => {
  test('three children for one place: two unplaced, never a failure', () => {
    const model = built(
      [child(0, '2025-01-01'), child(1, '2025-01-02'), child(2, '2025-01-03')],
      [setting(0, [asd(1)])],
      [[30], [10], [20]],
    );
    const baseline = baselinePlacement(model);
    assert.deepEqual(baseline.unplaced, ['child-1', 'child-2']);
    const optimum = bruteForce(model);
    assert.equal(optimum.unplaced.length, 2);
    // The nearest child (10 km, 23.667 minutes) is the one placed.
    assert.deepEqual(
      optimum.children.filter((c) => c.settingId).map((c) => c.childId),
      ['child-1'],
    );
    close(optimum.objective, 23 + 2 / 3 + 2 * model.unplacedPenalty);
  });
});

const instance = fc
  .record({
    children: fc.array(
      fc.record({
        need: fc.constantFrom('ASD', 'SEMH'),
        phase: fc.constantFrom<Phase>('primary', 'secondary'),
        day: fc.integer({ min: 1, max: 3 }),
        fixed: fc.option(fc.integer({ min: 0, max: 2 }), { freq: 5 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    settings: fc.array(
      fc.array(
        fc.record({
          needs: fc.subarray(['ASD', 'SEMH'], { minLength: 1 }),
          phases: fc.subarray<Phase>(['primary', 'secondary'], { minLength: 1 }),
          places: fc.integer({ min: 0, max: 2 }),
        }),
        { minLength: 1, maxLength: 2 },
      ),
      { minLength: 1, maxLength: 3 },
    ),
    km: fc.array(fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 3, maxLength: 3 }), {
      minLength: 5,
      maxLength: 5,
    }),
  })
  .map(({ children, settings, km }) => ({
    children: children.map((c, i) => {
      const fixed = c.fixed !== null && c.fixed < settings.length ? `setting-${c.fixed}` : undefined;
      return child(i, `2025-01-0${c.day}`, c.need, c.phase, fixed);
    }),
    settings: settings.map((designations, j) => setting(j, designations)),
    km,
  }));

/** Places taken per setting designation, fixed placements beyond places aside. */
function withinPlaces(model: PlacementModel, result: PlacementResult): boolean {
  const taken = new Map<string, number>();
  for (const c of result.children)
    if (c.settingId !== null && c.designation !== null) {
      const key = `${c.settingId}/${c.designation}`;
      taken.set(key, (taken.get(key) ?? 0) + 1);
    }
  return model.settings.every((s) =>
    s.designations.every((d, i) => (taken.get(`${s.id}/${i}`) ?? 0) <= d.places),
  );
}

describe('laws', () => {
  test('the baseline never gives a designation more children than its places, nor a child two places', () => {
    fc.assert(
      fc.property(instance, ({ children, settings, km }) => {
        const model = built(children, settings, km);
        const result = baselinePlacement(model);
        return (
          choiceProblems(model, baselineChoice(model)).length === 0 &&
          withinPlaces(model, result) &&
          new Set(result.children.map((c) => c.childId)).size === children.length
        );
      }),
    );
  });

  test('fixed placements are kept by the baseline and the optimum', () => {
    fc.assert(
      fc.property(instance, ({ children, settings, km }) => {
        const model = built(children, settings, km);
        const kept = (r: PlacementResult) =>
          r.children.every((c, i) => {
            const fixedAt = model.children[i]?.fixedSettingId;
            return fixedAt === undefined ? !c.fixed : c.fixed && c.settingId === fixedAt;
          });
        return kept(baselinePlacement(model)) && kept(bruteForce(model));
      }),
    );
  });

  test('the optimum places no fewer children than the baseline, and when it places as many it travels no more', () => {
    // The optimum minimises minutes + penalty × unplaced, with the penalty above any chain of
    // journeys, so it places the most children an assignment can; among those it travels least.
    fc.assert(
      fc.property(instance, ({ children, settings, km }) => {
        const model = built(children, settings, km);
        const baseline = baselinePlacement(model);
        const optimum = bruteForce(model);
        return (
          optimum.objective <= baseline.objective + 1e-9 &&
          optimum.placed >= baseline.placed &&
          (optimum.placed !== baseline.placed || optimum.totalMinutes <= baseline.totalMinutes + 1e-9)
        );
      }),
    );
  });

  test('the results read back as journeys for the travel summaries, one per child', () => {
    fc.assert(
      fc.property(instance, ({ children, settings, km }) => {
        const model = built(children, settings, km);
        const result = baselinePlacement(model);
        const journeys = comparedJourneys(model, result);
        return (
          journeys.length === children.length &&
          journeys.filter((j) => j.minutes === null).length === result.unplaced.length
        );
      }),
    );
  });
});
