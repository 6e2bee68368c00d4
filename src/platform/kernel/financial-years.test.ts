import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays, dayNumber } from './days.ts';
import {
  clipToFy,
  dayOfFy,
  daysInFy,
  fyEnd,
  fyLabel,
  fyOf,
  fyStart,
  parseFyLabel,
} from './financial-years.ts';

const date = fc
  .integer({ min: dayNumber('1990-01-01'), max: dayNumber('2150-12-31') })
  .map((n) => addDays('1970-01-01', n));

test('January to March belong to the financial year that began the April before', () => {
  assert.equal(fyOf('2026-04-01'), 2026);
  assert.equal(fyOf('2026-12-31'), 2026);
  assert.equal(fyOf('2027-01-01'), 2026);
  assert.equal(fyOf('2027-03-31'), 2026);
  assert.equal(fyOf('2027-04-01'), 2027);
  assert.equal(fyStart(2026), '2026-04-01');
  assert.equal(fyEnd(2026), '2027-03-31');
});

test('a year is written with the last two digits of the next, across the turn of a century too', () => {
  assert.equal(fyLabel(2026), '2026-27');
  assert.equal(fyLabel(2009), '2009-10');
  assert.equal(fyLabel(1999), '1999-00');
  assert.equal(fyLabel(2099), '2099-00');
});

test('a year is read written with a hyphen or a slash, and only when its second part is the next year', () => {
  assert.equal(parseFyLabel('2026-27'), 2026);
  assert.equal(parseFyLabel('2026/27'), 2026);
  assert.equal(parseFyLabel(' 2026-27 '), 2026);
  assert.equal(parseFyLabel('1999-00'), 1999);
  assert.equal(parseFyLabel('2099/00'), 2099);
  assert.equal(parseFyLabel('2026-28'), null);
  assert.equal(parseFyLabel('2026-26'), null);
  assert.equal(parseFyLabel('1999-99'), null);
  assert.equal(parseFyLabel('2026-2027'), null);
  assert.equal(parseFyLabel('26-27'), null);
  assert.equal(parseFyLabel('2026 27'), null);
  assert.equal(parseFyLabel('2026'), null);
  assert.equal(parseFyLabel(''), null);
});

test('a financial year has 366 days exactly when it holds a 29 February', () => {
  assert.equal(daysInFy(2026), 365); // 2027 is not a leap year
  assert.equal(daysInFy(2027), 366); // 29 February 2028
  assert.equal(daysInFy(2028), 365); // 1 April 2028 comes after 29 February 2028
  assert.equal(daysInFy(2099), 365); // 2100 is divisible by 100 but not 400: not a leap year
  assert.equal(daysInFy(1999), 366); // 2000 is divisible by 400: a leap year
});

test('days of the financial year count from 1 on 1 April', () => {
  assert.equal(dayOfFy('2026-04-01'), 1);
  // April 30 + May 31 + June 30 + July 31 + August 31 + September 30 + October 31 = 214 days before 1 November.
  assert.equal(dayOfFy('2026-11-01'), 215);
  assert.equal(dayOfFy('2027-03-31'), 365);
  // 306 days to the end of January, so 29 February 2028 is day 306 + 29 = 335, and 31 March is day 366.
  assert.equal(dayOfFy('2028-02-29'), 335);
  assert.equal(dayOfFy('2028-03-31'), 366);
});

test('a period is cut to the days it has in a financial year', () => {
  assert.deepEqual(clipToFy(2026, '2025-09-01', null), { from: '2026-04-01', to: '2027-03-31' });
  assert.deepEqual(clipToFy(2026, '2026-11-01', '2028-07-31'), { from: '2026-11-01', to: '2027-03-31' });
  assert.deepEqual(clipToFy(2026, '2025-09-01', '2026-04-01'), { from: '2026-04-01', to: '2026-04-01' });
  assert.equal(clipToFy(2026, '2027-04-01', null), null);
  assert.equal(clipToFy(2026, '2025-09-01', '2026-03-31'), null);
});

test('every date lies in its financial year, and the year has as many days as its last day’s number', () => {
  fc.assert(
    fc.property(date, (d) => {
      const fy = fyOf(d);
      assert.ok(fyStart(fy) <= d && d <= fyEnd(fy));
      assert.equal(dayNumber(d) - dayNumber(fyStart(fy)) + 1, dayOfFy(d));
      assert.equal(dayOfFy(fyEnd(fy)), daysInFy(fy));
      assert.equal(addDays(fyEnd(fy), 1), fyStart(fy + 1));
      assert.equal(parseFyLabel(fyLabel(fy)), fy);
    }),
    { numRuns: 2000 },
  );
});
