import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { downloadLinks, requestedFormat, sendExport } from '../../../../platform/exports/index.ts';
import type { FormValues } from '../../../../platform/http/forms.ts';
import { errorFor, firstPerField, parse } from '../../../../platform/http/validation.ts';
import { longDate } from '../../../../platform/kernel/dates.ts';
import { type EhcContext, type EhcDeps, ehcContext } from '../../context.ts';
import { sectionCodes, sectionShortTitles, sectionTitles } from '../../documents/domain/plan-sections.ts';
import { childName } from '../../requests/presenters.ts';
import { reviewStepSchema } from '../domain/inputs.ts';
import { recordReviewStep } from '../service.ts';
import { formField, formNames, type ReviewStepForm, reviewStepForms, stepFromForm } from '../step-forms.ts';
import { reportStanding } from './domain/lists.ts';
import { schoolTable } from './export.ts';
import { schoolHead, schoolRows } from './presenters.ts';
import { type ReportForm, reportForm, schoolReviews } from './school.ts';

/**
 * The school's view, for a SENCo or head teacher: their pupils' plans and reviews at
 * `/school/reviews`, and the review report written online beside the child's plan as it stands.
 * The report is recorded by the review cycle, with the same rules as the LA's pages and the API.
 */

/** The setting's report: who wrote it is the setting, so that question is not put. */
const reportStep: ReviewStepForm = {
  ...reviewStepForms['report-received'],
  fields: reviewStepForms['report-received'].fields
    .filter((f) => f.name !== 'by')
    .map((f) =>
      f.name === 'on' ? { ...f, label: 'Date the report is sent', hint: 'For example, 27 3 2026' } : f,
    ),
};

/** A report says what the meeting heard: each of these must be written, even if only to say nothing changes. */
const requiredText: Record<string, string> = {
  views: 'Enter the views of the child or young person and their family',
  progress: 'Enter the progress made towards the plan’s outcomes',
  changes: 'Enter the changes the meeting recommends, or say that none are',
};

const flashes: Record<string, string> = { recorded: 'The review report was sent to the LA.' };

export async function schoolReviewPages(app: FastifyInstance, deps: EhcDeps) {
  const ctx = (request: FastifyRequest) => ehcContext(request, deps);

  app.get('/school/reviews', { config: { access: 'ehc:review-report' } }, async (request, reply) => {
    const c = ctx(request);
    const format = requestedFormat(request.query);
    if (format)
      return sendExport(reply, {
        format,
        table: schoolTable,
        today: c.today,
        pages: async () => ({ rows: (await schoolReviews(c, 'export')).items }),
        audit: {
          database: c.database,
          actor: c,
          action: 'ehc.review.exported',
          entityType: 'ehc_review',
          filters: { view: 'school' },
        },
      });
    const found = await schoolReviews(c);
    const saved = (request.query as { saved?: unknown }).saved;
    return reply.page('ehc/reviews-school.njk', {
      pageTitle: 'Your pupils’ reviews',
      schools: found.schools,
      total: found.items.length,
      owed: found.items.filter((i) => i.report.status === 'due' || i.report.status === 'overdue').length,
      head: schoolHead,
      rows: schoolRows(found.items),
      downloads: downloadLinks(request.url),
      flash: typeof saved === 'string' ? flashes[saved] : undefined,
    });
  });

  app.get(
    '/school/reviews/:reviewId/report',
    { config: { access: 'ehc:review-report' } },
    async (request, reply) => {
      const c = ctx(request);
      const form = await reportForm(c, reviewIdOf(request));
      return showReport(reply, c, form, 200, {}, []);
    },
  );

  app.post(
    '/school/reviews/:reviewId/report',
    { config: { access: 'ehc:review-report' } },
    async (request, reply) => {
      const c = ctx(request);
      const form = await reportForm(c, reviewIdOf(request));
      const body = (request.body ?? {}) as Record<string, unknown>;
      // A report runs long: the schema's own limits, not the general 1,000 characters of a form box.
      const values: FormValues = Object.fromEntries(
        formNames(reportStep).map((n) => [
          n,
          typeof body[n] === 'string' ? (body[n] as string).slice(0, 30_000) : '',
        ]),
      );
      if (form.closed)
        return showReport(reply, c, form, 409, values, [{ field: 'on', message: form.closed }]);
      const { input, problems } = stepFromForm(reportStep, values, new Map());
      const parsed = parse(reviewStepSchema, { ...input, by: 'setting' });
      const missing = Object.entries(requiredText)
        .filter(([name]) => !(values[name] ?? '').trim())
        .map(([field, message]) => ({ field, message }));
      const errors = firstPerField([
        ...problems,
        ...(parsed.ok ? [] : parsed.errors.map((e) => ({ field: formField(e.field), message: e.message }))),
        ...missing,
      ]);
      if (!parsed.ok || errors.length) return showReport(reply, c, form, 400, values, errors);
      const result = await recordReviewStep(c, form.review.id, {
        version: Number(body.version) || form.review.version,
        step: parsed.data,
      });
      if (!result.ok)
        return showReport(
          reply,
          c,
          form,
          result.status === 409 ? 409 : 400,
          values,
          result.errors.map((e) => ({ field: formField(e.field), message: e.message })),
        );
      return reply.redirect('/school/reviews?saved=recorded', 303);
    },
  );
}

const reviewIdOf = (request: FastifyRequest) =>
  (request.params as Record<string, string | undefined>).reviewId ?? '';

/** The GOV.UK error summary links to a date's day box, the first of its three. */
const hrefOf = (field: string) => (field === 'on' ? '#on-day' : `#${field}`);

function showReport(
  reply: FastifyReply,
  c: EhcContext,
  form: ReportForm,
  status: number,
  values: FormValues,
  errors: { field: string; message: string }[],
) {
  const { review, child } = form;
  const byCode = new Map(form.sections.map((s) => [s.section, s]));
  return reply.code(status).page('ehc/reviews-report.njk', {
    pageTitle: 'Write the review report',
    caption: childName(child),
    review,
    action: `/school/reviews/${review.id}/report`,
    closed: form.closed,
    facts: [
      { key: { text: 'Child' }, value: { text: childName(child) } },
      { key: { text: 'Date of birth' }, value: { text: longDate(child.dateOfBirth) } },
      { key: { text: 'Setting' }, value: { text: review.settingName ?? 'None recorded' } },
      { key: { text: 'Meeting held' }, value: { text: review.heldOn ? longDate(review.heldOn) : 'Not yet' } },
      ...(review.heldOn
        ? [
            {
              key: { text: 'Report due' },
              value: {
                text: `${longDate(reportStanding(review, c.today).dueOn ?? '')}, within 2 weeks of the meeting`,
              },
            },
          ]
        : []),
    ],
    fields: reportStep.fields.map((f) => ({
      ...f,
      items:
        f.kind === 'radios'
          ? f.options.map((o) => ({ ...o, checked: values[f.name] === o.value }))
          : undefined,
    })),
    values,
    version: review.version,
    sections: sectionCodes.flatMap((code) => {
      const s = byCode.get(code);
      return s
        ? [
            {
              code,
              title: sectionShortTitles[code],
              fullTitle: sectionTitles[code],
              paragraphs: s.content.split(/\n+/).filter((p) => p.trim()),
            },
          ]
        : [];
    }),
    errors: errors.map((e) => ({ text: e.message, href: hrefOf(e.field) })),
    fieldError: (f: string) => errorFor(errors, f),
    today: c.today,
  });
}
