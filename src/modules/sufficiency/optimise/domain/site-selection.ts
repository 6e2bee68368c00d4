import { checkInEngland, type SitePoint } from '../../travel/domain/england.ts';
import { type JourneyConfig, journeyFor, type LatLon } from '../../travel/domain/journey.ts';
import {
  assemblePlacementModel,
  byArrival,
  type Designation,
  defaultFitRule,
  designationProblems,
  type PlacementChild,
  type PlacementModel,
  type PlacementOptions,
  type PlacementResult,
  type PlacementSetting,
  type Problem,
  placementInputProblems,
} from './placement.ts';

/**
 * New-site selection: among candidate sites (schools that expressed interest in an SRB, sites for
 * a new special school), which K to open, or which to open within a budget, so that the children's
 * travel plus a penalty for each child left without a place in county is least. A capacitated
 * facility-location model: the placement model with the candidates' places added as designations
 * that exist only when the candidate is chosen. Pure; ../solver.ts solves it.
 */

export interface CandidateSite {
  id: string;
  name?: string;
  /** Easting and northing from GIAS, or a latitude and longitude. */
  location: SitePoint;
  /** The places it would add. */
  adds: readonly Designation[];
  /** In whatever unit the budget is in; needed only when choosing within a budget. */
  cost?: number;
  kind: 'srb-interest' | 'new-special';
}

export type SiteChoice = { count: number } | { budget: number };

/**
 * An out-of-county placement, or none, counted as a journey of this many minutes. The default is
 * more than any single journey the default fit allows (60 km in a straight line is at most 110
 * minutes), so opening a site to place a child is worth more than shortening one other child's
 * journey; and finite, so the solver's proven gap is a gap in minutes that matter rather than in
 * a penalty dwarfing them.
 */
export const defaultUnmetPenaltyMinutes = 180;

/**
 * The penalty for a child left without a place under an LA's own journey rule and the furthest a
 * placement is proposed: the default while it is more than the longest journey that distance
 * allows, else the next whole hour above that journey, so that the default's reason still holds
 * on slow roads or with a wider reach.
 */
export function unmetPenaltyFor(maxFitKm: number, config: JourneyConfig): number {
  const longest = journeyFor(maxFitKm, config).minutes;
  return longest < defaultUnmetPenaltyMinutes
    ? defaultUnmetPenaltyMinutes
    : 60 * (Math.floor(longest / 60) + 1);
}

export interface SiteSelectionOptions extends PlacementOptions {
  unmetPenaltyMinutes?: number;
}

export interface SiteModel {
  /**
   * The placement model over the existing settings followed by the candidates (a candidate's id is
   * its setting's id), with the penalty for an unmet child as unplacedPenalty.
   */
  placement: PlacementModel;
  candidates: readonly CandidateSite[];
  /** The candidates' locations as latitude and longitude, in the same order. */
  candidateLocations: readonly LatLon[];
  /** The index into settings of the first candidate: settings before it are existing ones. */
  firstCandidateSetting: number;
  choice: SiteChoice;
}

export type SiteModelOutcome = { ok: true; model: SiteModel } | { ok: false; problems: Problem[] };

const nameOf = (c: CandidateSite) => (c.name ? `${c.name} (${c.id})` : c.id);

/** Refuses a candidate outside England, or any input that cannot be modelled, naming what is wrong. */
export function buildSiteModel(
  children: readonly PlacementChild[],
  settings: readonly PlacementSetting[],
  candidates: readonly CandidateSite[],
  choice: SiteChoice,
  options: SiteSelectionOptions = {},
): SiteModelOutcome {
  const problems = placementInputProblems(children, settings, options.fit ?? defaultFitRule);
  const ids = new Set(settings.map((s) => s.id));
  const locations: LatLon[] = [];
  candidates.forEach((c, i) => {
    const field = `candidates.${i}`;
    const name = `Candidate site ${nameOf(c)}`;
    if (!c.id) problems.push({ field: `${field}.id`, message: `Candidate site ${i + 1} has no id` });
    else if (ids.has(c.id))
      problems.push({ field: `${field}.id`, message: `${name} has the id of another setting or candidate` });
    ids.add(c.id);
    const where = checkInEngland(c.location);
    if (where.ok) locations.push(where.latLon);
    else problems.push({ field: `${field}.location`, message: `${name} ${where.message}` });
    problems.push(...designationProblems(field, name, c.adds));
    if (c.cost !== undefined && !(Number.isFinite(c.cost) && c.cost >= 0))
      problems.push({
        field: `${field}.cost`,
        message: `${name} has a cost that is not an amount of 0 or more`,
      });
    else if ('budget' in choice && c.cost === undefined)
      problems.push({
        field: `${field}.cost`,
        message: `${name} has no cost, so cannot be chosen within a budget`,
      });
  });
  if ('count' in choice) {
    if (!Number.isInteger(choice.count) || choice.count < 1 || choice.count > candidates.length)
      problems.push({
        field: 'choice.count',
        message: `Choose a whole number of sites from 1 to the ${candidates.length} candidates`,
      });
  } else if (!(Number.isFinite(choice.budget) && choice.budget >= 0))
    problems.push({ field: 'choice.budget', message: 'The budget must be an amount of 0 or more' });
  const penalty = options.unmetPenaltyMinutes ?? defaultUnmetPenaltyMinutes;
  if (!(Number.isFinite(penalty) && penalty > 0))
    problems.push({
      field: 'unmetPenaltyMinutes',
      message: 'The penalty for an unmet need must be more than 0',
    });
  if (problems.length) return { ok: false, problems };

  const candidateSettings: PlacementSetting[] = candidates.map((c, i) => ({
    id: c.id,
    location: locations[i] as LatLon,
    designations: c.adds,
  }));
  const placement = assemblePlacementModel(
    [...children].sort(byArrival),
    [...settings, ...candidateSettings],
    options,
  );
  return {
    ok: true,
    model: {
      placement: { ...placement, unplacedPenalty: penalty },
      candidates,
      candidateLocations: locations,
      firstCandidateSetting: settings.length,
      choice,
    },
  };
}

