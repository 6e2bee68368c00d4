import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './file.ts';

/**
 * PostgreSQL's own programs for a backup and a restore: pg_dump (custom format) to make one,
 * pg_restore to turn one back into SQL, psql to run that SQL in one transaction. They are found
 * on PATH, or else in the newest /usr/lib/postgresql/N/bin, where Debian keeps them.
 */
export type PostgresTool = 'pg_dump' | 'pg_restore' | 'psql';

const debianRoot = '/usr/lib/postgresql';

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function debianBinDirs(): string[] {
  try {
    return fs
      .readdirSync(debianRoot)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => path.join(debianRoot, v, 'bin'));
  } catch {
    return [];
  }
}

/** The folder that holds all of these tools, so that pg_restore and psql are of one version. */
export function findPostgresTools(tools: readonly PostgresTool[]): Record<PostgresTool, string> {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...debianBinDirs()];
  for (const dir of dirs) {
    if (tools.every((t) => executable(path.join(dir, t))))
      return Object.fromEntries(tools.map((t) => [t, path.join(dir, t)])) as Record<PostgresTool, string>;
  }
  throw new BackupError(
    `${tools.join(' and ')} ${tools.length > 1 ? 'were' : 'was'} not found on PATH or under ${debianRoot}/*/bin. Install PostgreSQL's client programs, of the server's version or later (on Debian: apt-get install postgresql-client), then try again.`,
  );
}

/** The connection string without its password, which goes to the child in PGPASSWORD instead of its arguments. */
export function connectionFor(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  return { url: url.toString(), env };
}

export interface ToolRun {
  child: ChildProcess;
  /** Resolves when the program ends well; rejects with what it wrote to stderr otherwise. */
  done: Promise<void>;
}

/** Starts a program; its standard error is kept for the message if it fails. */
export function runTool(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  stdio: ['pipe' | 'ignore', 'pipe' | 'ignore'],
): ToolRun {
  const child = spawn(file, args, { env, stdio: [...stdio, 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (err) =>
      reject(new BackupError(`${path.basename(file)} could not be run: ${err.message}`)),
    );
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new BackupError(
            `${path.basename(file)} failed (${signal ?? `exit code ${code}`}): ${stderr.trim() || 'it said nothing'}`,
          ),
        );
    });
  });
  return { child, done };
}
