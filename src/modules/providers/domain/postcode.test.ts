import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalisePostcode } from './postcode.ts';

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
