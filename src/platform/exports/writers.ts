import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import {
  columnWidth,
  csvCell,
  type ExportFormat,
  type ExportTable,
  sheetName,
  xlsxCell,
  xlsxNumberFormats,
} from './table.ts';

/** Where an export's rows go: a stream the response reads, written a page at a time. */
export interface Sink<Row> {
  /** What the response sends. */
  body: Readable;
  write(rows: readonly Row[]): void;
  /** Resolves once the response has taken what it was given, so a slow reader holds back the next page. */
  ready(): Promise<void>;
  /** The reader went away (or the export failed): write nothing more. */
  gone(): boolean;
  /** Ends the file properly; the response then completes. */
  finish(): Promise<void>;
  /** Breaks the response off, so a reader never takes a partial file for a whole one. */
  fail(error: unknown): void;
}

export const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

async function drained(stream: Writable): Promise<void> {
  if (!stream.writableNeedDrain || stream.destroyed) return;
  const ac = new AbortController();
  // Whichever comes first: room again, or the reader gone (the stream destroyed).
  await Promise.race([
    once(stream, 'drain', { signal: ac.signal }),
    once(stream, 'close', { signal: ac.signal }),
  ]).catch(() => undefined);
  ac.abort();
}

const failure = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

export function openSink<Row>(format: ExportFormat, table: ExportTable<Row>): Sink<Row> {
  return format === 'csv' ? csvSink(table) : xlsxSink(table);
}

/** UTF-8 with a byte-order mark, so Excel reads accented names as they are; CRLF as RFC 4180 has it. */
function csvSink<Row>(table: ExportTable<Row>): Sink<Row> {
  // A lone CR ends a line for some readers, so it is quoted as RFC 4180 asks of any line break.
  const csv = stringify({ bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
  csv.write(table.columns.map((c) => c.heading));
  return {
    body: csv,
    write(rows) {
      for (const row of rows) csv.write(table.columns.map((c) => csvCell(c.kind, c.value(row))));
    },
    ready: () => drained(csv),
    gone: () => csv.destroyed,
    async finish() {
      csv.end();
    },
    fail: (error) => csv.destroy(failure(error)),
  };
}

/**
 * exceljs's streaming writer: each row is committed (turned into XML and handed to the zip) as
 * it is added, and strings are written inline rather than into a shared table, so memory holds a
 * page of rows, not the sheet. The header row is bold and frozen, so it stays in view.
 */
function xlsxSink<Row>(table: ExportTable<Row>): Sink<Row> {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: true,
  });
  workbook.creator = 'OpenSEND';
  const sheet = workbook.addWorksheet(sheetName(table.sheetTitle), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = table.columns.map((c) => {
    const numFmt = xlsxNumberFormats[c.kind];
    return { width: columnWidth(c), ...(numFmt ? { style: { numFmt } } : {}) };
  });
  const header = sheet.addRow(table.columns.map((c) => c.heading));
  header.font = { bold: true };
  header.commit();
  return {
    body: out,
    write(rows) {
      for (const row of rows) sheet.addRow(table.columns.map((c) => xlsxCell(c.kind, c.value(row)))).commit();
    },
    ready: () => drained(out),
    gone: () => out.destroyed,
    async finish() {
      sheet.commit();
      // The workbook waits for the response to take its last bytes, which never happens if the
      // reader leaves now.
      await Promise.race([workbook.commit(), once(out, 'close')]);
    },
    fail: (error) => out.destroy(failure(error)),
  };
}
