import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  englandAndWalesCalendar as ew,
  nextWorkingDayFrom,
  subtractWorkingDays,
  workingDaysBeginningWith,
} from './bank-holidays.ts';
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

test('a period of working days beginning with a day counts that day when it is a working day', () => {
  assert.equal(workingDaysBeginningWith(ew, '2026-11-23', 1), '2026-11-23', 'Monday is its own first day');
  assert.equal(workingDaysBeginningWith(ew, '2026-11-28', 1), '2026-11-30', 'a Saturday starts on Monday');
  // Mon 5 Jan 2026: 5–9 (5), 12–16 (10), 19–23 Jan (15).
  assert.equal(workingDaysBeginningWith(ew, '2026-01-05', 15), '2026-01-23');
  // Mon 14 Dec 2026: 14–18 (5), 21–24 (9), 29–31 Dec (12; 25 and 28 Dec are bank holidays),
  // 4–6 Jan 2027 (15; 1 Jan is a bank holiday).
  assert.equal(workingDaysBeginningWith(ew, '2026-12-14', 15), '2027-01-06');
  // Sat 23 May 2026: Mon 25 May is a bank holiday, so 26–29 May (4), 1–5 Jun (9), 8–12 Jun (14), 15 Jun (15).
  assert.equal(workingDaysBeginningWith(ew, '2026-05-23', 15), '2026-06-15');
});

test('counting working days back skips weekends and bank holidays; the day itself does not count', () => {
  assert.equal(subtractWorkingDays(ew, '2026-11-24', 1), '2026-11-23');
  assert.equal(subtractWorkingDays(ew, '2026-11-30', 1), '2026-11-27');
  // Tue 29 Dec 2026 back one: Mon 28 (Boxing Day substitute) and Fri 25 are bank holidays, so Thu 24.
  assert.equal(subtractWorkingDays(ew, '2026-12-29', 1), '2026-12-24');
  // Mon 26 Jan 2026 back 15: 23–19 (5), 16–12 (10), 9–5 Jan (15).
  assert.equal(subtractWorkingDays(ew, '2026-01-26', 15), '2026-01-05');
});

test('the first working day on or after a day', () => {
  assert.equal(
    nextWorkingDayFrom(ew, '2026-08-29'),
    '2026-09-01',
    'Sat 29, Sun 30 and bank holiday Mon 31 Aug',
  );
  assert.equal(nextWorkingDayFrom(ew, '2026-09-01'), '2026-09-01');
});
