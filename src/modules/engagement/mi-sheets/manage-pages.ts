import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { downloadLinks, type ExportTable, requestedFormat } from '../../../platform/exports/index.ts';
import {
  acceptedFilesText,
  sendStoredFile,
  uploadedFile,
  withFileUploads,
} from '../../../platform/files/index.ts';
import { escapeHtml } from '../../../platform/http/html.ts';
import { renderMarkdown } from '../../../platform/http/markdown.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import { longDate } from '../../../platform/kernel/dates.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { engagementContext } from '../context.ts';
import { listInWords, schoolAudienceLabels, schoolAudiences } from '../domain/audiences.ts';
import { type ClusterTally, sheetNumber } from '../domain/mi-sheets.ts';
import { sendList } from '../exports.ts';
import { formValues } from '../forms.ts';
import {
  attachFile,
  chaseSchools,
  publishSheet,
  type ReceiptView,
  type SheetRow,
  saveSheet,
  sheetFile,
  sheetForOfficer,
  sheetList,
} from './service.ts';

/** The officers' side of MI sheets: the list, the form, sending, and who has not done what a sheet asks. */

export const numberOf = (s: SheetRow) => (s.number && s.year ? sheetNumber(s.number, s.year) : 'Draft');

const stateText: Record<ReceiptView['state'], string> = {
  done: 'Done',
  read: 'Read, not yet done',
  'to-do': 'Not yet read',
  overdue: 'Overdue',
};

const sheetsTable: ExportTable<SheetRow> = {
  fileStem: 'mi-sheets',
  sheetTitle: 'MI sheets',
  columns: [
    { heading: 'Number', kind: 'text', value: numberOf },
    { heading: 'Title', kind: 'text', width: 60, value: (s) => s.title },
    { heading: 'Type', kind: 'text', value: (s) => (s.kind === 'action' ? 'Action' : 'Information') },
    {
      heading: 'Audience',
      kind: 'text',
      width: 40,
      value: (s) => listInWords(s.audiences.map((a) => schoolAudienceLabels[a])),
    },
    { heading: 'Issued', kind: 'date', value: (s) => s.issuedOn },
    { heading: 'To be completed by', kind: 'date', value: (s) => s.completeBy },
    { heading: 'Schools', kind: 'integer', value: (s) => s.schools },
    { heading: 'Read', kind: 'integer', value: (s) => s.acknowledged },
    { heading: 'Done', kind: 'integer', value: (s) => s.completed },
  ],
  childIdsOf: () => [],
};

const receiptsTable: ExportTable<ReceiptView> = {
  fileStem: 'mi-sheet-schools',
  sheetTitle: 'Schools',
  columns: [
    { heading: 'Cluster', kind: 'text', width: 30, value: (r) => r.clusterName },
    { heading: 'School', kind: 'text', width: 40, value: (r) => r.schoolName },
    { heading: 'URN', kind: 'integer', value: (r) => r.urn },
    { heading: 'Status', kind: 'text', value: (r) => stateText[r.state] },
    { heading: 'Read', kind: 'dateTime', value: (r) => r.acknowledgedAt },
    { heading: 'Read by', kind: 'text', value: (r) => r.acknowledgedBy ?? '' },
    { heading: 'Done', kind: 'dateTime', value: (r) => r.completedAt },
    { heading: 'Done by', kind: 'text', value: (r) => r.completedBy ?? '' },
    { heading: 'Chased', kind: 'integer', value: (r) => r.chases },
    { heading: 'Last chased', kind: 'dateTime', value: (r) => r.lastChasedAt },
  ],
  childIdsOf: () => [],
};

const clustersTable: ExportTable<ClusterTally> = {
  fileStem: 'mi-sheet-clusters',
  sheetTitle: 'By cluster',
  columns: [
    { heading: 'Cluster', kind: 'text', width: 30, value: (t) => t.clusterName },
    { heading: 'Schools', kind: 'integer', value: (t) => t.schools },
    { heading: 'Read', kind: 'integer', value: (t) => t.acknowledged },
    { heading: 'Done', kind: 'integer', value: (t) => t.done },
    { heading: 'Not done', kind: 'integer', value: (t) => t.notDone },
  ],
  childIdsOf: () => [],
};

const pct = (part: number, whole: number) => (whole === 0 ? '' : `${Math.round((100 * part) / whole)}%`);

