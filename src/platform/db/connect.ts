import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { settleDataDir } from './data-dir.ts';
import { type DataDirLock, type LockRequest, lockDataDir } from './data-dir-lock.ts';
import { PreparingPGliteDialect } from './pglite-dialect.ts';
import type { PlatformTables } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgresql';

/** The one handle on the database; every query in the app goes through `db`. */
export interface Database {
  kind: DatabaseKind;
  db: Kysely<PlatformTables>;
  /** Runs a multi-statement SQL script as one transaction (migrations). */
  execScript(script: string): Promise<void>;
  /**
   * The embedded database's files as a gzipped tarball (PGlite only), taken between transactions
   * through the one connection, so it is consistent and no request's work is split by it.
   */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  /** Directory for PGlite's files; `undefined` keeps the database in memory (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
  /**
   * Who is opening the data directory, for its lock (the default names this process's command
   * line); or a lock the caller already holds on it, which connect then leaves to the caller.
   */
  lock?: LockRequest | DataDirLock;
  /** A tarball from dumpDataDir() to start a new data directory from (PGlite only). */
  loadDataDir?: Blob;
}

// Numeric and bigint columns come back as strings by default; counts and pence must be numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export async function connect(options: ConnectOptions): Promise<Database> {
  if (options.databaseUrl) return connectPostgres(options.databaseUrl, options.poolSize ?? 10);
  if (!options.dataDir) return connectPglite(undefined, options.loadDataDir);
  const given = options.lock && 'release' in options.lock ? options.lock : undefined;
  const lock =
    given ??
    lockDataDir(
      options.dataDir,
      (options.lock as LockRequest | undefined) ?? {
        command: commandLine(),
        onStaleLock: (message) => process.stderr.write(`${message}\n`),
      },
    );
  try {
    settleDataDir(path.resolve(options.dataDir));
    const database = await connectPglite(options.dataDir, options.loadDataDir);
    if (given) return database;
    return {
      ...database,
      async close() {
        try {
          await database.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    if (!given) lock.release();
    throw err;
  }
}

/** This process as a person would have typed it, for the lock file. */
function commandLine(): string {
  return process.argv
    .slice(1)
    .map((a) => path.relative(process.cwd(), a) || a)
    .join(' ');
}

async function connectPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // A server that ends an idle connection (a restart, a failover, DROP DATABASE … FORCE) makes
  // the pool emit 'error', which unhandled would crash the process. The pool has already dropped
  // that client and opens another when next asked; a lasting failure shows on the next query.
  pool.on('error', () => undefined);
  // A connection checked out when the server goes (57P01 on a restart) emits 'error' on itself,
  // not on the pool: unheard, that too ends the process. The query in hand fails, and is answered
  // 503; the pool replaces the connection.
  pool.on('connect', (c) => {
    c.on('error', () => undefined);
  });
  // Fail at start-up, with the server's own message, rather than on the first request.
  const client = await pool.connect();
  client.release();
  const db = new Kysely<PlatformTables>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgresql',
    db,
    async execScript(script) {
      const c = await pool.connect();
      try {
        await c.query(`BEGIN;\n${script}\n;COMMIT;`);
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
    close: () => db.destroy(),
  };
}

async function connectPglite(dataDir: string | undefined, loadDataDir: Blob | undefined): Promise<Database> {
  if (dataDir) fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const pglite = await PGlite.create(dataDir ?? 'memory://', {
    extensions: { pg_trgm, btree_gin, btree_gist },
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  const db = new Kysely<PlatformTables>({ dialect: new PreparingPGliteDialect(pglite) });
  return {
    kind: 'pglite',
    db,
    async execScript(script) {
      await pglite.transaction(async (tx) => {
        await tx.exec(script);
      });
    },
    dumpDataDir() {
      // PGlite's transaction lock: no Kysely transaction is part-way through while the files are read.
      return pglite.transaction(async (tx) => {
        // Written out first, so a restore starts from a checkpoint instead of replaying the log.
        await tx.exec('CHECKPOINT');
        return pglite.dumpDataDir('gzip');
      });
    },
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

export class DatabaseRoleError extends Error {}

/**
 * Checks the role the app connects to PostgreSQL as, once migrations have made the roles it
 * switches to. Each request's transaction runs as opensend_app, so row-level security applies to
 * it whoever connects; but a superuser or the tables' owner could leave that role with RESET ROLE
 * (a superuser then sees every LA; an owner can switch the policies off). The answer is a warning
 * to print when the app connects as one of those, and an error naming the grants to make when the
 * role lacks what the app needs. PGlite is left alone: its one session is a superuser by design,
 * and only this process speaks to it.
 */
export async function appRoleWarning(database: Database): Promise<string | undefined> {
  if (database.kind !== 'postgresql') return undefined;
  const r = await sql<{
    role: string;
    superuser: boolean;
    bypassRls: boolean;
    owner: boolean;
    app: boolean;
    worker: boolean;
    migrations: boolean;
    secrets: boolean;
  }>`SELECT current_user AS role, r.rolsuper AS superuser, r.rolbypassrls AS "bypassRls",
      EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND pg_has_role(current_user, c.relowner, 'MEMBER')) AS owner,
      pg_has_role(current_user, 'opensend_app', 'MEMBER') AS app,
      pg_has_role(current_user, 'opensend_worker', 'MEMBER') AS worker,
      has_table_privilege(current_user, 'public.schema_migrations', 'SELECT') AS migrations,
      has_table_privilege(current_user, 'public.instance_secrets', 'SELECT')
        AND has_table_privilege(current_user, 'public.instance_secrets', 'INSERT') AS secrets
    FROM pg_roles r WHERE r.rolname = current_user`.execute(database.db);
  const role = r.rows[0];
  if (!role) throw new DatabaseRoleError('The role OpenSEND connects as was not found in pg_roles.');
  const grants = [
    ...(role.app && role.worker ? [] : ['GRANT opensend_app, opensend_worker TO']),
    ...(role.migrations ? [] : ['GRANT SELECT ON schema_migrations TO']),
    ...(role.secrets ? [] : ['GRANT SELECT, INSERT ON instance_secrets TO']),
  ];
  if (grants.length)
    throw new DatabaseRoleError(
      `The database role ${role.role} lacks what OpenSEND needs. As the tables' owner, run: ${grants.map((g) => `${g} ${role.role};`).join(' ')}`,
    );
  const what = role.superuser
    ? 'a superuser'
    : role.bypassRls
      ? 'a role that bypasses row-level security'
      : role.owner
        ? "the owner of OpenSEND's tables"
        : undefined;
  if (!what) return undefined;
  return `OpenSEND connects to PostgreSQL as ${role.role}, ${what}. Each request still runs as opensend_app, under row-level security, but SQL that ran RESET ROLE would leave it. Connect the app as a role that is none of these, and give migrations the owner's address in MIGRATION_DATABASE_URL (README, "Database roles").`;
}
