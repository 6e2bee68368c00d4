/**
 * The frame the sufficiency maps draw in from latitude and longitude, with no map tiles: longitude
 * is scaled by the cosine of the middle latitude, which keeps an LA's shape true to within a
 * fraction of a percent, and the picture is at least about 10 km each way so one setting or a
 * tight cluster does not fill it.
 */

export interface LatLonPoint {
  latitude: number;
  longitude: number;
}

export interface MapFrame {
  width: number;
  height: number;
  x: (p: LatLonPoint) => number;
  y: (p: LatLonPoint) => number;
}

export const mapWidth = 640;
const minSpanDegrees = 0.09;

/** One decimal place of a pixel: enough for the eye, and the SVG stays short. */
export const fixed = (x: number) => Math.round(x * 10) / 10;

export function latLonFrame(points: readonly LatLonPoint[], maxHeight: number, pad: number): MapFrame {
  const lats = points.map((p) => p.latitude);
  const midLat = (Math.max(...lats) + Math.min(...lats)) / 2;
  const k = Math.cos((midLat * Math.PI) / 180);
  const xs = points.map((p) => p.longitude * k);
  const spanX = Math.max(minSpanDegrees, Math.max(...xs) - Math.min(...xs));
  const spanY = Math.max(minSpanDegrees, Math.max(...lats) - Math.min(...lats));
  const midX = (Math.max(...xs) + Math.min(...xs)) / 2;
  const scale = Math.min((mapWidth - 2 * pad) / spanX, (maxHeight - 2 * pad) / spanY);
  const height = Math.round(spanY * scale + 2 * pad);
  return {
    width: mapWidth,
    height,
    x: (p) => fixed(mapWidth / 2 + (p.longitude * k - midX) * scale),
    y: (p) => fixed(height / 2 - (p.latitude - midLat) * scale),
  };
}
