import { escapeHtml } from '../../../platform/http/html.ts';
import { fixed, latLonFrame } from '../map-frame.ts';

/**
 * The specialist settings as an SVG drawn on the server from their own coordinates (map-frame.ts).
 * Each setting is a circle as large as its places and coloured by whether it has room, is full or
 * is over; the table of settings on the same page says all of it, and the colours have at least
 * 3:1 contrast against the background.
 */

export interface MapSetting {
  name: string;
  latitude: number;
  longitude: number;
  places: number;
  status: 'over' | 'full' | 'room' | 'no-places';
}

const maxHeight = 520;
const pad = 28;
const colours: Record<MapSetting['status'], string> = {
  over: '#d4351c',
  full: '#b25f00',
  room: '#00703c',
  'no-places': '#505a5f',
};
const words: Record<MapSetting['status'], string> = {
  over: 'over its places',
  full: 'full',
  room: 'has room',
  'no-places': 'no places recorded',
};

export function settingsMap(settings: readonly MapSetting[], titleText: string): string {
  if (!settings.length) return '';
  const { width, height, x, y } = latLonFrame(settings, maxHeight, pad);
  const most = Math.max(1, ...settings.map((s) => s.places));
  const marks = [...settings]
    .sort((a, b) => b.places - a.places)
    .map((s) => {
      const cx = x(s);
      const cy = y(s);
      const r = fixed(4 + 10 * Math.sqrt(s.places / most));
      return `<g><title>${escapeHtml(`${s.name}: ${s.places.toLocaleString('en-GB')} places, ${words[s.status]}`)}</title><circle cx="${cx}" cy="${cy}" r="${r}" fill="${colours[s.status]}" fill-opacity="0.85" stroke="#0b0c0c" stroke-width="1"/></g>`;
    })
    .join('');
  const count = (st: MapSetting['status']) => settings.filter((s) => s.status === st).length;
  const desc = `${settings.length} settings placed by their location, each circle as large as its places: ${count('over')} over their places (red), ${count('full')} full (orange), ${count('room')} with room (green). The table of settings below gives each one.`;
  return `<svg viewBox="0 0 ${width} ${height}" class="app-chart" role="img" aria-labelledby="places-map-title places-map-desc" focusable="false"><title id="places-map-title">${escapeHtml(titleText)}</title><desc id="places-map-desc">${escapeHtml(desc)}</desc><rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="#f3f2f1" stroke="#b1b4b6"/>${marks}</svg>`;
}
