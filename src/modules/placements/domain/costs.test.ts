import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays, dayNumber } from '../../../platform/kernel/days.ts';
import { fyEnd } from '../../../platform/kernel/financial-years.ts';
import { accrue } from '../../../platform/kernel/money.ts';
import {
  annualAmount,
  annualCostOn,
  bandValueOn,
  budgetLineOf,
  peakAnnualCost,
  placeFundingRule,
  placementCostShares,
  placementEnd,
  settingGroupOf,
} from './costs.ts';
import {
  type CostLine,
  type PlacementFacts,
  type PlacementType,
  placementTypes,
  type TopUpScheme,
} from './types.ts';

/** A cost line as most are agreed: an amount a year from the placement's first day, all education. */
function line(overrides: Partial<CostLine> = {}): CostLine {
  return {
    kind: 'top_up',
    amountPence: 1_500_000,
    per: 'year',
    unitsPerYear: null,
    topUpBand: null,
    funder: 'la',
    effectiveFrom: '2026-09-01',
    effectiveTo: null,
    healthShareBp: 0,
    socialCareShareBp: 0,
    ...overrides,
  };
}

const bandLine = (band: string, overrides: Partial<CostLine> = {}) =>
  line({ amountPence: null, per: null, topUpBand: band, ...overrides });

function placement(overrides: Partial<PlacementFacts> = {}): PlacementFacts {
  return {
    type: 'maintained_special',
    startOn: '2026-09-01',
    endOn: null,
    expectedEndOn: null,
    fte: 1,
    costLines: [],
    ...overrides,
  };
}

/**
 * Norfolk's mainstream bands as of the October 2018 uplift (£1,350 / £2,240 / £4,044 a year), and
 * before it a scheme with band 1 at £674 and band 3 at £2,611 (funding-and-data.md §1.7); the
 * earlier band 2 figure is not in the sources, so the fixture leaves it out.
 */
const norfolk2018: TopUpScheme[] = [
  {
    effectiveFrom: '2018-10-01',
    bands: [
      { settingGroup: 'mainstream', band: '1', annualPence: 135_000 },
      { settingGroup: 'mainstream', band: '2', annualPence: 224_000 },
      { settingGroup: 'mainstream', band: '3', annualPence: 404_400 },
    ],
  },
  {
    effectiveFrom: '2018-04-01',
    bands: [
      { settingGroup: 'mainstream', band: '1', annualPence: 67_400 },
      { settingGroup: 'mainstream', band: '3', annualPence: 261_100 },
    ],
  },
];

test('each type of placement is paid on its setting group’s bands, or on none', () => {
  const expected: Record<PlacementType, string | null> = {
    mainstream: 'mainstream',
    mainstream_unit: 'unit',
    maintained_special: 'special',
    academy_special: 'special',
    non_maintained_special: 'special',
    fe_college: 'post_16',
    specialist_post_16: 'post_16',
    alternative_provision: 'alternative_provision',
    eotas: 'alternative_provision',
    hospital_education: 'alternative_provision',
    independent_special: null,
    elective_home_education: null,
    out_of_county: null,
  };
  for (const type of placementTypes) assert.equal(settingGroupOf(type), expected[type], type);
});

test('each cost counts against its type’s high needs budget line, and transport against transport', () => {
  const expected: Record<PlacementType, string> = {
    mainstream: 'mainstream_top_ups',
    mainstream_unit: 'mainstream_top_ups',
    maintained_special: 'special_schools',
    academy_special: 'special_schools',
    non_maintained_special: 'independent',
    independent_special: 'independent',
    out_of_county: 'independent',
    fe_college: 'post_16',
    specialist_post_16: 'post_16',
    alternative_provision: 'alternative_provision',
    eotas: 'alternative_provision',
    hospital_education: 'alternative_provision',
    elective_home_education: 'alternative_provision',
  };
  for (const type of placementTypes) {
    for (const kind of ['place_funding', 'top_up', 'fee', 'other'] as const) {
      assert.equal(budgetLineOf(type, kind), expected[type], `${type} ${kind}`);
    }
    assert.equal(budgetLineOf(type, 'transport'), 'transport');
  }
});

