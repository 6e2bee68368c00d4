import assert from 'node:assert/strict';
import { test } from 'node:test';
import { optimisationInputs } from './inputs.ts';

const home = { latitude: 52.6, longitude: 1.3 };
const at = new Map([
  ['oak', { latitude: 52.62, longitude: 1.3 }],
  ['elm', { latitude: 52.7, longitude: 1.2 }],
]);

test('a child fits a line by provision (or any), need and age within the line’s range', () => {
  const { children, settings, unlocated } = optimisationInputs(
    [
      {
        childId: 'a',
        provision: 'special_school',
        senType: 'ASD',
        ageOn31August: 7,
        waitingSince: '2026-01-05',
        home,
      },
      { childId: 'b', provision: 'any', senType: 'ASD', ageOn31August: 12, waitingSince: '2026-02-01', home },
      {
        childId: 'c',
        provision: 'any',
        senType: 'SLD',
        ageOn31August: 9,
        waitingSince: '2026-02-02',
        home: null,
      },
    ],
    [
      { settingId: 'oak', provision: 'special_school', senType: 'ASD', lowAge: 4, highAge: 11, free: 2 },
      {
        settingId: 'elm',
        provision: 'resourced_provision',
        senType: 'ASD',
        lowAge: 11,
        highAge: 16,
        free: 0,
      },
    ],
    at,
  );
  assert.deepEqual(unlocated, ['c'], 'a home with no location is left out and named');
  assert.deepEqual(
    children.map((c) => [c.id, c.need, c.phase]),
    [
      ['a', 'special_school:ASD:7', 'primary'],
      ['b', 'any:ASD:12', 'secondary'],
    ],
  );
  const oak = settings.find((s) => s.id === 'oak');
  // Ages 4 to 10 (a "4 to 11" line), each under its own provision and under any: 14 keys.
  assert.equal(oak?.designations[0]?.needs.length, 14);
  assert.ok(oak?.designations[0]?.needs.includes('special_school:ASD:7'));
  assert.ok(!oak?.designations[0]?.needs.includes('special_school:ASD:11'));
  assert.deepEqual(
    settings.find((s) => s.id === 'elm')?.designations,
    [],
    'no room: kept for fixed placements',
  );
});
