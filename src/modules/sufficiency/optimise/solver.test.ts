import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type JourneyEstimator, journeyFor, type LatLon } from '../travel/domain/journey.ts';
import type { Phase } from '../travel/domain/summary.ts';
import {
  baselinePlacement,
  buildPlacementModel,
  type Choice,
  type Designation,
  type PlacementChild,
  type PlacementModel,
  type PlacementSetting,
  placementResult,
} from './domain/placement.ts';
import {
  buildSiteModel,
  type CandidateSite,
  type SiteChoice,
  type SiteModel,
} from './domain/site-selection.ts';
import { evaluateSites, rankSites, solvePlacement, solveSiteSelection } from './solver.ts';

/**
 * Journeys from a table of straight-line km between named places, the way a routing engine's
 * table would answer; the places are real points in Norfolk, so candidate sites pass the England
 * check, but only the table decides the journeys.
 */
function namedEstimator(
  places: Record<string, LatLon>,
  km: Record<string, Record<string, number>>,
): JourneyEstimator {
  const nameOf = (p: LatLon) =>
    Object.entries(places).find(([, q]) => q.latitude === p.latitude && q.longitude === p.longitude)?.[0] ??
    '';
  const estimate: JourneyEstimator['estimate'] = (from, to) =>
    journeyFor(km[nameOf(from)]?.[nameOf(to)] ?? Number.NaN);
  return { estimate, estimateMany: (from, to) => to.map((t) => estimate(from, t)) };
}

const places: Record<string, LatLon> = {
  h1: { latitude: 52.63, longitude: 1.29 },
  h2: { latitude: 52.61, longitude: 1.1 },
  h3: { latitude: 52.75, longitude: 0.4 },
  s1: { latitude: 52.57, longitude: 1.0 },
  s2: { latitude: 52.66, longitude: 1.21 },
  kA: { latitude: 52.45, longitude: 0.93 },
  kB: { latitude: 52.85, longitude: 1.45 },
};
const place = (name: string) => places[name] as LatLon;

const asd = (count: number): Designation => ({ needs: ['ASD'], phases: ['primary'], places: count });
const child = (id: string, waitingSince: string, fixedSettingId?: string): PlacementChild => ({
  id,
  need: 'ASD',
  phase: 'primary',
  waitingSince,
  home: place(id),
  ...(fixedSettingId === undefined ? {} : { fixedSettingId }),
});
const setting = (id: string, count: number): PlacementSetting => ({
  id,
  location: place(id),
  designations: [asd(count)],
});

function placementModel(
  children: PlacementChild[],
  settings: PlacementSetting[],
  km: Record<string, Record<string, number>>,
): PlacementModel {
  const outcome = buildPlacementModel(children, settings, { estimator: namedEstimator(places, km) });
  assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.problems));
  return outcome.model;
}

const close = (actual: number | undefined, expected: number) =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-6, `${actual} is not ${expected}`);

// Minutes for the straight-line km used below (5 + road km / 45 × 60):
// 10 km → 14 km → 23.667; 20 km → 27 km → 41; 30 km → 40 km → 58.333; 40 km → 53 km → 75.667;
// 50 km → 66 km → 93.
const m10 = 5 + (14 / 45) * 60;
const m20 = 41;
const m30 = 5 + (40 / 45) * 60;
const m40 = 5 + (53 / 45) * 60;

