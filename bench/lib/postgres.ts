import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the server named by `serverUrl`, for one benchmark to use and drop. */
export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `opensend_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Only the loopback server: a benchmark must never load someone else's database. */
export function assertLocal(serverUrl: string): void {
  const host = new URL(serverUrl).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(host))
    throw new Error(`DATABASE_URL must point at 127.0.0.1 for benchmarks, not ${host}`);
}

/** Where a benchmark's server keeps its data: a temporary directory, and a scratch database when on PostgreSQL. */
export interface ServerPlace {
  dataDir: string;
  /** DATA_DIR, and DATABASE_URL when on PostgreSQL, for the server's environment. */
  serverEnv: Record<string, string>;
  /** The scratch database's URL on PostgreSQL; undefined on PGlite. */
  databaseUrl: string | undefined;
  remove(): Promise<void>;
}

export async function createServerPlace(kind: 'pglite' | 'postgresql', prefix: string): Promise<ServerPlace> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `opensend-bench-${prefix}-`));
  let scratch: ScratchDatabase | undefined;
  if (kind === 'postgresql') {
    const serverUrl = process.env.DATABASE_URL ?? '';
    assertLocal(serverUrl);
    scratch = await createScratchDatabase(serverUrl);
  }
  return {
    dataDir,
    serverEnv: { DATA_DIR: dataDir, ...(scratch ? { DATABASE_URL: scratch.url } : {}) },
    databaseUrl: scratch?.url,
    async remove() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await scratch?.drop();
    },
  };
}
