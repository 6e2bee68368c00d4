import path from 'node:path';
import { sql } from 'kysely';
import { connect, type Database } from '../../../src/platform/db/connect.ts';
import type { Place } from './places.ts';

/**
 * The place's database opened directly, as its owner, to check what is stored. PGlite allows one
 * process at a time, so on PGlite this is only for when the server is stopped (or killed).
 */
export async function withDatabase<T>(place: Place, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await connect(
    place.databaseUrl
      ? { databaseUrl: place.databaseUrl, poolSize: 2 }
      : { dataDir: path.join(place.dataDir, 'pglite') },
  );
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Rows per LA in the tables a demo seed fills, keyed "table la_code". */
export type DemoCounts = Record<string, number>;

export async function demoCounts(database: Database): Promise<DemoCounts> {
  const tables = [
    'users',
    'children',
    'people',
    'establishments',
    'clusters',
    'ehc_requests',
    'ehc_events',
    'ehc_plans',
  ];
  const counts: DemoCounts = {
    las: await count(database, sql`SELECT count(*)::int AS n FROM las`),
  };
  for (const table of tables) {
    const r = await sql<{ la_code: string; n: number }>`
      SELECT la_code, count(*)::int AS n FROM ${sql.table(table)} GROUP BY la_code ORDER BY la_code`.execute(
      database.db,
    );
    for (const row of r.rows) counts[`${table} ${row.la_code}`] = row.n;
  }
  return counts;
}

export async function count(
  database: Database,
  query: ReturnType<typeof sql<{ n: number }>>,
): Promise<number> {
  return Number((await query.execute(database.db)).rows[0]?.n ?? 0);
}
