import proj4 from 'proj4';

/** EPSG:27700, the British National Grid, with the OS 7-parameter shift to WGS84 (good to about 5 m). */
export const britishNationalGrid =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';

const gridToWgs84 = proj4(britishNationalGrid, 'WGS84');

export interface LatLong {
  latitude: number;
  longitude: number;
}

/** The grid's own extent, in metres. */
export const gridExtent = { maxEasting: 700_000, maxNorthing: 1_300_000 } as const;

/** Great Britain and its islands, as the database checks them. */
export const greatBritainBounds = {
  minLatitude: 49,
  maxLatitude: 61,
  minLongitude: -9,
  maxLongitude: 2.5,
} as const;

// Six decimal places is about 10 cm: far finer than the conversion, and it keeps stored values tidy.
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Easting and northing in metres → WGS84 latitude and longitude in degrees. */
export function gridToLatLong(easting: number, northing: number): LatLong {
  const [longitude, latitude] = gridToWgs84.forward([easting, northing]);
  return { latitude: round6(latitude ?? Number.NaN), longitude: round6(longitude ?? Number.NaN) };
}

export function isInGreatBritain(p: LatLong): boolean {
  const b = greatBritainBounds;
  return (
    p.latitude >= b.minLatitude &&
    p.latitude <= b.maxLatitude &&
    p.longitude >= b.minLongitude &&
    p.longitude <= b.maxLongitude
  );
}

export type GridPoint =
  | { ok: true; easting: number; northing: number; point: LatLong }
  | { ok: false; problem: string };

/** Checks a grid reference is a point in Great Britain and converts it. Never throws. */
export function checkGridPoint(easting: number, northing: number): GridPoint {
  if (!Number.isInteger(easting) || easting < 0 || easting > gridExtent.maxEasting)
    return { ok: false, problem: 'Easting must be a whole number of metres from 0 to 700000' };
  if (!Number.isInteger(northing) || northing < 0 || northing > gridExtent.maxNorthing)
    return { ok: false, problem: 'Northing must be a whole number of metres from 0 to 1300000' };
  const point = gridToLatLong(easting, northing);
  if (!isInGreatBritain(point))
    return { ok: false, problem: 'Easting and northing must be a point in Great Britain' };
  return { ok: true, easting, northing, point };
}
