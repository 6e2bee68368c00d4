import { escapeHtml } from '../../../../platform/http/html.ts';
import { wholeNumber } from '../../../../platform/kernel/numbers.ts';
import { type CompletionFigures, completionMeasures } from './domain/lists.ts';
import { monthLabel } from './presenters.ts';

/**
 * The completion figures month by month as an SVG drawn on the server: the percentage met of each
 * measure as a line on a 0–100% scale, each line with its own colour, dash and mark so none
 * depends on colour alone (GOV.UK palette, each at least 3:1 against white: WCAG 1.4.11). A month
 * with nothing due leaves a gap. The page gives the same figures in a table.
 */

/** Drawn with SVG's own attributes, which the Content-Security-Policy allows where inline styles are not. */
const seriesStyles = [
  { stroke: '#1d70b8', dash: '', mark: 'circle' },
  { stroke: '#d53880', dash: '8 4', mark: 'square' },
  { stroke: '#00703c', dash: '2 3', mark: 'diamond' },
] as const;
type Series = (typeof seriesStyles)[number];

const line = (s: Series, points: string) =>
  `<polyline points="${points}" fill="none" stroke="${s.stroke}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`;

function mark(s: Series, cx: number, cy: number) {
  if (s.mark === 'circle') return `<circle cx="${cx}" cy="${cy}" r="3.5" fill="${s.stroke}"/>`;
  if (s.mark === 'square')
    return `<rect x="${cx - 3.5}" y="${cy - 3.5}" width="7" height="7" fill="${s.stroke}"/>`;
  return `<polygon points="${cx},${cy - 4.5} ${cx + 4.5},${cy} ${cx},${cy + 4.5} ${cx - 4.5},${cy}" fill="${s.stroke}"/>`;
}

/** A key's sample of a series: a short stretch of its line with its mark, as a small image of its own. */
export function legendSwatch(index: number): string {
  const s = seriesStyles[index] ?? seriesStyles[0];
  return `<svg width="36" height="12" viewBox="0 0 36 12" aria-hidden="true" focusable="false" class="app-chart-legend__sample">${line(s, '2,6 34,6')}${mark(s, 18, 6)}</svg>`;
}

const width = 760;
const height = 260;
const pad = { left: 56, right: 16, top: 16, bottom: 36 };

export function completionChart(f: CompletionFigures): { svg: string; summary: string } | null {
  const months = f.months;
  if (!months.length || completionMeasures.every((m) => f.totals[m.key].counted === 0)) return null;
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const step = plotW / months.length;
  const x = (i: number) => pad.left + step * i + step / 2;
  const y = (p: number) => pad.top + plotH - (p / 100) * plotH;
  const grid = [0, 25, 50, 75, 100]
    .map(
      (p) =>
        `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(p)}" y2="${y(p)}" class="app-chart__grid"/><text x="${pad.left - 6}" y="${y(p) + 4}" text-anchor="end" class="app-chart__label">${p}%</text>`,
    )
    .join('');
  const lines = completionMeasures
    .map((m, k) => {
      const style = seriesStyles[k] ?? seriesStyles[0];
      // Runs of months with figures, so a month with nothing due breaks the line rather than bridging it.
      const runs: string[][] = [[]];
      const dots: [number, number][] = [];
      months.forEach((month, i) => {
        const p = month[m.key].percentMet;
        if (p === null) {
          if (runs.at(-1)?.length) runs.push([]);
          return;
        }
        runs.at(-1)?.push(`${x(i).toFixed(1)},${y(p).toFixed(1)}`);
        dots.push([Number(x(i).toFixed(1)), Number(y(p).toFixed(1))]);
      });
      const paths = runs
        .filter((r) => r.length > 1)
        .map((r) => line(style, r.join(' ')))
        .join('');
      return paths + dots.map(([cx, cy]) => mark(style, cx, cy)).join('');
    })
    .join('');
  const first = monthLabel(months[0]?.month ?? '');
  const last = monthLabel(months.at(-1)?.month ?? '');
  const axis = `<text x="${pad.left}" y="${height - 10}" class="app-chart__label">${escapeHtml(first)}</text><text x="${width - pad.right}" y="${height - 10}" text-anchor="end" class="app-chart__label">${escapeHtml(last)}</text>`;
  const summary = `${completionMeasures
    .map((m) => {
      const c = f.totals[m.key];
      return `${m.label}: ${c.counted ? `${wholeNumber(c.met)} of ${wholeNumber(c.counted)}` : 'none due'}`;
    })
    .join(
      '; ',
    )}, over ${months.length} ${months.length === 1 ? 'month' : 'months'} from ${first} to ${last}.`;
  const svg = `<svg viewBox="0 0 ${width} ${height}" class="app-chart" role="img" aria-labelledby="completion-title completion-desc" focusable="false"><title id="completion-title">Completion month by month</title><desc id="completion-desc">${escapeHtml(summary)}</desc>${grid}${lines}${axis}</svg>`;
  return { svg, summary };
}
