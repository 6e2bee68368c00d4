import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/connect.ts';
import { notFound } from './problem.ts';

interface OpenApiDoc {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, { summary?: string; tags?: string[] }>>;
}

/** Health for load balancers, the OpenAPI document, and the token holder's own identity. */
export async function systemRoutes(
  app: FastifyInstance,
  deps: { database: Database; schemaVersion: number },
) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        response: {
          200: z.object({ status: z.literal('ok'), database: z.string(), schemaVersion: z.number() }),
          503: z.object({
            status: z.literal('unavailable'),
            database: z.string(),
            schemaVersion: z.number(),
          }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(deps.database.db);
        return { status: 'ok' as const, database: deps.database.kind, schemaVersion: deps.schemaVersion };
      } catch {
        return reply.code(503).send({
          status: 'unavailable' as const,
          database: deps.database.kind,
          schemaVersion: deps.schemaVersion,
        });
      }
    },
  );

  api.get(
    '/api/v1/me',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: 'Who the token acts for: user, LA and roles',
        tags: ['Account'],
        response: {
          200: z.object({
            userId: z.string(),
            email: z.string(),
            name: z.string(),
            la: z.object({ code: z.string(), name: z.string() }),
            roles: z.array(z.string()),
          }),
        },
      },
    },
    async (request) => {
      const p = request.principal;
      if (!p) throw notFound();
      return {
        userId: p.userId,
        email: p.email,
        name: p.name,
        la: { code: p.laCode, name: p.laName },
        roles: p.roles,
      };
    },
  );

  app.get('/api/docs/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  app.get('/api/docs', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const doc = app.swagger() as unknown as OpenApiDoc;
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? '',
        tag: op.tags?.[0] ?? 'Other',
      })),
    );
    return reply.page('api-docs.njk', { pageTitle: 'API documentation', doc, operations });
  });
}
