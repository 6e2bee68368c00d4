import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Figures } from './domain/totals.ts';
import { groupingItems, groupLabel, reconciliation, shareOfForecast, toDos } from './presenters.ts';

const none: Figures = {
  children: 0,
  placements: 0,
  committedPence: 0,
  awaitingApprovalPence: 0,
  expectedStartersPence: 0,
  forecastPence: 0,
  paidByOthersPence: 0,
  averagePerChildPence: null,
};

test('each group reads as people name it: a type, a need, a grade, a name, or none', () => {
  const g = (key: string, name: string | null = null, childName: string | null = null) => ({
    key,
    name,
    childName,
  });
  assert.equal(groupLabel('type', g('independent_special')), 'Independent special school');
  assert.equal(groupLabel('need', g('SEMH')), 'Social, emotional and mental health');
  assert.equal(groupLabel('need', g('none')), 'No primary need recorded');
  assert.equal(groupLabel('need', g('__proto__')), '__proto__', 'no label is inherited');
  assert.equal(groupLabel('ofsted', g('no_urn')), 'No URN');
  assert.equal(groupLabel('cluster', g('none')), 'No cluster');
  assert.equal(groupLabel('cluster', g('c1', 'Dereham')), 'Dereham');
  assert.equal(groupLabel('provider', g('s1', 'Chapel Green School')), 'Chapel Green School');
  assert.equal(groupLabel('child', g('k', null, 'Ash Alder')), 'Ash Alder');
});

test('a share of the forecast is to one place, never 0% for something, and a dash with no forecast', () => {
  assert.equal(shareOfForecast(300_000, 5_979_844), '5%');
  assert.equal(shareOfForecast(4_013_699, 5_979_844), '67.1%');
  assert.equal(shareOfForecast(1, 5_979_844), 'less than 0.1%');
  assert.equal(shareOfForecast(0, 5_979_844), '0%');
  assert.equal(shareOfForecast(0, 0), '–');
});

test('what needs doing: spend below Good, unpriced starters and approvals, linked only for those who may act', () => {
  const totals = { ...none, forecastPence: 5_979_844, awaitingApprovalPence: 1_479_452 };
  const items = toDos(
    {
      label: '2025-26',
      by: 'type',
      totals,
      belowGood: { settings: 2, children: 3, forecastPence: 1_234_567 },
      unpricedStarters: 1,
    },
    { canManage: false, canSeePlacements: true },
  );
  assert.deepEqual(items, [
    {
      // £12,345.67 to the nearest pound; 1,234,567 / 5,979,844 = 20.645%.
      text: '£12,346 of the 2025-26 forecast (20.6%) is with 2 settings Ofsted graded Requires improvement or Inadequate, for 3 children.',
      link: { href: '/finance/totals?fy=2025-26&by=provider', text: 'See the settings and their grades' },
    },
    {
      text: '1 expected starter has no expected cost for the type of setting, so the forecast leaves it out.',
    },
    {
      text: '£14,794.52 of placements in 2025-26 waits for a finance approver: in the forecast, not yet committed.',
      link: { href: '/placements?status=awaiting', text: 'See the placements waiting for approval' },
    },
  ]);
  assert.deepEqual(
    toDos(
      {
        label: '2025-26',
        by: 'type',
        totals: none,
        belowGood: { settings: 0, children: 0, forecastPence: 0 },
        unpricedStarters: 0,
      },
      { canManage: true, canSeePlacements: true },
    ),
    [],
  );
});

test('the totals say how they make the position, with or without commitments outside placements', () => {
  const totals = { ...none, committedPence: 4_438_748, forecastPence: 5_979_844 };
  assert.equal(
    reconciliation({ label: '2025-26', totals, otherCommittedPence: 400_000 }),
    'With the £4,000 the budget records as committed outside placements, these make the 2025-26 position’s committed £48,387.48 and forecast £63,798.44.',
  );
  assert.equal(
    reconciliation({ label: '2025-26', totals, otherCommittedPence: 0 }),
    'These are the 2025-26 position’s committed £44,387.48 and forecast £59,798.44.',
  );
});

test('by child is offered only to those who may see children', () => {
  assert.ok(groupingItems('type', true).some((i) => i.value === 'child'));
  assert.ok(!groupingItems('type', false).some((i) => i.value === 'child'));
  assert.deepEqual(
    groupingItems('ofsted', false).filter((i) => i.selected),
    [{ value: 'ofsted', text: 'By Ofsted grade', selected: true }],
  );
});
