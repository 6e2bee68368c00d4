import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AuditActor, auditAs } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/connect.ts';
import { inTenant } from '../db/tenancy.ts';
import { downloadLinks, type ExportTable, requestedFormat, sendExport } from '../exports/index.ts';
import { multipartScope } from '../http/multipart.ts';
import { type FieldError, HttpProblem, notFound, unauthorised } from '../http/problem.ts';
import type { Job } from '../jobs/index.ts';
import { isoDateInLondon } from '../kernel/dates.ts';
import type { RowProblem } from './check.ts';
import { getImportJob, type ImportOf, queueImport, recentImports } from './jobs.ts';
import type { ImportReport } from './report.ts';
import { type ImportActor, limitsOf, sizeText } from './runner.ts';
import type { SpreadsheetFormat } from './spreadsheet.ts';
import { importTemplate, templateTypes } from './template.ts';

/** A table on the outcome page, as the module's presenter lays it out. */
export interface OutcomeTable {
  /** For the table's caption to label its scrolling region. */
  id: string;
  caption: string;
  head: readonly { text: string; numeric?: boolean }[];
  rows: readonly (readonly (string | number)[])[];
}

/** What the outcome page shows of a finished import's summary. */
export interface OutcomeView {
  rows: readonly { key: string; value: string }[];
  /** What the person should know or do now, a paragraph each ("12 placements wait for approval…"). */
  notes?: readonly string[];
  tables?: readonly OutcomeTable[];
  /** Where to go next ("Go to transport costs"). */
  next?: { text: string; href: string };
}

/** How a module's import pages read: their address, their words, and what a summary shows. */
export interface ImportPagesConfig<Summary> {
  definition: ImportOf<Summary>;
  basePath: string;
  /** The upload page's heading: "Import transport costs". */
  title: string;
  intro: readonly string[];
  file: { label: string; hint: string };
  attachments?: Record<string, { label: string; hint: string }>;
  /** What the back link on a job's page says: "Transport cost imports". */
  backLinkText: string;
  /** A job's page heading while it runs: "Importing transport costs". */
  running: string;
  /** The panel's title when it is done: "Transport costs imported". */
  succeeded: string;
  /** What the file is called where its name is unknown: "Transport costs file". */
  fileNameFallback: string;
  /** Which rows were checked, after "problems were found in": "the rows for your LA". */
  rowsChecked?: string;
  /** What to do about problems, before "upload it again": "Fix the file, or export it again, and". */
  fixAdvice?: string;
  /** The template's worksheet name, when the title will not do (Excel allows 31 characters). */
  templateSheet?: string;
  /** The stem of the template's and the problems' file names: "transport-costs". */
  fileStem: string;
  /** The audit action for downloading a rejected import's problems, `<module>.<thing>.exported`. */
  problemsExportedAction: string;
  /**
   * The audit action for seeing a rejected import's problems on its page, for an import whose
   * problems quote what the file or the records say of children (naming each child a problem is
   * about); left out where they cannot.
   */
  problemsViewedAction?: string;
  present(summary: Summary): OutcomeView;
}

export interface ImportPageDeps {
  database: Database;
  clock: Clock;
}

interface Upload {
  filename: string;
  data: Buffer;
  tooLarge: boolean;
}

