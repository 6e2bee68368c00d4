import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCsv, parseCsvRecords, splitCsvRecords } from './csv.ts';

const latin1 = (s: string) => Buffer.from(s, 'latin1');

test("a Latin-1 file keeps its accented names: St Ædan's, Café", () => {
  const r = decodeCsv(
    latin1('"URN","EstablishmentName"\r\n"900002","St Ædan\'s"\r\n"900003","Café Lane"\r\n'),
  );
  assert.ok(r.ok);
  assert.equal(r.encoding, 'Windows-1252');
  assert.match(r.text, /St Ædan's/);
  assert.match(r.text, /Café Lane/);
});

test('Windows-1252 curly quotes and dashes come through as themselves', () => {
  const r = decodeCsv(
    Uint8Array.from([0x53, 0x74, 0x20, 0x4d, 0x61, 0x72, 0x79, 0x92, 0x73, 0x20, 0x96, 0x20, 0x80]),
  );
  assert.ok(r.ok);
  assert.equal(r.text, 'St Mary’s – €');
});

test('a file re-saved as UTF-8, with or without a byte order mark, is read as UTF-8', () => {
  for (const bytes of [
    Buffer.from('"Café"\n', 'utf8'),
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('"Café"\n')]),
  ]) {
    const r = decodeCsv(bytes);
    assert.ok(r.ok);
    assert.equal(r.encoding, 'UTF-8');
    assert.equal(r.text, '"Café"\n');
  }
});

test('UTF-16, spreadsheets, zips, binary and empty files are refused saying what they are', () => {
  const cases: [Uint8Array, RegExp][] = [
    [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('"URN"', 'utf16le')]), /UTF-16/],
    [Buffer.from('"URN","LA (code)"', 'utf16le'), /UTF-16/],
    [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), /spreadsheet or zip file/],
    [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), /Excel spreadsheet \(\.xls\)/],
    [Buffer.from([0x55, 0x52, 0x4e, 0x00, 0x01, 0x02]), /not a text file/],
    [new Uint8Array(), /empty/],
  ];
  for (const [bytes, message] of cases) {
    const r = decodeCsv(bytes);
    assert.ok(!r.ok);
    assert.match(r.problem, message);
  }
});

test('records split at line ends outside quotes, with row numbers a spreadsheet would show', () => {
  const records = splitCsvRecords('"a","b"\r\n"1","two\r\nlines"\r\n\r\n"3","x"');
  assert.deepEqual(records, [
    { row: 1, text: '"a","b"' },
    { row: 2, text: '"1","two\r\nlines"' },
    { row: 4, text: '"3","x"' },
  ]);
  assert.deepEqual(parseCsvRecords(records), [
    { row: 1, values: ['a', 'b'] },
    { row: 2, values: ['1', 'two\r\nlines'] },
    { row: 4, values: ['3', 'x'] },
  ]);
});

test('a record that is not valid CSV is named by its row; the others still parse', () => {
  const parsed = parseCsvRecords([
    { row: 2, text: '"1","ok"' },
    { row: 3, text: '"2","bad" quote' },
  ]);
  assert.deepEqual(parsed[0], { row: 2, values: ['1', 'ok'] });
  assert.equal(parsed[1]?.row, 3);
  assert.ok(parsed[1] && 'problem' in parsed[1]);
});
