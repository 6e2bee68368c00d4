import type { FastifyRequest } from 'fastify';
import { type AuditFacts, auditOf, type SharedRead, transactionOf } from '../../platform/audit/index.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { can, type Permission } from '../../platform/auth/roles.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/connect.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { forbidden, notFound } from '../../platform/http/problem.ts';
import { isoDateInLondon } from '../../platform/kernel/dates.ts';
import type { IsoDate } from './domain/types.ts';

/** Who is asking, on what day, from where: what every placements use case needs to authorise and audit. */
export interface PlacementsContext {
  database: Database;
  principal: Principal;
  today: IsoDate;
  /** The instant the request arrived, on the app's clock: when what it records happened. */
  now: Date;
  ip: string | null;
  requestId: string | null;
  /** The child record page's one transaction, when the placements panel is read within it. */
  shared?: SharedRead | undefined;
}

export function placementsContext(
  request: FastifyRequest,
  database: Database,
  clock: Clock,
): PlacementsContext {
  const principal = request.principal;
  if (!principal) throw notFound();
  const now = clock();
  return { database, principal, today: isoDateInLondon(now), now, ip: request.ip, requestId: request.id };
}

export function transaction<T>(ctx: PlacementsContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return transactionOf(ctx, work);
}

export function audit(tx: Tx, ctx: PlacementsContext, ...events: AuditFacts[]) {
  return auditOf(tx, ctx, events);
}

export function authorise(ctx: PlacementsContext, permission: Permission) {
  if (!can(ctx.principal.roles, permission)) throw forbidden();
}

export const noSuchPlacement = () => notFound('There is no placement with this ID in your LA.');
