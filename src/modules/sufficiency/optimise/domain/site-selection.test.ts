import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultJourneyConfig } from '../../travel/domain/journey.ts';
import type { PlacementChild, PlacementResult, PlacementSetting } from './placement.ts';
import {
  buildSiteModel,
  type CandidateSite,
  candidateOfPool,
  defaultUnmetPenaltyMinutes,
  pickByRanking,
  rankCandidates,
  type SiteModel,
  type SiteOutcome,
  unmetPenaltyFor,
} from './site-selection.ts';

const norwich = { latitude: 52.6309, longitude: 1.2974 };
const children: PlacementChild[] = [
  { id: 'c1', need: 'ASD', phase: 'primary', waitingSince: '2025-01-01', home: norwich },
  { id: 'c2', need: 'ASD', phase: 'primary', waitingSince: '2025-01-02', home: norwich },
];
const settings: PlacementSetting[] = [
  {
    id: 's1',
    location: { latitude: 52.62, longitude: 1.25 },
    designations: [{ needs: ['ASD'], phases: ['primary'], places: 1 }],
  },
];
const candidate = (id: string, location: CandidateSite['location'], extra: Partial<CandidateSite> = {}) =>
  ({
    id,
    kind: 'srb-interest',
    location,
    adds: [{ needs: ['ASD'], phases: ['primary'], places: 8 }],
    ...extra,
  }) satisfies CandidateSite;

describe('candidate sites are checked', () => {
  test('a candidate in Cardiff is refused, by name', () => {
    const outcome = buildSiteModel(
      children,
      settings,
      [
        candidate('k1', { easting: 623_000, northing: 308_000 }),
        candidate('k2', { latitude: 51.4816, longitude: -3.1791 }, { name: 'Cardiff Bay school' }),
      ],
      { count: 1 },
    );
    assert.deepEqual(outcome.ok ? [] : outcome.problems, [
      {
        field: 'candidates.1.location',
        message: 'Candidate site Cardiff Bay school (k2) is outside England',
      },
    ]);
  });

  test('and one off the grid, or with a location that is not a place', () => {
    const outcome = buildSiteModel(
      children,
      settings,
      [
        candidate('k1', { easting: 900_000, northing: 100_000 }),
        candidate('k2', { latitude: 91, longitude: 0 }),
      ],
      { count: 1 },
    );
    assert.deepEqual(outcome.ok ? [] : outcome.problems.map((p) => p.message), [
      'Candidate site k1 is not on the British National Grid, so not in England',
      'Candidate site k2 has a latitude or longitude that is not a place',
    ]);
  });

  test('the number to choose must be from 1 to the candidates; a budget needs every cost', () => {
    const two = [candidate('k1', norwich), candidate('k2', norwich, { cost: 5 })];
    const tooMany = buildSiteModel(children, settings, two, { count: 3 });
    assert.deepEqual(tooMany.ok ? [] : tooMany.problems.map((p) => p.message), [
      'Choose a whole number of sites from 1 to the 2 candidates',
    ]);
    const budget = buildSiteModel(children, settings, two, { budget: 10 });
    assert.deepEqual(budget.ok ? [] : budget.problems.map((p) => p.message), [
      'Candidate site k1 has no cost, so cannot be chosen within a budget',
    ]);
  });

  test('a candidate may not take the id of a setting', () => {
    const outcome = buildSiteModel(children, settings, [candidate('s1', norwich)], { count: 1 });
    assert.deepEqual(outcome.ok ? [] : outcome.problems.map((p) => p.message), [
      'Candidate site s1 has the id of another setting or candidate',
    ]);
  });
});

