import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderPdf } from '../../../platform/documents/pdf.ts';
import {
  downloadLinks,
  type ExportTable,
  requestedFormat,
  sendExport,
} from '../../../platform/exports/index.ts';
import { notFound } from '../../../platform/http/problem.ts';
import { errorFor } from '../../../platform/http/validation.ts';
import { isoDateInLondon, longDate } from '../../../platform/kernel/dates.ts';
import { publicLaOf } from '../../../platform/las/public-la.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { localOfferContext } from '../context.ts';
import { annualReportDocument } from './document.ts';
import type { FeedbackRow } from './repo.ts';
import {
  annualReport,
  feedbackForEditors,
  feedbackSchema,
  respondToFeedback,
  sendFeedback,
} from './service.ts';

/** "Was this page helpful?", the editors' answers to comments, and the year's published report. */

const feedbackTable: ExportTable<FeedbackRow> = {
  fileStem: 'local-offer-feedback',
  sheetTitle: 'Feedback',
  columns: [
    { heading: 'Received', kind: 'date', value: (r) => isoDateInLondon(r.receivedAt) },
    { heading: 'Page', kind: 'text', width: 40, value: (r) => r.page },
    { heading: 'Service', kind: 'text', width: 40, value: (r) => r.serviceName ?? '' },
    { heading: 'Helpful', kind: 'text', value: (r) => (r.helpful ? 'Yes' : 'No') },
    { heading: 'Comment', kind: 'text', width: 60, value: (r) => r.comment },
    { heading: 'Response', kind: 'text', width: 60, value: (r) => r.response },
    { heading: 'What the LA will do', kind: 'text', width: 60, value: (r) => r.action },
  ],
  childIdsOf: () => [],
};

const yearOf = (query: unknown, today: string) => {
  const y = Number((query as Record<string, unknown> | undefined)?.year);
  const current = Number(today.slice(0, 4));
  return Number.isInteger(y) && y >= 2014 && y <= current ? y : current;
};

export async function feedbackPages(app: FastifyInstance, deps: ModuleDeps) {
  const laOf = async () => {
    const la = await publicLaOf(deps.database, deps.config.publicLa);
    if (!la) throw notFound('No Local Offer is published from this service yet.');
    return la;
  };

  app.post(
    '/local-offer/feedback',
    {
      // A flood from one address stops here; a family sends a few at most.
      config: { access: 'public', anonymousWithoutCsrf: true, rateLimit: { max: 10, timeWindow: '1 hour' } },
    },
    async (request, reply) => {
      const la = await laOf();
      const body = (request.body ?? {}) as Record<string, unknown>;
      const r = await sendFeedback(deps.database, la, body, deps.clock());
      if (!r.ok)
        return reply.code(400).page('local-offer/feedback.njk', {
          pageTitle: 'Was this page helpful?',
          feedbackPage:
            typeof body.page === 'string' && feedbackSchema.shape.page.safeParse(body.page).success
              ? body.page
              : '/local-offer',
          values: { comment: typeof body.comment === 'string' ? body.comment.slice(0, 2100) : '' },
          errors: r.errors.map((e) => ({
            text: e.message,
            href: `#${e.field === 'helpful' ? 'helpful' : e.field}`,
          })),
          fieldError: (f: string) => errorFor(r.errors, f),
        });
      return reply.redirect(`/local-offer/feedback/thanks?page=${encodeURIComponent(r.page)}`, 303);
    },
  );

  app.get('/local-offer/feedback/thanks', { config: { access: 'public' } }, async (request, reply) => {
    const page = (request.query as Record<string, unknown>).page;
    const back =
      typeof page === 'string' && feedbackSchema.shape.page.safeParse(page).success ? page : '/local-offer';
    return reply.page('local-offer/feedback-thanks.njk', { pageTitle: 'Thank you for your feedback', back });
  });

  app.get('/local-offer/annual-report', { config: { access: 'public' } }, async (request, reply) => {
    const la = await laOf();
    const today = isoDateInLondon(deps.clock());
    const report = await annualReport(deps.database, la, yearOf(request.query, today));
    if ((request.query as Record<string, unknown>).format === 'pdf') {
      const pdf = await renderPdf(annualReportDocument(report, la.name, longDate(today)), {
        author: la.name,
        createdAt: deps.clock(),
      });
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `attachment; filename="local-offer-report-${report.year}.pdf"`)
        .send(pdf);
    }
    return reply.page('local-offer/annual-report.njk', {
      pageTitle: `What you told us about the Local Offer in ${report.year}, and what we are doing`,
      la,
      report,
      helpfulShare: report.received ? Math.round((report.helpful / report.received) * 100) : null,
      years: Array.from({ length: Number(today.slice(0, 4)) - 2024 + 1 }, (_, i) => 2024 + i).reverse(),
    });
  });

  app.get(
    '/local-offer/manage/feedback',
    { config: { access: 'local-offer:edit' } },
    async (request, reply) => showManage(request, reply, 200),
  );

  async function showManage(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    errors: { field: string; message: string }[] = [],
  ) {
    const c = localOfferContext(request, deps.database, deps.clock);
    const year = yearOf(request.query, c.today);
    const rows = await feedbackForEditors(c, year);
    const format = requestedFormat(request.query);
    if (format)
      return sendExport(reply, {
        format,
        today: c.today,
        table: feedbackTable,
        pages: async () => ({ rows }),
        audit: {
          database: c.database,
          actor: c,
          action: 'local-offer.feedback.exported',
          entityType: 'lo_feedback',
          filters: { year },
        },
      });
    const comments = rows.filter((r) => r.comment);
    return reply.code(status).page('local-offer/manage-feedback.njk', {
      pageTitle: `Feedback on the Local Offer in ${year}`,
      year,
      counts: {
        received: rows.length,
        helpful: rows.filter((r) => r.helpful).length,
        unanswered: comments.filter((r) => !r.response).length,
      },
      comments,
      downloads: downloadLinks(`/local-offer/manage/feedback?year=${year}`),
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.post(
    '/local-offer/manage/feedback/:id',
    { config: { access: 'local-offer:edit' } },
    async (request, reply) => {
      const c = localOfferContext(request, deps.database, deps.clock);
      const { id } = request.params as { id: string };
      const r = await respondToFeedback(c, id, request.body);
      if (!r.ok) return showManage(request, reply, r.status, r.errors);
      return reply.redirect('/local-offer/manage/feedback#feedback', 303);
    },
  );
}
