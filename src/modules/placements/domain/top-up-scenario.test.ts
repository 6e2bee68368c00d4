import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays, dayNumber } from '../../../platform/kernel/days.ts';
import { fyEnd, fyStart } from '../../../platform/kernel/financial-years.ts';
import { placementCostShares } from './costs.ts';
import { type ScenarioLine, topUpScenario } from './top-up-scenario.ts';
import { type SettingGroup, settingGroups, type TopUpScheme } from './types.ts';

/** Norfolk's 2018 uplift as a scenario (funding-and-data.md §1.7), plus a special band to show a gap. */
const before: TopUpScheme = {
  effectiveFrom: '2018-04-01',
  bands: [
    { settingGroup: 'mainstream', band: '1', annualPence: 67_400 },
    { settingGroup: 'mainstream', band: '3', annualPence: 261_100 },
    { settingGroup: 'special', band: 'S1', annualPence: 800_000 },
  ],
};
const uplift: TopUpScheme = {
  effectiveFrom: '2018-10-01',
  bands: [
    { settingGroup: 'mainstream', band: '1', annualPence: 135_000 },
    { settingGroup: 'mainstream', band: '2', annualPence: 224_000 },
    { settingGroup: 'mainstream', band: '3', annualPence: 404_400 },
  ],
};

const line = (
  id: string,
  group: SettingGroup,
  band: string,
  from: string,
  to: string | null,
): ScenarioLine => ({
  placementId: `placement-${id}`,
  childId: `child-${id}`,
  group,
  band,
  from,
  to,
});

test('the October 2018 uplift costed against the scheme it replaced, from 1 October', () => {
  // 2018-19 has 365 days; 1 October 2018 is day 184 (183 days in April–September), so in-year
  // figures run from day 184.
  const scenario = topUpScenario({
    fy: 2018,
    proposedFrom: '2018-10-01',
    current: before,
    proposed: uplift,
    lines: [
      // Band 1 all year. In-year, days 184..365:
      //   current 67,400 − round(67,400 × 183/365) = 67,400 − round(33,792.33) = 33,608;
      //   proposed 135,000 − round(135,000 × 183/365) = 135,000 − round(67,684.93) = 67,315.
      line('a', 'mainstream', '1', '2018-04-01', null),
      // Band 3 ending 31 December (day 275), days 184..275:
      //   current round(261,100 × 275/365) − round(261,100 × 183/365) = 196,719 − 130,908 = 65,811;
      //   proposed round(404,400 × 275/365) − round(404,400 × 183/365) = 304,685 − 202,754 = 101,931.
      line('b', 'mainstream', '3', '2018-04-01', '2018-12-31'),
      // Band 2, which the current scheme lacks (paid nothing now), from 7 January 2019 (day 282):
      //   proposed 224,000 − round(224,000 × 281/365) = 224,000 − round(172,449.32) = 51,551.
      line('c', 'mainstream', '2', '2019-01-07', null),
      // A special band the proposal leaves out: current 800,000 − round(800,000 × 183/365)
      //   = 800,000 − round(401,095.89) = 398,904; proposed unknown.
      line('d', 'special', 'S1', '2018-04-01', null),
    ],
  });
  assert.deepEqual(
    scenario.rows.map((r) => [
      r.childId,
      r.fullYearCurrent,
      r.fullYearProposed,
      r.fullYearDifference,
      r.inYearCurrent,
      r.inYearProposed,
      r.inYearDifference,
    ]),
    [
      ['child-a', 67_400, 135_000, 67_600, 33_608, 67_315, 33_707],
      ['child-b', 261_100, 404_400, 143_300, 65_811, 101_931, 36_120],
      ['child-c', 0, 224_000, 224_000, 0, 51_551, 51_551],
      ['child-d', 800_000, null, null, 398_904, null, null],
    ],
  );
  // Totals over the rows, the proposal's unknown figures left out (and reported below):
  // full year current 67,400 + 261,100 + 0 + 800,000 = 1,128,500; proposed 135,000 + 404,400 + 224,000 = 763,400;
  // difference 67,600 + 143,300 + 224,000 = 434,900.
  // In year current 33,608 + 65,811 + 0 + 398,904 = 498,323; proposed 67,315 + 101,931 + 51,551 = 220,797;
  // difference 33,707 + 36,120 + 51,551 = 121,378.
  assert.deepEqual(scenario.totals, {
    fullYearCurrent: 1_128_500,
    fullYearProposed: 763_400,
    fullYearDifference: 434_900,
    inYearCurrent: 498_323,
    inYearProposed: 220_797,
    inYearDifference: 121_378,
  });
  assert.deepEqual(scenario.missingBands, [
    { scheme: 'current', settingGroup: 'mainstream', band: '2', lines: 1 },
    { scheme: 'proposed', settingGroup: 'special', band: 'S1', lines: 1 },
  ]);
});

