import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderPdf } from '../../../platform/documents/pdf.ts';
import { HttpProblem } from '../../../platform/http/problem.ts';
import { type EhcDeps, ehcContext } from '../context.ts';
import { type ReviewLetterKind, reviewLetterKinds } from '../documents/domain/review-letters.ts';
import type { Refusal } from './domain/process.ts';
import { reviewLetter } from './letters.ts';

/** A review's letters as pages and tagged PDFs. */

const kindOf = (request: FastifyRequest): ReviewLetterKind | null => {
  const kind = (request.params as Record<string, string>).kind ?? '';
  return (reviewLetterKinds as readonly string[]).includes(kind) ? (kind as ReviewLetterKind) : null;
};
const idOf = (request: FastifyRequest) => (request.params as Record<string, string>).id ?? '';

export async function reviewLetterPages(app: FastifyInstance, deps: EhcDeps) {
  const ctx = (request: FastifyRequest) => ehcContext(request, deps);

  const unavailable = (reply: FastifyReply, id: string, status: number, errors: Refusal[]) =>
    reply.code(status).page('ehc/document.njk', {
      pageTitle: 'This letter is not available',
      backHref: `/ehc/reviews/${id}`,
      unavailable: errors[0]?.message ?? 'This letter is not available',
    });

  app.get('/ehc/reviews/:id/letters/:kind', { config: { access: 'ehc:read' } }, async (request, reply) => {
    const kind = kindOf(request);
    if (!kind) return reply.callNotFound();
    const result = await reviewLetter(ctx(request), idOf(request), kind, 'view');
    if (!result.ok) return unavailable(reply, idOf(request), result.status, result.errors);
    return reply.page('ehc/document.njk', {
      pageTitle: result.value.model.title,
      backHref: `/ehc/reviews/${result.value.reviewId}`,
      doc: result.value.model,
      pdfHref: `/ehc/reviews/${result.value.reviewId}/letters/${kind}/pdf`,
    });
  });

  app.get(
    '/ehc/reviews/:id/letters/:kind/pdf',
    { config: { access: 'ehc:read' } },
    async (request, reply) => {
      const kind = kindOf(request);
      if (!kind) return reply.callNotFound();
      const result = await reviewLetter(ctx(request), idOf(request), kind, 'export');
      if (!result.ok)
        throw new HttpProblem(result.status, 'This letter is not available', result.errors[0]?.message);
      const pdf = await renderPdf(result.value.model, {
        author: result.value.author,
        createdAt: deps.clock(),
      });
      return (
        reply
          .type('application/pdf')
          // Says what it is without naming the child.
          .header(
            'Content-Disposition',
            `attachment; filename="${result.value.reviewId.slice(0, 8)}-${kind}.pdf"`,
          )
          .header('Cache-Control', 'no-store')
          .send(pdf)
      );
    },
  );
}
