import { z } from 'zod';
import { userNames, userWithEmail } from '../auth/directory.ts';
import type { Principal } from '../auth/principal.ts';
import type { Database } from '../db/connect.ts';
import { inTenant, type Tx } from '../db/tenancy.ts';
import { exportFormatField } from '../exports/index.ts';
import type { FieldError } from '../http/problem.ts';
import { isRealIsoDate } from '../kernel/dates.ts';
import { auditAs } from './actor.ts';
import type { ChildDirectory, NamedChild } from './child-directory.ts';
import { type AuditEventView, describeEvents, idsToName } from './presenter.ts';
import { type AuditEventRow, type AuditQuery, searchAuditEvents } from './repo.ts';
import type { AuditLabeller } from './vocabulary.ts';

const isoDate = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date like 2026-01-31`)
    .refine(isRealIsoDate, `${label} must be a real date`);

const auditFilters = z.object({
  childName: z.string().trim().max(100, "Child's name must be 100 characters or fewer").optional(),
  childId: z.uuid('childId must be a child ID (a UUID)').optional(),
  email: z
    .string()
    .trim()
    .max(254, 'Email must be 254 characters or fewer')
    .toLowerCase()
    .pipe(z.email('Email must be an email address, like name@example.org'))
    .optional(),
  userId: z.uuid('userId must be a user ID (a UUID)').optional(),
  from: isoDate('From').optional(),
  to: isoDate('To').optional(),
  before: z.coerce.number().int().positive('before must be an event number from a previous page').optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1, 'limit must be at least 1')
    .max(200, 'limit must be 200 or fewer')
    .default(50),
});

interface RuledFilters {
  childName?: string | undefined;
  childId?: string | undefined;
  email?: string | undefined;
  userId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

function withRules<S extends z.ZodType<RuledFilters>>(schema: S) {
  return schema.superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'To must be the same date as From or after it' });
    if (q.childName && q.childId)
      ctx.addIssue({
        code: 'custom',
        path: ['childName'],
        message: "Search by a child's name or by their ID, not both",
      });
    if (q.email && q.userId)
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: "Search by a person's email or by their ID, not both",
      });
  });
}

export const auditQuerySchema = withRules(auditFilters);
/** The API's: the same filters, and `format` to download every event they match. */
export const auditApiQuerySchema = withRules(auditFilters.extend({ format: exportFormatField }));
export type AuditSearch = z.output<typeof auditQuerySchema>;

/** At most this many children a typed name stands for: enough for a common name, few enough to read. */
export const childNameMatches = 50;

export interface RequestFacts {
  ip: string;
  requestId: string;
}

/** What the audit log needs from outside the platform: names of children, labels of modules' actions. */
export interface AuditLookups {
  children: ChildDirectory;
  labels: AuditLabeller;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** A search with a name turned into children and an email into a person, ready to run page by page. */
export interface ResolvedSearch {
  query: Pick<AuditQuery, 'childIds' | 'userId' | 'from' | 'to'>;
  /** The children a typed name matched, closest first. */
  matchedChildren: NamedChild[];
  /** The filters as the person gave them, as the audit log records the search. */
  filters: Record<string, unknown>;
}

async function resolve(
  tx: Tx,
  principal: Principal,
  q: AuditSearch,
  lookups: AuditLookups,
): Promise<Outcome<ResolvedSearch>> {
  const errors: FieldError[] = [];
  const matchedChildren = q.childName
    ? await lookups.children.named(tx, principal.laCode, q.childName, childNameMatches)
    : [];
  if (q.childName && !matchedChildren.length)
    errors.push({
      field: 'childName',
      message: `No child in ${principal.laName} has a name like “${q.childName}”`,
    });
  const userId = q.email ? await userWithEmail(tx, q.email) : q.userId;
  if (q.email && !userId)
    errors.push({
      field: 'email',
      message: `No one in ${principal.laName} has the email address ${q.email}`,
    });
  if (errors.length) return { ok: false, errors };
  const { before: _before, limit: _limit, ...filters } = q;
  return {
    ok: true,
    value: {
      query: {
        childIds: q.childName ? matchedChildren.map((c) => c.id) : q.childId ? [q.childId] : undefined,
        userId,
        from: q.from,
        to: q.to,
      },
      matchedChildren,
      filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '')),
    },
  };
}

async function describe(
  tx: Tx,
  laCode: string,
  rows: readonly AuditEventRow[],
  lookups: AuditLookups,
): Promise<AuditEventView[]> {
  const ids = idsToName(rows);
  const children = await lookups.children.namesOf(tx, laCode, ids.childIds);
  const users = await userNames(tx, ids.userIds);
  return describeEvents(rows, lookups.labels, { children, users });
}

export interface AuditPage {
  items: AuditEventView[];
  nextBefore: number | undefined;
  matchedChildren: NamedChild[];
}

const tenantOf = (p: Principal) => ({ laCode: p.laCode, userId: p.userId });

/**
 * Searches the LA's audit log, newest first, each event with its labels and names. The search is
 * itself recorded, against the children it was about, since it can reveal a child's history.
 */
export function searchAudit(
  database: Database,
  principal: Principal,
  q: AuditSearch,
  facts: RequestFacts,
  lookups: AuditLookups,
): Promise<Outcome<AuditPage>> {
  return inTenant(database.db, tenantOf(principal), async (tx) => {
    const resolved = await resolve(tx, principal, q, lookups);
    if (!resolved.ok) return resolved;
    const { query, matchedChildren, filters } = resolved.value;
    const page = await searchAuditEvents(tx, {
      ...query,
      laCode: principal.laCode,
      before: q.before,
      limit: q.limit,
    });
    await auditAs(tx, { principal, ...facts }, [
      {
        action: 'audit.searched',
        entityType: 'audit-log',
        childId: q.childId ?? null,
        childIds: matchedChildren.map((c) => c.id),
        detail: { ...filters, limit: q.limit, ...(q.before ? { before: q.before } : {}) },
      },
    ]);
    return {
      ok: true,
      value: {
        items: await describe(tx, principal.laCode, page.items, lookups),
        nextBefore: page.nextBefore,
        matchedChildren,
      },
    };
  });
}

/** The filters of an export, checked and resolved once before its first page. */
export function resolveAuditSearch(
  database: Database,
  principal: Principal,
  q: AuditSearch,
  lookups: AuditLookups,
): Promise<Outcome<ResolvedSearch>> {
  return inTenant(database.db, tenantOf(principal), (tx) => resolve(tx, principal, q, lookups));
}

/** One page of a resolved search, older than `before`, in its own transaction: an export's page source. */
export function auditEventsPage(
  database: Database,
  principal: Principal,
  search: ResolvedSearch,
  lookups: AuditLookups,
  before: number | undefined,
  limit: number,
): Promise<{ rows: AuditEventView[]; next: number | undefined }> {
  return inTenant(database.db, tenantOf(principal), async (tx) => {
    const page = await searchAuditEvents(tx, { ...search.query, laCode: principal.laCode, before, limit });
    return {
      rows: await describe(tx, principal.laCode, page.items, lookups),
      next: page.nextBefore,
    };
  });
}
