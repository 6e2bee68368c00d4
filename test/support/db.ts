import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { connect, type Database } from '../../src/platform/db/connect.ts';
import { migrate, readMigrations } from '../../src/platform/db/migrate.ts';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new
 * database on the PostgreSQL server named by DATABASE_URL (dropped again by `drop`). Tests
 * set up their rows through it as the tables' owner.
 */
export type TestDatabase = Database & {
  /**
   * The connection the app under test is built on. On PostgreSQL with TEST_APP_DATABASE_ROLE
   * set, it connects as that login role, granted what README's "Database roles" grants, as the
   * app runs in production; otherwise it is the owner's connection.
   */
  app: Database;
  drop(): Promise<void>;
  drop(): Promise<void>;
  /** The PostgreSQL database's URL, for programs that connect themselves (pg_dump). */
  url?: string;
};

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await connect({ loadDataDir: await migratedSnapshot() });
    // Nothing to apply from the snapshot; still run, so a snapshot that is somehow behind catches up.
    await migrate(database);
    return { ...database, app: database, drop: () => database.close().catch(() => undefined) };
  }
  const name = `opensend_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // The app's role belongs to the whole server, not one database: a test process migrating
    // beside another that does (the command's tests migrate databases of their own) would both
    // find it missing and both create it, and one would fail. Made here first, and made once.
    await admin.query(`DO $$ BEGIN
        CREATE ROLE opensend_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${await migratedTemplate(admin, serverUrl)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await connect({ databaseUrl: url.toString(), poolSize: 4 });
  // Nothing to apply from the template; still run, so a template that is somehow behind catches up.
  await migrate(database);
  const appRole = process.env.TEST_APP_DATABASE_ROLE;
  const app = appRole ? await connectAsAppLogin(database, url, appRole) : database;
  return {
    ...database,
    app,
    url: url.toString(),
    async drop() {
      // A test may already have closed it to see how the app copes without a database.
      await app.close().catch(() => undefined);
      await database.close().catch(() => undefined);
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * An embedded database with every migration applied, made once per set of migrations and shared
 * by the test processes through a file named by their checksums: loading it takes well under half
 * the time of migrating afresh, and a changed or new migration names a new file.
 */
let snapshot: Promise<Blob> | undefined;
function migratedSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const key = migrationsKey();
    const file = path.join(tmpdir(), `opensend-test-db-${key}.tar.gz`);
    const kept = await readFile(file).catch(() => null);
    if (kept) return new Blob([kept]);
    const database = await connect({});
    await migrate(database);
    const blob = (await database.dumpDataDir?.()) ?? assert.fail('PGlite dumps its data directory');
    await database.close();
    // Written aside and renamed, so a process reading it never sees half a file.
    const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(aside, Buffer.from(await blob.arrayBuffer()));
    await rename(aside, file);
    return blob;
  })();
  return snapshot;
}

/** A name for the current set of migrations: a changed or new migration names a new snapshot. */
function migrationsKey(): string {
  return createHash('sha256')
    .update(
      readMigrations()
        .map((m) => m.checksum)
        .join(),
    )
    .digest('hex')
    .slice(0, 16);
}

/**
 * A database on the server with every migration applied, made once per set of migrations and
 * copied for each test database (CREATE DATABASE … TEMPLATE): a copy takes a fraction of the time
 * of migrating afresh. Test processes starting side by side take turns through an advisory lock,
 * so one makes it and the rest find it made.
 */
async function migratedTemplate(admin: pg.Client, serverUrl: string): Promise<string> {
  const name = `opensend_test_template_${migrationsKey()}`;
  await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return name;
    // Made under another name and renamed once whole, so a run stopped half-way leaves no
    // half-migrated template behind this name.
    const making = `${name}_making`;
    await admin.query(`DROP DATABASE IF EXISTS ${making} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${making}`);
    const url = new URL(serverUrl);
    url.pathname = `/${making}`;
    const database = await connect({ databaseUrl: url.toString(), poolSize: 1 });
    try {
      await migrate(database);
    } finally {
      await database.close();
    }
    await admin.query(`ALTER DATABASE ${making} RENAME TO ${name}`);
    // Templates of earlier migrations are of no more use; one being copied right now is left.
    const old = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'opensend\\_test\\_template\\_%' AND datname <> $1`,
      [name],
    );
    for (const { datname } of old.rows)
      await admin.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
    return name;
  } finally {
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
  }
}

/** What README's "Database roles" grants the app's login role once the database is migrated. */
export async function grantAppLogin(owner: Database, role: string): Promise<void> {
  const r = sql.id(role);
  await sql`GRANT opensend_app, opensend_worker TO ${r}`.execute(owner.db);
  await sql`GRANT CONNECT ON DATABASE ${sql.id(await databaseName(owner))} TO ${r}`.execute(owner.db);
  await sql`GRANT USAGE ON SCHEMA public TO ${r}`.execute(owner.db);
  await sql`GRANT SELECT ON schema_migrations TO ${r}`.execute(owner.db);
  await sql`GRANT SELECT, INSERT ON instance_secrets TO ${r}`.execute(owner.db);
}

async function databaseName(database: Database): Promise<string> {
  const r = await sql<{ name: string }>`SELECT current_database() AS name`.execute(database.db);
  return r.rows[0]?.name ?? '';
}

/** The same database, as a login role (which must exist, with no password or PGPASSWORD's). */
export async function connectAsAppLogin(owner: Database, url: URL, role: string): Promise<Database> {
  await grantAppLogin(owner, role);
  const as = new URL(url);
  as.username = role;
  as.password = '';
  return connect({ databaseUrl: as.toString(), poolSize: 4 });
}
