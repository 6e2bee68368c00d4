import path from 'node:path';
import { connect, type Database } from '../../src/platform/db/connect.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { createServerPlace } from './postgres.ts';
import { childEnv, freePort, spawnServer, stop, waitForHealth } from './processes.ts';
import type { DatabaseKind } from './report.ts';

/**
 * A benchmark against the real server: a fresh database is migrated and filled by `prepare`
 * (directly, not over HTTP), then the server is started on it and `measure` is given its base
 * URL. The server's own output is added to any failure, and everything is cleaned away after.
 */
export async function againstServer<P, R>(
  kind: DatabaseKind,
  name: string,
  prepare: (database: Database) => Promise<P>,
  measure: (base: string, prepared: P) => Promise<R>,
  /** Settings the server needs beyond the database's (the public LA, say). */
  env: Record<string, string> = {},
): Promise<R> {
  const place = await createServerPlace(kind, name);
  try {
    const database = await connect({
      databaseUrl: place.databaseUrl,
      dataDir: path.join(place.dataDir, 'pglite'),
    });
    await migrate(database);
    const prepared = await prepare(database);
    await database.close();

    const port = await freePort();
    const server = spawnServer(
      childEnv({ ...place.serverEnv, LOG_LEVEL: 'warn', SEED_DEMO: 'false', PORT: String(port), ...env }),
    );
    try {
      await waitForHealth(port, server, { timeoutMs: 120_000 });
      return await measure(`http://127.0.0.1:${port}`, prepared);
    } catch (err) {
      throw new Error(`${(err as Error).message}\nserver said:\n${server.stderr()}`);
    } finally {
      await stop(server.child);
    }
  } finally {
    await place.remove();
  }
}
