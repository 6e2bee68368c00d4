import assert from 'node:assert/strict';
import { test } from 'node:test';
import { medianDays, waitFigures } from './waits.ts';

test('days waiting count from the first day, and lateness from the day the place was needed', () => {
  // 1 September 2026 to 2 March 2027: 30 (Sep) + 31 + 30 + 31 + 31 (Jan) + 28 (Feb) + 1 = 182 days.
  assert.deepEqual(waitFigures({ waitingSince: '2026-09-01', neededFrom: '2027-01-05' }, '2027-03-02'), {
    daysWaiting: 182,
    // 5 January to 2 March: 26 + 28 + 2 = 56 days late.
    daysLate: 56,
  });
  assert.deepEqual(waitFigures({ waitingSince: '2027-03-02', neededFrom: '2027-09-01' }, '2027-03-02'), {
    daysWaiting: 0,
    daysLate: 0,
  });
});

test('the median is the middle day, the lower of two middles', () => {
  assert.equal(medianDays([]), null);
  assert.equal(medianDays([40, 10, 20]), 20);
  assert.equal(medianDays([40, 10, 20, 30]), 20);
});
