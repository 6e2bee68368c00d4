import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { excelSerialToIsoDate, type RawCell, serialOfExcelJsDate } from './cells.ts';
import { readZipDirectory, storedZip, unpackEntry, type ZipEntry } from './zip.ts';

export interface XlsxRow {
  /** The row number the spreadsheet shows. */
  row: number;
  /** How many columns, to the last cell with anything in it. */
  width: number;
  /** A cell by its column, from 0 for column A. */
  cell(index: number): RawCell;
}

export interface OpenedWorkbook {
  sheetName: string;
  /** Rows the sheet holds, blank ones included: enough to say how far through it a reading is. */
  rowCount: number;
  rows(): AsyncIterable<XlsxRow>;
}

export type XlsxOpening = { ok: true; workbook: OpenedWorkbook } | { ok: false; problem: string };

const relationshipTypes = {
  officeDocument: '/officeDocument',
  worksheet: '/worksheet',
  sharedStrings: '/sharedStrings',
  styles: '/styles',
};

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return entities[e] ?? whole;
  });
}

/** The attributes of each element with this local name, prefix or not, in document order. */
function elements(xml: string, localName: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?${localName}\\b([^>]*)>`, 'g'))) {
    const attributes: Record<string, string> = {};
    for (const a of (m[1] ?? '').matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
      attributes[a[1] ?? ''] = decodeXml(a[2] ?? a[3] ?? '');
    out.push(attributes);
  }
  return out;
}

/** A relationship's target as a path in the zip, from the folder of the part that names it. */
function resolveTarget(from: string, target: string): string {
  const parts = target.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const segment of target.replace(/^\//, '').split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

function relationships(xml: string, from: string) {
  return elements(xml, 'Relationship')
    .filter((r) => r.TargetMode !== 'External' && r.Target)
    .map((r) => ({ id: r.Id ?? '', type: r.Type ?? '', target: resolveTarget(from, r.Target ?? '') }));
}

const relsOf = (part: string) => {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
};

/** Counts row elements (<row …>, never <rowBreaks>) without turning the sheet into a string. */
function countRows(sheet: Buffer): number {
  const needle = Buffer.from('<row');
  let count = 0;
  for (let at = sheet.indexOf(needle); at >= 0; at = sheet.indexOf(needle, at + needle.length)) {
    const next = sheet[at + needle.length];
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d)
      count++;
  }
  return count;
}

/** Whether an XML part ends with its root element closed (or empty), as one written in full does. */
function endsWith(xml: Buffer, root: string): boolean {
  const tail = xml.toString('utf8', Math.max(0, xml.length - 1000));
  return new RegExp(`(</(?:[\\w.-]+:)?${root}>|<(?:[\\w.-]+:)?${root}\\b[^<>]*/>)\\s*$`).test(tail);
}

/** What a zip that is not an Excel workbook most likely is, for saying so. */
function whatElse(entries: Map<string, ZipEntry>, workbookPath: string | undefined): string {
  if (workbookPath?.endsWith('.bin'))
    return 'an Excel binary workbook (.xlsb), which cannot be read. Save it as "Excel Workbook (.xlsx)" or "CSV (comma delimited)"';
  if (entries.has('mimetype') && entries.has('content.xml'))
    return 'an OpenDocument spreadsheet or document (.ods or .odt), not an Excel workbook. Save it as "Excel Workbook (.xlsx)" or "CSV (comma delimited)"';
  if (entries.has('word/document.xml')) return 'a Word document, not an Excel workbook or a CSV file';
  if (entries.has('ppt/presentation.xml'))
    return 'a PowerPoint presentation, not an Excel workbook or a CSV file';
  return 'a zip file, not an Excel workbook (.xlsx). If it holds the file, unzip it and upload what was inside';
}

export interface XlsxOptions {
  /** How the message names the file: "The selected file". */
  what: string;
  /** A worksheet's name; the first visible worksheet when not given. */
  sheet?: string | undefined;
  /** The most the parts read may unpack to, together. */
  maxUnpackedBytes: number;
}

/**
 * Opens an uploaded Excel workbook (.xlsx) and one of its worksheets, refusing with a reason
 * anything that is not a readable workbook: another kind of zip, a damaged or cut-short file, a
 * password, a worksheet that is not there, or parts that would unpack to more than the limit.
 *
 * Only the parts needed are unpacked (the workbook, its relationships, styles, shared strings and
 * the one worksheet), each to no more than it claims. exceljs's streaming reader then reads them
 * from memory, given in the order it needs (shared strings before the sheet), so it never has to
 * put a worksheet aside in a temporary file, and the sheet's rows are read a few at a time.
 */
export async function openXlsx(bytes: Uint8Array, options: XlsxOptions): Promise<XlsxOpening> {
  const { what } = options;
  const damaged = {
    ok: false as const,
    problem: `${what} is a damaged or incomplete Excel workbook (perhaps cut short while downloading). Open it in Excel, save it again and upload it again`,
  };
  const zip = readZipDirectory(bytes);
  if (!zip.ok) {
    if (zip.problem === 'encrypted')
      return { ok: false, problem: `${what} is a zip file protected with a password, so it cannot be read` };
    if (zip.problem === 'too-big')
      return { ok: false, problem: `${what} is too big a workbook to read; split it into smaller files` };
    return damaged;
  }
  const { entries } = zip;
  let budget = options.maxUnpackedBytes;
  const unpack = async (path: string | undefined): Promise<Buffer | undefined | 'too-big' | 'damaged'> => {
    const entry = path === undefined ? undefined : entries.get(path);
    if (!entry) return undefined;
    if (entry.size > budget) return 'too-big';
    budget -= entry.size;
    return (await unpackEntry(bytes, entry)) ?? 'damaged';
  };
  const tooBig = {
    ok: false as const,
    problem: `${what} unpacks to more than ${Math.round(options.maxUnpackedBytes / 1024 / 1024)} MB, more than can be read at once; split it into smaller files`,
  };

  const rootRels = await unpack('_rels/.rels');
  if (rootRels === 'too-big') return tooBig;
  if (rootRels === 'damaged') return damaged;
  const workbookPath = rootRels
    ? relationships(rootRels.toString('utf8'), '').find((r) =>
        r.type.endsWith(relationshipTypes.officeDocument),
      )?.target
    : undefined;
  if (!entries.has('[Content_Types].xml') || !workbookPath?.endsWith('.xml') || !entries.has(workbookPath))
    return { ok: false, problem: `${what} is ${whatElse(entries, workbookPath)}` };

  const [workbookXml, workbookRels] = [await unpack(workbookPath), await unpack(relsOf(workbookPath))];
  if (workbookXml === 'too-big' || workbookRels === 'too-big') return tooBig;
  if (workbookXml === 'damaged' || workbookRels === 'damaged' || !workbookXml || !workbookRels)
    return damaged;
  const rels = relationships(workbookRels.toString('utf8'), workbookPath);
  const target = (type: string) => rels.find((r) => r.type.endsWith(type))?.target;
  const sheets = elements(workbookXml.toString('utf8'), 'sheet').flatMap((s) => {
    const id = Object.entries(s).find(([name]) => name.endsWith(':id'))?.[1];
    const rel = rels.find((r) => r.id === id && r.type.endsWith(relationshipTypes.worksheet));
    return rel && entries.has(rel.target)
      ? [{ name: s.name ?? '', hidden: s.state === 'hidden' || s.state === 'veryHidden', path: rel.target }]
      : [];
  });
  const wanted = options.sheet?.trim().toLowerCase();
  const sheet = wanted
    ? sheets.find((s) => s.name.trim().toLowerCase() === wanted)
    : (sheets.find((s) => !s.hidden) ?? sheets[0]);
  if (!sheet)
    return {
      ok: false,
      problem: wanted
        ? `${what} has no worksheet called “${options.sheet?.trim()}”; its worksheets are ${sheets.map((s) => `“${s.name}”`).join(', ')}`
        : `${what} is an Excel workbook with no worksheets`,
    };

  const [styles, sharedStrings, sheetXml] = [
    await unpack(target(relationshipTypes.styles)),
    await unpack(target(relationshipTypes.sharedStrings)),
    await unpack(sheet.path),
  ];
  if (styles === 'too-big' || sharedStrings === 'too-big' || sheetXml === 'too-big') return tooBig;
  if (styles === 'damaged' || sharedStrings === 'damaged' || sheetXml === 'damaged' || !sheetXml)
    return damaged;
  // exceljs's reader stops quietly where XML stops, so a part cut short would be read in part.
  if (!endsWith(sheetXml, 'worksheet') || (sharedStrings && !endsWith(sharedStrings, 'sst'))) return damaged;

  const parts = [
    { name: 'xl/_rels/workbook.xml.rels', data: workbookRels },
    { name: 'xl/workbook.xml', data: workbookXml },
    ...(styles ? [{ name: 'xl/styles.xml', data: styles }] : []),
    // exceljs puts aside any worksheet it meets before the shared strings, so there always are some.
    { name: 'xl/sharedStrings.xml', data: sharedStrings ?? Buffer.from('<sst/>') },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml },
  ];
  return {
    ok: true,
    workbook: { sheetName: sheet.name, rowCount: countRows(sheetXml), rows: () => rowsOf(parts) },
  };
}

/** One cell as exceljs gives it, as the import reads it. */
export function rawCell(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) {
    // A date format on a time of day (0.5) or on serial 60 (29 February 1900) is no calendar
    // date: the number it holds is read instead, and a date column refuses it as a number.
    const serial = serialOfExcelJsDate(value);
    const date = excelSerialToIsoDate(serial);
    return date ? { date } : serial;
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v)
      return { formula: String(v.formula ?? v.sharedFormula ?? '') };
    if ('error' in v) return { error: String(v.error) };
    if (Array.isArray(v.richText))
      return v.richText
        .map((run: { text?: unknown }) => (typeof run.text === 'string' ? run.text : ''))
        .join('');
    if (typeof v.text === 'string') return v.text;
  }
  return String(value);
}

/** Whether a number format shows a cell as a percentage: a % outside quoted text. */
function isPercentFormat(numFmt: string | undefined): boolean {
  return !!numFmt && numFmt.replace(/"[^"]*"/g, '').includes('%');
}

/**
 * A cell shown as a percentage, as the text a person sees (25%), since the 0.25 it holds would
 * read as a quarter of one per cent in a column of percentages.
 */
function percentText(value: number): string {
  return `${Number((value * 100).toPrecision(12))}%`;
}

/**
 * The stored zip a piece at a time: given a worksheet in one buffer, exceljs parses all of it
 * before the first row comes out, holding every row at once; in pieces, it parses as rows are read.
 */
function* inPieces(buffers: readonly Buffer[], size = 64 * 1024): Generator<Buffer> {
  for (const b of buffers) for (let at = 0; at < b.length; at += size) yield b.subarray(at, at + size);
}

async function* rowsOf(parts: { name: string; data: Buffer }[]): AsyncIterable<XlsxRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(inPieces(storedZip(parts))), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      const values = row.values as unknown[];
      // exceljs counts columns from 1, so index 0 is always empty. Cells are turned into the
      // import's own only when asked for: a row may reach column XFD, and only some are read.
      yield {
        row: row.number,
        width: Math.max(0, values.length - 1),
        cell: (i) => {
          const value = values[i + 1];
          return typeof value === 'number' && isPercentFormat(row.getCell(i + 1).numFmt)
            ? percentText(value)
            : rawCell(value);
        },
      };
    }
  }
}
