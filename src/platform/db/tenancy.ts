import { type Kysely, sql, type Transaction } from 'kysely';
import type { PlatformTables } from './schema.ts';

export type Tx = Transaction<PlatformTables>;

export interface Tenant {
  laCode: string;
  userId: string | null;
  /**
   * The day the work is for, where the service's clock is not the database's (a test's fixed day):
   * row-level rules that turn on a date (a young person's say over their record) read it.
   */
  today?: string | undefined;
}

export const appRole = 'opensend_app';

/**
 * Runs `work` in one transaction as the application role with the LA (and user) set, so
 * row-level security keeps every statement inside that LA whatever the code asks for.
 * `set_config(..., true)` is transaction-local: nothing leaks to the next user of the connection.
 */
export function inTenant<T>(
  db: Kysely<PlatformTables>,
  tenant: Tenant,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await actAsTenant(tx, tenant);
    return work(tx);
  });
}

/**
 * Makes the rest of a transaction the application role in this LA. For work that must span LAs
 * and still commit all or nothing (the demo's two LAs are written in one transaction); anything
 * run before it in the transaction runs as the owner.
 */
export async function actAsTenant(tx: Tx, tenant: Tenant): Promise<void> {
  await sql`SELECT set_config('role', ${appRole}, true), set_config('app.la_code', ${tenant.laCode}, true),
    set_config('app.user_id', ${tenant.userId ?? ''}, true), set_config('app.today', ${tenant.today ?? ''}, true)`.execute(
    tx,
  );
}

/**
 * Runs `work` as the application role with no LA: only tables that are not tenant-owned
 * (the LA list, the sign-in directory and throttle) are visible. Used before anyone is known.
 */
export function withoutTenant<T>(db: Kysely<PlatformTables>, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`SELECT set_config('role', ${appRole}, true)`.execute(tx);
    return work(tx);
  });
}
