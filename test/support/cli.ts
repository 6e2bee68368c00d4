import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/**
 * A place for the real `opensend` command to keep its data while a test runs it in a child
 * process, as an operator would: a fresh data directory for PGlite, or a fresh database on the
 * PostgreSQL server named by DATABASE_URL.
 */
export interface CliWorkspace {
  dataDir: string;
  /** The database the command uses, when the tests run on PostgreSQL. */
  databaseUrl: string | undefined;
  run(args: string[], input?: string): CliResult;
  remove(): Promise<void>;
}

async function admin(query: string): Promise<void> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

export async function cliWorkspace(prefix: string): Promise<CliWorkspace> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `opensend-${prefix}-`));
  let databaseUrl: string | undefined;
  let dbName: string | undefined;
  if (process.env.DATABASE_URL) {
    dbName = `opensend_${prefix.replace(/\W/g, '_')}_${randomBytes(5).toString('hex')}`;
    await admin(`CREATE DATABASE ${dbName}`);
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  return {
    dataDir,
    databaseUrl,
    run(args, input) {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
      if (databaseUrl) env.DATABASE_URL = databaseUrl;
      else delete env.DATABASE_URL;
      const r = spawnSync(process.execPath, [path.join(projectRoot, 'bin/opensend.js'), ...args], {
        cwd: projectRoot,
        env,
        input: input ?? '',
        encoding: 'utf8',
        timeout: 120_000,
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    },
    async remove() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (dbName) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}
