import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { downloadLinks, type ExportTable, requestedFormat } from '../../../platform/exports/index.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import { renderMarkdown } from '../../../platform/http/markdown.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { engagementContext } from '../context.ts';
import { listInWords, schoolAudienceLabels } from '../domain/audiences.ts';
import type { ReceiptState } from '../domain/mi-sheets.ts';
import { sendList } from '../exports.ts';
import { numberOf } from './manage-pages.ts';
import {
  answerSheet,
  mySchoolNames,
  type SchoolSheet,
  sheetForMySchools,
  sheetsForMySchools,
} from './service.ts';

/** MI sheets as a school's SENCo, head or cluster host reads and answers them, at /mi-sheets. */

const tag: Record<ReceiptState, { text: string; classes: string }> = {
  done: { text: 'Done', classes: 'govuk-tag--green' },
  read: { text: 'Read, to do', classes: 'govuk-tag--blue' },
  'to-do': { text: 'To read', classes: 'govuk-tag--grey' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
};

export const sheetTag = (s: SchoolSheet) => tag[s.state];

const schoolSheetsTable: ExportTable<SchoolSheet> = {
  fileStem: 'mi-sheets-to-my-school',
  sheetTitle: 'MI sheets',
  columns: [
    { heading: 'Number', kind: 'text', value: (s) => numberOf(s.sheet) },
    { heading: 'Title', kind: 'text', width: 60, value: (s) => s.sheet.title },
    { heading: 'School', kind: 'text', width: 40, value: (s) => s.schoolName },
    { heading: 'Issued', kind: 'date', value: (s) => s.sheet.issuedOn },
    { heading: 'To be completed by', kind: 'date', value: (s) => s.sheet.completeBy },
    { heading: 'Your school', kind: 'text', value: (s) => tag[s.state].text },
    { heading: 'Read', kind: 'dateTime', value: (s) => s.acknowledgedAt },
    { heading: 'Done', kind: 'dateTime', value: (s) => s.completedAt },
  ],
  childIdsOf: () => [],
};

export async function sheetSchoolPages(app: FastifyInstance, deps: ModuleDeps) {
  const ctx = (request: FastifyRequest) => engagementContext(request, deps.database, deps.clock);
  const school = { config: { access: 'engagement:school' as const } };

  app.get('/mi-sheets', school, async (request, reply) => {
    const c = ctx(request);
    const list = await sheetsForMySchools(c);
    const format = requestedFormat(request.query);
    if (format)
      return sendList(reply, c, format, schoolSheetsTable, list, {
        action: 'engagement.mi-sheets.exported',
        entityType: 'eng_mi_sheet',
        filters: {},
      });
    const mine = await mySchoolNames(c);
    const schools = new Set(list.map((s) => s.establishmentId)).size;
    const todo = list.filter((s) => s.state !== 'done');
    const row = (s: SchoolSheet) => [
      { text: numberOf(s.sheet) },
      { html: `<a class="govuk-link" href="/mi-sheets/${s.sheet.id}">${escapeHtml(s.sheet.title)}</a>` },
      ...(schools > 1 ? [{ text: s.schoolName }] : []),
      { text: s.sheet.completeBy ? longDate(s.sheet.completeBy) : 'For information' },
      { html: `<strong class="govuk-tag ${tag[s.state].classes}">${tag[s.state].text}</strong>` },
    ];
    return reply.page('engagement/school-sheets.njk', {
      pageTitle: 'MI sheets',
      head: [
        { text: 'Number' },
        { text: 'Title' },
        ...(schools > 1 ? [{ text: 'School' }] : []),
        { text: 'To be done by' },
        { text: 'Your school' },
      ],
      todo: todo.map(row),
      done: list.filter((s) => s.state === 'done').map(row),
      overdue: todo.filter((s) => s.state === 'overdue').length,
      mine,
      downloads: downloadLinks('/mi-sheets'),
    });
  });

  async function showSheet(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    errors: FieldError[],
  ) {
    const { id } = request.params as { id: string };
    const v = await sheetForMySchools(ctx(request), id);
    const q = request.query as Record<string, unknown>;
    return reply.code(status).page('engagement/school-sheet.njk', {
      pageTitle: `MI sheet ${numberOf(v.sheet)}: ${v.sheet.title}`,
      v,
      number: numberOf(v.sheet),
      done: typeof q.done === 'string' ? q.done : '',
      body: renderMarkdown(v.sheet.body),
      details: [
        { key: { text: 'MI number' }, value: { text: numberOf(v.sheet) } },
        { key: { text: 'Type' }, value: { text: v.sheet.kind === 'action' ? 'Action' : 'Information' } },
        { key: { text: 'Issued' }, value: { text: v.sheet.issuedOn ? longDate(v.sheet.issuedOn) : '' } },
        ...(v.sheet.completeBy
          ? [{ key: { text: 'To be completed by' }, value: { text: longDate(v.sheet.completeBy) } }]
          : []),
        {
          key: { text: 'Audience' },
          value: { text: listInWords(v.sheet.audiences.map((a) => schoolAudienceLabels[a])) },
        },
        { key: { text: 'LA contact' }, value: { text: v.sheet.contact } },
      ],
      schools: v.schools.map((s) => ({ ...s, tag: tag[s.state] })),
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/mi-sheets/:id', school, (request, reply) => showSheet(request, reply, 200, []));

  app.post('/mi-sheets/:id', school, async (request, reply) => {
    const { id } = request.params as { id: string };
    const r = await answerSheet(ctx(request), id, request.body ?? {});
    if (!r.ok) return showSheet(request, reply, r.status, r.errors);
    return reply.redirect(`/mi-sheets/${id}?done=${r.answer}`, 303);
  });
}
