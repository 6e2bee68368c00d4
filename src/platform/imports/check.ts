import { createHash } from 'node:crypto';
import { type Cell, cellText, isErrorCell, isFormulaCell, type RawCell } from './cells.ts';
import { columnLetter, type HeaderMatch, type ImportColumn } from './columns.ts';
import { quoted, type SeenForm } from './parsers.ts';
import type { SheetRow, SourceRow, SpreadsheetFormat } from './spreadsheet.ts';

/** A problem with one row: its number as the spreadsheet shows it, the column's header and what is wrong. */
export interface RowProblem {
  row: number;
  column: string;
  problem: string;
  /**
   * The child the row is about, where it names one the LA holds: a problem can quote what their
   * record says, so seeing it is recorded against them.
   */
  childId?: string;
}

/** Problems shown in full; past this many only the count is kept, so a wrong file cannot swamp a page. */
export const maxReportedProblems = 500;
/** Values left blank or changed on the way in, kept for the outcome; past this many, the count. */
export const maxReportedWarnings = 100;
export const wholeRow = '(whole row)';

/** What a module's own check makes of a row whose cells were each read without a problem. */
export type RowOutcome<Row> =
  | { value: Row; warnings?: readonly { column: string; problem: string }[] }
  | { problems: readonly { column: string; problem: string }[]; childId?: string };

/** What a module's check knows of the row besides its values. */
export interface RowFacts {
  row: number;
  /** Whether the file has the column at all (a column it may leave out reads as blank). */
  has(key: string): boolean;
}

export interface RowRules<Values, Row> {
  columns: readonly ImportColumn[];
  /** Columns that together may appear on one row only; without them, no two rows may be the same. */
  keyColumns?: readonly string[] | undefined;
  /**
   * Rows the import is about; the others are counted and not checked, so a fault in a row the
   * import would not use never stops it. Given each column's text by key.
   */
  select?: ((text: (key: string) => string) => boolean) | undefined;
  /** The module's own checks across a row's values, and the row it makes of them. */
  check(values: Values, facts: RowFacts): RowOutcome<Row>;
}

export interface CheckedRows<Row> {
  rows: { row: number; value: Row }[];
  /** Rows with anything in them, whether the import was about them or not. */
  rowsRead: number;
  /** Rows `select` left out. */
  skipped: number;
  problems: RowProblem[];
  problemCount: number;
  warnings: RowProblem[];
  warningCount: number;
}

// A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection"),
// unless what follows is just a number: -12.50 is a number, -2+3 and =HYPERLINK(…) are not.
const formulaStart = /^[=+\-@]/;
const plainNumber = /^£?\s*\d[\d ,]*(\.\d+)?$/;

/** What is wrong with a cell whatever its column, naming it by its reference (C7) where it is a workbook's. */
function cellProblem(cell: RawCell, format: SpreadsheetFormat, reference: string): string | null {
  if (isFormulaCell(cell))
    return `has a formula (${quoted(`=${cell.formula}`)}) in cell ${reference}; put its value in instead (copy the cells, then Paste Special, Values)`;
  if (isErrorCell(cell))
    return `has the Excel error ${cell.error} in cell ${reference}; put the value it should have in instead`;
  if (format === 'csv' && typeof cell === 'string') {
    const rest = cell.slice(1).trim();
    if (formulaStart.test(cell) && rest !== '' && !plainNumber.test(rest))
      return `${quoted(cell)} would be run as a formula by a spreadsheet, because it starts with ${cell[0]}; take the ${cell[0]} away, or write it another way`;
  }
  return null;
}

const isBlankRow = (r: SheetRow) => {
  for (let i = 0; i < r.width; i++) {
    const c = r.cell(i);
    if (c !== null && !(typeof c === 'string' && c.trim() === '')) return false;
  }
  return true;
};

/**
 * Checks a file's rows batch by batch against an import's columns and the module's own rules,
 * keeping the rows it makes and every problem: each cell's, formulas, rows that repeat another,
 * and columns whose values are written in more than one way (found once every row is read).
 */
export class RowChecker<Values, Row> {
  private readonly result: CheckedRows<Row> = {
    rows: [],
    rowsRead: 0,
    skipped: 0,
    problems: [],
    problemCount: 0,
    warnings: [],
    warningCount: 0,
  };
  private readonly firstRowOf = new Map<string, number>();
  private readonly forms = new Map<string, SeenForm[]>();
  private readonly headerOf: (key: string) => string;

  constructor(
    private readonly rules: RowRules<Values, Row>,
    private readonly header: { width: number; match: HeaderMatch; format: SpreadsheetFormat },
  ) {
    const declared = new Map(rules.columns.map((c) => [c.key, c.header]));
    this.headerOf = (key) => header.match.headers.get(key) ?? declared.get(key) ?? key;
  }