describe('optimal placement on HiGHS', () => {
  test('two children, two one-place settings: 41 + 23.667 = 64.667 minutes, where the baseline takes 99.333', async () => {
    // h1 waited longer and is 10 km from s1, 20 km from s2; h2 is 10 km from s1, 40 km from s2.
    // First come, first served: h1 → s1 (23.667), h2 → s2 (75.667) = 99.333.
    // Optimal: h1 → s2 (41), h2 → s1 (23.667) = 64.667.
    const model = placementModel(
      [child('h1', '2025-01-10'), child('h2', '2025-03-01')],
      [setting('s1', 1), setting('s2', 1)],
      { h1: { s1: 10, s2: 20 }, h2: { s1: 10, s2: 40 } },
    );
    const solved = await solvePlacement(model);
    assert.equal(solved.status, 'optimal');
    assert.equal(solved.provenOptimal, true);
    assert.equal(solved.solvedAs, 'lp');
    close(solved.result?.totalMinutes, m20 + m10);
    assert.deepEqual(
      solved.result?.children.map((c) => [c.childId, c.settingId]),
      [
        ['h1', 's2'],
        ['h2', 's1'],
      ],
    );
    close(baselinePlacement(model).totalMinutes, m10 + m40);
  });

  test('three children for one place: the nearest is placed and two are counted unplaced', async () => {
    const model = placementModel(
      [child('h1', '2025-01-01'), child('h2', '2025-01-02'), child('h3', '2025-01-03')],
      [setting('s1', 1)],
      { h1: { s1: 30 }, h2: { s1: 10 }, h3: { s1: 20 } },
    );
    const solved = await solvePlacement(model);
    assert.equal(solved.provenOptimal, true);
    assert.deepEqual(solved.result?.unplaced, ['h1', 'h3']);
    close(solved.result?.totalMinutes, m10);
  });

  test('a fixed placement keeps its place, and the others are placed round it', async () => {
    // h2 is fixed at s1 (30 km) though h1 is nearer it: h1 goes to s2.
    const model = placementModel(
      [child('h1', '2025-01-01'), child('h2', '2025-06-01', 's1')],
      [setting('s1', 1), setting('s2', 1)],
      { h1: { s1: 10, s2: 20 }, h2: { s1: 30, s2: 10 } },
    );
    const solved = await solvePlacement(model);
    assert.deepEqual(
      solved.result?.children.map((c) => [c.childId, c.settingId, c.fixed]),
      [
        ['h1', 's2', false],
        ['h2', 's1', true],
      ],
    );
    close(solved.result?.totalMinutes, m20 + m30);
  });
});

