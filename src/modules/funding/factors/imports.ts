import type { CheckedFile, RowOutcome, SpreadsheetImport } from '../../../platform/imports/index.ts';
import {
  type BaselineRowValues,
  baselineColumns,
  type FactorRowValues,
  factorColumns,
  factorDataOfRow,
  schoolForUrn,
  type UrnReference,
} from './domain/columns.ts';
import type { SchoolFactorData } from './domain/factors.ts';

/**
 * The factor data file and the file of last year's allocations, as the platform's imports read
 * them: every row checked (URN on the register and in a cluster on the year's first day, a URN
 * once, counts within the roll) before anything is saved, all or nothing. They run while the
 * person waits, as a pot's files are a row a school: a few hundred rows.
 */

export interface ImportedFile {
  rowsRead: number;
  schools: number;
  fileWarnings: string[];
}

export interface FactorRow {
  establishmentId: string;
  data: SchoolFactorData;
}

export interface BaselineRow {
  establishmentId: string;
  pence: number;
}

/** A row a school, so a county's schools fit many times over. */
const limits = { maxBytes: 5 * 1024 * 1024, maxRows: 10_000 };
const n = (x: number) => x.toLocaleString('en-GB');

const common = {
  permission: 'finance:manage',
  formats: ['csv', 'xlsx'],
  // A census extract has columns of its own (the school's name, its phase): they are left, and said so.
  unknownColumns: 'warn',
  keyColumns: ['urn'],
  limits,
} as const;

function schoolOf<Row>(
  urn: number,
  reference: UrnReference,
  row: (establishmentId: string) => RowOutcome<Row>,
): RowOutcome<Row> {
  const school = schoolForUrn(urn, reference);
  return school.ok ? row(school.id) : { problems: [{ column: 'urn', problem: school.problem }] };
}

export function factorImport(
  reference: UrnReference,
  save: (rows: FactorRow[], checked: CheckedFile<FactorRow>) => Promise<ImportedFile>,
): SpreadsheetImport<FactorRowValues, FactorRow, ImportedFile, UrnReference> {
  return {
    ...common,
    kind: 'funding.factor-data-import',
    columns: factorColumns,
    upload: { field: 'file', missing: 'Select a file of factor data (CSV or Excel)' },
    // Never queued (it runs while the person waits): the action its loading is recorded as.
    queuedAction: 'funding.factors.imported',
    prepare: async () => reference,
    check: (values, _facts, ref) =>
      schoolOf<FactorRow>(values.urn, ref, (establishmentId) => {
        const read = factorDataOfRow(values);
        return read.ok ? { value: { establishmentId, data: read.data } } : { problems: read.problems };
      }),
    save: (checked) =>
      save(
        checked.rows.map((r) => r.value),
        checked,
      ),
    summaryMessage: (s) => `Factor data loaded for ${n(s.schools)} ${s.schools === 1 ? 'school' : 'schools'}`,
  };
}

export function baselineImport(
  reference: UrnReference,
  save: (rows: BaselineRow[], checked: CheckedFile<BaselineRow>) => Promise<ImportedFile>,
): SpreadsheetImport<BaselineRowValues, BaselineRow, ImportedFile, UrnReference> {
  return {
    ...common,
    kind: 'funding.baseline-import',
    columns: baselineColumns,
    upload: { field: 'file', missing: 'Select a file of last year’s allocations (CSV or Excel)' },
    // Never queued (it runs while the person waits): the action its loading is recorded as.
    queuedAction: 'funding.baseline.imported',
    prepare: async () => reference,
    check: (values, _facts, ref) =>
      schoolOf<BaselineRow>(values.urn, ref, (establishmentId) => ({
        value: { establishmentId, pence: values.amount },
      })),
    save: (checked) =>
      save(
        checked.rows.map((r) => r.value),
        checked,
      ),
    summaryMessage: (s) =>
      `Last year’s allocations loaded for ${n(s.schools)} ${s.schools === 1 ? 'school' : 'schools'}`,
  };
}
