import type { FastifyInstance } from 'fastify';
import { importPages, type OutcomeView } from '../../../platform/imports/index.ts';
import { fyLabel } from '../../../platform/kernel/financial-years.ts';
import { penceText } from '../../../platform/kernel/money.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { placementTypeLabels } from '../domain/labels.ts';
import { type PlacementsImportSummary, placementsImport } from './definition.ts';

const n = (x: number) => x.toLocaleString('en-GB');
const count = (x: number, one: string, many: string) => `${n(x)} ${x === 1 ? one : many}`;

/** What a finished import's page says: what was added, what waits for approval, and what to do now. */
export function presentPlacementsImport(s: PlacementsImportSummary): OutcomeView {
  const notes: string[] = [];
  if (s.awaitingApproval)
    notes.push(
      `${count(s.awaitingApproval, 'placement costs', 'placements cost')} more than ${penceText(s.approvalThresholdPence)} a year, so ${s.awaitingApproval === 1 ? 'it waits' : 'they wait'} for a finance approver other than you, and ${s.awaitingApproval === 1 ? 'does' : 'do'} not count as committed until approved.`,
    );
  if (s.alreadyHeld)
    notes.push(
      `${count(s.alreadyHeld, 'placement in the file was', 'placements in the file were')} already held just as the file has ${s.alreadyHeld === 1 ? 'it' : 'them'}, and left as ${s.alreadyHeld === 1 ? 'it was' : 'they were'}: importing a file again adds only what is new.`,
    );
  if (!s.created) notes.push('Nothing new was added.');
  notes.push(...s.fileWarnings.map((w) => `${w}.`));
  return {
    rows: [
      { key: 'Rows in the file', value: n(s.rowsRead) },
      { key: 'Placements added', value: n(s.created) },
      { key: 'Cost lines added', value: n(s.costLines) },
      { key: 'Waiting for approval', value: n(s.awaitingApproval) },
      { key: 'Already held, left as they were', value: n(s.alreadyHeld) },
      { key: 'Children with a placement added', value: n(s.children) },
      { key: `What the placements added cost in ${fyLabel(s.fy)}`, value: penceText(s.thisYearPence) },
    ],
    notes,
    tables: s.byType.length
      ? [
          {
            id: 'added-by-type',
            caption: 'Placements added, by type',
            head: [
              { text: 'Type' },
              { text: 'Added', numeric: true },
              { text: 'Waiting for approval', numeric: true },
            ],
            rows: s.byType.map((t) => [placementTypeLabels[t.type], n(t.created), n(t.awaitingApproval)]),
          },
        ]
      : [],
    next: s.awaitingApproval
      ? { text: 'See the placements waiting for approval', href: '/placements?status=awaiting' }
      : { text: 'Go to placements', href: '/placements' },
  };
}

/** The placements import's pages, from the platform's: /placements/import and each import's own page. */
export async function placementsImportPages(app: FastifyInstance, deps: ModuleDeps) {
  await importPages<PlacementsImportSummary>(app, deps, {
    definition: placementsImport,
    basePath: '/placements/import',
    title: 'Import placements and cost lines',
    intro: [
      'Upload your placements spreadsheet as an Excel workbook or a CSV file, with the columns below; the template has them all. Each row is a placement, or more costs for a placement on an earlier row.',
      'Rows for the same child, setting, placement type and start date are one placement. Its first row gives its dates and attendance; a later row may leave those blank, and adds costs from the date in Costs effective from. A later top-up, fee or transport replaces the one before it from that date. Place funding is added as the placement’s type has it (£10,000 a special school or AP place, £6,000 a unit or post-16 place).',
      'Every row is checked first. If any row has a problem, nothing is imported and you get a list of each row, column and problem to fix. A placement already held just as the file has it is left as it is, so importing a file again adds only what is new. A placement costing more than the approval threshold waits for a finance approver other than you.',
    ],
    file: {
      label: 'Placements spreadsheet (Excel or CSV)',
      hint: 'An Excel workbook (.xlsx) or a CSV file, with a header row of column names.',
    },
    backLinkText: 'Placement imports',
    running: 'Importing placements',
    succeeded: 'Placements imported',
    fileNameFallback: 'Placements file',
    fixAdvice: 'Fix the file and',
    fileStem: 'placements-import',
    templateSheet: 'Placements',
    problemsExportedAction: 'placement.import.problems.exported',
    // The problems name children (a UPN, a name that did not match), so seeing them is recorded.
    problemsViewedAction: 'placement.import.problems.viewed',
    present: presentPlacementsImport,
  });
}
