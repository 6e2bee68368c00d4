import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { settleDataDir } from './data-dir.ts';
import { type DataDirLock, type LockRequest, lockDataDir } from './data-dir-lock.ts';
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
  const db = new Kysely<PlatformTables>({ dialect: new PGliteDialect({ pglite }) });
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
