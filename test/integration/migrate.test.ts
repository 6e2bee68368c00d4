import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  MigrationError,
  migrate,
  migrationsDir,
  readMigrations,
  schemaVersion,
} from '../../src/platform/db/migrate.ts';
import { createTestDatabase } from '../support/db.ts';

function copyMigrations(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opensend-migrations-'));
  for (const f of fs.readdirSync(migrationsDir))
    fs.copyFileSync(path.join(migrationsDir, f), path.join(dir, f));
  return dir;
}

describe('migrations', () => {
  test('apply once, are recorded, and a second run does nothing', async () => {
    const db = await createTestDatabase();
    try {
      const all = readMigrations();
      assert.equal(await schemaVersion(db), all.length);
      const again = await migrate(db);
      assert.deepEqual(again.applied, []);
      assert.equal(again.version, all.length);
    } finally {
      await db.drop();
    }
  });

  test('a migration edited after it was applied stops the app', async () => {
    const db = await createTestDatabase();
    const dir = copyMigrations();
    try {
      const first = fs.readdirSync(dir).sort()[0] ?? '';
      fs.appendFileSync(path.join(dir, first), '\n-- edited\n');
      await assert.rejects(migrate(db, readMigrations(dir)), (err: Error) => {
        return err instanceof MigrationError && /was changed after it was applied/.test(err.message);
      });
    } finally {
      await db.drop();
      fs.rmSync(dir, { recursive: true });
    }
  });

  test('a new migration is applied, and a failing one leaves nothing half-done', async () => {
    const db = await createTestDatabase();
    const dir = copyMigrations();
    try {
      const next = readMigrations(dir).length + 1;
      const name = `${String(next).padStart(4, '0')}_broken.sql`;
      fs.writeFileSync(
        path.join(dir, name),
        'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n',
      );
      await assert.rejects(migrate(db, readMigrations(dir)), /broken failed/);
      assert.equal(await schemaVersion(db), next - 1);
      await assert.rejects(
        db.db
          .selectFrom('half_done' as 'las')
          .selectAll()
          .execute(),
      );
    } finally {
      await db.drop();
      fs.rmSync(dir, { recursive: true });
    }
  });

  test('files out of sequence or badly named are refused', () => {
    const dir = copyMigrations();
    try {
      const last = Math.max(...fs.readdirSync(dir).map((f) => Number.parseInt(f.slice(0, 4), 10) || 0));
      const gap = `${String(last + 2).padStart(4, '0')}_gap.sql`;
      fs.writeFileSync(path.join(dir, gap), 'SELECT 1;');
      assert.throws(() => readMigrations(dir), /out of sequence/);
      fs.rmSync(path.join(dir, gap));
      fs.writeFileSync(path.join(dir, 'extra.sql'), 'SELECT 1;');
      assert.throws(() => readMigrations(dir), /named NNNN_name\.sql/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
