import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { buildingDirOf, replaceDataDir, settleDataDir } from './data-dir.ts';

let root: string;
let dataDir: string;
const holding = (dir: string, file: string) => {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), file);
};
const files = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : null);

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'opensend-data-dir-'));
  dataDir = path.join(root, 'pglite');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test('a finished build takes the data directory’s place, and nothing else is left beside it', () => {
  holding(dataDir, 'old');
  holding(buildingDirOf(dataDir), 'restored');
  replaceDataDir(dataDir);
  assert.deepEqual(files(dataDir), ['restored']);
  assert.deepEqual(fs.readdirSync(root), ['pglite']);
});

test('a swap stopped after the old directory was moved aside is finished by the next to open it', () => {
  holding(`${dataDir}.replaced`, 'old');
  holding(`${dataDir}.restored`, 'restored');
  settleDataDir(dataDir);
  assert.deepEqual(files(dataDir), ['restored']);
  assert.deepEqual(fs.readdirSync(root), ['pglite']);
});

test('a build that never finished is cleared away, and the data directory kept as it was', () => {
  holding(dataDir, 'old');
  holding(buildingDirOf(dataDir), 'half');
  settleDataDir(dataDir);
  assert.deepEqual(files(dataDir), ['old']);
  assert.deepEqual(fs.readdirSync(root), ['pglite']);
});
