import { type IsoDate, isIsoDate } from '../kernel/dates.ts';

/** A cell a workbook stores as a date, as the calendar date it shows. */
export interface DateCell {
  date: IsoDate;
}

/**
 * One cell as a column's parser sees it: text (every CSV cell, and a workbook's text cells), or a
 * workbook's number, true/false or date cell; null when the cell is empty or the column absent.
 */
export type Cell = string | number | boolean | DateCell | null;

/** A workbook cell holding a formula rather than a value. */
export interface FormulaCell {
  formula: string;
}

/** A workbook cell holding one of Excel's error values (#N/A, #REF!, #DIV/0!…). */
export interface ErrorCell {
  error: string;
}

/** A cell as a file holds it, before the formulas and error values are refused. */
export type RawCell = Cell | FormulaCell | ErrorCell;

export const isDateCell = (cell: RawCell): cell is DateCell =>
  typeof cell === 'object' && cell !== null && 'date' in cell;
export const isFormulaCell = (cell: RawCell): cell is FormulaCell =>
  typeof cell === 'object' && cell !== null && 'formula' in cell;
export const isErrorCell = (cell: RawCell): cell is ErrorCell =>
  typeof cell === 'object' && cell !== null && 'error' in cell;

/** 01/09/2026, as a UK spreadsheet shows a date. */
export function ukDate(iso: IsoDate): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** A cell as text, as a person reading the spreadsheet would see it. */
export function cellText(cell: RawCell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (isDateCell(cell)) return ukDate(cell.date);
  if (isFormulaCell(cell)) return `=${cell.formula}`;
  return cell.error;
}

export const isBlank = (cell: Cell): boolean =>
  cell === null || (typeof cell === 'string' && cell.trim() === '');

const dayMs = 86_400_000;

/**
 * The calendar date of an Excel serial date in the 1900 date system: serial 1 is 1 January 1900.
 * Excel counts a 29 February 1900 that never was (Lotus 1-2-3's leap-year mistake, kept for
 * compatibility), so serials from 61 (1 March 1900) on are days since 30 December 1899, those
 * before it days since 31 December 1899, and 60 is no real date. A time of day is dropped.
 * Workbooks in the 1904 system (old Mac Excel) count from 1 January 1904: add 1,462 first.
 */
export function excelSerialToIsoDate(serial: number): IsoDate | null {
  if (!Number.isFinite(serial)) return null;
  const day = Math.floor(serial);
  if (day < 1 || day === 60) return null;
  const epoch = day > 60 ? Date.UTC(1899, 11, 30) : Date.UTC(1899, 11, 31);
  const iso = new Date(epoch + day * dayMs).toISOString().slice(0, 10);
  return isIsoDate(iso) ? iso : null;
}

/**
 * The serial date behind a date exceljs has read from a workbook. exceljs turns a serial into an
 * instant as (serial − 25,569) days from 1 January 1970, having already added 1,462 for a
 * 1904-system workbook, so this undoes exactly that and gives the 1900-system serial.
 */
export function serialOfExcelJsDate(date: Date): number {
  return 25_569 + date.getTime() / dayMs;
}
