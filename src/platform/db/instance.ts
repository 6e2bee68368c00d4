import { randomBytes } from 'node:crypto';
import type { Database } from './connect.ts';

/**
 * A secret the instance makes for itself on first start and keeps in the database, so that
 * every app process behind a load balancer signs cookies alike with nothing in the repo.
 */
export async function instanceSecret(database: Database, name: string): Promise<string> {
  await database.db
    .insertInto('instance_secrets')
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await database.db
    .selectFrom('instance_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}
