import { parse } from 'csv-parse/sync';
import { decodeWindows1252 } from './cp1252.ts';

export type Decoded =
  | { ok: true; text: string; encoding: 'Windows-1252' | 'UTF-8' }
  /** `binary` when the bytes are no kind of text at all. */
  | { ok: false; problem: string; binary?: true };

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/**
 * Reads the bytes of a CSV file as text. Excel's "CSV (comma delimited)" and many public data sets write
 * Windows-1252 (Latin-1); "CSV UTF-8" and most other programs write UTF-8, with or without a byte
 * order mark. Anything that is not text (a spreadsheet, a zip, UTF-16 "Unicode text") is refused
 * with what it is and what to do instead.
 */
export function decodeCsv(bytes: Uint8Array, what = 'The file'): Decoded {
  if (bytes.length === 0) return { ok: false, problem: `${what} is empty` };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]))
    return {
      ok: false,
      problem: `${what} is a spreadsheet or zip file (.xlsx, .ods or .zip), not a CSV file. Unzip a download, or save the sheet as "CSV (comma delimited)"`,
    };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0]))
    return {
      ok: false,
      problem: `${what} is an Excel spreadsheet (.xls), not a CSV file. Save it as "CSV (comma delimited)"`,
    };
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d]))
    return { ok: false, problem: `${what} is a PDF, not a CSV file` };
  const sample = bytes.subarray(0, 4096);
  const nulAt = sample.indexOf(0);
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]) || (nulAt >= 0 && nulAt <= 1))
    return {
      ok: false,
      problem: `${what} is UTF-16 ("Unicode text"), not a CSV file in UTF-8 or Windows-1252. Save it as "CSV (comma delimited)"`,
    };
  if (nulAt >= 0)
    return { ok: false, problem: `${what} is not a text file, so it cannot be a CSV file`, binary: true };
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    const utf8 = tryUtf8(bytes.subarray(3));
    if (utf8 !== undefined) return { ok: true, text: utf8, encoding: 'UTF-8' };
  }
  // Latin-1 text with accented letters is almost never valid UTF-8 as well, so text that is
  // valid UTF-8 with any non-ASCII byte was saved as UTF-8.
  if (bytes.some((b) => b >= 0x80)) {
    const utf8 = tryUtf8(bytes);
    if (utf8 !== undefined) return { ok: true, text: utf8, encoding: 'UTF-8' };
  }
  return { ok: true, text: decodeWindows1252(bytes), encoding: 'Windows-1252' };
}

function tryUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export interface CsvRecordText {
  /** The row number a spreadsheet would show: the header is row 1. */
  row: number;
  text: string;
}

/**
 * Splits CSV text into records at line ends outside quotes, so a batch can be parsed and the
 * event loop given back between batches. Blank lines are skipped but keep their row numbers.
 */
export function splitCsvRecords(text: string): CsvRecordText[] {
  const out: CsvRecordText[] = [];
  let start = 0;
  let row = 1;
  let quoted = false;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if ((c === 10 && !quoted) || i === text.length) {
      const end = i > start && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
      const record = text.slice(start, end);
      if (record.trim() !== '') out.push({ row, text: record });
      row++;
      start = i + 1;
    }
  }
  return out;
}

export type ParsedRecord = { row: number; values: string[] } | { row: number; problem: string };

/** Parses records split by splitCsvRecords into their values; a record that is not valid CSV says why. */
export function parseCsvRecords(records: readonly CsvRecordText[]): ParsedRecord[] {
  try {
    const values = parse(records.map((r) => r.text).join('\n'), {
      relax_column_count: true,
      skip_empty_lines: false,
    }) as string[][];
    if (values.length === records.length)
      return records.map((r, i) => ({ row: r.row, values: values[i] as string[] }));
  } catch {
    // One bad record spoils the batch: parse them one by one to find it.
  }
  return records.map((r) => {
    try {
      const [values] = parse(r.text, { relax_column_count: true }) as string[][];
      return { row: r.row, values: values ?? [] };
    } catch {
      return {
        row: r.row,
        problem: 'could not be read as CSV: a quote in it is not closed, or has text after it',
      };
    }
  });
}
