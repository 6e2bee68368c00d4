import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  approvalFromForm,
  attendanceValues,
  changeFromForm,
  costLineField,
  costLineFromForm,
  endFromForm,
  mergeProblems,
  needsConfirming,
  newPlacementField,
  newPlacementFromForm,
  numberFrom,
} from './forms.ts';

const start = { 'startOn-day': '1', 'startOn-month': '9', 'startOn-year': '2026' };

test('a number box gives its number, nothing for nothing, and anything else as typed for the schema to name', () => {
  assert.equal(numberFrom(' 38 '), 38);
  assert.equal(numberFrom('0.4'), 0.4);
  assert.equal(numberFrom(''), undefined);
  assert.equal(numberFrom('two'), 'two');
});

test('days a week become the share of full time, five days being full time', () => {
  // 2.5 days over 5 is 0.5; 2.25 days is 0.45; 5 days is 1.
  const fte = (days: string) =>
    newPlacementFromForm({ ...start, attendance: 'days', daysAWeek: days }).input.fte;
  assert.equal(fte('2.5'), 0.5);
  assert.equal(fte('2.25'), 0.45);
  assert.equal(fte('5'), 1);
  const problem = (days: string) =>
    newPlacementFromForm({ ...start, attendance: 'days', daysAWeek: days }).problems.find(
      (p) => p.field === 'daysAWeek',
    )?.message;
  assert.equal(problem('6'), 'Days a week must be more than 0 and no more than 5');
  assert.equal(problem('0'), 'Days a week must be more than 0 and no more than 5');
  assert.equal(
    problem('2.125'),
    'Enter the days a week as a number with at most 2 decimal places, like 2 or 2.5',
  );
  assert.equal(problem(''), 'Enter the days a week the child attends, like 2 or 2.5');
});

test('the usual place funding is added from the start date at the rule for the type', () => {
  const academy = newPlacementFromForm({ ...start, type: 'academy_special', placeFunding: 'yes' });
  assert.deepEqual(academy.input.costLines, [
    {
      kind: 'place_funding',
      amountPence: 1_000_000,
      per: 'year',
      funder: 'esfa',
      effectiveFrom: '2026-09-01',
    },
  ]);
  const mainstream = newPlacementFromForm({ ...start, type: 'mainstream', placeFunding: 'yes' });
  assert.deepEqual(mainstream.input.costLines, []);
  assert.match(
    mainstream.problems.find((p) => p.field === 'placeFunding')?.message ?? '',
    /mainstream school has no usual place funding/,
  );
  assert.deepEqual(newPlacementFromForm({ ...start, type: 'academy_special' }).input.costLines, []);
});

test('the setting is a URN to look up or a provider’s name, and a choice not made is named', () => {
  const byUrn = newPlacementFromForm({ settingKind: 'register', urn: ' 1234567 ' });
  assert.equal(byUrn.urn, 1234567);
  assert.equal(byUrn.input.providerName, undefined);
  assert.equal(
    newPlacementFromForm({ settingKind: 'register', urn: '12345' }).problems.find((p) => p.field === 'urn')
      ?.message,
    'URN must be 6 or 7 digits, like 121234',
  );
  assert.equal(
    newPlacementFromForm({ settingKind: 'other', providerName: 'Tuition' }).input.providerName,
    'Tuition',
  );
  const none = newPlacementFromForm({});
  assert.deepEqual(
    none.problems.map((p) => p.field),
    ['settingKind', 'type', 'basis', 'attendance'],
  );
  // An empty start date goes to the schema as empty, so the page gives the API's message.
  assert.equal(none.input.startOn, '');
  assert.equal(
    newPlacementFromForm({ 'startOn-day': '1', 'startOn-month': '9' }).problems.find(
      (p) => p.field === 'startOn',
    )?.message,
    'Start date must include a year',
  );
});

test('a start or a cost before 1 April 2000 is refused: costs are kept by financial year from 2000-01', () => {
  const early = { 'startOn-day': '31', 'startOn-month': '3', 'startOn-year': '2000' };
  assert.deepEqual(
    newPlacementFromForm(early).problems.find((p) => p.field === 'startOn'),
    {
      field: 'startOn',
      message: 'Start date must be 1 April 2000 or later',
    },
  );
  assert.equal(
    newPlacementFromForm({ ...early, 'startOn-day': '1', 'startOn-month': '4' }).input.startOn,
    '2000-04-01',
  );
  assert.ok(changeFromForm(early).problems.some((p) => p.field === 'startOn'));
  const line = costLineFromForm({
    'effectiveFrom-day': '1',
    'effectiveFrom-month': '1',
    'effectiveFrom-year': '1999',
  });
  assert.ok(
    line.problems.some((p) => p.message === 'The date it takes effect must be 1 April 2000 or later'),
  );
});

test('the service’s field names land on the form’s boxes', () => {
  const register = { settingKind: 'register', attendance: 'days' };
  assert.equal(newPlacementField('establishmentId', register), 'urn');
  assert.equal(newPlacementField('establishmentId', { settingKind: 'other' }), 'providerName');
  assert.equal(newPlacementField('establishmentId', {}), 'settingKind');
  assert.equal(newPlacementField('fte', register), 'daysAWeek');
  assert.equal(newPlacementField('fte', { attendance: 'fte' }), 'fte');
  assert.equal(newPlacementField('costLines.0.amountPence', register), 'placeFunding');
  assert.equal(newPlacementField('childId', register), 'child');
  assert.equal(newPlacementField('startOn', register), 'startOn');
  assert.equal(costLineField('amountPence'), 'amount');
  assert.equal(costLineField('costLines.0.topUpBand'), 'topUpBand');
  assert.equal(costLineField('version'), 'placement');
});

