import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { RowChecker, type RowProblem } from './check.ts';
import { column, matchHeader, type UnknownColumns, type ValuesOf } from './columns.ts';
import { choice, date, money, text } from './parsers.ts';
import { openSpreadsheet } from './spreadsheet.ts';
import { importTemplate } from './template.ts';

/** A finance team's cost lines, as a module might declare them. */
const columns = [
  column({
    key: 'upn',
    header: 'UPN',
    aliases: ['Child UPN'],
    required: true,
    ...text({ max: 13, example: 'A123456789012' }),
  }),
  column({ key: 'startDate', header: 'Start date', required: true, ...date() }),
  column({ key: 'annualCost', header: 'Annual cost', required: true, ...money() }),
  column({
    key: 'funder',
    header: 'Funder',
    required: true,
    ...choice([
      { value: 'education', label: 'Education' },
      { value: 'health', label: 'Health' },
    ]),
  }),
  column({ key: 'notes', header: 'Notes', required: false, ...text({ optional: true, max: 500 }) }),
] as const;
type CostLine = ValuesOf<typeof columns>;

/** Reads a whole file through the import's columns, as an import does, and returns what was found. */
async function check(
  file: string | Buffer,
  options: {
    unknownColumns?: UnknownColumns;
    keyColumns?: string[];
    select?: (text: (key: string) => string) => boolean;
  } = {},
) {
  const opened = await openSpreadsheet(typeof file === 'string' ? Buffer.from(file) : file, {
    formats: ['csv', 'xlsx'],
    what: 'The file',
    maxRows: 100_000,
    maxUnpackedBytes: 50 * 1024 * 1024,
  });
  if (!opened.ok) return { fileProblem: opened.problem };
  const sheet = opened.spreadsheet;
  const header = matchHeader(sheet.header, columns, { unknownColumns: options.unknownColumns ?? 'warn' });
  if (!header.ok) return { fileProblem: header.problem };
  const checker = new RowChecker<CostLine, CostLine>(
    {
      columns,
      keyColumns: options.keyColumns ?? ['upn', 'startDate'],
      select: options.select,
      check: (values) =>
        values.funder === 'health' && values.annualCost > 5_000_000
          ? {
              problems: [
                { column: 'annualCost', problem: 'is more than health funds a placement; check it' },
              ],
            }
          : { value: values },
    },
    { width: sheet.header.width, match: header.match, format: sheet.format },
  );
  for await (const batch of sheet.batches(3)) checker.add(batch);
  return { ...checker.finish(), warnings: header.match.warnings };
}

const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
const head = 'UPN,Start date,Annual cost,Funder,Notes';

test('rows become values by key, read by each column, with the first data row as row 2', async () => {
  const r = await check(
    csv(head, 'A123456789012,01/09/2026,"£1,350.50",Education,', 'B123456789012,02/09/2026,4044,health,Taxi'),
  );
  assert.ok('rows' in r);
  assert.deepEqual(r.rows, [
    {
      row: 2,
      value: {
        upn: 'A123456789012',
        startDate: '2026-09-01',
        annualCost: 135_050,
        funder: 'education',
        notes: null,
      },
    },
    {
      row: 3,
      value: {
        upn: 'B123456789012',
        startDate: '2026-09-02',
        annualCost: 404_400,
        funder: 'health',
        notes: 'Taxi',
      },
    },
  ]);
  assert.equal(r.rowsRead, 2);
});

test('each problem names the row as the spreadsheet shows it, the column as the file heads it, and the fix', async () => {
  const r = await check(
    csv(
      'Child UPN,Start date,Annual cost,Funder',
      'A1,01/09/2026,100,Education',
      '',
      'A2,31/02/2026,100,Education',
      'A3,01/09/2026,1350.505,Social care',
      'A4,01/09/2026,"60,000",Health',
    ),
  );
  assert.ok('problems' in r);
  assert.deepEqual(r.problems, [
    { row: 4, column: 'Start date', problem: '31/02/2026 is not a real date; use a date like 01/09/2026' },
    {
      row: 5,
      column: 'Annual cost',
      problem: '“1350.505” has more than 2 decimal places; write pounds and pence, like 1350.50 or £1,350.50',
    },
    { row: 5, column: 'Funder', problem: '“Social care” is not one of: Education, Health' },
    { row: 6, column: 'Annual cost', problem: 'is more than health funds a placement; check it' },
  ] satisfies RowProblem[]);
  assert.equal(r.problemCount, 4);
});

test('a header is matched whatever its case and spacing, or by another name people use for a column', () => {
  const row = (names: string[]) => ({ row: 1, width: names.length, cell: (i: number) => names[i] ?? null });
  const m = matchHeader(row(['  child   upn ', 'START DATE', 'AnnualCost', 'funder']), columns, {
    unknownColumns: 'refuse',
  });
  assert.ok(m.ok);
  assert.deepEqual(
    [...m.match.positions],
    [
      ['upn', 0],
      ['startDate', 1],
      ['annualCost', 2],
      ['funder', 3],
    ],
  );
  assert.equal(m.match.headers.get('upn'), 'child   upn');
});