test('a scheme proposed for after the year, or for a line that has ended, changes nothing this year', () => {
  const scenario = topUpScenario({
    fy: 2018,
    proposedFrom: '2019-04-01',
    current: before,
    proposed: uplift,
    lines: [
      line('a', 'mainstream', '1', '2018-04-01', null),
      line('b', 'mainstream', '3', '2018-04-01', '2018-06-30'),
    ],
  });
  assert.deepEqual(
    scenario.rows.map((r) => [r.inYearCurrent, r.inYearProposed, r.inYearDifference]),
    [
      [0, 0, 0],
      [0, 0, 0],
    ],
  );
  // The full-year effect is still shown: 135,000 − 67,400 = 67,600 and 404,400 − 261,100 = 143,300.
  assert.equal(scenario.totals.fullYearDifference, 67_600 + 143_300);
});

test('a first scheme, with none in force, costs its whole value, every band reported missing from the current', () => {
  // Band 1 for the whole of 2018-19 from 1 April: 135,000 in year and full year.
  const scenario = topUpScenario({
    fy: 2018,
    proposedFrom: '2018-04-01',
    current: null,
    proposed: uplift,
    lines: [
      line('a', 'mainstream', '1', '2018-04-01', null),
      line('b', 'mainstream', '1', '2018-04-01', null),
    ],
  });
  assert.equal(scenario.totals.inYearDifference, 270_000);
  assert.deepEqual(scenario.missingBands, [
    { scheme: 'current', settingGroup: 'mainstream', band: '1', lines: 2 },
  ]);
});

// Properties.

const day = (from: string, to: string) =>
  fc.integer({ min: dayNumber(from), max: dayNumber(to) }).map((n) => addDays('1970-01-01', n));
const bands = ['1', '2', '3', '4'];
const anyScheme = (effectiveFrom: string) =>
  fc
    .uniqueArray(
      fc.record({
        settingGroup: fc.constantFrom(...settingGroups),
        band: fc.constantFrom(...bands),
        annualPence: fc.nat(3_000_000),
      }),
      { selector: (b) => `${b.settingGroup}|${b.band}`, maxLength: 20 },
    )
    .map((bands): TopUpScheme => ({ effectiveFrom, bands }));
const anyLines = fc.array(
  fc
    .record({
      id: fc.uuid(),
      group: fc.constantFrom(...settingGroups),
      band: fc.constantFrom(...bands),
      from: day('2026-04-01', '2027-03-31'),
      length: fc.option(fc.nat(400)),
    })
    .map((l) => line(l.id, l.group, l.band, l.from, l.length === null ? null : addDays(l.from, l.length))),
  { maxLength: 30 },
);

