import type { Kysely } from 'kysely';
import type { Database } from '../db/connect.ts';
import type { PlatformTables } from '../db/schema.ts';
import { inTenant, type Tx } from '../db/tenancy.ts';
import { type AuditActor, type AuditFacts, auditAs } from './actor.ts';

/**
 * One transaction shared by the parts of a page that several modules draw (a child's record with
 * its EHC and placements panels), and the audit events each part adds, written in one insert at
 * its end. On the embedded database a statement costs about as much as the query it carries, so
 * a record read in three transactions with three audit inserts took twice the time of one.
 * All or nothing as before: if any part fails, nothing was shown and nothing is recorded.
 */
export interface SharedRead {
  tx: Tx;
  events: AuditFacts[];
}

/** What a module's context carries to read within a shared transaction when a page gives it one. */
export interface SharedReadActor extends AuditActor {
  database: Database;
  shared?: SharedRead | undefined;
}

export function sharedRead<T>(
  db: Kysely<PlatformTables>,
  actor: AuditActor & { today?: string },
  work: (shared: SharedRead) => Promise<T>,
): Promise<T> {
  const tenant = { laCode: actor.principal.laCode, userId: actor.principal.userId, today: actor.today };
  return inTenant(db, tenant, async (tx) => {
    const shared: SharedRead = { tx, events: [] };
    const result = await work(shared);
    await auditAs(tx, actor, shared.events);
    return result;
  });
}

/** The page's transaction when the context shares one, else a transaction of the use case's own. */
export function transactionOf<T>(
  ctx: SharedReadActor & { today?: string },
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  if (ctx.shared) return work(ctx.shared.tx);
  const tenant = { laCode: ctx.principal.laCode, userId: ctx.principal.userId, today: ctx.today };
  return inTenant(ctx.database.db, tenant, work);
}

/** Audits in the use case's transaction, or adds the events to the shared read's one insert. */
export async function auditOf(tx: Tx, ctx: SharedReadActor, events: readonly AuditFacts[]): Promise<void> {
  if (ctx.shared) ctx.shared.events.push(...events);
  else await auditAs(tx, ctx, events);
}