describe('the model', () => {
  test('candidates follow the settings, their pools marked, with the penalty for an unmet place', () => {
    const outcome = buildSiteModel(
      children,
      settings,
      [candidate('k1', { easting: 623_000, northing: 308_000 })],
      {
        count: 1,
      },
    );
    assert.ok(outcome.ok);
    if (!outcome.ok) return;
    const { model } = outcome;
    assert.deepEqual(
      model.placement.settings.map((s) => s.id),
      ['s1', 'k1'],
    );
    assert.deepEqual(Array.from(candidateOfPool(model)), [-1, 0]);
    assert.equal(model.placement.unplacedPenalty, defaultUnmetPenaltyMinutes);
    // Both children fit both: 4 arcs.
    assert.equal(model.placement.arcs.pool.length, 4);
  });
});

const outcome = (objective: number, travelMinutes: number, unmet: number): SiteOutcome => ({
  chosen: [],
  placement: {} as PlacementResult,
  objective,
  travelMinutes,
  unmet,
  cost: 0,
});

describe('ranking each candidate alone', () => {
  const built = buildSiteModel(
    children,
    settings,
    [
      candidate('a', norwich, { cost: 10 }),
      candidate('b', norwich, { cost: 4, kind: 'new-special' }),
      candidate('c', norwich, { cost: 3 }),
      candidate('d', norwich, { cost: 5 }),
    ],
    { count: 2 },
  );
  assert.ok(built.ok);
  const model = (built as { ok: true; model: SiteModel }).model;
  // No new site: 1,000 minutes of travel and 5 unmet, objective 1,000 + 180 × 5 = 1,900.
  const none = outcome(1900, 1000, 5);
  // a: 1,060 + 180 × 3 = 1,600; b: 900 + 180 × 5 = 1,800; c: 1,240 + 180 × 2 = 1,600; d: no change.
  const alone = [
    outcome(1600, 1060, 3),
    outcome(1800, 900, 5),
    outcome(1600, 1240, 2),
    outcome(1900, 1000, 5),
  ];

  test('by objective saved, then unmet saved, then id', () => {
    const ranking = rankCandidates(model, none, alone);
    assert.deepEqual(
      ranking.map((r) => [r.candidateId, r.objectiveSaved, r.unmetSaved, r.travelSavedMinutes]),
      [
        // c and a both save 300; c saves 3 unmet to a's 2. b only shortens journeys.
        ['c', 300, 3, -240],
        ['a', 300, 2, -60],
        ['b', 100, 0, 100],
        ['d', 0, 0, 0],
      ],
    );
    assert.equal(ranking[2]?.kind, 'new-special');
  });

  test('the plain pick: the first K, or down the ranking within a budget', () => {
    const ranking = rankCandidates(model, none, alone);
    assert.deepEqual(pickByRanking(model, ranking), ['c', 'a']);
    // A budget of 12: c (3), not a (10 > 9 left), b (4), d (5 = 5 left).
    assert.deepEqual(pickByRanking({ ...model, choice: { budget: 12 } }, ranking), ['c', 'b', 'd']);
  });
});

describe('the penalty for a child left without a place', () => {
  test('stays 180 minutes while every journey the reach allows is shorter, and rises above the longest', () => {
    // 60 km at 45 km/h: road 14 + 1.3 × 50 = 79 km, 5 + 79 / 45 × 60 = 110.3 minutes; under 180.
    assert.equal(unmetPenaltyFor(60, defaultJourneyConfig), 180);
    // At 30 km/h: 5 + 79 / 30 × 60 = 163 minutes; still under 180.
    assert.equal(unmetPenaltyFor(60, { ...defaultJourneyConfig, speedKmh: 30 }), 180);
    // At 20 km/h: 5 + 79 / 20 × 60 = 242 minutes, so the next whole hour above it, 300.
    assert.equal(unmetPenaltyFor(60, { ...defaultJourneyConfig, speedKmh: 20 }), 300);
    // 100 km at 45 km/h: road 14 + 1.3 × 90 = 131 km, 5 + 131 / 45 × 60 = 179.7 minutes; 180 holds.
    assert.equal(unmetPenaltyFor(100, defaultJourneyConfig), 180);
    // 101 km: road 132.3 km, 5 + 176.4 = 181.4 minutes, so 240.
    assert.equal(unmetPenaltyFor(101, defaultJourneyConfig), 240);
  });
});
