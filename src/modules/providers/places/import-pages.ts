import type { FastifyInstance } from 'fastify';
import { importPages, type OutcomeView } from '../../../platform/imports/index.ts';
import type { ModuleDeps } from '../../../platform/module.ts';
import { type PlacesImportSummary, placesImport } from './imports.ts';

const n = (x: number) => x.toLocaleString('en-GB');

/** What a finished load of places says: what was added, what was already held, and where to look. */
export function presentPlacesImport(s: PlacesImportSummary): OutcomeView {
  const notes: string[] = [];
  if (s.alreadyHeld)
    notes.push(
      `${n(s.alreadyHeld)} ${s.alreadyHeld === 1 ? 'line was' : 'lines were'} already held just as the file has ${s.alreadyHeld === 1 ? 'it' : 'them'}, and left as ${s.alreadyHeld === 1 ? 'it was' : 'they were'}.`,
    );
  if (!s.added) notes.push('Nothing new was added.');
  notes.push(...s.fileWarnings.map((w) => `${w}.`));
  return {
    rows: [
      { key: 'Rows in the file', value: n(s.rowsRead) },
      { key: 'Lines of places added', value: n(s.added) },
      { key: 'Settings with lines added', value: n(s.settings) },
      { key: 'Already held, left as they were', value: n(s.alreadyHeld) },
    ],
    notes,
    next: { text: 'Go to special schools', href: '/schools?special=true' },
  };
}

/** Loading designated places from a spreadsheet: /schools/places-import and each load's own page. */
export async function placesImportPages(app: FastifyInstance, deps: ModuleDeps) {
  await importPages<PlacesImportSummary>(app, deps, {
    definition: placesImport,
    basePath: '/schools/places-import',
    title: 'Load designated places from a file',
    intro: [
      'Upload your record of designated places as an Excel workbook or a CSV file, with the columns below; the template has them all. Each row is a line of places at a special school, SEN unit or resourced provision (SRB): the setting by URN, the type of need, phase and ages, and the places from a date.',
      'A change in places from a date is a new line from that date, with the old line’s last day the day before, so the places on any day are those in force. Lines already held just as the file has them are left, so loading the same file again adds nothing.',
      'Every row is checked first. If any row has a problem (a URN not on your register, ages outside the phase, two lines for the same need and phase in force on the same day), nothing is loaded and you get each row, column and problem to fix.',
    ],
    file: {
      label: 'Designated places (Excel or CSV)',
      hint: 'An Excel workbook (.xlsx) or a CSV file, with a header row of column names.',
    },
    backLinkText: 'Loads of designated places',
    running: 'Loading designated places',
    succeeded: 'Designated places loaded',
    fileNameFallback: 'Designated places file',
    fixAdvice: 'Fix the file and',
    fileStem: 'designated-places',
    templateSheet: 'Designated places',
    problemsExportedAction: 'school.places.import.problems.exported',
    present: presentPlacesImport,
  });
}
