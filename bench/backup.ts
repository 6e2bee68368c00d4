import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { demoLa, seedDemoIfEmpty } from '../src/demo.ts';
import { connect, type Database } from '../src/platform/db/connect.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { inTenant } from '../src/platform/db/tenancy.ts';
import { createServerPlace, type ServerPlace } from './lib/postgres.ts';
import { childEnv, projectRoot } from './lib/processes.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  round,
  summarise,
  writeResult,
} from './lib/report.ts';

const runs = 3;
const targetMs = 30_000;

/** `opensend backup` or `opensend restore`, as an operator runs it; its wall time from spawn to exit. */
function timeCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let stderr = '';
    const c = spawn(process.execPath, [path.join(projectRoot, 'bin/opensend.js'), ...args], {
      cwd: projectRoot,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    c.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    c.once('error', reject);
    c.once('exit', (code) =>
      code === 0
        ? resolve(round(performance.now() - started, 0))
        : reject(new Error(`opensend ${args[0]} exited ${code}: ${stderr}`)),
    );
  });
}

const open = (place: ServerPlace) =>
  connect(
    place.databaseUrl ? { databaseUrl: place.databaseUrl } : { dataDir: path.join(place.dataDir, 'pglite') },
  );

async function demoChildren(database: Database): Promise<number> {
  return inTenant(database.db, { laCode: demoLa.code, userId: null }, async (tx) =>
    Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM children`.execute(tx)).rows[0]?.n),
  );
}

/**
 * Backup and restore of the demo at Norfolk's size (and its small second LA) with the `opensend`
 * command, timed from spawn to exit as an operator waits for it. Target: each under 30 s.
 */
export async function backupBench(): Promise<BenchOutcome> {
  const kind = databaseKind();
  const env = environment(kind);
  const source = await createServerPlace(kind, 'backup-source');
  const targets: ServerPlace[] = [];
  try {
    process.stdout.write(`backup (${kind}): seeding the demo to back up...\n`);
    const database = await open(source);
    let children: number;
    try {
      await migrate(database);
      await seedDemoIfEmpty(database);
      children = await demoChildren(database);
    } finally {
      await database.close();
    }

    const backups: number[] = [];
    const restores: number[] = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const file = path.join(source.dataDir, `run-${i}.backup`);
      backups.push(await timeCommand(['backup', file], childEnv(source.serverEnv)));
      bytes = fs.statSync(file).size;
      const target = await createServerPlace(kind, 'backup-target');
      targets.push(target);
      restores.push(await timeCommand(['restore', file], childEnv(target.serverEnv)));
      const restored = await open(target);
      try {
        const found = await demoChildren(restored);
        if (found !== children)
          throw new Error(`the restore holds ${found} of Norfolk's ${children} children`);
      } finally {
        await restored.close();
      }
      process.stdout.write(`run ${i + 1}: backup ${backups[i]} ms, restore ${restores[i]} ms\n`);
    }
    const backup = summarise(backups);
    const restore = summarise(restores);
    printTable(
      `backup on ${kind}: the Norfolk demo (${children.toLocaleString('en-GB')} children) with opensend backup / restore (ms), ${runs} runs`,
      ['measure', 'min', 'median', 'max'],
      [
        ['opensend backup FILE', backup.min, backup.p50, backup.max],
        ['opensend restore FILE (empty target)', restore.min, restore.p50, restore.max],
      ],
    );
    process.stdout.write(`backup file: ${(bytes / 1024 / 1024).toFixed(1)} MB\n`);
    const met = { backup: backup.max < targetMs, restore: restore.max < targetMs };
    const file = writeResult('backup', env, {
      target: { description: `backup and restore of the Norfolk demo each under ${targetMs / 1000} s`, met },
      runs,
      norfolkChildren: children,
      fileBytes: bytes,
      backupMs: { min: backup.min, median: backup.p50, max: backup.max, all: backups },
      restoreMs: { min: restore.min, median: restore.p50, max: restore.max, all: restores },
    });
    process.stdout.write(`written ${path.relative(projectRoot, file)}\n`);
    return {
      name: 'backup',
      database: kind,
      targets: [
        {
          description: `opensend backup of the Norfolk demo < ${targetMs / 1000} s (max of ${runs})`,
          met: met.backup,
          measured: `min ${backup.min} / median ${backup.p50} / max ${backup.max} ms`,
        },
        {
          description: `opensend restore of it < ${targetMs / 1000} s (max of ${runs})`,
          met: met.restore,
          measured: `min ${restore.min} / median ${restore.p50} / max ${restore.max} ms`,
        },
      ],
    };
  } finally {
    for (const t of targets) await t.remove();
    await source.remove();
  }
}
