import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGiasReader, giasHeaderProblem } from './gias-reader.ts';
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

test('a header missing GIAS columns names them; a file with none is not a GIAS file', () => {
  assert.equal(giasHeaderProblem(header), null);
  assert.equal(
    giasHeaderProblem(header.filter((h) => h !== 'Postcode' && h !== 'SEN13 (name)')),
    'The file is missing these GIAS columns: Postcode, SEN13 (name)',
  );
  assert.equal(
    giasHeaderProblem(header.filter((h) => h !== 'Easting')),
    'The file is missing this GIAS column: Easting',
  );
  assert.match(giasHeaderProblem(['Name', 'Address']) ?? '', /none of the GIAS column names/);
});

test("only the LA's rows, and rows for URNs it holds, are read; other LAs' faults do not stop it", () => {
  const reader = createGiasReader(header, '926', new Set([900011]));
  reader.add([
    { row: 2, values: values({}) },
    { row: 3, values: values({ URN: 'nonsense', 'LA (code)': '935' }) },
    { row: 4, values: values({ URN: '900011', 'LA (code)': '873' }) },
  ]);
  const r = reader.result();
  assert.deepEqual(
    r.rows.map((x) => x.fields.urn),
    [900001, 900011],
  );
  assert.equal(r.otherLaRows, 1);
  assert.equal(r.problemCount, 0);
});

test('a URN twice, a row of the wrong length and an unreadable row are each reported', () => {
  const reader = createGiasReader(header, '926', new Set());
  reader.add([
    { row: 2, values: values({}) },
    { row: 3, values: values({}) },
    { row: 4, values: values({ URN: '900002' }).slice(0, 10).concat(['926']) },
    { row: 5, problem: 'could not be read as CSV' },
  ]);
  const r = reader.result();
  assert.deepEqual(r.problems, [
    { row: 3, column: 'URN', problem: '900001 is also on row 2' },
    { row: 4, column: '(whole row)', problem: `has 11 values but the header has ${header.length} columns` },
    { row: 5, column: '(whole row)', problem: 'could not be read as CSV' },
  ]);
});
