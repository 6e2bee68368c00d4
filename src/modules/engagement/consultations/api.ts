import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponse } from '../../../platform/http/validation.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { engagementContext } from '../context.ts';
import { audiences } from '../domain/audiences.ts';
import { refusal } from '../forms.ts';
import { consultationForOfficer, consultationList, respondFor } from './service.ts';

/** Consultations for the LA's other systems: each with its questions, its responses and their themes. */

const date = z.string().describe('YYYY-MM-DD');
const consultationJson = z.object({
  id: z.string(),
  kind: z.enum(['consultation', 'survey']),
  title: z.string(),
  summary: z.string(),
  audiences: z.array(z.enum(audiences)),
  opensOn: date,
  closesOn: date,
  state: z.enum(['draft', 'upcoming', 'open', 'closed']),
  responses: z.number().int(),
});
const questionJson = z.object({
  id: z.string(),
  position: z.number().int(),
  kind: z.enum(['text', 'choice', 'agree']),
  prompt: z.string(),
  options: z.array(z.string()),
  required: z.boolean(),
});

export async function consultationsApi(app: FastifyInstance, deps: ModuleDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => engagementContext(request, deps.database, deps.clock);
  const tags = ['Consultations'];
  const config = { access: 'engagement:manage' as const };
  const params = z.object({ id: z.uuid('id must be a consultation id (a UUID)') });

  api.get(
    '/api/v1/consultations',
    {
      config,
      schema: {
        summary: 'Every consultation and survey, latest closing first',
        tags,
        response: { 200: z.object({ consultations: z.array(consultationJson) }) },
      },
    },
    async (request) => ({
      consultations: (await consultationList(ctx(request))).map((c) => ({
        ...c.consultation,
        state: c.state,
      })),
    }),
  );

  api.get(
    '/api/v1/consultations/:id',
    {
      config,
      schema: {
        summary:
          'A consultation with its questions, the themes officers found, and how many responses carry each',
        tags,
        params,
        response: {
          200: consultationJson.extend({
            questions: z.array(questionJson),
            themes: z.array(z.object({ id: z.string(), name: z.string(), responses: z.number().int() })),
          }),
          404: problemResponse,
        },
      },
    },
    async (request) => {
      const v = await consultationForOfficer(ctx(request), request.params.id);
      return { ...v.consultation, state: v.state, questions: v.questions, themes: v.themes };
    },
  );

  api.get(
    '/api/v1/consultations/:id/responses',
    {
      config,
      schema: {
        summary: 'Every response: who answered as, when, the answers by question id, and the themes tagged',
        tags,
        params,
        response: {
          200: z.object({
            responses: z.array(
              z.object({
                id: z.string(),
                respondent: z.enum(audiences),
                name: z.string(),
                email: z.string(),
                receivedAt: z.string(),
                answers: z.record(z.string(), z.string()),
                themes: z.array(z.string()),
              }),
            ),
          }),
          404: problemResponse,
        },
      },
    },
    async (request) => {
      const v = await consultationForOfficer(ctx(request), request.params.id);
      const names = new Map(v.themes.map((t) => [t.id, t.name]));
      return {
        responses: v.responses.map((r) => ({
          id: r.id,
          respondent: r.respondent,
          name: r.name,
          email: r.email,
          receivedAt: r.receivedAt.toISOString(),
          answers: r.answers,
          themes: r.themeIds.map((t) => names.get(t) ?? ''),
        })),
      };
    },
  );

  api.post(
    '/api/v1/consultations/:id/responses',
    {
      config,
      schema: {
        summary:
          'Enter a response that came on paper or by email, under the same rules: only while it is open',
        tags,
        params,
        body: z.object({
          respondent: z.enum(audiences),
          name: z.string().optional(),
          email: z.string().optional(),
          answers: z.record(z.string(), z.string()).describe('Answers by question id'),
        }),
        response: {
          201: z.object({ responseId: z.string() }),
          400: problemResponse,
          404: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request, reply) => {
      const { answers, ...who } = request.body;
      const form = { ...who, ...Object.fromEntries(Object.entries(answers).map(([k, v]) => [`q-${k}`, v])) };
      const r = await respondFor(ctx(request), request.params.id, form);
      if (!r.ok) throw refusal(r);
      return reply.code(201).send({ responseId: r.responseId });
    },
  );
}
