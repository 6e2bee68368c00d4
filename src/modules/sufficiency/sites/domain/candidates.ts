import type { Designation } from '../../optimise/domain/placement.ts';
import type { CandidateRanking, CandidateSite, SiteOutcome } from '../../optimise/domain/site-selection.ts';

/**
 * Candidate sites as the site-selection model takes them, and what a choice of sites comes to for
 * the children in need. Pure.
 *
 * A candidate's places fit children by the same need keys the waiting list's free places use
 * (`provision:SEN:age`, ../../optimise/domain/inputs.ts): an SRB is resourced provision, a new
 * special school a special school, and either takes a child waiting for any specialist place.
 * A phase's places take the ages of that phase on 31 August.
 */

export const siteKinds = ['srb_interest', 'new_special'] as const;
export type SiteKind = (typeof siteKinds)[number];

export const sitePhases = ['early_years', 'primary', 'secondary', 'post_16'] as const;
export type SitePhase = (typeof sitePhases)[number];

/** Ages on 31 August before the school year: from the first, up to but not including the second. */
const phaseAges: Record<SitePhase, readonly [low: number, high: number]> = {
  early_years: [2, 4],
  primary: [4, 11],
  secondary: [11, 16],
  post_16: [16, 19],
};

const provisionOf: Record<SiteKind, 'resourced_provision' | 'special_school'> = {
  srb_interest: 'resourced_provision',
  new_special: 'special_school',
};

export interface SitePlaces {
  senType: string;
  phase: SitePhase;
  places: number;
}

export interface StoredCandidate {
  id: string;
  name: string;
  kind: SiteKind;
  latitude: number;
  longitude: number;
  capitalCostPence: number | null;
  places: readonly SitePlaces[];
}

/** One designation per need and phase, each listing a key for every age of the phase. */
export function candidateDesignations(kind: SiteKind, places: readonly SitePlaces[]): Designation[] {
  return places.map((p) => {
    const [low, high] = phaseAges[p.phase];
    const needs: string[] = [];
    for (let age = low; age < high; age++)
      needs.push(`${provisionOf[kind]}:${p.senType}:${age}`, `any:${p.senType}:${age}`);
    // The key carries the age, so the journey's phase does not narrow the fit further.
    return { needs, phases: ['primary', 'secondary'], places: p.places };
  });
}

/**
 * A stored candidate for the model. Its location is the latitude and longitude kept with it (a
 * school's own, for an SRB), not the whole-metre grid reference, so a journey is the same however
 * the site was entered. The cost is in pounds: the model's budget row need not hold figures in
 * the billions that pence would make.
 */
export function candidateSite(c: StoredCandidate): CandidateSite {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind === 'srb_interest' ? 'srb-interest' : 'new-special',
    location: { latitude: c.latitude, longitude: c.longitude },
    adds: candidateDesignations(c.kind, c.places),
    ...(c.capitalCostPence === null ? {} : { cost: c.capitalCostPence / 100 }),
  };
}

export interface OutcomeCounts {
  atNewSite: number;
  atExisting: number;
  /** Without a place in county: still waiting, or still placed out of county. */
  unmet: number;
}

export interface ChildOutcomes {
  waiting: OutcomeCounts;
  outOfCounty: OutcomeCounts;
}

/** Where the children end up under a choice of sites, the waiting apart from those placed outside today. */
export function childOutcomes(outcome: SiteOutcome, outside: ReadonlySet<string>): ChildOutcomes {
  const chosen = new Set(outcome.chosen);
  const counts = (): OutcomeCounts => ({ atNewSite: 0, atExisting: 0, unmet: 0 });
  const result = { waiting: counts(), outOfCounty: counts() };
  for (const c of outcome.placement.children) {
    const group = outside.has(c.childId) ? result.outOfCounty : result.waiting;
    if (c.settingId === null) group.unmet++;
    else if (chosen.has(c.settingId)) group.atNewSite++;
    else group.atExisting++;
  }
  return result;
}

const tenth = (x: number) => Math.round(x * 10) / 10;

export interface OptionSummary {
  chosen: string[];
  /** Travel minutes plus the penalty for each child left without a place in county. */
  objective: number;
  travelMinutes: number;
  unmet: number;
  overLimit: number;
  costPence: number;
  children: ChildOutcomes;
}

export function optionSummary(
  outcome: SiteOutcome,
  candidates: readonly StoredCandidate[],
  outside: ReadonlySet<string>,
): OptionSummary {
  const pence = new Map(candidates.map((c) => [c.id, c.capitalCostPence ?? 0]));
  return {
    chosen: [...outcome.chosen],
    objective: tenth(outcome.objective),
    travelMinutes: tenth(outcome.travelMinutes),
    unmet: outcome.unmet,
    overLimit: outcome.placement.overLimit,
    costPence: outcome.chosen.reduce((s, id) => s + (pence.get(id) ?? 0), 0),
    children: childOutcomes(outcome, outside),
  };
}

export interface RankedCandidate {
  rank: number;
  candidateId: string;
  kind: SiteKind;
  /** Against no new site; negative when the site places children who then travel. */
  travelSavedMinutes: number;
  /** Children it gives a place in county who would otherwise have none. */
  unmetSaved: number;
  /** Of those, children placed out of county or in an independent setting today. */
  outOfCountySaved: number;
  objectiveSaved: number;
}

/**
 * The model's ranking of each candidate alone, with the out-of-county placements each saves:
 * those placed outside today whom no new site leaves outside and this one brings in.
 */
export function rankedCandidates(
  ranking: readonly CandidateRanking[],
  none: SiteOutcome,
  alone: ReadonlyMap<string, SiteOutcome>,
  outside: ReadonlySet<string>,
): RankedCandidate[] {
  const outsideUnmet = (o: SiteOutcome | undefined) =>
    (o?.placement.unplaced ?? []).filter((id) => outside.has(id)).length;
  const base = outsideUnmet(none);
  return ranking.map((r, i) => ({
    rank: i + 1,
    candidateId: r.candidateId,
    kind: r.kind === 'srb-interest' ? 'srb_interest' : 'new_special',
    travelSavedMinutes: tenth(r.travelSavedMinutes),
    unmetSaved: r.unmetSaved,
    outOfCountySaved: base - outsideUnmet(alone.get(r.candidateId)),
    objectiveSaved: tenth(r.objectiveSaved),
  }));
}
