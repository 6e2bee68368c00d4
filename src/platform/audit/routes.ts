import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/connect.ts';
import { notFound } from '../http/problem.ts';
import { errorFor, errorSummary, parse } from '../http/validation.ts';
import { auditQuerySchema, searchAudit } from './service.ts';

const auditEventSchema = z.object({
  id: z.number(),
  at: z.date(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  childId: z.string().nullable(),
  childIds: z.array(z.string()).nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

function queryString(q: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  return params.toString();
}

export async function auditRoutes(app: FastifyInstance, deps: { database: Database }) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/audit',
    {
      config: { access: 'audit:read' },
      schema: {
        summary: 'Search the audit log of your LA, newest first',
        tags: ['Audit'],
        querystring: auditQuerySchema,
        response: {
          200: z.object({ items: z.array(auditEventSchema), next: z.string().nullable() }),
        },
      },
    },
    async (request) => {
      const p = request.principal;
      if (!p) throw notFound();
      const page = await searchAudit(deps.database, p, request.query, {
        ip: request.ip,
        requestId: request.id,
      });
      const { before: _b, ...rest } = request.query;
      return {
        items: page.items,
        next: page.nextBefore ? `/api/v1/audit?${queryString({ ...rest, before: page.nextBefore })}` : null,
      };
    },
  );

  app.get('/admin/audit', { config: { access: 'audit:read' } }, async (request, reply) => {
    const p = request.principal;
    if (!p) throw notFound();
    const raw = request.query as Record<string, string>;
    const values = Object.fromEntries(
      ['childId', 'userId', 'from', 'to', 'before'].map((k) => [
        k,
        typeof raw[k] === 'string' ? raw[k].trim().slice(0, 100) : '',
      ]),
    );
    const filled = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
    const parsed = parse(auditQuerySchema, filled);
    if (!parsed.ok) {
      return reply.code(400).page('audit/search.njk', {
        pageTitle: 'Audit log',
        values,
        items: [],
        errors: errorSummary(parsed.errors),
        fieldError: (f: string) => errorFor(parsed.errors, f),
      });
    }
    const page = await searchAudit(deps.database, p, parsed.data, { ip: request.ip, requestId: request.id });
    const { before: _b, limit: _l, ...filters } = parsed.data;
    return reply.page('audit/search.njk', {
      pageTitle: 'Audit log',
      values,
      items: page.items,
      errors: [],
      fieldError: () => false,
      firstPage: parsed.data.before ? `/admin/audit?${queryString(filters)}` : null,
      nextPage: page.nextBefore
        ? `/admin/audit?${queryString({ ...filters, before: page.nextBefore })}`
        : null,
    });
  });
}