test('a new placement gets the place funding the DfE sets for its type, from whoever pays it', () => {
  // funding-and-data.md §1.3: £10,000 a special or AP place, £6,000 a unit or post-16 place.
  assert.deepEqual(placeFundingRule('maintained_special'), { annualPence: 1_000_000, funder: 'la' });
  assert.deepEqual(placeFundingRule('academy_special'), { annualPence: 1_000_000, funder: 'esfa' });
  assert.deepEqual(placeFundingRule('non_maintained_special'), { annualPence: 1_000_000, funder: 'esfa' });
  assert.deepEqual(placeFundingRule('mainstream_unit'), { annualPence: 600_000, funder: 'la' });
  assert.deepEqual(placeFundingRule('fe_college'), { annualPence: 600_000, funder: 'esfa' });
  assert.deepEqual(placeFundingRule('specialist_post_16'), { annualPence: 600_000, funder: 'esfa' });
  assert.deepEqual(placeFundingRule('alternative_provision'), { annualPence: 1_000_000, funder: 'la' });
  for (const type of [
    'mainstream',
    'independent_special',
    'eotas',
    'hospital_education',
    'elective_home_education',
    'out_of_county',
  ] as const) {
    assert.equal(placeFundingRule(type), null, type);
  }
});

test('amounts agreed by the term, week or day come to a year’s worth to the penny', () => {
  assert.equal(annualAmount(line({ amountPence: 1_850_000, per: 'year' })), 1_850_000);
  // £1,500 a term × 3 terms = £4,500.
  assert.equal(annualAmount(line({ amountPence: 150_000, per: 'term' })), 450_000);
  // A 38-week residential fee: £4,250 a week × 38 = £161,500.
  assert.equal(
    annualAmount(line({ kind: 'fee', amountPence: 425_000, per: 'week', unitsPerYear: 38 })),
    16_150_000,
  );
  // £1,234.57 a week × 38.5 weeks = 123,457p × 3,850 / 100 = 4,753,094.5p, half up to 4,753,095p.
  assert.equal(annualAmount(line({ amountPence: 123_457, per: 'week', unitsPerYear: 38.5 })), 4_753_095);
  // Transport at £28.55 a day × 190 days = 542,450p.
  assert.equal(
    annualAmount(line({ kind: 'transport', amountPence: 2_855, per: 'day', unitsPerYear: 190 })),
    542_450,
  );
  // A band is worth the scheme's value for it, and nothing is made up when no scheme has it.
  assert.equal(annualAmount(bandLine('2'), 224_000), 224_000);
  assert.equal(annualAmount(bandLine('2'), null), null);
  assert.equal(annualAmount(bandLine('2')), null);
  assert.equal(annualAmount(line({ per: 'week', unitsPerYear: null })), null);
});

test('a band is valued in the scheme in force on the day, and not at all where that scheme lacks it', () => {
  assert.equal(bandValueOn(norfolk2018, 'mainstream', '3', '2018-09-30'), 261_100);
  assert.equal(bandValueOn(norfolk2018, 'mainstream', '3', '2018-10-01'), 404_400);
  assert.equal(bandValueOn(norfolk2018, 'mainstream', '2', '2019-03-31'), 224_000);
  assert.equal(bandValueOn(norfolk2018, 'mainstream', '2', '2018-09-30'), null);
  assert.equal(bandValueOn(norfolk2018, 'mainstream', '3', '2018-03-31'), null);
  assert.equal(bandValueOn(norfolk2018, 'special', '3', '2019-01-01'), null);
});

test('a placement ends on the day it ended, else the day it is expected to, else it is open', () => {
  assert.equal(placementEnd(placement({ endOn: '2027-01-05', expectedEndOn: '2027-07-20' })), '2027-01-05');
  assert.equal(placementEnd(placement({ expectedEndOn: '2027-07-20' })), '2027-07-20');
  assert.equal(placementEnd(placement()), null);
});

