import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { busyMessage, DataDirBusy, type LockHolder, lockDataDir, lockFileOf } from './data-dir-lock.ts';

let dir: string;
let dataDir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opensend-lock-unit-'));
  dataDir = path.join(dir, 'pglite');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const holder = (over: Partial<LockHolder>): LockHolder => ({
  pid: process.pid,
  since: '2026-03-02T14:05:00Z',
  command: 'server',
  server: true,
  hostname: os.hostname(),
  processStart: null,
  token: 'other',
  ...over,
});

test('the lock sits beside the data directory, names this process and is gone once released', () => {
  const lock = lockDataDir(dataDir, { command: 'opensend migrate' });
  assert.equal(lock.file, `${dataDir}.lock`);
  const written = JSON.parse(fs.readFileSync(lock.file, 'utf8'));
  assert.equal(written.pid, process.pid);
  assert.equal(written.command, 'opensend migrate');
  assert.equal(written.server, false);
  lock.release();
  assert.equal(fs.existsSync(lock.file), false);
});

test('a second lock on a held directory is refused, naming the holder', () => {
  const lock = lockDataDir(dataDir, { command: 'server', server: true });
  try {
    assert.throws(
      () => lockDataDir(dataDir, { command: 'opensend seed' }),
      (err: unknown) => err instanceof DataDirBusy && err.holder?.token === lock.holder.token,
    );
  } finally {
    lock.release();
  }
});

test('releasing a lock that was taken over leaves the new holder’s file alone', () => {
  const lock = lockDataDir(dataDir, { command: 'opensend migrate' });
  fs.writeFileSync(lock.file, JSON.stringify(holder({ token: 'new-holder' })));
  lock.release();
  assert.equal(JSON.parse(fs.readFileSync(lock.file, 'utf8')).token, 'new-holder');
});

test('an empty lock file is one being written now, unless it is old enough to have been left by a crash', () => {
  fs.writeFileSync(lockFileOf(dataDir), '');
  assert.throws(() => lockDataDir(dataDir, { command: 'opensend migrate' }), /at this moment/);
  const aMinuteAgo = new Date(Date.now() - 60_000);
  fs.utimesSync(lockFileOf(dataDir), aMinuteAgo, aMinuteAgo);
  const told: string[] = [];
  const lock = lockDataDir(dataDir, { command: 'opensend migrate', onStaleLock: (m) => told.push(m) });
  lock.release();
  assert.match(told[0] ?? '', /unfinished lock file .* has been taken over/);
});

test('the message says who holds the directory, since when in UK time, and what to do instead', () => {
  // 14:05 UTC on 2 March is 14:05 in London (GMT); on 2 July it would read 15:05 (BST).
  assert.equal(
    busyMessage(holder({ pid: 1234 }), {}, '/srv/data/pglite'),
    'OpenSEND is running on this data directory, /srv/data/pglite (PID 1234, since 2 March 2026 at 14:05). Stop OpenSEND first, or use /admin/users in the browser for people and /admin/backups for a backup.',
  );
  assert.match(
    busyMessage(holder({ pid: 1234, since: '2026-07-02T14:05:00Z' }), { server: true }, '/srv/data/pglite'),
    /^OpenSEND is already running on the data directory \/srv\/data\/pglite \(PID 1234, since 2 July 2026 at 15:05\)\. Stop it first/,
  );
  assert.match(
    busyMessage(holder({ pid: 77, server: false, command: 'opensend seed --la 926' }), {}, '/d'),
    /^Another OpenSEND command is using the data directory \/d: opensend seed --la 926 \(PID 77, since 2 March 2026 at 14:05\)\. Wait for it to finish/,
  );
});
