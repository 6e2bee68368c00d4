import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/connect.ts';
import type { PlatformTables } from '../db/schema.ts';
import { withoutTenant } from '../db/tenancy.ts';
import * as repo from './repo.ts';

export const laSchema = z.object({
  code: z.string().regex(/^[0-9]{3}$/, 'LA code must be the 3-digit DfE LA number, like 926'),
  name: z.string().trim().min(1, 'Enter the LA name').max(200, 'LA name must be 200 characters or fewer'),
});

export class LaExistsError extends Error {}

export async function addLa(database: Database, input: z.input<typeof laSchema>): Promise<void> {
  const la = laSchema.parse(input);
  if (await repo.findLa(database.db, la.code))
    throw new LaExistsError(`An LA with code ${la.code} already exists`);
  await repo.insertLa(database.db, la.code, la.name);
}

// Read as the application role, which may read the LA list: the server's login role is granted
// that role, not the tables, so reading them as the connection's own user would be refused.
export const countLas = (database: Database) => withoutTenant(database.db, (tx) => repo.countLas(tx));
export const findLa = (database: Database, code: string) =>
  withoutTenant(database.db, (tx) => repo.findLa(tx, code));
export const listLaCodes = (database: Database) => withoutTenant(database.db, (tx) => repo.listLaCodes(tx));

/** An LA's name within a request's transaction (an LA's own users may read its row). */
export const findLaIn = (db: Kysely<PlatformTables>, code: string) => repo.findLa(db, code);
