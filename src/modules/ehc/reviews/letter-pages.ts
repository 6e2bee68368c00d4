import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import { renderPdf } from '../../../platform/documents/pdf.ts';
import { dateFromParts, type FormValues, formValues } from '../../../platform/http/forms.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import { HttpProblem } from '../../../platform/http/problem.ts';
import { errorFor, firstPerField, parse } from '../../../platform/http/validation.ts';
import { type EhcDeps, ehcContext } from '../context.ts';
import { letterMethodLabels, letterMethods, sentAsLine } from '../documents/domain/letters-sent.ts';
import { type ReviewLetterKind, reviewLetterKinds } from '../documents/domain/review-letters.ts';
import { sentPdfFileName } from '../documents/letters-sent.ts';
import type { Refusal } from './domain/process.ts';
import { letterOfReview, reviewLetter, sendReviewLetter, sendReviewLetterSchema } from './letters.ts';

/** A review's letters as pages and tagged PDFs, sending one, and each as it was sent. */

const isKind = (kind: string): kind is ReviewLetterKind =>
  (reviewLetterKinds as readonly string[]).includes(kind);
const params = (request: FastifyRequest) =>
  request.params as { id: string; kind?: string; letterId?: string };

export async function reviewLetterPages(app: FastifyInstance, deps: EhcDeps) {
  const ctx = (request: FastifyRequest) => ehcContext(request, deps);

  async function showLetter(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    kind: ReviewLetterKind,
    sending: { values: FormValues; errors: Refusal[] } | null,
  ) {
    const c = ctx(request);
    const id = params(request).id;
    const result = await reviewLetter(c, id, kind, 'view');
    if (!result.ok)
      return reply.code(result.status).page('ehc/document.njk', {
        pageTitle: 'This letter is not available',
        backHref: `/ehc/reviews/${id}`,
        unavailable: result.errors[0]?.message ?? 'This letter is not available',
        canSetUp: result.status === 409 && can(c.principal.roles, 'ehc:letters'),
      });
    const errors = sending?.errors ?? [];
    const [year, month, day] = c.today.split('-');
    const values = sending?.values ?? {
      'sentOn-day': String(Number(day)),
      'sentOn-month': String(Number(month)),
      'sentOn-year': year ?? '',
    };
    const to = result.value.addressee;
    return reply.code(status).page('ehc/document.njk', {
      pageTitle: result.value.model.title,
      backHref: `/ehc/reviews/${id}`,
      doc: result.value.model,
      pdfHref: `/ehc/reviews/${id}/letters/${kind}/pdf`,
      send: can(c.principal.roles, 'ehc:write')
        ? {
            kind,
            action: `/ehc/reviews/${id}/letters`,
            heading: 'Send this letter',
            values,
            methodItems: letterMethods.map((m) => ({
              value: m,
              text: letterMethodLabels[m],
              checked: values.method === m,
              hint:
                m === 'email'
                  ? {
                      text: to?.email
                        ? `To ${to.name} at ${to.email}`
                        : 'No email address is recorded for who this goes to',
                    }
                  : undefined,
            })),
            fieldError: (f: string) => errorFor(errors, f),
          }
        : null,
      errors: errors.map((e) => ({
        text: e.message,
        href: e.field === 'sentOn' ? '#sentOn-day' : '#method',
      })),
    });
  }

  app.get('/ehc/reviews/:id/letters/:kind', { config: { access: 'ehc:read' } }, async (request, reply) => {
    const kind = params(request).kind ?? '';
    if (!isKind(kind)) return reply.callNotFound();
    return showLetter(request, reply, 200, kind, null);
  });

  app.get(
    '/ehc/reviews/:id/letters/:kind/pdf',
    { config: { access: 'ehc:read' } },
    async (request, reply) => {
      const kind = params(request).kind ?? '';
      if (!isKind(kind)) return reply.callNotFound();
      const result = await reviewLetter(ctx(request), params(request).id, kind, 'export');
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

  app.post('/ehc/reviews/:id/letters', { config: { access: 'ehc:write' } }, async (request, reply) => {
    const v = formValues(request.body, ['kind', 'method', 'sentOn-day', 'sentOn-month', 'sentOn-year']);
    if (!isKind(v.kind ?? '')) return reply.callNotFound();
    const kind = v.kind as ReviewLetterKind;
    const date = dateFromParts(
      'The date sent',
      v['sentOn-day'] ?? '',
      v['sentOn-month'] ?? '',
      v['sentOn-year'] ?? '',
    );
    const parsed = parse(sendReviewLetterSchema, {
      kind,
      method: v.method || undefined,
      sentOn: date.ok ? (date.value ?? '') : '',
    });
    const problems: Refusal[] = [
      ...(parsed.ok ? [] : parsed.errors.filter((e) => e.field === 'method')),
      ...(date.ok ? [] : [{ field: 'sentOn', message: date.message }]),
      ...(parsed.ok ? [] : parsed.errors.filter((e) => e.field !== 'method')),
    ];
    if (!parsed.ok || !date.ok)
      return showLetter(request, reply, 400, kind, { values: v, errors: firstPerField(problems) });
    const result = await sendReviewLetter(ctx(request), params(request).id, parsed.data);
    if (!result.ok) return showLetter(request, reply, 400, kind, { values: v, errors: result.errors });
    return reply.redirect(`/ehc/reviews/${params(request).id}/sent/${result.value.id}`, 303);
  });

  app.get('/ehc/reviews/:id/sent/:letterId', { config: { access: 'ehc:read' } }, async (request, reply) => {
    const { id, letterId = '' } = params(request);
    const { letter, sha256, matches } = await letterOfReview(ctx(request), id, letterId, 'view');
    return reply.page('ehc/letter-sent.njk', {
      pageTitle: `${letter.model.title} (as sent)`,
      backHref: `/ehc/reviews/${id}`,
      doc: letter.model,
      pdfHref: `/ehc/reviews/${id}/sent/${letter.id}/pdf`,
      bannerTitle: 'Letter sent',
      sentAs: sentAsLine({ ...letter, sentBy: letter.sentBy?.name ?? null }),
      matches,
      mismatch: `The PDF made again from what was kept is not byte for byte the one sent (its SHA-256 is now ${sha256}): the fonts or the PDF software have changed since. The text below is the letter as it was sent, from the copy kept when it went.`,
      proofRows: [
        {
          key: { text: 'SHA-256 of the PDF sent' },
          value: { html: `<code>${escapeHtml(letter.sha256)}</code>` },
        },
        {
          key: { text: 'The PDF made again' },
          value: {
            text: matches ? 'Matches the PDF sent, byte for byte' : 'Does not match the PDF sent: see below',
          },
        },
      ],
    });
  });

  app.get(
    '/ehc/reviews/:id/sent/:letterId/pdf',
    { config: { access: 'ehc:read' } },
    async (request, reply) => {
      const { id, letterId = '' } = params(request);
      const { letter, pdf } = await letterOfReview(ctx(request), id, letterId, 'export');
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `attachment; filename="${sentPdfFileName(letter)}"`)
        .header('Cache-Control', 'no-store')
        .send(pdf);
    },
  );
}
