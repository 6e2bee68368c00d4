import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { projectRoot as root } from '../support/cli.ts';

/** The files `npm test` runs, as test/files.mjs lists them with the environment given. */
function listed(databaseUrl?: string): string[] {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, ['test/files.mjs'], { cwd: root, env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

function walk(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    return e.isDirectory() ? walk(rel) : e.name.endsWith('.test.ts') ? [rel] : [];
  });
}

test('on PGlite every test file runs', () => {
  const every = [...walk('src'), ...walk('test/integration')].sort();
  assert.ok(every.length > 200);
  assert.deepEqual(listed(), every);
});

test('on PostgreSQL the files that reach a database or a process run, and the pure ones ran on PGlite', () => {
  const all = listed();
  const onPostgres = listed('postgresql://postgres@127.0.0.1:1/none');
  // Every integration file opens a database or starts the command, through the test support.
  for (const f of all.filter((f) => f.startsWith('test/integration/')))
    assert.ok(onPostgres.includes(f), `${f} should run on PostgreSQL`);
  // Reached through what they import: the seed's and the PGlite dialect's tests open databases.
  for (const f of [
    'src/platform/db/pglite-dialect.test.ts',
    'src/seed/reviews.test.ts',
    'src/platform/config.test.ts',
  ])
    assert.ok(onPostgres.includes(f), `${f} should run on PostgreSQL`);
  // Pure rules: the 20-week deadlines and the forecast's band model touch no database.
  for (const f of [
    'src/modules/ehc/domain/deadlines.test.ts',
    'src/modules/sufficiency/forecast/domain/bands.test.ts',
  ])
    assert.ok(!onPostgres.includes(f), `${f} need not run again on PostgreSQL`);
  // Whatever is left out opens no database and starts no process itself.
  for (const f of all.filter((f) => !onPostgres.includes(f))) {
    const source = fs.readFileSync(path.join(root, f), 'utf8');
    assert.doesNotMatch(
      source,
      /createTestDatabase|startTestApp|child_process|@electric-sql\/pglite|from 'pg'/,
      f,
    );
  }
});
