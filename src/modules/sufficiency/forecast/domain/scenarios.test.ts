import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { SenType } from '../../../../platform/kernel/sen2.ts';
import { type ChildJanuary, cellOf, fitCohort, simulateCohort, stateOf } from './cohort.ts';
import { ForecastInputError, type ForecastProblemCode } from './errors.ts';
import { compareScenario, type ScenarioChange, withNewGroup } from './scenarios.ts';

/**
 * A small LA over three Januarys: 60 children a year in mainstream, special and SRB places, about
 * a tenth leaving each year, a few moving from mainstream to special, and 20 to 30 joiners a year.
 */
function smallLa(): ChildJanuary[] {
  const records: ChildJanuary[] = [];
  const needs: SenType[] = ['ASD', 'SEMH', 'SLCN', 'MLD'];
  const groups = ['mainstream', 'special', 'srb'];
  let id = 0;
  let children = Array.from({ length: 60 }, (_, i) => ({
    id: `c${id++}`,
    age: 4 + (i % 12),
    need: needs[i % 4] as SenType,
    group: groups[i % 3] as string,
  }));
  for (const year of [2023, 2024, 2025]) {
    if (year > 2023) {
      children = children
        .filter((_, i) => (i + year) % 10 !== 0)
        .map((c, i) => ({
          ...c,
          age: c.age + 1,
          group: c.group === 'mainstream' && (i + year) % 7 === 0 ? 'special' : c.group,
        }));
      const joining = year === 2024 ? 20 : 30;
      for (let j = 0; j < joining; j++)
        children.push({
          id: `c${id++}`,
          age: 4 + (j % 8),
          need: needs[j % 4] as SenType,
          group: groups[j % 3] as string,
        });
    }
    for (const c of children) records.push({ childId: c.id, year, age: c.age, need: c.need, group: c.group });
  }
  return records;
}

const model = fitCohort(smallLa());
const redirect = (share: number, fromYear = 2027): ScenarioChange => ({
  kind: 'redirect-joiners',
  from: 'special',
  to: 'srb',
  share,
  fromYear,
});

function refused(work: () => unknown, code: ForecastProblemCode): void {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof ForecastInputError, String(error));
    assert.ok(error.has(code), `expected ${code}, got ${error.problems.map((p) => p.code).join(', ')}`);
    return;
  }
  assert.fail(`expected ${code}`);
}

