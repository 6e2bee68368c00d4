import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextStep, timeAgo } from './presenter.ts';
import type { BackupRow } from './service.ts';

const at = (iso: string) => new Date(iso);

test('how long ago, in whole units rounded down, minutes to two days, then days', () => {
  const now = at('2026-03-04T12:00:00Z');
  assert.equal(timeAgo(at('2026-03-04T11:59:01Z'), now), 'less than a minute ago'); // 59 s
  assert.equal(timeAgo(at('2026-03-04T11:58:59Z'), now), '1 minute ago'); // 61 s
  assert.equal(timeAgo(at('2026-03-04T11:01:00Z'), now), '59 minutes ago');
  assert.equal(timeAgo(at('2026-03-04T11:00:00Z'), now), '1 hour ago');
  assert.equal(timeAgo(at('2026-03-02T12:01:00Z'), now), '47 hours ago'); // 47 h 59 min
  assert.equal(timeAgo(at('2026-03-02T12:00:00Z'), now), '2 days ago'); // 48 h
});

const row = (over: Partial<BackupRow>): BackupRow => ({
  id: 'b',
  status: 'succeeded',
  requestedAt: at('2026-03-02T08:59:00Z'),
  finishedAt: at('2026-03-02T09:00:00Z'),
  requestedBy: 'Alex Admin',
  message: null,
  made: null,
  fileHere: true,
  ...over,
});

test('a backup made less than a day ago: the next is due a day after it was made', () => {
  // Made 09:00 on 2 March; a day later is 09:00 on 3 March; at 08:59 that is 23 h 59 min on.
  assert.deepEqual(nextStep([row({})], at('2026-03-03T08:59:00Z')), {
    kind: 'up-to-date',
    last: at('2026-03-02T09:00:00Z'),
    ago: '23 hours ago',
    nextBy: at('2026-03-03T09:00:00Z'),
  });
});

test('a day after the last backup, one is due', () => {
  assert.deepEqual(nextStep([row({})], at('2026-03-03T09:00:00Z')), {
    kind: 'due',
    last: at('2026-03-02T09:00:00Z'),
    ago: '24 hours ago',
  });
});

test('one being made, or the last one failing, comes before when the last was made', () => {
  const made = row({});
  assert.deepEqual(
    nextStep(
      [row({ status: 'running', requestedAt: at('2026-03-03T10:00:00Z') }), made],
      at('2026-03-03T10:01:00Z'),
    ),
    {
      kind: 'in-progress',
      since: at('2026-03-03T10:00:00Z'),
    },
  );
  assert.deepEqual(
    nextStep(
      [row({ status: 'failed', message: 'No backup was made: the disk is full.' }), made],
      at('2026-03-03T10:01:00Z'),
    ),
    {
      kind: 'last-failed',
      reason: 'No backup was made: the disk is full.',
    },
  );
  assert.deepEqual(nextStep([], at('2026-03-03T10:01:00Z')), { kind: 'none-yet' });
});
