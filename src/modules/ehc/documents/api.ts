import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { renderPdf } from '../../../platform/documents/pdf.ts';
import { HttpProblem } from '../../../platform/http/problem.ts';
import { problemResponse } from '../../../platform/http/validation.ts';
import { type EhcDeps, ehcContext, refusalProblem } from '../context.ts';
import { planSummaryJson } from '../json.ts';
import { documentKinds } from './domain/documents.ts';
import { letterSettingsSchema } from './domain/letter-settings.ts';
import { sectionParam, sectionTitles, writeSectionSchema } from './domain/plan-sections.ts';
import {
  documentOf,
  letterSettings,
  type Outcome,
  pdfFileName,
  planPage,
  saveLetterSettings,
  sectionHistory,
  writeSection,
} from './service.ts';

/** The plan's sections and the request's documents under /api/v1, and the LA's letter details. */

const idParams = z.object({ id: z.uuid('id must be an EHC request ID (a UUID)') });
const sectionJson = z.object({
  code: z.string(),
  title: z.string(),
  content: z.string().nullable(),
  version: z.number(),
  writtenAt: z.date().nullable(),
  writtenBy: z.string().nullable(),
});
const planJson = z.object({
  requestId: z.string(),
  plan: planSummaryJson.nullable(),
  writable: z.boolean(),
  sections: z.array(sectionJson),
  documents: z.array(z.string()),
});
const settingsJson = z.object({
  serviceName: z.string(),
  address: z.string(),
  phone: z.string(),
  email: z.string(),
  website: z.string().nullable(),
  iasName: z.string(),
  iasPhone: z.string(),
  iasWebsite: z.string().nullable(),
  mediationName: z.string(),
  mediationPhone: z.string(),
  mediationEmail: z.string().nullable(),
  disagreementName: z.string(),
  disagreementPhone: z.string(),
  version: z.number(),
});

function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw refusalProblem(outcome.status, outcome.errors);
}

export async function documentsApi(app: FastifyInstance, deps: EhcDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => ehcContext(request, deps);

  api.get(
    '/api/v1/ehc/requests/:id/plan',
    {
      config: { access: 'ehc:read' },
      schema: {
        summary:
          "The request's plan: each section's current version, whether it can still be written, and the documents there are",
        tags: ['EHC'],
        params: idParams,
        response: { 200: planJson, 404: problemResponse },
      },
    },
    async (request) => {
      const page = await planPage(ctx(request), request.params.id);
      const plan = page.request.plan;
      return {
        requestId: page.request.id,
        plan: plan
          ? { id: plan.id, status: plan.status, draftedOn: plan.draftedOn, issuedOn: plan.issuedOn }
          : null,
        writable: page.writable,
        sections: page.sections.map((s) => ({ ...s, title: sectionTitles[s.code] })),
        documents: page.documents,
      };
    },
  );

  api.get(
    '/api/v1/ehc/requests/:id/plan/sections/:section',
    {
      config: { access: 'ehc:read' },
      schema: {
        summary: 'Every version of one section of the plan, newest first',
        tags: ['EHC'],
        params: idParams.extend({ section: sectionParam }),
        response: {
          200: z.object({
            section: z.string(),
            versions: z.array(
              z.object({
                version: z.number(),
                content: z.string(),
                writtenAt: z.date(),
                writtenBy: z.string().nullable(),
              }),
            ),
          }),
          400: problemResponse,
          404: problemResponse,
        },
      },
    },
    async (request) => {
      const { versions } = unwrap(
        await sectionHistory(ctx(request), request.params.id, request.params.section),
      );
      return { section: request.params.section, versions };
    },
  );

  api.put(
    '/api/v1/ehc/requests/:id/plan/sections/:section',
    {
      config: { access: 'ehc:write' },
      schema: {
        summary:
          'Write a new version of a section of the draft plan. version is the version you changed (0 for a first version); a newer one is refused with 409',
        tags: ['EHC'],
        params: idParams.extend({ section: sectionParam }),
        body: writeSectionSchema,
        response: {
          200: sectionJson,
          400: problemResponse,
          404: problemResponse,
          409: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request) => {
      const s = unwrap(
        await writeSection(ctx(request), request.params.id, request.params.section, request.body),
      );
      return { ...s, title: sectionTitles[s.code] };
    },
  );

  api.get(
    '/api/v1/ehc/requests/:id/documents/:kind',
    {
      config: { access: 'ehc:read' },
      schema: {
        summary: 'A letter or the plan as a tagged PDF (application/pdf). The export is audited',
        tags: ['EHC'],
        params: idParams.extend({
          kind: z.enum(documentKinds, { error: `kind must be one of ${documentKinds.join(', ')}` }),
        }),
        response: {
          200: z.any().describe('The document as a PDF'),
          400: problemResponse,
          404: problemResponse,
          409: problemResponse,
        },
      },
    },
    async (request, reply) => {
      const doc = unwrap(await documentOf(ctx(request), request.params.id, request.params.kind, 'export'));
      const pdf = await renderPdf(doc.model, { author: doc.author, createdAt: deps.clock() });
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `attachment; filename="${pdfFileName(doc.request.id, doc.kind)}"`)
        .header('Cache-Control', 'no-store')
        .send(pdf);
    },
  );

  api.get(
    '/api/v1/ehc/letter-settings',
    {
      config: { access: 'ehc:letters' },
      schema: {
        summary: "The LA's details every EHC letter carries",
        tags: ['EHC'],
        response: { 200: settingsJson, 404: problemResponse },
      },
    },
    async (request) => {
      const s = await letterSettings(ctx(request));
      if (!s) throw new HttpProblem(404, 'Not found', 'Your LA’s letter details are not set up yet');
      return s;
    },
  );

  api.put(
    '/api/v1/ehc/letter-settings',
    {
      config: { access: 'ehc:letters' },
      schema: {
        summary: "Set the LA's letter details. version is the version you changed (0 the first time)",
        tags: ['EHC'],
        body: letterSettingsSchema,
        response: { 200: settingsJson, 400: problemResponse, 409: problemResponse },
      },
    },
    async (request) => unwrap(await saveLetterSettings(ctx(request), request.body)),
  );
}
