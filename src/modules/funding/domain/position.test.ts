import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays, dayNumber } from '../../../platform/kernel/days.ts';
import { type BudgetPositionInput, budgetPosition, notInBudgetName } from './position.ts';

const budgetLines = [
  {
    code: 'special_schools',
    name: 'Special schools',
    budgetPence: 3_000_000_000,
    otherCommittedPence: 25_000_000,
  },
  {
    code: 'independent',
    name: 'Independent and non-maintained',
    budgetPence: 1_200_000_000,
    otherCommittedPence: 0,
  },
  {
    code: 'mainstream_top_ups',
    name: 'Mainstream top-ups',
    budgetPence: 800_000_000,
    otherCommittedPence: 0,
  },
];

test('the high needs position for 2026-27, line by line, with an overspend and a cost outside the budget', () => {
  const position = budgetPosition({
    fy: 2026,
    budgetLines,
    committed: [
      { budgetLine: 'special_schools', pence: 2_450_000_000 },
      { budgetLine: 'special_schools', pence: 120_000_000 },
      { budgetLine: 'independent', pence: 1_150_000_000 },
      { budgetLine: 'outreach', pence: 5_000_000 },
    ],
    awaitingApproval: [{ budgetLine: 'independent', pence: 85_000_000 }],
    expectedStarters: [
      // From 1 November 2026 (day 215 of 365) at £25,000 a year:
      //   2,500,000 − round(2,500,000 × 214/365) = 2,500,000 − round(1,465,753.42) = 1,034,247.
      { placementType: 'maintained_special', budgetLine: 'special_schools', expectedStartOn: '2026-11-01' },
      // Expected before the year began, so the whole year: 2,500,000.
      { placementType: 'maintained_special', budgetLine: 'special_schools', expectedStartOn: '2026-03-02' },
      // From 1 February 2027 (day 307) at £65,000 a year:
      //   6,500,000 − round(6,500,000 × 306/365) = 6,500,000 − round(5,449,315.07) = 1,050,685.
      { placementType: 'independent_special', budgetLine: 'independent', expectedStartOn: '2027-02-01' },
      // Next year's starter costs nothing this year.
      { placementType: 'independent_special', budgetLine: 'independent', expectedStartOn: '2027-05-01' },
      // No average cost for the type: reported, not costed at nothing (nor priced by Object's own 'constructor').
      { placementType: 'eotas', budgetLine: 'alternative_provision', expectedStartOn: '2026-09-01' },
      { placementType: 'constructor', budgetLine: 'alternative_provision', expectedStartOn: '2026-09-01' },
    ],
    averageAnnualCost: { maintained_special: 2_500_000, independent_special: 6_500_000 },
  });

  assert.deepEqual(position.lines, [
    {
      // Committed 2,450,000,000 + 120,000,000 + 25,000,000 other = 2,595,000,000;
      // starters 1,034,247 + 2,500,000 = 3,534,247; forecast 2,598,534,247;
      // variance 3,000,000,000 − 2,598,534,247 = 401,465,753.
      code: 'special_schools',
      name: 'Special schools',
      inBudget: true,
      budget: 3_000_000_000,
      committed: 2_595_000_000,
      awaitingApproval: 0,
      expectedStarters: 3_534_247,
      forecast: 2_598_534_247,
      variance: 401_465_753,
    },
    {
      // Forecast 1,150,000,000 + 85,000,000 + 1,050,685 = 1,236,050,685; variance −36,050,685 (overspend).
      code: 'independent',
      name: 'Independent and non-maintained',
      inBudget: true,
      budget: 1_200_000_000,
      committed: 1_150_000_000,
      awaitingApproval: 85_000_000,
      expectedStarters: 1_050_685,
      forecast: 1_236_050_685,
      variance: -36_050_685,
    },
    {
      code: 'mainstream_top_ups',
      name: 'Mainstream top-ups',
      inBudget: true,
      budget: 800_000_000,
      committed: 0,
      awaitingApproval: 0,
      expectedStarters: 0,
      forecast: 0,
      variance: 800_000_000,
    },
    {
      code: 'outreach',
      name: notInBudgetName,
      inBudget: false,
      budget: 0,
      committed: 5_000_000,
      awaitingApproval: 0,
      expectedStarters: 0,
      forecast: 5_000_000,
      variance: -5_000_000,
    },
  ]);
  // Budget 3,000,000,000 + 1,200,000,000 + 800,000,000 = 5,000,000,000.
  // Committed 2,595,000,000 + 1,150,000,000 + 5,000,000 = 3,750,000,000; awaiting 85,000,000;
  // starters 3,534,247 + 1,050,685 = 4,584,932; forecast 3,839,584,932; variance 1,160,415,068.
  assert.deepEqual(position.totals, {
    budget: 5_000_000_000,
    committed: 3_750_000_000,
    awaitingApproval: 85_000_000,
    expectedStarters: 4_584_932,
    forecast: 3_839_584_932,
    variance: 1_160_415_068,
  });
  assert.deepEqual(position.unpricedStarters, [
    { placementType: 'eotas', budgetLine: 'alternative_provision', expectedStartOn: '2026-09-01' },
    { placementType: 'constructor', budgetLine: 'alternative_provision', expectedStartOn: '2026-09-01' },
  ]);
});

