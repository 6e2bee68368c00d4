import type { FastifyRequest } from 'fastify';
import { type AuditFacts, auditOf, type SharedRead, transactionOf } from '../../platform/audit/index.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { can, type Permission } from '../../platform/auth/roles.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/connect.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { forbidden, unauthorised } from '../../platform/http/problem.ts';
import { type IsoDate, isoDateInLondon } from '../../platform/kernel/dates.ts';

/** Who is at work on events, consultations or MI sheets, on what day, from where. */
export interface EngagementContext {
  database: Database;
  principal: Principal;
  today: IsoDate;
  now: Date;
  ip: string | null;
  requestId: string | null;
  /** One transaction for several use cases (the demo writes its events inside its own). */
  shared?: SharedRead | undefined;
}

export function engagementContext(
  request: FastifyRequest,
  database: Database,
  clock: Clock,
): EngagementContext {
  const principal = request.principal;
  if (!principal) throw unauthorised('Sign in first.');
  const now = clock();
  return { database, principal, today: isoDateInLondon(now), now, ip: request.ip, requestId: request.id };
}

export const transaction = <T>(ctx: EngagementContext, work: (tx: Tx) => Promise<T>) =>
  transactionOf(ctx, work);

export const audit = (tx: Tx, ctx: EngagementContext, event: AuditFacts) => auditOf(tx, ctx, [event]);

/** Deny by default, in the use case as well as on the route. */
export function authorise(ctx: EngagementContext, permission: Permission) {
  if (!can(ctx.principal.roles, permission)) throw forbidden();
}
