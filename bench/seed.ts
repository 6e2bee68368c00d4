import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedDemoIfEmpty } from '../src/demo.ts';
import { connect } from '../src/platform/db/connect.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { seed } from '../src/seed/index.ts';
import { assertLocal, createScratchDatabase } from './lib/postgres.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  round,
  type Target,
  writeResult,
} from './lib/report.ts';

const demoTargetMs = 20_000;
const nationalTargetMs = 10 * 60_000;

/**
 * The demo LA as `npm start` makes it on a new embedded database (target under 20 s), and,
 * on PostgreSQL, the national dataset (153 LAs, 700,000 children, 24,000 schools; under 10 minutes).
 */
export async function seedBench(): Promise<BenchOutcome> {
  const kind = databaseKind();
  const env = environment(kind);
  const targets: Target[] = [];
  const figures: Record<string, unknown> = {};

  if (kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opensend-seed-bench-'));
    try {
      const database = await connect({ dataDir: path.join(dir, 'pglite') });
      await migrate(database);
      const started = performance.now();
      await seedDemoIfEmpty(database);
      const ms = round(performance.now() - started, 0);
      await database.close();
      figures.demoSeedMs = ms;
      targets.push({
        description: 'demo seed at first start on PGlite < 20 s',
        met: ms < demoTargetMs,
        measured: `${(ms / 1000).toFixed(1)} s`,
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  } else {
    const serverUrl = process.env.DATABASE_URL ?? '';
    assertLocal(serverUrl);
    const scratch = await createScratchDatabase(serverUrl);
    try {
      const database = await connect({ databaseUrl: scratch.url });
      await migrate(database);
      const started = performance.now();
      let last = 0;
      const seeded = await seed(database, {
        scale: 'national',
        seed: 1,
        onProgress: (p) => {
          if (p.lasDone - last >= 25 || p.lasDone === p.lasTotal) {
            last = p.lasDone;
            process.stdout.write(
              `seed (postgresql): ${p.lasDone}/${p.lasTotal} LAs, ${p.children.toLocaleString('en-GB')} children\n`,
            );
          }
        },
      });
      const ms = round(performance.now() - started, 0);
      await database.close();
      figures.nationalSeedMs = ms;
      figures.las = seeded.length;
      targets.push({
        description: 'national seed on PostgreSQL < 10 min',
        met: ms < nationalTargetMs,
        measured: `${(ms / 1000).toFixed(0)} s`,
      });
    } finally {
      await scratch.drop();
    }
  }
  printTable(
    `seed on ${kind}`,
    ['target', 'measured', 'result'],
    targets.map((t) => [t.description, t.measured, t.met ? 'met' : 'MISSED']),
  );
  process.stdout.write(`written ${writeResult('seed', env, { ...figures, targets })}\n`);
  return { name: 'seed', database: kind, targets };
}