/**
 * The candidate each pool belongs to, −1 for an existing setting's pool: the pools whose places
 * exist only when their candidate is chosen.
 */
export function candidateOfPool(model: SiteModel): Int32Array {
  return Int32Array.from(model.placement.pools, (p) =>
    p.setting >= model.firstCandidateSetting ? p.setting - model.firstCandidateSetting : -1,
  );
}

/** What a set of chosen sites comes to. */
export interface SiteOutcome {
  chosen: string[];
  placement: PlacementResult;
  /** Minutes of the children not fixed plus the penalty for each left unmet. */
  objective: number;
  /** Children not fixed and left without a place in county. */
  unmet: number;
  /** Minutes of the children placed in county, fixed placements included. */
  travelMinutes: number;
  cost: number;
}

export function siteOutcome(
  model: SiteModel,
  chosen: readonly string[],
  placement: PlacementResult,
): SiteOutcome {
  const costOf = new Map(model.candidates.map((c) => [c.id, c.cost ?? 0]));
  return {
    chosen: [...chosen],
    placement,
    objective: placement.objective,
    unmet: placement.unplaced.length,
    travelMinutes: placement.totalMinutes,
    cost: chosen.reduce((s, id) => s + (costOf.get(id) ?? 0), 0),
  };
}

export interface CandidateRanking {
  candidateId: string;
  kind: CandidateSite['kind'];
  /** Fall in travel minutes with this site alone against no new site; negative when it places more children, who then travel. */
  travelSavedMinutes: number;
  /** Out-of-county (or unmet) placements it saves. */
  unmetSaved: number;
  /** Fall in the objective: the saved travel plus the penalty for each unmet placement saved. */
  objectiveSaved: number;
}

/**
 * Each candidate alone against no new site, best first: by the objective saved, then by unmet
 * placements saved, then by id so the order is always the same.
 */
export function rankCandidates(
  model: SiteModel,
  none: SiteOutcome,
  alone: readonly SiteOutcome[],
): CandidateRanking[] {
  return model.candidates
    .map((c, i) => {
      const with1 = alone[i] as SiteOutcome;
      return {
        candidateId: c.id,
        kind: c.kind,
        travelSavedMinutes: none.travelMinutes - with1.travelMinutes,
        unmetSaved: none.unmet - with1.unmet,
        objectiveSaved: none.objective - with1.objective,
      };
    })
    .sort(
      (a, b) =>
        b.objectiveSaved - a.objectiveSaved ||
        b.unmetSaved - a.unmetSaved ||
        (a.candidateId < b.candidateId ? -1 : a.candidateId > b.candidateId ? 1 : 0),
    );
}

/**
 * The plain pick to set beside the optimum: down the ranking, each site that still fits the choice
 * (the first K, or each that is still within the budget).
 */
export function pickByRanking(model: SiteModel, ranking: readonly CandidateRanking[]): string[] {
  const choice = model.choice;
  if ('count' in choice) return ranking.slice(0, choice.count).map((r) => r.candidateId);
  const costOf = new Map(model.candidates.map((c) => [c.id, c.cost ?? 0]));
  let left = choice.budget;
  const picked: string[] = [];
  for (const r of ranking) {
    const cost = costOf.get(r.candidateId) ?? 0;
    if (cost <= left) {
      picked.push(r.candidateId);
      left -= cost;
    }
  }
  return picked;
}
