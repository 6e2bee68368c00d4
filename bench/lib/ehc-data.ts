import { sql } from 'kysely';
import { createApiToken, createUser } from '../../src/platform/auth/service.ts';
import type { Database } from '../../src/platform/db/connect.ts';
import { refreshStatistics } from '../../src/platform/db/migrate.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { seed } from '../../src/seed/index.ts';

/** The LA every EHC benchmark measures, at Norfolk's size on its own or among 153 LAs. */
export const laCode = '926';
export const caseloadSize = 150;
export const password = 'correct horse battery staple';

/**
 * Seeds Norfolk (or the national dataset) and gives LA 926 a coordinator holding a caseload of
 * 150 open requests, about one in sixteen given to them today, and a SEND team manager, each
 * with a token.
 */
export async function prepareEhc(database: Database, national: boolean) {
  process.stdout.write(
    `ehc-caseload (${database.kind}): seeding ${national ? 'the national dataset' : 'Norfolk'}...\n`,
  );
  const started = performance.now();
  await seed(
    database,
    national
      ? { scale: 'national', seed: 1 }
      : { scale: 'norfolk', seed: 1, la: { code: laCode, name: 'Norfolk (bench)' } },
  );
  process.stdout.write(`ehc-caseload: seeded in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  const make = async (local: string, role: 'ehc_coordinator' | 'send_team_manager') => {
    const userId = await createUser(database, {
      laCode,
      email: `${local}@bench.example.org`,
      name: `Bench ${local}`,
      roles: [role],
      password,
    });
    const { token } = await createApiToken(
      database,
      { userId, laCode },
      { name: 'bench', days: 1 },
      { ip: null, requestId: 'bench', now: new Date() },
    );
    return { userId, token };
  };
  const coordinator = await make('coordinator', 'ehc_coordinator');
  const manager = await make('manager', 'send_team_manager');
  const counts = await inTenant(database.db, { laCode, userId: null }, async (tx) => {
    await sql`UPDATE ehc_requests SET coordinator_id = ${coordinator.userId},
        allocated_at = CASE WHEN md5(id::text) < '1' THEN now() ELSE now() - interval '30 days' END
      WHERE id IN (SELECT id FROM ehc_requests WHERE la_code = ${laCode} AND closed_on IS NULL
        ORDER BY md5(id::text) LIMIT ${caseloadSize})`.execute(tx);
    const r = await sql<{ plans: number; requests: number; mine: number }>`SELECT
      (SELECT count(*)::int FROM ehc_plans WHERE status = 'active') AS plans,
      (SELECT count(*)::int FROM ehc_requests) AS requests,
      (SELECT count(*)::int FROM ehc_requests WHERE coordinator_id = ${coordinator.userId} AND closed_on IS NULL) AS mine`.execute(
      tx,
    );
    return r.rows[0];
  });
  await refreshStatistics(database);
  return { coordinator, manager, counts };
}
