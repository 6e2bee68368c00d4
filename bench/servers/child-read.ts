import path from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { getChild } from '../../src/modules/children/service.ts';
import { createApiToken, createUser, findUserByEmail } from '../../src/platform/auth/service.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { connect } from '../../src/platform/db/connect.ts';
import { migrate, refreshStatistics } from '../../src/platform/db/migrate.ts';
import { isoDateInLondon } from '../../src/platform/kernel/dates.ts';
import { seed } from '../../src/seed/index.ts';
import { closeOnSignal, tellParent } from './protocol.ts';

/**
 * The app as server.ts builds it, on a Norfolk-sized LA, that first times the audited child read's
 * own SQL (the children service's transaction: scope, record, setting, capacity, parents, audit
 * event) in a loop on its pool with no HTTP at all, then serves the same read over HTTP. The parent
 * loads the HTTP side; both run with the same number of requests in flight.
 */
const inFlight = Number(process.env.BENCH_CONNECTIONS ?? 10);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);

const config = loadConfig({ ...process.env, SEED_DEMO: 'false' });
const database = await connect({
  databaseUrl: config.databaseUrl,
  dataDir: path.join(config.dataDir, 'pglite'),
});
await migrate(database);
await seed(database, { scale: 'norfolk', seed: 1, la: { code: '926', name: 'Norfolk (bench)' } });
await refreshStatistics(database);
await createUser(database, {
  laCode: '926',
  email: 'coordinator@bench.example.org',
  name: 'Bench Coordinator',
  roles: ['ehc_coordinator'],
  password: 'correct horse battery staple',
});
const user = await findUserByEmail(database, 'coordinator@bench.example.org');
if (!user) throw new Error('no bench user');
const { token } = await createApiToken(
  database,
  { userId: user.id, laCode: '926' },
  { name: 'bench', days: 1 },
  { ip: null, requestId: 'bench', now: new Date() },
);
const child = await sql<{ id: string }>`
  SELECT id FROM children WHERE la_code = '926' ORDER BY md5(id::text) LIMIT 1`.execute(database.db);
const childId = child.rows[0]?.id ?? '';
const ctx = {
  database,
  principal: {
    userId: user.id,
    laCode: '926',
    laName: 'Norfolk (bench)',
    email: user.email,
    name: user.name,
    roles: user.roles,
    via: 'token' as const,
  },
  today: isoDateInLondon(new Date()),
  ip: '127.0.0.1',
  requestId: 'bench',
};

async function loop(durationMs: number): Promise<{ reads: number; perSecond: number }> {
  const until = performance.now() + durationMs;
  let reads = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < until) {
        await getChild(ctx, childId);
        reads++;
      }
    }),
  );
  return { reads, perSecond: Math.round(reads / ((performance.now() - started) / 1000)) };
}

// A warm-up of the same length as the HTTP side's, so both are measured at steady state.
await loop(2000 + (database.kind === 'pglite' ? 18_000 : 0));
const sqlLoop = await loop(seconds * 1000);

const app = await buildApp({ config, database, logger: { level: config.logLevel } });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (!address || typeof address !== 'object') throw new Error('not listening');
closeOnSignal(async () => {
  await app.close();
  await database.close();
});
tellParent({ port: address.port, token, database: database.kind, childId, sqlLoop } as never);
