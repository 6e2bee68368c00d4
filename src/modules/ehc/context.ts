import type { FastifyRequest } from 'fastify';
import { recordAuditEvent, recordAuditEvents } from '../../platform/audit/index.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { can, type Permission } from '../../platform/auth/roles.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/connect.ts';
import { inTenant, type Tx } from '../../platform/db/tenancy.ts';
import { forbidden, notFound } from '../../platform/http/problem.ts';
import { type IsoDate, isoDateInLondon } from '../../platform/kernel/dates.ts';

/** Who is asking, on what day, from where: what every EHC use case needs to authorise and audit. */
export interface EhcContext {
  database: Database;
  principal: Principal;
  today: IsoDate;
  ip: string | null;
  requestId: string | null;
}

export function ehcContext(request: FastifyRequest, database: Database, clock: Clock): EhcContext {
  const principal = request.principal;
  if (!principal) throw notFound();
  return { database, principal, today: isoDateInLondon(clock()), ip: request.ip, requestId: request.id };
}

export function transaction<T>(ctx: EhcContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inTenant(ctx.database.db, { laCode: ctx.principal.laCode, userId: ctx.principal.userId }, work);
}

export function requirePermission(ctx: EhcContext, permission: Permission) {
  if (!can(ctx.principal.roles, permission)) throw forbidden();
}

interface AuditFacts {
  action: string;
  entityType: string;
  entityId?: string | null;
  childId: string | null;
  detail?: Record<string, unknown>;
}

export function audit(tx: Tx, ctx: EhcContext, event: AuditFacts) {
  return recordAuditEvent(tx, {
    laCode: ctx.principal.laCode,
    userId: ctx.principal.userId,
    ip: ctx.ip,
    requestId: ctx.requestId,
    ...event,
  });
}

export function auditEach(tx: Tx, ctx: EhcContext, events: AuditFacts[]) {
  return recordAuditEvents(
    tx,
    events.map((event) => ({
      laCode: ctx.principal.laCode,
      userId: ctx.principal.userId,
      ip: ctx.ip,
      requestId: ctx.requestId,
      ...event,
    })),
  );
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Checked before a query, so a malformed ID is not found rather than a database error. */
export const isUuid = (s: string) => uuid.test(s);

export const noSuchRequest = () => notFound('There is no EHC request with this ID.');
