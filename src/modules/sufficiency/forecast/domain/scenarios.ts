import {
  type CohortModel,
  type CohortRunOptions,
  type CohortRuns,
  cellOf,
  changeProblems,
  type ScenarioChange,
  simulateCohort,
} from './cohort.ts';
import { type ForecastProblem, refuseIfAny } from './errors.ts';
import { type Interval, intervalOf } from './stats.ts';

export type { ScenarioChange } from './cohort.ts';

/**
 * Scenarios: the base forecast and the same forecast with some rates changed ("move 10% of new
 * special-school joiners to SRBs from 2027"), run with the same seed so that every state and
 * joiner draws the same random numbers in both (common random numbers). The difference in places
 * is taken run by run, so its interval is the scenario's own uncertainty, not two forecasts' noise
 * added together; a change that changes nothing (a 0% redirect) gives a difference of exactly 0.
 */

export interface ScenarioOptions extends CohortRunOptions {
  /**
   * What a place costs a year in each setting group, in whole pence (editable, or from the
   * placements' costs where there are any). Without it the comparison is in places only.
   */
  costPerPlacePence?: Readonly<Record<string, number>>;
  /**
   * Groups the records may hold no one in that a redirect may still send joiners to (an LA's first
   * SRBs, say). Any other group a change names must be in the records.
   */
  groupsThatMayOpen?: readonly string[];
}

export interface PlacesDifference {
  year: number;
  horizon: number;
  /** The setting group, or null for every group together. */
  group: string | null;
  base: Interval;
  scenario: Interval;
  /** Scenario less base, run by run. */
  difference: Interval;
}

export interface CostDifference {
  year: number;
  horizon: number;
  /** The year's cost of every place, in pence: medians and 80% intervals are whole pence. */
  basePence: Interval;
  scenarioPence: Interval;
  differencePence: Interval;
}

export interface ScenarioComparison {
  origin: number;
  horizon: number;
  simulations: number;
  seed: number;
  changes: ScenarioChange[];
  places: PlacesDifference[];
  cost: CostDifference[] | null;
}

function costProblems(
  model: CohortModel,
  costs: Readonly<Record<string, number>> | undefined,
): ForecastProblem[] {
  if (costs === undefined) return [];
  const problems: ForecastProblem[] = [];
  for (const group of model.groups) {
    const pence = costs[group];
    if (pence === undefined)
      problems.push({
        code: 'missing-cost',
        field: `costPerPlacePence.${group}`,
        message: `Give the cost of a place a year in ${group} (0 if it costs nothing), so the scenario can be costed`,
      });
    else if (!Number.isSafeInteger(pence) || pence < 0)
      problems.push({
        code: 'bad-cost',
        field: `costPerPlacePence.${group}`,
        message: `The cost of a place in ${group} must be whole pence, 0 or more, not ${String(pence)}`,
      });
  }
  return problems;
}

/**
 * The model with a group no one is in yet, appended last, whose children continue, leave and move
 * on at the rates of the group they would otherwise have joined (`like`): the records can say
 * nothing of a group with no one in it, and the children are the same children. No one already
 * placed moves into it; only a redirect of joiners fills it.
 */
export function withNewGroup(model: CohortModel, group: string, like: string): CohortModel {
  const G = model.groups.length;
  const l = model.groups.indexOf(like);
  if (l < 0 || model.groups.includes(group)) return model;
  const D = G + 1;
  const G2 = G + 1;
  const D2 = G2 + 1;
  const ageNeeds = model.alphas.length / (G * D);
  const alphas = new Float64Array(ageNeeds * G2 * D2);
  const transitions = new Float64Array(ageNeeds * G2 * D2);
  for (let b = 0; b < ageNeeds; b++) {
    for (let g = 0; g < G; g++) {
      const from = (b * G + g) * D;
      const to = (b * G2 + g) * D2;
      for (let d = 0; d < D; d++) {
        alphas[to + d] = model.alphas[from + d] as number;
        transitions[to + d] = model.transitions[from + d] as number;
      }
    }
    const likeRow = (b * G + l) * D;
    const row = (b * G2 + G) * D2;
    for (let d = 0; d < D; d++) alphas[row + d] = model.alphas[likeRow + d] as number;
    // Staying where they are is staying in the new group, not moving to the one it is like.
    alphas[row + 1 + G] = model.alphas[likeRow + 1 + l] as number;
    alphas[row + 1 + l] = 0;
  }
  const remap = (st: number) => Math.floor(st / G) * G2 + (st % G);
  return {
    ...model,
    groups: [...model.groups, group],
    start: model.start.map(remap),
    alphas,
    transitions,
    joiners: { ...model.joiners, states: model.joiners.states.map(remap) },
  };
}

