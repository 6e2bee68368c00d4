export {
  downloadLinks,
  type Export,
  type ExportAudit,
  exportFormatField,
  type Page,
  type PageSource,
  requestedFormat,
  sendExport,
} from './send.ts';
export {
  type CellValue,
  type ColumnKind,
  type ExportColumn,
  type ExportFormat,
  type ExportTable,
  exportFormats,
  poundsColumn,
} from './table.ts';
export { type Sheet, sheetOf, workbookOf } from './workbook.ts';
