import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/roles.ts';
import { type FormValues, formValues } from '../../../platform/http/forms.ts';
import { errorFor, firstPerField, parse } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import { englishLas } from '../../../platform/kernel/english-las.ts';
import { type EhcDeps, ehcContext } from '../context.ts';
import { reviewLetterLabels, reviewLettersAvailable } from '../documents/domain/review-letters.ts';
import { letterSentHead, letterSentRows } from '../documents/presenters.ts';
import { childName } from '../requests/presenters.ts';
import { reviewStepSchema, transferOutSchema } from './domain/inputs.ts';
import type { Refusal } from './domain/process.ts';
import { lettersOfReview } from './letters.ts';
import {
  describeReviewEvent,
  nextPanel,
  reviewDeadlineRows,
  reviewKindLabels,
  reviewSummaryRows,
} from './presenters.ts';
import {
  childForTransfer,
  planReviewState,
  planSections,
  type ReviewView,
  recordReviewStep,
  reviewPage,
  startReview,
  transferOut,
} from './service.ts';
import {
  formField,
  formNames,
  isReviewStepType,
  type ReviewStepForm,
  reviewStepForms,
  stepFromForm,
  stepsOffered,
} from './step-forms.ts';

/** A review's page, the form for each of its steps, beginning a plan's review, and a plan transferring out. */

const param = (request: FastifyRequest, name: string) =>
  (request.params as Record<string, string>)[name] ?? '';
const query = (request: FastifyRequest) => request.query as Record<string, string | undefined>;

