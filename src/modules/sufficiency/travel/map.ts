import { escapeHtml } from '../../../platform/http/html.ts';
import { fixed, latLonFrame } from '../map-frame.ts';
import type { AreaCentre, Flow } from './domain/flows.ts';

/**
 * Where children with plans live and the journeys they make, as an SVG drawn on the server
 * (map-frame.ts): each postcode district a blue circle at the middle of its children's homes, as
 * large as its children; the largest flows a line from the district to the setting, as thick as
 * its children; those settings black squares. The tables beside it say the same: the districts
 * with their children, and the flows drawn.
 */

export interface MapFlow extends Flow {
  settingName: string;
  setting: { latitude: number; longitude: number };
}

const maxHeight = 560;
const pad = 24;

export function journeysMap(
  areas: readonly AreaCentre[],
  flows: readonly MapFlow[],
  titleText: string,
): string {
  if (!areas.length) return '';
  const { width, height, x, y } = latLonFrame(
    [...areas.map((a) => a.centre), ...flows.map((f) => f.setting)],
    maxHeight,
    pad,
  );
  const centreOf = new Map(areas.map((a) => [a.area, a.centre]));
  const mostChildren = Math.max(1, ...areas.map((a) => a.children));
  const mostFlow = Math.max(1, ...flows.map((f) => f.children));
  const n = (v: number) => v.toLocaleString('en-GB');
  const lines = flows
    .flatMap((f) => {
      const from = centreOf.get(f.area);
      if (!from) return [];
      const label = `${f.area} to ${f.settingName}: ${n(f.children)} ${f.children === 1 ? 'child' : 'children'}, ${f.meanMinutes.toFixed(1)} minutes on average`;
      return [
        `<g><title>${escapeHtml(label)}</title><line x1="${x(from)}" y1="${y(from)}" x2="${x(f.setting)}" y2="${y(f.setting)}" stroke="#505a5f" stroke-opacity="0.75" stroke-width="${fixed(1 + 5 * Math.sqrt(f.children / mostFlow))}" stroke-linecap="round"/></g>`,
      ];
    })
    .join('');
  const circles = [...areas]
    .sort((a, b) => b.children - a.children)
    .map(
      (a) =>
        `<g><title>${escapeHtml(`${a.area}: ${n(a.children)} ${a.children === 1 ? 'child' : 'children'}`)}</title><circle cx="${x(a.centre)}" cy="${y(a.centre)}" r="${fixed(2 + 9 * Math.sqrt(a.children / mostChildren))}" fill="#1d70b8" fill-opacity="0.7" stroke="#0b0c0c" stroke-width="0.5"/></g>`,
    )
    .join('');
  const drawn = new Map(flows.map((f) => [f.settingId, f]));
  const squares = [...drawn.values()]
    .map(
      (f) =>
        `<g><title>${escapeHtml(f.settingName)}</title><rect x="${fixed(x(f.setting) - 5)}" y="${fixed(y(f.setting) - 5)}" width="10" height="10" fill="#0b0c0c"/></g>`,
    )
    .join('');
  const children = areas.reduce((s, a) => s + a.children, 0);
  const desc = `${n(areas.length)} postcode districts drawn at the middle of their children's homes, each blue circle as large as its children (${n(children)} in all); the ${n(flows.length)} largest flows from a district to a setting drawn as grey lines as thick as their children, to ${n(drawn.size)} ${drawn.size === 1 ? 'setting' : 'settings'} drawn as black squares. The tables beside the map give each district and each flow drawn.`;
  return `<svg viewBox="0 0 ${width} ${height}" class="app-chart" role="img" aria-labelledby="journeys-map-title journeys-map-desc" focusable="false"><title id="journeys-map-title">${escapeHtml(titleText)}</title><desc id="journeys-map-desc">${escapeHtml(desc)}</desc><rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="#f3f2f1" stroke="#b1b4b6"/>${lines}${circles}${squares}</svg>`;
}
