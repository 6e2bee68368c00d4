import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changedSince } from './changes.ts';
import { fromDateParts, fromGiasDate } from './dates.ts';

test('a stale edit lists only what someone else changed, in words', () => {
  const labels = { name: 'Name', postcode: 'Postcode', capacity: 'Capacity' };
  assert.deepEqual(
    changedSince(
      { name: 'Oak Tree', postcode: 'NR1 2DH', capacity: '' },
      { name: 'Oak Tree', postcode: 'NR2 4TT', capacity: '40' },
      labels,
    ),
    [
      { field: 'postcode', label: 'Postcode', from: 'NR1 2DH', to: 'NR2 4TT' },
      { field: 'capacity', label: 'Capacity', from: '(blank)', to: '40' },
    ],
  );
});

test('dates are read from GIAS (dd-mm-yyyy) and from date inputs, and must be real', () => {
  assert.equal(fromGiasDate('01-09-2024'), '2024-09-01');
  assert.equal(fromGiasDate('29-02-2023'), undefined);
  assert.equal(fromGiasDate('2024-09-01'), undefined);
  assert.equal(fromDateParts('1', '9', '2024'), '2024-09-01');
  assert.equal(fromDateParts('31', '4', '2024'), undefined);
  assert.equal(fromDateParts('1', '9', '24'), undefined);
});
