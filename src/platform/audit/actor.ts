import type { Principal } from '../auth/principal.ts';
import type { Tx } from '../db/tenancy.ts';
import { insertAuditEvents } from './repo.ts';

/** Who did it and from where, as every use case knows it. */
export interface AuditActor {
  principal: Principal;
  ip: string | null;
  requestId: string | null;
}

export interface AuditFacts {
  action: string;
  entityType: string;
  entityId?: string | null;
  childId: string | null;
  childIds?: readonly string[];
  detail?: Record<string, unknown>;
}

/** Records what the person did, in their LA, in one statement however many records it touched. */
export function auditAs(tx: Tx, actor: AuditActor, events: readonly AuditFacts[]): Promise<void> {
  return insertAuditEvents(
    tx,
    events.map((event) => ({
      laCode: actor.principal.laCode,
      userId: actor.principal.userId,
      ip: actor.ip,
      requestId: actor.requestId,
      ...event,
    })),
  );
}

export interface ListingFacts {
  action: string;
  entityType: string;
  /** Every child the listing showed. */
  childIds: readonly string[];
  detail?: Record<string, unknown>;
}

/**
 * One event for a whole listing, naming every child it showed: a page of fifty children is one
 * event that a search of the log for any of them finds, not fifty events. A listing that showed
 * nobody is recorded too, since what was searched for can itself say something about a child.
 */
export function auditListing(tx: Tx, actor: AuditActor, listing: ListingFacts): Promise<void> {
  return auditAs(tx, actor, [{ ...listing, childId: null }]);
}
