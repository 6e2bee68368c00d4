import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/connect.ts';
import { type FieldError, HttpProblem } from '../../../platform/http/problem.ts';
import { errorFor, errorSummary } from '../../../platform/http/validation.ts';
import {
  type ImportColumn,
  ImportRejected,
  type ImportReport,
  type ImportUpload,
  importTemplate,
  sizeText,
} from '../../../platform/imports/index.ts';
import { fundingContext } from '../api.ts';
import type { FundingContext } from '../context.ts';
import { potYearLabel, potYearText, startsOnText } from '../pots/domain/years.ts';
import { getPot } from '../pots/service.ts';
import { baselineColumns, factorColumns } from './domain/columns.ts';
import type { ImportedFile } from './imports.ts';
import { importBaseline, importFactors } from './service.ts';
import { uploadOf, withUploads } from './upload.ts';

/**
 * Loading a pot's factor data, or last year's allocations, from a CSV or Excel file: the form with
 * the columns it needs and templates, and on a file with problems, every row, column and problem,
 * with nothing loaded.
 */

const maxBytes = 5 * 1024 * 1024;
const maxSheetName = 31;

interface Kind {
  path: string;
  title: string;
  intro: (pot: { name: string; year: number; yearKind: 'financial' | 'academic' }) => string[];
  fileLabel: string;
  columns: readonly ImportColumn[];
  template: string;
  sheetTitle: string;
  run: (ctx: FundingContext, potId: string, upload: ImportUpload) => Promise<ImportedFile>;
  done: (potId: string, n: number) => string;
}

const kinds: Kind[] = [
  {
    path: 'factors/import',
    title: 'Load factor data from a file',
    intro: (pot) => [
      `A row a school in a cluster on ${startsOnText(pot.yearKind, pot.year)}, with its data for ${potYearLabel(pot.year)}: the October census’s pupils on roll, FSM %, pupils in each IDACI band, low prior attainment, SEN Support, EHC plans, and whether it is sparse. Schools left out of the file keep the data they have.`,
      'Every row is checked first. If any row has a problem (a URN not on your register or not in a cluster, a URN twice, a count above the pupils on roll), nothing is loaded and you get each row, column and problem to fix.',
    ],
    fileLabel: 'Factor data (Excel or CSV)',
    columns: factorColumns,
    template: 'factor-data-template',
    sheetTitle: 'Factor data',
    run: importFactors,
    done: (potId, n) => `/funding/pots/${potId}/factors?done=imported&schools=${n}`,
  },
  {
    path: 'baseline/import',
    title: 'Load last year’s allocations from a file',
    intro: (pot) => [
      `A row a school, with what it was allocated in ${potYearLabel(pot.year - 1)}: the figures scenarios for ${potYearLabel(pot.year)} are compared and damped against. The file replaces any loaded before.`,
      'Every row is checked first. If any row has a problem (a URN not on your register or not in a cluster, a URN twice, an amount that is not pounds and pence), nothing is loaded and you get each row, column and problem to fix.',
    ],
    fileLabel: 'Last year’s allocations (Excel or CSV)',
    columns: baselineColumns,
    template: 'last-year-template',
    sheetTitle: 'Last year',
    run: importBaseline,
    done: (potId, n) => `/funding/pots/${potId}/baseline?done=imported&schools=${n}`,
  },
];

const formats = ['csv', 'xlsx'] as const;

export async function importPages(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  const access = { config: { access: 'finance:manage' as const } };
  const context = (request: FastifyRequest) => fundingContext(request, deps.database, deps.clock);
  const potIdOf = (request: FastifyRequest) => (request.params as { potId: string }).potId;

  async function show(
    reply: FastifyReply,
    ctx: FundingContext,
    kind: Kind,
    potId: string,
    status: number,
    errors: FieldError[],
    outcome: { report?: ImportReport; sheet?: string } = {},
  ) {
    const { pot } = await getPot(ctx, potId);
    return reply.code(status).page('funding/factors/import.njk', {
      pageTitle: kind.title,
      pot,
      yearText: potYearText(pot.yearKind, pot.year),
      intro: kind.intro(pot),
      action: `/funding/pots/${pot.id}/${kind.path}`,
      fileLabel: kind.fileLabel,
      fileHint: `An Excel workbook (.xlsx) or a CSV file, with a header row of column names. Up to ${sizeText(maxBytes)}.`,
      templates: formats.map((f) => ({
        href: `/funding/${kind.template}.${f}`,
        text: f === 'csv' ? 'CSV' : 'Excel (XLSX)',
      })),
      columns: kind.columns.map((c) => ({
        header: c.header,
        required: c.required,
        description: c.description ?? '',
      })),
      sheet: outcome.sheet ?? '',
      report: outcome.report ?? null,
      errors: errorSummary(errors),
      fieldError: (f: string) => errorFor(errors, f),
    });
  }

  for (const kind of kinds) {
    app.get(`/funding/pots/:potId/${kind.path}`, access, async (request, reply) =>
      show(reply, context(request), kind, potIdOf(request), 200, []),
    );
    for (const format of formats)
      app.get(`/funding/${kind.template}.${format}`, access, async (_request, reply) =>
        reply
          .type(
            format === 'csv'
              ? 'text/csv; charset=utf-8'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          )
          .header('Content-Disposition', `attachment; filename="${kind.template}.${format}"`)
          .send(await importTemplate(format, kind.columns, kind.sheetTitle)),
      );
  }

  await withUploads(app, maxBytes, (scope) => {
    for (const kind of kinds)
      scope.post(`/funding/pots/:potId/${kind.path}`, access, async (request, reply) => {
        const ctx = context(request);
        const potId = potIdOf(request);
        const { file, sheet } = uploadOf(request.body, 'file');
        const refuse = (status: number, field: string, message: string) =>
          show(reply, ctx, kind, potId, status, [{ field, message }], { sheet });
        if (!file)
          return refuse(
            400,
            'file',
            `Select a file of ${kind.fileLabel.replace(/ \(.*\)$/, '').toLowerCase()}`,
          );
        if (file.tooLarge)
          return refuse(413, 'file', `The selected file must be smaller than ${sizeText(maxBytes)}`);
        if (sheet.length > maxSheetName)
          return refuse(
            400,
            'sheet',
            `Worksheet must be ${maxSheetName} characters or fewer, as Excel allows`,
          );
        try {
          const done = await kind.run(ctx, potId, {
            file: file.data,
            fileName: file.fileName || kind.fileLabel,
            ...(sheet ? { sheet } : {}),
            attachments: {},
          });
          return reply.redirect(kind.done(potId, done.schools), 303);
        } catch (err) {
          if (err instanceof ImportRejected)
            return show(reply, ctx, kind, potId, 400, [{ field: 'file', message: err.message }], {
              report: err.report,
              sheet,
            });
          if (err instanceof HttpProblem && err.status === 409)
            return refuse(409, 'file', err.detail ?? err.title);
          throw err;
        }
      });
  });
}
