import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type PotState, potToDos } from './todo.ts';

const state = (over: Partial<PotState> = {}): PotState => ({
  id: 'pot-1',
  yearKind: 'academic',
  year: 2026,
  delegatedPence: 150_000_000,
  centralPence: 50_000_000,
  centralUsesPence: 50_000_000,
  schoolsInScope: 160,
  schoolsWithData: 160,
  lastYear: { from: 'baselines', schools: 160 },
  scenarios: 1,
  adoptedScenario: 'Pupil-led',
  ...over,
});
const manager = { canManage: true };

describe('what is left to do for a pot', () => {
  test('nothing, once a scenario is adopted and the central share is spoken for', () => {
    assert.deepEqual(potToDos(state(), '2026-03-02', manager), []);
  });

  test('factor data missing for 8 schools, by the day the year starts', () => {
    const items = potToDos(state({ schoolsWithData: 152, adoptedScenario: null }), '2026-03-02', manager);
    assert.deepEqual(items[0], {
      text: 'Factor data missing for 8 schools: load, fill or carry it by 1 September 2026, when the year starts.',
      link: { href: '/funding/pots/pot-1/factors/missing', text: 'See which schools' },
    });
  });

  test('once the year has started, it says so instead of a day to do it by', () => {
    const items = potToDos(state({ schoolsWithData: 159, adoptedScenario: null }), '2026-09-02', manager);
    assert.equal(
      items[0]?.text,
      'Factor data missing for 1 school: load, fill or carry it: the year started on 1 September 2026.',
    );
  });

  test('no scenario yet offers to create one; a person who cannot manage pots gets no link', () => {
    const none = state({ scenarios: 0, adoptedScenario: null });
    const item = potToDos(none, '2026-03-02', manager).at(-1);
    assert.equal(
      item?.text,
      'No scenario yet: draft a formula to share the delegated £1,500,000, and adopt one by 1 September 2026, when the year starts.',
    );
    assert.deepEqual(item?.link, { href: '/funding/pots/pot-1/scenarios/new', text: 'Create a scenario' });
    assert.equal(potToDos(none, '2026-03-02', { canManage: false }).at(-1)?.link, undefined);
  });

  test('last year’s allocations missing names the previous pot with no adopted scenario', () => {
    const items = potToDos(
      state({
        lastYear: { from: 'none', previousPotName: 'Learning Support 2025-26' },
        adoptedScenario: null,
      }),
      '2026-03-02',
      manager,
    );
    assert.ok(
      items.some((i) =>
        i.text.startsWith(
          'Last year’s allocations are not here: the previous pot, Learning Support 2025-26, has no adopted scenario.',
        ),
      ),
    );
  });

  test('a central share not yet given to uses says how much is left', () => {
    // £500,000 share, £450,000 given to uses: £50,000 left.
    assert.deepEqual(potToDos(state({ centralUsesPence: 45_000_000 }), '2026-03-02', manager), [
      {
        text: '£50,000 of the central share of £500,000 is not yet given to a post or service.',
        link: { href: '/funding/pots/pot-1/central-uses/new', text: 'Add a central use' },
      },
    ]);
  });

  test('with no school in a cluster on the first day, it says to put schools in clusters', () => {
    const items = potToDos(
      state({ schoolsInScope: 0, schoolsWithData: 0, adoptedScenario: null }),
      '2026-03-02',
      manager,
    );
    assert.match(items[0]?.text ?? '', /^No school is in a cluster on 1 September 2026/);
  });
});
