import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import { normalisePostcode } from '../../../platform/kernel/postcode.ts';
import type { LatLon } from './domain/journey.ts';

/**
 * Where a child lives, for journeys: the location on their record, else their postcode's centroid
 * from the directory the LA loaded, else nowhere (listed by the caller, never guessed).
 */

export type Centroids = ReadonlyMap<string, LatLon>;

export async function readCentroids(tx: Tx, laCode: string): Promise<Centroids> {
  const r = await sql<{ postcode: string; latitude: number; longitude: number }>`
    SELECT postcode, latitude, longitude FROM postcode_centroids WHERE la_code = ${laCode}`.execute(tx);
  return new Map(r.rows.map((c) => [c.postcode, { latitude: c.latitude, longitude: c.longitude }]));
}

export function homeOf(
  child: { homeLatitude: number | null; homeLongitude: number | null; homePostcode: string | null },
  centroids: Centroids,
): { home: LatLon; from: 'record' | 'postcode' } | null {
  if (child.homeLatitude !== null && child.homeLongitude !== null)
    return { home: { latitude: child.homeLatitude, longitude: child.homeLongitude }, from: 'record' };
  const compact = child.homePostcode ? normalisePostcode(child.homePostcode)?.replace(' ', '') : undefined;
  const home = compact ? centroids.get(compact) : undefined;
  return home ? { home, from: 'postcode' } : null;
}

/** Where these postcodes are, by the centroids the LA loaded: those not in it are left out. */
export async function centroidsOf(tx: Tx, laCode: string, postcodes: readonly string[]): Promise<Centroids> {
  const compact = [...new Set(postcodes.map((p) => p.replace(/\s+/g, '').toUpperCase()))];
  if (!compact.length) return new Map();
  const r = await sql<{ postcode: string; latitude: number; longitude: number }>`
    SELECT postcode, latitude, longitude FROM postcode_centroids
    WHERE la_code = ${laCode} AND postcode = ANY(${compact}::text[])`.execute(tx);
  return new Map(r.rows.map((c) => [c.postcode, { latitude: c.latitude, longitude: c.longitude }]));
}