  private problem(row: number, column: string, problem: string, childId?: string) {
    this.result.problemCount++;
    if (this.result.problems.length < maxReportedProblems)
      this.result.problems.push({ row, column, problem, ...(childId ? { childId } : {}) });
  }

  private warn(row: number, column: string, problem: string) {
    this.result.warningCount++;
    if (this.result.warnings.length < maxReportedWarnings)
      this.result.warnings.push({ row, column, problem });
  }

  private cellOf(r: SheetRow, key: string): RawCell {
    const at = this.header.match.positions.get(key);
    return at === undefined ? null : r.cell(at);
  }

  add(batch: readonly SourceRow[]): void {
    for (const r of batch) {
      if ('problem' in r) {
        this.result.rowsRead++;
        this.problem(r.row, wholeRow, r.problem);
        continue;
      }
      if (isBlankRow(r)) continue;
      this.result.rowsRead++;
      if (this.rules.select && !this.rules.select((key) => cellText(this.cellOf(r, key)))) {
        this.result.skipped++;
        continue;
      }
      this.checkRow(r);
    }
  }

  private checkRow(r: SheetRow): void {
    const { format, width } = this.header;
    if (format === 'csv' && r.width !== width) {
      this.problem(r.row, wholeRow, `has ${r.width} values but the header has ${width} columns`);
      return;
    }
    const values: Record<string, unknown> = {};
    let fine = true;
    for (const c of this.rules.columns) {
      const raw = this.cellOf(r, c.key);
      const at = this.header.match.positions.get(c.key);
      const wrong = cellProblem(raw, format, at === undefined ? '' : `${columnLetter(at)}${r.row}`);
      if (wrong) {
        this.problem(r.row, this.headerOf(c.key), wrong);
        fine = false;
        continue;
      }
      const parsed = c.parse(raw as Cell);
      if (parsed.form && c.mixedForms) this.seeForm(c.key, parsed.form, r.row, cellText(raw).trim());
      if ('problem' in parsed) {
        this.problem(r.row, this.headerOf(c.key), parsed.problem);
        fine = false;
      } else values[c.key] = parsed.value;
    }
    if (!fine) return;
    const outcome = this.rules.check(values as Values, {
      row: r.row,
      has: (key) => this.header.match.positions.has(key),
    });
    if ('problems' in outcome) {
      for (const p of outcome.problems)
        this.problem(r.row, this.headerOf(p.column), p.problem, outcome.childId);
      return;
    }
    if (this.isRepeat(r, values)) return;
    this.result.rows.push({ row: r.row, value: outcome.value });
    for (const w of outcome.warnings ?? []) this.warn(r.row, this.headerOf(w.column), w.problem);
  }

  /** Whether the row repeats an earlier one (on the key columns, or wholly), saying so if it does. */
  private isRepeat(r: SheetRow, values: Record<string, unknown>): boolean {
    const keys = this.rules.keyColumns ?? [];
    const identity = keys.length
      ? JSON.stringify(keys.map((k) => values[k] ?? null))
      : createHash('sha256')
          .update(
            JSON.stringify(Array.from({ length: this.header.width }, (_, i) => cellText(r.cell(i)).trim())),
          )
          .digest('base64');
    const first = this.firstRowOf.get(identity);
    if (first === undefined) {
      this.firstRowOf.set(identity, r.row);
      return false;
    }
    if (!keys.length) this.problem(r.row, wholeRow, `is the same as row ${first}; remove one of them`);
    else {
      const shown = keys.map((k) => cellText(this.cellOf(r, k)).trim());
      this.problem(
        r.row,
        keys.map((k) => this.headerOf(k)).join(' and '),
        `${shown.join(' and ')} ${keys.length === 1 ? 'is' : 'are'} also on row ${first}`,
      );
    }
    return true;
  }

  private seeForm(key: string, form: string, row: number, text: string) {
    const seen = this.forms.get(key) ?? [];
    if (!seen.some((s) => s.form === form)) this.forms.set(key, [...seen, { form, row, text }]);
  }

  /** Everything found, once every row has been added. */
  finish(): CheckedRows<Row> {
    const mixed: RowProblem[] = [];
    for (const c of this.rules.columns) {
      const seen = this.forms.get(c.key);
      const found = seen && c.mixedForms?.(seen);
      if (found) mixed.push({ ...found, column: this.headerOf(c.key) });
    }
    for (const p of mixed) this.problem(p.row, p.column, p.problem);
    if (mixed.length) this.result.problems.sort((a, b) => a.row - b.row);
    return this.result;
  }
}
