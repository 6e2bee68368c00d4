import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnWidth, csvCell, sheetName, withoutFormula, xlsxCell } from './table.ts';

test('text a spreadsheet would run as a formula is kept as text with a leading apostrophe', () => {
  assert.equal(
    withoutFormula('=HYPERLINK("http://evil.example","Click")'),
    '\'=HYPERLINK("http://evil.example","Click")',
  );
  assert.equal(withoutFormula('+44 7700 900982'), "'+44 7700 900982");
  assert.equal(withoutFormula('-2+3'), "'-2+3");
  assert.equal(withoutFormula('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(withoutFormula('\tindented'), "'\tindented");
  assert.equal(withoutFormula('\rreturn'), "'\rreturn");
  assert.equal(withoutFormula('Zoë Brontë'), 'Zoë Brontë');
  assert.equal(withoutFormula('a=b'), 'a=b', 'only the first character matters');
});

test('in CSV, numbers stay numbers (a negative one is not text), and text is guarded', () => {
  assert.equal(csvCell('integer', -3), '-3');
  assert.equal(csvCell('decimal', 1234.5), '1234.5');
  assert.equal(csvCell('percent', 56.3), '56.3');
  assert.equal(csvCell('text', '-3'), "'-3");
  assert.equal(csvCell('text', null), '');
  assert.equal(csvCell('integer', undefined), '');
});

test('in CSV a date is YYYY-MM-DD and a moment is the time in the UK', () => {
  assert.equal(csvCell('date', '2015-03-27'), '2015-03-27');
  assert.equal(csvCell('date', '2015-03-27T00:00:00.000Z'), '2015-03-27');
  // 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
  assert.equal(csvCell('date', new Date('2026-06-30T23:30:00Z')), '2026-07-01');
  assert.equal(csvCell('dateTime', new Date('2026-06-30T23:30:00Z')), '2026-07-01 00:30:00');
  // In winter the UK keeps UTC.
  assert.equal(csvCell('dateTime', '2026-01-15T09:05:07Z'), '2026-01-15 09:05:07');
  assert.equal(csvCell('date', 'not a date'), 'not a date');
});

test('in XLSX a percent is a fraction, a date a real date, and a moment the UK wall clock', () => {
  assert.equal(xlsxCell('percent', 56.3), 0.563);
  assert.deepEqual(xlsxCell('date', '2015-03-27'), new Date(Date.UTC(2015, 2, 27)));
  assert.deepEqual(
    xlsxCell('dateTime', new Date('2026-06-30T23:30:00Z')),
    new Date(Date.UTC(2026, 6, 1, 0, 30)),
  );
  assert.equal(xlsxCell('text', '=1+1'), '=1+1', 'XLSX stores text as text, never as a formula');
  assert.equal(xlsxCell('integer', 7), 7);
  assert.equal(xlsxCell('text', null), null);
});

test('columns are as wide as their heading or their kind needs; sheet names are what Excel accepts', () => {
  assert.equal(columnWidth({ heading: 'UPN', kind: 'text' }), 24);
  assert.equal(columnWidth({ heading: 'Weeks since request received', kind: 'integer' }), 30);
  assert.equal(columnWidth({ heading: 'When', kind: 'dateTime', width: 30 }), 30);
  assert.equal(sheetName('Audit log: 2026/01 [draft]'), 'Audit log  2026 01  draft');
  assert.equal(sheetName('Children and young people with EHC plans'), 'Children and young people with');
});
