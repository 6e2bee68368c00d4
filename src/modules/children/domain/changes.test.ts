import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  changedFields,
  listInWords,
  mergeAfterStaleEdit,
  staleEdit,
  staleEditMessage,
  staleFieldProblems,
} from './changes.ts';

const order = ['forename', 'surname', 'dateOfBirth', 'senNeeds'];

test('the fields that differ, compared by value, lists included', () => {
  const before = { forename: 'Zoë', surname: 'Brontë', senNeeds: ['ASD', 'SLCN'] };
  assert.deepEqual(
    changedFields(before, { ...before, senNeeds: ['ASD', 'SLCN'] }, ['forename', 'surname', 'senNeeds']),
    [],
  );
  assert.deepEqual(
    changedFields(before, { ...before, surname: 'Bronte', senNeeds: ['SLCN', 'ASD'] }, [
      'forename',
      'surname',
      'senNeeds',
    ]),
    ['surname', 'senNeeds'],
  );
});

test('an edit from the current version is not stale', () => {
  assert.deepEqual(staleEdit(3, { version: 3, changes: [{ version: 3, fields: ['surname'] }] }, order), {
    stale: false,
  });
});

test('an edit from an older version lists every field changed since, once, in form order', () => {
  const current = {
    version: 5,
    changes: [
      { version: 2, fields: ['forename'] },
      { version: 3, fields: ['senNeeds'] },
      { version: 4, fields: ['surname', 'senNeeds'] },
      { version: 5, fields: ['dateOfBirth'] },
    ],
  };
  assert.deepEqual(staleEdit(2, current, order), {
    stale: true,
    currentVersion: 5,
    changedFields: ['surname', 'dateOfBirth', 'senNeeds'],
  });
});

test('the message names what changed in words', () => {
  assert.equal(listInWords(['a', 'b', 'c']), 'a, b and c');
  assert.equal(
    staleEditMessage(['surname', 'senNeeds'], { surname: 'last name', senNeeds: 'SEN needs' }),
    'Someone else changed the last name and SEN needs after you opened this record, so your changes have not been saved. Check the record as it is now and make your changes again',
  );
  assert.match(staleEditMessage([], {}), /^Someone else changed it after/);
});

test("after a stale edit the form keeps this person's typing, but shows the other's changes", () => {
  const submitted = { forename: 'Zoe', surname: 'Bronte', postcode: 'NR1 2DH' };
  const current = { forename: 'Zoë', surname: 'Brontë-Smith', postcode: 'NR2 1AA' };
  assert.deepEqual(mergeAfterStaleEdit(submitted, current, ['surname']), {
    forename: 'Zoe',
    surname: 'Brontë-Smith',
    postcode: 'NR1 2DH',
  });
});

test('property: a change recorded after the loaded version is always reported', () => {
  fc.assert(
    fc.property(
      fc.array(fc.subarray(order, { minLength: 1 }), { minLength: 1, maxLength: 8 }),
      fc.nat(),
      (changes, pick) => {
        const history = changes.map((fields, i) => ({ version: i + 2, fields }));
        const loaded = 1 + (pick % history.length);
        const check = staleEdit(loaded, { version: history.length + 1, changes: history }, order);
        const expected = new Set(history.filter((c) => c.version > loaded).flatMap((c) => c.fields));
        return (
          check.stale &&
          check.changedFields.length === expected.size &&
          check.changedFields.every((f) => expected.has(f))
        );
      },
    ),
  );
});

test('each changed field gets its own message, for the API and beside the field', () => {
  assert.deepEqual(
    staleFieldProblems(['surname', 'senNeeds'], { surname: 'last name', senNeeds: 'SEN needs' }, 3),
    [
      { field: 'surname', message: 'Someone else changed the last name since version 3' },
      { field: 'senNeeds', message: 'Someone else changed the SEN needs since version 3' },
    ],
  );
});
