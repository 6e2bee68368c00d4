import { spawn } from 'node:child_process';
import path from 'node:path';
import { createServerPlace } from './lib/postgres.ts';
import {
  childEnv,
  freePort,
  projectRoot,
  type Server,
  spawnServer,
  stop,
  waitForHealth,
} from './lib/processes.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  round,
  summarise,
  writeResult,
} from './lib/report.ts';

const runs = 5;
const targetMs = 3_000;

interface Start {
  /** From spawn() to the first 200 from /health, as a client sees it. */
  toHealthMs: number;
  /** The server's own "ready in N ms": from main() to listening, after Node and tsx loaded it. */
  readyInMs: number | null;
}

async function timeOneStart(env: NodeJS.ProcessEnv): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const server: Server = spawnServer({ ...env, PORT: String(port) });
  try {
    const healthy = await waitForHealth(port, server, { intervalMs: 20, timeoutMs: 60_000 });
    const m = /ready in (\d+) ms/.exec(server.stdout());
    return { toHealthMs: round(healthy - started, 1), readyInMs: m?.[1] ? Number(m[1]) : null };
  } finally {
    await stop(server.child);
  }
}

/** What Node and tsx cost before any app code runs: the floor under every cold start. */
async function timeEmptyProgram(): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const c = spawn(process.execPath, ['--import', 'tsx', '-e', ''], { cwd: projectRoot, stdio: 'ignore' });
    c.once('error', reject);
    c.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
  });
  return round(performance.now() - started, 1);
}

export async function coldStart(): Promise<BenchOutcome> {
  const kind = databaseKind();
  const env = environment(kind);
  const place = await createServerPlace(kind, 'cold');
  try {
    const serverEnv = { ...place.serverEnv, LOG_LEVEL: 'warn' };
    const childEnvironment = childEnv(serverEnv);

    process.stdout.write(`cold-start (${kind}): preparing the database with a first start...\n`);
    // The first start creates the schema and the demo LA; every start measured after it finds them there.
    const first = await timeOneStart(childEnvironment);

    const starts: Start[] = [];
    for (let i = 0; i < runs; i++) starts.push(await timeOneStart(childEnvironment));
    const empty: number[] = [];
    for (let i = 0; i < 3; i++) empty.push(await timeEmptyProgram());

    const health = summarise(starts.map((s) => s.toHealthMs));
    const readyValues = starts.flatMap((s) => (s.readyInMs === null ? [] : [s.readyInMs]));
    const ready = summarise(readyValues);
    const floor = summarise(empty);
    const where = kind === 'pglite' ? 'existing PGlite data dir' : 'existing PostgreSQL database';

    printTable(
      `cold-start on ${kind}: spawn -> first 200 from GET /health (ms), ${runs} runs, ${where}`,
      ['measure', 'min', 'median', 'max'],
      [
        ['spawn -> /health 200', health.min, health.p50, health.max],
        ["  of which server's own 'ready in'", ready.min, ready.p50, ready.max],
        ['node --import tsx, empty program', floor.min, floor.p50, floor.max],
        ['first start on an empty database (once)', first.toHealthMs, '', ''],
      ],
    );
    process.stdout.write(`runs (ms): ${starts.map((s) => s.toHealthMs).join(', ')}\n`);

    const met = health.max < targetMs;
    const file = writeResult('cold-start', env, {
      target: { description: `every start on an existing ${kind} database under ${targetMs} ms`, met },
      runs,
      pollIntervalMs: 20,
      spawnToHealthMs: {
        min: health.min,
        median: health.p50,
        max: health.max,
        all: starts.map((s) => s.toHealthMs),
      },
      serverReadyInMs: { min: ready.min, median: ready.p50, max: ready.max, all: readyValues },
      emptyTsxProgramMs: { min: floor.min, median: floor.p50, max: floor.max },
      firstStartOnEmptyDatabaseMs: first.toHealthMs,
    });
    process.stdout.write(`written ${path.relative(projectRoot, file)}\n`);
    return {
      name: 'cold-start',
      database: kind,
      targets: [
        {
          description: `cold start to /health 200 < ${targetMs} ms (max of ${runs})`,
          met,
          measured: `min ${health.min} / median ${health.p50} / max ${health.max} ms`,
        },
      ],
    };
  } finally {
    await place.remove();
  }
}
