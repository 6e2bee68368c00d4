import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import type { RawCell } from './cells.ts';
import {
  type OpenOptions,
  openSpreadsheet,
  type SheetRow,
  type SourceRow,
  type Spreadsheet,
} from './spreadsheet.ts';

const both: OpenOptions = {
  formats: ['csv', 'xlsx'],
  what: 'The file',
  maxRows: 100_000,
  maxUnpackedBytes: 50 * 1024 * 1024,
};

async function workbook(fill: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function open(bytes: Uint8Array, options: Partial<OpenOptions> = {}): Promise<Spreadsheet> {
  const opened = await openSpreadsheet(bytes, { ...both, ...options });
  assert.ok(opened.ok, opened.ok ? '' : opened.problem);
  return opened.spreadsheet;
}

async function problemOf(bytes: Uint8Array, options: Partial<OpenOptions> = {}): Promise<string> {
  const opened = await openSpreadsheet(bytes, { ...both, ...options });
  assert.ok(!opened.ok, 'the file was opened');
  return opened.problem;
}

const cellsOf = (r: SheetRow) => Array.from({ length: r.width }, (_, i) => r.cell(i));

async function allRows(s: Spreadsheet): Promise<SourceRow[]> {
  const out: SourceRow[] = [];
  for await (const batch of s.batches(500)) out.push(...batch);
  return out;
}

/** A zip written by hand, so a test can make one that lies about itself. */
function zip(entries: { name: string; data: Buffer; deflate?: boolean; claimedSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const packed = e.deflate === false ? e.data : deflateRawSync(e.data);
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(e.deflate === false ? 0 : 8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.claimedSize ?? e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.deflate === false ? 0 : 8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(e.claimedSize ?? e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The parts of a one-sheet workbook, with the sheet's XML (and any shared strings) as given. */
function minimalWorkbook(
  sheetXml: string,
  options: { claimedSheetSize?: number; sharedStrings?: string } = {},
) {
  const ns = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const strings = options.sharedStrings;
  return zip([
    { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
    {
      name: '_rels/.rels',
      data: Buffer.from(
        `<Relationships><Relationship Id="rId1" Type="${ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        `<workbook xmlns:r="${ns}"><sheets><sheet name="Costs" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        `<Relationships><Relationship Id="rId1" Type="${ns}/worksheet" Target="worksheets/costs.xml"/>${strings === undefined ? '' : `<Relationship Id="rId2" Type="${ns}/sharedStrings" Target="/xl/strings.xml"/>`}</Relationships>`,
      ),
    },
    ...(strings === undefined ? [] : [{ name: 'xl/strings.xml', data: Buffer.from(strings) }]),
    {
      name: 'xl/worksheets/costs.xml',
      data: Buffer.from(sheetXml),
      ...(options.claimedSheetSize ? { claimedSize: options.claimedSheetSize } : {}),
    },
  ]);
}

const inlineRow = (r: number, values: string[]) =>
  `<row r="${r}">${values.map((v, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`).join('')}</row>`;
const sheetOf = (rows: string[]) =>
  `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;

test('a workbook is read from its first worksheet: text, numbers, dates, true/false, formulas and errors as they are', async () => {
  const bytes = await workbook((wb) => {
    const ws = wb.addWorksheet('Placements');
    ws.addRow(['UPN', 'Start date', 'Annual cost', 'Funded', 'Total', 'Lookup', 'Name']);
    const row = ws.addRow([
      'A123456789012',
      46_266,
      1350.5,
      true,
      { formula: 'C2*2', result: 2701 },
      { error: '#N/A' },
      { richText: [{ text: 'Zoë ' }, { font: { bold: true }, text: 'Brontë' }] },
    ]);
    // 46,266 shown as a date is 1 September 2026 (worked out in parsers.test.ts).
    row.getCell(2).numFmt = 'dd/mm/yyyy';
    wb.addWorksheet('Notes').addRow(['Not this one']);
  });
  const sheet = await open(bytes);
  assert.equal(sheet.format, 'xlsx');
  assert.equal(sheet.sheetName, 'Placements');
  assert.equal(sheet.header.row, 1);
  assert.deepEqual(cellsOf(sheet.header), [
    'UPN',
    'Start date',
    'Annual cost',
    'Funded',
    'Total',
    'Lookup',
    'Name',
  ]);
  const [first] = await allRows(sheet);
  assert.ok(first && !('problem' in first));
  assert.equal(first.row, 2);
  assert.deepEqual(cellsOf(first), [
    'A123456789012',
    { date: '2026-09-01' },
    1350.5,
    true,
    { formula: 'C2*2' },
    { error: '#N/A' },
    'Zoë Brontë',
  ] satisfies RawCell[]);
});

test('a number cell shown as a percentage reads as the percentage it shows, not the fraction it holds', async () => {
  const bytes = await workbook((wb) => {
    const ws = wb.addWorksheet('Shares');
    ws.addRow(['Health share', 'Weeks']);
    const row = ws.addRow([0.255, 38]);
    row.getCell(1).numFmt = '0.0%';
    ws.addRow([0.5, 52]).getCell(2).numFmt = '0" weeks (100%)"';
  });
  const [first, second] = await allRows(await open(bytes));
  assert.ok(first && !('problem' in first) && second && !('problem' in second));
  assert.deepEqual(cellsOf(first), ['25.5%', 38]);
  assert.deepEqual(cellsOf(second), [0.5, 52], 'a % inside quoted text is not a percentage format');
});

test('a worksheet can be chosen by name, in any case; a name that is not there lists those that are', async () => {
  const bytes = await workbook((wb) => {
    wb.addWorksheet('Summary').addRow(['Total']);
    wb.addWorksheet('Cost lines').addRow(['UPN']);
  });
  assert.equal((await open(bytes, { sheet: 'cost LINES' })).sheetName, 'Cost lines');
  assert.equal(
    await problemOf(bytes, { sheet: 'Costs' }),
    'The file has no worksheet called “Costs”; its worksheets are “Summary”, “Cost lines”',
  );
});

test('a hidden first worksheet is passed over for the first one people can see', async () => {
  const bytes = await workbook((wb) => {
    wb.addWorksheet('Lists', { state: 'hidden' }).addRow(['Education', 'Health']);
    wb.addWorksheet('Costs').addRow(['UPN']);
  });
  assert.equal((await open(bytes)).sheetName, 'Costs');
});

test('rows keep the numbers the spreadsheet shows, past empty rows, from a header lower down', async () => {
  const bytes = await workbook((wb) => {
    const ws = wb.addWorksheet('Costs');
    ws.getCell('A3').value = 'UPN';
    ws.getCell('A4').value = 'first';
    ws.getCell('A7').value = 'fourth';
  });
  const sheet = await open(bytes);
  assert.equal(sheet.header.row, 3);
  const rows = await allRows(sheet);
  assert.deepEqual(
    rows.map((r) => r.row),
    [4, 7],
  );
});

test('20,000 rows of a workbook are read', async () => {
  const bytes = await workbook((wb) => {
    const ws = wb.addWorksheet('Costs');
    ws.addRow(['UPN', 'Start date', 'Annual cost', 'Notes']);
    for (let i = 0; i < 20_000; i++)
      ws.addRow([
        `A${String(i).padStart(12, '0')}`,
        new Date(Date.UTC(2026, 8, 1)),
        1350.5 + i,
        'x'.repeat(40),
      ]);
  });
  const sheet = await open(bytes);
  assert.equal(sheet.total, 20_000);
  let count = 0;
  let last: SourceRow | undefined;
  for await (const batch of sheet.batches(2000)) {
    count += batch.length;
    last = batch.at(-1);
  }
  assert.equal(count, 20_000);
  assert.ok(last && !('problem' in last));
  assert.equal(last.row, 20_001);
  assert.deepEqual(cellsOf(last).slice(0, 3), ['A000000019999', { date: '2026-09-01' }, 21_349.5]);
});

test('a workbook whose parts are not where the usual names put them is still read', async () => {
  const sheet = await open(
    minimalWorkbook(sheetOf([inlineRow(1, ['UPN', 'Notes']), inlineRow(2, ['A1', 'a &amp; b'])])),
  );
  assert.equal(sheet.sheetName, 'Costs');
  const [row] = await allRows(sheet);
  assert.ok(row && !('problem' in row));
  assert.deepEqual(cellsOf(row), ['A1', 'a & b']);
});

test('shared strings are read from wherever the workbook keeps them, and an empty list of them is no problem', async () => {
  const numberRow = (r: number, v: number) => `<row r="${r}"><c r="A${r}"><v>${v}</v></c></row>`;
  const shared = await open(
    minimalWorkbook(sheetOf(['<row r="1"><c r="A1" t="s"><v>1</v></c></row>', numberRow(2, 7)]), {
      sharedStrings: '<sst><si><t>unused</t></si><si><r><t>Annual </t></r><r><t>cost</t></r></si></sst>',
    }),
  );
  assert.deepEqual(cellsOf(shared.header), ['Annual cost']);
  const none = await open(
    minimalWorkbook(sheetOf([inlineRow(1, ['Count']), numberRow(2, 7)]), {
      sharedStrings: '<sst count="0" uniqueCount="0"/>',
    }),
  );
  const [row] = await allRows(none);
  assert.ok(row && !('problem' in row));
  assert.deepEqual(cellsOf(row), [7]);
  assert.match(
    await problemOf(
      minimalWorkbook(sheetOf([inlineRow(1, ['Count'])]), { sharedStrings: '<sst><si><t>cut sh' }),
    ),
    /damaged/,
  );
});

test('a zip that is not a workbook says what it most likely is', async () => {
  assert.equal(
    await problemOf(zip([{ name: 'photo.jpg', data: Buffer.from('not really') }])),
    'The file is a zip file, not an Excel workbook (.xlsx). If it holds the file, unzip it and upload what was inside',
  );
  assert.match(
    await problemOf(
      zip([
        {
          name: 'mimetype',
          data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet'),
          deflate: false,
        },
        { name: 'content.xml', data: Buffer.from('<office:document-content/>') },
      ]),
    ),
    /^The file is an OpenDocument spreadsheet or document \(\.ods or \.odt\)/,
  );
  assert.match(
    await problemOf(
      zip([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: 'word/document.xml', data: Buffer.from('<w/>') },
      ]),
    ),
    /^The file is a Word document/,
  );
});

test('a truncated or corrupted workbook is refused as damaged, never read in part', async () => {
  const bytes = await workbook((wb) => {
    const ws = wb.addWorksheet('Costs');
    ws.addRow(['UPN', 'Notes']);
    for (let i = 0; i < 200; i++) ws.addRow([`A${i}`, `Row number ${i} of the costs sheet`]);
  });
  const damaged =
    /^The file is a damaged or incomplete Excel workbook \(perhaps cut short while downloading\)/;
  assert.match(await problemOf(bytes.subarray(0, Math.floor(bytes.length / 2))), damaged);
  assert.match(await problemOf(bytes.subarray(0, bytes.length - 10)), damaged);
  // Scramble the packed worksheet, just after its name in its local header.
  const flipped = Buffer.from(bytes);
  const sheetAt = flipped.indexOf('xl/worksheets/sheet1.xml') + 40;
  for (let i = sheetAt; i < sheetAt + 60; i++) flipped[i] = (flipped[i] ?? 0) ^ 0xff;
  assert.match(await problemOf(flipped), damaged);
  assert.match(
    await problemOf(minimalWorkbook('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>UPN')),
    /damaged/,
  );
});

test('a part that unpacks to more than it claims, or more than the limit, is stopped there (a zip bomb)', async () => {
  const sheet = sheetOf([
    inlineRow(1, ['UPN']),
    ...Array.from({ length: 5000 }, (_, i) => inlineRow(i + 2, ['A'.repeat(200)])),
  ]);
  assert.ok(sheet.length > 1_000_000);
  // It claims to unpack to 1,000 bytes but unpacks to over a megabyte: it is stopped at 1,001.
  assert.match(await problemOf(minimalWorkbook(sheet, { claimedSheetSize: 1000 })), /damaged/);
  // Honest about its size, but more than this import will unpack: refused before unpacking.
  assert.equal(
    await problemOf(minimalWorkbook(sheet), { maxUnpackedBytes: 1024 * 1024 }),
    'The file unpacks to more than 1 MB, more than can be read at once; split it into smaller files',
  );
  // The whole 4 GB a zip can claim: refused on the claim alone.
  assert.match(
    await problemOf(minimalWorkbook(sheetOf([inlineRow(1, ['UPN'])]), { claimedSheetSize: 0xfffffffe })),
    /unpacks to more than 50 MB/,
  );
});

test('a password-protected workbook and an old .xls are named for what they are', async () => {
  // Office saves a workbook with a password as a compound file holding an "EncryptedPackage" stream.
  const compound = Buffer.alloc(2048);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(compound);
  const encrypted = Buffer.from(compound);
  Buffer.from('EncryptedPackage', 'utf16le').copy(encrypted, 1024);
  assert.match(await problemOf(encrypted), /^The file is protected with a password, so it cannot be read/);
  assert.match(await problemOf(encrypted, { formats: ['csv'] }), /protected with a password/);
  assert.equal(
    await problemOf(compound),
    'The file is an Excel 97-2003 workbook (.xls), which cannot be read. Save it as "Excel Workbook (.xlsx)" or "CSV (comma delimited)"',
  );
});

test('a file that is neither CSV nor a workbook, or is empty, or holds only a header, is refused', async () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
  assert.equal(await problemOf(png), 'The file is neither a CSV file nor an Excel workbook (.xlsx)');
  assert.equal(await problemOf(Buffer.from('%PDF-1.7\n')), 'The file is a PDF, not a CSV file');
  assert.equal(await problemOf(Buffer.alloc(0)), 'The file is empty');
  assert.equal(await problemOf(Buffer.from('\r\n\r\n')), 'The file is empty');
  assert.equal(
    await problemOf(Buffer.from('UPN,Name\r\n'), { formats: ['xlsx'] }),
    'The file is not an Excel workbook (.xlsx). Save it from Excel as "Excel Workbook (.xlsx)"',
  );
  const emptySheet = await workbook((wb) => wb.addWorksheet('Costs'));
  assert.equal(await problemOf(emptySheet), 'The file has nothing in its worksheet “Costs”');
  const headerOnly = await open(Buffer.from('UPN,Name\r\n'));
  assert.equal(headerOnly.total, 0);
});

test('more rows than the limit are refused before any is checked, from a CSV or a workbook', async () => {
  const csv = Buffer.from(`UPN\r\n${Array.from({ length: 11 }, (_, i) => `A${i}`).join('\r\n')}\r\n`);
  assert.equal(
    await problemOf(csv, { maxRows: 10 }),
    'The file has 11 rows, more than the 10 an import can take; split it into smaller files',
  );
  const bytes = await workbook((wb) => {
    const ws = wb.addWorksheet('Costs');
    ws.addRow(['UPN']);
    for (let i = 0; i < 11; i++) ws.addRow([`A${i}`]);
  });
  assert.equal(
    await problemOf(bytes, { maxRows: 10 }),
    'The file has 11 rows, more than the 10 an import can take; split it into smaller files',
  );
});

test('a CSV is read in UTF-8 or Windows-1252, with rows numbered as a spreadsheet numbers them', async () => {
  const sheet = await open(Buffer.from('"UPN","Name"\r\n"A1","Café"\r\n\r\n"A2","bad" quote\r\n', 'latin1'));
  assert.equal(sheet.format, 'csv');
  assert.equal(sheet.encoding, 'Windows-1252');
  const rows = await allRows(sheet);
  assert.deepEqual(
    rows.map((r) => ('problem' in r ? [r.row, 'problem'] : [r.row, ...cellsOf(r)])),
    [
      [2, 'A1', 'Café'],
      [4, 'problem'],
    ],
  );
});

test('whatever a workbook’s bytes are changed to, it is read or refused, and reading never throws', async () => {
  const bytes = await workbook((wb) => {
    const ws = wb.addWorksheet('Costs');
    ws.addRow(['UPN', 'Start date', 'Annual cost']);
    for (let i = 0; i < 30; i++) ws.addRow([`A${i}`, new Date(Date.UTC(2026, 8, 1 + i)), 100 + i]);
  });
  const damage = fc.oneof(
    fc.array(fc.record({ at: fc.nat({ max: bytes.length - 1 }), value: fc.nat({ max: 255 }) }), {
      minLength: 1,
      maxLength: 8,
    }),
    fc.nat({ max: bytes.length - 1 }).map((length) => ({ length })),
  );
  await fc.assert(
    fc.asyncProperty(damage, async (d) => {
      const changed = Buffer.from(bytes);
      if (Array.isArray(d)) for (const { at, value } of d) changed[at] = value;
      const file = Array.isArray(d) ? changed : changed.subarray(0, d.length);
      const opened = await openSpreadsheet(file, both);
      if (!opened.ok) return assert.equal(typeof opened.problem, 'string');
      for await (const batch of opened.spreadsheet.batches(10))
        for (const r of batch) if (!('problem' in r)) for (let i = 0; i < r.width; i++) r.cell(i);
    }),
    { seed: 20_260_901, numRuns: 150 },
  );
});
