import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { type SenType, senTypes } from '../../../platform/kernel/sen2.ts';
import { childPlanningFacts, ncYearOn } from '../../children/index.ts';
import { type PlacementType, placementsOn } from '../../placements/index.ts';
import { planningSettings } from '../../providers/index.ts';
import { authorise, type SufficiencyContext, transaction } from '../context.ts';
import { readSettings } from '../settings/service.ts';
import { outwardCode } from './domain/flows.ts';
import { type JourneyConfig, type LatLon, straightLineEstimator } from './domain/journey.ts';
import {
  type JourneySummary,
  type Phase,
  phaseOfNcYear,
  summariseJourneys,
  type TravelLimits,
} from './domain/summary.ts';
import { homeOf, readCentroids } from './homes.ts';

/**
 * Each child's estimated journey from home to the setting they are placed at today, and the
 * journeys summed up by need, phase, type of setting and the setting's district. A home without a
 * location takes its postcode's centroid from the table the LA loaded; a home still without one is
 * counted and listed, never guessed.
 */

export type SettingType = 'special' | 'unit' | 'mainstream' | 'independent' | 'post-16' | 'other';

export const settingTypeOfPlacement = (type: PlacementType | null, isSpecial: boolean): SettingType => {
  switch (type) {
    case 'maintained_special':
    case 'academy_special':
      return 'special';
    case 'non_maintained_special':
    case 'independent_special':
      return 'independent';
    case 'mainstream_unit':
      return 'unit';
    case 'mainstream':
      return 'mainstream';
    case 'fe_college':
    case 'specialist_post_16':
      return 'post-16';
    case null:
      return isSpecial ? 'special' : 'mainstream';
    default:
      return 'other';
  }
};

export interface ChildTrip {
  childId: string;
  need: SenType | null;
  phase: Phase;
  settingType: SettingType;
  district: string;
  minutes: number;
  roadKm: number;
  /** The home's postcode district ('' for none) and location, for the demand map: never shown alone. */
  homeArea: string;
  home: LatLon;
  settingId: string;
  /** Where the home's location came from: the child's record, or the postcode's centroid. */
  homeFrom: 'record' | 'postcode';
}

export interface TravelFigures {
  day: IsoDate;
  config: JourneyConfig;
  limits: TravelLimits;
  trips: ChildTrip[];
  all: JourneySummary;
  byNeed: JourneySummary[];
  byPhase: JourneySummary[];
  bySettingType: JourneySummary[];
  byDistrict: JourneySummary[];
  /** By the postcode district of the home. */
  byHomeArea: JourneySummary[];
  /** The settings children travel to, by id, for naming and drawing the flows. */
  settings: ReadonlyMap<string, { name: string; latitude: number; longitude: number }>;
  /** Children with a plan, placed at a located setting, whose home has no location at all. */
  unlocated: { childId: string; postcode: string | null }[];
  fromCentroids: number;
}

export async function getTravel(ctx: SufficiencyContext, day: IsoDate): Promise<TravelFigures> {
  authorise(ctx, 'sufficiency:read');
  const laCode = ctx.principal.laCode;
  const { config, limits } = await readSettings(ctx.database, { laCode, userId: ctx.principal.userId });
  const { facts, settings, placed, centroids } = await transaction(ctx, async (tx) => ({
    facts: await childPlanningFacts(tx, laCode, { withPlansOnly: true }),
    settings: await planningSettings(tx),
    placed: await placementsOn(tx, laCode, day),
    centroids: await readCentroids(tx, laCode),
  }));
  const byId = new Map(settings.map((s) => [s.id, s]));
  const placementOf = new Map(placed.map((p) => [p.childId, p]));
  const estimator = straightLineEstimator(config);
  const trips: ChildTrip[] = [];
  const unlocated: TravelFigures['unlocated'] = [];
  const visited = new Map<string, { name: string; latitude: number; longitude: number }>();
  for (const f of facts) {
    if (f.senProvision !== 'ehc_plan') continue;
    const p = placementOf.get(f.id);
    const settingId = p ? p.establishmentId : f.establishmentId;
    const setting = settingId ? byId.get(settingId) : undefined;
    if (!setting || setting.latitude === null || setting.longitude === null) continue;
    const located = homeOf(f, centroids);
    if (!located) {
      unlocated.push({ childId: f.id, postcode: f.homePostcode });
      continue;
    }
    const j = estimator.estimate(located.home, { latitude: setting.latitude, longitude: setting.longitude });
    trips.push({
      childId: f.id,
      need: (senTypes as readonly string[]).includes(f.primaryNeed ?? '') ? (f.primaryNeed as SenType) : null,
      phase: phaseOfNcYear(ncYearOn(f.dateOfBirth, day).ncYear),
      settingType: settingTypeOfPlacement(p ? p.type : null, setting.isSpecial),
      district: setting.district ?? '',
      minutes: j.minutes,
      roadKm: j.roadKm,
      homeArea: outwardCode(f.homePostcode),
      home: located.home,
      settingId: setting.id,
      homeFrom: located.from,
    });
    visited.set(setting.id, { name: setting.name, latitude: setting.latitude, longitude: setting.longitude });
  }
  const all = summariseJourneys(trips, () => 'all', limits)[0] ?? {
    key: 'all',
    count: 0,
    meanMinutes: 0,
    p90Minutes: 0,
    maxMinutes: 0,
    overLimit: 0,
  };
  return {
    day,
    config,
    limits,
    trips,
    all,
    byNeed: summariseJourneys(trips, (t) => t.need ?? '', limits),
    byPhase: summariseJourneys(trips, (t) => t.phase, limits),
    bySettingType: summariseJourneys(trips, (t) => t.settingType, limits),
    byDistrict: summariseJourneys(trips, (t) => t.district, limits),
    byHomeArea: summariseJourneys(trips, (t) => t.homeArea, limits),
    settings: visited,
    unlocated,
    fromCentroids: trips.filter((t) => t.homeFrom === 'postcode').length,
  };
}
