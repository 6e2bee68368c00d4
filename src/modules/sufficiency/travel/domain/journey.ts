import { z } from 'zod';

/**
 * A child's estimated journey from home to a setting, without a routing engine: the great-circle
 * distance, stretched by a detour factor into road kilometres, then driven at an average speed
 * after a fixed allowance for getting going (loading a wheelchair, collecting an escort). Pure.
 *
 * Road km is continuous in the straight-line distance: short trips wind more than long ones, so
 * the first thresholdKm are stretched by detourShort and the rest by detourLong. With the defaults
 * 10 km in a straight line is 14 km by road and 20 km is 14 + 1.3 × 10 = 27 km.
 */

/** WGS84 degrees, the same shape as the providers module's LatLong, so its points pass straight in. */
export interface LatLon {
  latitude: number;
  longitude: number;
}

/** The IUGG mean Earth radius, R₁ = (2a + b) / 3 of WGS84. */
export const earthMeanRadiusKm = 6371.0088;

export interface JourneyConfig {
  /** Road km per straight km up to thresholdKm. */
  detourShort: number;
  thresholdKm: number;
  /** Road km per straight km beyond thresholdKm. */
  detourLong: number;
  /** Average door-to-door speed on the road, km/h. */
  speedKmh: number;
  /** Added to every journey, minutes. */
  fixedMinutes: number;
}

export const defaultJourneyConfig: JourneyConfig = {
  detourShort: 1.4,
  thresholdKm: 10,
  detourLong: 1.3,
  speedKmh: 45,
  fixedMinutes: 5,
};

// Zod's numbers refuse NaN and the infinities, so this is positive and finite.
const positive = (what: string) =>
  z
    .number({ error: `Enter ${what} as a number` })
    .positive(`${what[0]?.toUpperCase()}${what.slice(1)} must be more than 0`);

export const journeyConfigSchema: z.ZodType<JourneyConfig> = z.object({
  detourShort: positive('the detour factor for short journeys'),
  thresholdKm: positive('the distance where long journeys begin'),
  detourLong: positive('the detour factor for long journeys'),
  speedKmh: positive('the average speed'),
  fixedMinutes: positive('the fixed minutes'),
});

export interface ConfigProblem {
  field: string;
  message: string;
}

export type JourneyConfigOutcome =
  | { ok: true; config: JourneyConfig }
  | { ok: false; problems: ConfigProblem[] };

/** Checks a journey configuration, say from a form or a saved scenario. Never throws. */
export function checkJourneyConfig(input: unknown): JourneyConfigOutcome {
  const parsed = journeyConfigSchema.safeParse(input);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
  };
}

const radians = Math.PI / 180;

/**
 * Great-circle km by the haversine formula on a sphere of the mean Earth radius: within 0.5% of
 * the ellipsoidal distance, far finer than the detour factors.
 */
export function greatCircleKm(from: LatLon, to: LatLon): number {
  const dLat = (to.latitude - from.latitude) * radians;
  const dLon = (to.longitude - from.longitude) * radians;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(from.latitude * radians) * Math.cos(to.latitude * radians) * Math.sin(dLon / 2) ** 2;
  // min(1, …) keeps rounding from taking asin past its domain for antipodal points.
  return 2 * earthMeanRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function roadKm(straightKm: number, config: JourneyConfig = defaultJourneyConfig): number {
  if (straightKm <= config.thresholdKm) return straightKm * config.detourShort;
  return config.thresholdKm * config.detourShort + (straightKm - config.thresholdKm) * config.detourLong;
}

export function journeyMinutes(road: number, config: JourneyConfig = defaultJourneyConfig): number {
  return config.fixedMinutes + (road / config.speedKmh) * 60;
}

export interface Journey {
  straightKm: number;
  roadKm: number;
  minutes: number;
}

/**
 * How journeys are estimated, so a routing engine can replace the straight-line rule. Engines
 * answer one origin to many destinations in one request (OSRM's and Valhalla's table services)
 * and over the network, so an engine fits as an adapter outside the domain: it fetches the table
 * for every home and setting before the work begins and then answers these calls from it, with
 * straightKm still the great-circle distance for the fit rules that are set in kilometres.
 */
export interface JourneyEstimator {
  estimate(from: LatLon, to: LatLon): Journey;
  /** One origin to many destinations, in the order given. */
  estimateMany(from: LatLon, to: readonly LatLon[]): Journey[];
}

export function journeyFor(straightKm: number, config: JourneyConfig = defaultJourneyConfig): Journey {
  const road = roadKm(straightKm, config);
  return { straightKm, roadKm: road, minutes: journeyMinutes(road, config) };
}

/** The straight-line rule as an estimator. Throws on a configuration checkJourneyConfig refuses. */
export function straightLineEstimator(config: JourneyConfig = defaultJourneyConfig): JourneyEstimator {
  const checked = checkJourneyConfig(config);
  if (!checked.ok) throw new Error(checked.problems.map((p) => p.message).join('; '));
  const fixed = checked.config;
  return {
    estimate: (from, to) => journeyFor(greatCircleKm(from, to), fixed),
    estimateMany: (from, to) => to.map((t) => journeyFor(greatCircleKm(from, t), fixed)),
  };
}
