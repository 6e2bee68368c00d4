import { type AuditFacts, auditOf, type SharedRead, transactionOf } from '../../platform/audit/index.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { can } from '../../platform/auth/roles.ts';
import type { Database } from '../../platform/db/connect.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { forbidden, notFound } from '../../platform/http/problem.ts';
import { isUuid } from '../../platform/kernel/ids.ts';
import { establishmentIdsForClusterHost, establishmentIdsForStaff } from '../providers/index.ts';
import type { IsoDate } from './domain/dates.ts';
import { type ChildScope, resolveScope, scopeRuleFor } from './domain/scope.ts';
import * as repo from './repo.ts';

/** Who is asking, on what day, from where: what every use case needs to authorise and audit. */
export interface ChildrenContext {
  database: Database;
  principal: Principal;
  today: IsoDate;
  ip: string | null;
  requestId: string | null;
  /** The record page's one transaction, when the child is read with other modules' parts of it. */
  shared?: SharedRead | undefined;
}

export function transaction<T>(ctx: ChildrenContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return transactionOf(ctx, work);
}

export function audit(tx: Tx, ctx: ChildrenContext, event: AuditFacts) {
  return auditOf(tx, ctx, [event]);
}

export async function scopeOf(tx: Tx, ctx: ChildrenContext): Promise<ChildScope> {
  const { userId, laCode, roles } = ctx.principal;
  const rule = scopeRuleFor(roles);
  if (rule.laWide) return { kind: 'la' };
  return resolveScope(rule, {
    staffEstablishmentIds: rule.staffSchools ? await establishmentIdsForStaff(tx, userId) : [],
    clusterEstablishmentIds: rule.clusterSchools
      ? await establishmentIdsForClusterHost(tx, userId, ctx.today)
      : [],
    linkedChildIds: rule.linkedChildren ? await repo.childIdsLinkedToUser(tx, laCode, userId) : [],
  });
}

export function requireWrite(ctx: ChildrenContext) {
  if (!can(ctx.principal.roles, 'children:write')) throw forbidden();
}

export const noSuchChild = () => notFound('There is no child with this ID that you can see.');

/** The child, locked if asked, when the person may see it; otherwise not found, never forbidden, so existence is not given away. */
export async function findVisible(tx: Tx, ctx: ChildrenContext, id: string, forUpdate = false) {
  if (!isUuid(id)) throw noSuchChild();
  const scope = await scopeOf(tx, ctx);
  const row = await repo.findChild(tx, ctx.principal.laCode, scope, id, { forUpdate });
  if (!row) throw noSuchChild();
  return { scope, row };
}