test('a band top-up is costed at each scheme’s value either side of a mid-year change', () => {
  // Band 3 at a mainstream school all of 2018-19 (365 days), the scheme changing on 1 October (day 184).
  // 1 April–30 September, days 1..183 at £2,611: round(261,100 × 183/365) = round(130,907.67) = 130,908.
  // 1 October–31 March, days 184..365 at £4,044: 404,400 − round(404,400 × 183/365)
  //   = 404,400 − round(202,753.97) = 404,400 − 202,754 = 201,646.
  // 130,908 + 201,646 = 332,554.
  const p = placement({
    type: 'mainstream',
    startOn: '2018-04-01',
    costLines: [bandLine('3', { effectiveFrom: '2018-04-01' })],
  });
  assert.deepEqual(placementCostShares(p, norfolk2018, 2018), [
    { fy: 2018, budgetLine: 'mainstream_top_ups', payer: 'high_needs', pence: 332_554 },
  ]);
  // Nothing after 31 March of the last year asked about, though the placement is open.
  assert.equal(placementCostShares(p, norfolk2018, 2019).filter((row) => row.fy === 2018)[0]?.pence, 332_554);
  // The annual cost steps up with the scheme; approval goes by the higher.
  assert.equal(annualCostOn(p, norfolk2018, '2018-06-01'), 261_100);
  assert.equal(annualCostOn(p, norfolk2018, '2018-10-01'), 404_400);
  assert.equal(peakAnnualCost(p, norfolk2018), 404_400);
});

test('a band no scheme prices accrues nothing until one does', () => {
  // Band 2 is only in the October scheme: days 184..365 of 2018-19 at £2,240:
  // 224,000 − round(224,000 × 183/365) = 224,000 − round(112,306.85) = 224,000 − 112,307 = 111,693.
  const p = placement({
    type: 'mainstream',
    startOn: '2018-04-01',
    costLines: [bandLine('2', { effectiveFrom: '2018-04-01' })],
  });
  assert.deepEqual(placementCostShares(p, norfolk2018, 2018), [
    { fy: 2018, budgetLine: 'mainstream_top_ups', payer: 'high_needs', pence: 111_693 },
  ]);
  // A type with no bands gets nothing from a band line.
  const independent = placement({
    type: 'independent_special',
    startOn: '2018-04-01',
    costLines: p.costLines,
  });
  assert.deepEqual(placementCostShares(independent, norfolk2018, 2018), []);
  assert.equal(peakAnnualCost(independent, norfolk2018), 0);
});

test('a special school place ending mid-year, with a 25% health share of the top-up and transport', () => {
  // 1 September 2026 is day 154 of 2026-27 (153 days in April–August); 18 December is day 153 + 91 + 18 = 262.
  // Place funding £10,000: round(1,000,000 × 262/365) − round(1,000,000 × 153/365)
  //   = round(717,808.22) − round(419,178.08) = 717,808 − 419,178 = 298,630.
  // Top-up £15,000: round(1,500,000 × 262/365) − round(1,500,000 × 153/365)
  //   = round(1,076,712.33) − round(628,767.12) = 1,076,712 − 628,767 = 447,945,
  //   75% / 25%: exact 335,958.75 / 111,986.25; floors leave a penny, which goes to the larger
  //   remainder (.75): education 335,959, health 111,986.
  // Transport £30 a day × 190 days = £5,700 a year: round(570,000 × 262/365) − round(570,000 × 153/365)
  //   = round(409,150.68) − round(238,931.51) = 409,151 − 238,932 = 170,219.
  // High needs: 298,630 + 335,959 = 634,589.
  const p = placement({
    startOn: '2026-09-01',
    endOn: '2026-12-18',
    expectedEndOn: '2031-07-20',
    costLines: [
      line({ kind: 'place_funding', amountPence: 1_000_000 }),
      line({ healthShareBp: 2_500 }),
      line({ kind: 'transport', amountPence: 3_000, per: 'day', unitsPerYear: 190 }),
    ],
  });
  assert.deepEqual(placementCostShares(p, [], 2030), [
    { fy: 2026, budgetLine: 'special_schools', payer: 'high_needs', pence: 634_589 },
    { fy: 2026, budgetLine: 'special_schools', payer: 'health', pence: 111_986 },
    { fy: 2026, budgetLine: 'transport', payer: 'transport', pence: 170_219 },
  ]);
  // £10,000 + £15,000 + £5,700 a year while it lasts; nothing once it has ended.
  assert.equal(annualCostOn(p, [], '2026-10-01'), 3_070_000);
  assert.equal(annualCostOn(p, [], '2026-12-19'), 0);
  assert.equal(annualCostOn(p, [], '2026-08-31'), 0);
});

