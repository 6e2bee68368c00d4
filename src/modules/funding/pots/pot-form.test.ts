import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useFromForm } from './central-use-form.ts';
import { potFromForm } from './pot-form.ts';

const form = {
  version: '',
  name: 'Learning Support',
  yearKind: 'academic',
  year: '2026',
  total: '£2,000,000.00',
  delegatedPercent: '75%',
  centralPercent: ' 25 ',
  previousPotId: '',
};

describe('the pot form', () => {
  test('reads money and percentages as people type them', () => {
    assert.deepEqual(potFromForm(form), {
      ok: true,
      body: {
        name: 'Learning Support',
        yearKind: 'academic',
        year: 2026,
        totalPence: 200_000_000,
        delegatedPercent: 75,
        centralPercent: 25,
        previousPotId: null,
      },
    });
  });

  test('a mistyped share is named alone, without a sum it makes meaningless', () => {
    assert.deepEqual(potFromForm({ ...form, centralPercent: 'a quarter' }), {
      ok: false,
      errors: [{ field: 'centralPercent', message: 'Enter the central share as a number, like 75' }],
    });
  });

  test('a changed pot carries the version it was read at', () => {
    const read = potFromForm({ ...form, version: '3' });
    assert.equal(read.ok && read.body.version, 3);
  });
});

describe('the central use form', () => {
  test('a service needs no FTE; its cost is read in pounds', () => {
    assert.deepEqual(useFromForm({ kind: 'service', name: 'Equipment loans', fte: '', cost: '18,000' }), {
      ok: true,
      body: { kind: 'service', name: 'Equipment loans', fte: null, costPence: 1_800_000 },
    });
  });

  test('a post needs its FTE, and a cost must be pounds', () => {
    assert.deepEqual(useFromForm({ kind: 'post', name: 'Disability adviser', fte: '', cost: 'lots' }), {
      ok: false,
      errors: [
        { field: 'fte', message: 'Enter the post’s full-time equivalent, like 1 or 0.5' },
        { field: 'cost', message: 'Enter the cost in pounds using numbers only, like 1,350 or 1,350.50' },
      ],
    });
    assert.deepEqual(useFromForm({ kind: 'post', name: 'Disability adviser', fte: '0.125', cost: '1' }), {
      ok: false,
      errors: [{ field: 'fte', message: 'The full-time equivalent must have no more than 2 decimal places' }],
    });
  });
});
