import { type ChildProcess, fork, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The arguments node runs one of the project's TypeScript files with: through tsx, or, in the
 * compiled copy the test runners run from (test/build.mjs), the compiled file beside it.
 */
export const nodeEntry = (file: string): string[] =>
  import.meta.url.endsWith('.js') ? [file.replace(/\.ts$/, '.js')] : ['--import', 'tsx', file];

const live = new Set<ChildProcess>();

// A benchmark that fails half-way must not leave servers holding ports or database files.
process.once('exit', () => {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** A port nobody is listening on right now, on the loopback address only. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/**
 * The environment for a child: the parent's, minus anything that would change which database
 * or port the child uses, plus what the benchmark sets.
 */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'LOG_LEVEL', 'SEED_DEMO', 'NODE_OPTIONS'])
    delete env[k];
  return { ...env, HOST: '127.0.0.1', ...extra };
}

export interface Server {
  child: ChildProcess;
  /** Everything the child wrote to stderr, for the error message when it dies. */
  stderr(): string;
  /** What the child wrote to stdout so far (the start-up banner). */
  stdout(): string;
}

/** Starts `node --import tsx src/server.ts` exactly as an operator would, output captured. */
export function spawnServer(env: NodeJS.ProcessEnv): Server {
  const child = track(
    spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: projectRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let err = '';
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-8000);
  });
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  return { child, stderr: () => err, stdout: () => out };
}

/** Forks a TypeScript helper under tsx with an IPC channel, for servers that report back. */
export function forkTs(file: string, env: NodeJS.ProcessEnv): ChildProcess {
  return track(
    fork(file, [], {
      cwd: projectRoot,
      env,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
}

/** The first message a forked helper sends, or the reason it never came. */
export function firstMessage<T>(child: ChildProcess, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`helper sent nothing within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (m: unknown) => {
      cleanup();
      resolve(m as T);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`helper exited (code ${code}) before it was ready`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/**
 * Polls GET /health every `intervalMs` until it answers 200. Resolves with the time of that
 * answer (performance.now()); rejects if the process dies or the deadline passes.
 */
export async function waitForHealth(
  port: number,
  server: Server,
  { intervalMs = 20, timeoutMs = 60_000 } = {},
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  const url = `http://127.0.0.1:${port}/health`;
  for (;;) {
    if (server.child.exitCode !== null || server.child.signalCode !== null)
      throw new Error(
        `server exited with ${server.child.exitCode ?? server.child.signalCode}:\n${server.stderr()}`,
      );
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now();
    } catch {
      // Not listening yet: connection refused is the expected answer until it is.
    }
    if (performance.now() > deadline)
      throw new Error(`no 200 from ${url} within ${timeoutMs} ms:\n${server.stderr()}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Sends SIGTERM and waits for the exit; SIGKILL if it does not go within the grace period. */
export function stop(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
