import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { normalisePostcode } from './postcode.ts';

test('every shape of UK postcode is accepted and written with one space', () => {
  const cases: [string, string][] = [
    ['nr1 2dh', 'NR1 2DH'],
    ['NR12DH', 'NR1 2DH'],
    ['  NR1   2DH ', 'NR1 2DH'],
    ['M1 1AE', 'M1 1AE'],
    ['B33 8TH', 'B33 8TH'],
    ['CR2 6XH', 'CR2 6XH'],
    ['DN55 1PT', 'DN55 1PT'],
    ['W1A 0AX', 'W1A 0AX'],
    ['EC1A 1BB', 'EC1A 1BB'],
    ['gir0aa', 'GIR 0AA'],
  ];
  for (const [input, expected] of cases) assert.equal(normalisePostcode(input), expected, input);
});

test('things that are not postcodes are refused', () => {
  for (const bad of [
    '',
    'NR1',
    'NR1 2D',
    'NR1 2DHX',
    '12345',
    'NR1 CDH',
    'QR1 2DH',
    'NR1 2CI',
    'N R 1 2 D H X Y',
    'NR1-2DH',
  ])
    assert.equal(normalisePostcode(bad), null, bad);
});

test('property: normalising twice gives the same postcode as once', () => {
  const letter = fc.constantFrom(...'ABCDEFGHJKLMNOPRSTUWYZ');
  const d = fc.constantFrom(...'0123456789');
  const candidate = fc
    .tuple(
      letter,
      fc.option(letter, { nil: '' }),
      d,
      fc.option(d, { nil: '' }),
      d,
      letter,
      letter,
      fc.boolean(),
    )
    .map(([a, b, c, e, f, g, h, lower]) => {
      const s = `${a}${b}${c}${e} ${f}${g}${h}`;
      return lower ? s.toLowerCase() : s;
    });
  fc.assert(
    fc.property(candidate, (s) => {
      const once = normalisePostcode(s);
      return once === null || normalisePostcode(once) === once;
    }),
  );
});

test('postcodes of every shape are accepted and written the Royal Mail way', () => {
  const cases: [string, string][] = [
    ['nr1 2dh', 'NR1 2DH'],
    ['NR12DH', 'NR1 2DH'],
    ['  pe30   1aa ', 'PE30 1AA'],
    ['M1 1AE', 'M1 1AE'],
    ['B33 8TH', 'B33 8TH'],
    ['CR2 6XH', 'CR2 6XH'],
    ['DN55 1PT', 'DN55 1PT'],
    ['W1A 0AX', 'W1A 0AX'],
    ['EC1A 1BB', 'EC1A 1BB'],
    ['SW1A 2AA', 'SW1A 2AA'],
    ['GIR 0AA', 'GIR 0AA'],
  ];
  for (const [input, expected] of cases) assert.equal(normalisePostcode(input), expected, input);
});

test('things that are not UK postcodes are refused', () => {
  for (const input of [
    '',
    'NR1',
    '12345',
    'NR1 2D',
    'NR1 2DHH',
    'QR1 1AA',
    'NR1 1CA',
    'NR1 IAA',
    'N R1 2DH X',
    'NR99 ZZZ9',
  ])
    assert.equal(normalisePostcode(input), null, input);
});
