import type { FastifyInstance } from 'fastify';
import { importPages } from '../../../platform/imports/index.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { giasImport, type ImportSummary } from '../import-service.ts';

const n = (x: number) => x.toLocaleString('en-GB');

/** What a finished GIAS import's page shows: its counts, schools with a new URN, values left blank. */
export function presentGiasSummary(summary: ImportSummary) {
  return {
    rows: [
      { key: 'Rows in the file', value: n(summary.rowsRead) },
      { key: 'Rows for your LA’s schools', value: n(summary.laRows) },
      { key: 'Schools added', value: n(summary.created) },
      { key: 'Schools updated', value: n(summary.updated) },
      { key: 'Schools unchanged', value: n(summary.unchanged) },
      { key: 'Rows for former URNs of schools you hold', value: n(summary.superseded) },
      { key: 'Rows for other LAs’ schools (not imported)', value: n(summary.otherLaRows) },
      {
        key: 'Links file',
        value: summary.linksRead === null ? 'Not given' : `${n(summary.linksRead)} links read`,
      },
    ],
    tables: [
      ...(summary.replaced.length
        ? [
            {
              id: 'new-urns',
              caption: 'Schools with a new URN',
              head: [{ text: 'School' }, { text: 'Former URN' }, { text: 'New URN' }],
              rows: summary.replaced.map((r) => [r.name, r.fromUrn, r.toUrn]),
            },
          ]
        : []),
      ...(summary.warningCount
        ? [
            {
              id: 'values-left-blank',
              caption: `Values left blank (${n(summary.warningCount)})`,
              head: [{ text: 'Row', numeric: true }, { text: 'Column' }, { text: 'Why' }],
              rows: summary.warnings.map((w) => [w.row, w.column, w.problem]),
            },
          ]
        : []),
    ],
    next: { text: 'Go to schools and settings', href: '/schools' },
  };
}

/** The GIAS import's pages, from the platform's: /admin/imports/gias and each import's own page. */
export async function giasImportPages(app: FastifyInstance, deps: ModuleDeps) {
  await importPages<ImportSummary>(app, deps, {
    definition: giasImport,
    basePath: '/admin/imports/gias',
    title: 'Import schools from GIAS',
    intro: [
      'Upload the establishment file from Get Information about Schools (GIAS): the national “all establishment data” CSV, or a download of your LA’s schools. OpenSEND imports your LA’s schools, and updates any school in another LA that you already hold.',
      'Every row for your LA is checked first. If any row has a problem, nothing is imported and you get a list of each row, column and problem to fix.',
    ],
    file: { label: 'GIAS establishment file (CSV)', hint: 'Named like edubasealldata20250422.csv.' },
    attachments: {
      links: {
        label: 'GIAS links file (CSV, optional)',
        hint: 'Named like links_edubasealldata20250422.csv. With it, a school that gets a new URN (for example when it becomes an academy) keeps its record, cluster and pupils.',
      },
    },
    backLinkText: 'GIAS imports',
    running: 'Importing schools from GIAS',
    succeeded: 'GIAS import complete',
    fileNameFallback: 'GIAS file',
    rowsChecked: 'the rows for your LA’s schools',
    fixAdvice: 'Fix the file, or download it again from GIAS, and',
    fileStem: 'gias-import',
    problemsExportedAction: 'gias.import.problems.exported',
    present: presentGiasSummary,
  });
}
