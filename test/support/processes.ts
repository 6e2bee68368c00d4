import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { nodeEntry } from '../../bench/lib/processes.ts';
import { projectRoot } from './cli.ts';

/**
 * OpenSEND's own programs run as an operator runs them, in child processes of the test: the
 * server, the `opensend` command, or a small script. Their output is kept, so a test can wait
 * for a line and show what they said when one fails.
 */
export interface Running {
  child: ChildProcess;
  pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves when the output (either stream) matches; rejects if the process ends or time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** The exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const live = new Set<ChildProcess>();
// A test that fails half-way must not leave a server holding a port or a data directory.
process.once('exit', () => {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** The environment for a child: the test's own, with the database and port it is given. */
export function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
  for (const k of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'SEED_DEMO', 'BACKUP_DIR', 'BACKUP_LA']) delete env[k];
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export function start(args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const l of listeners) l();
  };
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    changed();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    changed();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
      changed();
    }),
  );
  return {
    child,
    pid: child.pid ?? 0,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`no ${pattern} within ${timeoutMs} ms`)), timeoutMs);
        const check = () => {
          if (pattern.test(out) || pattern.test(err)) done();
          else if (child.exitCode !== null || child.signalCode !== null)
            done(new Error(`the process ended (${child.exitCode ?? child.signalCode}) before ${pattern}`));
        };
        function done(e?: Error) {
          clearTimeout(timer);
          listeners.delete(check);
          if (e) reject(new Error(`${e.message}\nstdout:\n${out}\nstderr:\n${err}`));
          else resolve();
        }
        listeners.add(check);
        check();
      });
    },
  };
}

export { nodeEntry };

/** `npm start`, as node runs it. */
export const startServer = (env: NodeJS.ProcessEnv) => start(nodeEntry('src/server.ts'), env);

/** The `opensend` command. */
export const startCli = (args: string[], env: NodeJS.ProcessEnv) =>
  start([path.join(projectRoot, 'bin/opensend.js'), ...args], env);

/** A port nobody is listening on right now, on the loopback address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Signs in through the real form over HTTP, as a browser would; the cookies for the next request. */
export async function signInOverHttp(base: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${base}/sign-in`);
  const html = await form.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const csrfCookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c?.startsWith('opensend_session='));
  if (res.status !== 303 || !session) throw new Error(`sign-in as ${email} answered ${res.status}`);
  return `${csrfCookie}; ${session}`;
}
