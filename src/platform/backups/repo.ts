import { type Kysely, sql } from 'kysely';
import type { PlatformTables } from '../db/schema.ts';

type Db = Kysely<PlatformTables>;

/** Every migration the database records as applied, in order. */
export async function appliedMigrations(
  db: Db,
): Promise<{ version: number; name: string; checksum: string }[]> {
  const r = await sql<{ version: number; name: string; checksum: string }>`
    SELECT version, name, checksum FROM schema_migrations ORDER BY version`.execute(db);
  return r.rows.map((m) => ({ version: Number(m.version), name: m.name, checksum: m.checksum }));
}

/** The LAs in the database, by code; none when it has no OpenSEND tables yet. */
export async function lasHeld(db: Db): Promise<{ code: string; name: string }[]> {
  const exists = await sql<{ t: string | null }>`SELECT to_regclass('public.las')::text AS t`.execute(db);
  if (!exists.rows[0]?.t) return [];
  // As the application role, which may read the LA list; the server's login role may not itself.
  return db.transaction().execute(async (tx) => {
    await sql`SELECT set_config('role', 'opensend_app', true)`.execute(tx);
    const r = await sql<{ code: string; name: string }>`SELECT code, name FROM las ORDER BY code`.execute(tx);
    return r.rows;
  });
}

/** The LAs the demo generator made (records invented, not any real child's). */
export async function generatedLaCodes(db: Db): Promise<Set<string>> {
  return db.transaction().execute(async (tx) => {
    await sql`SELECT set_config('role', 'opensend_app', true)`.execute(tx);
    const r = await sql<{ code: string }>`SELECT code FROM las WHERE seeded_at IS NOT NULL`.execute(tx);
    return new Set(r.rows.map((row) => row.code));
  });
}

/** Whether the database has tables, and whether OpenSEND made them (it records its migrations). */
export async function schemaFound(db: Db): Promise<{ tables: number; opensend: boolean }> {
  const r = await sql<{ tables: number; opensend: boolean }>`
    SELECT count(*)::int AS tables, coalesce(bool_or(c.relname = 'schema_migrations'), false) AS opensend
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`.execute(db);
  return { tables: Number(r.rows[0]?.tables ?? 0), opensend: r.rows[0]?.opensend === true };
}

/** Other programs connected to this PostgreSQL database now, by application name. */
export async function otherSessions(db: Db): Promise<string[]> {
  const r = await sql<{ application_name: string }>`
    SELECT application_name FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`.execute(
    db,
  );
  return r.rows.map((row) => row.application_name || 'unnamed');
}

/**
 * The job that made a backup was still running when the copy was taken, so the restored
 * database holds it as running and a worker would take it up again: it is finished here with
 * the outcome the backup file shows. Done as opensend_worker, the one role that may update any
 * LA's jobs.
 */
export async function finishBackupJob(
  db: Db,
  jobId: string,
  outcome: { message: string; result: unknown },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`SELECT set_config('role', 'opensend_worker', true)`.execute(tx);
    await sql`UPDATE jobs SET status = 'succeeded', message = ${outcome.message},
        result = ${JSON.stringify(outcome.result)}::jsonb, finished_at = now(), payload = NULL
      WHERE id = ${jobId} AND status IN ('queued', 'running')`.execute(tx);
  });
}
