import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponse } from '../../../platform/http/validation.ts';
import { type EhcDeps, ehcContext, refusalProblem } from '../context.ts';
import { letterLabel, sendLetterSchema } from './domain/letters-sent.ts';
import { type LetterSent, sentPdfFileName } from './letters-sent.ts';
import { letterOfRequest, lettersOfRequest, sendLetter } from './service.ts';

/** A request's letters as sent, under /api/v1: sending one, listing them, and each reprinted. */

const idParams = z.object({ id: z.uuid('id must be an EHC request ID (a UUID)') });
const letterParams = idParams.extend({ letterId: z.uuid('letterId must be a letter ID (a UUID)') });

const letterJson = z.object({
  id: z.string(),
  requestId: z.string(),
  kind: z.string(),
  label: z.string(),
  method: z.enum(['post', 'email', 'portal']),
  sentOn: z.string(),
  addressee: z.string().nullable(),
  sentBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  sentAt: z.date(),
  sha256: z.string().describe('SHA-256 of the PDF as sent, in hex'),
  pdfBytes: z.number(),
  links: z.object({ self: z.string(), pdf: z.string() }),
});
const fact = z.object({ label: z.string(), value: z.string() });
const modelJson = z.object({
  title: z.string(),
  sender: z.object({ name: z.string(), lines: z.array(z.string()) }),
  facts: z.array(fact),
  addressee: z.array(z.string()).nullable(),
  blocks: z.array(
    z.union([
      z.object({ kind: z.enum(['heading', 'subheading', 'paragraph']), text: z.string() }),
      z.object({ kind: z.literal('list'), items: z.array(z.string()) }),
      z.object({ kind: z.literal('facts'), rows: z.array(fact) }),
    ]),
  ),
});

function json(requestId: string, l: LetterSent): z.input<typeof letterJson> {
  const self = `/api/v1/ehc/requests/${requestId}/letters/${l.id}`;
  return {
    id: l.id,
    requestId,
    kind: l.kind,
    label: letterLabel(l.kind),
    method: l.method,
    sentOn: l.sentOn,
    addressee: l.addressee,
    sentBy: l.sentBy,
    sentAt: l.sentAt,
    sha256: l.sha256,
    pdfBytes: l.pdfBytes,
    links: { self, pdf: `${self}/pdf` },
  };
}

export async function lettersApi(app: FastifyInstance, deps: EhcDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => ehcContext(request, deps);

  api.get(
    '/api/v1/ehc/requests/:id/letters',
    {
      config: { access: 'ehc:read' },
      schema: {
        summary: "The request's letters (and the plan) as sent, oldest first",
        tags: ['EHC'],
        params: idParams,
        response: {
          200: z.object({ requestId: z.string(), letters: z.array(letterJson) }),
          400: problemResponse,
          404: problemResponse,
        },
      },
    },
    async (request) => {
      const letters = await lettersOfRequest(ctx(request), request.params.id);
      return { requestId: request.params.id, letters: letters.map((l) => json(request.params.id, l)) };
    },
  );

  api.post(
    '/api/v1/ehc/requests/:id/letters',
    {
      config: { access: 'ehc:write' },
      schema: {
        summary:
          'Send a letter of the request, or the plan: it is kept as it reads now, with the SHA-256 of its PDF. By email it goes to the address recorded for whoever it is addressed to. sentOn may not be in the future nor before the step the letter records',
        tags: ['EHC'],
        params: idParams,
        body: sendLetterSchema,
        response: {
          201: letterJson,
          400: problemResponse,
          404: problemResponse,
          409: problemResponse,
          422: problemResponse,
        },
      },
    },
    async (request, reply) => {
      const result = await sendLetter(ctx(request), request.params.id, request.body);
      if (!result.ok) throw refusalProblem(result.status, result.errors);
      const body = json(request.params.id, result.value);
      return reply.code(201).header('Location', body.links.self).send(body);
    },
  );

  api.get(
    '/api/v1/ehc/requests/:id/letters/:letterId',
    {
      config: { access: 'ehc:read' },
      schema: {
        summary:
          'A letter as it was sent: its document model as kept, the SHA-256 of the PDF sent, and whether the PDF made again from it matches. The read is audited',
        tags: ['EHC'],
        params: letterParams,
        response: {
          200: letterJson.extend({
            model: modelJson,
            author: z.string(),
            pdfCreatedAt: z.date(),
            reprint: z.object({ sha256: z.string(), matches: z.boolean() }),
          }),
          400: problemResponse,
          404: problemResponse,
        },
      },
    },
    async (request) => {
      const { id, letterId } = request.params;
      const { letter, sha256, matches } = await letterOfRequest(ctx(request), id, letterId, 'view');
      return {
        ...json(id, letter),
        model: letter.model,
        author: letter.author,
        pdfCreatedAt: letter.pdfCreatedAt,
        reprint: { sha256, matches },
      };
    },
  );

  api.get(
    '/api/v1/ehc/requests/:id/letters/:letterId/pdf',
    {
      config: { access: 'ehc:read' },
      schema: {
        summary:
          'A letter as it was sent, as a PDF (application/pdf) made again from what was kept: byte for byte the PDF sent while its SHA-256 matches. The export is audited',
        tags: ['EHC'],
        params: letterParams,
        response: {
          200: z.any().describe('The letter as a PDF'),
          400: problemResponse,
          404: problemResponse,
        },
      },
    },
    async (request, reply) => {
      const { id, letterId } = request.params;
      const { letter, pdf } = await letterOfRequest(ctx(request), id, letterId, 'export');
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `attachment; filename="${sentPdfFileName(letter)}"`)
        .header('Cache-Control', 'no-store')
        .send(pdf);
    },
  );
}