describe('scenarios', () => {
  test('a scenario that redirects 0% is the base exactly, in every simulation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2026, max: 2030 }),
        fc.integer({ min: 1, max: 10_000 }),
        (fromYear, seed) => {
          const options = { simulations: 20, seed };
          const base = simulateCohort(model, options);
          const none = simulateCohort(model, options, [redirect(0, fromYear)]);
          return base.values.every((v, i) => v === none.values[i]);
        },
      ),
      { numRuns: 15 },
    );
  });

  test('a redirect moves places from one group to the other and leaves the total as it was, run by run', () => {
    // In the redirect's first January every other child drew the same numbers as in the base, so
    // the only change is the joiners sent to SRBs instead of special schools.
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 2026, max: 2030 }),
        fc.integer({ min: 1, max: 10_000 }),
        (share, fromYear, seed) => {
          const options = { simulations: 15, seed };
          const base = simulateCohort(model, options);
          const changed = simulateCohort(model, options, [redirect(share, fromYear)]);
          const y = fromYear - 2025;
          const at = (runs: typeof base, run: number, group: string | null) =>
            runs.values[
              (run * 5 + y - 1) * runs.cells +
                cellOf(runs, null, null, group === null ? null : model.groups.indexOf(group))
            ] as number;
          for (let run = 0; run < 15; run++) {
            const moved = at(changed, run, 'srb') - at(base, run, 'srb');
            if (moved < 0) return false;
            if (at(changed, run, 'special') !== at(base, run, 'special') - moved) return false;
            if (at(changed, run, 'mainstream') !== at(base, run, 'mainstream')) return false;
            if (at(changed, run, null) !== at(base, run, null)) return false;
          }
          return true;
        },
      ),
      { numRuns: 15 },
    );
  });

  test('the difference in places and cost, worked from the runs', () => {
    // Every joiner bound for a special school goes to an SRB from January 2026. A special place
    // costs £25,000 a year and an SRB place £12,000, so each child moved saves £13,000.
    const comparison = compareScenario(model, [redirect(1, 2026)], {
      simulations: 101,
      seed: 3,
      horizon: 2,
      costPerPlacePence: { mainstream: 700_000, special: 2_500_000, srb: 1_200_000 },
    });
    const first = (group: string | null) =>
      comparison.places.find(
        (p) => p.horizon === 1 && p.group === group,
      ) as (typeof comparison.places)[number];
    assert.equal(first(null).difference.median, 0, 'the total does not change the first year');
    assert.equal(first('mainstream').difference.p90, 0);
    assert.ok(first('srb').difference.median > 0);
    assert.equal(first('special').difference.median, -first('srb').difference.median);
    const cost = comparison.cost?.[0];
    assert.ok(cost);
    // Run by run the saving is 1,300,000p for each child moved: an odd number of runs keeps the
    // median of the saving the saving of the median.
    assert.equal(cost.differencePence.median, -1_300_000 * first('srb').difference.median);
    assert.ok(Number.isInteger(cost.differencePence.mean) && Number.isInteger(cost.basePence.median));
  });

  test('fewer joiners and a lower chance of leaving change the places the way they should', () => {
    const options = { simulations: 51, seed: 8, horizon: 3 };
    const fewer = compareScenario(model, [{ kind: 'joiner-volume', factor: 0.5, fromYear: 2026 }], options);
    const staying = compareScenario(
      model,
      [{ kind: 'leave-rate', factor: 0.5, fromYear: 2026, group: 'special' }],
      options,
    );
    for (const p of fewer.places.filter((x) => x.group === null)) assert.ok(p.difference.p90 <= 0);
    for (const p of staying.places.filter((x) => x.group === 'special' && x.horizon === 1))
      assert.ok(p.difference.p10 >= 0);
    assert.equal(fewer.cost, null, 'no costs given, no costing');
  });

  test('bad changes and costs are refused with the problem named', () => {
    const options = { simulations: 10, seed: 1 };
    refused(() => compareScenario(model, [redirect(1.5)], options), 'bad-share');
    refused(() => compareScenario(model, [redirect(-0.1)], options), 'bad-share');
    refused(() => compareScenario(model, [redirect(Number.NaN)], options), 'bad-share');
    refused(() => compareScenario(model, [redirect(0.1, 2025)], options), 'year-out-of-range');
    refused(() => compareScenario(model, [redirect(0.1, 2031)], options), 'year-out-of-range');
    refused(
      () =>
        compareScenario(
          model,
          [{ kind: 'redirect-joiners', from: 'special', to: 'SRB', share: 0.1, fromYear: 2027 }],
          options,
        ),
      'unknown-group',
    );
    refused(
      () =>
        compareScenario(
          model,
          [{ kind: 'redirect-joiners', from: 'srb', to: 'srb', share: 0.1, fromYear: 2027 }],
          options,
        ),
      'same-group',
    );
    refused(
      () => compareScenario(model, [{ kind: 'joiner-volume', factor: Number.NaN, fromYear: 2027 }], options),
      'bad-factor',
    );
    refused(
      () => compareScenario(model, [{ kind: 'leave-rate', factor: -1, fromYear: 2027 }], options),
      'bad-factor',
    );
    refused(
      () => compareScenario(model, [], { ...options, costPerPlacePence: { mainstream: 1, special: 2 } }),
      'missing-cost',
    );
    refused(
      () =>
        compareScenario(model, [], {
          ...options,
          costPerPlacePence: { mainstream: 1, special: 2, srb: 0.5 },
        }),
      'bad-cost',
    );
    refused(
      () => compareScenario(model, [redirect(0.1)], { simulations: 0, seed: 1 }),
      'simulations-out-of-range',
    );
  });

  test('joiners can be sent to a group no one is in yet, who then stay and leave as they would have', () => {
    const noSrb = fitCohort(smallLa().filter((r) => r.group !== 'srb'));
    assert.deepEqual(noSrb.groups, ['mainstream', 'special']);
    const opened = withNewGroup(noSrb, 'srb', 'special');
    assert.deepEqual(opened.groups, ['mainstream', 'special', 'srb']);
    // A state's row is [leave, mainstream, special, srb]. An SRB child of 10 with ASD (need 0)
    // leaves and moves to mainstream as a special-school child does, and stays where a special
    // child would stay: the special row's stay count moves to the SRB column.
    const need = 0;
    const specialRow = stateOf(10, need, 1, 2) * 3;
    const srbRow = stateOf(10, need, 2, 3) * 4;
    const special = [...noSrb.alphas.slice(specialRow, specialRow + 3)];
    assert.deepEqual([...opened.alphas.slice(srbRow, srbRow + 4)], [special[0], special[1], 0, special[2]]);
    // No one already placed starts in it.
    assert.ok([...opened.start].every((st) => st % 3 !== 2));
    const options = { simulations: 51, seed: 5, horizon: 2 };
    refused(() => compareScenario(noSrb, [redirect(1, 2026)], options), 'unknown-group');
    const c = compareScenario(noSrb, [redirect(1, 2026)], { ...options, groupsThatMayOpen: ['srb'] });
    const first = (group: string | null) =>
      c.places.find((p) => p.horizon === 1 && p.group === group) as (typeof c.places)[number];
    assert.equal(first('srb').base.p90, 0, 'no one is in SRBs without the change');
    assert.ok(first('srb').scenario.median > 0);
    assert.equal(first('special').difference.median, -first('srb').difference.median);
    assert.equal(first(null).difference.median, 0);
  });
});