test('a placement an issued plan made, its costs still to confirm, counts at its type’s average less what its place funding commits', () => {
  const position = budgetPosition({
    fy: 2026,
    budgetLines,
    // Its £10,000 place funding from 1 September 2026 (day 154 of 365) is committed:
    //   1,000,000 − round(1,000,000 × 153/365) = 1,000,000 − 419,178 = 580,822.
    committed: [{ budgetLine: 'special_schools', pence: 580_822 }],
    awaitingApproval: [],
    expectedStarters: [
      // At £25,000 a year from 1 September: 2,500,000 − round(2,500,000 × 153/365)
      //   = 2,500,000 − 1,047,945 = 1,452,055, less the 580,822 committed = 871,233.
      {
        placementType: 'maintained_special',
        budgetLine: 'special_schools',
        expectedStartOn: '2026-09-01',
        committedPence: 580_822,
      },
      // To 31 December only (days 154 to 275): round(2,500,000 × 275/365) − 1,047,945
      //   = 1,883,562 − 1,047,945 = 835,617, less its place funding's 334,247 = 501,370.
      {
        placementType: 'maintained_special',
        budgetLine: 'special_schools',
        expectedStartOn: '2026-09-01',
        expectedEndOn: '2026-12-31',
        committedPence: 334_247,
      },
      // Its own lines already commit more than the average: nothing more, never less than nothing.
      {
        placementType: 'mainstream',
        budgetLine: 'mainstream_top_ups',
        expectedStartOn: '2026-04-01',
        committedPence: 900_000,
      },
    ],
    averageAnnualCost: { maintained_special: 2_500_000, mainstream: 400_000 },
  });
  const line = (code: string) => position.lines.find((l) => l.code === code);
  // 871,233 + 501,370 = 1,372,603; forecast 25,000,000 other + 580,822 + 1,372,603 = 26,953,425.
  assert.deepEqual(
    [line('special_schools')?.expectedStarters, line('special_schools')?.forecast],
    [1_372_603, 26_953_425],
  );
  assert.equal(line('mainstream_top_ups')?.expectedStarters, 0);
});

test('a budget line given twice is refused rather than counted twice', () => {
  assert.throws(
    () =>
      budgetPosition({
        fy: 2026,
        budgetLines: [budgetLines[0], budgetLines[0]].filter((l) => l !== undefined),
        committed: [],
        awaitingApproval: [],
        expectedStarters: [],
        averageAnnualCost: {},
      }),
    RangeError,
  );
});

// Properties.

const code = fc.constantFrom(
  'special_schools',
  'independent',
  'post_16',
  'alternative_provision',
  'outreach',
);
const types = ['maintained_special', 'independent_special', 'fe_college', 'eotas'];
const pence = fc.integer({ min: 0, max: 5_000_000_000 });
const cost = fc.record({ budgetLine: code, pence: fc.integer({ min: 0, max: 500_000_000 }) });
const anyInput: fc.Arbitrary<BudgetPositionInput> = fc.record({
  fy: fc.constant(2026),
  budgetLines: fc.uniqueArray(
    fc.record({ code, name: fc.string(), budgetPence: pence, otherCommittedPence: pence }),
    { selector: (l) => l.code },
  ),
  committed: fc.array(cost, { maxLength: 20 }),
  awaitingApproval: fc.array(cost, { maxLength: 20 }),
  expectedStarters: fc.array(
    fc.record({
      placementType: fc.constantFrom(...types),
      budgetLine: code,
      expectedStartOn: fc
        .integer({ min: dayNumber('2025-06-01'), max: dayNumber('2027-06-30') })
        .map((n) => addDays('1970-01-01', n)),
    }),
    { maxLength: 20 },
  ),
  averageAnnualCost: fc.dictionary(fc.constantFrom(...types), fc.integer({ min: 0, max: 20_000_000 })),
});

const sumOf = (xs: readonly { pence: number }[]) => xs.reduce((s, x) => s + x.pence, 0);

test('the totals are the lines added up, and every line’s forecast and variance follow from its figures', () => {
  fc.assert(
    fc.property(anyInput, (input) => {
      const { lines, totals } = budgetPosition(input);
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) {
        assert.equal(
          totals[key],
          lines.reduce((s, l) => s + l[key], 0),
          key,
        );
      }
      for (const l of [...lines, totals]) {
        assert.equal(l.forecast, l.committed + l.awaitingApproval + l.expectedStarters);
        assert.equal(l.variance, l.budget - l.forecast);
      }
    }),
  );
});

test('every pence given is counted once, whether its line is in the budget or not', () => {
  fc.assert(
    fc.property(anyInput, (input) => {
      const { lines, totals, unpricedStarters } = budgetPosition(input);
      const other = input.budgetLines.reduce((s, l) => s + l.otherCommittedPence, 0);
      assert.equal(totals.committed, sumOf(input.committed) + other);
      assert.equal(totals.awaitingApproval, sumOf(input.awaitingApproval));
      assert.equal(
        totals.budget,
        input.budgetLines.reduce((s, l) => s + l.budgetPence, 0),
      );
      assert.deepEqual(
        lines.filter((l) => l.inBudget).map((l) => l.code),
        input.budgetLines.map((l) => l.code),
      );
      assert.ok(lines.filter((l) => !l.inBudget).every((l) => l.budget === 0 && l.name === notInBudgetName));
      // A starter is unpriced exactly when its type has no average, and a priced one costs at most a year.
      assert.deepEqual(
        unpricedStarters,
        input.expectedStarters.filter((s) => input.averageAnnualCost[s.placementType] === undefined),
      );
      const mostStarters = input.expectedStarters.reduce(
        (s, st) => s + (input.averageAnnualCost[st.placementType] ?? 0),
        0,
      );
      assert.ok(totals.expectedStarters >= 0 && totals.expectedStarters <= mostStarters);
    }),
  );
});
