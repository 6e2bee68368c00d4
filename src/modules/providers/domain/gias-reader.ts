import type { ParsedRecord } from '../../../platform/imports/csv.ts';
import {
  type GiasEstablishment,
  giasColumns,
  giasOfstedColumns,
  giasRowToEstablishment,
  type RowProblem,
  requiredGiasColumns,
} from './gias-row.ts';

/** Why a file's first line is not a GIAS header, or null when it is. */
export function giasHeaderProblem(header: readonly string[], required = requiredGiasColumns): string | null {
  const have = new Set(header.map((h) => h.trim()));
  const missing = required.filter((c) => !have.has(c));
  if (!missing.length) return null;
  if (missing.length === required.length)
    return `The file's first line has none of the GIAS column names (such as ${required.slice(0, 3).join(', ')}), so it is not a GIAS establishment file`;
  return `The file is missing ${missing.length === 1 ? 'this GIAS column' : 'these GIAS columns'}: ${missing.join(', ')}`;
}

/** Problems shown in full; past this many only the count is kept, so a wrong file cannot swamp a page. */
export const maxReportedProblems = 500;

export interface GiasReading {
  rows: GiasEstablishment[];
  problems: RowProblem[];
  problemCount: number;
  warnings: RowProblem[];
  /** Every data row in the file, the LA's or not. */
  rowsRead: number;
  /** Rows for other LAs' schools the LA does not hold: not imported. */
  otherLaRows: number;
}

/**
 * Reads a GIAS file's rows batch by batch, keeping those that concern the LA: rows GIAS gives to
 * the LA, and rows for URNs the LA holds or whose predecessors it holds. Only those are checked,
 * so a fault in another LA's row never stops an import.
 */
export function createGiasReader(
  header: readonly string[],
  laCode: string,
  urnsOfInterest: ReadonlySet<number>,
) {
  const index = new Map(header.map((h, i) => [h.trim(), i]));
  const hasOfsted = index.has(giasOfstedColumns.rating) && index.has(giasOfstedColumns.date);
  const urnAt = index.get(giasColumns.urn) ?? -1;
  const laAt = index.get(giasColumns.laCode) ?? -1;
  const firstRowOf = new Map<number, number>();
  const reading: GiasReading = {
    rows: [],
    problems: [],
    problemCount: 0,
    warnings: [],
    rowsRead: 0,
    otherLaRows: 0,
  };
  const report = (p: RowProblem) => {
    reading.problemCount++;
    if (reading.problems.length < maxReportedProblems) reading.problems.push(p);
  };

  return {
    add(records: readonly ParsedRecord[]): void {
      for (const r of records) {
        reading.rowsRead++;
        if ('problem' in r) {
          report({ row: r.row, column: '(whole row)', problem: r.problem });
          continue;
        }
        const urnText = (r.values[urnAt] ?? '').trim();
        const concernsLa = (r.values[laAt] ?? '').trim() === laCode || urnsOfInterest.has(Number(urnText));
        if (!concernsLa) {
          reading.otherLaRows++;
          continue;
        }
        if (r.values.length !== header.length) {
          report({
            row: r.row,
            column: '(whole row)',
            problem: `has ${r.values.length} values but the header has ${header.length} columns`,
          });
          continue;
        }
        const result = giasRowToEstablishment(
          (column) => {
            const i = index.get(column);
            return i === undefined ? '' : (r.values[i] ?? '');
          },
          r.row,
          { hasOfsted },
        );
        if (!result.ok) {
          for (const p of result.problems) report(p);
          continue;
        }
        const urn = result.value.fields.urn;
        const first = firstRowOf.get(urn);
        if (first !== undefined) {
          report({ row: r.row, column: giasColumns.urn, problem: `${urn} is also on row ${first}` });
          continue;
        }
        firstRowOf.set(urn, r.row);
        reading.rows.push(result.value);
        reading.warnings.push(...result.warnings);
      }
    },
    result(): GiasReading {
      return reading;
    },
  };
}
