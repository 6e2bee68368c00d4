import { type AuditFacts, auditAs } from '../../platform/audit/index.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { can, type Permission } from '../../platform/auth/roles.ts';
import type { Database } from '../../platform/db/connect.ts';
import { inTenant, type Tx } from '../../platform/db/tenancy.ts';
import { forbidden } from '../../platform/http/problem.ts';
import type { IsoDate } from '../../platform/kernel/dates.ts';

/** Who is asking, on what day, from where: what every high needs use case needs to authorise and audit. */
export interface FundingContext {
  database: Database;
  principal: Principal;
  today: IsoDate;
  ip: string | null;
  requestId: string | null;
}

export const transaction = <T>(ctx: FundingContext, work: (tx: Tx) => Promise<T>) =>
  inTenant(ctx.database.db, { laCode: ctx.principal.laCode, userId: ctx.principal.userId }, work);

export const audit = (tx: Tx, ctx: FundingContext, event: AuditFacts) => auditAs(tx, ctx, [event]);

export function authorise(ctx: FundingContext, permission: Permission, refusal?: string) {
  if (!can(ctx.principal.roles, permission)) throw forbidden(refusal);
}