test('a missing, repeated or unknown column is a problem with the file that names the columns', async () => {
  assert.deepEqual(await check(csv('UPN,Start date,Funder', 'A1,01/09/2026,Health')), {
    fileProblem:
      'The file is missing this column: Annual cost. The columns it must have are UPN, Start date, Annual cost, Funder; the template has them all',
  });
  assert.deepEqual(await check(csv('UPN,Funder', 'A1,Health')), {
    fileProblem:
      'The file is missing these columns: Start date, Annual cost. The columns it must have are UPN, Start date, Annual cost, Funder; the template has them all',
  });
  assert.deepEqual(await check(csv('Name,Address', 'A,B')), {
    fileProblem:
      "The file's first line has none of the column names (such as UPN, Start date, Annual cost), so it is not a file this import takes: download the template to see the columns it needs",
  });
  assert.deepEqual(await check(csv(`${head},Start Date`, 'A1,01/09/2026,1,Health,,01/09/2026')), {
    fileProblem: 'The file has the column Start date twice, in columns B and F; keep one of them',
  });
  assert.deepEqual(await check(csv(`${head},Child UPN`, 'A1,01/09/2026,1,Health,,A1')), {
    fileProblem:
      'The file has UPN (column A) and Child UPN (column F), which are the same column; keep one of them',
  });
  assert.deepEqual(
    await check(csv(`${head},Cost centre,Ward`, 'A1,01/09/2026,1,Health,,X,Y'), { unknownColumns: 'refuse' }),
    {
      fileProblem:
        'The file has columns this import does not read: Cost centre, Ward. Remove them, or check their spelling against the template',
    },
  );
  const warned = await check(csv(`${head},Cost centre`, 'A1,01/09/2026,1,Health,,X'), {
    unknownColumns: 'warn',
  });
  assert.ok('warnings' in warned);
  assert.deepEqual(warned.warnings, [
    'The file has a column this import does not read: Cost centre; it was left out',
  ]);
  const ignored = await check(csv(`${head},Cost centre`, 'A1,01/09/2026,1,Health,,X'), {
    unknownColumns: 'ignore',
  });
  assert.ok('warnings' in ignored);
  assert.deepEqual(ignored.warnings, []);
});

test('dates written more than one way in a column are a problem naming the column and two rows', async () => {
  const r = await check(
    csv(
      head,
      'A1,01/09/2026,1,Health,',
      'A2,13/09/2026,1,Health,',
      'A3,2026-09-01,1,Health,',
      'A4,1 September 2026,1,Health,',
    ),
  );
  assert.ok('problems' in r);
  assert.deepEqual(r.problems, [
    {
      row: 4,
      column: 'Start date',
      problem:
        'dates are written in more than one way (01/09/2026 on row 2, 2026-09-01 on row 4); write every date the same way, like 01/09/2026',
    },
  ]);
});

test('dates day first on some rows and month first on others are named as such', async () => {
  const r = await check(csv(head, 'A1,13/01/2026,1,Health,', 'A2,01/13/2026,1,Health,'));
  assert.ok('problems' in r);
  assert.deepEqual(
    r.problems.map((p) => [p.row, p.column, p.problem.slice(0, 60)]),
    [
      [3, 'Start date', '01/13/2026 is not a real date: dates are read day first, and'],
      [3, 'Start date', 'some dates are day first (13/01/2026 on row 2) and some mont'],
    ],
  );
});

test('a row that repeats another on the key columns, or wholly, names both rows', async () => {
  const keyed = await check(
    csv(head, 'A1,01/09/2026,1,Health,', 'A2,01/09/2026,1,Health,', 'A1,2026-09-01,5,Education,'),
  );
  assert.ok('problems' in keyed);
  assert.deepEqual(
    keyed.problems.filter((p) => p.column !== 'Start date'),
    [{ row: 4, column: 'UPN and Start date', problem: 'A1 and 2026-09-01 are also on row 2' }],
    'the same child and date however the date is written',
  );
  const whole = await check(
    csv(head, 'A1,01/09/2026,1,Health,x', 'A2,01/09/2026,1,Health,x', ' A1 ,01/09/2026,1,Health,x'),
    {
      keyColumns: [],
    },
  );
  assert.ok('problems' in whole);
  assert.deepEqual(whole.problems, [
    { row: 4, column: '(whole row)', problem: 'is the same as row 2; remove one of them' },
  ]);
});