test('an academy’s place funding is the ESFA’s, outside the LA’s budget', () => {
  // A whole year 2026-27 at £10,000 place funding and £12,000 top-up.
  const p = placement({
    type: 'academy_special',
    startOn: '2026-04-01',
    costLines: [
      line({ kind: 'place_funding', amountPence: 1_000_000, funder: 'esfa', effectiveFrom: '2026-04-01' }),
      line({ amountPence: 1_200_000, effectiveFrom: '2026-04-01' }),
    ],
  });
  assert.deepEqual(placementCostShares(p, [], 2026), [
    { fy: 2026, budgetLine: 'special_schools', payer: 'high_needs', pence: 1_200_000 },
    { fy: 2026, budgetLine: 'special_schools', payer: 'esfa_direct', pence: 1_000_000 },
  ]);
});

test('a 38-week residential placement with a social care share, over a whole leap year', () => {
  // £4,250 a week × 38 weeks = £161,500 a year, 20% social care, from 1 September 2026 (day 154),
  // expected to end 31 July 2028, asked through 2027-28 so it stops on 31 March 2028.
  // 2026-27: 16,150,000 − round(16,150,000 × 153/365) = 16,150,000 − round(6,769,726.03) = 9,380,274;
  //   80% / 20%: exact 7,504,219.2 / 1,876,054.8; the penny left goes to the .8: 7,504,219 / 1,876,055.
  // 2027-28 (366 days, all of them): 16,150,000, split 12,920,000 / 3,230,000.
  const p = placement({
    type: 'independent_special',
    expectedEndOn: '2028-07-31',
    costLines: [
      line({ kind: 'fee', amountPence: 425_000, per: 'week', unitsPerYear: 38, socialCareShareBp: 2_000 }),
    ],
  });
  assert.deepEqual(placementCostShares(p, [], 2027), [
    { fy: 2026, budgetLine: 'independent', payer: 'high_needs', pence: 7_504_219 },
    { fy: 2026, budgetLine: 'independent', payer: 'social_care', pence: 1_876_055 },
    { fy: 2027, budgetLine: 'independent', payer: 'high_needs', pence: 12_920_000 },
    { fy: 2027, budgetLine: 'independent', payer: 'social_care', pence: 3_230_000 },
  ]);
});

test('a line that starts before the placement counts from the placement’s start, and one that ends early stops', () => {
  // £15,000 agreed from 1 April 2026 but the placement starts 1 September (day 154), and the line
  // is replaced from 1 January 2027 (day 276) by £18,000.
  // £15,000, days 154..275: round(1,500,000 × 275/365) − round(1,500,000 × 153/365)
  //   = round(1,130,136.99) − round(628,767.12) = 1,130,137 − 628,767 = 501,370.
  // £18,000, days 276..365: 1,800,000 − round(1,800,000 × 275/365) = 1,800,000 − round(1,356,164.38)
  //   = 1,800,000 − 1,356,164 = 443,836.
  // 501,370 + 443,836 = 945,206.
  const p = placement({
    costLines: [
      line({ effectiveFrom: '2026-04-01', effectiveTo: '2026-12-31' }),
      line({ amountPence: 1_800_000, effectiveFrom: '2027-01-01' }),
    ],
  });
  assert.deepEqual(placementCostShares(p, [], 2026), [
    { fy: 2026, budgetLine: 'special_schools', payer: 'high_needs', pence: 945_206 },
  ]);
  assert.equal(annualCostOn(p, [], '2026-12-31'), 1_500_000);
  assert.equal(peakAnnualCost(p, []), 1_800_000);
});

