import type { FastifyRequest } from 'fastify';
import { type AuditFacts, auditAs } from '../../platform/audit/index.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { can, type Permission } from '../../platform/auth/roles.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/connect.ts';
import { inTenant, type Tx } from '../../platform/db/tenancy.ts';
import { forbidden, notFound } from '../../platform/http/problem.ts';
import { isoDateInLondon } from '../../platform/kernel/dates.ts';
import type { IsoDate } from './domain/types.ts';

/** Who is asking, on what day, from where: what every placements use case needs to authorise and audit. */
export interface PlacementsContext {
  database: Database;
  principal: Principal;
  today: IsoDate;
  ip: string | null;
  requestId: string | null;
}

export function placementsContext(
  request: FastifyRequest,
  database: Database,
  clock: Clock,
): PlacementsContext {
  const principal = request.principal;
  if (!principal) throw notFound();
  return { database, principal, today: isoDateInLondon(clock()), ip: request.ip, requestId: request.id };
}

export function transaction<T>(ctx: PlacementsContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inTenant(ctx.database.db, { laCode: ctx.principal.laCode, userId: ctx.principal.userId }, work);
}

export function audit(tx: Tx, ctx: PlacementsContext, ...events: AuditFacts[]) {
  return auditAs(tx, ctx, events);
}

export function authorise(ctx: PlacementsContext, permission: Permission) {
  if (!can(ctx.principal.roles, permission)) throw forbidden();
}

export const noSuchPlacement = () => notFound('There is no placement with this ID in your LA.');
