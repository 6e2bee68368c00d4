import type { FastifyRequest } from 'fastify';
import { type AuditFacts, auditAs } from '../../platform/audit/index.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { can, type Permission } from '../../platform/auth/roles.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/connect.ts';
import { inTenant, type Tx } from '../../platform/db/tenancy.ts';
import { forbidden, unauthorised } from '../../platform/http/problem.ts';
import { type IsoDate, isoDateInLondon } from '../../platform/kernel/dates.ts';

/** Who is asking, on what day, from where: what every programme use case needs to authorise and audit. */
export interface ProgrammeContext {
  database: Database;
  principal: Principal;
  today: IsoDate;
  ip: string | null;
  requestId: string | null;
}

export function programmeContext(
  request: FastifyRequest,
  database: Database,
  clock: Clock,
): ProgrammeContext {
  const principal = request.principal;
  if (!principal) throw unauthorised('Sign in first.');
  return { database, principal, today: isoDateInLondon(clock()), ip: request.ip, requestId: request.id };
}

export const transaction = <T>(ctx: ProgrammeContext, work: (tx: Tx) => Promise<T>) =>
  inTenant(ctx.database.db, { laCode: ctx.principal.laCode, userId: ctx.principal.userId }, work);

export const audit = (tx: Tx, ctx: ProgrammeContext, event: AuditFacts) => auditAs(tx, ctx, [event]);

/** Deny by default, in the service as well as on the route. */
export function authorise(ctx: ProgrammeContext, permission: Permission) {
  if (!can(ctx.principal.roles, permission)) throw forbidden();
}
