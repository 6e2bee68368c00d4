import fs from 'node:fs';
import path from 'node:path';
import { buildApp } from './app.ts';
import { seedDemoIfEmpty } from './demo.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { connect } from './platform/db/connect.ts';
import { migrate, refreshStatistics } from './platform/db/migrate.ts';

async function main() {
  const started = performance.now();
  const config = loadConfig();
  const database = await connect({
    databaseUrl: config.databaseUrl,
    dataDir: path.join(config.dataDir, 'pglite'),
  });
  await migrate(database);
  const demoFile = path.join(config.dataDir, 'demo-sign-in.txt');
  const demo = config.seedDemo
    ? await seedDemoIfEmpty(database, {
        signInFile: demoFile,
        onStage: (message) => process.stdout.write(`${message}\n`),
      })
    : undefined;
  // A fresh demo needs statistics before its first search; on later starts they are refreshed
  // in the background a minute after start and then every 15 minutes, keeping start-up quick.
  if (database.kind === 'pglite' && demo) await refreshStatistics(database);
  const refresh = () => void refreshStatistics(database).catch(() => undefined);
  const statistics =
    database.kind === 'pglite'
      ? [setTimeout(refresh, 60_000).unref(), setInterval(refresh, 15 * 60_000).unref()]
      : [];
  const app = await buildApp({ config, database, logger: { level: config.logLevel } });
  const address = await app.listen({ port: config.port, host: config.host });

  const where = config.databaseUrl
    ? 'PostgreSQL'
    : `the embedded database in ${path.join(config.dataDir, 'pglite')}`;
  const lines = [
    '',
    `OpenSEND is running at ${address.replace('127.0.0.1', 'localhost')} on ${where} (ready in ${Math.round(performance.now() - started)} ms).`,
  ];
  // The demo password exists only on this machine: printed now, and kept beside the data (written
  // by the seed before it committed) for later starts.
  if (demo) lines.push('', ...demo.signInLines);
  else if (fs.existsSync(demoFile)) lines.push('', `Demo sign-in details are in ${demoFile}`);
  lines.push('', 'Press Ctrl+C to stop.', '');
  process.stdout.write(lines.join('\n'));

  const stop = async () => {
    for (const timer of statistics) clearTimeout(timer);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : `OpenSEND could not start: ${(err as Error).message}`}\n`,
  );
  process.exit(1);
});
