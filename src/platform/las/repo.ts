import type { Kysely } from 'kysely';
import type { PlatformTables } from '../db/schema.ts';

/** LAs are added by an operator (CLI, start-up seeding), as the owner: requests may only read them. */
export async function insertLa(db: Kysely<PlatformTables>, code: string, name: string): Promise<void> {
  await db.insertInto('las').values({ code, name }).execute();
}

export async function findLa(db: Kysely<PlatformTables>, code: string) {
  return db.selectFrom('las').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
}

export async function countLas(db: Kysely<PlatformTables>): Promise<number> {
  const r = await db
    .selectFrom('las')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listLaCodes(db: Kysely<PlatformTables>): Promise<string[]> {
  const rows = await db.selectFrom('las').select('code').orderBy('code').execute();
  return rows.map((r) => r.code);
}
