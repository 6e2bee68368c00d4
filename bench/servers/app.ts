import path from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { createApiToken, createUser } from '../../src/platform/auth/service.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { connect } from '../../src/platform/db/connect.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { addLa } from '../../src/platform/las/index.ts';
import { generateAuditEvents } from '../lib/audit-data.ts';
import { closeOnSignal, tellParent } from './protocol.ts';

/**
 * The whole app as server.ts builds it (same connect options, pool size and plugins) on the
 * database the parent chose, with one administrator, a token and a lived-in audit log.
 */
const config = loadConfig({ ...process.env, SEED_DEMO: 'false' });
const database = await connect({
  databaseUrl: config.databaseUrl,
  dataDir: path.join(config.dataDir, 'pglite'),
});
await migrate(database);
await addLa(database, { code: '926', name: 'Norfolk (bench)' });
await addLa(database, { code: '935', name: 'Suffolk (bench)' });
const userId = await createUser(database, {
  laCode: '926',
  email: 'admin.926@bench.example.org',
  name: 'Bench Admin',
  roles: ['administrator'],
  password: 'correct horse battery staple',
});
const mainEvents = 50_000;
const otherEvents = 10_000;
await generateAuditEvents(database, {
  main: { laCode: '926', events: mainEvents },
  other: { laCode: '935', events: otherEvents },
  staffPerLa: 49,
  childrenPerLa: 1_000,
  days: 365,
});
// As in audit-search: autovacuum would analyse this on PostgreSQL; PGlite has no autovacuum.
if (database.kind === 'postgresql') await sql`ANALYZE`.execute(database.db);
const { token } = await createApiToken(
  database,
  { userId, laCode: '926' },
  { name: 'throughput benchmark', days: 1 },
  { ip: null, requestId: 'bench', now: new Date() },
);

const app = await buildApp({ config, database, logger: { level: config.logLevel } });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (!address || typeof address !== 'object') throw new Error('not listening');
closeOnSignal(async () => {
  await app.close();
  await database.close();
});
tellParent({ port: address.port, token, database: database.kind, seededEvents: mainEvents + otherEvents });
