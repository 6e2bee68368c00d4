import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inYear, potYear, returnDueOn } from './years.ts';

// Each date worked by hand from the rule: the year's last day, then the same date a calendar month
// on, or that month's last day where it has no such date.

describe('a pot’s year', () => {
  test('the financial year 2026 runs from 1 April 2026 to 31 March 2027 and is written 2026-27', () => {
    assert.deepEqual(potYear('financial', 2026), {
      kind: 'financial',
      year: 2026,
      startsOn: '2026-04-01',
      endsOn: '2027-03-31',
      label: '2026-27',
    });
  });
  test('the academic year 2026 runs from 1 September 2026 to 31 August 2027', () => {
    const y = potYear('academic', 2026);
    assert.equal(y.startsOn, '2026-09-01');
    assert.equal(y.endsOn, '2027-08-31');
    assert.equal(y.label, '2026-27');
  });
  test('the year 2099 is written 2099-00', () => {
    assert.equal(potYear('financial', 2099).label, '2099-00');
  });
  test('both the first and the last day are in the year; the days either side are not', () => {
    const y = potYear('academic', 2025);
    assert.equal(inYear(y, '2025-09-01'), true);
    assert.equal(inYear(y, '2026-08-31'), true);
    assert.equal(inYear(y, '2025-08-31'), false);
    assert.equal(inYear(y, '2026-09-01'), false);
  });
});

describe('the end-of-year return is due a month after the year’s last day', () => {
  test('academic 2026: the year ends 31 August 2027; September has no 31st, so 30 September 2027', () => {
    assert.equal(returnDueOn(potYear('academic', 2026)), '2027-09-30');
  });
  test('financial 2026: the year ends 31 March 2027; April has no 31st, so 30 April 2027', () => {
    assert.equal(returnDueOn(potYear('financial', 2026)), '2027-04-30');
  });
  test('academic 2025: ends 31 August 2026, due 30 September 2026', () => {
    assert.equal(returnDueOn(potYear('academic', 2025)), '2026-09-30');
  });
  test('financial 2027 in a leap year: ends 31 March 2028, due 30 April 2028', () => {
    assert.equal(returnDueOn(potYear('financial', 2027)), '2028-04-30');
  });
});
