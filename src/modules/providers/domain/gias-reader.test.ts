import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RowChecker } from '../../../platform/imports/check.ts';
import { matchHeader } from '../../../platform/imports/columns.ts';
import { parseCsvRecords, splitCsvRecords } from '../../../platform/imports/csv.ts';
import { importTemplate } from '../../../platform/imports/template.ts';
import { checkGiasRow, concernsLa, type GiasValues, giasImportColumns } from './gias-reader.ts';
import type { GiasEstablishment } from './gias-row.ts';
import { requiredGiasColumns } from './gias-row.ts';

const header = [...requiredGiasColumns];
function values(over: Record<string, string>): string[] {
  const base: Record<string, string> = {
    URN: '900001',
    'LA (code)': '926',
    EstablishmentName: 'Acle Fen Primary School',
    'TypeOfEstablishment (code)': '1',
    'EstablishmentStatus (name)': 'Open',
    'TypeOfResourcedProvision (name)': 'Not applicable',
    ...over,
  };
  return header.map((h) => base[h] ?? '');
}
const sheetRow = (row: number, cells: readonly string[]) => ({
  row,
  width: cells.length,
  cell: (i: number) => cells[i] ?? null,
});
const headerProblem = (names: readonly string[]) => {
  const r = matchHeader(sheetRow(1, names), giasImportColumns, {
    unknownColumns: 'ignore',
    wording: { column: 'GIAS column', file: 'a GIAS establishment file' },
  });
  return r.ok ? null : r.problem;
};

function reader(laCode: string, urns: ReadonlySet<number>) {
  const match = matchHeader(sheetRow(1, header), giasImportColumns, { unknownColumns: 'ignore' });
  assert.ok(match.ok);
  return new RowChecker<GiasValues, GiasEstablishment>(
    {
      columns: giasImportColumns,
      keyColumns: ['URN'],
      select: (text) => concernsLa(text, laCode, urns),
      check: checkGiasRow,
    },
    { width: header.length, match: match.match, format: 'csv' },
  );
}

test('a header missing GIAS columns names them; a file with none is not a GIAS file', () => {
  assert.equal(headerProblem(header), null);
  assert.match(
    headerProblem(header.filter((h) => h !== 'Postcode' && h !== 'SEN13 (name)')) ?? '',
    /^The file is missing these GIAS columns: Postcode, SEN13 \(name\)\. The GIAS columns it must have are URN, LA \(code\), EstablishmentName, .*, SEN13 \(name\); the template has them all$/,
  );
  assert.match(
    headerProblem(header.filter((h) => h !== 'Easting')) ?? '',
    /^The file is missing this GIAS column: Easting\. The GIAS columns it must have are URN, /,
  );
  assert.match(headerProblem(['Name', 'Address']) ?? '', /none of the GIAS column names/);
  assert.match(headerProblem(['Name', 'Address']) ?? '', /so it is not a GIAS establishment file$/);
});

test("only the LA's rows, and rows for URNs it holds, are read; other LAs' faults do not stop it", () => {
  const r = reader('926', new Set([900011]));
  r.add([
    sheetRow(2, values({})),
    sheetRow(3, values({ URN: 'nonsense', 'LA (code)': '935' })),
    sheetRow(4, values({ URN: '900011', 'LA (code)': '873' })),
  ]);
  const result = r.finish();
  assert.deepEqual(
    result.rows.map((x) => x.value.fields.urn),
    [900001, 900011],
  );
  assert.equal(result.skipped, 1);
  assert.equal(result.problemCount, 0);
});

test('a URN twice, a row of the wrong length and an unreadable row are each reported', () => {
  const r = reader('926', new Set());
  r.add([
    sheetRow(2, values({})),
    sheetRow(3, values({})),
    sheetRow(4, values({ URN: '900002' }).slice(0, 10).concat(['926'])),
    { row: 5, problem: 'could not be read as CSV' },
  ]);
  assert.deepEqual(r.finish().problems, [
    { row: 3, column: 'URN', problem: '900001 is also on row 2' },
    { row: 4, column: '(whole row)', problem: `has 11 values but the header has ${header.length} columns` },
    { row: 5, column: '(whole row)', problem: 'could not be read as CSV' },
  ]);
});

test("the template's example row is a school the import accepts", async () => {
  const csv = (await importTemplate('csv', giasImportColumns, 'GIAS'))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const [head, example] = parseCsvRecords(splitCsvRecords(csv));
  assert.ok(head && 'values' in head && example && 'values' in example);
  const names = head.values;
  const cells = example.values;
  const row = Object.fromEntries(names.map((name, i) => [name, cells[i] ?? '']));
  const outcome = checkGiasRow(row, { row: 2, has: (key) => names.includes(key) });
  assert.ok('value' in outcome, JSON.stringify(outcome));
  assert.equal(outcome.value.fields.name, 'Acle Fen Primary School');
});
