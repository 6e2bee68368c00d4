/**
 * Importing a spreadsheet, for any module: CSV or Excel files read and checked against columns a
 * module declares as data, all or nothing, as a background job with pages to upload, follow and
 * read the outcome. The module says what its columns are, what a row means and how to save it.
 */
export {
  type Cell,
  cellText,
  type DateCell,
  excelSerialToIsoDate,
  isBlank,
  isDateCell,
  ukDate,
} from './cells.ts';
export {
  type CheckedRows,
  maxReportedProblems,
  type RowFacts,
  type RowOutcome,
  type RowProblem,
  wholeRow,
} from './check.ts';
export {
  column,
  columnLetter,
  type ImportColumn,
  type ImportWording,
  type UnknownColumns,
  type ValuesOf,
} from './columns.ts';
export { decodeCsv, parseCsvRecords, splitCsvRecords } from './csv.ts';
export {
  type AnyImport,
  getImportJob,
  importJob,
  queueImport,
  recentImports,
  uploadProblems,
} from './jobs.ts';
export { type ImportPagesConfig, importPages, type OutcomeTable, type OutcomeView } from './pages.ts';
export {
  type Choice,
  type ColumnParser,
  choice,
  type DecimalOptions,
  date,
  decimal,
  type Example,
  integer,
  money,
  type Parsed,
  quoted,
  text,
  yesNo,
} from './parsers.ts';
export { fileRejected, ImportRejected, type ImportReport, rowsRejected } from './report.ts';
export {
  type CheckedFile,
  defaultLimits,
  type ImportActor,
  type ImportAttachment,
  type ImportLimits,
  type ImportProgress,
  type ImportRun,
  type ImportUpload,
  runImport,
  type SaveRun,
  type SpreadsheetImport,
  sizeText,
} from './runner.ts';
export { type SpreadsheetFormat, spreadsheetFormats } from './spreadsheet.ts';
export { importTemplate } from './template.ts';