const n = (x: number) => x.toLocaleString('en-GB');
const statusTags: Record<Job['status'], { text: string; classes: string }> = {
  queued: { text: 'Waiting', classes: 'govuk-tag--grey' },
  running: { text: 'Running', classes: 'govuk-tag--blue' },
  succeeded: { text: 'Imported', classes: 'govuk-tag--green' },
  failed: { text: 'Nothing imported', classes: 'govuk-tag--red' },
};
const accepts: Record<SpreadsheetFormat, string> = {
  csv: '.csv,text/csv',
  xlsx: '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const formatNames: Record<SpreadsheetFormat, string> = { csv: 'CSV', xlsx: 'Excel (XLSX)' };
/** Excel's longest worksheet name. */
const maxSheetName = 31;

function isUpload(v: unknown): v is Upload {
  return typeof v === 'object' && v !== null && 'data' in v && Buffer.isBuffer((v as Upload).data);
}

function actorOf(request: FastifyRequest): ImportActor & AuditActor {
  const principal = request.principal;
  if (!principal) throw unauthorised('Sign in first.');
  return {
    laCode: principal.laCode,
    userId: principal.userId,
    roles: principal.roles,
    principal,
    ip: request.ip,
    requestId: request.id,
  };
}

const problemsTable = (stem: string): ExportTable<RowProblem> => ({
  fileStem: `${stem}-problems`,
  sheetTitle: 'Problems',
  childIdsOf: (p) => [p.childId ?? null],
  columns: [
    { heading: 'Row', kind: 'integer', value: (p) => p.row },
    { heading: 'Column', kind: 'text', value: (p) => p.column },
    { heading: 'Problem', kind: 'text', value: (p) => p.problem, width: 80 },
  ],
});

/**
 * An import's pages, made from its definition and its words: the upload form with the recent
 * imports, the templates, a job's progress (refreshing itself until it is done), its outcome, and
 * a rejected import's problems as a table that downloads. Files are taken as multipart bodies on
 * the upload route only; the rest of the app keeps refusing them.
 */
export async function importPages<Summary>(
  app: FastifyInstance,
  deps: ImportPageDeps,
  config: ImportPagesConfig<Summary>,
) {
  const { database } = deps;
  const { definition, basePath } = config;
  const access = { config: { access: definition.permission } };
  const limits = limitsOf(definition);
  const largest = sizeText(limits.maxBytes);
  const takesXlsx = definition.formats.includes('xlsx');
  const fileField = definition.upload.field;
  // The columns as the declaration describes them, for an import whose columns people fill in by hand.
  const columnGuide = definition.columns.some((c) => c.description)
    ? definition.columns.map((c) => ({
        header: c.header,
        required: c.required,
        description: c.description ?? '',
      }))
    : null;

  const showForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    errors: FieldError[],
    sheet = '',
  ) => {
    const jobs = await recentImports(database, actorOf(request), definition);
    const messageFor = (field: string) => {
      const e = errors.find((x) => x.field === field);
      return e ? { text: e.message } : undefined;
    };
    return reply.code(status).page('imports/upload.njk', {
      pageTitle: config.title,
      intro: config.intro,
      action: basePath,
      file: {
        name: fileField,
        label: config.file.label,
        hint: `${config.file.hint} Up to ${largest}.`,
        accept: definition.formats.map((f) => accepts[f]).join(','),
        errorMessage: messageFor(fileField),
      },
      attachments: (definition.attachments ?? []).map((a) => ({
        name: a.field,
        label: config.attachments?.[a.field]?.label ?? a.label,
        hint: config.attachments?.[a.field]?.hint ?? '',
        errorMessage: messageFor(a.field),
      })),
      sheet: takesXlsx ? { value: sheet, errorMessage: messageFor('sheet') } : null,
      columns: columnGuide,
      templates: definition.formats.map((f) => ({
        href: `${basePath}/template.${f}`,
        text: formatNames[f],
      })),
      jobs: jobs.map((j) => ({
        ...j,
        href: `${basePath}/${j.id}`,
        tag: statusTags[j.status],
        fileName: j.params.fileName ?? config.fileNameFallback,
      })),
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
    });
  };

  app.get(basePath, access, async (request, reply) => showForm(request, reply, 200, []));

  for (const format of definition.formats)
    app.get(`${basePath}/template.${format}`, access, async (_request, reply) =>
      reply
        .type(templateTypes[format])
        .header('Content-Disposition', `attachment; filename="${config.fileStem}-template.${format}"`)
        .send(await importTemplate(format, definition.columns, config.templateSheet ?? config.title)),
    );

  await multipartScope(
    app,
    {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: {
        fileSize: limits.maxBytes,
        files: 1 + (definition.attachments?.length ?? 0),
        fields: 5,
        parts: 10,
        fieldSize: 4096,
      },
      async onFile(part: MultipartFile & { value?: unknown }) {
        const data = await part.toBuffer();
        part.value = { filename: part.filename, data, tooLarge: part.file.truncated } satisfies Upload;
      },
    },
    (scope) => {
      scope.post(basePath, access, async (request, reply) => {
        const actor = actorOf(request);
        const body = (request.body ?? {}) as Record<string, unknown>;
        const file = isUpload(body[fileField]) ? (body[fileField] as Upload) : undefined;
        const attachments = Object.fromEntries(
          (definition.attachments ?? []).map((a) => {
            const u = body[a.field];
            return [a.field, isUpload(u) && u.data.length ? u : undefined];
          }),
        );
        const sheet = typeof body.sheet === 'string' ? body.sheet.trim() : '';
        const tooLarge = [
          ...(file?.tooLarge ? [fileField] : []),
          ...Object.entries(attachments).flatMap(([field, u]) => (u?.tooLarge ? [field] : [])),
        ].map((field) => ({ field, message: `The selected file must be smaller than ${largest}` }));
        if (tooLarge.length) return showForm(request, reply, 413, tooLarge, sheet);
        if (sheet.length > maxSheetName)
          return showForm(
            request,
            reply,
            400,
            [
              {
                field: 'sheet',
                message: `Worksheet must be ${maxSheetName} characters or fewer, as Excel allows`,
              },
            ],
            sheet,
          );
        try {
          const id = await queueImport(
            database,
            actor,
            definition,
            {
              file: file?.data ?? Buffer.alloc(0),
              // A name is only shown back, but a browser may send one of any length.
              fileName: file?.filename.slice(0, 200) || config.fileNameFallback,
              ...(takesXlsx && sheet ? { sheet } : {}),
              attachments: Object.fromEntries(
                Object.entries(attachments).map(([k, u]) => [k, u?.data ?? null]),
              ),
            },
            isoDateInLondon(deps.clock()),
          );
          return reply.redirect(`${basePath}/${id}`, 303);
        } catch (err) {
          if (err instanceof HttpProblem && err.status === 422)
            return showForm(request, reply, 400, err.errors, sheet);
          throw err;
        }
      });
    },
  );

  app.get(`${basePath}/:id`, access, async (request, reply) => {
    const actor = actorOf(request);
    const job = await getImportJob(database, actor, definition, (request.params as { id: string }).id);
    const result = (job.result ?? {}) as { summary?: Summary; report?: ImportReport };
    const format = requestedFormat(request.query);
    if (format) {
      const report = result.report;
      if (!report?.problems.length) throw notFound('This import has no problems to download.');
      return sendExport(reply, {
        format,
        table: problemsTable(config.fileStem),
        today: isoDateInLondon(deps.clock()),
        pages: async () => ({ rows: report.problems }),
        audit: {
          database,
          actor,
          action: config.problemsExportedAction,
          entityType: 'job',
          filters: { job: job.id },
        },
      });
    }
    if (config.problemsViewedAction && result.report?.problems.length) {
      const action = config.problemsViewedAction;
      const childIds = [...new Set(result.report.problems.flatMap((p) => (p.childId ? [p.childId] : [])))];
      await inTenant(database.db, actor, (tx) =>
        auditAs(tx, actor, [{ action, entityType: 'job', entityId: job.id, childId: null, childIds }]),
      );
    }
    const finished = job.status === 'succeeded' || job.status === 'failed';
    const refreshOff = (request.query as { refresh?: string }).refresh === 'off';
    // A refresh the person can stop (WCAG 2.2.1), from the server: the page runs no script of its own.
    if (!finished && !refreshOff) reply.header('Refresh', '2');
    const total = job.progress.total;
    const outcome = job.status === 'succeeded' && result.summary ? config.present(result.summary) : null;
    return reply.page('imports/job.njk', {
      pageTitle: finished
        ? job.status === 'succeeded'
          ? config.succeeded
          : 'Nothing was imported'
        : config.running,
      basePath,
      backLinkText: config.backLinkText,
      succeededTitle: config.succeeded,
      job,
      tag: statusTags[job.status],
      fileName: job.params.fileName ?? config.fileNameFallback,
      finished,
      refreshOff,
      percent: total ? Math.floor((100 * job.progress.done) / total) : 0,
      progressText: job.message ?? (total ? `Checked ${n(job.progress.done)} of ${n(total)} rows` : null),
      outcome,
      summaryRows: outcome?.rows.map((r) => ({ key: { text: r.key }, value: { text: r.value } })) ?? [],
      report: result.report,
      reportIn: result.report?.fileLabel ?? 'file',
      rowsChecked: config.rowsChecked ?? 'the file',
      fixAdvice: config.fixAdvice ?? 'Fix the file and',
      downloads: result.report?.problems.length ? downloadLinks(request.url) : null,
      n,
    });
  });
}
