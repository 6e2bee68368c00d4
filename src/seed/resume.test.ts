import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keptFromEarlierRun, SeedError } from './index.ts';

const plans = [{ code: '201' }, { code: '202' }, { code: '203' }];

test('a national seed run again keeps the LAs its earlier run made and makes the rest', () => {
  const made = new Map([
    ['201', { scale: 'national', seed: 1 }],
    ['202', { scale: 'national', seed: 1 }],
  ]);
  assert.deepEqual(
    [...keptFromEarlierRun({ scale: 'national', seed: 1 }, plans, new Set(['201', '202']), made)],
    ['201', '202'],
  );
});

test('an LA made another way, or by a national seed with another number, is refused rather than doubled', () => {
  const refuses = (
    made: Map<string, { scale: string; seed: number }>,
    scale: 'national' | 'norfolk' = 'national',
  ) =>
    assert.throws(
      () => keptFromEarlierRun({ scale, seed: 1 }, plans, new Set(['202']), made),
      (err: unknown) => err instanceof SeedError && /LA 202 already exists/.test(err.message),
    );
  refuses(new Map());
  refuses(new Map([['202', { scale: 'national', seed: 2 }]]));
  refuses(new Map([['202', { scale: 'norfolk', seed: 1 }]]));
  refuses(new Map([['202', { scale: 'norfolk', seed: 1 }]]), 'norfolk');
});

test('nothing to keep in an empty database', () => {
  assert.equal(keptFromEarlierRun({ scale: 'national', seed: 1 }, plans, new Set(), new Map()).size, 0);
});
