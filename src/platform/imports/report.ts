import { maxReportedProblems, type RowProblem } from './check.ts';

/** Why nothing was imported: a problem with a whole file, or the rows with problems. */
export interface ImportReport {
  /** The upload the problems are in, when it is not the main file ("links file"). */
  fileLabel?: string;
  fileProblem?: string;
  /** The first problems found, in row order; problemCount counts them all. */
  problems: RowProblem[];
  problemCount: number;
  rowsRead: number;
}

const n = (x: number) => x.toLocaleString('en-GB');

/** An import that wrote nothing, and the report that says why. */
export class ImportRejected extends Error {
  constructor(readonly report: ImportReport) {
    super(
      report.fileProblem ??
        `Nothing was imported: ${n(report.problemCount)} ${report.problemCount === 1 ? 'problem' : 'problems'} in the ${report.fileLabel ?? 'file'}`,
    );
  }
}

/** A problem with a whole file (or attachment): nothing in it was read as rows. */
export function fileRejected(fileProblem: string, fileLabel?: string): ImportRejected {
  return new ImportRejected({
    ...(fileLabel ? { fileLabel } : {}),
    fileProblem,
    problems: [],
    problemCount: 0,
    rowsRead: 0,
  });
}

/**
 * An import refused for problems its module found across rows (rows of one record that disagree,
 * or clash with what is already held), reported as the row checks are: in row order, the first
 * ones in full.
 */
export function rowsRejected(problems: readonly RowProblem[], rowsRead: number): ImportRejected {
  const sorted = [...problems].sort((a, b) => a.row - b.row);
  return new ImportRejected({
    problems: sorted.slice(0, maxReportedProblems),
    problemCount: sorted.length,
    rowsRead,
  });
}
