import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { downloadLinks, type ExportTable, requestedFormat } from '../../../platform/exports/index.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import { type FieldError, notFound } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import { isoDateInLondon, longDate } from '../../../platform/kernel/dates.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { engagementContext } from '../context.ts';
import { audienceLabels, audiences, listInWords } from '../domain/audiences.ts';
import type { ConsultationState, Question } from '../domain/consultations.ts';
import { sendList } from '../exports.ts';
import { formValues } from '../forms.ts';
import {
  addQuestion,
  addTheme,
  type ConsultationRow,
  consultationForOfficer,
  consultationList,
  type OfficerConsultation,
  publishConsultation,
  type ResponseRow,
  removeQuestion,
  respondFor,
  saveConsultation,
  tagResponse,
} from './service.ts';

/** The officers' side of consultations and surveys: the list, the questions, the answers and their themes. */

export const stateText: Record<ConsultationState, string> = {
  draft: 'Draft',
  upcoming: 'Published, not yet open',
  open: 'Open',
  closed: 'Closed',
};

const listTable: ExportTable<{ consultation: ConsultationRow; state: ConsultationState }> = {
  fileStem: 'consultations',
  sheetTitle: 'Consultations',
  columns: [
    { heading: 'Title', kind: 'text', width: 50, value: (c) => c.consultation.title },
    {
      heading: 'Kind',
      kind: 'text',
      value: (c) => (c.consultation.kind === 'survey' ? 'Survey' : 'Consultation'),
    },
    {
      heading: 'For',
      kind: 'text',
      width: 40,
      value: (c) => listInWords(c.consultation.audiences.map((a) => audienceLabels[a])),
    },
    { heading: 'Opens', kind: 'date', value: (c) => c.consultation.opensOn },
    { heading: 'Closes', kind: 'date', value: (c) => c.consultation.closesOn },
    { heading: 'Questions', kind: 'integer', value: (c) => c.consultation.questions },
    { heading: 'Responses', kind: 'integer', value: (c) => c.consultation.responses },
    { heading: 'Status', kind: 'text', value: (c) => stateText[c.state] },
  ],
  childIdsOf: () => [],
};

/** One row per response: who, when, each question's answer in its own column, and the themes. */
function responsesTable(v: OfficerConsultation): ExportTable<ResponseRow> {
  const themeNames = new Map(v.themes.map((t) => [t.id, t.name]));
  return {
    fileStem: 'consultation-responses',
    sheetTitle: 'Responses',
    columns: [
      { heading: 'Received', kind: 'dateTime', value: (r) => r.receivedAt },
      { heading: 'Answering as', kind: 'text', value: (r) => audienceLabels[r.respondent] },
      { heading: 'Name', kind: 'text', value: (r) => r.name },
      { heading: 'Email', kind: 'text', value: (r) => r.email },
      ...v.questions.map((q: Question) => ({
        heading: `${q.position}. ${q.prompt}`,
        kind: 'text' as const,
        width: q.kind === 'text' ? 60 : 25,
        value: (r: ResponseRow) => r.answers[q.id] ?? '',
      })),
      {
        heading: 'Themes',
        kind: 'text',
        width: 40,
        value: (r) => r.themeIds.map((id) => themeNames.get(id) ?? '').join('; '),
      },
    ],
    childIdsOf: () => [],
  };
}

const answeredHow = (x: Question) =>
  x.kind === 'text'
    ? 'In words'
    : x.kind === 'agree'
      ? 'Agree to disagree, five points'
      : `One of: ${x.options.join('; ')}`;

const questionsTable: ExportTable<Question> = {
  fileStem: 'consultation-questions',
  sheetTitle: 'Questions',
  columns: [
    { heading: 'Number', kind: 'integer', value: (x) => x.position },
    { heading: 'Question', kind: 'text', width: 60, value: (x) => x.prompt },
    { heading: 'Answered', kind: 'text', width: 40, value: answeredHow },
    { heading: 'Must answer', kind: 'text', value: (x) => (x.required ? 'Yes' : 'No') },
  ],
  childIdsOf: () => [],
};

interface CountRow {
  question: string;
  answer: string;
  people: number;
  answered: number;
}

