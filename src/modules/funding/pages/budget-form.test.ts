import assert from 'node:assert/strict';
import { test } from 'node:test';
import { budgetFormValues, budgetFromForm, maxLines, readBudgetForm, withMoreRows } from './budget-form.ts';

const line = (code: string, name: string, budget: string, otherCommitted = '') => ({
  code,
  name,
  budget,
  otherCommitted,
});

test('a new year starts from the standard lines and three blank rows', () => {
  const v = budgetFormValues(null);
  assert.equal(v.version, '0');
  assert.deepEqual(
    v.lines.map((l) => l.code),
    [
      'mainstream_top_ups',
      'special_schools',
      'independent',
      'post_16',
      'alternative_provision',
      'central_services',
      '',
      '',
      '',
    ],
  );
});

test('a year with a budget shows its amounts in pounds as people type them', () => {
  const v = budgetFormValues({
    fy: 2025,
    label: '2025-26',
    allocationPence: 13_490_000_000,
    esfaDirectPence: 0,
    ownBudgetPence: 13_490_000_000,
    unallocatedPence: 0,
    lines: [
      { code: 'central_services', name: 'Central services', budgetPence: 50_050, otherCommittedPence: 0 },
    ],
    version: 4,
    updatedAt: null,
  });
  assert.deepEqual(
    { version: v.version, allocation: v.allocation, esfaDirect: v.esfaDirect, first: v.lines[0] },
    {
      version: '4',
      allocation: '134,900,000',
      esfaDirect: '0',
      first: line('central_services', 'Central services', '500.50', '0'),
    },
  );
  assert.equal(v.lines.length, 4);
});

test('the form is read for as many rows as it showed, never more than a budget may have', () => {
  const v = readBudgetForm({
    rows: '2',
    allocation: '1',
    'line-0-code': 'a',
    'line-1-name': 'B',
    'line-2-code': 'ignored',
  });
  assert.deepEqual(v.lines, [line('a', '', ''), line('', 'B', '')]);
  assert.equal(readBudgetForm({ rows: '5000' }).lines.length, maxLines);
  assert.equal(readBudgetForm({ rows: 'many' }).lines.length, 0);
  assert.equal(readBudgetForm({ rows: ['1', '2'] }).lines.length, 0, 'a field sent twice is not a number');
  assert.equal(withMoreRows(readBudgetForm({ rows: '49' })).lines.length, maxLines);
});

test('pounds become pence, blank rows are left out and a blank other commitment is nothing', () => {
  const read = budgetFromForm({
    version: '0',
    allocation: '£134,900,000',
    esfaDirect: '',
    lines: [
      line('special_schools', ' Special schools ', '30,000.5'),
      line('', '', ''),
      line('post_16', 'Post-16', '0', '12.34'),
    ],
  });
  assert.deepEqual(read, {
    ok: true,
    input: {
      version: 0,
      allocationPence: 13_490_000_000,
      esfaDirectPence: 0,
      lines: [
        { code: 'special_schools', name: 'Special schools', budgetPence: 3_000_050, otherCommittedPence: 0 },
        { code: 'post_16', name: 'Post-16', budgetPence: 0, otherCommittedPence: 1_234 },
      ],
    },
  });
});

test('while an amount is mistyped the sums across the form are not judged, only codes and names', () => {
  const read = budgetFromForm({
    version: '0',
    allocation: '-5',
    esfaDirect: '',
    lines: [line('Bad Code', '', '1,000,000')],
  });
  assert.deepEqual(read, {
    ok: false,
    errors: [
      { field: 'allocation', message: 'The allocation: enter an amount of £0 or more' },
      {
        field: 'line-0-code',
        message: 'Line 1: code must be lower-case letters, digits and _, like special_schools',
      },
      { field: 'line-0-name', message: 'Line 1: enter the line’s name' },
    ],
  });
});

test('a version that is not a number is refused as the API refuses it', () => {
  const read = budgetFromForm({ version: 'x', allocation: '1', esfaDirect: '', lines: [] });
  assert.equal(read.ok, false);
  assert.match(JSON.stringify(read), /version must be the version you read \(0 for a new year\)/);
});
