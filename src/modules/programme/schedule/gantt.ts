import { escapeHtml } from '../../../platform/http/html.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { dayNumber, isoFromDayNumber } from '../../../platform/kernel/days.ts';

/**
 * The programme's timeline as an SVG drawn on the server: a row for each project, its plan as an
 * outlined bar and the dates it can keep given what it waits for as a filled one (dark red on the
 * critical path, blue off it), milestones as diamonds, and today as a line. The table beside it
 * gives every date the picture shows; the colours have at least 3:1 contrast with the background.
 */

export interface GanttRow {
  label: string;
  plannedStart: IsoDate;
  plannedEnd: IsoDate;
  start: IsoDate;
  finish: IsoDate;
  critical: boolean;
  milestones: { name: string; on: IsoDate }[];
}

const width = 760;
const labelWidth = 250;
const rowHeight = 26;
const top = 34;
const right = 12;
const fixed = (x: number) => Math.round(x * 10) / 10;

export function ganttSvg(rows: readonly GanttRow[], today: IsoDate, titleText: string): string {
  if (!rows.length) return '';
  const days = rows.flatMap((r) => [r.plannedStart, r.plannedEnd, r.start, r.finish].map(dayNumber));
  const first = Math.min(...days, dayNumber(today));
  const last = Math.max(...days, dayNumber(today)) + 1;
  const span = Math.max(1, last - first);
  const plot = width - labelWidth - right;
  const x = (d: IsoDate, end = false) =>
    fixed(labelWidth + ((dayNumber(d) + (end ? 1 : 0) - first) / span) * plot);
  const height = top + rows.length * rowHeight + 10;
  // A tick at the start of each year, so the picture can be read against the calendar.
  const ticks: string[] = [];
  for (let y = Number(isoFromDayNumber(first).slice(0, 4)); ; y++) {
    const d = dayNumber(`${y}-01-01`);
    if (d > last) break;
    if (d < first) continue;
    const at = fixed(labelWidth + ((d - first) / span) * plot);
    ticks.push(
      `<line x1="${at}" x2="${at}" y1="${top - 6}" y2="${height - 6}" stroke="#b1b4b6"/><text x="${fixed(at + 3)}" y="${top - 10}" font-size="13" fill="#0b0c0c">${y}</text>`,
    );
  }
  const bars = rows
    .map((r, i) => {
      const y = top + i * rowHeight;
      const label = r.label.length > 34 ? `${r.label.slice(0, 33)}…` : r.label;
      const plannedW = Math.max(1, x(r.plannedEnd, true) - x(r.plannedStart));
      const canW = Math.max(1, x(r.finish, true) - x(r.start));
      const ms = r.milestones
        .map((m) => {
          const cx = x(m.on);
          const cy = y + rowHeight / 2;
          return `<g><title>${escapeHtml(`${m.name}: ${m.on}`)}</title><path d="M${cx} ${fixed(cy - 7)} L${fixed(cx + 7)} ${cy} L${cx} ${fixed(cy + 7)} L${fixed(cx - 7)} ${cy} Z" fill="#0b0c0c"/></g>`;
        })
        .join('');
      return `<g><title>${escapeHtml(`${r.label}: planned ${r.plannedStart} to ${r.plannedEnd}; can run ${r.start} to ${r.finish}${r.critical ? ', on the critical path' : ''}`)}</title><text x="4" y="${y + 17}" font-size="13" fill="#0b0c0c">${escapeHtml(label)}</text><rect x="${x(r.plannedStart)}" y="${y + 3}" width="${fixed(plannedW)}" height="${rowHeight - 6}" fill="none" stroke="#505a5f" stroke-width="1.5"/><rect x="${x(r.start)}" y="${y + 8}" width="${fixed(canW)}" height="${rowHeight - 16}" fill="${r.critical ? '#942514' : '#1d70b8'}"/></g>${ms}`;
    })
    .join('');
  const now = x(today);
  const critical = rows.filter((r) => r.critical).length;
  const desc = `${rows.length} projects, each a row: the outlined bar is its plan, the filled bar the dates it can keep given what it waits for, dark red for the ${critical} on the critical path; diamonds are milestones and the dashed line is today. The table below gives every date.`;
  return `<svg viewBox="0 0 ${width} ${height}" class="app-chart app-gantt" role="img" aria-labelledby="gantt-title gantt-desc" focusable="false"><title id="gantt-title">${escapeHtml(titleText)}</title><desc id="gantt-desc">${escapeHtml(desc)}</desc>${ticks.join('')}${bars}<line x1="${now}" x2="${now}" y1="${top - 6}" y2="${height - 6}" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="4 3"/></svg>`;
}