/** Every run's places in each group (and in total, last) in one January. */
function placesOf(runs: CohortRuns, run: number, y: number): number[] {
  const at = (run * runs.horizon + y - 1) * runs.cells;
  const byGroup = runs.groups.map((_, g) => runs.values[at + cellOf(runs, null, null, g)] as number);
  byGroup.push(runs.values[at + cellOf(runs, null, null, null)] as number);
  return byGroup;
}

const wholePence = (i: Interval): Interval => ({ ...i, mean: Math.round(i.mean) });

/**
 * The base forecast beside the forecast with `changes`, each January: places by group and in
 * total, and, given a cost per place, what the places cost. Refused with the problems named when a
 * change or a cost is wrong (a share outside 0–1, a negative or not-a-number factor, a group not in
 * the records, a year outside the forecast, a cost missing or not whole pence).
 */
export function compareScenario(
  fitted: CohortModel,
  changes: readonly ScenarioChange[],
  options: ScenarioOptions,
): ScenarioComparison {
  let model = fitted;
  const horizon = options.horizon ?? 5;
  const opening = options.groupsThatMayOpen ?? [];
  for (const c of changes)
    if (c.kind === 'redirect-joiners' && opening.includes(c.to) && model.groups.includes(c.from))
      model = withNewGroup(model, c.to, c.from);
  refuseIfAny([
    ...changeProblems(model, changes, horizon),
    ...costProblems(model, options.costPerPlacePence),
  ]);
  const run = { simulations: options.simulations, seed: options.seed, horizon, ageBasis: options.ageBasis };
  const base = simulateCohort(model, run);
  const scenario = simulateCohort(model, run, changes);
  const G = model.groups.length;
  const n = options.simulations;
  const costs = options.costPerPlacePence;
  const places: PlacesDifference[] = [];
  const cost: CostDifference[] = [];
  const columns = Array.from({ length: G + 1 }, () => ({
    base: new Float64Array(n),
    scenario: new Float64Array(n),
    difference: new Float64Array(n),
  }));
  const money = { base: new Float64Array(n), scenario: new Float64Array(n), difference: new Float64Array(n) };
  for (let y = 1; y <= horizon; y++) {
    for (let r = 0; r < n; r++) {
      const b = placesOf(base, r, y);
      const s = placesOf(scenario, r, y);
      for (let g = 0; g <= G; g++) {
        const column = columns[g] as (typeof columns)[number];
        column.base[r] = b[g] as number;
        column.scenario[r] = s[g] as number;
        column.difference[r] = (s[g] as number) - (b[g] as number);
      }
      if (costs) {
        let basePence = 0;
        let scenarioPence = 0;
        model.groups.forEach((group, g) => {
          const each = costs[group] as number;
          basePence += (b[g] as number) * each;
          scenarioPence += (s[g] as number) * each;
        });
        money.base[r] = basePence;
        money.scenario[r] = scenarioPence;
        money.difference[r] = scenarioPence - basePence;
      }
    }
    for (let g = 0; g <= G; g++) {
      const column = columns[g] as (typeof columns)[number];
      places.push({
        year: model.origin + y,
        horizon: y,
        group: g === G ? null : (model.groups[g] as string),
        base: intervalOf(column.base),
        scenario: intervalOf(column.scenario),
        difference: intervalOf(column.difference),
      });
    }
    if (costs)
      cost.push({
        year: model.origin + y,
        horizon: y,
        basePence: wholePence(intervalOf(money.base)),
        scenarioPence: wholePence(intervalOf(money.scenario)),
        differencePence: wholePence(intervalOf(money.difference)),
      });
  }
  return {
    origin: model.origin,
    horizon,
    simulations: n,
    seed: options.seed,
    changes: [...changes],
    places,
    cost: costs ? cost : null,
  };
}
