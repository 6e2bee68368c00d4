import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { downloadLinks, requestedFormat, sendExport } from '../../../platform/exports/index.ts';
import { uploadedFile, withFileUploads } from '../../../platform/files/index.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { notFound } from '../../../platform/http/problem.ts';
import { errorFor } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import {
  documentLabels,
  reprintLetterFor,
  sectionCodes,
  sectionShortTitles,
  stageLabels,
} from '../../ehc/index.ts';
import { adviceToSectionK } from '../advice/service.ts';
import { type PortalDeps, portalContext, transaction } from '../context.ts';
import { familyDateRows, familyDatesTable } from '../dates-table.ts';
import { stageForFamily } from '../domain/progress.ts';
import { messageFileHint, messageSchema, sendMessage } from './messages.ts';
import { sectionAIntoPlan, writeSectionA } from './section-a.ts';
import { answerConsultation, commentOnDraft, ehcContextOf, followEhc, loadEhc } from './service.ts';

/**
 * The portal's page for an EHC request: what a family, a school or an adviser follows and does there.
 * Its forms post back to it; a problem shows on it with the error summary.
 */

const text = (body: unknown, name: string, max = 6000) => {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.slice(0, max) : '';
};

const flashes: Record<string, string> = {
  comments: 'Your comments on the draft plan have been sent to the LA.',
  answer: 'Your answer has been sent to the LA.',
  message: 'Your message has been sent.',
  'section-a': 'Section A is saved. The LA puts it into the draft plan as you wrote it.',
};

