import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  academicYearStart,
  addYears,
  ageOn,
  isoDateInLondon,
  isRealIsoDate,
  longDate,
  parseTypedDate,
} from './dates.ts';

test('real dates only', () => {
  assert.ok(isRealIsoDate('2024-02-29'));
  assert.ok(!isRealIsoDate('2025-02-29'));
  assert.ok(!isRealIsoDate('2025-13-01'));
  assert.ok(!isRealIsoDate('2025-1-01'));
  assert.ok(!isRealIsoDate('yesterday'));
});

test('adding years keeps the day, and 29 February becomes 28 February in a common year', () => {
  assert.equal(addYears('2026-03-02', -25), '2001-03-02');
  assert.equal(addYears('2024-02-29', -25), '1999-02-28');
  assert.equal(addYears('2024-02-29', -4), '2020-02-29');
});

test('age in completed years, with leap-day birthdays counted from 1 March in a common year', () => {
  assert.equal(ageOn('2015-03-27', '2025-03-26'), 9);
  assert.equal(ageOn('2015-03-27', '2025-03-27'), 10);
  assert.equal(ageOn('2020-02-29', '2025-02-28'), 4);
  assert.equal(ageOn('2020-02-29', '2025-03-01'), 5);
  assert.equal(ageOn('2020-02-29', '2024-02-29'), 4);
});

test('the academic year runs from 1 September to 31 August', () => {
  assert.equal(academicYearStart('2025-08-31'), 2024);
  assert.equal(academicYearStart('2025-09-01'), 2025);
  assert.equal(academicYearStart('2026-03-02'), 2025);
});

test('dates are written as GOV.UK writes them', () => {
  assert.equal(longDate('2015-03-07'), '7 March 2015');
});

test("today is England's date, so a late summer evening is already the next day", () => {
  assert.equal(isoDateInLondon(new Date('2026-06-30T23:30:00Z')), '2026-07-01');
  assert.equal(isoDateInLondon(new Date('2026-01-31T23:30:00Z')), '2026-01-31');
});

test('dates typed into a search box', () => {
  assert.equal(parseTypedDate('27/3/2015'), '2015-03-27');
  assert.equal(parseTypedDate('27-03-2015'), '2015-03-27');
  assert.equal(parseTypedDate('27.03.2015'), '2015-03-27');
  assert.equal(parseTypedDate('27 March 2015'), '2015-03-27');
  assert.equal(parseTypedDate('27 mar 2015'), '2015-03-27');
  assert.equal(parseTypedDate('2015-03-27'), '2015-03-27');
  assert.equal(parseTypedDate('31/2/2015'), null);
  assert.equal(parseTypedDate('27 Ma 2015'), null);
  assert.equal(parseTypedDate('Zoe'), null);
});
