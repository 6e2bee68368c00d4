import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Permission } from '../auth/roles.ts';
import type { Database } from '../db/connect.ts';
import { type IsoDate, isoDateInLondon } from '../kernel/dates.ts';
import { type CheckedRows, RowChecker, type RowFacts, type RowOutcome } from './check.ts';
import { type ImportColumn, type ImportWording, matchHeader, type UnknownColumns } from './columns.ts';
import { fileRejected, ImportRejected } from './report.ts';
import { openSpreadsheet, type SpreadsheetFormat } from './spreadsheet.ts';

/** Who an import acts for: the person who uploaded it (a job runs with their LA and name). */
export interface ImportActor {
  laCode: string;
  userId: string | null;
  roles: readonly string[];
  ip?: string | null;
  requestId?: string | null;
}

export interface ImportLimits {
  /** The largest upload taken. */
  maxBytes: number;
  /** The most rows after the header. */
  maxRows: number;
  /** The most a workbook's parts may unpack to, so a small zip cannot become gigabytes. */
  maxUnpackedBytes: number;
}

export const defaultLimits: ImportLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxRows: 100_000,
  maxUnpackedBytes: 200 * 1024 * 1024,
};

/** A second file an import may take beside the main one, read by the module itself. */
export interface ImportAttachment {
  /** The form field, and the key it is given to the module by. */
  field: string;
  /** How messages name it: "links file". */
  label: string;
  /** A quick look when it is uploaded, so a wrong file is named on the form: why it will not do, or null. */
  check?(bytes: Uint8Array): string | null;
}

/** What was uploaded for one import. */
export interface ImportUpload {
  file: Uint8Array;
  fileName: string;
  /** The worksheet to read from a workbook; its first when not given. */
  sheet?: string | undefined;
  attachments: Record<string, Uint8Array | null>;
}

export interface ImportRun {
  database: Database;
  actor: ImportActor;
  /** The background job the import runs as; undefined at the command line. */
  jobId?: string | undefined;
  upload: ImportUpload;
  /** The day the import was asked for, in England: today when not given. */
  today?: IsoDate | undefined;
}

/** The rows that passed, and what the reading found on the way: for the module to save. */
export interface CheckedFile<Row> extends CheckedRows<Row> {
  format: SpreadsheetFormat;
  encoding?: 'UTF-8' | 'Windows-1252';
  sheetName?: string;
  /** Things about the file worth saying that did not stop it (columns it left out). */
  fileWarnings: string[];
  /** A column's header as the file has it (as declared, where the file leaves it out), for the module's messages. */
  headerOf(key: string): string;
}

export interface SaveRun<Context> extends ImportRun {
  context: Context;
  /** The day the import was asked for, which what it saves is dated by. */
  today: IsoDate;
  /** For the module's writer to report how far it has got. */
  onSaved(done: number, total: number): Promise<void>;
}

/**
 * An import, as a module declares it: its columns as data, its own checks across a row, and how
 * it saves the rows. The platform reads and checks the file and runs it as a job; the module
 * decides what the rows mean. `Context` is whatever the module needs to know before it reads
 * (what it holds already, a second file), made once by `prepare`.
 */
export interface SpreadsheetImport<Values, Row, Summary, Context> {
  /** The job kind, namespaced by the module that declares it: `<module>.<thing>-import`. */
  kind: string;
  permission: Permission;
  columns: readonly ImportColumn[];
  formats: readonly SpreadsheetFormat[];
  unknownColumns: UnknownColumns;
  /** Columns that together may appear on one row only; without them, no two rows may be the same. */
  keyColumns?: readonly string[];
  limits?: Partial<ImportLimits>;
  wording?: ImportWording;
  /** The main file's form field, and what to say when none is chosen. */
  upload: { field: string; missing: string };
  attachments?: readonly ImportAttachment[];
  /** The audit action recorded when an upload is queued. */
  queuedAction: string;
  /** What the module needs to know before the rows are read; an attachment with problems is refused here. */
  prepare(run: ImportRun): Promise<Context>;
  /** The rows the import is about, from their text; the rest are counted and left unchecked. */
  select?(text: (key: string) => string, context: Context): boolean;
  /** The module's own checks across a row whose cells each read without a problem. */
  check(values: Values, facts: RowFacts, context: Context): RowOutcome<Row>;
  /**
   * Saves every row in one transaction of its own, and says what it did. Checks across rows, and
   * against what is held, belong here too: refused with `rowsRejected`, nothing is written.
   */
  save(checked: CheckedFile<Row>, run: SaveRun<Context>): Promise<Summary>;
  /** One line for people: what the import did. */
  summaryMessage(summary: Summary): string;
}

