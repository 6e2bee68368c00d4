/**
 * The simple forecasts a model has to beat, from a series of January counts: the last value, a
 * straight line, and constant growth. Each uses the last `baselineWindow` Januarys up to the
 * origin (fewer when fewer exist), the same span the band model estimates its rates from.
 */

export const baselineWindow = 4;

export type BaselineMethod = 'naive' | 'linear-trend' | 'constant-growth';
export const baselineMethods: readonly BaselineMethod[] = ['naive', 'linear-trend', 'constant-growth'];

function windowOf(series: ReadonlyMap<number, number>, origin: number): { year: number; value: number }[] {
  const points: { year: number; value: number }[] = [];
  for (let year = origin - baselineWindow + 1; year <= origin; year++) {
    const value = series.get(year);
    if (value !== undefined && Number.isFinite(value)) points.push({ year, value });
  }
  return points;
}

/**
 * Forecasts for origin + 1 … origin + horizon, or null when the origin's own value is missing.
 * A line that would go below nothing stops at nothing.
 */
export function baselineForecast(
  method: BaselineMethod,
  series: ReadonlyMap<number, number>,
  origin: number,
  horizon: number,
): number[] | null {
  const last = series.get(origin);
  if (last === undefined || !Number.isFinite(last)) return null;
  const points = windowOf(series, origin);
  const steps = Array.from({ length: horizon }, (_, i) => i + 1);
  if (method === 'naive' || points.length < 2) return steps.map(() => last);
  if (method === 'linear-trend') {
    const n = points.length;
    const meanYear = points.reduce((s, p) => s + p.year, 0) / n;
    const meanValue = points.reduce((s, p) => s + p.value, 0) / n;
    let sxy = 0;
    let sxx = 0;
    for (const p of points) {
      sxy += (p.year - meanYear) * (p.value - meanValue);
      sxx += (p.year - meanYear) ** 2;
    }
    const slope = sxy / sxx;
    return steps.map((h) => Math.max(0, meanValue + slope * (origin + h - meanYear)));
  }
  const first = points[0] as { year: number; value: number };
  if (first.value <= 0) return steps.map(() => last);
  const growth = (last / first.value) ** (1 / (origin - first.year));
  return steps.map((h) => last * growth ** h);
}
