import { fyLabel } from '../../../platform/kernel/financial-years.ts';
import { monthOf, roundedMoney } from '../presenters.ts';

/**
 * The year's monthly trend as an SVG drawn on the server: what is committed each month as bars,
 * the forecast as a line, and the budget as a dashed step, on one money scale across the twelve
 * months April to March. The page shows the same figures in a table beneath, so nothing depends
 * on seeing the picture; the marks' colours have at least 3:1 contrast against white.
 */

export interface TrendPoint {
  takenOn: string;
  budgetPence: number;
  committedPence: number;
  forecastPence: number;
}

const width = 760;
const height = 280;
const pad = { left: 120, right: 16, top: 16, bottom: 40 };
const months = ['Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar'];
// GOV.UK black: the budget is a reference line, so it is drawn apart from the blue and red marks.
const budgetStroke = '#0b0c0c';

/** The month's place in the financial year: April 0 to March 11. */
const monthIndex = (date: string) => (Number(date.slice(5, 7)) + 8) % 12;

/** The top of the scale: 4 steps of 1, 2, 2.5 or 5 times a power of ten, at least the largest value. */
export function scaleTop(maxPence: number): number {
  if (maxPence <= 0) return 100;
  const step = maxPence / 4;
  const power = 10 ** Math.floor(Math.log10(step));
  const nice = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= step) ?? 10 * power;
  return Math.ceil(nice) * 4;
}

export function trendChart(
  fy: number,
  points: readonly TrendPoint[],
): { svg: string; summary: string } | null {
  if (!points.length) return null;
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const top = scaleTop(
    Math.max(...points.flatMap((p) => [p.budgetPence, p.committedPence, p.forecastPence])),
  );
  const slot = plotW / 12;
  const x = (i: number) => pad.left + i * slot;
  const y = (pence: number) => pad.top + plotH - (pence / top) * plotH;
  const f = (n: number) => n.toFixed(1);

  const grid = [0, 1, 2, 3, 4]
    .map((k) => {
      const value = (top / 4) * k;
      return `<line x1="${pad.left}" x2="${width - pad.right}" y1="${f(y(value))}" y2="${f(y(value))}" class="app-chart__grid"/><text x="${pad.left - 8}" y="${f(y(value) + 5)}" text-anchor="end" class="app-chart__label">${roundedMoney(value)}</text>`;
    })
    .join('');
  const monthLabels = months
    .map(
      (m, i) =>
        `<text x="${f(x(i) + slot / 2)}" y="${height - 14}" text-anchor="middle" class="app-chart__label">${m}</text>`,
    )
    .join('');
  const bars = points
    .map((p) => {
      const i = monthIndex(p.takenOn);
      return `<rect x="${f(x(i) + slot * 0.2)}" y="${f(y(p.committedPence))}" width="${f(slot * 0.6)}" height="${f(pad.top + plotH - y(p.committedPence))}" class="app-chart__bar"/>`;
    })
    .join('');
  // A step across each month's slot, so one month's budget shows as a line and a change shows as a step.
  const budget = points
    .map((p) => {
      const i = monthIndex(p.takenOn);
      return `<line x1="${f(x(i))}" x2="${f(x(i + 1))}" y1="${f(y(p.budgetPence))}" y2="${f(y(p.budgetPence))}" stroke="${budgetStroke}" stroke-width="3" stroke-dasharray="8 4"/>`;
    })
    .join('');
  const forecastPoints = points.map(
    (p) => `${f(x(monthIndex(p.takenOn)) + slot / 2)},${f(y(p.forecastPence))}`,
  );
  const forecastLine =
    forecastPoints.length > 1
      ? `<polyline points="${forecastPoints.join(' ')}" class="app-chart__line"/>`
      : '';
  const dots = forecastPoints
    .map((pt) => {
      const [cx, cy] = pt.split(',');
      return `<circle cx="${cx}" cy="${cy}" r="4" class="app-chart__dot"/>`;
    })
    .join('');

  const first = points[0] as TrendPoint;
  const last = points.at(-1) as TrendPoint;
  const summary =
    points.length === 1
      ? `In ${monthOf(first.takenOn)} the forecast was ${roundedMoney(first.forecastPence)}, with ${roundedMoney(first.committedPence)} committed, against a budget of ${roundedMoney(first.budgetPence)}.`
      : `The forecast went from ${roundedMoney(first.forecastPence)} in ${monthOf(first.takenOn)} to ${roundedMoney(last.forecastPence)} in ${monthOf(last.takenOn)}, with ${roundedMoney(last.committedPence)} committed, against a budget of ${roundedMoney(last.budgetPence)}.`;
  const svg = `<svg viewBox="0 0 ${width} ${height}" class="app-chart" role="img" aria-labelledby="trend-title trend-desc" focusable="false"><title id="trend-title">The high needs position month by month in ${fyLabel(fy)}</title><desc id="trend-desc">${summary}</desc>${grid}${bars}${budget}${forecastLine}${dots}${monthLabels}</svg>`;
  return { svg, summary };
}
