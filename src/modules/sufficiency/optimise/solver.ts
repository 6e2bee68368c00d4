import highsPackage, { type Basis, type Highs, type Model, type ModelData } from 'highs';
import {
  type Choice,
  choiceProblems,
  type PlacementModel,
  type PlacementResult,
  placementResult,
} from './domain/placement.ts';
import {
  type CandidateRanking,
  candidateOfPool,
  rankCandidates,
  type SiteModel,
  type SiteOutcome,
  siteOutcome,
} from './domain/site-selection.ts';

/**
 * The one place HiGHS (compiled to WebAssembly) is used. The models are passed as sparse
 * column-wise arrays to a persistent HiGHS model rather than written as LP text. For the
 * benchmark's 181,000 assignment variables (2,000 children over 300 settings), in CPU seconds to
 * build and solve: arrays 2.1 s; LP text through the one-shot solve() 6.6 s, of which writing the
 * 9 MB of text is 0.4 to 0.7 s and the rest parsing, solving and reading 181,000 named columns
 * back. The WebAssembly memory the solve needed was 160 MB.
 *
 * Placement is solved as an LP. It is an assignment (transportation) problem, whose constraint
 * matrix is totally unimodular, so with whole-number places every vertex is whole and the simplex
 * method, which ends at a vertex, gives each child all of one place or none: the LP optimum is the
 * integer optimum. Asked as a MIP the same model took 9.1 s and 330 MB. Each answer is checked
 * for whole values anyway, and solved as a MIP if one ever is not. Presolve is off: it removes
 * nothing from these models and took the LP from 2.1 s to 3.0 s.
 *
 * Site selection is a MIP (a 0–1 choice per candidate, the assignment continuous), stopped at a
 * proven relative gap of 1%. Its assignment is only as good as the gap, so the chosen sites'
 * children are then placed exactly by the LP, which can only lower the objective.
 */

/**
 * The package's types are CommonJS-shaped, so TypeScript takes its default import for the module
 * object; Node loads the package's ES build, whose default export is the loader itself.
 */
const loadHighs = highsPackage as unknown as typeof highsPackage.default;

let runtime: Promise<Highs> | undefined;

/** Loaded once per process and shared: compiling the WebAssembly takes about 0.1 s. */
function highs(): Promise<Highs> {
  runtime ??= loadHighs();
  return runtime;
}

export interface SolveOptions {
  /** Seconds before HiGHS stops with what it has. */
  timeLimitSeconds?: number;
}

export interface SiteSolveOptions extends SolveOptions {
  /** The relative gap between the best choice found and the proven bound at which to stop. */
  relativeGap?: number;
}

const placementTimeLimit = 60;
const siteTimeLimit = 120;
const siteRelativeGap = 0.01;

/** Within this of 0 or 1 a variable counts as whole: HiGHS's own feasibility tolerance is 1e-7. */
const wholeTolerance = 1e-6;
/** A relative gap this small is rounding: the choice is proven best. */
const closedGap = 1e-6;

/** HiGHS's model status by name: 'optimal', 'timeLimit', 'infeasible'… */
function statusName(h: Highs, code: number): string {
  for (const [name, value] of Object.entries(h.constants.modelStatus)) if (value === code) return name;
  return 'unknown';
}

/** A model in coordinate form, turned column-wise for HiGHS. */
class Builder {
  readonly colCost: number[] = [];
  readonly colUpper: number[] = [];
  readonly rowLower: number[] = [];
  readonly rowUpper: number[] = [];
  private readonly entryRow: number[] = [];
  private readonly entryCol: number[] = [];
  private readonly entryValue: number[] = [];

  col(cost: number, upper: number): number {
    this.colCost.push(cost);
    this.colUpper.push(upper);
    return this.colCost.length - 1;
  }

  row(lower: number, upper: number): number {
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    return this.rowLower.length - 1;
  }

  entry(row: number, col: number, value: number): void {
    this.entryRow.push(row);
    this.entryCol.push(col);
    this.entryValue.push(value);
  }