/** A size as people read one: "150 MB", or "64 KB" under a megabyte. */
export function sizeText(bytes: number): string {
  const n = (x: number) => x.toLocaleString('en-GB');
  return bytes >= 1024 * 1024
    ? `${n(Math.round(bytes / 1024 / 1024))} MB`
    : `${n(Math.ceil(bytes / 1024))} KB`;
}

export const limitsOf = (definition: { limits?: Partial<ImportLimits> | undefined }): ImportLimits => ({
  ...defaultLimits,
  ...definition.limits,
});

export type ImportProgress = (
  stage: 'checking' | 'saving',
  done: number,
  total: number,
) => void | Promise<void>;

const batchSize = 2000;

/**
 * Runs an import all or nothing: every row is read and checked first, a batch at a time with the
 * event loop given back between batches, and any problem means nothing is written and the
 * ImportRejected's report names each row, column and problem. Only then does the module save.
 */
export async function runImport<Values, Row, Summary, Context>(
  definition: SpreadsheetImport<Values, Row, Summary, Context>,
  run: ImportRun,
  onProgress: ImportProgress,
): Promise<Summary> {
  const limits = limitsOf(definition);
  if (run.upload.file.length > limits.maxBytes)
    throw fileRejected(`The file is larger than ${sizeText(limits.maxBytes)}, the most this import takes`);
  const context = await definition.prepare(run);
  const opened = await openSpreadsheet(run.upload.file, {
    formats: definition.formats,
    what: 'The file',
    sheet: run.upload.sheet,
    maxRows: limits.maxRows,
    maxUnpackedBytes: limits.maxUnpackedBytes,
  });
  if (!opened.ok) throw fileRejected(opened.problem);
  const sheet = opened.spreadsheet;
  const header = matchHeader(sheet.header, definition.columns, definition);
  if (!header.ok) throw fileRejected(header.problem);
  const select = definition.select;
  const checker = new RowChecker<Values, Row>(
    {
      columns: definition.columns,
      keyColumns: definition.keyColumns,
      select: select && ((text) => select(text, context)),
      check: (values, facts) => definition.check(values, facts, context),
    },
    { width: sheet.header.width, match: header.match, format: sheet.format },
  );
  let done = 0;
  for await (const batch of sheet.batches(batchSize)) {
    checker.add(batch);
    done += batch.length;
    await onProgress('checking', Math.min(done, sheet.total), sheet.total);
    await nextTurn();
  }
  // A workbook's count of rows can include empty ones, so the reading may end short of it.
  if (done < sheet.total) await onProgress('checking', sheet.total, sheet.total);
  const checked = checker.finish();
  if (checked.rowsRead === 0) throw fileRejected('The file has a header but no rows');
  if (checked.problemCount)
    throw new ImportRejected({
      problems: checked.problems,
      problemCount: checked.problemCount,
      rowsRead: checked.rowsRead,
    });

  await onProgress('saving', 0, checked.rows.length);
  return definition.save(
    {
      ...checked,
      format: sheet.format,
      ...(sheet.encoding ? { encoding: sheet.encoding } : {}),
      ...(sheet.sheetName !== undefined ? { sheetName: sheet.sheetName } : {}),
      fileWarnings: header.match.warnings,
      headerOf: (key) =>
        header.match.headers.get(key) ?? definition.columns.find((c) => c.key === key)?.header ?? key,
    },
    {
      ...run,
      context,
      today: run.today ?? isoDateInLondon(new Date()),
      onSaved: async (d, t) => onProgress('saving', d, t),
    },
  );
}
