import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  amountText,
  approvalView,
  attendanceText,
  basisText,
  costByYear,
  endText,
  fyOptions,
  pagination,
  placeFundingText,
  placementSummaryRows,
  planConfirmations,
  sharesText,
  statusText,
} from './presenters.ts';
import type { CostLineRow } from './repo.ts';
import type { PlacementRecord } from './service.ts';

const line = (over: Partial<CostLineRow>): CostLineRow => ({
  id: 'l1',
  placementId: 'p1',
  kind: 'fee',
  amountPence: 100_000,
  per: 'year',
  unitsPerYear: null,
  topUpBand: null,
  funder: 'la',
  effectiveFrom: '2026-09-01',
  effectiveTo: null,
  healthShareBp: 0,
  socialCareShareBp: 0,
  note: null,
  fromPlan: false,
  createdAt: new Date('2026-03-02T09:00:00Z'),
  createdBy: null,
  ...over,
});

const placement = (over: Partial<PlacementRecord> = {}): PlacementRecord => ({
  id: 'p1',
  childId: 'c1',
  establishmentId: 'e1',
  providerName: null,
  type: 'maintained_special',
  startOn: '2026-09-01',
  endOn: null,
  expectedEndOn: null,
  fte: 1,
  residentialWeeks: null,
  basis: 'ehc_plan',
  planId: 'plan1',
  approval: 'not_needed',
  approvedAnnualPence: null,
  approvalDecidedBy: null,
  approvalDecidedAt: null,
  approvalNote: null,
  enteredBy: 'u1',
  costsThroughFy: 2027,
  planLink: null,
  linkedPlanId: null,
  changedSincePlan: false,
  costsToConfirm: false,
  typeToConfirm: false,
  planCheck: null,
  version: 1,
  createdAt: new Date('2026-03-02T09:00:00Z'),
  updatedAt: new Date('2026-03-02T09:00:00Z'),
  child: { id: 'c1', forename: 'Ada', surname: 'Placed', dateOfBirth: '2015-03-27', upn: null },
  setting: { id: 'e1', urn: 145678, name: 'Chapel Green School' },
  costLines: [],
  annualCostTodayPence: 0,
  peakAnnualCostPence: 1_000_000,
  byFinancialYear: [],
  ...over,
});

const names = new Map([
  ['u1', 'Fran Finance'],
  ['u2', 'Alex Approver'],
]);

test('attendance reads as full time, as days a week where it is a whole or half day, else as FTE', () => {
  assert.equal(attendanceText(1), 'Full time');
  // 0.4 × 5 = 2 days; 0.2 × 5 = 1 day; 0.45 × 5 = 2.25 days; 0.333 × 5 = 1.665, not two places.
  assert.equal(attendanceText(0.4), 'Part time: 2 days a week (0.4 FTE)');
  assert.equal(attendanceText(0.2), 'Part time: 1 day a week (0.2 FTE)');
  assert.equal(attendanceText(0.45), 'Part time: 2.25 days a week (0.45 FTE)');
  assert.equal(attendanceText(0.333), 'Part time: 0.333 FTE');
});

test('the end reads as the day it ended, else the day it is expected to, else none', () => {
  assert.equal(endText({ endOn: '2027-07-20', expectedEndOn: '2029-07-20' }), '20 July 2027');
  assert.equal(endText({ endOn: null, expectedEndOn: '2029-07-20' }), '20 July 2029 (expected)');
  assert.equal(endText({ endOn: null, expectedEndOn: null }), 'No end date');
});

test('each type says the place funding it usually has, and who pays it', () => {
  assert.equal(
    placeFundingText('maintained_special'),
    'Usual place funding: £10,000 a year, paid by the LA from the high needs block',
  );
  assert.equal(
    placeFundingText('academy_special'),
    'Usual place funding: £10,000 a year, paid by the ESFA directly',
  );
  assert.equal(
    placeFundingText('mainstream_unit'),
    'Usual place funding: £6,000 a year, paid by the LA from the high needs block',
  );
  assert.equal(placeFundingText('mainstream'), 'No usual place funding');
});

