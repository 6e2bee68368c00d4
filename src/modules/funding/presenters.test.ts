import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PositionLine } from './domain/position.ts';
import {
  headline,
  outsideBlockRows,
  positionRows,
  roundedMoney,
  startersToPrice,
  toDos,
  unpricedRows,
  yearItems,
} from './presenters.ts';
import type { Budget, Position } from './service.ts';

const figures = (budget: number, forecast: number) => ({
  budget,
  committed: forecast,
  awaitingApproval: 0,
  expectedStarters: 0,
  forecast,
  variance: budget - forecast,
});

const budget2025: Budget = {
  fy: 2025,
  label: '2025-26',
  allocationPence: 4_700_000_000,
  esfaDirectPence: 100_000_000,
  ownBudgetPence: 4_600_000_000,
  unallocatedPence: 0,
  lines: [],
  version: 1,
  updatedAt: null,
};

function position(over: Partial<Position> = {}): Position {
  return {
    fy: 2025,
    label: '2025-26',
    budget: budget2025,
    lines: [],
    totals: figures(4_560_000_000, 4_560_000_000),
    unpricedStarters: [],
    placementsToConfirm: 0,
    outsideBlock: { esfa_direct: 0, health: 0, social_care: 0, transport: 0 },
    trend: [],
    ...over,
  };
}

const everyone = { today: '2026-03-02', canManage: true, canSeePlacements: true, budgetYears: [2025, 2026] };

test('money in a headline is rounded as GOV.UK writes it: millions to one place, pounds below', () => {
  assert.equal(roundedMoney(424_999_999), '£4.2 million', '£4,249,999.99 is 4.2 million to one place');
  assert.equal(roundedMoney(425_000_000), '£4.3 million', 'a half rounds up');
  assert.equal(roundedMoney(400_000_000), '£4 million', 'no ".0"');
  assert.equal(roundedMoney(13_490_000_000), '£134.9 million', 'Norfolk’s 2023-24 block');
  assert.equal(roundedMoney(123_456_789_000), '£1.2 billion');
  assert.equal(roundedMoney(1_271_200), '£12,712');
  assert.equal(roundedMoney(1_271_250), '£12,713', '£12,712.50 rounds to the nearer pound, up on a half');
  assert.equal(roundedMoney(99_999_960), '£1 million', '£999,999.60 rounds to £1,000,000');
  assert.equal(roundedMoney(-30_104), '−£301', 'a negative amount keeps its sign');
  assert.equal(roundedMoney(42), '£0.42', 'under £1 the pence are all there is');
  assert.equal(roundedMoney(0), '£0');
});

test('the headline says overspend or underspend, by how much and what share of the budget', () => {
  // 4,632,000,000 − 4,492,000,000 = 140,000,000 over: £1.4 million, 140 / 4,492 = 3.1166% of it.
  assert.deepEqual(headline(position({ totals: figures(4_492_000_000, 4_632_000_000) })), {
    title: 'Forecast overspend of £1.4 million (3.1%)',
    detail: 'A forecast of £46.3 million against a budget of £44.9 million for 2025-26.',
    overspend: true,
  });
  // 3,000,000 − 2,861,644 = 138,356 spare: £1,384 (rounded), 4.6119% of £30,000.
  assert.deepEqual(headline(position({ totals: figures(3_000_000, 2_861_644) })), {
    title: 'Forecast underspend of £1,384 (4.6%)',
    detail: 'A forecast of £28,616 against a budget of £30,000 for 2025-26.',
    overspend: false,
  });
  assert.equal(
    headline(position({ totals: figures(3_000_000, 3_000_000) })).title,
    'Forecast to spend the budget exactly',
  );
  assert.equal(
    headline(position({ totals: figures(100_000_000, 100_000_001) })).title,
    'Forecast overspend of £0.01 (less than 0.1%)',
    'a share that rounds to 0% is still not nothing',
  );
  assert.equal(
    headline(position({ totals: figures(0, 50_000) })).title,
    'Forecast overspend of £500',
    'no share of a budget of nothing',
  );
  assert.deepEqual(headline(position({ budget: null, totals: figures(0, 4_409_556) })), {
    title: 'No budget is set for 2025-26',
    detail:
      'The forecast for 2025-26 is £44,096: what placements commit, what waits for approval and what expected starters will cost by 31 March 2026.',
    overspend: false,
  });
});

