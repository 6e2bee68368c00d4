import type { FastifyRequest } from 'fastify';
import { recordAuditEvent } from '../../platform/audit/index.ts';
import { can, type Permission } from '../../platform/auth/roles.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { forbidden, unauthorised } from '../../platform/http/problem.ts';
import { isoDateInLondon } from '../../platform/kernel/dates.ts';

/** Who a use case acts for: a signed-in person, a token's owner, a job's creator or the operator at the command line. */
export interface Actor {
  laCode: string;
  userId: string | null;
  roles: readonly string[];
  ip?: string | null;
  requestId?: string | null;
}

export function actorOf(request: FastifyRequest): Actor {
  const p = request.principal;
  if (!p) throw unauthorised('Sign in first.');
  return { laCode: p.laCode, userId: p.userId, roles: p.roles, ip: request.ip, requestId: request.id };
}

/** Deny by default, in the service as well as on the route, so every way in is checked alike. */
export function authorise(actor: Actor, permission: Permission): void {
  if (!can(actor.roles, permission)) throw forbidden();
}

export const tenantOf = (actor: Actor) => ({ laCode: actor.laCode, userId: actor.userId });

export function audit(
  tx: Tx,
  actor: Actor,
  action: string,
  entity: { type: string; id: string },
  detail?: Record<string, unknown>,
): Promise<void> {
  return recordAuditEvent(tx, {
    laCode: actor.laCode,
    userId: actor.userId,
    action,
    entityType: entity.type,
    entityId: entity.id,
    ip: actor.ip ?? null,
    requestId: actor.requestId ?? null,
    detail: detail ?? null,
  });
}

/** Today's date in England, for memberships and hosts that start and end on dates. */
export const londonToday = isoDateInLondon;
