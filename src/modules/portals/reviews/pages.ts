import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { downloadLinks, requestedFormat, sendExport } from '../../../platform/exports/index.ts';
import { type FieldError, notFound } from '../../../platform/http/problem.ts';
import { errorFor } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import {
  reprintLetterFor,
  reviewKindLabels,
  reviewLetterLabels,
  reviewStageLabels,
  type SectionCode,
  sectionTitles,
} from '../../ehc/index.ts';
import { type PortalDeps, portalContext } from '../context.ts';
import { familyDateRows, familyDatesTable } from '../dates-table.ts';
import { reviewOutcomeForFamily, reviewStageForFamily } from '../domain/progress.ts';
import { ehcContextOf } from '../ehc/service.ts';
import { followReview, sendRepresentations } from './service.ts';

/** A review of the child's plan in the family's portal: its dates, what was decided, and their say on proposed changes. */

const recommendationWords = {
  maintain: 'keep the plan as it is',
  amend: 'change the plan',
  cease: 'stop the plan',
};

export async function reviewPages(app: FastifyInstance, deps: PortalDeps) {
  const ctx = (request: FastifyRequest) => portalContext(request, deps);
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    errors: FieldError[] = [],
    value = '',
  ) {
    const c = ctx(request);
    const f = await followReview(c, idOf(request));
    const { view } = f;
    const name = `${view.child.forename} ${view.child.surname}`;
    const report = view.facts.report;
    const decision = view.facts.decision;
    return reply.code(status).page('portals/review.njk', {
      pageTitle: `${reviewKindLabels[view.kind]} of ${name}’s EHC plan`,
      name,
      f,
      stageTag: reviewStageLabels[view.stage],
      stage: reviewStageForFamily[view.stage],
      next: f.dates.find((d) => d.state === 'late' || d.state === 'due' || d.state === 'open'),
      meetingOn: view.facts.meetingOn ? longDate(view.facts.meetingOn) : null,
      report: report && {
        on: longDate(report.on),
        recommendation: recommendationWords[report.recommendation],
        views: report.views,
        progress: report.progress,
        changes: report.changes,
      },
      decision: decision && {
        on: longDate(decision.on),
        outcome: reviewOutcomeForFamily[decision.outcome],
        reasons: decision.reasons,
      },
      proposed: view.facts.proposed && {
        on: longDate(view.facts.proposed.on),
        sections: Object.entries(view.facts.proposed.sections).map(([code, text]) => ({
          title: sectionTitles[code as SectionCode] ?? `Section ${code}`,
          text,
        })),
      },
      representationsUntil: f.representationsUntil ? longDate(f.representationsUntil) : null,
      representationsOn: view.facts.representationsOn ? longDate(view.facts.representationsOn) : null,
      letters: f.letters.map((l) => ({
        id: l.id,
        title: (reviewLetterLabels as Record<string, string>)[l.kind] ?? l.kind,
        sentOn: longDate(l.sentOn),
      })),
      downloads: downloadLinks(`/portal/reviews/${view.id}`),
      dateRows: familyDateRows(f.dates),
      sent: (request.query as Record<string, string | undefined>).sent === 'representations',
      value,
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (field: string) => errorFor(errors, field),
    });
  }

  app.get('/portal/reviews/:id', { config: { access: 'signed-in' } }, async (request, reply) => {
    const format = requestedFormat(request.query);
    if (!format) return show(request, reply, 200);
    const c = ctx(request);
    const f = await followReview(c, idOf(request));
    return sendExport(reply, {
      format,
      today: c.today,
      table: familyDatesTable('review-dates', f.view.child.id),
      pages: async () => ({ rows: f.dates }),
      audit: {
        database: c.database,
        actor: c,
        action: 'portal.review.exported',
        entityType: 'ehc_review',
        filters: { review: f.view.id },
      },
    });
  });

  app.post(
    '/portal/reviews/:id/representations',
    { config: { access: 'signed-in' } },
    async (request, reply) => {
      const raw = (request.body as Record<string, unknown> | undefined)?.representations;
      const text = typeof raw === 'string' ? raw.slice(0, 6000) : '';
      const r = await sendRepresentations(ctx(request), idOf(request), text);
      if (!r.ok) return show(request, reply, r.status, r.errors, text);
      return reply.redirect(`/portal/reviews/${idOf(request)}?sent=representations`, 303);
    },
  );

  app.get(
    '/portal/reviews/:id/letters/:letterId',
    { config: { access: 'signed-in' } },
    async (request, reply) => {
      const { id, letterId } = request.params as { id: string; letterId: string };
      const c = ctx(request);
      // Only the family the letters went to, and the LA, reach the review at all.
      await followReview(c, id);
      const reprint = await reprintLetterFor(ehcContextOf(c), letterId, { reviewId: id }, 'view');
      if (!reprint) throw notFound('There is no letter with this link that you can see.');
      return reply
        .header('Content-Type', 'application/pdf')
        .header('Content-Disposition', `inline; filename="${reprint.letter.kind}.pdf"`)
        .send(reprint.pdf);
    },
  );
}