test('shares beyond the whole cost are refused rather than paid twice', () => {
  const p = placement({ costLines: [line({ healthShareBp: 6_000, socialCareShareBp: 5_000 })] });
  assert.throws(() => placementCostShares(p, [], 2026), RangeError);
});

// Properties.

const day = (from: string, to: string) =>
  fc.integer({ min: dayNumber(from), max: dayNumber(to) }).map((n) => addDays('1970-01-01', n));

const anyLine: fc.Arbitrary<CostLine> = fc
  .record({
    kind: fc.constantFrom('place_funding', 'top_up', 'fee', 'transport', 'other' as const),
    amount: fc.integer({ min: 0, max: 50_000_000 }),
    per: fc.constantFrom('year', 'term', 'week', 'day' as const),
    units: fc.integer({ min: 1, max: 36_500 }).map((h) => h / 100),
    band: fc.option(fc.constantFrom('1', '2', '3', 'X'), { freq: 3 }),
    funder: fc.constantFrom('la', 'esfa' as const),
    from: day('2024-01-01', '2029-12-31'),
    length: fc.option(fc.nat(1_500)),
    health: fc.integer({ min: 0, max: 5_000 }),
    socialCare: fc.integer({ min: 0, max: 5_000 }),
  })
  .map((r) => ({
    kind: r.kind,
    amountPence: r.band === null ? r.amount : null,
    per: r.band === null ? r.per : null,
    unitsPerYear: r.band === null && (r.per === 'week' || r.per === 'day') ? r.units : null,
    topUpBand: r.band,
    funder: r.funder,
    effectiveFrom: r.from,
    effectiveTo: r.length === null ? null : addDays(r.from, r.length),
    healthShareBp: r.health,
    socialCareShareBp: r.socialCare,
  }));

const anyPlacement: fc.Arbitrary<PlacementFacts> = fc
  .record({
    type: fc.constantFrom(...placementTypes),
    startOn: day('2024-01-01', '2029-12-31'),
    length: fc.option(fc.nat(2_500)),
    ended: fc.boolean(),
    costLines: fc.array(anyLine, { maxLength: 5 }),
  })
  .map(({ type, startOn, length, ended, costLines }) => {
    const end = length === null ? null : addDays(startOn, length);
    return { type, startOn, endOn: ended ? end : null, expectedEndOn: ended ? null : end, fte: 1, costLines };
  });

const bandValues = fc.record({ '1': fc.nat(2_000_000), '2': fc.nat(2_000_000), '3': fc.nat(2_000_000) });

/** One scheme for every setting group, with the same band values; band X is never priced. */
const scheme = (effectiveFrom: string, values: Record<'1' | '2' | '3', number>): TopUpScheme => ({
  effectiveFrom,
  bands: (['mainstream', 'unit', 'special', 'post_16', 'alternative_provision'] as const).flatMap(
    (settingGroup) =>
      (['1', '2', '3'] as const).map((band) => ({ settingGroup, band, annualPence: values[band] })),
  ),
});

const total = (rows: { pence: number }[]) => rows.reduce((sum, row) => sum + row.pence, 0);

/** The days a line is in force, worked out from the words of the rule rather than the code. */
function lineDays(p: PlacementFacts, l: CostLine, throughFy: number): [string, string] | null {
  const ends = [l.effectiveTo, p.endOn ?? p.expectedEndOn, fyEnd(throughFy)].filter(
    (d): d is string => d !== null,
  );
  const from = [l.effectiveFrom, p.startOn].sort()[1] as string;
  const to = ends.sort()[0] as string;
  return to < from ? null : [from, to];
}