/** Every choice, tried: the least objective, for checking the solver on small models. */
function leastObjective(model: PlacementModel): number {
  const left = model.pools.map((p) => p.places);
  const choice: Choice = new Int32Array(model.open.length).fill(-1);
  let best = Number.POSITIVE_INFINITY;
  const visit = (k: number) => {
    if (k === model.open.length) {
      best = Math.min(best, placementResult(model, choice, 'optimal', true).objective);
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
  return best;
}

describe('laws', () => {
  test("HiGHS's optimum is the least of every assignment, within places, a child placed once", async () => {
    const homes = ['h1', 'h2', 'h3'];
    const settingNames = ['s1', 's2', 'kA'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            need: fc.constantFrom('ASD', 'SEMH'),
            phase: fc.constantFrom<Phase>('primary', 'secondary'),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        fc.array(
          fc.record({
            needs: fc.subarray(['ASD', 'SEMH'], { minLength: 1 }),
            phases: fc.subarray<Phase>(['primary', 'secondary'], { minLength: 1 }),
            places: fc.integer({ min: 0, max: 2 }),
          }),
          { minLength: 3, maxLength: 3 },
        ),
        fc.array(fc.integer({ min: 1, max: 70 }), { minLength: 9, maxLength: 9 }),
        async (kids, designations, distances) => {
          const km = Object.fromEntries(
            homes.map((h, i) => [
              h,
              Object.fromEntries(settingNames.map((s, j) => [s, distances[i * 3 + j] ?? 1])),
            ]),
          );
          const model = placementModel(
            kids.map((k, i) => ({ ...child(homes[i] ?? 'h1', '2025-01-01'), need: k.need, phase: k.phase })),
            settingNames.map((s, j) => ({
              id: s,
              location: place(s),
              designations: [designations[j] ?? asd(0)],
            })),
            km,
          );
          const solved = await solvePlacement(model);
          const result = solved.result;
          if (!result || !solved.provenOptimal) return false;
          const taken = new Map<string, number>();
          for (const c of result.children)
            if (c.settingId) taken.set(c.settingId, (taken.get(c.settingId) ?? 0) + 1);
          return (
            Math.abs(result.objective - leastObjective(model)) < 1e-6 &&
            settingNames.every((s, j) => (taken.get(s) ?? 0) <= (designations[j]?.places ?? 0)) &&
            new Set(result.children.map((c) => c.childId)).size === kids.length
          );
        },
      ),
      { numRuns: 40 },
    );
  });
});

/**
 * Three children, one existing place at s1, two candidates of 2 places; an unmet place counts 180.
 *        s1   kA   kB
 *   h1   10   20   20
 *   h2   30   10   50
 *   h3   20   50   10
 * No new site: h1 → s1 (23.667) and two unmet: 23.667 + 360 = 383.667.
 * kA alone: h3 → s1 (41), h1 → kA (41), h2 → kA (23.667) = 105.667; the other ways are
 * 23.667 + 23.667 + 93 = 140.333 and 58.333 + 41 + 93 = 192.333.
 * kB alone: h2 → s1 (58.333), h1 → kB (41), h3 → kB (23.667) = 123; the others 140.333 and 175.
 * Both: h1 → s1, h2 → kA, h3 → kB, 3 × 23.667 = 71.
 */
const siteKm = {
  h1: { s1: 10, kA: 20, kB: 20 },
  h2: { s1: 30, kA: 10, kB: 50 },
  h3: { s1: 20, kA: 50, kB: 10 },
};

function siteModel(choice: SiteChoice): SiteModel {
  const candidates: CandidateSite[] = [
    { id: 'kA', kind: 'srb-interest', location: place('kA'), adds: [asd(2)], cost: 10 },
    { id: 'kB', kind: 'new-special', location: place('kB'), adds: [asd(2)], cost: 6 },
  ];
  const outcome = buildSiteModel(
    [child('h1', '2025-01-01'), child('h2', '2025-01-02'), child('h3', '2025-01-03')],
    [setting('s1', 1)],
    candidates,
    choice,
    { estimator: namedEstimator(places, siteKm) },
  );
  assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.problems));
  return outcome.model;
}

describe('new-site selection on HiGHS', () => {
  test('one of two: kA, at 105.667, proven optimal', async () => {
    const solved = await solveSiteSelection(siteModel({ count: 1 }));
    assert.deepEqual(solved.outcome?.chosen, ['kA']);
    close(solved.outcome?.objective, m20 + m20 + m10);
    assert.equal(solved.outcome?.unmet, 0);
    assert.equal(solved.provenOptimal, true);
    assert.ok((solved.provenGap ?? 1) <= 1e-6);
  });

  test('within a budget of 8 only kB (cost 6) can be had: 123', async () => {
    const solved = await solveSiteSelection(siteModel({ budget: 8 }));
    assert.deepEqual(solved.outcome?.chosen, ['kB']);
    close(solved.outcome?.objective, m30 + m20 + m10);
  });

  test('both: 3 × 23.667 = 71', async () => {
    const solved = await solveSiteSelection(siteModel({ count: 2 }));
    assert.deepEqual(solved.outcome?.chosen, ['kA', 'kB']);
    close(solved.outcome?.objective, 3 * m10);
  });

  test('each alone against none: kA saves 278, kB 260.667, both saving the 2 unmet places', async () => {
    const model = siteModel({ count: 1 });
    const ranked = await rankSites(model);
    close(ranked.none.objective, m10 + 360);
    assert.equal(ranked.none.unmet, 2);
    assert.deepEqual(
      ranked.ranking.map((r) => [r.candidateId, r.unmetSaved]),
      [
        ['kA', 2],
        ['kB', 2],
      ],
    );
    close(ranked.ranking[0]?.objectiveSaved, m10 + 360 - (m20 + m20 + m10));
    close(ranked.ranking[1]?.objectiveSaved, m10 + 360 - (m30 + m20 + m10));
    close((await evaluateSites(model, ['kB'])).objective, m30 + m20 + m10);
  });
});