test('a change sends every box: an emptied end date clears it, and attendance is filled back as it reads', () => {
  const { input, problems } = changeFromForm({ ...start, attendance: 'full', version: '3' });
  assert.deepEqual(problems, []);
  assert.deepEqual(input, {
    version: 3,
    startOn: '2026-09-01',
    endOn: null,
    expectedEndOn: null,
    fte: 1,
    residentialWeeks: null,
  });
  assert.deepEqual(attendanceValues(1), { attendance: 'full', daysAWeek: '', fte: '' });
  assert.deepEqual(attendanceValues(0.4), { attendance: 'days', daysAWeek: '2', fte: '' });
  assert.deepEqual(attendanceValues(0.333), { attendance: 'fte', daysAWeek: '', fte: '0.333' });
});

test('a cost line is typed in pounds; weeks count only for a weekly or daily rate', () => {
  const from = { 'effectiveFrom-day': '1', 'effectiveFrom-month': '9', 'effectiveFrom-year': '2026' };
  const weekly = costLineFromForm({
    ...from,
    kind: 'fee',
    amountOrBand: 'amount',
    amount: '£1,350.50',
    per: 'week',
    unitsPerYear: '38',
    healthSharePercent: '25',
    note: '  ',
  });
  assert.deepEqual(weekly.problems, []);
  assert.deepEqual(weekly.line, {
    kind: 'fee',
    funder: 'la',
    amountPence: 135_050,
    per: 'week',
    unitsPerYear: 38,
    effectiveFrom: '2026-09-01',
    effectiveTo: null,
    healthSharePercent: 25,
    socialCareSharePercent: undefined,
    note: null,
  });
  const yearly = costLineFromForm({
    ...from,
    kind: 'fee',
    amountOrBand: 'amount',
    amount: '100',
    per: 'year',
    unitsPerYear: '38',
  });
  assert.equal(yearly.line.unitsPerYear, undefined);
  const band = costLineFromForm({
    ...from,
    kind: 'top_up',
    amountOrBand: 'band',
    topUpBand: 'S2',
    amount: '100',
  });
  assert.deepEqual([band.line.topUpBand, band.line.amountPence], ['S2', undefined]);
  const place = costLineFromForm({
    ...from,
    kind: 'place_funding',
    amountOrBand: 'amount',
    amount: '10000',
    per: 'year',
  });
  assert.deepEqual(place.problems, [{ field: 'funder', message: 'Select who pays the place funding' }]);
  const mistyped = costLineFromForm({
    ...from,
    kind: 'fee',
    amountOrBand: 'amount',
    amount: '-5',
    per: 'year',
  });
  assert.deepEqual(mistyped.problems, [{ field: 'amount', message: 'Enter an amount of £0 or more' }]);
});

test('an amount is confirmed only when it comes to more than £500,000 a year', () => {
  const amount = (amountPence: number, per: string, unitsPerYear?: number) =>
    needsConfirming({ kind: 'fee', amountPence, per, unitsPerYear });
  assert.equal(amount(50_000_000, 'year'), false, 'exactly £500,000 is not more');
  assert.equal(amount(50_000_001, 'year'), true);
  // £13,158 a week for 38 weeks is £500,004 a year; £13,157 is £499,966.
  assert.equal(amount(1_315_800, 'week', 38), true);
  assert.equal(amount(1_315_700, 'week', 38), false);
  // A term's amount three times: £166,667 a term is £500,001.
  assert.equal(amount(16_666_700, 'term'), true);
  assert.equal(needsConfirming({ kind: 'top_up', topUpBand: 'S2' }), false);
});

test('ending a line needs its last day, asked for in the API’s words', () => {
  assert.deepEqual(endFromForm({}), {
    effectiveTo: null,
    problems: [{ field: 'effectiveTo', message: 'effectiveTo: enter the last day the line applies' }],
  });
  assert.deepEqual(
    endFromForm({ 'effectiveTo-day': '30', 'effectiveTo-month': '2', 'effectiveTo-year': '2027' }).problems,
    [{ field: 'effectiveTo', message: 'effectiveTo must be a real date' }],
  );
  assert.equal(
    endFromForm({ 'effectiveTo-day': '31', 'effectiveTo-month': '3', 'effectiveTo-year': '2027' })
      .effectiveTo,
    '2027-03-31',
  );
});

test('a decision must be chosen, and a note past 1,000 characters is refused, not cut short', () => {
  assert.deepEqual(approvalFromForm({ decision: 'approve', note: ' Agreed ' }), {
    decision: 'approve',
    note: 'Agreed',
    problems: [],
  });
  assert.deepEqual(approvalFromForm({}).problems, [
    { field: 'decision', message: 'Select whether you approve the placement' },
  ]);
  assert.deepEqual(approvalFromForm({ decision: 'reject', note: 'x'.repeat(1001) }).problems, [
    { field: 'note', message: 'note must be 1000 characters or fewer' },
  ]);
});

test('page problems come first for a box, and all come in the order the boxes do', () => {
  const merged = mergeProblems(
    [{ field: 'b', message: 'page b' }],
    [
      { field: 'b', message: 'schema b' },
      { field: 'a', message: 'schema a' },
      { field: 'z', message: 'elsewhere' },
    ],
    ['a', 'b'],
  );
  assert.deepEqual(merged, [
    { field: 'a', message: 'schema a' },
    { field: 'b', message: 'page b' },
    { field: 'z', message: 'elsewhere' },
  ]);
});
