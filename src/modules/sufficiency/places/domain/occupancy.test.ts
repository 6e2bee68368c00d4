import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { senTypes } from '../../../../platform/kernel/sen2.ts';
import { type ChildIn, type LineIn, occupancy, phaseOfAge, type SettingIn } from './occupancy.ts';

const setting = (id: string, over: Partial<SettingIn> = {}): SettingIn => ({
  id,
  name: id,
  urn: null,
  district: 'Breckland',
  local: true,
  independent: false,
  ...over,
});

describe('places against occupancy', () => {
  test('a child’s phase follows their age on 31 August: 4 is reception, 11 is Year 7, 16 is post-16', () => {
    assert.deepEqual([3, 4, 10, 11, 15, 16, 24].map(phaseOfAge), [
      'early_years',
      'primary',
      'primary',
      'secondary',
      'secondary',
      'post_16',
      'post_16',
    ]);
  });

  test('a worked county: one special school over, one SRB full, one child out of county with room at home', () => {
    // Oak (special): ASD 4-11 with 2 places and SLD 4-19 with 1; three ASD children and one SLD
    // child placed there, so 3 places and 4 children: over by 1.
    // Elm (SRB): SEMH 11-16 with 1 place and one SEMH child aged 12: full.
    // Ash, a special school in the next county, has an SLD child aged 8; an SLD 4-19 place is free
    // at home? Oak's SLD line has 1 place and 1 SLD child: no. Birch (special) has SLD 4-19 with
    // 2 places and none placed: yes, so the child counts as having a local place with room.
    const settings = [
      setting('Oak'),
      setting('Elm', { district: 'Norwich' }),
      setting('Birch'),
      setting('Ash', { local: false, district: 'Fenland' }),
      setting('Willow', { independent: true }),
    ];
    const lines: LineIn[] = [
      {
        settingId: 'Oak',
        provision: 'special_school',
        senType: 'ASD',
        phase: 'primary',
        lowAge: 4,
        highAge: 11,
        places: 2,
      },
      {
        settingId: 'Oak',
        provision: 'special_school',
        senType: 'SLD',
        phase: 'all_through',
        lowAge: 4,
        highAge: 19,
        places: 1,
      },
      {
        settingId: 'Elm',
        provision: 'resourced_provision',
        senType: 'SEMH',
        phase: 'secondary',
        lowAge: 11,
        highAge: 16,
        places: 1,
      },
      {
        settingId: 'Birch',
        provision: 'special_school',
        senType: 'SLD',
        phase: 'all_through',
        lowAge: 4,
        highAge: 19,
        places: 2,
      },
      {
        settingId: 'Ash',
        provision: 'special_school',
        senType: 'SLD',
        phase: 'all_through',
        lowAge: 4,
        highAge: 19,
        places: 50,
      },
    ];
    const child = (id: string, over: Partial<ChildIn>): ChildIn => ({
      id,
      need: 'ASD',
      ageOn31August: 7,
      settingId: 'Oak',
      provision: 'special_school',
      ...over,
    });
    const children = [
      child('a1', {}),
      child('a2', {}),
      child('a3', { ageOn31August: 9 }),
      child('s1', { need: 'SLD', ageOn31August: 14 }),
      child('e1', { need: 'SEMH', ageOn31August: 12, settingId: 'Elm', provision: 'resourced_provision' }),
      child('x1', { need: 'SLD', ageOn31August: 8, settingId: 'Ash' }),
      child('w1', { need: 'SEMH', ageOn31August: 13, settingId: 'Willow' }),
      child('m1', { settingId: 'Birch', provision: null }),
    ];
    const o = occupancy(settings, lines, children, senTypes);
    const row = (id: string) => o.rows.find((r) => r.setting.id === id);
    assert.deepEqual(
      [row('Oak')?.places, row('Oak')?.children, row('Oak')?.free, row('Oak')?.status],
      [3, 4, -1, 'over'],
    );
    assert.deepEqual([row('Elm')?.children, row('Elm')?.status], [1, 'full']);
    assert.deepEqual([row('Birch')?.places, row('Birch')?.children, row('Birch')?.status], [2, 0, 'room']);
    assert.equal(row('Ash'), undefined, 'out-of-county places are not ours to count');
    // Places 2 + 1 + 1 + 2 = 6; children 4 + 1 = 5; free counts only room (Birch's 2); 1 over, 1 full.
    assert.deepEqual(o.totals, { places: 6, children: 5, free: 2, over: 1, full: 1 });
    assert.deepEqual(
      o.outOfArea.map((x) => [x.childId, x.reason, x.phase, x.localPlaceWithRoom]),
      [
        ['x1', 'out-of-county', 'primary', true],
        ['w1', 'independent', 'secondary', false],
      ],
    );
    assert.deepEqual(
      o.byDistrict.map((g) => [g.key, g.places, g.children]),
      [
        ['Breckland', 5, 4],
        ['Norwich', 1, 1],
      ],
    );
    assert.deepEqual(
      o.byPhase.map((g) => [g.key, g.places, g.children]),
      [
        ['primary', 2, 3],
        ['secondary', 1, 2],
        ['all_through', 3, 0],
      ],
    );
  });

  test('every child placed in a local provision is counted once, and totals are the rows’ sums', () => {
    const arb = fc.record({
      lines: fc.array(
        fc.record({
          s: fc.integer({ min: 0, max: 3 }),
          need: fc.constantFrom('ASD', 'SLD', 'SEMH'),
          places: fc.nat(20),
        }),
        { maxLength: 12 },
      ),
      children: fc.array(
        fc.record({
          s: fc.option(fc.integer({ min: 0, max: 4 })),
          need: fc.constantFrom('ASD', 'SLD', 'SEMH'),
          age: fc.integer({ min: 2, max: 24 }),
        }),
        { maxLength: 40 },
      ),
    });
    fc.assert(
      fc.property(arb, ({ lines, children }) => {
        const settings = [0, 1, 2, 3, 4].map((i) => setting(`s${i}`, { local: i !== 4 }));
        const o = occupancy(
          settings,
          lines.map((l) => ({
            settingId: `s${l.s}`,
            provision: 'special_school' as const,
            senType: l.need as 'ASD',
            phase: 'all_through' as const,
            lowAge: 2,
            highAge: 25,
            places: l.places,
          })),
          children.map((c, i) => ({
            id: `c${i}`,
            need: c.need as 'ASD',
            ageOn31August: c.age,
            settingId: c.s === null ? null : `s${c.s}`,
            provision: c.s === null ? null : ('special_school' as const),
          })),
          senTypes,
        );
        const local = children.filter((c) => c.s !== null && c.s !== 4).length;
        return (
          o.totals.children === local &&
          o.totals.places === lines.reduce((s, l) => s + l.places, 0) &&
          o.rows.reduce((s, r) => s + r.children, 0) === o.totals.children &&
          o.byNeed.reduce((s, g) => s + g.children, 0) === local &&
          o.outOfArea.length === children.filter((c) => c.s === 4).length
        );
      }),
    );
  });
});
