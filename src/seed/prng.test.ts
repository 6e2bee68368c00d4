import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Prng } from './prng.ts';

test('a seed makes the same ids it always made, so a demo seeded again is the same demo', () => {
  // The first three ids of three seeds, as the generator has made them since it was written.
  const first = (seed: number) => {
    const rng = new Prng(seed);
    return [rng.uuid(), rng.uuid(), rng.uuid()];
  };
  assert.deepEqual(first(1), [
    'fb07ac67-a7d8-4b88-b4a6-3559faadea03',
    'a9e52098-de91-4b22-9621-7430649529ec',
    'a8b7bd9b-afe6-4df3-bcdb-bfe716d91e4d',
  ]);
  assert.deepEqual(first(926), [
    '8dd37197-e0e1-4c30-9c41-7095c9388db8',
    '00f41310-89d0-4be0-bb21-0dede94ef78b',
    '06794974-2114-4448-b173-10ccc6fbdc2c',
  ]);
  assert.deepEqual(first(2 ** 31), [
    '82340a36-a2a6-47a3-a6d8-5fd64315a267',
    'da3987bb-32a7-4912-870f-9fd380fd9358',
    'aa5b691e-4f7b-4332-949d-44e63f08065b',
  ]);
});

test('every id is a version 4 UUID of the RFC 4122 variant, as the API accepts', () => {
  const rng = new Prng(42);
  for (let i = 0; i < 10_000; i++)
    assert.match(rng.uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
