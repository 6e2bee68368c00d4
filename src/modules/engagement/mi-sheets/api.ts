import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponse } from '../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { engagementContext } from '../context.ts';
import { schoolAudiences } from '../domain/audiences.ts';
import { refusal } from '../forms.ts';
import { numberOf } from './manage-pages.ts';
import type { SheetRow } from './repo.ts';
import {
  answerSchema,
  answerSheet,
  chaseSchools,
  publishSheet,
  saveSheet,
  sheetForOfficer,
  sheetList,
  sheetsForMySchools,
} from './service.ts';

/** MI sheets for the LA's other systems, and schools' answers from theirs. */

const date = z.string().describe('YYYY-MM-DD');
const sheetJson = z.object({
  id: z.string(),
  number: z.string().nullable().describe('248/11; null for a draft'),
  kind: z.enum(['information', 'action']),
  title: z.string(),
  audiences: z.array(z.enum(schoolAudiences)),
  issuedOn: date.nullable(),
  completeBy: date.nullable(),
  contact: z.string(),
  body: z.string().describe('Markdown'),
  status: z.enum(['draft', 'published']),
  schools: z.number().int(),
  acknowledged: z.number().int(),
  completed: z.number().int(),
  version: z.number().int(),
});
const asSheet = (s: SheetRow): z.infer<typeof sheetJson> => ({
  id: s.id,
  number: s.number ? numberOf(s) : null,
  kind: s.kind,
  title: s.title,
  audiences: s.audiences,
  issuedOn: s.issuedOn,
  completeBy: s.completeBy,
  contact: s.contact,
  body: s.body,
  status: s.status,
  schools: s.schools,
  acknowledged: s.acknowledged,
  completed: s.completed,
  version: s.version,
});
const receiptJson = z.object({
  establishmentId: z.string(),
  urn: z.number().int().nullable(),
  school: z.string(),
  cluster: z.string(),
  state: z.enum(['done', 'read', 'to-do', 'overdue']),
  acknowledgedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  chases: z.number().int(),
});

export async function sheetsApi(app: FastifyInstance, deps: ModuleDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => engagementContext(request, deps.database, deps.clock);
  const tags = ['MI sheets'];
  const officer = { access: 'engagement:manage' as const };
  const params = z.object({ id: z.uuid('id must be an MI sheet id (a UUID)') });

  api.get(
    '/api/v1/mi-sheets',
    {
      config: officer,
      schema: {
        summary: 'Every MI sheet, drafts first, then newest',
        tags,
        response: { 200: z.object({ sheets: z.array(sheetJson) }) },
      },
    },
    async (request) => ({ sheets: (await sheetList(ctx(request))).map(asSheet) }),
  );

  api.post(
    '/api/v1/mi-sheets',
    {
      config: officer,
      schema: {
        summary: 'Draft an MI sheet; it is numbered when it is sent',
        tags,
        body: z.object({
          kind: z.enum(['information', 'action']),
          title: z.string(),
          audiences: z.array(z.enum(schoolAudiences)).min(1),
          completeBy: date.optional(),
          contact: z.string(),
          body: z.string(),
        }),
        response: { 201: sheetJson, 400: problemResponse },
      },
    },
    async (request, reply) => {
      const c = ctx(request);
      const r = await saveSheet(c, null, request.body);
      if (!r.ok) throw refusal(r);
      return reply.code(201).send(asSheet((await sheetForOfficer(c, r.id)).sheet));
    },
  );

  api.get(
    '/api/v1/mi-sheets/:id',
    {
      config: officer,
      schema: {
        summary: 'An MI sheet with every school it went to and what each has said',
        tags,
        params,
        response: { 200: sheetJson.extend({ responses: z.array(receiptJson) }), 404: problemResponse },
      },
    },
    async (request) => {
      const v = await sheetForOfficer(ctx(request), request.params.id);
      return {
        ...asSheet(v.sheet),
        responses: v.receipts.map((r) => ({
          establishmentId: r.establishmentId,
          urn: r.urn,
          school: r.schoolName,
          cluster: r.clusterName,
          state: r.state,
          acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
          completedAt: r.completedAt?.toISOString() ?? null,
          chases: r.chases,
        })),
      };
    },
  );

  api.post(
    '/api/v1/mi-sheets/:id/publish',
    {
      config: officer,
      schema: {
        summary:
          'Send a draft to every school in a cluster, with the next number of the year; their SENCos and heads are emailed',
        tags,
        params,
        response: {
          200: z.object({ number: z.string(), schools: z.number().int() }),
          404: problemResponse,
          409: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request) => {
      const r = await publishSheet(
        ctx(request),
        request.params.id,
        deps.config.publicUrl,
        request.body ?? {},
      );
      if (!r.ok) throw refusal(r);
      return { number: r.number, schools: r.schools };
    },
  );

  api.post(
    '/api/v1/mi-sheets/:id/chase',
    {
      config: officer,
      schema: {
        summary: 'Email the SENCos and heads of every school yet to read the sheet or do what it asks',
        tags,
        params,
        response: {
          200: z.object({ schools: z.number().int(), people: z.number().int() }),
          404: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request) => {
      const r = await chaseSchools(ctx(request), request.params.id, deps.config.publicUrl);
      if (!r.ok) throw refusal(r);
      return { schools: r.schools, people: r.people };
    },
  );

  api.get(
    '/api/v1/mi-sheets/for-my-schools',
    {
      config: { access: 'engagement:school' },
      schema: {
        summary:
          'The MI sheets sent to the schools of the signed-in SENCo, head teacher or cluster host, with each school’s answer',
        tags,
        response: {
          200: z.object({
            sheets: z.array(
              sheetJson.extend({
                establishmentId: z.string(),
                school: z.string(),
                state: z.enum(['done', 'read', 'to-do', 'overdue']),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      sheets: (await sheetsForMySchools(ctx(request))).map((s) => ({
        ...asSheet(s.sheet),
        establishmentId: s.establishmentId,
        school: s.schoolName,
        state: s.state,
      })),
    }),
  );

  api.post(
    '/api/v1/mi-sheets/:id/responses',
    {
      config: { access: 'engagement:school' },
      schema: {
        summary: 'A school says it has read the sheet, or done what an action sheet asks',
        tags,
        params,
        body: answerSchema,
        response: {
          200: z.object({ answer: z.enum(['read', 'done']) }),
          400: problemResponse,
          404: problemResponse,
          409: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request) => {
      const r = await answerSheet(ctx(request), request.params.id, request.body);
      if (!r.ok) throw refusal(r);
      return { answer: r.answer };
    },
  );
}