export async function ehcPages(app: FastifyInstance, deps: PortalDeps) {
  const ctx = (request: FastifyRequest) => portalContext(request, deps);

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    errors: FieldError[] = [],
    values: Record<string, string> = {},
  ) {
    const { id } = request.params as { id: string };
    const f = await followEhc(ctx(request), id);
    const { view, viewer } = f;
    const name = `${f.child.forename} ${f.child.surname}`;
    const next = f.dates.find((d) => d.state === 'late' || d.state === 'due' || d.state === 'open');
    const commentsBy = new Map<string, typeof f.comments>();
    for (const c of f.comments)
      commentsBy.set(c.section ?? '', [...(commentsBy.get(c.section ?? '') ?? []), c]);
    const sent = (request.query as Record<string, string | undefined>).sent ?? '';
    return reply.code(status).page('portals/ehc.njk', {
      pageTitle: `EHC needs assessment for ${name}`,
      flash: status === 200 ? flashes[sent] : undefined,
      f,
      name,
      stageTag: stageLabels[view.stage],
      stage: stageForFamily[view.stage],
      next,
      family: viewer.party === 'family',
      la: viewer.party === 'la',
      downloads: downloadLinks(`/portal/ehc/${view.id}`),
      dateRows: familyDateRows(f.dates),
      letters: f.letters.map((l) => ({
        id: l.id,
        title: (documentLabels as Record<string, string>)[l.kind] ?? l.kind,
        sentOn: longDate(l.sentOn),
      })),
      sections: f.sections.map((s) => ({
        code: s.code,
        title: sectionShortTitles[s.code],
        content: s.content,
        comments: commentsBy.get(s.code) ?? [],
        value: values[`section-${s.code}`] ?? '',
        error: errorFor(errors, `section-${s.code}`),
      })),
      preferred: f.comments.filter((c) => c.preferredSetting),
      commentsUntil: f.commentsUntil ? longDate(f.commentsUntil) : null,
      consultations: f.consultations.map((c) => ({
        ...c,
        sentOn: longDate(c.sentOn),
        dueOn: longDate(c.dueOn),
      })),
      messages: f.messages,
      fileHint: messageFileHint(deps.config.uploads.maxBytes),
      sectionA: {
        open: ['deciding-whether-to-assess', 'assessing', 'drafting'].includes(view.stage),
        row: f.sectionA,
        views: values.views ?? f.sectionA?.views ?? '',
        interests: values.interests ?? f.sectionA?.interests ?? '',
        aspirations: values.aspirations ?? f.sectionA?.aspirations ?? '',
        version: values.sectionAVersion ?? String(f.sectionA?.version ?? 0),
        inPlan: Boolean(f.sectionA?.inPlanAt && f.sectionA.inPlanAt >= f.sectionA.updatedAt),
      },
      values,
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      fieldError: (field: string) => errorFor(errors, field),
    });
  }

  app.get('/portal/ehc/:id', { config: { access: 'signed-in' } }, async (request, reply) => {
    const format = requestedFormat(request.query);
    if (!format) return show(request, reply, 200);
    const c = ctx(request);
    const { id } = request.params as { id: string };
    const f = await followEhc(c, id);
    return sendExport(reply, {
      format,
      today: c.today,
      table: familyDatesTable('ehc-request-dates', f.child.id),
      pages: async () => ({ rows: f.dates }),
      audit: {
        database: c.database,
        actor: c,
        action: 'portal.ehc.exported',
        entityType: 'ehc_request',
        filters: { request: id },
      },
    });
  });

  app.post('/portal/ehc/:id/comments', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const sections = Object.fromEntries(sectionCodes.map((c) => [c, text(request.body, `section-${c}`)]));
    const preferredSetting = text(request.body, 'preferredSetting', 400);
    const r = await commentOnDraft(ctx(request), id, { sections, preferredSetting });
    if (!r.ok)
      return show(request, reply, r.status, r.errors, {
        ...Object.fromEntries(sectionCodes.map((c) => [`section-${c}`, sections[c] ?? ''])),
        preferredSetting,
      });
    return reply.redirect(`/portal/ehc/${id}?sent=comments`, 303);
  });

  app.post(
    '/portal/ehc/:id/consultations/:consultationId',
    { config: { access: 'signed-in' } },
    async (request, reply) => {
      const { id, consultationId } = request.params as { id: string; consultationId: string };
      const outcome = text(request.body, 'outcome');
      const reasons = text(request.body, 'reasons').trim();
      const errors: FieldError[] = [];
      if (outcome !== 'can-meet-needs' && outcome !== 'cannot-meet-needs')
        errors.push({ field: 'outcome', message: 'Say whether the school can meet the needs' });
      if (!reasons) errors.push({ field: 'reasons', message: 'Enter the reasons for your answer' });
      else if (reasons.length > 5000)
        errors.push({ field: 'reasons', message: 'The reasons must be 5,000 characters or fewer' });
      if (errors.length) return show(request, reply, 400, errors, { outcome, reasons });
      const r = await answerConsultation(ctx(request), id, consultationId, {
        outcome: outcome as 'can-meet-needs',
        reasons,
      });
      if (!r.ok) return show(request, reply, r.status, r.errors, { outcome, reasons });
      return reply.redirect(`/portal/ehc/${id}?sent=answer`, 303);
    },
  );

  // A message may carry a file: the form is multipart, read in this scope only.
  await withFileUploads(app, deps.config.uploads, (scope) => {
    scope.post('/portal/ehc/:id/messages', { config: { access: 'signed-in' } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const values = { body: text(request.body, 'body'), to: text(request.body, 'to', 20) };
      const parsed = messageSchema.safeParse({ body: values.body, to: values.to || undefined });
      if (!parsed.success)
        return show(
          request,
          reply,
          400,
          parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'body'), message: i.message })),
          values,
        );
      const r = await sendMessage(ctx(request), 'ehc', id, parsed.data, uploadedFile(request.body, 'file'));
      if (!r.ok) return show(request, reply, r.status, r.errors, values);
      return reply.redirect(`/portal/ehc/${id}?sent=message#messages`, 303);
    });
  });

  app.post('/portal/ehc/:id/section-a', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const values = {
      views: text(request.body, 'views'),
      interests: text(request.body, 'interests'),
      aspirations: text(request.body, 'aspirations'),
      sectionAVersion: text(request.body, 'version', 10),
    };
    const version = Number(values.sectionAVersion);
    if (!Number.isInteger(version) || version < 0)
      return show(
        request,
        reply,
        400,
        [{ field: 'views', message: 'Reload the page and write section A again' }],
        values,
      );
    const r = await writeSectionA(ctx(request), id, { ...values, version });
    if (!r.ok) return show(request, reply, r.status, r.errors, values);
    return reply.redirect(`/portal/ehc/${id}?sent=section-a#section-a`, 303);
  });

  app.post('/portal/ehc/:id/section-a/plan', { config: { access: 'ehc:write' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const r = await sectionAIntoPlan(ctx(request), id);
    if (!r.ok) return show(request, reply, r.status, r.errors);
    return reply.redirect(`/ehc/requests/${id}/plan/A`, 303);
  });

  app.post('/portal/ehc/:id/section-k', { config: { access: 'ehc:write' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const r = await adviceToSectionK(ctx(request), id);
    if (!r.ok) return show(request, reply, r.status, r.errors);
    return reply.redirect(`/ehc/requests/${id}/plan/K`, 303);
  });

  app.get(
    '/portal/ehc/:id/letters/:letterId',
    { config: { access: 'signed-in' } },
    async (request, reply) => {
      const { id, letterId } = request.params as { id: string; letterId: string };
      const c = ctx(request);
      // The family the letters went to, and the LA, may read them; a school or adviser may not.
      const viewer = await transaction(c, async (tx) => (await loadEhc(tx, c, id)).viewer);
      if (viewer.party !== 'family' && viewer.party !== 'la')
        throw notFound('There is no letter with this link that you can see.');
      const reprint = await reprintLetterFor(ehcContextOf(c), letterId, { requestId: id }, 'view');
      if (!reprint) throw notFound('There is no letter with this link that you can see.');
      return reply
        .header('Content-Type', 'application/pdf')
        .header('Content-Disposition', `inline; filename="${reprint.letter.kind}.pdf"`)
        .send(reprint.pdf);
    },
  );
}
