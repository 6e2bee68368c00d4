import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../bench/lib/processes.ts';

const run = promisify(execFile);

/**
 * A PostgreSQL server of the test's own, made as .ci/run makes its own (initdb, trust, loopback
 * only, fsync off), so that it can be restarted under traffic without disturbing anyone else's.
 */
export interface ThrowawayPostgres {
  url: string;
  /** `pg_ctl restart -m fast`: every connection is ended and the server is down until it is back. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The newest PostgreSQL installed the Debian way, or undefined when there is none. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin/initdb')))
    .sort((a, b) => Number(a) - Number(b));
  const newest = versions.at(-1);
  return newest ? path.join(root, newest, 'bin') : undefined;
}

export async function startThrowawayPostgres(bin: string): Promise<ThrowawayPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opensend-reliability-pg-'));
  // PostgreSQL will not run as root: as root (in CI) the server runs as the postgres user.
  const root = process.getuid?.() === 0;
  if (root) await run('chown', ['postgres', dir]);
  const asPostgres = (tool: string, args: string[]) =>
    root
      ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args])
      : run(path.join(bin, tool), args);
  const data = path.join(dir, 'data');
  const port = await freePort();
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres']);
  const ctl = (args: string[]) => asPostgres('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), ...args]);
  await ctl(['-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-w', 'start']);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async restart() {
      await ctl(['-m', 'fast', '-w', 'restart']);
    },
    async stop() {
      await ctl(['-m', 'fast', '-w', 'stop']).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
