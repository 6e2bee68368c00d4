import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineRooms, optimisationInputs } from './inputs.ts';

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

test('a line’s room is its places less its own children and its share of those no line names', () => {
  // Oak's special school has ASD 4–11 (5 places) and SLD 4–11 (3 places). Placed there: 2 ASD
  // children aged 6, 1 SLD aged 8, and 3 PD children its lines do not name, shared 2 to the first
  // line and 1 to the second. ASD: 5 − 2 − 2 = 1 free; SLD: 3 − 1 − 1 = 1 free.
  const line = (senType: string, places: number) =>
    ({ settingId: 'oak', provision: 'special_school', senType, lowAge: 4, highAge: 11, places }) as const;
  const child = (need: string, age: number) =>
    ({ settingId: 'oak', provision: 'special_school', need, ageOn31August: age }) as const;
  const rooms = lineRooms(
    [line('ASD', 5), line('SLD', 3)],
    [child('ASD', 6), child('ASD', 6), child('SLD', 8), child('PD', 7), child('PD', 9), child('PD', 5)],
  );
  assert.deepEqual(
    rooms.map((r) => [r.senType, r.free]),
    [
      ['ASD', 1],
      ['SLD', 1],
    ],
  );
});
