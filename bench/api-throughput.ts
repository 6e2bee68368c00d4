import path from 'node:path';
import autocannon from 'autocannon';
import { createServerPlace } from './lib/postgres.ts';
import { childEnv, firstMessage, forkTs, projectRoot, stop } from './lib/processes.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  round,
  writeResult,
} from './lib/report.ts';
import type { ServerReady } from './servers/protocol.ts';

const connections = 10;
const warmUpSeconds = 2;
const durationSeconds = 10;
const targetRatio = 0.25;

interface Load {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string> = {}): Promise<Load> {
  const options = { url, connections, headers };
  // Warm-up: JIT, connection pools and caches settle before anything is counted.
  await autocannon({ ...options, duration: warmUpSeconds });
  const r = await autocannon({ ...options, duration: durationSeconds });
  return {
    requestsPerSecond: round(r.requests.average, 0),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

/** Asks the server once, so a wrong token or a broken route fails loudly instead of as a fast 401 flood. */
async function checkOnce(url: string, headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body.slice(0, 300)}`);
}

export async function apiThroughput(): Promise<BenchOutcome> {
  const kind = databaseKind();
  const env = environment(kind);
  const place = await createServerPlace(kind, 'api');
  try {
    const serverEnv = { ...place.serverEnv, LOG_LEVEL: 'warn' };

    // Each server runs in its own process so autocannon, here, never shares its event loop.
    process.stdout.write(
      `api-throughput (${kind}): hello-world, ${warmUpSeconds} s warm-up + ${durationSeconds} s...\n`,
    );
    const helloChild = forkTs(path.join(projectRoot, 'bench/servers/hello.ts'), childEnv({}));
    let hello: Load;
    try {
      const ready = await firstMessage<ServerReady>(helloChild, 30_000);
      const url = `http://127.0.0.1:${ready.port}/`;
      await checkOnce(url);
      hello = await load(url);
    } finally {
      await stop(helloChild);
    }

    process.stdout.write(`api-throughput (${kind}): starting the app...\n`);
    const appChild = forkTs(path.join(projectRoot, 'bench/servers/app.ts'), childEnv(serverEnv));
    let me: Load;
    let audit: Load;
    let health: Load;
    let unauthorised: Load;
    let seededEvents = 0;
    try {
      const ready = await firstMessage<ServerReady>(appChild, 120_000);
      if (!ready.token) throw new Error('the app server sent no token');
      seededEvents = ready.seededEvents ?? 0;
      const base = `http://127.0.0.1:${ready.port}`;
      const auth = { authorization: `Bearer ${ready.token}` };
      await checkOnce(`${base}/api/v1/me`, auth);
      await checkOnce(`${base}/api/v1/audit?limit=1`, auth);
      process.stdout.write(`api-throughput (${kind}): GET /api/v1/me...\n`);
      me = await load(`${base}/api/v1/me`, auth);
      process.stdout.write(`api-throughput (${kind}): GET /api/v1/audit?limit=1...\n`);
      audit = await load(`${base}/api/v1/audit?limit=1`, auth);
      // Two references that bracket the database's share: every hook and plugin but no
      // query at all (a refused request), and one trivial query outside any transaction.
      process.stdout.write(`api-throughput (${kind}): references (401 without a token, /health)...\n`);
      unauthorised = await load(`${base}/api/v1/me`);
      health = await load(`${base}/health`);
    } finally {
      await stop(appChild);
    }
    const ratio = (l: Load) => round(l.requestsPerSecond / hello.requestsPerSecond, 3);
    const row = (name: string, l: Load, r: number | string, expected401 = false) => [
      name,
      l.requestsPerSecond,
      l.latencyP50Ms,
      l.latencyP99Ms,
      l.errors + (expected401 ? 0 : l.non2xx),
      typeof r === 'number' ? `${(r * 100).toFixed(1)}%` : r,
    ];
    printTable(
      `api-throughput on ${kind}: autocannon, ${connections} connections, ${durationSeconds} s after ${warmUpSeconds} s warm-up`,
      ['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'failures', 'of hello'],
      [
        row('hello-world (bare Fastify)', hello, '100%'),
        row('GET /api/v1/audit?limit=1 (token, RLS, query, audit write)', audit, ratio(audit)),
        row('GET /api/v1/me (token, RLS)', me, ratio(me)),
        row('reference: GET /api/v1/me, no token (401, no query)', unauthorised, ratio(unauthorised), true),
        row('reference: GET /health (public, SELECT 1)', health, ratio(health)),
      ],
    );

    const clean =
      [hello, me, audit, health].every((l) => l.non2xx === 0 && l.errors === 0) && unauthorised.errors === 0;
    const met = clean && ratio(audit) >= targetRatio;
    const file = writeResult('api-throughput', env, {
      target: {
        description: `GET /api/v1/audit?limit=1 at least ${targetRatio * 100}% of hello-world req/s, no errors`,
        met,
      },
      connections,
      warmUpSeconds,
      durationSeconds,
      seededAuditEvents: seededEvents,
      helloWorld: hello,
      audit: { ...audit, ratioToHello: ratio(audit) },
      me: { ...me, ratioToHello: ratio(me) },
      referenceUnauthorised: { ...unauthorised, ratioToHello: ratio(unauthorised) },
      referenceHealth: { ...health, ratioToHello: ratio(health) },
    });
    process.stdout.write(`written ${path.relative(projectRoot, file)}\n`);
    return {
      name: 'api-throughput',
      database: kind,
      targets: [
        {
          description: `audit?limit=1 >= ${targetRatio * 100}% of hello-world req/s`,
          met,
          measured: `${audit.requestsPerSecond} vs ${hello.requestsPerSecond} req/s = ${(ratio(audit) * 100).toFixed(1)}%${clean ? '' : ' (with errors)'}`,
        },
      ],
    };
  } finally {
    await place.remove();
  }
}
