import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { safeNext } from './safe-next.ts';

const site = 'https://opensend.example';

/**
 * Where a browser would go with this Location: it drops tabs and newlines from a URL before
 * reading it, and treats a backslash as a slash, which the WHATWG URL parser does too.
 */
function browserDestination(location: string): URL {
  return new URL(location.replace(/[\t\n\r]/g, ''), site);
}

/** Values people have used to leave a site through a "go back to" parameter. */
const hostileNext = [
  '/\t/evil.example/x',
  '/\n/evil.example/x',
  '/\r\n/evil.example/x',
  '\t//evil.example',
  '/\\evil.example',
  '/\\/evil.example',
  '\\\\evil.example',
  '//evil.example',
  '///evil.example',
  '/./\\evil.example',
  '/.//evil.example',
  '/..//evil.example',
  'https://evil.example',
  'HTTPS://evil.example/',
  'https:evil.example',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '/%2F%2Fevil.example',
  '/%5Cevil.example',
  '/%09/evil.example',
  `/${'a'.repeat(5000)}`,
  `//${'a'.repeat(5000)}.example`,
  '/\u0000/evil.example',
  '/\u007f/evil.example',
  '/\u0085/evil.example',
  '/\u009b/evil.example',
  '/\u2028/evil.example',
  '/\uff0f\uff0fevil.example',
  '/\u202e/elpmaxe.live//',
  '/évènements',
  '/日本語',
  ' //evil.example',
  '',
];

test('after sign-in only paths on this site are followed', () => {
  assert.equal(safeNext('/admin/audit?from=2026-01-01'), '/admin/audit?from=2026-01-01');
  assert.equal(safeNext('/children?q=Smith%20Jones&page=2'), '/children?q=Smith%20Jones&page=2');
  assert.equal(safeNext(undefined), '/');
  assert.equal(safeNext('https://evil.example'), '/');
  assert.equal(safeNext('//evil.example'), '/');
  assert.equal(safeNext('/\\evil.example'), '/');
});

test('a path that a browser would read as another host falls back to the home page', () => {
  for (const next of hostileNext) {
    const r = safeNext(next);
    assert.equal(browserDestination(r).origin, site, `${JSON.stringify(next)} gave ${JSON.stringify(r)}`);
  }
  for (const next of ['/\t/evil.example/x', '/\n/evil.example', '/.//evil.example', '/\u0085/evil.example'])
    assert.equal(safeNext(next), '/', JSON.stringify(next));
});

test('what is followed is written as a header can carry it: no control character, no backslash, ASCII only', () => {
  assert.equal(safeNext('/évènements?q=ü'), '/%C3%A9v%C3%A8nements?q=%C3%BC');
  for (const next of hostileNext) assert.match(safeNext(next), /^\/[\x21-\x7e]*$/, JSON.stringify(next));
});

test('only a string is read: a repeated or structured parameter falls back to the home page', () => {
  assert.equal(safeNext(['/a', '//evil.example']), '/');
  assert.equal(safeNext({ toString: () => '//evil.example' }), '/');
  assert.equal(safeNext(42), '/');
});

test('whatever is asked for, the answer stays on this site', () => {
  const piece = fc.constantFrom(
    '/',
    '\\',
    '\t',
    '\n',
    '\r',
    '.',
    '..',
    '%2F',
    '%5C',
    'evil.example',
    ':',
    '@',
    '?',
    '#',
    ' ',
    '\u0000',
    '\u0085',
  );
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.array(piece).map((p) => p.join('')),
      ),
      (s) => {
        const r = safeNext(s);
        return /^\/[\x21-\x7e]*$/.test(r) && browserDestination(r).origin === site;
      },
    ),
  );
});
