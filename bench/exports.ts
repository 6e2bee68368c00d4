import path from 'node:path';
import { createApiToken, createUser } from '../src/platform/auth/service.ts';
import { connect } from '../src/platform/db/connect.ts';
import { migrate, refreshStatistics } from '../src/platform/db/migrate.ts';
import { seed } from '../src/seed/index.ts';
import { createServerPlace } from './lib/postgres.ts';
import { childEnv, firstMessage, forkTs, projectRoot, stop } from './lib/processes.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  type Target,
  writeResult,
} from './lib/report.ts';
import type { ExportMode, ExportRun } from './servers/export-run.ts';

const laCode = '926';
// With seed 1, 9,390 children with plans and those who asked for an assessment make 12,000.
const planChildren = 9_390;
const expectedRows = 12_000;
const targetMs = 5_000;
const targetGrowthMb = 200;
const modes: ExportMode[] = ['xlsx', 'csv', 'xlsx-in-memory'];

/**
 * The children list of an LA of 12,000 children downloaded as XLSX (target: under 5 s, the
 * process's RSS growing by under 200 MB), beside the same list as CSV and the same rows written
 * through exceljs's ordinary in-memory Workbook, each in a fresh process so their memory starts
 * alike.
 */
export async function exportsBench(): Promise<BenchOutcome> {
  const kind = databaseKind();
  const env = environment(kind);
  const place = await createServerPlace(kind, 'exports');
  try {
    process.stdout.write(`exports (${kind}): seeding an LA of ${expectedRows} children...\n`);
    const database = await connect({
      databaseUrl: place.databaseUrl,
      dataDir: path.join(place.dataDir, 'pglite'),
    });
    await migrate(database);
    await seed(database, {
      scale: 'norfolk',
      seed: 1,
      la: { code: laCode, name: 'Norfolk (bench)' },
      children: planChildren,
    });
    const userId = await createUser(database, {
      laCode,
      email: 'manager@bench.example.org',
      name: 'Bench Manager',
      roles: ['send_team_manager'],
      password: 'correct horse battery staple',
    });
    const { token } = await createApiToken(
      database,
      { userId, laCode },
      { name: 'bench', days: 1 },
      { ip: null, requestId: 'bench', now: new Date() },
    );
    await refreshStatistics(database);
    await database.close();

    const runs: ExportRun[] = [];
    for (const mode of modes) {
      process.stdout.write(`exports (${kind}): ${mode}...\n`);
      const child = forkTs(
        path.join(projectRoot, 'bench/servers/export-run.ts'),
        childEnv({ ...place.serverEnv, LOG_LEVEL: 'warn', EXPORT_MODE: mode, EXPORT_TOKEN: token }),
      );
      try {
        runs.push(await firstMessage<ExportRun>(child, 300_000));
      } finally {
        await stop(child);
      }
    }

    const xlsx = runs.find((r) => r.mode === 'xlsx');
    const targets: Target[] = [
      {
        description: `XLSX of ${expectedRows} rows in < ${targetMs / 1000} s, RSS growth < ${targetGrowthMb} MB`,
        met: !!xlsx && xlsx.rows >= expectedRows && xlsx.ms < targetMs && xlsx.rssGrowthMb < targetGrowthMb,
        measured: xlsx ? `${xlsx.rows} rows, ${xlsx.ms} ms, RSS +${xlsx.rssGrowthMb} MB` : 'no run',
      },
    ];
    printTable(
      `Children list of LA ${laCode} downloaded on ${kind}`,
      ['writer', 'rows', 'bytes', 'ms', 'RSS before MB', 'RSS peak MB', 'RSS growth MB'],
      runs.map((r) => [r.mode, r.rows, r.bytes, r.ms, r.rssBeforeMb, r.rssPeakMb, r.rssGrowthMb]),
    );
    process.stdout.write(`written ${writeResult('exports', env, { la: laCode, runs, targets })}\n`);
    return { name: 'exports', database: kind, targets };
  } finally {
    await place.remove();
  }
}
