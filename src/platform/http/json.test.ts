import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nestsDeeperThan } from './json.ts';

test('nesting is counted through objects and arrays, and brackets inside strings do not count', () => {
  assert.equal(nestsDeeperThan('{"a":[1,{"b":[]}]}', 4), false);
  assert.equal(nestsDeeperThan('{"a":[1,{"b":[]}]}', 3), true);
  assert.equal(nestsDeeperThan('{"text":"[[[[[[[[[[{{{{{{"}', 1), false);
  assert.equal(
    nestsDeeperThan('{"quote \\" [[[[":"\\\\"}', 1),
    false,
    'an escaped quote does not end the string',
  );
  assert.equal(nestsDeeperThan(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 32), true);
  assert.equal(nestsDeeperThan('[],[],[],[]', 1), false, 'siblings are not deeper');
});
