import type { RawCell } from './cells.ts';
import { decodeCsv, parseCsvRecords, splitCsvRecords } from './csv.ts';
import { openXlsx } from './xlsx.ts';

export const spreadsheetFormats = ['csv', 'xlsx'] as const;
export type SpreadsheetFormat = (typeof spreadsheetFormats)[number];

/** One row of a file: its number as the spreadsheet shows it, and its cells from column A. */
export interface SheetRow {
  row: number;
  width: number;
  cell(index: number): RawCell;
}

/** A row the file's own format could not make sense of (a CSV quote left open). */
export interface UnreadableRow {
  row: number;
  problem: string;
}

export type SourceRow = SheetRow | UnreadableRow;

export interface Spreadsheet {
  format: SpreadsheetFormat;
  /** CSV's character encoding, as it was read. */
  encoding?: 'UTF-8' | 'Windows-1252';
  sheetName?: string;
  header: SheetRow;
  /** Rows after the header; a workbook's count can include rows with nothing in them. */
  total: number;
  /** The rows after the header, a batch at a time, so a long file gives the event loop back between batches. */
  batches(size: number): AsyncIterable<SourceRow[]>;
  /** Lets go of a file read no further than its header. */
  close(): Promise<void>;
}

export interface OpenOptions {
  formats: readonly SpreadsheetFormat[];
  /** How messages name the file: "The selected file", "The file". */
  what: string;
  sheet?: string | undefined;
  maxRows: number;
  maxUnpackedBytes: number;
}

export type Opening = { ok: true; spreadsheet: Spreadsheet } | { ok: false; problem: string };

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
/** Whether the bytes start as a zip does (an .xlsx is a zip). */
export const isZip = (bytes: Uint8Array) => startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
/** Office's "compound file": an .xls, or any Office file saved with a password. */
const isCompoundFile = (bytes: Uint8Array) =>
  startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const encryptedPackage = Buffer.from('EncryptedPackage', 'utf16le');

const tooManyRows = (what: string, rows: number, max: number) =>
  `${what} has ${rows.toLocaleString('en-GB')} rows, more than the ${max.toLocaleString('en-GB')} an import can take; split it into smaller files`;

/**
 * Opens an uploaded file as rows, telling CSV from an Excel workbook by its bytes, never its name,
 * and refusing what it cannot read: anything neither, a password-protected or damaged workbook,
 * an empty file, or more rows than the limit. The header is the first row with anything in it.
 */
export async function openSpreadsheet(bytes: Uint8Array, options: OpenOptions): Promise<Opening> {
  const { what, formats } = options;
  const takesXlsx = formats.includes('xlsx');
  const takesCsv = formats.includes('csv');
  if (bytes.length === 0) return { ok: false, problem: `${what} is empty` };
  if (isCompoundFile(bytes)) {
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(encryptedPackage))
      return {
        ok: false,
        problem: `${what} is protected with a password, so it cannot be read. Open it in Excel, remove the password (File, Info, Protect Workbook) and save it again`,
      };
    if (takesXlsx)
      return {
        ok: false,
        problem: `${what} is an Excel 97-2003 workbook (.xls), which cannot be read. Save it as "Excel Workbook (.xlsx)"${takesCsv ? ' or "CSV (comma delimited)"' : ''}`,
      };
  }
  if (isZip(bytes) && takesXlsx) return openWorkbook(bytes, options);
  if (!takesCsv)
    return {
      ok: false,
      problem: `${what} is not an Excel workbook (.xlsx). Save it from Excel as "Excel Workbook (.xlsx)"`,
    };
  return openCsv(bytes, options);
}

function openCsv(bytes: Uint8Array, options: OpenOptions): Opening {
  const { what } = options;
  const decoded = decodeCsv(bytes, what);
  if (!decoded.ok)
    return {
      ok: false,
      problem:
        decoded.binary && options.formats.includes('xlsx')
          ? `${what} is neither a CSV file nor an Excel workbook (.xlsx)`
          : decoded.problem,
    };
  const records = splitCsvRecords(decoded.text);
  const [first] = records;
  if (!first) return { ok: false, problem: `${what} is empty` };
  const [parsedHeader] = parseCsvRecords([first]);
  const headerValues = parsedHeader && 'values' in parsedHeader ? parsedHeader.values : [];
  const data = records.slice(1);
  if (data.length > options.maxRows)
    return { ok: false, problem: tooManyRows(what, data.length, options.maxRows) };
  return {
    ok: true,
    spreadsheet: {
      format: 'csv',
      encoding: decoded.encoding,
      header: csvRow(first.row, headerValues),
      total: data.length,
      close: async () => undefined,
      async *batches(size) {
        for (let i = 0; i < data.length; i += size)
          yield parseCsvRecords(data.slice(i, i + size)).map((r) =>
            'problem' in r ? r : csvRow(r.row, r.values),
          );
      },
    },
  };
}

const csvRow = (row: number, values: readonly string[]): SheetRow => ({
  row,
  width: values.length,
  cell: (i) => values[i] ?? null,
});

const hasAnything = (r: SheetRow) => {
  for (let i = 0; i < r.width; i++) {
    const c = r.cell(i);
    if (c !== null && !(typeof c === 'string' && c.trim() === '')) return true;
  }
  return false;
};

async function openWorkbook(bytes: Uint8Array, options: OpenOptions): Promise<Opening> {
  const { what } = options;
  const opened = await openXlsx(bytes, {
    what,
    sheet: options.sheet,
    maxUnpackedBytes: options.maxUnpackedBytes,
  });
  if (!opened.ok) return opened;
  const { workbook } = opened;
  if (workbook.rowCount - 1 > options.maxRows)
    return { ok: false, problem: tooManyRows(what, workbook.rowCount - 1, options.maxRows) };
  const rows = workbook.rows()[Symbol.asyncIterator]();
  let header: SheetRow | undefined;
  try {
    for (let next = await rows.next(); !next.done; next = await rows.next())
      if (hasAnything(next.value)) {
        header = next.value;
        break;
      }
  } catch {
    return {
      ok: false,
      problem: `${what} is a damaged Excel workbook: its worksheet “${workbook.sheetName}” could not be read. Open it in Excel, save it again and upload it again`,
    };
  }
  if (!header) return { ok: false, problem: `${what} has nothing in its worksheet “${workbook.sheetName}”` };
  const headerRow = header.row;
  return {
    ok: true,
    spreadsheet: {
      format: 'xlsx',
      sheetName: workbook.sheetName,
      header,
      total: Math.max(0, workbook.rowCount - 1),
      async close() {
        await rows.return?.();
      },
      async *batches(size) {
        let batch: SourceRow[] = [];
        try {
          for (let next = await rows.next(); !next.done; next = await rows.next()) {
            if (next.value.row <= headerRow) continue;
            batch.push(next.value);
            if (batch.length >= size) {
              yield batch;
              batch = [];
            }
          }
        } catch {
          batch.push({
            row: (batch.at(-1)?.row ?? headerRow) + 1,
            problem:
              'could not be read: the worksheet is damaged from here on. Open it in Excel and save it again',
          });
        }
        if (batch.length) yield batch;
      },
    },
  };
}