test('a CSV cell a spreadsheet would run as a formula is refused, naming the row and column; numbers are not', async () => {
  const r = await check(
    csv(
      head,
      'A1,01/09/2026,1,Health,"=HYPERLINK(""http://example.com"",""Click"")"',
      'A2,01/09/2026,1,Health,+44 1603 222222',
      'A3,01/09/2026,1,Health,-2+3',
      'A4,01/09/2026,1,Health,@SUM(A1:A3)',
      'A5,01/09/2026,-0,Health,-12.50',
      'A6,01/09/2026,1,Health,-',
    ),
  );
  assert.ok('problems' in r);
  assert.deepEqual(r.problems, [
    {
      row: 2,
      column: 'Notes',
      problem:
        '“=HYPERLINK("http://example.com","Click")” would be run as a formula by a spreadsheet, because it starts with =; take the = away, or write it another way',
    },
    {
      row: 4,
      column: 'Notes',
      problem:
        '“-2+3” would be run as a formula by a spreadsheet, because it starts with -; take the - away, or write it another way',
    },
    {
      row: 5,
      column: 'Notes',
      problem:
        '“@SUM(A1:A3)” would be run as a formula by a spreadsheet, because it starts with @; take the @ away, or write it another way',
    },
  ]);
});

test('a workbook cell with a formula, or an Excel error, is refused naming its row and column', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Costs');
  ws.addRow(['UPN', 'Start date', 'Annual cost', 'Funder']);
  ws.addRow(['A1', '01/09/2026', { formula: 'B7*12', result: 1200 }, 'Health']);
  ws.addRow(['A2', { error: '#REF!' }, 100, 'Health']);
  const r = await check(Buffer.from(await wb.xlsx.writeBuffer()));
  assert.ok('problems' in r);
  assert.deepEqual(r.problems, [
    {
      row: 2,
      column: 'Annual cost',
      problem:
        'has a formula (“=B7*12”) in cell C2; put its value in instead (copy the cells, then Paste Special, Values)',
    },
    {
      row: 3,
      column: 'Start date',
      problem: 'has the Excel error #REF! in cell B3; put the value it should have in instead',
    },
  ]);
});

test('a workbook date cell, a number of pounds and text all read as their column needs', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Costs');
  ws.addRow(['UPN', 'Start date', 'Annual cost', 'Funder']);
  ws.addRow([123456, 46_266, 1350.5, 'education']).getCell(2).numFmt = 'd mmmm yyyy';
  const r = await check(Buffer.from(await wb.xlsx.writeBuffer()));
  assert.ok('rows' in r);
  assert.deepEqual(r.rows[0]?.value, {
    upn: '123456',
    startDate: '2026-09-01',
    annualCost: 135_050,
    funder: 'education',
    notes: null,
  });
});

test('past 500 problems only the count goes on; rows the import is not about are not checked', async () => {
  const bad = Array.from({ length: 600 }, (_, i) => `A${i},not a date,1,Health,`);
  const r = await check(csv(head, ...bad));
  assert.ok('problems' in r);
  assert.equal(r.problems.length, 500);
  assert.equal(r.problemCount, 600);
  assert.equal(r.problems.at(-1)?.row, 501);
  const selected = await check(csv(head, 'A1,01/09/2026,1,Health,', 'Z9,nonsense,x,y,'), {
    select: (t) => !t('upn').startsWith('Z'),
  });
  assert.ok('problems' in selected);
  assert.deepEqual(
    [selected.problemCount, selected.skipped, selected.rows.length, selected.rowsRead],
    [0, 1, 1, 2],
  );
});

test('the templates have the columns and an example row the import reads without a problem', async () => {
  for (const format of ['csv', 'xlsx'] as const) {
    const r = await check(await importTemplate(format, columns, 'Cost lines'));
    assert.ok('rows' in r, JSON.stringify(r));
    assert.equal(r.problemCount, 0, `${format}: ${JSON.stringify(r.problems)}`);
    assert.deepEqual(r.rows[0]?.value, {
      upn: 'A123456789012',
      startDate: '2026-09-01',
      annualCost: 135_050,
      funder: 'education',
      notes: 'Some text',
    });
  }
});

test('a workbook template lists what goes in each column on a sheet after the one the import reads', async () => {
  const described = columns.map((c) =>
    c.key === 'annualCost' ? { ...c, description: 'What the line costs a year, in pounds.' } : c,
  );
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(await importTemplate('xlsx', described, 'Cost lines')).buffer);
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    ['Cost lines', 'Columns'],
  );
  const guide = wb.getWorksheet('Columns');
  const row = (n: number) => [1, 2, 3].map((c) => guide?.getRow(n).getCell(c).value);
  assert.deepEqual(row(1), ['Column', 'In every file', 'What to put in it']);
  assert.deepEqual(row(4), ['Annual cost', 'Yes', 'What the line costs a year, in pounds.']);
  assert.deepEqual(row(6), ['Notes', 'No', '']);
  const plain = new ExcelJS.Workbook();
  await plain.xlsx.load(new Uint8Array(await importTemplate('xlsx', columns, 'Cost lines')).buffer);
  assert.equal(plain.worksheets.length, 1, 'nothing to list where no column is described');
});