test('an agreed amount reads with what it comes to a year; a band with its value today', () => {
  assert.equal(amountText(line({ amountPence: 1_000_000 }), []), '£10,000 a year');
  // Three terms make a year: £5,000 × 3 = £15,000.
  assert.equal(
    amountText(line({ amountPence: 500_000, per: 'term' }), []),
    '£5,000 a term, 3 terms a year (£15,000 a year)',
  );
  // £1,500 × 38.5 weeks = £57,750.
  assert.equal(
    amountText(line({ amountPence: 150_000, per: 'week', unitsPerYear: 38.5 }), []),
    '£1,500 a week, 38.5 weeks a year (£57,750 a year)',
  );
  // £95.50 × 190 days = 9,550 × 190 = 1,814,500 pence, £18,145.
  assert.equal(
    amountText(line({ amountPence: 9_550, per: 'day', unitsPerYear: 190 }), []),
    '£95.50 a day, 190 days a year (£18,145 a year)',
  );
  const band = line({ kind: 'top_up', amountPence: null, per: null, topUpBand: 'S2' });
  assert.equal(
    amountText(band, [{ band: 'S2', label: 'Complex needs', annualPenceToday: 1_200_000 }]),
    'Band S2: Complex needs (£12,000 a year today)',
  );
  assert.equal(
    amountText(band, [{ band: 'S2', label: 'Complex needs', annualPenceToday: null }]),
    'Band S2: Complex needs (not in the top-up scheme in force today)',
  );
});

test('shares name health and social care; education pays the rest', () => {
  assert.equal(sharesText({ healthShareBp: 0, socialCareShareBp: 0 }), 'Education pays all');
  assert.equal(sharesText({ healthShareBp: 2_500, socialCareShareBp: 0 }), 'Health 25%');
  assert.equal(sharesText({ healthShareBp: 0, socialCareShareBp: 1_250 }), 'Social care 12.5%');
  assert.equal(sharesText({ healthShareBp: 2_500, socialCareShareBp: 1_000 }), 'Health 25%, social care 10%');
});

test('the cost by year has a column for every payer, in one order, and the year’s total', () => {
  const table = costByYear([
    {
      fy: 2026,
      label: '2026-27',
      committedPence: 4_000_000,
      byPayer: { high_needs: 3_000_000, health: 1_000_000 },
    },
  ]);
  assert.deepEqual(table.heads, [
    'High needs block',
    'ESFA, paid directly',
    'Health',
    'Social care',
    'Home to school transport',
  ]);
  assert.deepEqual(table.rows, [
    { label: '2026-27', cells: ['£30,000', '£0', '£10,000', '£0', '£0'], total: '£40,000' },
  ]);
});

test('a placement waiting for approval asks an approver who did not enter it to decide, and tells anyone else who it waits for', () => {
  const waiting = { approval: 'awaiting' as const, enteredBy: 'u1', startOn: '2026-09-01' };
  assert.equal(approvalView(waiting, 'u2', true, '2026-03-02')?.decide, true);
  assert.match(
    approvalView(waiting, 'u2', true, '2026-03-02')?.waitingText ?? '',
    /waiting for your decision.*It starts on 1 September 2026\./,
  );
  assert.deepEqual(approvalView(waiting, 'u1', true, '2026-03-02'), {
    decide: false,
    waitingText:
      'This placement is waiting for a finance approver other than you to approve it: you entered it or its latest cost. It does not count as committed until it is approved. It starts on 1 September 2026.',
  });
  assert.equal(approvalView(waiting, 'u3', false, '2026-03-02')?.decide, false);
  assert.match(
    approvalView(waiting, 'u3', false, '2026-03-02')?.waitingText ?? '',
    /a finance approver who did not enter it/,
  );
  assert.match(
    approvalView(waiting, 'u3', false, '2026-09-01')?.waitingText ?? '',
    /It started on 1 September 2026\.$/,
    'on its first day it has started',
  );
  assert.equal(approvalView({ ...waiting, approval: 'approved' }, 'u2', true, '2026-03-02'), null);
});

test('the status says who entered the placement and who decided on it', () => {
  assert.equal(
    statusText(placement(), names),
    'Committed, entered by Fran Finance: it costs no more than the approval threshold',
  );
  assert.equal(
    statusText(placement({ approval: 'awaiting' }), names),
    'Waiting for approval, entered by Fran Finance',
  );
  assert.equal(
    statusText(
      placement({
        approval: 'approved',
        approvalDecidedBy: 'u2',
        approvalDecidedAt: new Date('2026-03-02T23:30:00Z'),
        approvedAnnualPence: 6_000_000,
      }),
      names,
    ),
    // 23:30 UTC on 2 March is still 2 March in London (GMT).
    'Approved by Alex Approver on 2 March 2026, up to £60,000 a year; entered by Fran Finance',
  );
  assert.equal(
    statusText(placement({ approval: 'rejected', approvalDecidedBy: 'u9', enteredBy: null }), names),
    'Not approved by someone no longer here; entered by nobody recorded',
  );
});

