import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { childEnv, nodeEntry, projectRoot } from '../../../bench/lib/processes.ts';
import type { Place } from './places.ts';

/**
 * The real server, `node --import tsx src/server.ts` (compiled, under the suite's runner), in a
 * child process as an operator starts it, on 127.0.0.1 and a port of its own choosing, so it can
 * be killed as a machine would kill it.
 */
export interface RunningServer {
  child: ChildProcess;
  /** Everything it wrote, standard output and error together (the most recent 2 MB). */
  output(): string;
  /** Resolves once it listens; rejects if it exits first or takes too long. */
  ready: Promise<AppServer>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no chance to finish a write, close a file or roll anything back. */
  kill9(): Promise<void>;
  /** SIGTERM, as an operator stops it, then SIGKILL if it has not gone in 30 s. */
  stop(): Promise<void>;
}

export interface AppServer extends RunningServer {
  url: string;
  /** The demo's password, when this start seeded the demo or found its sign-in file. */
  demoPassword: string | undefined;
}

export interface StartOptions {
  seedDemo?: boolean;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/**
 * Kills every server this process started that is still running: for a test file's `after`, so
 * that a check that failed half-way does not leave a server running and the file never ending.
 */
export async function killAllServers(): Promise<void> {
  await Promise.all(
    [...live].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGKILL');
        }),
    ),
  );
}

const keep = 2 * 1024 * 1024;

export function launchServer(place: Place, options: StartOptions = {}): RunningServer {
  const child = spawn(process.execPath, nodeEntry('src/server.ts'), {
    cwd: projectRoot,
    env: childEnv({
      PORT: '0',
      LOG_LEVEL: 'warn',
      SEED_DEMO: options.seedDemo ? 'true' : 'false',
      ...place.env,
      ...options.env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  const append = (d: Buffer) => {
    out += d.toString();
    if (out.length > keep) out = out.slice(-keep);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const running: RunningServer = {
    child,
    output: () => out,
    exited,
    ready: undefined as unknown as Promise<AppServer>,
    async kill9() {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (gone()) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    },
  };
  running.ready = new Promise<AppServer>((resolve, reject) => {
    const timeoutMs = options.readyTimeoutMs ?? 5 * 60_000;
    const timer = setTimeout(() => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`the server was not ready within ${timeoutMs} ms:\n${out.slice(-4000)}`));
    }, timeoutMs);
    const onData = () => {
      const m = /OpenSEND is running at (http:\/\/localhost:\d+)/.exec(out);
      // The banner is written in one piece, ending with how to stop it.
      if (!m?.[1] || !out.includes('Press Ctrl+C to stop.')) return;
      cleanup();
      const url = m[1].replace('localhost', '127.0.0.1');
      resolve({ ...running, url, demoPassword: demoPassword(out, place.dataDir) });
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      reject(new Error(`the server exited (${code ?? signal}) before it was ready:\n${out.slice(-4000)}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
  // A test that kills the server before it is ready handles that itself; nobody else must see it.
  running.ready.catch(() => undefined);
  return running;
}

export function startServer(place: Place, options: StartOptions = {}): Promise<AppServer> {
  return launchServer(place, options).ready;
}

function demoPassword(output: string, dataDir: string): string | undefined {
  const printed = /password for all: ([^)\s]+)\)/.exec(output)?.[1];
  if (printed) return printed;
  const file = path.join(dataDir, 'demo-sign-in.txt');
  if (!fs.existsSync(file)) return undefined;
  return /password for all: ([^)\s]+)\)/.exec(fs.readFileSync(file, 'utf8'))?.[1];
}

/** An error the server logged: what failed, and the error's type, code and message. */
export interface LoggedError {
  msg: string;
  err?: { type?: string; code?: string; message?: string };
}

/** The errors the server logged (pino level 50 and up): each answer it gave as a 5xx is one. */
export function loggedErrors(output: string): LoggedError[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .flatMap((l) => {
      try {
        const entry = JSON.parse(l) as { level?: number; msg?: string; err?: Record<string, unknown> };
        if ((entry.level ?? 0) < 50) return [];
        const e = entry.err;
        const err = e
          ? {
              ...(typeof e.type === 'string' ? { type: e.type } : {}),
              ...(typeof e.code === 'string' ? { code: e.code } : {}),
              ...(typeof e.message === 'string' ? { message: e.message.slice(0, 300) } : {}),
            }
          : undefined;
        return [{ msg: entry.msg ?? '', ...(err ? { err } : {}) }];
      } catch {
        return [];
      }
    });
}
