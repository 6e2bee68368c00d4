import { escapeHtml } from '../../../../platform/http/html.ts';
import { wholeNumber } from '../../../../platform/kernel/numbers.ts';
import type { BandCount } from '../domain/compare.ts';

/**
 * How many schools fall in each band of change from last year, as an SVG bar chart drawn on the
 * server: one bar per band, falls in red on the left, no change in grey, rises in green on the
 * right, each bar's count written above it and its band named beneath, so nothing rests on colour
 * (every colour at least 3:1 against white). The page gives the same counts in a table.
 */

const width = 760;
const height = 300;
const pad = { left: 48, right: 16, top: 28, bottom: 84 };
// GOV.UK red, dark grey and green, set as SVG attributes, which the Content-Security-Policy allows.
const fills = { fall: '#d4351c', same: '#505a5f', rise: '#00703c', new: '#1d70b8' } as const;

/** The short name under each bar, in two lines; the table beside the chart says each in full. */
const shortLabels: Record<BandCount['band'], string[]> = {
  'fall-over-10': ['Down', 'over 10%'],
  'fall-5-10': ['Down', '5–10%'],
  'fall-2-5': ['Down', '2–5%'],
  'fall-0-2': ['Down', '0–2%'],
  same: ['No', 'change'],
  'rise-0-2': ['Up', '0–2%'],
  'rise-2-5': ['Up', '2–5%'],
  'rise-5-10': ['Up', '5–10%'],
  'rise-over-10': ['Up', 'over 10%'],
  new: ['New', 'this year'],
};

const fillOf = (band: BandCount['band']) =>
  band === 'same'
    ? fills.same
    : band === 'new'
      ? fills.new
      : band.startsWith('fall')
        ? fills.fall
        : fills.rise;

/** The top of the scale: a whole number of schools at least the largest count, in four even steps. */
function scaleTop(max: number): number {
  if (max <= 4) return 4;
  const step = Math.ceil(max / 4);
  const power = 10 ** Math.floor(Math.log10(step));
  const nice = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= step && Number.isInteger(s)) ?? step;
  return nice * 4;
}

export function distributionChart(
  bands: readonly BandCount[],
  title: string,
  id: string,
): { svg: string; summary: string } | null {
  const total = bands.reduce((s, b) => s + b.count, 0);
  if (!total) return null;
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const top = scaleTop(Math.max(...bands.map((b) => b.count)));
  const slot = plotW / bands.length;
  const y = (n: number) => pad.top + plotH - (n / top) * plotH;
  const f = (n: number) => n.toFixed(1);
  const grid = [0, 1, 2, 3, 4]
    .map((k) => {
      const value = (top / 4) * k;
      return `<line x1="${pad.left}" x2="${width - pad.right}" y1="${f(y(value))}" y2="${f(y(value))}" class="app-chart__grid"/><text x="${pad.left - 8}" y="${f(y(value) + 5)}" text-anchor="end" class="app-chart__label">${wholeNumber(value)}</text>`;
    })
    .join('');
  const bars = bands
    .map((b, i) => {
      const x = pad.left + i * slot;
      const cx = x + slot / 2;
      const [l1, l2] = shortLabels[b.band];
      const bar = b.count
        ? `<rect x="${f(x + slot * 0.15)}" y="${f(y(b.count))}" width="${f(slot * 0.7)}" height="${f(pad.top + plotH - y(b.count))}" fill="${fillOf(b.band)}"/>`
        : '';
      return `${bar}<text x="${f(cx)}" y="${f(y(b.count) - 6)}" text-anchor="middle" class="app-chart__label">${wholeNumber(b.count)}</text><text x="${f(cx)}" y="${height - pad.bottom + 22}" text-anchor="middle" class="app-chart__label">${escapeHtml(l1 ?? '')}</text><text x="${f(cx)}" y="${height - pad.bottom + 42}" text-anchor="middle" class="app-chart__label">${escapeHtml(l2 ?? '')}</text>`;
    })
    .join('');
  const count = (band: (b: BandCount) => boolean) => bands.filter(band).reduce((s, b) => s + b.count, 0);
  const falls = count((b) => b.band.startsWith('fall'));
  const rises = count((b) => b.band.startsWith('rise'));
  const most = [...bands].sort((a, b) => b.count - a.count)[0] as BandCount;
  const summary = `Of ${wholeNumber(total)} schools, ${wholeNumber(falls)} fall and ${wholeNumber(rises)} rise against last year; the most, ${wholeNumber(most.count)}, ${most.band === 'same' ? 'have no change' : most.band === 'new' ? 'had no allocation last year' : `are in the band ${most.label.toLowerCase()}`}.`;
  const svg = `<svg viewBox="0 0 ${width} ${height}" class="app-chart" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false"><title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(summary)}</desc>${grid}${bars}</svg>`;
  return { svg, summary };
}
