import { escapeHtml } from '../../../platform/http/html.ts';
import { roundedMoney } from '../presenters.ts';
import type { Income } from './domain/reports.ts';
import { monthText } from './presenters.ts';

/**
 * The year's income month by month as an SVG drawn on the server: what was ordered and what was
 * delivered each month as a pair of bars on one money scale: ordered on the left in blue,
 * delivered on the right in green, so place tells them apart as well as colour (each has at
 * least 3:1 contrast against white). The page gives the same figures in a table beneath.
 */

const width = 760;
const height = 280;
const pad = { left: 110, right: 16, top: 16, bottom: 40 };
export const orderedFill = '#1d70b8';
export const deliveredFill = '#00703c';

/** The top of the scale: 4 steps of 1, 2, 2.5 or 5 times a power of ten, at least the largest value. */
function scaleTop(maxPence: number): number {
  if (maxPence <= 0) return 100;
  const step = maxPence / 4;
  const power = 10 ** Math.floor(Math.log10(step));
  const nice = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= step) ?? 10 * power;
  return Math.ceil(nice) * 4;
}

const shortMonth = (month: string) => monthText(month).slice(0, 3);

export function incomeChart(label: string, income: Income): { svg: string; summary: string } | null {
  const months = income.byMonth;
  if (!months.some((m) => m.orderedPence > 0 || m.deliveredPence > 0)) return null;
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const top = scaleTop(Math.max(...months.flatMap((m) => [m.orderedPence, m.deliveredPence])));
  const slot = plotW / months.length;
  const x = (i: number) => pad.left + i * slot;
  const y = (pence: number) => pad.top + plotH - (pence / top) * plotH;
  const f = (n: number) => n.toFixed(1);
  const grid = [0, 1, 2, 3, 4]
    .map((k) => {
      const value = (top / 4) * k;
      return `<line x1="${pad.left}" x2="${width - pad.right}" y1="${f(y(value))}" y2="${f(y(value))}" class="app-chart__grid"/><text x="${pad.left - 8}" y="${f(y(value) + 5)}" text-anchor="end" class="app-chart__label">${roundedMoney(value)}</text>`;
    })
    .join('');
  const barW = slot * 0.34;
  const bars = months
    .map((m, i) => {
      const ordered = `<rect x="${f(x(i) + slot * 0.14)}" y="${f(y(m.orderedPence))}" width="${f(barW)}" height="${f(pad.top + plotH - y(m.orderedPence))}" fill="${orderedFill}"/>`;
      const deliveredTop = y(m.deliveredPence);
      const delivered = `<rect x="${f(x(i) + slot * 0.52)}" y="${f(deliveredTop)}" width="${f(barW)}" height="${f(pad.top + plotH - deliveredTop)}" fill="${deliveredFill}"/>`;
      return ordered + delivered;
    })
    .join('');
  const labels = months
    .map(
      (m, i) =>
        `<text x="${f(x(i) + slot / 2)}" y="${height - 14}" text-anchor="middle" class="app-chart__label">${escapeHtml(shortMonth(m.month))}</text>`,
    )
    .join('');
  const busiest = [...months].sort((a, b) => b.deliveredPence - a.deliveredPence)[0];
  const summary = `In ${label}, ${roundedMoney(income.totals.orderedPence)} was ordered and ${roundedMoney(income.totals.deliveredPence)} delivered${busiest && busiest.deliveredPence > 0 ? `; the most was delivered in ${monthText(busiest.month)}, ${roundedMoney(busiest.deliveredPence)}` : ''}.`;
  const svg = `<svg viewBox="0 0 ${width} ${height}" class="app-chart" role="img" aria-labelledby="income-title income-desc" focusable="false"><title id="income-title">Traded services ordered and delivered month by month in ${escapeHtml(label)}</title><desc id="income-desc">${escapeHtml(summary)}</desc>${grid}${bars}${labels}</svg>`;
  return { svg, summary };
}