export async function reviewPages(app: FastifyInstance, deps: EhcDeps) {
  const ctx = (request: FastifyRequest) => ehcContext(request, deps);

  app.get('/ehc/reviews/:id', { config: { access: 'signed-in' } }, async (request, reply) => {
    const c = ctx(request);
    const view = await reviewPage(c, param(request, 'id'));
    const offered =
      view.access === 'la' && can(c.principal.roles, 'ehc:write') ? stepsOffered(view.stage, view.facts) : [];
    const recorded = query(request).recorded;
    const sent = view.access === 'la' ? await lettersOfReview(c, view.id) : [];
    return reply.page('ehc/review.njk', {
      pageTitle: `${reviewKindLabels[view.kind]}: ${childName(view.child)}`,
      view,
      kindLabel: reviewKindLabels[view.kind],
      flash:
        recorded && isReviewStepType(recorded)
          ? `Recorded: ${reviewStepForms[recorded].title.toLowerCase()}`
          : undefined,
      next: nextPanel(view, c.today),
      summaryRows: reviewSummaryRows(view),
      deadlineRows: reviewDeadlineRows(view.deadlines),
      letters:
        view.access === 'la'
          ? reviewLettersAvailable(view.facts).map((kind) => ({
              text: reviewLetterLabels[kind],
              href: `/ehc/reviews/${view.id}/letters/${kind}`,
              pdf: `/ehc/reviews/${view.id}/letters/${kind}/pdf`,
            }))
          : [],
      letterSentHead,
      letterSentRows: letterSentRows(`/ehc/reviews/${view.id}/sent`, sent),
      steps: offered.map((type) => ({
        href: `/ehc/reviews/${view.id}/steps/${type}`,
        text: reviewStepForms[type].title,
      })),
      history: view.events.map((e) => [
        { text: longDate(e.body.on) },
        { text: describeReviewEvent(e.body) },
        { text: `${e.recordedBy ?? 'Unknown'}, ${longDate(e.recordedAt.toISOString().slice(0, 10))}` },
      ]),
    });
  });

  function showStep(
    reply: FastifyReply,
    status: number,
    s: { view: ReviewView; form: ReviewStepForm; values: FormValues; errors: Refusal[] },
  ) {
    const { view, form, values, errors } = s;
    return reply.code(status).page('ehc/review-step.njk', {
      pageTitle: form.title,
      caption: `${reviewKindLabels[view.kind]}: ${childName(view.child)}`,
      view,
      action: `/ehc/reviews/${view.id}/steps/${form.type}`,
      values,
      errors: errors.map((e) => ({ text: e.message, href: `#${fieldId(form, e.field)}` })),
      fieldError: (name: string) => errorFor(errors, name),
      fields: form.fields.map((f) => ({
        ...f,
        id: f.kind === 'date' ? `${f.name}-day` : f.name,
        items:
          f.kind === 'radios'
            ? f.options.map((o) => ({ ...o, checked: values[f.name] === o.value }))
            : f.kind === 'select'
              ? [
                  { value: '', text: 'Choose one' },
                  ...f.options.map((o) => ({ ...o, selected: values[f.name] === o.value })),
                ]
              : undefined,
      })),
    });
  }

  const currentSections = (request: FastifyRequest, view: ReviewView) => planSections(ctx(request), view.id);

  app.get('/ehc/reviews/:id/steps/:type', { config: { access: 'ehc:write' } }, async (request, reply) => {
    const type = param(request, 'type');
    if (!isReviewStepType(type)) return reply.callNotFound();
    const view = await reviewPage(ctx(request), param(request, 'id'));
    const values: FormValues = {};
    if (type === 'amendments-proposed')
      for (const [code, s] of await currentSections(request, view)) values[`section${code}`] = s.content;
    if (type === 'report-received') values.by = 'setting';
    return showStep(reply, 200, { view, form: reviewStepForms[type], values, errors: [] });
  });

  app.post('/ehc/reviews/:id/steps/:type', { config: { access: 'ehc:write' } }, async (request, reply) => {
    const type = param(request, 'type');
    if (!isReviewStepType(type)) return reply.callNotFound();
    const c = ctx(request);
    const view = await reviewPage(c, param(request, 'id'));
    const form = reviewStepForms[type];
    const names = formNames(form);
    // Sections of a plan run long: the form's own limit, not the general 1,000 characters.
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values: FormValues = Object.fromEntries(
      names.map((n) => [n, typeof body[n] === 'string' ? (body[n] as string).slice(0, 60_000) : '']),
    );
    const current =
      type === 'amendments-proposed'
        ? new Map([...(await currentSections(request, view))].map(([k, v]) => [k, v.content]))
        : new Map<string, string>();
    const { input, problems } = stepFromForm(form, values, current);
    const parsed = parse(reviewStepSchema, input);
    const errors = firstPerField([
      ...problems,
      ...(parsed.ok ? [] : parsed.errors.map((e) => ({ field: formField(e.field), message: e.message }))),
    ]);
    if (!parsed.ok || errors.length) return showStep(reply, 400, { view, form, values, errors });
    const result = await recordReviewStep(c, view.id, { version: view.version, step: parsed.data });
    if (!result.ok)
      return showStep(reply, result.status === 409 ? 409 : 400, {
        view,
        form,
        values,
        errors: result.errors.map((e) => ({ field: formField(e.field), message: e.message })),
      });
    return reply.redirect(`/ehc/reviews/${view.id}?recorded=${type}`, 303);
  });

  // Where a list's "review" link leads: the review under way, or the page to begin one.
  app.get('/ehc/plans/:planId/review', { config: { access: 'ehc:read' } }, async (request, reply) => {
    const state = await planReviewState(ctx(request), param(request, 'planId'));
    if (state.openReviewId) return reply.redirect(`/ehc/reviews/${state.openReviewId}`, 303);
    return reply.page('ehc/review-start.njk', {
      pageTitle: `Begin the review: ${childName(state.child)}`,
      state,
      canStart: can(request.principal?.roles ?? [], 'ehc:write') && state.plan.status === 'active',
      errors: [],
    });
  });

  app.post('/ehc/plans/:planId/review', { config: { access: 'ehc:write' } }, async (request, reply) => {
    const c = ctx(request);
    const result = await startReview(c, param(request, 'planId'));
    if (!result.ok) {
      const state = await planReviewState(c, param(request, 'planId'));
      return reply.code(result.status === 409 ? 409 : 422).page('ehc/review-start.njk', {
        pageTitle: `Begin the review: ${childName(state.child)}`,
        state,
        canStart: false,
        errors: result.errors.map((e) => ({ text: e.message, href: '#start' })),
      });
    }
    return reply.redirect(`/ehc/reviews/${result.value.id}`, 303);
  });

  const laItems = (selected: string) => [
    { value: '', text: 'Choose the LA' },
    ...[...englishLas.entries()]
      .map(([code, name]) => ({ value: code, text: name, selected: code === selected }))
      .sort((a, b) => a.text.localeCompare(b.text)),
  ];

  app.get(
    '/ehc/children/:childId/transfer-out',
    { config: { access: 'ehc:write' } },
    async (request, reply) =>
      reply.page('ehc/transfer-out.njk', {
        pageTitle: 'The child has moved to another LA',
        childId: param(request, 'childId'),
        subject: await childForTransfer(ctx(request), param(request, 'childId')),
        laItems: laItems(''),
        values: {},
        errors: [],
        fieldError: () => false,
      }),
  );

  app.post(
    '/ehc/children/:childId/transfer-out',
    { config: { access: 'ehc:write' } },
    async (request, reply) => {
      const childId = param(request, 'childId');
      const values = formValues(request.body, ['toLaCode', 'on-day', 'on-month', 'on-year']);
      const subject = await childForTransfer(ctx(request), childId);
      const again = (status: number, errors: Refusal[]) =>
        reply.code(status).page('ehc/transfer-out.njk', {
          pageTitle: 'The child has moved to another LA',
          childId,
          subject,
          laItems: laItems(values.toLaCode ?? ''),
          values,
          errors: errors.map((e) => ({
            text: e.message,
            href: `#${e.field === 'on' ? 'on-day' : 'toLaCode'}`,
          })),
          fieldError: (name: string) => errorFor(errors, name),
        });
      const { input, problems } = stepFromForm(
        {
          type: 'plan-ceased',
          title: '',
          fields: [{ kind: 'date', name: 'on', label: 'The date of the transfer' }],
        },
        values,
        new Map(),
      );
      const parsed = parse(transferOutSchema, { toLaCode: values.toLaCode, on: input.on });
      const errors = firstPerField([...problems, ...(parsed.ok ? [] : parsed.errors)]);
      if (!parsed.ok || errors.length) return again(400, errors);
      const result = await transferOut(ctx(request), childId, parsed.data);
      if (!result.ok) return again(422, result.errors);
      return reply.redirect(`/children/${childId}?saved=transferred-out`, 303);
    },
  );
}

function fieldId(form: ReviewStepForm, field: string): string {
  const f = form.fields.find((x) => x.name === field) ?? form.fields[0];
  if (!f) return field;
  return f.kind === 'date' ? `${f.name}-day` : f.name;
}
