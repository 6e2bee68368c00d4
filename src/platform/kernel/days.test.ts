import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addCalendarMonths, addDays, dayNumber, daysBetween, isoFromDayNumber, weekday } from './days.ts';

test('day numbers agree with the calendar', () => {
  assert.equal(dayNumber('1970-01-01'), 0);
  assert.equal(dayNumber('2000-03-01'), 11_017);
  assert.equal(isoFromDayNumber(dayNumber('2024-02-29')), '2024-02-29');
  assert.equal(addDays('2023-12-31', 1), '2024-01-01');
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2023-02-28', 1), '2023-03-01');
  assert.equal(daysBetween('2026-01-05', '2026-05-25'), 140);
  assert.equal(weekday(dayNumber('2026-11-24')), 2);
});

test('day numbers match Date, inside the cached years and outside them', () => {
  fc.assert(
    fc.property(fc.integer({ min: -60_000, max: 120_000 }), (day) => {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      assert.equal(isoFromDayNumber(day), iso);
      assert.equal(dayNumber(iso), day);
    }),
    { numRuns: 5000 },
  );
});

test('calendar months keep the date, or take the month’s last day when there is none', () => {
  assert.equal(addCalendarMonths('2026-01-15', 2), '2026-03-15');
  assert.equal(addCalendarMonths('2025-12-31', 2), '2026-02-28');
  assert.equal(addCalendarMonths('2023-12-31', 2), '2024-02-29');
  assert.equal(addCalendarMonths('2026-11-30', 2), '2027-01-30');
  assert.equal(addCalendarMonths('2026-03-31', 1), '2026-04-30');
});
