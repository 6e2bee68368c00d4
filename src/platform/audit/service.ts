import { z } from 'zod';
import type { Principal } from '../auth/principal.ts';
import type { Database } from '../db/connect.ts';
import { inTenant } from '../db/tenancy.ts';
import { insertAuditEvent, searchAuditEvents } from './repo.ts';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'must be a real date',
    },
  );

export const auditQuerySchema = z
  .object({
    childId: z.uuid('childId must be a child ID (a UUID)').optional(),
    userId: z.uuid('userId must be a user ID (a UUID)').optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    before: z.coerce
      .number()
      .int()
      .positive('before must be an event number from a previous page')
      .optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1, 'limit must be at least 1')
      .max(200, 'limit must be 200 or fewer')
      .default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ['to'],
    message: 'to must be the same as or after from',
  });
export type AuditSearch = z.output<typeof auditQuerySchema>;

export interface RequestFacts {
  ip: string;
  requestId: string;
}

/** Searches the LA's audit log; the search is itself recorded, since it can reveal a child's history. */
export async function searchAudit(
  database: Database,
  principal: Principal,
  q: AuditSearch,
  facts: RequestFacts,
) {
  return inTenant(database.db, { laCode: principal.laCode, userId: principal.userId }, async (tx) => {
    const page = await searchAuditEvents(tx, {
      ...q,
      childIds: q.childId ? [q.childId] : undefined,
      laCode: principal.laCode,
    });
    await insertAuditEvent(tx, {
      laCode: principal.laCode,
      userId: principal.userId,
      action: 'audit.searched',
      entityType: 'audit-log',
      childId: q.childId ?? null,
      ip: facts.ip,
      requestId: facts.requestId,
      detail: Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)),
    });
    return page;
  });
}
