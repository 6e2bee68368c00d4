import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { safeNext } from './routes.ts';

test('after sign-in only paths on this site are followed', () => {
  assert.equal(safeNext('/admin/audit?from=2026-01-01'), '/admin/audit?from=2026-01-01');
  assert.equal(safeNext(undefined), '/');
  assert.equal(safeNext('https://evil.example'), '/');
  assert.equal(safeNext('//evil.example'), '/');
  assert.equal(safeNext('/\\evil.example'), '/');
});

test('whatever is asked for, the answer is a same-site path', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      const r = safeNext(s);
      return r.startsWith('/') && !r.startsWith('//') && !r.startsWith('/\\');
    }),
  );
});
