import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { backupJobKind, makeBackup, restoreBackup } from '../../src/platform/backups/index.ts';
import { connect, type Database } from '../../src/platform/db/connect.ts';
import { migrate, readMigrations } from '../../src/platform/db/migrate.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { enqueueJob } from '../../src/platform/jobs/index.ts';
import { seed } from '../../src/seed/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const today = '2026-11-24';

/** A fresh, empty database to restore into: a new data directory, or a new PostgreSQL database. */
async function emptyTarget(
  dir: string,
): Promise<{ dataDir?: string; databaseUrl?: string; drop(): Promise<void> }> {
  const server = process.env.DATABASE_URL;
  if (!server)
    return { dataDir: path.join(fs.mkdtempSync(path.join(dir, 'target-')), 'pglite'), drop: async () => {} };
  const name = `opensend_restore_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const openTarget = (t: { dataDir?: string; databaseUrl?: string }) =>
  connect(t.databaseUrl ? { databaseUrl: t.databaseUrl } : { dataDir: t.dataDir });

/**
 * Every table's rows and a hash of their content, read as the owner (row-level security does not
 * apply to the test's superuser), rows in a fixed order. The restore's own audit events are left
 * out: they are the one thing a restore adds.
 */
async function contents(database: Database): Promise<Map<string, { rows: number; md5: string }>> {
  const tables = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`.execute(database.db);
  const out = new Map<string, { rows: number; md5: string }>();
  for (const { name } of tables.rows) {
    const where = name === 'audit_events' ? sql`WHERE t.action <> 'backup.restored'` : sql``;
    const r = await sql<{ rows: number; md5: string | null }>`
      SELECT count(*)::int AS rows, md5(string_agg(t::text, E'\n' ORDER BY t::text)) AS md5
      FROM ${sql.table(name)} t ${where}`.execute(database.db);
    out.set(name, { rows: Number(r.rows[0]?.rows), md5: r.rows[0]?.md5 ?? '' });
  }
  return out;
}

describe('a backup restores into a fresh database exactly as it was', () => {
  let source: TestDatabase;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opensend-backups-'));
    source = await createTestDatabase();
    await seed(source, {
      scale: 'norfolk',
      seed: 3,
      la: { code: '940', name: 'Backed (demo)' },
      children: 300,
      today,
    });
    await seed(source, {
      scale: 'norfolk',
      seed: 4,
      la: { code: '941', name: 'Also (demo)' },
      children: 80,
      today,
    });
  });
  after(async () => {
    await source.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('every table has the same rows and the same content after a round trip', async () => {
    const file = path.join(dir, 'round-trip.backup');
    const made = await makeBackup(source, { file, databaseUrl: source.url });
    assert.equal(made.kind, source.kind);
    assert.deepEqual(made.las, ['940', '941']);
    assert.equal(made.schemaVersion, readMigrations().length);
    const before = await contents(source);
    assert.ok(
      (before.get('children')?.rows ?? 0) > 380,
      'the comparison reads the rows, not an empty view of them',
    );
    assert.ok((before.get('ehc_events')?.rows ?? 0) > 1000);

    const target = await emptyTarget(dir);
    try {
      const restored = await restoreBackup({ file, force: false, ...target });
      assert.deepEqual(restored.replaced, []);
      assert.deepEqual(restored.migrated.applied, []);
      const database = await openTarget(target);
      try {
        assert.deepEqual(await contents(database), before);
        const events = await sql<{ la_code: string }>`
          SELECT la_code FROM audit_events WHERE action = 'backup.restored' ORDER BY la_code`.execute(
          database.db,
        );
        assert.deepEqual(
          events.rows.map((e) => e.la_code),
          ['940', '941'],
          'each LA’s log records the restore',
        );
      } finally {
        await database.close();
      }
    } finally {
      await target.drop();
    }
  });

  test('the job that made a backup, running when the copy was taken, is finished in the restored copy', async () => {
    const file = path.join(dir, 'from-the-service.backup');
    const jobId = await inTenant(source.db, { laCode: '940', userId: null }, (tx) =>
      enqueueJob(tx, { laCode: '940', kind: backupJobKind, createdBy: null }),
    );
    await makeBackup(source, { file, databaseUrl: source.url, jobId });
    const target = await emptyTarget(dir);
    try {
      await restoreBackup({ file, force: false, ...target });
      const database = await openTarget(target);
      try {
        const job = await sql<{ status: string; result: { fileName: string; fileSha256: string } }>`
          SELECT status, result FROM jobs WHERE id = ${jobId}`.execute(database.db);
        assert.equal(
          job.rows[0]?.status,
          'succeeded',
          'a worker will not take it up and make another backup',
        );
        assert.equal(job.rows[0]?.result.fileName, 'from-the-service.backup');
        assert.equal(
          job.rows[0]?.result.fileSha256,
          createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
        );
      } finally {
        await database.close();
      }
    } finally {
      await target.drop();
    }
  });

  test('a backup from an older schema is migrated forward once restored', async () => {
    const older = await emptyTarget(dir);
    const file = path.join(dir, 'older.backup');
    try {
      const database = await openTarget(older);
      try {
        await migrate(database, readMigrations().slice(0, -1));
        await makeBackup(database, { file, databaseUrl: older.databaseUrl });
      } finally {
        await database.close();
      }
    } finally {
      await older.drop();
    }
    const target = await emptyTarget(dir);
    try {
      const restored = await restoreBackup({ file, force: false, ...target });
      assert.equal(restored.manifest.schemaVersion, readMigrations().length - 1);
      assert.deepEqual(restored.migrated.applied, [readMigrations().length]);
    } finally {
      await target.drop();
    }
  });
});
