import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settle } from './horizon.ts';

test('with no writer running, the newest mark is the horizon at once', () => {
  assert.deepEqual(settle([{ handedOut: 12, writers: [] }], new Set()), { horizon: 12, waiting: [] });
});

test('a mark waits while a writer that held the table when it was taken is still running', () => {
  // A took id 10 and is still open; B took 11 and committed; the mark saw 11 handed out and A writing.
  const marks = [{ handedOut: 11, writers: ['3/7'] }];
  assert.deepEqual(settle(marks, new Set(['3/7'])), { horizon: null, waiting: marks });
  // A commits: everything up to 11 is final.
  assert.deepEqual(settle(marks, new Set()), { horizon: 11, waiting: [] });
});

test('the newest settled mark wins, and later marks still held back keep waiting', () => {
  const marks = [
    { handedOut: 11, writers: ['3/7'] },
    { handedOut: 15, writers: ['3/7', '4/2'] },
    { handedOut: 18, writers: ['5/9'] },
    { handedOut: 20, writers: ['5/9', '6/1'] },
  ];
  // 3/7 and 4/2 have ended; 5/9 has not.
  assert.deepEqual(settle(marks, new Set(['5/9', '8/8'])), { horizon: 15, waiting: marks.slice(2) });
});

test('a writer that started after a mark does not hold it back', () => {
  assert.deepEqual(settle([{ handedOut: 30, writers: ['3/7'] }], new Set(['9/1'])), {
    horizon: 30,
    waiting: [],
  });
});

test('while one long writer holds every mark, only the newest few are kept', () => {
  const marks = Array.from({ length: 50 }, (_, i) => ({ handedOut: i + 1, writers: ['2/1'] }));
  const r = settle(marks, new Set(['2/1']));
  assert.equal(r.horizon, null);
  assert.deepEqual(
    r.waiting.map((m) => m.handedOut),
    [41, 42, 43, 44, 45, 46, 47, 48, 49, 50],
  );
});
