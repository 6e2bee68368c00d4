import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChildPlacement, PlacementResult } from '../../optimise/domain/placement.ts';
import type { SiteOutcome } from '../../optimise/domain/site-selection.ts';
import {
  candidateDesignations,
  candidateSite,
  childOutcomes,
  optionSummary,
  rankedCandidates,
  type StoredCandidate,
} from './candidates.ts';

const stored = (over: Partial<StoredCandidate> = {}): StoredCandidate => ({
  id: 'k1',
  name: 'Ash Primary',
  kind: 'srb_interest',
  latitude: 52.6,
  longitude: 1.3,
  capitalCostPence: 45_000_000,
  places: [{ senType: 'ASD', phase: 'primary', places: 8 }],
  ...over,
});

const at = (childId: string, settingId: string | null): ChildPlacement => ({
  childId,
  settingId,
  designation: settingId === null ? null : 0,
  fixed: false,
  journey: settingId === null ? null : { straightKm: 1, roadKm: 1.4, minutes: 10 },
  overLimit: false,
});

const outcome = (
  chosen: string[],
  children: ChildPlacement[],
  travel: number,
  objective: number,
): SiteOutcome => {
  const unplaced = children.filter((c) => c.settingId === null).map((c) => c.childId);
  const placement: PlacementResult = {
    method: 'optimal',
    provenOptimal: true,
    children,
    placed: children.length - unplaced.length,
    unplaced,
    totalMinutes: travel,
    meanMinutes: null,
    overLimit: 1,
    objective,
  };
  return { chosen, placement, objective, unmet: unplaced.length, travelMinutes: travel, cost: 0 };
};

describe('a candidate’s places as designations', () => {
  test('an SRB’s primary places take ages 4 to 10 waiting for resourced provision or any specialist place', () => {
    const [d] = candidateDesignations('srb_interest', [{ senType: 'ASD', phase: 'primary', places: 8 }]);
    assert.equal(d?.places, 8);
    assert.deepEqual(d?.phases, ['primary', 'secondary']);
    assert.equal(d?.needs.length, 14);
    assert.ok(d?.needs.includes('resourced_provision:ASD:4') && d.needs.includes('any:ASD:10'));
    assert.ok(!d?.needs.includes('resourced_provision:ASD:11') && !d?.needs.includes('special_school:ASD:4'));
  });

  test('a new special school’s early years places take ages 2 and 3, its post-16 places 16 to 18', () => {
    const [early, post16] = candidateDesignations('new_special', [
      { senType: 'SLD', phase: 'early_years', places: 4 },
      { senType: 'SLD', phase: 'post_16', places: 10 },
    ]);
    assert.deepEqual(early?.needs, [
      'special_school:SLD:2',
      'any:SLD:2',
      'special_school:SLD:3',
      'any:SLD:3',
    ]);
    assert.deepEqual(
      post16?.needs.filter((k) => k.startsWith('special_school')),
      ['special_school:SLD:16', 'special_school:SLD:17', 'special_school:SLD:18'],
    );
  });

  test('the site goes to the model where it was stored, with its cost in pounds, or none', () => {
    const site = candidateSite(stored());
    assert.deepEqual(site.location, { latitude: 52.6, longitude: 1.3 });
    assert.equal(site.cost, 450_000);
    assert.equal(site.kind, 'srb-interest');
    const uncosted = candidateSite(stored({ kind: 'new_special', capitalCostPence: null }));
    assert.equal('cost' in uncosted, false);
    assert.equal(uncosted.kind, 'new-special');
  });
});

describe('what a choice of sites comes to', () => {
  const outside = new Set(['c3', 'c4']);
  const withK1 = outcome(['k1'], [at('c1', 'k1'), at('c2', 's1'), at('c3', 'k1'), at('c4', null)], 30, 210);

  test('children at a new site, at an existing setting or without a place, the waiting apart from those outside', () => {
    assert.deepEqual(childOutcomes(withK1, outside), {
      waiting: { atNewSite: 1, atExisting: 1, unmet: 0 },
      outOfCounty: { atNewSite: 1, atExisting: 0, unmet: 1 },
    });
  });

  test('the summary costs the chosen sites in pence and rounds minutes to a tenth', () => {
    const s = optionSummary(
      outcome(['k1', 'k2'], [at('c1', 'k1')], 12.345, 192.345),
      [stored(), stored({ id: 'k2', capitalCostPence: null }), stored({ id: 'k3', capitalCostPence: 99 })],
      outside,
    );
    assert.equal(s.costPence, 45_000_000);
    assert.equal(s.travelMinutes, 12.3);
    assert.equal(s.objective, 192.3);
    assert.equal(s.overLimit, 1);
  });

  test('the ranking counts the out-of-county placements each site saves against none', () => {
    const none = outcome([], [at('c1', null), at('c2', 's1'), at('c3', null), at('c4', null)], 10, 550);
    const withK2 = outcome(['k2'], [at('c1', 'k2'), at('c2', 's1'), at('c3', null), at('c4', null)], 20, 380);
    const ranked = rankedCandidates(
      [
        {
          candidateId: 'k1',
          kind: 'srb-interest',
          travelSavedMinutes: -20,
          unmetSaved: 2,
          objectiveSaved: 340,
        },
        {
          candidateId: 'k2',
          kind: 'new-special',
          travelSavedMinutes: -10.04,
          unmetSaved: 1,
          objectiveSaved: 170,
        },
      ],
      none,
      new Map([
        ['k1', withK1],
        ['k2', withK2],
      ]),
      outside,
    );
    assert.deepEqual(
      ranked.map((r) => [
        r.rank,
        r.candidateId,
        r.kind,
        r.travelSavedMinutes,
        r.unmetSaved,
        r.outOfCountySaved,
      ]),
      [
        [1, 'k1', 'srb_interest', -20, 2, 1],
        [2, 'k2', 'new_special', -10, 1, 0],
      ],
    );
  });
});
