import ExcelJS from 'exceljs';
import { columnWidth, type ExportTable, sheetName, xlsxCell, xlsxNumberFormats } from './table.ts';

/**
 * Several tables as the sheets of one workbook, for a report read as a whole (a board report):
 * each sheet written as a single table's download is, header bold and frozen, cells typed. Small
 * reports only: the workbook is built in memory, where a table's download streams.
 */

export interface Sheet {
  title: string;
  columns: { heading: string; width: number; numFmt: string | undefined }[];
  rows: ReturnType<typeof xlsxCell>[][];
}

/** A table and its rows as a sheet: the cells worked out now, so sheets of different rows go together. */
export function sheetOf<Row>(table: ExportTable<Row>, rows: readonly Row[]): Sheet {
  return {
    title: sheetName(table.sheetTitle),
    columns: table.columns.map((c) => ({
      heading: c.heading,
      width: columnWidth(c),
      numFmt: xlsxNumberFormats[c.kind],
    })),
    rows: rows.map((row) => table.columns.map((c) => xlsxCell(c.kind, c.value(row)))),
  };
}

export async function workbookOf(sheets: readonly Sheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'OpenSEND';
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.title, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = s.columns.map((c) => ({
      width: c.width,
      ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}),
    }));
    sheet.addRow(s.columns.map((c) => c.heading)).font = { bold: true };
    for (const row of s.rows) sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
