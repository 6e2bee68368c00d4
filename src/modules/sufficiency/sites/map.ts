import { escapeHtml } from '../../../platform/http/html.ts';

/**
 * The candidate sites as an SVG drawn on the server from their own grid references, with no map
 * tiles: the British National Grid is a flat projection in metres, so eastings and northings plot
 * straight onto the page at one scale both ways. Each site carries its number in the table set
 * beside the map, which says everything the map does; the marks have at least 3:1 contrast.
 */

export interface MapSite {
  label: string;
  name: string;
  easting: number;
  northing: number;
  chosen: boolean;
}

const width = 640;
const maxHeight = 480;
const pad = 36;
/** A strip below the sites for the scale bar, so no site is drawn over it. */
const strip = 28;

/** A round length for the scale bar: no more than a fifth of the width drawn. */
function scaleMetres(shown: number): number {
  const target = shown / 5;
  const power = 10 ** Math.floor(Math.log10(Math.max(target, 1)));
  return (
    [1, 2, 5, 10]
      .map((m) => m * power)
      .filter((m) => m <= target)
      .pop() ?? power
  );
}

const fixed = (x: number) => Math.round(x * 10) / 10;

export function sitesMap(sites: readonly MapSite[], titleText: string): string {
  if (!sites.length) return '';
  const es = sites.map((s) => s.easting);
  const ns = sites.map((s) => s.northing);
  // At least 10 km each way, so one site or a tight cluster does not fill the picture.
  const spanE = Math.max(10_000, Math.max(...es) - Math.min(...es));
  const spanN = Math.max(10_000, Math.max(...ns) - Math.min(...ns));
  const midE = (Math.max(...es) + Math.min(...es)) / 2;
  const midN = (Math.max(...ns) + Math.min(...ns)) / 2;
  const scale = Math.min((width - 2 * pad) / spanE, (maxHeight - 2 * pad - strip) / spanN);
  const plotHeight = Math.round(spanN * scale + 2 * pad);
  const height = plotHeight + strip;
  const x = (e: number) => fixed(width / 2 + (e - midE) * scale);
  const y = (n: number) => fixed(plotHeight / 2 - (n - midN) * scale);
  const bar = scaleMetres((width - 2 * pad) / scale);
  const barPx = fixed(bar * scale);
  const marks = sites
    .map((s) => {
      const cx = x(s.easting);
      const cy = y(s.northing);
      const shape = s.chosen
        ? `<circle cx="${cx}" cy="${cy}" r="9" fill="#1d70b8" stroke="#0b0c0c" stroke-width="2"/>`
        : `<circle cx="${cx}" cy="${cy}" r="7" fill="#ffffff" stroke="#505a5f" stroke-width="3"/>`;
      return `<g><title>${escapeHtml(`${s.label}: ${s.name}${s.chosen ? ', chosen' : ''}`)}</title>${shape}<text x="${fixed(cx + 12)}" y="${fixed(cy + 5)}" font-size="16" fill="#0b0c0c">${escapeHtml(s.label)}</text></g>`;
    })
    .join('');
  const chosen = sites.filter((s) => s.chosen).length;
  const desc = `${sites.length} candidate ${sites.length === 1 ? 'site' : 'sites'} placed by easting and northing, ${chosen} of them chosen and drawn filled. The table beside the map lists each by its number.`;
  const scaleBar = `<g><line x1="${pad}" x2="${fixed(pad + barPx)}" y1="${height - 14}" y2="${height - 14}" stroke="#0b0c0c" stroke-width="3"/><text x="${pad}" y="${height - 20}" font-size="14" fill="#0b0c0c">${(bar / 1000).toLocaleString('en-GB')} km</text></g>`;
  return `<svg viewBox="0 0 ${width} ${height}" class="app-chart" role="img" aria-labelledby="sites-map-title sites-map-desc" focusable="false"><title id="sites-map-title">${escapeHtml(titleText)}</title><desc id="sites-map-desc">${escapeHtml(desc)}</desc><rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="#f3f2f1" stroke="#b1b4b6"/>${scaleBar}${marks}</svg>`;
}
