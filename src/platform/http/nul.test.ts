import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutNul } from './nul.ts';

test('NUL characters are taken out of strings at any depth, and nothing else changes', () => {
  const buffer = Buffer.from('a\u0000b');
  assert.deepEqual(withoutNul({ a: 'x\u0000y', b: [1, '\u0000', { c: 'ok' }], d: null, e: true }), {
    a: 'xy',
    b: [1, '', { c: 'ok' }],
    d: null,
    e: true,
  });
  assert.equal(withoutNul(buffer), buffer, 'an uploaded file is left as it came');
  assert.equal(withoutNul('plain'), 'plain');
});
