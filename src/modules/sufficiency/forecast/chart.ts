/**
 * The forecast of plans as an SVG drawn on the server: last January's count, then each January's
 * median as a line with its 80% interval shaded. The page gives the same figures in the table
 * beneath, so nothing depends on seeing the picture; the marks have at least 3:1 contrast.
 */

export interface ChartPoint {
  year: number;
  median: number;
  p10: number;
  p90: number;
}

const width = 760;
const height = 280;
const pad = { left: 72, right: 16, top: 16, bottom: 40 };

/** The top of the scale: 4 steps of 1, 2, 2.5 or 5 times a power of ten, at least the largest value. */
function scaleTop(max: number): number {
  if (max <= 0) return 4;
  const step = max / 4;
  const power = 10 ** Math.floor(Math.log10(step));
  const nice = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= step) ?? 10 * power;
  return Math.ceil(nice) * 4;
}

export function forecastChart(start: { year: number; count: number }, points: readonly ChartPoint[]): string {
  const all = [{ year: start.year, median: start.count, p10: start.count, p90: start.count }, ...points];
  const top = scaleTop(Math.max(...all.map((p) => p.p90)));
  const x = (i: number) => pad.left + (i * (width - pad.left - pad.right)) / Math.max(1, all.length - 1);
  const y = (v: number) => pad.top + (1 - v / top) * (height - pad.top - pad.bottom);
  const n = (v: number) => Math.round(v).toLocaleString('en-GB');
  const grid = [0, 1, 2, 3, 4]
    .map((s) => {
      const v = (top / 4) * s;
      return `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(v)}" y2="${y(v)}" stroke="#b1b4b6" stroke-width="1"/><text x="${pad.left - 8}" y="${y(v) + 4}" text-anchor="end" font-size="14">${n(v)}</text>`;
    })
    .join('');
  const band = `<path d="M${all.map((p, i) => `${x(i)},${y(p.p90)}`).join(' L')} L${[...all]
    .map((p, i) => ({ p, i }))
    .reverse()
    .map(({ p, i }) => `${x(i)},${y(p.p10)}`)
    .join(' L')} Z" fill="#1d70b8" fill-opacity="0.25" stroke="none"/>`;
  const line = `<polyline points="${all.map((p, i) => `${x(i)},${y(p.median)}`).join(' ')}" fill="none" stroke="#1d70b8" stroke-width="3"/>`;
  const dots = all.map((p, i) => `<circle cx="${x(i)}" cy="${y(p.median)}" r="4" fill="#1d70b8"/>`).join('');
  const labels = all
    .map(
      (p, i) =>
        `<text x="${x(i)}" y="${height - pad.bottom + 24}" text-anchor="middle" font-size="14">Jan ${p.year}</text>`,
    )
    .join('');
  const last = all[all.length - 1] ?? all[0];
  const desc = `EHC plans: ${n(start.count)} in January ${start.year}; the forecast for January ${last?.year} is ${n(last?.median ?? 0)}, with an 80% interval from ${n(last?.p10 ?? 0)} to ${n(last?.p90 ?? 0)}.`;
  return `<svg viewBox="0 0 ${width} ${height}" class="app-chart" role="img" aria-labelledby="forecast-title forecast-desc" focusable="false"><title id="forecast-title">EHC plans each January, with the forecast's 80% interval</title><desc id="forecast-desc">${desc}</desc>${grid}${band}${line}${dots}${labels}</svg>`;
}