test('the committed cost over all years is what each line accrues over the days it is in force', () => {
  fc.assert(
    fc.property(anyPlacement, bandValues, fc.integer({ min: 2024, max: 2031 }), (p, values, throughFy) => {
      const schemes = [scheme('2000-04-01', values)];
      const group = settingGroupOf(p.type);
      let expected = 0;
      for (const l of p.costLines) {
        const days = lineDays(p, l, throughFy);
        const band = l.topUpBand as '1' | '2' | '3' | 'X' | null;
        const annual = band === null ? annualAmount(l) : group === null || band === 'X' ? null : values[band];
        if (days !== null && annual !== null) expected += accrue(annual, days[0], days[1]);
      }
      assert.equal(total(placementCostShares(p, schemes, throughFy)), expected);
    }),
  );
});

test('a new scheme that keeps every band’s value changes no year’s cost by a penny', () => {
  fc.assert(
    fc.property(anyPlacement, bandValues, day('2024-01-01', '2032-12-31'), (p, values, changeOn) => {
      const one = [scheme('2000-04-01', values)];
      const two = [...one, scheme(changeOn, values)];
      assert.deepEqual(placementCostShares(p, two, 2031), placementCostShares(p, one, 2031));
    }),
  );
});

test('asking about later years leaves the earlier years as they were', () => {
  fc.assert(
    fc.property(
      anyPlacement,
      bandValues,
      fc.integer({ min: 2023, max: 2030 }),
      fc.nat(3),
      (p, values, fy, more) => {
        const schemes = [scheme('2000-04-01', values), scheme('2027-09-01', { '1': 1, '2': 2, '3': 3 })];
        const shorter = placementCostShares(p, schemes, fy);
        const longer = placementCostShares(p, schemes, fy + more).filter((row) => row.fy <= fy);
        assert.deepEqual(longer, shorter);
      },
    ),
  );
});

test('rows are one per year, budget line and payer, none zero, each payer one a line could have', () => {
  fc.assert(
    fc.property(anyPlacement, bandValues, (p, values) => {
      const rows = placementCostShares(p, [scheme('2000-04-01', values)], 2031);
      const keys = rows.map((r) => `${r.fy}|${r.budgetLine}|${r.payer}`);
      assert.equal(new Set(keys).size, keys.length);
      assert.ok(rows.every((r) => r.pence > 0 && Number.isSafeInteger(r.pence)));
      assert.ok(rows.every((r, i) => i === 0 || (rows[i - 1]?.fy ?? 0) <= r.fy));
      const has = (payer: string) => rows.some((r) => r.payer === payer);
      if (has('health')) assert.ok(p.costLines.some((l) => l.healthShareBp > 0));
      if (has('social_care')) assert.ok(p.costLines.some((l) => l.socialCareShareBp > 0));
      if (has('esfa_direct'))
        assert.ok(p.costLines.some((l) => l.kind === 'place_funding' && l.funder === 'esfa'));
      // Transport's education part is the council's general fund, never the high needs block or the ESFA.
      for (const r of rows.filter((r) => r.budgetLine === 'transport')) {
        assert.ok(['transport', 'health', 'social_care'].includes(r.payer));
      }
      assert.ok(rows.every((r) => r.payer !== 'transport' || r.budgetLine === 'transport'));
    }),
  );
});

test('the peak is the most the placement costs a year on any of its days', () => {
  fc.assert(
    fc.property(
      anyPlacement,
      bandValues,
      bandValues,
      day('2024-01-01', '2032-12-31'),
      (p, before, after, changeOn) => {
        const schemes = [scheme('2000-04-01', before), scheme(changeOn, after)];
        // Every line start and scheme change falls before 2033, so an open placement is looked at until then.
        const last = placementEnd(p) ?? '2033-01-01';
        let most = 0;
        for (let d = p.startOn; d <= last; d = addDays(d, 1))
          most = Math.max(most, annualCostOn(p, schemes, d));
        assert.equal(peakAnnualCost(p, schemes), most);
      },
    ),
    { numRuns: 40 },
  );
});
