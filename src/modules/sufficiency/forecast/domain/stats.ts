/** The figures every forecast cell carries: the median and the 80% interval of its simulations. */
export interface Interval {
  median: number;
  /** 10th and 90th percentiles: the 80% interval. */
  p10: number;
  p90: number;
  mean: number;
}

/**
 * Nearest-rank percentile of sorted values: always a value that was simulated, never an
 * interpolation between two, so a count's interval is in whole places.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * n);
  return sorted[Math.min(n, Math.max(1, rank)) - 1] as number;
}

/** The median, 80% interval and mean of simulated values (sorted in place). */
export function intervalOf(values: Float64Array | Int32Array | number[]): Interval {
  const sorted = Array.isArray(values) ? values.sort((a, b) => a - b) : values.sort();
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i] as number;
  return {
    median: percentileOfSorted(sorted, 50),
    p10: percentileOfSorted(sorted, 10),
    p90: percentileOfSorted(sorted, 90),
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/**
 * Weighted absolute percentage error, as a percentage: the sum of absolute errors over the sum of
 * actuals, so a large LA counts for more than a small one and no single small denominator can
 * dominate. Null when the actuals add up to nothing.
 */
export function wape(pairs: readonly { forecast: number; actual: number }[]): number | null {
  let errors = 0;
  let actuals = 0;
  for (const { forecast, actual } of pairs) {
    errors += Math.abs(forecast - actual);
    actuals += Math.abs(actual);
  }
  return actuals > 0 ? (100 * errors) / actuals : null;
}

/** The share (0 to 1) of actuals inside their intervals, ends included; null when there are none. */
export function coverage(cases: readonly { actual: number; p10: number; p90: number }[]): number | null {
  if (!cases.length) return null;
  let inside = 0;
  for (const c of cases) if (c.actual >= c.p10 && c.actual <= c.p90) inside++;
  return inside / cases.length;
}
