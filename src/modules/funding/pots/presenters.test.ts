import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { centralUseRows, lastYearText, scenariosText } from './presenters.ts';
import type { PotOverview } from './service.ts';

const overview = (over: Partial<PotOverview> = {}): PotOverview => ({
  pot: {
    id: 'pot-1',
    name: 'Learning Support',
    yearKind: 'academic',
    year: 2026,
    totalPence: 200_000_000,
    delegatedPercent: 75,
    centralPercent: 25,
    delegatedPence: 150_000_000,
    centralPence: 50_000_000,
    previousPotId: null,
    version: 1,
    createdAt: new Date('2026-03-02T09:00:00Z'),
  },
  previousPot: null,
  centralUses: [
    { id: 'u1', kind: 'post', name: 'Access Through Technology specialists', fte: 3, costPence: 16_000_000 },
    { id: 'u2', kind: 'post', name: 'Disability advisers', fte: 2.5, costPence: 13_000_000 },
  ],
  centralUsesPence: 29_000_000,
  schoolsInScope: 160,
  schoolsWithData: 152,
  missing: [],
  lastYear: { from: 'none', previousPotName: null },
  scenarios: [],
  adoptedScenario: null,
  ...over,
});

describe('how a pot reads', () => {
  test('where last year’s allocations come from', () => {
    assert.equal(
      lastYearText({ from: 'adopted', potName: 'Learning Support', scenarioName: 'Pupil-led', schools: 160 }),
      'From Learning Support’s adopted scenario, Pupil-led, for 160 schools',
    );
    assert.equal(lastYearText({ from: 'baselines', schools: 1 }), 'Loaded from a file, for 1 school');
    assert.equal(
      lastYearText({ from: 'none', previousPotName: 'Learning Support' }),
      'Not here: Learning Support has no adopted scenario, and none have been loaded',
    );
  });

  test('its scenarios, and which is adopted', () => {
    assert.equal(scenariosText(overview()), 'None yet');
    const draft = {
      id: 's1',
      potId: 'pot-1',
      name: 'Pupil-led',
      status: 'draft' as const,
      adoptedAt: null,
      publishedAt: null,
      updatedAt: new Date(),
    };
    assert.equal(scenariosText(overview({ scenarios: [draft] })), '1 scenario, none adopted');
    const adopted = { ...draft, status: 'adopted' as const };
    assert.equal(
      scenariosText(
        overview({
          scenarios: [adopted, { ...draft, id: 's2', name: 'Needs-led' }],
          adoptedScenario: adopted,
        }),
      ),
      '2 scenarios: Pupil-led adopted',
    );
  });

  test('the central uses end with their total, the share and what is left of it', () => {
    const rows = centralUseRows(overview(), false);
    // £160,000 + £130,000 = £290,000 for 5.5 FTE, of a £500,000 share: £210,000 left.
    assert.deepEqual(
      rows.slice(-3).map((r) => r.map((c) => c.text ?? '')),
      [
        ['Total', '', '5.5', '£290,000'],
        ['Central share', '', '', '£500,000'],
        ['Not yet given to a use', '', '', '£210,000'],
      ],
    );
  });
});