  model(integerFrom: number | null): ModelData {
    const numCols = this.colCost.length;
    const numRows = this.rowLower.length;
    const starts = new Int32Array(numCols + 1);
    for (const c of this.entryCol) starts[c + 1] = (starts[c + 1] ?? 0) + 1;
    for (let c = 0; c < numCols; c++) starts[c + 1] = (starts[c + 1] ?? 0) + (starts[c] ?? 0);
    const next = starts.slice(0, numCols);
    const indices = new Int32Array(this.entryRow.length);
    const values = new Float64Array(this.entryRow.length);
    this.entryCol.forEach((c, e) => {
      const at = next[c] ?? 0;
      indices[at] = this.entryRow[e] ?? 0;
      values[at] = this.entryValue[e] ?? 0;
      next[c] = at + 1;
    });
    return {
      numCols,
      numRows,
      colCost: this.colCost,
      colLower: new Float64Array(numCols),
      colUpper: this.colUpper,
      rowLower: this.rowLower,
      rowUpper: this.rowUpper,
      matrix: { format: 'csc', numRows, numCols, starts, indices, values },
      ...(integerFrom === null
        ? {}
        : { integrality: Int32Array.from({ length: numCols }, (_, c) => (c >= integerFrom ? 1 : 0)) }),
    };
  }
}

interface Assignment {
  builder: Builder;
  /** The row of each pool, −1 for a pool no child fits. */
  poolRow: Int32Array;
}

/**
 * The assignment model: a column per arc (column a for arc a) then an unplaced column per open
 * child, a row per open child (exactly one place or unplaced) and a row per pool some child fits
 * (no more than its places). With candidateOf, a candidate's pools start with no places: they are
 * opened by the choice.
 */
function assignment(placement: PlacementModel, candidateOf: Int32Array | null): Assignment {
  const b = new Builder();
  const { arcs } = placement;
  const open = placement.open.length;
  for (let k = 0; k < open; k++) b.row(1, 1);
  const poolRow = new Int32Array(placement.pools.length).fill(-1);
  for (const p of arcs.pool) {
    if (poolRow[p] !== -1) continue;
    const isCandidate = candidateOf !== null && (candidateOf[p] ?? -1) >= 0;
    poolRow[p] = b.row(-Infinity, isCandidate ? 0 : (placement.pools[p]?.places ?? 0));
  }
  for (let k = 0; k < open; k++)
    for (let a = arcs.arcStart[k] ?? 0; a < (arcs.arcStart[k + 1] ?? 0); a++) {
      const col = b.col(arcs.minutes[a] ?? 0, 1);
      b.entry(k, col, 1);
      b.entry(poolRow[arcs.pool[a] ?? 0] ?? 0, col, 1);
    }
  for (let k = 0; k < open; k++) b.entry(k, b.col(placement.unplacedPenalty, 1), 1);
  return { builder: b, poolRow };
}

/** Open child k's arc with value 1, or −1; null when a value is not whole. */
function choiceFrom(placement: PlacementModel, x: Float64Array): Choice | null {
  const { arcStart } = placement.arcs;
  const choice = new Int32Array(placement.open.length).fill(-1);
  for (let k = 0; k < choice.length; k++)
    for (let a = arcStart[k] ?? 0; a < (arcStart[k + 1] ?? 0); a++) {
      const v = x[a] ?? 0;
      if (Math.abs(v - Math.round(v)) > wholeTolerance) return null;
      if (v > 0.5) choice[k] = a;
    }
  return choice;
}

function checked(placement: PlacementModel, choice: Choice): Choice {
  const problems = choiceProblems(placement, choice);
  if (problems.length) throw new Error(`HiGHS gave an assignment that breaks the model: ${problems[0]}`);
  return choice;
}

type Options = Record<string, string | number | boolean>;

function withModel<T>(h: Highs, data: ModelData, options: Options, work: (m: Model) => T): T {
  const model = h.createModel(data);
  try {
    model.options.set({ output_flag: false, ...options });
    return work(model);
  } finally {
    model.dispose();
  }
}

interface AssignmentOutcome {
  status: string;
  choice: Choice | null;
  asMip: boolean;
}

/**
 * Runs an assignment LP and reads the choice back; a vertex that is somehow not whole is solved
 * again as a MIP on a copy of the model with its bounds as they stand.
 */
function runAssignment(h: Highs, m: Model, placement: PlacementModel, options: Options): AssignmentOutcome {
  m.run();
  const code = m.getModelStatus();
  if (code !== h.constants.modelStatus.optimal)
    return { status: statusName(h, code), choice: null, asMip: false };
  const choice = choiceFrom(placement, m.getSolution().colValue);
  if (choice !== null)
    return { status: statusName(h, code), choice: checked(placement, choice), asMip: false };
  const lp = m.getLp();
  return withModel(
    h,
    { ...lp, integrality: new Int32Array(lp.numCols).fill(h.constants.variableType.integer) },
    options,
    (mip) => {
      mip.run();
      const mipCode = mip.getModelStatus();
      const mipChoice =
        mipCode === h.constants.modelStatus.optimal
          ? choiceFrom(placement, mip.getSolution().colValue)
          : null;
      return {
        status: statusName(h, mipCode),
        choice: mipChoice === null ? null : checked(placement, mipChoice),
        asMip: true,
      };
    },
  );
}

