import type { FastifyInstance, FastifyRequest } from 'fastify';
import { escapeHtml } from '../../../platform/http/html.ts';
import { type EhcDeps, ehcContext } from '../context.ts';
import { sentAsLine } from './domain/letters-sent.ts';
import { sentPdfFileName } from './letters-sent.ts';
import { letterOfRequest } from './service.ts';

/** A letter as it was sent: reprinted from what was kept, as a page and as the PDF. */

export async function letterSentPages(app: FastifyInstance, deps: EhcDeps) {
  const ctx = (request: FastifyRequest) => ehcContext(request, deps);
  const params = (request: FastifyRequest) => request.params as { id: string; letterId: string };

  app.get(
    '/ehc/requests/:id/letters/:letterId',
    { config: { access: 'ehc:read' } },
    async (request, reply) => {
      const { id, letterId } = params(request);
      const { letter, sha256, matches } = await letterOfRequest(ctx(request), id, letterId, 'view');
      const what = letter.kind === 'plan' ? 'plan' : 'letter';
      const emailed = (request.query as { sent?: string }).sent === 'email';
      return reply.page('ehc/letter-sent.njk', {
        pageTitle: `${letter.model.title} (as sent)`,
        requestId: id,
        doc: letter.model,
        pdfHref: `/ehc/requests/${id}/letters/${letter.id}/pdf`,
        bannerTitle: what === 'plan' ? 'Plan sent' : 'Letter sent',
        sentAs: sentAsLine({ ...letter, sentBy: letter.sentBy?.name ?? null }),
        flash: emailed ? `The ${what} is in the outbox, to go by email` : undefined,
        matches,
        mismatch: `The PDF made again from what was kept is not byte for byte the one sent (its SHA-256 is now ${sha256}): the fonts or the PDF software have changed since. The text below is the ${what} as it was sent, from the copy kept when it went.`,
        proofRows: [
          {
            key: { text: 'SHA-256 of the PDF sent' },
            value: { html: `<code>${escapeHtml(letter.sha256)}</code>` },
          },
          {
            key: { text: 'The PDF made again' },
            value: {
              text: matches
                ? 'Matches the PDF sent, byte for byte'
                : 'Does not match the PDF sent: see below',
            },
          },
        ],
      });
    },
  );

  app.get(
    '/ehc/requests/:id/letters/:letterId/pdf',
    { config: { access: 'ehc:read' } },
    async (request, reply) => {
      const { id, letterId } = params(request);
      const { letter, pdf } = await letterOfRequest(ctx(request), id, letterId, 'export');
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `attachment; filename="${sentPdfFileName(letter)}"`)
        .header('Cache-Control', 'no-store')
        .send(pdf);
    },
  );
}
