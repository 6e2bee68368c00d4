import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './connect.ts';

export const migrationsDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../db/migrations',
);

export interface Migration {
  version: number;
  name: string;
  checksum: string;
  script: string;
}

export class MigrationError extends Error {}

const fileName = /^(\d{4})_([a-z0-9_]+)\.sql$/;
// Any constant will do: it only has to be the same in every process that migrates.
const lockKey = 72_620_014;

export function readMigrations(dir = migrationsDir): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const m = fileName.exec(file);
      if (!m?.[1] || !m[2]) throw new MigrationError(`${file}: migration files are named NNNN_name.sql`);
      const script = fs.readFileSync(path.join(dir, file), 'utf8');
      return {
        version: Number(m[1]),
        name: m[2],
        checksum: createHash('sha256').update(script).digest('hex'),
        script,
      };
    });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new MigrationError(`migration ${m.version} is out of sequence (expected ${i + 1})`);
  });
  return migrations;
}

export interface MigrateResult {
  applied: number[];
  version: number;
}

/**
 * Applies every migration not yet recorded, each in its own transaction under an advisory
 * lock so that several app processes starting together apply each one exactly once.
 * A migration that was edited after it was applied stops the app: landed migrations are history.
 */
export async function migrate(database: Database, migrations = readMigrations()): Promise<MigrateResult> {
  await database.execScript(`SELECT pg_advisory_xact_lock(${lockKey});
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    );`);
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await database.db
      .selectFrom('schema_migrations')
      .select(['checksum'])
      .where('version', '=', m.version)
      .executeTakeFirst();
    if (done) {
      if (done.checksum !== m.checksum) {
        throw new MigrationError(
          `migration ${String(m.version).padStart(4, '0')}_${m.name} was changed after it was applied; add a new migration instead`,
        );
      }
      continue;
    }
    try {
      await database.execScript(`SELECT pg_advisory_xact_lock(${lockKey});
DO $migrate$ BEGIN
  IF EXISTS (SELECT 1 FROM schema_migrations WHERE version = ${m.version}) THEN
    RAISE EXCEPTION 'already applied' USING ERRCODE = 'OS001';
  END IF;
END $migrate$;
${m.script}
;
INSERT INTO schema_migrations (version, name, checksum) VALUES (${m.version}, '${m.name}', '${m.checksum}');`);
      applied.push(m.version);
    } catch (err) {
      // Another process applied it while this one waited for the lock.
      if ((err as { code?: string }).code === 'OS001') continue;
      throw new MigrationError(
        `migration ${String(m.version).padStart(4, '0')}_${m.name} failed: ${(err as Error).message}`,
      );
    }
  }
  return { applied, version: await schemaVersion(database) };
}

export async function schemaVersion(database: Database): Promise<number> {
  const row = await sql<{ v: number | null }>`SELECT max(version) AS v FROM schema_migrations`.execute(
    database.db,
  );
  return Number(row.rows[0]?.v ?? 0);
}

/**
 * What PostgreSQL's autovacuum does by itself and PGlite, which has none, must be asked for:
 * fresh planner statistics (without them it picks plans that read thousands of rows to show
 * fifty) and a vacuum, which reclaims dead rows and marks pages all-visible, so reads after a
 * bulk load stop checking and rewriting each row's commit status.
 */
export async function refreshStatistics(database: Database): Promise<void> {
  await sql`VACUUM (ANALYZE)`.execute(database.db);
}