export async function sheetManagePages(app: FastifyInstance, deps: ModuleDeps) {
  const ctx = (request: FastifyRequest) => engagementContext(request, deps.database, deps.clock);
  const officer = { config: { access: 'engagement:manage' as const } };

  app.get('/engagement/mi-sheets', officer, async (request, reply) => {
    const c = ctx(request);
    const list = await sheetList(c);
    const format = requestedFormat(request.query);
    if (format)
      return sendList(reply, c, format, sheetsTable, list, {
        action: 'engagement.mi-sheets.exported',
        entityType: 'eng_mi_sheet',
        filters: {},
      });
    const open = list.filter(
      (s) => s.kind === 'action' && s.status === 'published' && s.completed < s.schools,
    );
    return reply.page('engagement/manage-sheets.njk', {
      pageTitle: 'MI sheets',
      overdue: open.filter((s) => s.completeBy && s.completeBy < c.today).length,
      drafts: list.filter((s) => s.status === 'draft').length,
      rows: list.map((s) => [
        { text: numberOf(s) },
        { html: `<a class="govuk-link" href="/engagement/mi-sheets/${s.id}">${escapeHtml(s.title)}</a>` },
        { text: s.issuedOn ? longDate(s.issuedOn) : 'Not sent' },
        { text: s.completeBy ? longDate(s.completeBy) : 'For information' },
        {
          text:
            s.status === 'draft'
              ? ''
              : s.kind === 'action'
                ? `${s.completed.toLocaleString('en-GB')} of ${s.schools.toLocaleString('en-GB')} (${pct(s.completed, s.schools)})`
                : `${s.acknowledged.toLocaleString('en-GB')} of ${s.schools.toLocaleString('en-GB')} read (${pct(s.acknowledged, s.schools)})`,
          format: 'numeric',
        },
      ]),
      downloads: downloadLinks('/engagement/mi-sheets'),
    });
  });

  const valuesOf = (body: unknown) =>
    formValues(body, ['kind', 'title', 'completeBy', 'contact', 'body', 'version'], 'audiences');

  function showForm(
    reply: FastifyReply,
    status: number,
    id: string | null,
    v: Record<string, string | string[]>,
    errors: FieldError[],
  ) {
    const chosen = Array.isArray(v.audiences) ? v.audiences : [];
    return reply.code(status).page('engagement/sheet-form.njk', {
      pageTitle: id ? 'Change the draft MI sheet' : 'Write an MI sheet',
      id,
      v,
      audienceItems: schoolAudiences.map((a) => ({
        value: a,
        text: schoolAudienceLabels[a],
        checked: chosen.includes(a),
      })),
      preview: typeof v.body === 'string' && v.body ? renderMarkdown(v.body) : '',
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/engagement/mi-sheets/new', officer, (_request, reply) =>
    showForm(reply, 200, null, { kind: 'information', version: '0', audiences: ['heads', 'sencos'] }, []),
  );
  app.post('/engagement/mi-sheets/new', officer, async (request, reply) => {
    const r = await saveSheet(ctx(request), null, request.body ?? {});
    if (!r.ok) return showForm(reply, r.status, null, valuesOf(request.body), r.errors);
    return reply.redirect(`/engagement/mi-sheets/${r.id}?done=saved`, 303);
  });
  app.get('/engagement/mi-sheets/:id/edit', officer, async (request, reply) => {
    const { id } = request.params as { id: string };
    const { sheet: s } = await sheetForOfficer(ctx(request), id);
    return showForm(
      reply,
      200,
      id,
      {
        kind: s.kind,
        title: s.title,
        audiences: s.audiences,
        completeBy: s.completeBy ?? '',
        contact: s.contact,
        body: s.body,
        version: String(s.version),
      },
      [],
    );
  });
  app.post('/engagement/mi-sheets/:id/edit', officer, async (request, reply) => {
    const { id } = request.params as { id: string };
    const r = await saveSheet(ctx(request), id, request.body ?? {});
    if (!r.ok) return showForm(reply, r.status, id, valuesOf(request.body), r.errors);
    return reply.redirect(`/engagement/mi-sheets/${id}?done=saved`, 303);
  });

  async function showSheet(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    errors: FieldError[],
  ) {
    const { id } = request.params as { id: string };
    const c = ctx(request);
    const v = await sheetForOfficer(c, id);
    const format = requestedFormat(request.query);
    if (format && (request.query as Record<string, unknown>).table === 'clusters')
      return sendList(reply, c, format, clustersTable, v.tallies, {
        action: 'engagement.mi-sheet.schools-exported',
        entityType: 'eng_mi_sheet',
        filters: { sheet: id, table: 'clusters' },
      });
    if (format)
      return sendList(reply, c, format, receiptsTable, v.receipts, {
        action: 'engagement.mi-sheet.schools-exported',
        entityType: 'eng_mi_sheet',
        filters: { sheet: id },
      });
    const q = request.query as Record<string, unknown>;
    const notDone = v.receipts.filter((r) => r.state !== 'done');
    return reply.code(status).page('engagement/manage-sheet.njk', {
      pageTitle: `${numberOf(v.sheet)} ${v.sheet.title}`,
      v,
      number: numberOf(v.sheet),
      done: typeof q.done === 'string' ? q.done : '',
      body: renderMarkdown(v.sheet.body),
      details: [
        { key: { text: 'Type' }, value: { text: v.sheet.kind === 'action' ? 'Action' : 'Information' } },
        {
          key: { text: 'Audience' },
          value: { text: listInWords(v.sheet.audiences.map((a) => schoolAudienceLabels[a])) },
        },
        {
          key: { text: 'Issued' },
          value: { text: v.sheet.issuedOn ? longDate(v.sheet.issuedOn) : 'Not sent yet' },
        },
        ...(v.sheet.completeBy
          ? [{ key: { text: 'To be completed by' }, value: { text: longDate(v.sheet.completeBy) } }]
          : []),
        { key: { text: 'LA contact' }, value: { text: v.sheet.contact } },
      ],
      tallyRows: v.tallies.map((t) => [
        { text: t.clusterName },
        { text: t.schools.toLocaleString('en-GB'), format: 'numeric' },
        { text: t.acknowledged.toLocaleString('en-GB'), format: 'numeric' },
        { text: t.done.toLocaleString('en-GB'), format: 'numeric' },
        { text: t.notDone.toLocaleString('en-GB'), format: 'numeric' },
      ]),
      notDoneRows: notDone.map((r) => [
        { text: r.schoolName },
        { text: r.clusterName },
        { text: stateText[r.state] },
        {
          text: r.chases ? `${r.chases} ${r.chases === 1 ? 'time' : 'times'}` : 'Not yet',
          format: 'numeric',
        },
      ]),
      notDone: notDone.length,
      accepted: acceptedFilesText,
      downloads: downloadLinks(`/engagement/mi-sheets/${id}`),
      clusterDownloads: downloadLinks(`/engagement/mi-sheets/${id}?table=clusters`),
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  app.get('/engagement/mi-sheets/:id', officer, (request, reply) => showSheet(request, reply, 200, []));

  app.post('/engagement/mi-sheets/:id/publish', officer, async (request, reply) => {
    const { id } = request.params as { id: string };
    const r = await publishSheet(ctx(request), id, deps.config.publicUrl, request.body ?? {});
    if (!r.ok) return showSheet(request, reply, r.status, r.errors);
    return reply.redirect(`/engagement/mi-sheets/${id}?done=published`, 303);
  });

  app.post('/engagement/mi-sheets/:id/chase', officer, async (request, reply) => {
    const { id } = request.params as { id: string };
    const r = await chaseSchools(ctx(request), id, deps.config.publicUrl);
    if (!r.ok) return showSheet(request, reply, r.status, r.errors);
    return reply.redirect(`/engagement/mi-sheets/${id}?done=chased`, 303);
  });

  await withFileUploads(app, deps.config.uploads, (scope) => {
    scope.post('/engagement/mi-sheets/:id/files', officer, async (request, reply) => {
      const { id } = request.params as { id: string };
      const r = await attachFile(ctx(request), id, uploadedFile(request.body, 'file'), deps.config.uploads);
      if (!r.ok) return showSheet(request, reply, r.status, r.errors);
      return reply.redirect(`/engagement/mi-sheets/${id}?done=file`, 303);
    });
  });

  // Officers and the schools a sheet went to download its files here.
  app.get('/mi-sheets/:id/files/:fileId', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { id, fileId } = request.params as { id: string; fileId: string };
    const { file, body } = await sheetFile(ctx(request), id, fileId, deps.config.uploads.dir);
    return sendStoredFile(reply, file, body);
  });
}
