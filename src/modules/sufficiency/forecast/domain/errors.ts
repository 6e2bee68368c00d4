/** What was wrong with the input to a forecast, for the page or the API to show. */
export type ForecastProblemCode =
  | 'too-few-januarys'
  | 'januarys-not-consecutive'
  | 'year-out-of-range'
  | 'unknown-need'
  | 'age-out-of-range'
  | 'missing-child'
  | 'missing-group'
  | 'child-twice-in-a-january'
  | 'simulations-out-of-range'
  | 'horizon-out-of-range'
  | 'bad-seed'
  | 'bad-share'
  | 'bad-factor'
  | 'unknown-group'
  | 'same-group'
  | 'missing-cost'
  | 'bad-cost'
  | 'bad-setting'
  | 'missing-figures';

export interface ForecastProblem {
  code: ForecastProblemCode;
  /** Where the problem is, as a path into the input: `records.12.need`, `scenario.changes.0.share`. */
  field: string;
  message: string;
}

/** A forecast refused: every problem found, the first one in the message. */
export class ForecastInputError extends Error {
  readonly problems: ForecastProblem[];

  constructor(problems: ForecastProblem[]) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${(problems.length - 1).toLocaleString('en-GB')} more)` : '';
    super(first ? `${first.message}${more}` : 'The forecast input was refused');
    this.name = 'ForecastInputError';
    this.problems = problems;
  }

  /** Whether a problem of this kind was found. */
  has(code: ForecastProblemCode): boolean {
    return this.problems.some((p) => p.code === code);
  }
}

/** Throws the problems found, if there are any. */
export function refuseIfAny(problems: ForecastProblem[]): void {
  if (problems.length) throw new ForecastInputError(problems);
}
