import fs from 'node:fs';
import path from 'node:path';
import { buildApp } from './app.ts';
import { seedDemoIfEmpty } from './demo.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { appRoleWarning, connect, type Database } from './platform/db/connect.ts';
import { DataDirBusy } from './platform/db/data-dir-lock.ts';
import { migrate, refreshStatistics } from './platform/db/migrate.ts';
import { releaseOrphanedJobs } from './platform/jobs/index.ts';

async function main() {
  const started = performance.now();
  const config = loadConfig();
  const database = await connect({
    databaseUrl: config.databaseUrl,
    dataDir: path.join(config.dataDir, 'pglite'),
    lock: {
      command: 'server',
      server: true,
      onStaleLock: (message) => process.stdout.write(`${message}\n`),
    },
  });
  const running = stopOnSignal(database);
  // The tables' owner migrates and makes the demo; with one address, that is the app's connection.
  const owner = config.migrationDatabaseUrl
    ? await connect({ databaseUrl: config.migrationDatabaseUrl })
    : database;
  const demoFile = path.join(config.dataDir, 'demo-sign-in.txt');
  let demo: Awaited<ReturnType<typeof seedDemoIfEmpty>>;
  try {
    await migrate(owner);
    demo = config.seedDemo
      ? await seedDemoIfEmpty(owner, {
          signInFile: demoFile,
          onStage: (message) => process.stdout.write(`${message}\n`),
        })
      : undefined;
  } finally {
    if (owner !== database) await owner.close();
  }
  // This process holds the embedded database's lock: a job left running was a killed process's,
  // and is taken up now rather than once its heartbeat is ten minutes old.
  if (database.kind === 'pglite') await releaseOrphanedJobs(database.db);
  const roleWarning = await appRoleWarning(database);
  // A fresh demo needs statistics before its first search; on later starts they are refreshed
  // in the background a minute after start and then every 15 minutes, keeping start-up quick.
  if (database.kind === 'pglite' && demo) await refreshStatistics(database);
  const refresh = () => void refreshStatistics(database).catch(() => undefined);
  if (database.kind === 'pglite')
    running.timers.push(setTimeout(refresh, 60_000).unref(), setInterval(refresh, 15 * 60_000).unref());
  const app = await buildApp({
    config,
    database,
    logger: { level: config.logLevel },
    scheduleDailyJobs: true,
  });
  running.app = app;
  const address = await app.listen({ port: config.port, host: config.host });

  const where = config.databaseUrl
    ? 'PostgreSQL'
    : `the embedded database in ${path.join(config.dataDir, 'pglite')}`;
  if (roleWarning) app.log.warn(roleWarning);
  const lines = [
    '',
    ...(roleWarning ? [`Warning: ${roleWarning}`, ''] : []),
    `OpenSEND is running at ${address.replace('127.0.0.1', 'localhost')} on ${where} (ready in ${Math.round(performance.now() - started)} ms).`,
  ];
  // The demo password exists only on this machine: printed now, and kept beside the data (written
  // by the seed before it committed) for later starts.
  if (demo) lines.push('', ...demo.signInLines);
  else if (fs.existsSync(demoFile)) lines.push('', `Demo sign-in details are in ${demoFile}`);
  lines.push('', 'Press Ctrl+C to stop.', '');
  process.stdout.write(lines.join('\n'));
}

/**
 * Ctrl+C or a stop from the service manager: once serving, finish the requests in hand and close
 * the database; before that (migrating, seeding the demo) stop at once, as the seed commits all or
 * nothing. Either way the exit releases the data directory's lock.
 */
function stopOnSignal(database: Database) {
  const running: { app?: { close(): Promise<unknown> }; timers: NodeJS.Timeout[] } = { timers: [] };
  const stop = async () => {
    for (const timer of running.timers) clearTimeout(timer);
    if (running.app) {
      await running.app.close();
      await database.close();
    }
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return running;
}

main().catch((err) => {
  process.stderr.write(
    `${err instanceof ConfigError || err instanceof DataDirBusy ? err.message : `OpenSEND could not start: ${(err as Error).message}`}\n`,
  );
  process.exit(1);
});
