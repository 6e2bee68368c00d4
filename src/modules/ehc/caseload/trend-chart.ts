import { longDate } from '../../../platform/kernel/dates.ts';
import { wholeNumber } from '../../../platform/kernel/numbers.ts';

/**
 * The weekly trend as an SVG drawn on the server: plans issued each week as bars, and the
 * percentage issued within 20 weeks (excluding exceptions) as a line on a 0–100% scale. The
 * page shows the same figures in a table beneath, so nothing depends on seeing the picture.
 */

export interface TrendWeek {
  weekStarting: string;
  issued: number;
  percentWithin20WeeksEx: number | null;
}

const width = 760;
const height = 260;
const pad = { left: 44, right: 44, top: 16, bottom: 36 };

export function trendChart(weeks: readonly TrendWeek[]): { svg: string; summary: string } | null {
  if (!weeks.length) return null;
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const maxIssued = Math.max(1, ...weeks.map((w) => w.issued));
  const step = plotW / weeks.length;
  const x = (i: number) => pad.left + i * step;
  const yCount = (n: number) => pad.top + plotH - (n / maxIssued) * plotH;
  const yPct = (p: number) => pad.top + plotH - (p / 100) * plotH;
  const bars = weeks
    .map(
      (w, i) =>
        `<rect x="${(x(i) + step * 0.15).toFixed(1)}" y="${yCount(w.issued).toFixed(1)}" width="${(step * 0.7).toFixed(1)}" height="${(pad.top + plotH - yCount(w.issued)).toFixed(1)}" class="app-chart__bar"/>`,
    )
    .join('');
  const points = weeks.flatMap((w, i) =>
    w.percentWithin20WeeksEx === null
      ? []
      : [`${(x(i) + step / 2).toFixed(1)},${yPct(w.percentWithin20WeeksEx).toFixed(1)}`],
  );
  const line = points.length > 1 ? `<polyline points="${points.join(' ')}" class="app-chart__line"/>` : '';
  const dots = points
    .map((p) => {
      const [cx, cy] = p.split(',');
      return `<circle cx="${cx}" cy="${cy}" r="2.5" class="app-chart__dot"/>`;
    })
    .join('');
  const gridLines = [0, 25, 50, 75, 100]
    .map(
      (p) =>
        `<line x1="${pad.left}" x2="${width - pad.right}" y1="${yPct(p)}" y2="${yPct(p)}" class="app-chart__grid"/><text x="${width - pad.right + 6}" y="${yPct(p) + 4}" class="app-chart__label">${p}%</text>`,
    )
    .join('');
  const countLabels = [0, Math.round(maxIssued / 2), maxIssued]
    .map(
      (n) =>
        `<text x="${pad.left - 6}" y="${yCount(n) + 4}" text-anchor="end" class="app-chart__label">${wholeNumber(n)}</text>`,
    )
    .join('');
  const first = longDate(weeks[0]?.weekStarting ?? '');
  const last = longDate(weeks.at(-1)?.weekStarting ?? '');
  const axis = `<text x="${pad.left}" y="${height - 10}" class="app-chart__label">${first}</text><text x="${width - pad.right}" y="${height - 10}" text-anchor="end" class="app-chart__label">${last}</text>`;
  const totalIssued = weeks.reduce((s, w) => s + w.issued, 0);
  const summary = `${wholeNumber(totalIssued)} plans issued over ${weeks.length} weeks, the first starting ${first} and the last ${last}.`;
  const svg = `<svg viewBox="0 0 ${width} ${height}" class="app-chart" role="img" aria-labelledby="trend-title trend-desc" focusable="false"><title id="trend-title">Weekly trend</title><desc id="trend-desc">${summary}</desc>${gridLines}${bars}${line}${dots}${countLabels}${axis}</svg>`;
  return { svg, summary };
}
