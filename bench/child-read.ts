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

const connections = 10;
const seconds = 10;
const targetRatio = 0.5;

interface Ready {
  port: number;
  token: string;
  childId: string;
  sqlLoop: { reads: number; perSecond: number };
}

/**
 * An audited child read over HTTP (`GET /api/v1/children/{id}`: token, routing, validation, the
 * read's transaction with its audit event, JSON) against the same read's SQL run in a loop on the
 * same pool with nothing else (target: HTTP at least half the loop's rate), on one Norfolk-sized LA.
 */
export async function childReadBench(): Promise<BenchOutcome> {
  const kind = databaseKind();
  const env = environment(kind);
  const place = await createServerPlace(kind, 'child-read');
  try {
    process.stdout.write(`child-read (${kind}): seeding a Norfolk-sized LA and timing the SQL loop...\n`);
    const server = forkTs(
      path.join(projectRoot, 'bench/servers/child-read.ts'),
      childEnv({
        ...place.serverEnv,
        LOG_LEVEL: 'warn',
        BENCH_CONNECTIONS: String(connections),
        BENCH_SECONDS: String(seconds),
      }),
    );
    try {
      const ready = await firstMessage<Ready>(server, 600_000);
      const url = `http://127.0.0.1:${ready.port}/api/v1/children/${ready.childId}`;
      const headers = { authorization: `Bearer ${ready.token}` };
      const check = await fetch(url, { headers });
      if (check.status !== 200)
        throw new Error(`GET ${url} answered ${check.status}: ${(await check.text()).slice(0, 300)}`);
      await autocannon({ url, connections, headers, duration: kind === 'pglite' ? 20 : 2 });
      const r = await autocannon({ url, connections, headers, duration: seconds });
      const http = round(r.requests.average, 0);
      const ratio = round(http / ready.sqlLoop.perSecond, 3);
      const met = r.non2xx === 0 && r.errors === 0 && ratio >= targetRatio;
      printTable(
        `child-read on ${kind}: ${connections} in flight, ${seconds} s each after warm-up`,
        ['measure', 'reads/s', 'p50 ms', 'p99 ms', 'failures'],
        [
          ['SQL loop on the pool (no HTTP)', ready.sqlLoop.perSecond, '', '', 0],
          ['GET /api/v1/children/{id} (autocannon)', http, r.latency.p50, r.latency.p99, r.non2xx + r.errors],
        ],
      );
      const file = writeResult('child-read', env, {
        target: { description: `HTTP at least ${targetRatio * 100}% of the SQL loop`, met },
        connections,
        seconds,
        sqlLoop: ready.sqlLoop,
        http: {
          requestsPerSecond: http,
          p50: r.latency.p50,
          p99: r.latency.p99,
          non2xx: r.non2xx,
          errors: r.errors,
        },
        ratio,
      });
      process.stdout.write(`written ${path.relative(projectRoot, file)}\n`);
      return {
        name: 'child-read',
        database: kind,
        targets: [
          {
            description: `audited child read over HTTP >= ${targetRatio * 100}% of its SQL in a loop`,
            met,
            measured: `${http} vs ${ready.sqlLoop.perSecond} reads/s = ${(ratio * 100).toFixed(1)}%`,
          },
        ],
      };
    } finally {
      await stop(server);
    }
  } finally {
    await place.remove();
  }
}