test('the lines table marks overspends in words and lines the budget lacks, totals last in bold', () => {
  const special: PositionLine = {
    code: 'special_schools',
    name: 'Special schools',
    inBudget: true,
    ...figures(3_000_000, 2_861_644),
  };
  const independent: PositionLine = {
    code: 'independent',
    name: 'Not in the budget',
    inBudget: false,
    ...figures(0, 1_479_452),
  };
  const rows = positionRows(
    position({ lines: [special, independent], totals: figures(3_000_000, 4_341_096) }),
  );
  assert.deepEqual(rows[0]?.[0], { text: 'Special schools' });
  assert.deepEqual(rows[0]?.[6], { text: '£1,383.56', format: 'numeric' });
  assert.deepEqual(rows[1]?.[0], {
    html: 'Independent, non-maintained and out of county <strong class="govuk-tag govuk-tag--grey">Not in the budget</strong>',
  });
  assert.deepEqual(rows[1]?.[6], {
    html: '−£14,794.52 <strong class="govuk-tag govuk-tag--red">Overspend</strong>',
    format: 'numeric',
  });
  // 3,000,000 − 4,341,096 = −1,341,096.
  assert.deepEqual(rows[2]?.[0], { text: 'Total', classes: 'govuk-!-font-weight-bold' });
  assert.equal(rows[2]?.[6]?.html, '−£13,410.96 <strong class="govuk-tag govuk-tag--red">Overspend</strong>');
});

test('a line code the budget lacks and no standard line names is shown as its code, escaped', () => {
  const odd: PositionLine = {
    code: '<b>x</b>',
    name: 'Not in the budget',
    inBudget: false,
    ...figures(0, 1),
  };
  assert.match(positionRows(position({ lines: [odd] }))[0]?.[0]?.html ?? '', /^&lt;b&gt;x&lt;\/b&gt; /);
});

test('what others pay adds up to its own total', () => {
  const rows = outsideBlockRows(
    position({
      outsideBlock: { esfa_direct: 1_000_000, health: 100_000, social_care: 5, transport: 90_000 },
    }),
  );
  assert.deepEqual(
    rows.map((r) => [r[0]?.text, r[1]?.text]),
    [
      ['The ESFA, paid directly to providers', '£10,000'],
      ['Health', '£1,000'],
      ['Social care', '£0.05'],
      ['Home to school transport', '£900'],
      // 1,000,000 + 100,000 + 5 + 90,000 = 1,190,005.
      ['Total', '£11,900.05'],
    ],
  );
});

test('expected starters not priced are listed soonest first by their type’s name', () => {
  const rows = unpricedRows(
    position({
      unpricedStarters: [
        { placementType: 'maintained_special', budgetLine: 'special_schools', expectedStartOn: '2026-03-23' },
        { placementType: 'specialist_post_16', budgetLine: 'post_16', expectedStartOn: '2025-12-01' },
      ],
    }),
  );
  assert.deepEqual(rows, [
    [{ text: 'Specialist post-16 institution' }, { text: '1 December 2025' }],
    [{ text: 'Maintained special school' }, { text: '23 March 2026' }],
  ]);
});

