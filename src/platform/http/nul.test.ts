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

test("NUL characters are taken out of the query parser's records, whose prototype is not Object's", () => {
  function Empty() {}
  Empty.prototype = Object.create(null);
  const query = new (Empty as unknown as new () => Record<string, unknown>)();
  query.q = 'Dere\u0000ham';
  assert.deepEqual({ ...(withoutNul(query) as object) }, { q: 'Dereham' });
  const date = new Date('2026-03-02T09:00:00Z');
  assert.equal(withoutNul(date), date, 'a date is left as it came');
});

test('half a character becomes the replacement character, and whole ones are left', () => {
  // "\ud800" alone is half of a character; "\ud83d\ude00" (😀) is whole; "\ude00" alone is half.
  assert.deepEqual(withoutNul({ name: 'a\ud800b', smile: '\ud83d\ude00', tail: 'x\ude00' }), {
    name: 'a\ufffdb',
    smile: '😀',
    tail: 'x\ufffd',
  });
});