test('the summary offers Change on dates and attendance only to writers, and shows the end once it has ended', () => {
  const rows = placementSummaryRows(placement({ expectedEndOn: '2029-07-20' }), names, true, '2026-03-02');
  const keys = rows.map((r) => r.key.text);
  assert.deepEqual(keys, [
    'Child',
    'Setting',
    'Type',
    'Start',
    'Expected end',
    'Attendance',
    'Residential',
    'Basis',
    'Status',
    'Annual cost today',
    'The most it costs a year',
  ]);
  assert.equal(rows[3]?.actions?.items[0]?.href, '/placements/p1/change#startOn-day');
  assert.equal(rows[1]?.value.text, 'Chapel Green School (URN 145678)');
  assert.ok(placementSummaryRows(placement(), names, false, '2026-03-02').every((r) => !r.actions));
  const ended = placementSummaryRows(placement({ endOn: '2027-03-31' }), names, true, '2027-04-01');
  assert.deepEqual([ended[4]?.key.text, ended[4]?.value.text], ['Ended', '31 March 2027']);
  // An end still to come, as a plan naming a September placement gives the one before it.
  const ends = placementSummaryRows(placement({ endOn: '2026-08-31' }), names, true, '2026-03-02');
  assert.deepEqual([ends[4]?.key.text, ends[4]?.value.text], ['Ends', '31 August 2026']);
  const rejected = placementSummaryRows(
    placement({ approval: 'rejected', approvalNote: 'Too far' }),
    names,
    false,
    '2026-03-02',
  );
  assert.ok(rejected.some((r) => r.key.text === 'Why it was not approved' && r.value.text === 'Too far'));
});

test('a placement from an EHC plan says what the plan did, and what is left to confirm', () => {
  assert.equal(
    basisText(placement({ planLink: 'made' })),
    'Named in the EHC plan: made from the plan when it was issued',
  );
  assert.equal(basisText(placement({ basis: 'interim' })), 'Interim, before an EHC plan names it');
  assert.equal(planConfirmations(placement(), {}), null, 'nothing to confirm');
  const toConfirm = planConfirmations(
    placement({
      establishmentId: null,
      providerName: 'Education otherwise than in school',
      type: 'eotas',
      typeToConfirm: true,
      costsToConfirm: true,
      planCheck: 'plan_changed',
    }),
    {},
  );
  assert.match(
    toConfirm?.type?.text ?? '',
    /a provider without a URN whose type of placement it cannot tell/,
  );
  assert.equal(toConfirm?.type?.providerName, 'Education otherwise than in school');
  assert.equal(toConfirm?.type?.items.find((i) => i.checked)?.value, 'eotas');
  assert.match(toConfirm?.costs ?? '', /counts it at the expected cost of a new placement of its type/);
  assert.match(toConfirm?.planCheck ?? '', /changed its date or setting after someone changed the placement/);
  // What the person chose is kept when the form comes back with an error.
  assert.equal(
    planConfirmations(placement({ typeToConfirm: true }), { type: 'academy_special' })?.type?.items.find(
      (i) => i.checked,
    )?.value,
    'academy_special',
  );
});

test('the years to choose are those with costs and this one, in order, this one marked', () => {
  assert.deepEqual(fyOptions([2026, 2024], 2025, 2026), [
    { value: '2024-25', text: '2024-25', selected: false },
    { value: '2025-26', text: '2025-26 (this year)', selected: false },
    { value: '2026-27', text: '2026-27', selected: true },
  ]);
});

test('pages show the first, the last and the neighbours of the current one; past the end there is no way forward', () => {
  const href = (p: number) => `/placements?page=${p}`;
  const p = pagination(200, 5, 20, href);
  assert.deepEqual(
    p.items.map((i) => ('ellipsis' in i ? '…' : i.current ? `[${i.number}]` : i.number)),
    ['1', '…', '4', '[5]', '6', '…', '10'],
  );
  assert.deepEqual(pagination(12, 1, 20, href).items, []);
  const past = pagination(30, 9, 20, href);
  assert.equal(past.next, undefined);
  assert.equal(past.previous, undefined);
});
