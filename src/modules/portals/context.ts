import type { FastifyRequest } from 'fastify';
import { type AuditFacts, auditOf, type SharedRead, transactionOf } from '../../platform/audit/index.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { can, type Permission } from '../../platform/auth/roles.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Config } from '../../platform/config.ts';
import type { Database } from '../../platform/db/connect.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { Hooks } from '../../platform/hooks.ts';
import { forbidden, notFound } from '../../platform/http/problem.ts';
import { type IsoDate, isoDateInLondon } from '../../platform/kernel/dates.ts';

/** Who is asking, on what day, from where, and where their files go: what every portal use case needs. */
export interface PortalContext {
  database: Database;
  principal: Principal;
  today: IsoDate;
  now: Date;
  ip: string | null;
  requestId: string | null;
  hooks: Hooks;
  uploads: Config['uploads'];
  /** The address links in notices start with. */
  publicUrl: string;
  /** One transaction for several use cases, all or nothing (a whole request sent through the API). */
  shared?: SharedRead | undefined;
}

export interface PortalDeps {
  config: Config;
  database: Database;
  clock: Clock;
  hooks: Hooks;
}

export function portalContext(request: FastifyRequest, deps: PortalDeps): PortalContext {
  const principal = request.principal;
  if (!principal) throw notFound();
  const now = deps.clock();
  return {
    database: deps.database,
    principal,
    today: isoDateInLondon(now),
    now,
    ip: request.ip,
    requestId: request.id,
    hooks: deps.hooks,
    uploads: deps.config.uploads,
    publicUrl: deps.config.publicUrl ?? `${request.protocol}://${request.host}`,
  };
}

export function transaction<T>(ctx: PortalContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return transactionOf(ctx, work);
}

export function authorise(ctx: PortalContext, permission: Permission) {
  if (!can(ctx.principal.roles, permission)) throw forbidden();
}

export function audit(tx: Tx, ctx: PortalContext, ...events: AuditFacts[]) {
  return auditOf(tx, ctx, events);
}