/** Every count the page shows: each answer to each question answered by choosing, and each theme, with the share. */
const countRows = (v: OfficerConsultation): CountRow[] =>
  v.tallies
    .filter((t) => t.question.kind !== 'text')
    .flatMap((t) =>
      t.counts.map((c) => ({
        question: `${t.question.position}. ${t.question.prompt}`,
        answer: c.answer,
        people: c.n,
        answered: t.answered,
      })),
    )
    .concat(
      v.themes.map((t) => ({
        question: 'Themes tagged',
        answer: t.name,
        people: t.responses,
        answered: v.responses.length,
      })),
    );

const countsTable: ExportTable<CountRow> = {
  fileStem: 'consultation-counts',
  sheetTitle: 'Counts',
  columns: [
    { heading: 'Question', kind: 'text', width: 60, value: (r) => r.question },
    { heading: 'Answer', kind: 'text', width: 30, value: (r) => r.answer },
    { heading: 'People', kind: 'integer', value: (r) => r.people },
    { heading: 'Answered the question', kind: 'integer', value: (r) => r.answered },
    { heading: 'Share', kind: 'percent', value: (r) => (r.answered ? (100 * r.people) / r.answered : null) },
  ],
  childIdsOf: () => [],
};

export async function consultationManagePages(app: FastifyInstance, deps: ModuleDeps) {
  const ctx = (request: FastifyRequest) => engagementContext(request, deps.database, deps.clock);
  const officer = { config: { access: 'engagement:manage' as const } };

  app.get('/engagement/consultations', officer, async (request, reply) => {
    const c = ctx(request);
    const list = await consultationList(c);
    const format = requestedFormat(request.query);
    if (format)
      return sendList(reply, c, format, listTable, list, {
        action: 'engagement.consultations.exported',
        entityType: 'eng_consultation',
        filters: {},
      });
    return reply.page('engagement/manage-consultations.njk', {
      pageTitle: 'Consultations and surveys',
      open: list.filter((x) => x.state === 'open').length,
      rows: list.map((x) => [
        {
          html: `<a class="govuk-link" href="/engagement/consultations/${x.consultation.id}">${escapeHtml(x.consultation.title)}</a>`,
        },
        { text: `${longDate(x.consultation.opensOn)} to ${longDate(x.consultation.closesOn)}` },
        { text: x.consultation.responses.toLocaleString('en-GB'), format: 'numeric' },
        { text: stateText[x.state] },
      ]),
      downloads: downloadLinks('/engagement/consultations'),
    });
  });

  const valuesOf = (body: unknown) =>
    formValues(body, ['kind', 'title', 'summary', 'opensOn', 'closesOn'], 'audiences');

  function showForm(
    reply: FastifyReply,
    status: number,
    id: string | null,
    v: Record<string, string | string[]>,
    errors: FieldError[],
  ) {
    const chosen = Array.isArray(v.audiences) ? v.audiences : [];
    return reply.code(status).page('engagement/consultation-form.njk', {
      pageTitle: id ? 'Change the consultation' : 'Start a consultation or survey',
      id,
      v,
      audienceItems: audiences.map((a) => ({
        value: a,
        text: audienceLabels[a],
        checked: chosen.includes(a),
      })),
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/engagement/consultations/new', officer, (_request, reply) =>
    showForm(reply, 200, null, { kind: 'consultation', audiences: [] }, []),
  );
  app.post('/engagement/consultations/new', officer, async (request, reply) => {
    const r = await saveConsultation(ctx(request), null, request.body ?? {});
    if (!r.ok) return showForm(reply, r.status, null, valuesOf(request.body), r.errors);
    return reply.redirect(`/engagement/consultations/${r.id}?done=saved`, 303);
  });
  app.get('/engagement/consultations/:id/edit', officer, async (request, reply) => {
    const { id } = request.params as { id: string };
    const { consultation: c } = await consultationForOfficer(ctx(request), id);
    return showForm(
      reply,
      200,
      id,
      {
        kind: c.kind,
        title: c.title,
        summary: c.summary,
        audiences: c.audiences,
        opensOn: c.opensOn,
        closesOn: c.closesOn,
      },
      [],
    );
  });
  app.post('/engagement/consultations/:id/edit', officer, async (request, reply) => {
    const { id } = request.params as { id: string };
    const r = await saveConsultation(ctx(request), id, request.body ?? {});
    if (!r.ok) return showForm(reply, r.status, id, valuesOf(request.body), r.errors);
    return reply.redirect(`/engagement/consultations/${id}?done=saved`, 303);
  });

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    errors: FieldError[],
    q: Record<string, string> = {},
  ) {
    const { id } = request.params as { id: string };
    const c = ctx(request);
    const v = await consultationForOfficer(c, id);
    const format = requestedFormat(request.query);
    if (format && (request.query as Record<string, unknown>).table === 'questions')
      return sendList(reply, c, format, questionsTable, v.questions, {
        action: 'engagement.consultation.exported',
        entityType: 'eng_consultation',
        filters: { consultation: id, table: 'questions' },
      });
    if (format && (request.query as Record<string, unknown>).table === 'counts')
      return sendList(reply, c, format, countsTable, countRows(v), {
        action: 'engagement.consultation.exported',
        entityType: 'eng_consultation',
        filters: { consultation: id, table: 'counts' },
      });
    if (format)
      return sendList(reply, c, format, responsesTable(v), v.responses, {
        action: 'engagement.consultation.exported',
        entityType: 'eng_consultation',
        filters: { consultation: id },
      });
    const query = request.query as Record<string, unknown>;
    const themeNames = new Map(v.themes.map((t) => [t.id, t.name]));
    const untagged = v.responses.filter((r) => r.themeIds.length === 0).length;
    return reply.code(status).page('engagement/manage-consultation.njk', {
      pageTitle: v.consultation.title,
      v,
      stateText: stateText[v.state],
      done: typeof query.done === 'string' ? query.done : '',
      details: [
        {
          key: { text: 'Kind' },
          value: { text: v.consultation.kind === 'survey' ? 'Survey' : 'Consultation' },
        },
        {
          key: { text: 'For' },
          value: { text: listInWords(v.consultation.audiences.map((a) => audienceLabels[a])) },
        },
        {
          key: { text: 'Open' },
          value: { text: `${longDate(v.consultation.opensOn)} to ${longDate(v.consultation.closesOn)}` },
        },
        { key: { text: 'Status' }, value: { text: stateText[v.state] } },
        { key: { text: 'Responses' }, value: { text: v.responses.length.toLocaleString('en-GB') } },
      ],
      questionRows: v.questions.map((x) => [
        { text: String(x.position), format: 'numeric' },
        { text: x.prompt },
        { text: answeredHow(x) },
        { text: x.required ? 'Yes' : 'No' },
        {
          html:
            v.consultation.status === 'draft'
              ? `<form method="post" action="/engagement/consultations/${v.consultation.id}/questions/${x.id}/remove"><input type="hidden" name="_csrf" value="${escapeHtml(reply.generateCsrf())}"><button class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">Remove<span class="govuk-visually-hidden"> question ${x.position}</span></button></form>`
              : '',
        },
      ]),
      tallies: v.tallies
        .filter((t) => t.question.kind !== 'text')
        .map((t) => ({
          caption: `${t.question.position}. ${t.question.prompt} (${t.answered.toLocaleString('en-GB')} answered)`,
          rows: t.counts.map((c) => [
            { text: c.answer },
            { text: c.n.toLocaleString('en-GB'), format: 'numeric' },
            { text: t.answered ? `${Math.round((100 * c.n) / t.answered)}%` : '', format: 'numeric' },
          ]),
        })),
      themeRows: v.themes.map((t) => [
        { text: t.name },
        { text: t.responses.toLocaleString('en-GB'), format: 'numeric' },
      ]),
      untagged,
      responseRows: v.responses.map((r, i) => [
        {
          html: `<a class="govuk-link" href="/engagement/consultations/${v.consultation.id}/responses/${r.id}">Response ${i + 1}</a>`,
        },
        { text: audienceLabels[r.respondent] },
        { text: r.themeIds.map((x) => themeNames.get(x) ?? '').join(', ') || 'Not tagged' },
      ]),
      q,
      audienceItems: v.consultation.audiences.map((a) => ({ value: a, text: audienceLabels[a] })),
      downloads: downloadLinks(`/engagement/consultations/${v.consultation.id}`),
      questionDownloads: downloadLinks(`/engagement/consultations/${v.consultation.id}?table=questions`),
      countDownloads: downloadLinks(`/engagement/consultations/${v.consultation.id}?table=counts`),
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/engagement/consultations/:id', officer, (request, reply) => show(request, reply, 200, []));

  app.post('/engagement/consultations/:id/questions', officer, async (request, reply) => {
    const { id } = request.params as { id: string };
    const b = (request.body ?? {}) as Record<string, unknown>;
    const r = await addQuestion(ctx(request), id, b);
    if (!r.ok)
      return show(request, reply, r.status, r.errors, {
        kind: String(b.kind ?? ''),
        prompt: String(b.prompt ?? ''),
        options: String(b.options ?? ''),
      });
    return reply.redirect(`/engagement/consultations/${id}?done=question#questions`, 303);
  });

  app.post('/engagement/consultations/:id/questions/:questionId/remove', officer, async (request, reply) => {
    const { id, questionId } = request.params as { id: string; questionId: string };
    const r = await removeQuestion(ctx(request), id, questionId);
    if (!r.ok) return show(request, reply, r.status, r.errors);
    return reply.redirect(`/engagement/consultations/${id}?done=removed#questions`, 303);
  });

  app.post('/engagement/consultations/:id/publish', officer, async (request, reply) => {
    const { id } = request.params as { id: string };
    const r = await publishConsultation(ctx(request), id);
    if (!r.ok) return show(request, reply, r.status, r.errors);
    return reply.redirect(`/engagement/consultations/${id}?done=published`, 303);
  });

  app.post('/engagement/consultations/:id/themes', officer, async (request, reply) => {
    const { id } = request.params as { id: string };
    const r = await addTheme(ctx(request), id, request.body ?? {});
    if (!r.ok) return show(request, reply, r.status, r.errors);
    return reply.redirect(`/engagement/consultations/${id}?done=theme#themes`, 303);
  });

  app.post('/engagement/consultations/:id/responses', officer, async (request, reply) => {
    const { id } = request.params as { id: string };
    const r = await respondFor(ctx(request), id, (request.body ?? {}) as Record<string, unknown>);
    if (!r.ok) return show(request, reply, r.status, r.errors);
    return reply.redirect(`/engagement/consultations/${id}/responses/${r.responseId}?done=entered`, 303);
  });

  async function showResponse(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    errors: FieldError[],
  ) {
    const { id, responseId } = request.params as { id: string; responseId: string };
    const v = await consultationForOfficer(ctx(request), id);
    const index = v.responses.findIndex((r) => r.id === responseId);
    const r = v.responses[index];
    if (!r) throw notFound('There is no such response to this consultation.');
    const q = request.query as Record<string, unknown>;
    return reply.code(status).page('engagement/consultation-response.njk', {
      pageTitle: `Response ${index + 1}: ${v.consultation.title}`,
      v,
      r,
      number: index + 1,
      done: typeof q.done === 'string' ? q.done : '',
      next: v.responses.slice(index + 1).find((x) => x.themeIds.length === 0)?.id ?? null,
      answers: [
        { key: { text: 'Answering as' }, value: { text: audienceLabels[r.respondent] } },
        { key: { text: 'Received' }, value: { text: longDate(isoDateInLondon(r.receivedAt)) } },
        ...(r.name ? [{ key: { text: 'Name' }, value: { text: r.name } }] : []),
        ...v.questions.map((x) => ({
          key: { text: `${x.position}. ${x.prompt}` },
          value: { text: r.answers[x.id] ?? 'Not answered' },
        })),
      ],
      themeItems: v.themes.map((t) => ({ value: t.id, text: t.name, checked: r.themeIds.includes(t.id) })),
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/engagement/consultations/:id/responses/:responseId', officer, (request, reply) =>
    showResponse(request, reply, 200, []),
  );
  app.post('/engagement/consultations/:id/responses/:responseId', officer, async (request, reply) => {
    const { id, responseId } = request.params as { id: string; responseId: string };
    const r = await tagResponse(ctx(request), id, responseId, request.body ?? {});
    if (!r.ok) return showResponse(request, reply, r.status, r.errors);
    return reply.redirect(`/engagement/consultations/${id}/responses/${responseId}?done=tagged`, 303);
  });
}
