import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal } from '../auth/principal.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/connect.ts';
import { downloadLinks, type ExportFormat, requestedFormat, sendExport } from '../exports/index.ts';
import { type FieldError, HttpProblem, notFound } from '../http/problem.ts';
import { errorFor, errorSummary, parse } from '../http/validation.ts';
import { isoDateInLondon } from '../kernel/dates.ts';
import { chainRoutes } from './chain/routes.ts';
import { auditEventsTable } from './export.ts';
import { childCount } from './presenter.ts';
import {
  type AuditLookups,
  type AuditSearch,
  auditApiQuerySchema,
  auditEventsPage,
  auditQuerySchema,
  type RequestFacts,
  type ResolvedSearch,
  resolveAuditSearch,
  searchAudit,
} from './service.ts';

const namedChild = z.object({ id: z.string(), name: z.string() });

const auditEventSchema = z.object({
  id: z.number(),
  at: z.date(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  userEmail: z.string().nullable(),
  action: z.string(),
  actionLabel: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  record: z.string(),
  childId: z.string().nullable(),
  childName: z.string().nullable(),
  childIds: z.array(z.string()).nullable(),
  children: z.array(namedChild),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

/** The filters the page's form has, in its order. */
const filterNames = ['childName', 'childId', 'email', 'userId', 'from', 'to', 'before'] as const;

// Large enough that a 100,000-event export is 200 short transactions, small enough that each is short.
const exportPageSize = 500;

function queryString(q: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  return params.toString();
}

const refused = (errors: FieldError[]) =>
  new HttpProblem(400, 'Invalid request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);

export interface AuditRouteDeps {
  database: Database;
  clock: Clock;
  lookups: AuditLookups;
}

export async function auditRoutes(app: FastifyInstance, deps: AuditRouteDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  /** Every event the search matches, as a file, newest first; one audit event for the export. */
  function exportEvents(
    reply: FastifyReply,
    principal: Principal,
    search: ResolvedSearch,
    format: ExportFormat,
    facts: RequestFacts,
  ) {
    return sendExport(reply, {
      format,
      table: auditEventsTable,
      today: isoDateInLondon(deps.clock()),
      pages: (before: number | undefined) =>
        auditEventsPage(deps.database, principal, search, deps.lookups, before, exportPageSize),
      audit: {
        database: deps.database,
        actor: { principal, ...facts },
        action: 'audit.events.exported',
        entityType: 'audit-log',
        filters: search.filters,
      },
    });
  }

  api.get(
    '/api/v1/audit',
    {
      config: { access: 'audit:read' },
      schema: {
        summary:
          'Search the audit log of your LA, newest first; with format=csv or format=xlsx, download every event the filters match',
        tags: ['Audit'],
        querystring: auditApiQuerySchema,
        response: {
          200: z.object({
            items: z.array(auditEventSchema),
            matchedChildren: z.array(namedChild),
            next: z.string().nullable(),
          }),
        },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      if (!p) throw notFound();
      const { format, ...q } = request.query;
      const facts = { ip: request.ip, requestId: request.id };
      if (format) {
        const resolved = await resolveAuditSearch(deps.database, p, q, deps.lookups);
        if (!resolved.ok) throw refused(resolved.errors);
        return exportEvents(reply, p, resolved.value, format, facts);
      }
      const result = await searchAudit(deps.database, p, q, facts, deps.lookups);
      if (!result.ok) throw refused(result.errors);
      const page = result.value;
      const { before: _b, ...rest } = q;
      return {
        items: page.items,
        matchedChildren: page.matchedChildren,
        next: page.nextBefore ? `/api/v1/audit?${queryString({ ...rest, before: page.nextBefore })}` : null,
      };
    },
  );

  app.get('/admin/audit', { config: { access: 'audit:read' } }, async (request, reply) => {
    const p = request.principal;
    if (!p) throw notFound();
    const format = requestedFormat(request.query);
    const raw = request.query as Record<string, unknown>;
    // Long enough that a value past a field's limit is refused by name, not cut short without a word.
    const values = Object.fromEntries(
      filterNames.map((k) => [k, typeof raw[k] === 'string' ? raw[k].trim().slice(0, 1000) : '']),
    );
    const show = (status: number, data: Record<string, unknown>) =>
      reply.code(status).page('audit/search.njk', {
        pageTitle: 'Audit log',
        values,
        items: [],
        errors: [],
        fieldError: () => false,
        ...data,
      });
    const refuse = (errors: FieldError[]) =>
      show(400, { errors: errorSummary(errors), fieldError: (f: string) => errorFor(errors, f) });

    const parsed = parse(
      auditQuerySchema,
      Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')),
    );
    if (!parsed.ok) return refuse(parsed.errors);
    const q: AuditSearch = parsed.data;
    const facts = { ip: request.ip, requestId: request.id };
    if (format) {
      const resolved = await resolveAuditSearch(deps.database, p, q, deps.lookups);
      if (!resolved.ok) return refuse(resolved.errors);
      return exportEvents(reply, p, resolved.value, format, facts);
    }
    const result = await searchAudit(deps.database, p, q, facts, deps.lookups);
    if (!result.ok) return refuse(result.errors);
    const page = result.value;
    const { before: _b, limit: _l, ...filters } = q;
    return show(200, {
      items: page.items.map((e) => ({ ...e, childCount: childCount(e.children.length) })),
      matchedChildren: page.matchedChildren,
      downloads: page.items.length ? downloadLinks(request.url) : null,
      firstPage: q.before ? `/admin/audit?${queryString(filters)}` : null,
      nextPage: page.nextBefore
        ? `/admin/audit?${queryString({ ...filters, before: page.nextBefore })}`
        : null,
    });
  });

  await chainRoutes(app, deps);
}
