import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { isDateCell } from './cells.ts';
import type { ImportColumn } from './columns.ts';
import type { SpreadsheetFormat } from './spreadsheet.ts';

export const templateTypes: Record<SpreadsheetFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A file to fill in: the header row and one example row, made from the column declarations
 * themselves, so the template always has the columns the import reads and an example it accepts;
 * a workbook also lists what goes in each column, where the declarations say.
 * The CSV is UTF-8 with a byte order mark, so Excel opens accented names as they are.
 */
export async function importTemplate(
  format: SpreadsheetFormat,
  columns: readonly ImportColumn[],
  sheetTitle: string,
): Promise<Buffer> {
  if (format === 'csv')
    return Buffer.from(
      stringify([columns.map((c) => c.header), columns.map((c) => c.example.csv)], {
        bom: true,
        record_delimiter: 'windows',
      }),
    );
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'OpenSEND';
  const sheet = workbook.addWorksheet(
    sheetTitle
      .replace(/[:\\/?*[\]]/g, ' ')
      .slice(0, 31)
      .trim() || 'Sheet1',
    {
      views: [{ state: 'frozen', ySplit: 1 }],
    },
  );
  sheet.columns = columns.map((c) => ({
    width: Math.min(60, Math.max(12, c.header.length + 2, c.example.csv.length + 2)),
    ...(c.example.numFmt ? { style: { numFmt: c.example.numFmt } } : {}),
  }));
  sheet.addRow(columns.map((c) => c.header)).font = { bold: true };
  sheet.addRow(
    columns.map((c) => {
      const cell = c.example.xlsx;
      return isDateCell(cell) ? new Date(`${cell.date}T00:00:00Z`) : cell;
    }),
  );
  // Where the columns are described, the workbook says so on a sheet of its own after the one
  // the import reads, so a person filling it in need not go back to the page.
  if (columns.some((c) => c.description)) {
    const guide = workbook.addWorksheet('Columns', { views: [{ state: 'frozen', ySplit: 1 }] });
    guide.columns = [{ width: 28 }, { width: 14 }, { width: 90, style: { alignment: { wrapText: true } } }];
    guide.addRow(['Column', 'In every file', 'What to put in it']).font = { bold: true };
    for (const c of columns) guide.addRow([c.header, c.required ? 'Yes' : 'No', c.description ?? '']);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