test('the totals are the rows added up, and each difference is proposed less current', () => {
  fc.assert(
    fc.property(
      anyScheme('2025-04-01'),
      anyScheme('2026-09-01'),
      day('2026-04-01', '2027-03-31'),
      anyLines,
      (current, proposed, proposedFrom, lines) => {
        const s = topUpScenario({ fy: 2026, proposedFrom, current, proposed, lines });
        assert.equal(s.rows.length, lines.length);
        for (const key of Object.keys(s.totals) as (keyof typeof s.totals)[]) {
          assert.equal(
            s.totals[key],
            s.rows.reduce((sum, r) => sum + (r[key] ?? 0), 0),
            key,
          );
        }
        for (const r of s.rows) {
          if (r.fullYearProposed !== null)
            assert.equal(r.fullYearDifference, r.fullYearProposed - r.fullYearCurrent);
          if (r.inYearProposed !== null) assert.equal(r.inYearDifference, r.inYearProposed - r.inYearCurrent);
          // Within one year, the days from the change never cost more than a whole year.
          assert.ok(r.inYearCurrent <= r.fullYearCurrent);
          if (r.inYearProposed !== null && r.fullYearProposed !== null)
            assert.ok(r.inYearProposed <= r.fullYearProposed);
        }
        const unpriced = s.rows.filter((r) => r.fullYearProposed === null).length;
        assert.equal(
          s.missingBands.filter((m) => m.scheme === 'proposed').reduce((n, m) => n + m.lines, 0),
          unpriced,
        );
      },
    ),
  );
});

test('proposing the scheme in force changes nothing', () => {
  fc.assert(
    fc.property(
      anyScheme('2025-04-01'),
      day('2026-04-01', '2027-03-31'),
      anyLines,
      (current, proposedFrom, lines) => {
        const s = topUpScenario({ fy: 2026, proposedFrom, current, proposed: current, lines });
        assert.equal(s.totals.fullYearDifference, 0);
        assert.equal(s.totals.inYearDifference, 0);
      },
    ),
  );
});

test('adopting a scheme changes the year’s committed cost by exactly the scenario’s in-year difference', () => {
  fc.assert(
    fc.property(
      fc.nat(3_000_000),
      fc.nat(3_000_000),
      day('2026-04-01', '2027-03-31'),
      day('2025-01-01', '2027-03-31'),
      fc.option(fc.nat(800)),
      (now, next, proposedFrom, startOn, length) => {
        const band = (effectiveFrom: string, annualPence: number): TopUpScheme => ({
          effectiveFrom,
          bands: [{ settingGroup: 'mainstream', band: '2', annualPence }],
        });
        const current = band('2020-04-01', now);
        const proposed = band(proposedFrom, next);
        const expectedEndOn = length === null ? null : addDays(startOn, length);
        const p = {
          type: 'mainstream' as const,
          startOn,
          endOn: null,
          expectedEndOn,
          fte: 1,
          costLines: [
            {
              kind: 'top_up' as const,
              amountPence: null,
              per: null,
              unitsPerYear: null,
              topUpBand: '2',
              funder: 'la' as const,
              effectiveFrom: startOn,
              effectiveTo: null,
              healthShareBp: 0,
              socialCareShareBp: 0,
            },
          ],
        };
        const in2026 = (schemes: TopUpScheme[]) =>
          placementCostShares(p, schemes, 2026)
            .filter((r) => r.fy === 2026)
            .reduce((sum, r) => sum + r.pence, 0);
        // The line as the scenario is given it: clipped to the placement and to the year.
        const from = [startOn, fyStart(2026)].sort()[1] as string;
        fc.pre(expectedEndOn === null || expectedEndOn >= from);
        const to = expectedEndOn === null || expectedEndOn > fyEnd(2026) ? null : expectedEndOn;
        const s = topUpScenario({
          fy: 2026,
          proposedFrom,
          current,
          proposed,
          lines: [line('x', 'mainstream', '2', from, to)],
        });
        assert.equal(in2026([current, proposed]) - in2026([current]), s.totals.inYearDifference);
      },
    ),
  );
});
