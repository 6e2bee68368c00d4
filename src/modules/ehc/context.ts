import type { FastifyRequest } from 'fastify';
import { type AuditFacts, auditOf, type SharedRead, transactionOf } from '../../platform/audit/index.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { can, type Permission } from '../../platform/auth/roles.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/connect.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { Hooks } from '../../platform/hooks.ts';
import { forbidden, HttpProblem, notFound } from '../../platform/http/problem.ts';
import { type IsoDate, isoDateInLondon } from '../../platform/kernel/dates.ts';

/** Who is asking, on what day, from where: what every EHC use case needs to authorise and audit. */
export interface EhcContext {
  database: Database;
  principal: Principal;
  today: IsoDate;
  /** The instant the request arrived, on the app's clock: when what it records happened. */
  now: Date;
  ip: string | null;
  requestId: string | null;
  /** The child record page's one transaction, when the EHC panel is read within it. */
  shared?: SharedRead | undefined;
  /** What other modules do, in the same transaction, when a step changes what a plan names. */
  hooks: Hooks;
}

/** What the EHC module's pages and API are built with. */
export interface EhcDeps {
  database: Database;
  clock: Clock;
  hooks: Hooks;
}

export function ehcContext(request: FastifyRequest, deps: EhcDeps): EhcContext {
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
  };
}

export function transaction<T>(ctx: EhcContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return transactionOf(ctx, work);
}

export function requirePermission(ctx: EhcContext, permission: Permission) {
  if (!can(ctx.principal.roles, permission)) throw forbidden();
}

export function audit(tx: Tx, ctx: EhcContext, event: AuditFacts) {
  return auditOf(tx, ctx, [event]);
}

/**
 * Records a refusal about a request, or about a child a request was to be opened for, and returns
 * it. A refusal speaks of them (the request's version, its plan, the steps recorded, the child's
 * plan), so it is audited as a read is; it is made within the use case's transaction, which a
 * refusal commits.
 */
export async function auditedRefusal<R extends { ok: false; status: number; errors: { field: string }[] }>(
  tx: Tx,
  ctx: EhcContext,
  about: { requestId: string | null; childId: string },
  refusal: R,
): Promise<R> {
  await audit(tx, ctx, {
    action: about.requestId ? 'ehc.request.refused' : 'ehc.request.open-refused',
    entityType: about.requestId ? 'ehc_request' : 'child',
    entityId: about.requestId ?? about.childId,
    childId: about.childId,
    detail: { status: refusal.status, fields: refusal.errors.map((e) => e.field) },
  });
  return refusal;
}

const refusalTitles = { 400: 'Invalid request', 404: 'Not found', 409: 'Conflict', 422: 'Refused' } as const;

/** A use case's refusal as the API's problem, each field named. */
export function refusalProblem(
  status: keyof typeof refusalTitles,
  errors: { field: string; message: string }[],
) {
  return new HttpProblem(
    status,
    refusalTitles[status],
    errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    errors,
  );
}

export const noSuchRequest = () => notFound('There is no EHC request with this ID.');
