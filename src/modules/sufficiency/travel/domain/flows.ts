import { normalisePostcode } from '../../../../platform/kernel/postcode.ts';
import type { LatLon } from './journey.ts';

/**
 * Where the demand for places comes from and where it goes: children counted by the postcode
 * district they live in (the outward code, "NR14" of "NR14 7AB"), each district drawn at the
 * middle of its children's homes, and the flows from each district to each setting. A district
 * is a coarse enough place that a map of it shows no one's home. Pure.
 */

const naturalOrder = new Intl.Collator('en-GB', { numeric: true });

export interface FlowTrip {
  /** The outward code of the home postcode; '' when there is none. */
  homeArea: string;
  home: LatLon;
  settingId: string;
  minutes: number;
}

export interface AreaCentre {
  area: string;
  children: number;
  /** The mean of the children's home coordinates. */
  centre: LatLon;
}

export interface Flow {
  area: string;
  settingId: string;
  children: number;
  meanMinutes: number;
}

/** "nr14 7ab" → "NR14"; '' for no postcode or one that is not the shape of a UK postcode. */
export function outwardCode(postcode: string | null): string {
  const normal = postcode ? normalisePostcode(postcode) : null;
  return normal ? (normal.split(' ')[0] ?? '') : '';
}

/** One centre per district with a postcode, in district order; homes with no postcode are left out. */
export function areaCentres(trips: readonly FlowTrip[]): AreaCentre[] {
  const sums = new Map<string, { n: number; lat: number; lon: number }>();
  for (const t of trips) {
    if (!t.homeArea) continue;
    const s = sums.get(t.homeArea) ?? { n: 0, lat: 0, lon: 0 };
    sums.set(t.homeArea, { n: s.n + 1, lat: s.lat + t.home.latitude, lon: s.lon + t.home.longitude });
  }
  return [...sums.entries()]
    .sort(([a], [b]) => naturalOrder.compare(a, b))
    .map(([area, s]) => ({
      area,
      children: s.n,
      centre: { latitude: s.lat / s.n, longitude: s.lon / s.n },
    }));
}

/**
 * Every district-to-setting flow, the largest first; ties by the longer journey first (the flows
 * worth looking at), then by district and setting so the order never depends on the input's.
 */
export function travelFlows(trips: readonly FlowTrip[]): Flow[] {
  const sums = new Map<string, { area: string; settingId: string; n: number; minutes: number }>();
  for (const t of trips) {
    const key = `${t.homeArea}\u0000${t.settingId}`;
    const s = sums.get(key) ?? { area: t.homeArea, settingId: t.settingId, n: 0, minutes: 0 };
    sums.set(key, { ...s, n: s.n + 1, minutes: s.minutes + t.minutes });
  }
  return [...sums.values()]
    .map((s) => ({ area: s.area, settingId: s.settingId, children: s.n, meanMinutes: s.minutes / s.n }))
    .sort(
      (a, b) =>
        b.children - a.children ||
        b.meanMinutes - a.meanMinutes ||
        naturalOrder.compare(a.area, b.area) ||
        a.settingId.localeCompare(b.settingId),
    );
}