test('what needs doing: a budget to set, next year’s in the last quarter, approvals, unpriced starters', () => {
  const waiting = position({
    budget: null,
    totals: { ...figures(0, 1_479_452), awaitingApproval: 1_479_452 },
    unpricedStarters: [
      { placementType: 'maintained_special', budgetLine: 'special_schools', expectedStartOn: '2026-03-23' },
      { placementType: 'maintained_special', budgetLine: 'special_schools', expectedStartOn: '2026-03-30' },
    ],
  });
  assert.deepEqual(toDos(waiting, { ...everyone, budgetYears: [] }), [
    {
      text: 'No budget is set for 2025-26, so the forecast has nothing to be measured against.',
      link: { href: '/finance/budgets/2025-26', text: 'Set the 2025-26 budget' },
    },
    {
      text: 'The 2026-27 budget is not set yet: the year starts on 1 April 2026.',
      link: { href: '/finance/budgets/2026-27', text: 'Set the 2026-27 budget' },
    },
    {
      text: 'Placements costing £14,794.52 in 2025-26 are waiting for a finance approver. They are in the forecast, but not committed until approved.',
      link: { href: '/placements?status=awaiting', text: 'See the placements waiting for approval' },
    },
    {
      text: '2 expected starters have no expected cost, so the forecast leaves them out: Maintained special school.',
      link: { href: '/finance/expected-costs', text: 'Set the expected cost of a new placement' },
    },
  ]);
  const onlyReading = toDos(waiting, {
    ...everyone,
    canManage: false,
    canSeePlacements: false,
    budgetYears: [],
  });
  assert.ok(
    onlyReading.every((item) => item.link === undefined),
    'nothing is offered that would be refused',
  );
  assert.equal(onlyReading.length, 4, 'but everything is still said');
});

test('placements from EHC plans with costs to confirm are work for the finance officer, linked to the list of them', () => {
  assert.deepEqual(toDos(position({ placementsToConfirm: 2 }), everyone), [
    {
      text: '2 placements made from EHC plans have costs to confirm. Until their costs are entered, the forecast counts them as expected starters, at the expected cost of a new placement of their type.',
      link: { href: '/placements?plan=to-confirm', text: 'See the placements from EHC plans to confirm' },
    },
  ]);
  assert.equal(
    toDos(position({ placementsToConfirm: 1 }), { ...everyone, canSeePlacements: false })[0]?.text.slice(
      0,
      48,
    ),
    '1 placement made from an EHC plan has costs to c',
  );
});

test('next year’s budget is asked for only in January to March of this year, and a later year says by when', () => {
  const set = position();
  assert.deepEqual(toDos(set, { ...everyone, today: '2025-12-31', budgetYears: [2025] }), []);
  assert.equal(toDos(set, { ...everyone, today: '2026-01-01', budgetYears: [2025] }).length, 1);
  assert.deepEqual(toDos(set, everyone), [], '2026-27 is set already');
  assert.deepEqual(toDos(position({ fy: 2026, label: '2026-27', budget: null }), everyone)[0], {
    text: 'No budget is set for 2026-27: it should be set before the year starts on 1 April 2026.',
    link: { href: '/finance/budgets/2026-27', text: 'Set the 2026-27 budget' },
  });
});

test('the years offered are those with a budget and the years around this one, the latest first', () => {
  assert.deepEqual(
    yearItems([2019, 2025], 2025, '2026-03-02').map((i) => `${i.text}${i.selected ? '*' : ''}`),
    ['2026-27', '2025-26*', '2024-25', '2019-20'],
  );
});

test('types to price say how many starters wait on each and when the first is due', () => {
  const toPrice = startersToPrice([
    { placementType: 'maintained_special', budgetLine: 'special_schools', expectedStartOn: '2026-03-30' },
    { placementType: 'specialist_post_16', budgetLine: 'post_16', expectedStartOn: '2025-12-01' },
    { placementType: 'maintained_special', budgetLine: 'special_schools', expectedStartOn: '2026-03-23' },
  ]);
  assert.deepEqual(Object.fromEntries(toPrice), {
    maintained_special: {
      label: 'Maintained special school',
      text: '2 expected starters, the first from 23 March 2026',
    },
    specialist_post_16: {
      label: 'Specialist post-16 institution',
      text: '1 expected starter, from 1 December 2025',
    },
  });
});
