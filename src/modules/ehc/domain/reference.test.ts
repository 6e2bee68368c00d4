import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceOf, referencePrefix } from './reference.ts';

test('a reference is EHC- and the first 8 characters of the ID, and is read back however it is typed', () => {
  assert.equal(referenceOf('1a2b3c4d-0000-4000-8000-000000000000'), 'EHC-1A2B3C4D');
  assert.equal(referencePrefix('EHC-1A2B3C4D'), '1a2b3c4d');
  assert.equal(referencePrefix(' ehc 1a2b '), '1a2b');
  assert.equal(referencePrefix('1a2b3c4d'), '1a2b3c4d');
  assert.equal(referencePrefix('Bede'), null, 'a name of hex letters is a name');
  assert.equal(referencePrefix('EHC-12'), null, 'too short to find one request');
  assert.equal(referencePrefix('EHC-1A2B3C4D5'), null);
});
