import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { sheetOf, workbookOf } from './workbook.ts';

test('tables of different rows become the sheets of one workbook, cells typed and text never a formula', async () => {
  const buffer = await workbookOf([
    sheetOf(
      {
        fileStem: 'a',
        sheetTitle: 'Projects',
        columns: [{ heading: 'Project', kind: 'text', value: (r: { name: string }) => r.name }],
      },
      [{ name: '=HYPERLINK("x")' }],
    ),
    sheetOf(
      {
        fileStem: 'b',
        sheetTitle: 'Costs',
        columns: [{ heading: 'Pence', kind: 'integer', value: (r: number) => r }],
      },
      [42],
    ),
  ]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(new Uint8Array(buffer).buffer);
  assert.deepEqual(
    book.worksheets.map((s) => s.name),
    ['Projects', 'Costs'],
  );
  // Written as text, not as a formula: the cell holds the characters, which nothing runs.
  assert.equal(book.getWorksheet('Projects')?.getCell('A2').value, '=HYPERLINK("x")');
  assert.equal(book.getWorksheet('Projects')?.getCell('A2').formula, undefined);
  assert.equal(book.getWorksheet('Costs')?.getCell('A2').value, 42);
  assert.equal(book.getWorksheet('Costs')?.getCell('A1').font?.bold, true);
});