export interface PlacementSolve {
  /** HiGHS's model status: 'optimal' when proven, otherwise the limit or failure that stopped it. */
  status: string;
  provenOptimal: boolean;
  /** Null when HiGHS stopped without an optimal assignment. */
  result: PlacementResult | null;
  solvedAs: 'lp' | 'mip';
  seconds: number;
}

/** The assignment that makes the total journey time least, placing as many children as can be. */
export async function solvePlacement(
  model: PlacementModel,
  options: SolveOptions = {},
): Promise<PlacementSolve> {
  const h = await highs();
  const started = performance.now();
  const settings: Options = { time_limit: options.timeLimitSeconds ?? placementTimeLimit, presolve: 'off' };
  const outcome = withModel(h, assignment(model, null).builder.model(null), settings, (m) =>
    runAssignment(h, m, model, settings),
  );
  return {
    status: outcome.status,
    provenOptimal: outcome.choice !== null,
    result: outcome.choice === null ? null : placementResult(model, outcome.choice, 'optimal', true),
    solvedAs: outcome.asMip ? 'mip' : 'lp',
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Answers "what if these candidates were opened?" exactly, again and again, on one persistent
 * model: opening a set changes only its pools' row bounds, so each solve can start from an earlier
 * solve's basis rather than from nothing, and takes a fraction of the time.
 */
class SiteEvaluator {
  private readonly candidateOf: Int32Array;
  private readonly candidateIndex: Map<string, number>;
  private opened: number[] = [];

  constructor(
    private readonly h: Highs,
    private readonly m: Model,
    private readonly site: SiteModel,
    private readonly poolRow: Int32Array,
    private readonly options: Options,
  ) {
    this.candidateOf = candidateOfPool(site);
    this.candidateIndex = new Map(site.candidates.map((c, i) => [c.id, i]));
  }

  basis(): Basis {
    return this.m.getBasis();
  }

  evaluate(chosen: readonly string[], from?: Basis): SiteOutcome {
    const wanted = new Set(chosen.map((id) => this.candidateIndex.get(id)));
    for (const p of this.opened) this.m.changeRowBounds(this.poolRow[p] ?? 0, -Infinity, 0);
    this.opened = [];
    this.site.placement.pools.forEach((pool, p) => {
      if (!wanted.has(this.candidateOf[p]) || (this.poolRow[p] ?? -1) < 0) return;
      this.m.changeRowBounds(this.poolRow[p] ?? 0, -Infinity, pool.places);
      this.opened.push(p);
    });
    if (from) this.m.setBasis(from);
    // The time limit counts from the last reset of the clocks, not from each run.
    this.m.zeroAllClocks();
    const outcome = runAssignment(this.h, this.m, this.site.placement, this.options);
    if (outcome.choice === null)
      throw new Error(
        `HiGHS could not place the children with ${chosen.join(', ') || 'no new site'}: ${outcome.status}`,
      );
    return siteOutcome(
      this.site,
      chosen,
      placementResult(this.site.placement, outcome.choice, 'optimal', true),
    );
  }
}

async function withEvaluator<T>(
  site: SiteModel,
  options: SolveOptions,
  work: (e: SiteEvaluator) => T,
): Promise<T> {
  const h = await highs();
  const settings: Options = { time_limit: options.timeLimitSeconds ?? placementTimeLimit, presolve: 'off' };
  const { builder, poolRow } = assignment(site.placement, candidateOfPool(site));
  return withModel(h, builder.model(null), settings, (m) =>
    work(new SiteEvaluator(h, m, site, poolRow, settings)),
  );
}

/** The best assignment with exactly these candidates opened, solved exactly. */
export function evaluateSites(
  site: SiteModel,
  chosen: readonly string[],
  options: SolveOptions = {},
): Promise<SiteOutcome> {
  return withEvaluator(site, options, (e) => e.evaluate(chosen));
}

export interface Ranked {
  /** With no new site. */
  none: SiteOutcome;
  /** Each candidate alone, in the candidates' order. */
  alone: SiteOutcome[];
  /** Best first. */
  ranking: CandidateRanking[];
}

/**
 * Each candidate alone against no new site, each solved exactly, each from the no-new-site basis:
 * one site's places move few children, so few iterations take the basis to the new optimum.
 */
export function rankSites(site: SiteModel, options: SolveOptions = {}): Promise<Ranked> {
  return withEvaluator(site, options, (e) => {
    const none = e.evaluate([]);
    const base = e.basis();
    const alone = site.candidates.map((c) => e.evaluate([c.id], base));
    return { none, alone, ranking: rankCandidates(site, none, alone) };
  });
}

export interface SiteSelectionSolve {
  /** HiGHS's model status for the choice of sites. */
  status: string;
  /** The choice is proven best (the gap closed), not merely within the gap asked for. */
  provenOptimal: boolean;
  /** (objective − proven lower bound) / objective; null without a choice. */
  provenGap: number | null;
  lowerBound: number | null;
  /** The chosen sites with their children placed exactly; null when HiGHS found no choice in time. */
  outcome: SiteOutcome | null;
  seconds: number;
}

/**
 * The sites to open: the capacitated facility-location MIP. Columns: the assignment's, then a 0–1
 * column per candidate. A candidate's pool rows become Σ children − places × chosen ≤ 0, and one
 * row asks for exactly K chosen or a cost within the budget. A row per child and candidate place,
 * child ≤ chosen, is implied by those but tightens the LP relaxation, which otherwise opens a
 * little of many sites: on the benchmark's 2,000 children and 40 candidates, proving the best
 * choice outright took 6.7 s of CPU with these rows and 25 s without. Presolve (which removes
 * nothing here), symmetry detection and the feasibility-jump heuristic are off: with them the
 * same solve took twice as long.
 */
export async function solveSiteSelection(
  site: SiteModel,
  options: SiteSolveOptions = {},
): Promise<SiteSelectionSolve> {
  const h = await highs();
  const started = performance.now();
  const candidateOf = candidateOfPool(site);
  const { builder, poolRow } = assignment(site.placement, candidateOf);
  const firstChoice = builder.colCost.length;
  const chosenCol = site.candidates.map(() => builder.col(0, 1));
  const choiceRow =
    'count' in site.choice
      ? builder.row(site.choice.count, site.choice.count)
      : builder.row(-Infinity, site.choice.budget);
  site.candidates.forEach((c, i) => {
    builder.entry(choiceRow, chosenCol[i] ?? 0, 'count' in site.choice ? 1 : (c.cost ?? 0));
  });
  site.placement.pools.forEach((pool, p) => {
    const candidate = candidateOf[p] ?? -1;
    if (candidate >= 0 && (poolRow[p] ?? -1) >= 0)
      builder.entry(poolRow[p] ?? 0, chosenCol[candidate] ?? 0, -pool.places);
  });
  const { arcs } = site.placement;
  for (let a = 0; a < arcs.pool.length; a++) {
    const candidate = candidateOf[arcs.pool[a] ?? 0] ?? -1;
    if (candidate < 0) continue;
    const row = builder.row(-Infinity, 0);
    builder.entry(row, a, 1);
    builder.entry(row, chosenCol[candidate] ?? 0, -1);
  }
  const settings: Options = {
    time_limit: options.timeLimitSeconds ?? siteTimeLimit,
    mip_rel_gap: options.relativeGap ?? siteRelativeGap,
    presolve: 'off',
    mip_heuristic_run_feasibility_jump: false,
    mip_detect_symmetry: false,
  };
  const mip = withModel(h, builder.model(firstChoice), settings, (m) => {
    m.run();
    const code = m.getModelStatus();
    const found = m.info.get('primal_solution_status') === h.constants.solutionStatus.feasible;
    const x = found ? m.getSolution().colValue : null;
    return {
      status: statusName(h, code),
      optimal: code === h.constants.modelStatus.optimal,
      lowerBound: Number(m.info.get('mip_dual_bound')),
      chosen: x && site.candidates.filter((_, i) => (x[firstChoice + i] ?? 0) > 0.5).map((c) => c.id),
    };
  });
  const outcome = mip.chosen === null ? null : await evaluateSites(site, mip.chosen, options);
  const gap =
    outcome === null
      ? null
      : Math.max(0, (outcome.objective - mip.lowerBound) / Math.max(1, Math.abs(outcome.objective)));
  return {
    status: mip.status,
    provenOptimal: mip.optimal && gap !== null && gap <= closedGap,
    provenGap: gap,
    lowerBound: outcome === null ? null : mip.lowerBound,
    outcome,
    seconds: (performance.now() - started) / 1000,
  };
}
