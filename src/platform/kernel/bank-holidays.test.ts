import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addWorkingDays, englandAndWalesCalendar as ew, nextWorkingDayFrom } from './bank-holidays.ts';
import { dayNumber } from './days.ts';

const holiday = (iso: string) => ew.isBankHoliday(dayNumber(iso));

test('GOV.UK years: the feed’s own days, substitute days included', () => {
  assert.ok(holiday('2020-05-08'), 'VE Day moved the early May bank holiday in 2020');
  assert.ok(!holiday('2020-05-04'));
  assert.ok(holiday('2027-12-28'), 'Boxing Day substitute, 2027');
  assert.ok(holiday('2026-08-31'));
  assert.ok(!holiday('2026-08-24'));
});

test('2021 to 2023, missing from the feed, come from date-holidays with their one-off days', () => {
  assert.ok(holiday('2022-06-02') && holiday('2022-06-03'), 'Platinum Jubilee');
  assert.ok(!holiday('2022-05-30'), 'the spring bank holiday moved to 2 June in 2022');
  assert.ok(holiday('2022-09-19'), 'State Funeral');
  assert.ok(holiday('2023-05-08'), 'Coronation');
  assert.ok(holiday('2021-12-27') && holiday('2021-12-28'));
  assert.ok(!holiday('2023-06-01'));
});

test('working days skip weekends and bank holidays; the start day does not count', () => {
  assert.equal(addWorkingDays(ew, '2026-11-23', 1), '2026-11-24');
  assert.equal(addWorkingDays(ew, '2026-11-27', 1), '2026-11-30');
  // Christmas 2026: Fri 25 and Mon 28 (Boxing Day substitute) are bank holidays.
  assert.equal(addWorkingDays(ew, '2026-12-24', 1), '2026-12-29');
  // 15–18, 21–24, 29–31 Dec, 4–7 Jan: 25 and 28 Dec and 1 Jan are bank holidays.
  assert.equal(addWorkingDays(ew, '2026-12-14', 15), '2027-01-07');
  assert.equal(nextWorkingDayFrom(ew, '2026-08-29'), '2026-09-01');
  assert.equal(nextWorkingDayFrom(ew, '2026-09-01'), '2026-09-01');
});
