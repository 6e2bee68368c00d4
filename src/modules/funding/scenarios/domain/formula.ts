import { z } from 'zod';
import { penceText } from '../../../../platform/kernel/money.ts';

/**
 * The cluster funding formula: a pot shared between schools (or between clusters, then within each
 * cluster) by factors with weights or £ per unit, damped against last year's allocation, to the
 * penny. Pure: figures in, allocations or the reasons there can be none out.
 *
 * How a pot is shared, for one level (schools, or clusters):
 * 1. each unit's score is its £-per-unit amounts plus, for each weighted factor, the factor's weight
 *    of what the £-per-unit amounts leave of the pot, shared in proportion to the unit's share of
 *    that factor; with no weighted factor, the £-per-unit amounts are scaled to spend the pot;
 * 2. the pot is shared in proportion to the scores, except that a unit with last year's allocation
 *    gets no less than its floor and no more than its cap: units at a bound are held there and the
 *    rest share what is left in proportion to their scores (one common scale, found exactly);
 * 3. the exact shares are rounded to pence by largest remainders, so they add up to the pot.
 * Sharing to clusters first rounds the clusters' shares, then shares each cluster's exact amount
 * between its schools and rounds those to the cluster's pence: a school's pence only ever comes
 * from rounding its own exact share, so when only its own data rises it loses at most a penny.
 */

export const factorKeys = [
  'pupils',
  'fsm',
  'idaciA',
  'idaciB',
  'idaciC',
  'idaciD',
  'idaciE',
  'idaciF',
  'lowPriorAttainment',
  'senSupport',
  'ehcPlans',
  'sparsity',
  'lumpSum',
] as const;
export type FactorKey = (typeof factorKeys)[number];

export const factorLabels: Record<FactorKey, string> = {
  pupils: 'Pupils on roll',
  fsm: 'Pupils eligible for free school meals',
  idaciA: 'Pupils in IDACI band A',
  idaciB: 'Pupils in IDACI band B',
  idaciC: 'Pupils in IDACI band C',
  idaciD: 'Pupils in IDACI band D',
  idaciE: 'Pupils in IDACI band E',
  idaciF: 'Pupils in IDACI band F',
  lowPriorAttainment: 'Pupils with low prior attainment',
  senSupport: 'Pupils at SEN Support',
  ehcPlans: 'Pupils with an EHC plan',
  sparsity: 'Sparse schools',
  lumpSum: 'Lump sum',
};

/** The factors as words inside a sentence. */
const factorNouns: Record<FactorKey, string> = {
  pupils: 'pupils on roll',
  fsm: 'pupils eligible for free school meals',
  idaciA: 'pupils in IDACI band A',
  idaciB: 'pupils in IDACI band B',
  idaciC: 'pupils in IDACI band C',
  idaciD: 'pupils in IDACI band D',
  idaciE: 'pupils in IDACI band E',
  idaciF: 'pupils in IDACI band F',
  lowPriorAttainment: 'pupils with low prior attainment',
  senSupport: 'pupils at SEN Support',
  ehcPlans: 'pupils with an EHC plan',
  sparsity: 'sparsity',
  lumpSum: 'lump sum',
};

/** What one unit of each factor is, for "£ per …". */
export const factorUnits: Record<FactorKey, string> = {
  pupils: 'pupil',
  fsm: 'pupil',
  idaciA: 'pupil',
  idaciB: 'pupil',
  idaciC: 'pupil',
  idaciD: 'pupil',
  idaciE: 'pupil',
  idaciF: 'pupil',
  lowPriorAttainment: 'pupil',
  senSupport: 'pupil',
  ehcPlans: 'pupil',
  sparsity: 'sparse school',
  lumpSum: 'school',
};

/** A school's data for the year, as funding_factor_values holds it. */
export interface SchoolFactorData {
  pupils: number;
  fsmPercent: number;
  idaci: { a: number; b: number; c: number; d: number; e: number; f: number };
  lowPriorAttainment: number;
  senSupport: number;
  ehcPlans: number;
  sparse: boolean;
}

/** The units a school has of each factor: fsm = pupils × FSM % / 100, sparsity 1 or 0, lumpSum 1. */
export function unitsOf(data: SchoolFactorData): Record<FactorKey, number> {
  return {
    pupils: data.pupils,
    fsm: (data.pupils * data.fsmPercent) / 100,
    idaciA: data.idaci.a,
    idaciB: data.idaci.b,
    idaciC: data.idaci.c,
    idaciD: data.idaci.d,
    idaciE: data.idaci.e,
    idaciF: data.idaci.f,
    lowPriorAttainment: data.lowPriorAttainment,
    senSupport: data.senSupport,
    ehcPlans: data.ehcPlans,
    sparsity: data.sparse ? 1 : 0,
    lumpSum: 1,
  };
}

/**
 * weight: a percent of what the £-per-unit terms leave of the pot (a formula's weights add up to
 * 100); perUnit: pence per unit.
 */
export interface FormulaTerm {
  factor: FactorKey;
  kind: 'weight' | 'perUnit';
  value: number;
}

/** The change from last year a school or cluster may have: floor e.g. −5 (%), cap e.g. 10 (%). */
export interface Damping {
  floorPercent: number | null;
  capPercent: number | null;
}

export interface Formula {
  /**
   * schools: the formula per school, clusters are the sums; clustersFirst: shared to clusters by
   * `terms` on their schools' summed factors, then within each cluster by `withinClusterTerms` (or
   * `terms` when null). clusterDamping applies only to clustersFirst.
   */
  method: 'schools' | 'clustersFirst';
  terms: FormulaTerm[];
  withinClusterTerms: FormulaTerm[] | null;
  schoolDamping: Damping;
  clusterDamping: Damping;
}

const termSchema = z.object({
  factor: z.enum(factorKeys, { error: 'Choose a factor from the list' }),
  kind: z.enum(['weight', 'perUnit'], { error: 'Choose a weight or £ per unit' }),
  value: z
    .number({ error: 'Enter a number' })
    .refine(Number.isFinite, 'Enter a number')
    .refine((v) => Math.abs(v) <= 100_000_000_000, 'Enter an amount of £1,000,000,000 or less'),
});
const percent = z
  .number({ error: 'Enter a percentage, like -2 or 5' })
  .min(-100, 'A change cannot be less than -100%')
  .max(1000, 'Enter a change of 1,000% or less')
  .nullable();
const dampingSchema = z.object({ floorPercent: percent, capPercent: percent });
const termsSchema = z.array(termSchema).min(1, 'Add at least one factor').max(40, 'Use 40 factors or fewer');

/** What the scenarios' formula column and the API hold. */
export const formulaSchema: z.ZodType<Formula> = z.object({
  method: z.enum(['schools', 'clustersFirst'], { error: 'Choose how the pot is shared' }),
  terms: termsSchema,
  withinClusterTerms: termsSchema.nullable(),
  schoolDamping: dampingSchema,
  clusterDamping: dampingSchema,
});

export interface SchoolInput {
  id: string;
  name: string;
  clusterId: string;
  clusterName: string;
  factors: SchoolFactorData;
  lastYearPence: number | null;
}

export interface SchoolAllocation {
  id: string;
  clusterId: string;
  pence: number;
  lastYearPence: number | null;
  /** What the formula gave before damping held it to a floor or cap. */
  formulaPence: number;
  /**
   * What each term gave it before damping, in pence, in the order of the terms it was shared by
   * (the within-cluster terms when shared to clusters first), rounded for showing: they may not add
   * up exactly to formulaPence.
   */
  termPence: number[];
  /** Held at its floor or cap (its own, or its cluster's share held at the cluster's). */
  damped: 'floor' | 'cap' | null;
}

export interface ClusterAllocation {
  id: string;
  name: string;
  pence: number;
  lastYearPence: number | null;
  schools: number;
  damped: 'floor' | 'cap' | null;
}

export interface FormulaProblem {
  field: string;
  message: string;
}

export type AllocationOutcome =
  | {
      ok: true;
      schools: SchoolAllocation[];
      clusters: ClusterAllocation[];
      /** What someone reading the result should know: a scaling, schools held at a bound. */
      notes: string[];
    }
  | { ok: false; problems: FormulaProblem[] };

const percentText = (p: number) => `${p < 0 ? '\u2212' : ''}${Math.abs(p).toLocaleString('en-GB')}%`;
const moneyText = (exactPence: number) => penceText(Math.round(exactPence));
const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
const listed = (names: string[]) =>
  names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;

/** The problems with a formula on its own, before any school's data is looked at. */
export function formulaProblems(formula: Formula): FormulaProblem[] {
  const problems: FormulaProblem[] = [];
  const checkTerms = (terms: FormulaTerm[], field: string) => {
    const seen = new Set<string>();
    terms.forEach((t, i) => {
      const key = `${t.factor}:${t.kind}`;
      if (seen.has(key))
        problems.push({
          field: `${field}.${i}.factor`,
          message: `${factorLabels[t.factor]} is in the formula twice as ${t.kind === 'weight' ? 'a weight' : '£ per unit'}: remove one`,
        });
      seen.add(key);
      if (t.kind === 'perUnit' && !Number.isInteger(t.value))
        problems.push({ field: `${field}.${i}.value`, message: 'Enter £ per unit to the penny' });
    });
    const weights = terms.filter((t) => t.kind === 'weight');
    const sum = weights.reduce((s, t) => s + t.value, 0);
    if (weights.length && Math.abs(sum - 100) > 1e-9)
      problems.push({
        field: field,
        message: `The weights add up to ${percentText(Math.round(sum * 100) / 100)}: make them add up to 100%`,
      });
  };
  checkTerms(formula.terms, 'terms');
  if (formula.method === 'clustersFirst' && formula.withinClusterTerms)
    checkTerms(formula.withinClusterTerms, 'withinClusterTerms');
  const checkDamping = (d: Damping, field: string) => {
    if (d.floorPercent !== null && d.capPercent !== null && d.floorPercent > d.capPercent)
      problems.push({
        field: `${field}.floorPercent`,
        message: `The floor (${percentText(d.floorPercent)}) is above the cap (${percentText(d.capPercent)}): make the floor the same as the cap or lower`,
      });
  };
  checkDamping(formula.schoolDamping, 'schoolDamping');
  if (formula.method === 'clustersFirst') checkDamping(formula.clusterDamping, 'clusterDamping');
  return problems;
}

const factorCount = factorKeys.length;
const factorIndex = Object.fromEntries(factorKeys.map((f, i) => [f, i])) as Record<FactorKey, number>;

/** unitsOf as a vector in factorKeys' order: the engine's own form, cheap to sum and read. */
function unitVector(d: SchoolFactorData): Float64Array {
  const v = new Float64Array(factorCount);
  v[0] = d.pupils;
  v[1] = (d.pupils * d.fsmPercent) / 100;
  v[2] = d.idaci.a;
  v[3] = d.idaci.b;
  v[4] = d.idaci.c;
  v[5] = d.idaci.d;
  v[6] = d.idaci.e;
  v[7] = d.idaci.f;
  v[8] = d.lowPriorAttainment;
  v[9] = d.senSupport;
  v[10] = d.ehcPlans;
  v[11] = d.sparse ? 1 : 0;
  v[12] = 1;
  return v;
}

interface Unit {
  name: string;
  units: Float64Array;
  last: number | null;
  /** Bounds besides its own floor and cap: for a cluster, what its schools' floors and caps allow. */
  atLeast?: number;
  atMost?: number;
}

interface Shared {
  /** Each unit's exact share, within its bounds. */
  exact: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  /** Each unit's share with no damping, and each term's part of it (unit k, term i at k × terms + i). */
  undamped: Float64Array;
  byTerm: Float64Array;
  scale: number | null;
  /** Weighted factors none of the units had, left out and their weight given to the others. */
  leftOut: FactorKey[];
}

const snap = (x: number) => {
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-6 ? r : x;
};

/** Bound from last year: last × (100 + percent) / 100, to whole pence inward (ceil for a floor). */
function bound(last: number | null, percent: number | null, which: 'floor' | 'cap'): number {
  if (last === null || last <= 0 || percent === null) return which === 'floor' ? 0 : Number.POSITIVE_INFINITY;
  // Percentages to the hundredth: basis points keep the product exact in whole numbers.
  const bp = Math.round(percent * 100);
  const exact = (last * (10_000 + bp)) / 10_000;
  return Math.max(0, which === 'floor' ? Math.ceil(exact - 1e-9) : Math.floor(exact + 1e-9));
}

interface ShareContext {
  /** What the units are called in messages: "schools", "clusters", "schools in Dereham". */
  plural: string;
  termsField: string;
  dampingField: string;
  /**
   * Within a cluster, a weighted factor none of its schools has is left out and the other weights
   * share its part; across the whole pot it is refused, as the data are more likely missing.
   */
  leaveOutAbsentFactors: boolean;
}

type Shareout = { ok: true; shared: Shared } | { ok: false; problems: FormulaProblem[] };

function shareOut(
  total: number,
  units: Unit[],
  terms: FormulaTerm[],
  damping: Damping,
  ctx: ShareContext,
): Shareout {
  const n = units.length;
  const t = terms.length;
  const byTerm = new Float64Array(n * t);
  let perUnitTotal = 0;
  let weighted = false;
  terms.forEach((term, i) => {
    if (term.kind === 'weight') {
      weighted = true;
      return;
    }
    const f = factorIndex[term.factor];
    for (let k = 0; k < n; k++) {
      const amount = term.value * ((units[k] as Unit).units[f] as number);
      byTerm[k * t + i] = amount;
      perUnitTotal += amount;
    }
  });

  const problems: FormulaProblem[] = [];
  const leftOut: FactorKey[] = [];
  let scale: number | null = null;
  if (weighted) {
    const rest = total - perUnitTotal;
    if (rest < -0.5)
      return {
        ok: false,
        problems: [
          {
            field: ctx.termsField,
            message: `The £ per unit factors need ${moneyText(perUnitTotal)}, which is ${moneyText(-rest)} more than the ${moneyText(total)} to share: lower the amounts per unit`,
          },
        ],
      };
    const factorTotals = terms.map((term) => {
      if (term.kind !== 'weight') return 0;
      const f = factorIndex[term.factor];
      let sum = 0;
      for (let k = 0; k < n; k++) sum += (units[k] as Unit).units[f] as number;
      return sum;
    });
    let weightShared = 0;
    terms.forEach((term, i) => {
      if (term.kind !== 'weight' || term.value === 0) return;
      if ((factorTotals[i] as number) > 0) weightShared += term.value;
      else if (ctx.leaveOutAbsentFactors) leftOut.push(term.factor);
      else
        problems.push({
          field: `${ctx.termsField}.${i}.value`,
          message: `${factorLabels[term.factor]}: none of the ${ctx.plural} has any, so its weight cannot be shared: make it 0 or remove it`,
        });
    });
    if (problems.length) return { ok: false, problems };
    terms.forEach((term, i) => {
      const factorTotal = factorTotals[i] as number;
      if (term.kind !== 'weight' || factorTotal <= 0 || weightShared === 0) return;
      const part = (Math.max(rest, 0) * term.value) / weightShared;
      const f = factorIndex[term.factor];
      for (let k = 0; k < n; k++)
        byTerm[k * t + i] = (part * ((units[k] as Unit).units[f] as number)) / factorTotal;
    });
  } else if (perUnitTotal > 0 && Math.abs(perUnitTotal - total) > 0.5) {
    // With nothing weighted to take up the difference, £ per unit is a ratio to share the pot by.
    scale = total / perUnitTotal;
    for (let j = 0; j < byTerm.length; j++) byTerm[j] = (byTerm[j] as number) * scale;
  }

  const scores = new Float64Array(n);
  let scoreTotal = 0;
  const negative: string[] = [];
  for (let k = 0; k < n; k++) {
    let score = 0;
    for (let i = 0; i < t; i++) score += byTerm[k * t + i] as number;
    scores[k] = score;
    scoreTotal += score;
    if (score < -1e-9) negative.push((units[k] as Unit).name);
  }
  if (negative.length)
    return {
      ok: false,
      problems: [
        {
          field: ctx.termsField,
          message: `The formula gives ${negative.length === 1 ? 'one' : negative.length.toLocaleString('en-GB')} of the ${ctx.plural} less than nothing (${listed(negative)}): change the weights or amounts so that none is negative`,
        },
      ],
    };
  if (total > 0 && scoreTotal <= 0)
    return {
      ok: false,
      problems: [
        {
          field: ctx.termsField,
          message: `The formula gives none of the ${ctx.plural} anything, so ${moneyText(total)} cannot be shared: choose factors the ${ctx.plural} have`,
        },
      ],
    };
  const toTotal = scoreTotal > 0 ? total / scoreTotal : 0;
  const undamped = new Float64Array(n);
  for (let k = 0; k < n; k++) undamped[k] = (scores[k] as number) * toTotal;
  for (let j = 0; j < byTerm.length; j++) byTerm[j] = (byTerm[j] as number) * toTotal;

  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  let floorNeeds = 0;
  let held = 0;
  for (let k = 0; k < n; k++) {
    const last = (units[k] as Unit).last;
    const u = units[k] as Unit;
    lo[k] = Math.max(bound(last, damping.floorPercent, 'floor'), u.atLeast ?? 0);
    hi[k] = Math.min(bound(last, damping.capPercent, 'cap'), u.atMost ?? Number.POSITIVE_INFINITY);
    floorNeeds += lo[k] as number;
    if ((lo[k] as number) > 0) held++;
  }
  if (floorNeeds > total + 1e-6)
    return {
      ok: false,
      problems: [
        {
          field: `${ctx.dampingField}.floorPercent`,
          message: `The floor of ${percentText(damping.floorPercent ?? 0)} needs ${moneyText(floorNeeds)} for the ${plural(held, ctx.plural.replace(/s\b/, ''), ctx.plural)} with last year's allocations, ${moneyText(floorNeeds - total)} more than the ${moneyText(total)} to share: lower the floor`,
        },
      ],
    };

  // One scale λ for all: each unit gets λ × score held within its bounds, λ found so the total is
  // met, by sweeping the points where a unit leaves its floor (enters) or reaches its cap (leaves).
  const eventAt = new Float64Array(2 * n);
  const eventUnit = new Int32Array(2 * n);
  const eventEnters = new Uint8Array(2 * n);
  let events = 0;
  let constant = floorNeeds;
  for (let k = 0; k < n; k++) {
    const s = scores[k] as number;
    if (s <= 0) continue;
    eventAt[events] = (lo[k] as number) / s;
    eventUnit[events] = k;
    eventEnters[events++] = 1;
    if (Number.isFinite(hi[k] as number)) {
      eventAt[events] = (hi[k] as number) / s;
      eventUnit[events++] = k;
    }
  }
  const order = Array.from({ length: events }, (_, e) => e).sort(
    (a, b) =>
      (eventAt[a] as number) - (eventAt[b] as number) ||
      (eventEnters[b] as number) - (eventEnters[a] as number),
  );
  let slope = 0;
  let free = 0;
  let lambda: number | undefined;
  let at = 0;
  for (const e of order) {
    const where = eventAt[e] as number;
    if (constant + slope * where >= total - 1e-9) {
      lambda = slope > 0 ? (total - constant) / slope : at;
      break;
    }
    at = where;
    const k = eventUnit[e] as number;
    if (eventEnters[e]) {
      constant -= lo[k] as number;
      slope += scores[k] as number;
      free++;
    } else {
      // Recounted rather than subtracted once none is free, so no rounding error is left as a slope.
      slope = --free === 0 ? 0 : slope - (scores[k] as number);
      constant += hi[k] as number;
    }
  }
  if (lambda === undefined) {
    if (slope > 0) lambda = (total - constant) / slope;
    else if (Math.abs(constant - total) <= 1e-6) lambda = at;
    else
      return {
        ok: false,
        problems: [
          {
            field: `${ctx.dampingField}.capPercent`,
            message: `The cap of ${percentText(damping.capPercent ?? 0)} lets the ${ctx.plural} have at most ${moneyText(constant)}, ${moneyText(total - constant)} less than the ${moneyText(total)} to share: raise the cap or remove it`,
          },
        ],
      };
  }
  const exact = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const s = scores[k] as number;
    const x = s > 0 ? lambda * s : 0;
    exact[k] = Math.min(hi[k] as number, Math.max(lo[k] as number, snap(x)));
  }
  return { ok: true, shared: { exact, lo, hi, undamped, byTerm, scale, leftOut } };
}

/**
 * Whole pence adding up to `target` from exact shares within whole-penny bounds: each share rounded
 * down, and the pence left over one each to the largest remainders (the earlier unit on a tie).
 */
function roundToPence(exact: Float64Array, hi: Float64Array, target: number): number[] {
  const n = exact.length;
  const floors = new Array<number>(n);
  let left = target;
  const candidates: number[] = [];
  for (let k = 0; k < n; k++) {
    const x = exact[k] as number;
    const f = Math.floor(x);
    floors[k] = f;
    left -= f;
    if (x > f && f + 1 <= (hi[k] as number)) candidates.push(k);
  }
  if (left < 0 || left > candidates.length)
    throw new Error(`cannot round ${n} shares to ${target} pence: ${left} pence left over`);
  if (left === 0) return floors;
  const rem = (k: number) => (exact[k] as number) - (floors[k] as number);
  candidates.sort((a, b) => rem(b) - rem(a) || a - b);
  for (let j = 0; j < left; j++) {
    const k = candidates[j] as number;
    floors[k] = (floors[k] as number) + 1;
  }
  return floors;
}

/** Whether the schools' floors and caps, all together, can be met by the pot at all. */
function schoolBoundProblems(
  potPence: number,
  schools: readonly SchoolInput[],
  damping: Damping,
): FormulaProblem[] {
  let needs = 0;
  let most = 0;
  let held = 0;
  for (const s of schools) {
    const lo = bound(s.lastYearPence, damping.floorPercent, 'floor');
    needs += lo;
    if (lo > 0) held++;
    most += bound(s.lastYearPence, damping.capPercent, 'cap');
  }
  if (needs > potPence)
    return [
      {
        field: 'schoolDamping.floorPercent',
        message: `The floor of ${percentText(damping.floorPercent ?? 0)} needs ${moneyText(needs)} for the ${plural(held, 'school', 'schools')} with last year's allocations, ${moneyText(needs - potPence)} more than the ${moneyText(potPence)} to share: lower the floor`,
      },
    ];
  if (most < potPence)
    return [
      {
        field: 'schoolDamping.capPercent',
        message: `The cap of ${percentText(damping.capPercent ?? 0)} lets the schools have at most ${moneyText(most)}, ${moneyText(potPence - most)} less than the ${moneyText(potPence)} to share: raise the cap or remove it`,
      },
    ];
  return [];
}

function heldAt(pence: number, lo: number, hi: number, undamped: number): 'floor' | 'cap' | null {
  if (pence <= lo && lo > 0 && undamped < lo - 0.5) return 'floor';
  if (Number.isFinite(hi) && pence >= hi && undamped > hi + 0.5) return 'cap';
  return null;
}

function inputProblems(potPence: number, schools: readonly SchoolInput[]): FormulaProblem[] {
  const problems: FormulaProblem[] = [];
  if (!Number.isSafeInteger(potPence) || potPence < 0)
    problems.push({ field: 'potPence', message: 'The pot must be a whole number of pence, 0 or more' });
  if (!schools.length && potPence > 0)
    problems.push({
      field: 'schools',
      message: 'No schools are in a cluster for this year, so the pot cannot be shared',
    });
  const seen = new Map<string, SchoolInput>();
  const bad = (n: number) => !(n >= 0) || !Number.isFinite(n);
  for (const s of schools) {
    const before = seen.get(s.id);
    if (before) {
      problems.push({
        field: 'schools',
        message:
          before.clusterId === s.clusterId
            ? `${s.name} is listed twice in ${s.clusterName}: list each school once`
            : `${s.name} is in two clusters, ${before.clusterName} and ${s.clusterName}: a school belongs to one cluster`,
      });
      continue;
    }
    seen.set(s.id, s);
    const f = s.factors;
    const i = f.idaci;
    if (
      bad(f.pupils) ||
      bad(i.a) ||
      bad(i.b) ||
      bad(i.c) ||
      bad(i.d) ||
      bad(i.e) ||
      bad(i.f) ||
      bad(f.lowPriorAttainment) ||
      bad(f.senSupport) ||
      bad(f.ehcPlans) ||
      !(f.fsmPercent >= 0 && f.fsmPercent <= 100)
    )
      problems.push({
        field: 'schools',
        message: `${s.name}'s factor data has a figure below 0 or a free school meals percentage outside 0 to 100: correct its data`,
      });
    if (s.lastYearPence !== null && (!Number.isSafeInteger(s.lastYearPence) || s.lastYearPence < 0))
      problems.push({
        field: 'schools',
        message: `${s.name}'s allocation last year must be whole pence, 0 or more`,
      });
  }
  return problems;
}

/** Shares potPence (the pot's delegated share) out to the pence, or says why it cannot. */
export function allocate(
  potPence: number,
  schools: readonly SchoolInput[],
  formula: Formula,
): AllocationOutcome {
  const problems = [...formulaProblems(formula), ...inputProblems(potPence, schools)];
  if (problems.length) return { ok: false, problems };
  const notes: string[] = [];
  const units = schools.map((s) => unitVector(s.factors));

  const clusterIds: string[] = [];
  const members = new Map<string, number[]>();
  schools.forEach((s, k) => {
    const list = members.get(s.clusterId);
    if (list) list.push(k);
    else {
      members.set(s.clusterId, [k]);
      clusterIds.push(s.clusterId);
    }
  });
  const clusterName = (id: string) =>
    (schools[(members.get(id) as number[])[0] as number] as SchoolInput).clusterName;
  const clusterLast = (id: string) => {
    const lasts = (members.get(id) as number[]).map((k) => (schools[k] as SchoolInput).lastYearPence);
    return lasts.some((l) => l !== null) ? lasts.reduce<number>((s, l) => s + (l ?? 0), 0) : null;
  };

  const pence = new Array<number>(schools.length).fill(0);
  const formulaPence = new Array<number>(schools.length).fill(0);
  const termPence: number[][] = schools.map(() => []);
  const damped: ('floor' | 'cap' | null)[] = schools.map(() => null);
  const clusterDamped = new Map<string, 'floor' | 'cap' | null>();
  const termsOf = (terms: FormulaTerm[], shared: Float64Array, k: number) =>
    Array.from(shared.subarray(k * terms.length, (k + 1) * terms.length), Math.round);
  const leftOutNote = (leftOut: FactorKey[], where: string) => {
    if (leftOut.length)
      notes.push(
        `No school in ${where} has any ${leftOut.map((f) => factorNouns[f]).join(' or ')}, so the other weights share that part of its money.`,
      );
  };
  const scaleNote = (scale: number | null, where: string) => {
    if (scale === null) return;
    const change = Math.round((scale - 1) * 10_000) / 100;
    notes.push(
      `The £ per unit amounts add up to ${change < 0 ? 'more' : 'less'} than ${where}, so every amount is scaled ${change < 0 ? 'down' : 'up'} by ${percentText(Math.abs(change))}.`,
    );
  };

  if (formula.method === 'schools') {
    const result = shareOut(
      potPence,
      schools.map((s, k) => ({
        name: s.name,
        units: units[k] as Float64Array,
        last: s.lastYearPence,
      })),
      formula.terms,
      formula.schoolDamping,
      { plural: 'schools', termsField: 'terms', dampingField: 'schoolDamping', leaveOutAbsentFactors: false },
    );
    if (!result.ok) return result;
    const { shared } = result;
    const rounded = roundToPence(shared.exact, shared.hi, potPence);
    rounded.forEach((p, k) => {
      pence[k] = p;
      formulaPence[k] = Math.round(shared.undamped[k] as number);
      termPence[k] = termsOf(formula.terms, shared.byTerm, k);
      damped[k] = heldAt(p, shared.lo[k] as number, shared.hi[k] as number, shared.undamped[k] as number);
    });
    scaleNote(shared.scale, 'the pot');
  } else {
    const clusterUnits: Unit[] = clusterIds.map((id) => {
      const sum = new Float64Array(factorCount);
      for (const k of members.get(id) as number[]) {
        const v = units[k] as Float64Array;
        for (let f = 0; f < factorCount; f++) sum[f] = (sum[f] as number) + (v[f] as number);
      }
      // A cluster can be given no less than its schools' floors need and no more than their caps
      // allow, or its schools could not share what it gets.
      let atLeast = 0;
      let atMost = 0;
      for (const k of members.get(id) as number[]) {
        const last = (schools[k] as SchoolInput).lastYearPence;
        atLeast += bound(last, formula.schoolDamping.floorPercent, 'floor');
        atMost += bound(last, formula.schoolDamping.capPercent, 'cap');
      }
      return { name: clusterName(id), units: sum, last: clusterLast(id), atLeast, atMost };
    });
    const schoolBounds = schoolBoundProblems(potPence, schools, formula.schoolDamping);
    if (schoolBounds.length) return { ok: false, problems: schoolBounds };
    const toClusters = shareOut(potPence, clusterUnits, formula.terms, formula.clusterDamping, {
      plural: 'clusters',
      termsField: 'terms',
      dampingField: 'clusterDamping',
      leaveOutAbsentFactors: false,
    });
    if (!toClusters.ok) return toClusters;
    const c = toClusters.shared;
    const clusterPence = roundToPence(c.exact, c.hi, potPence);
    scaleNote(c.scale, 'the pot');
    const within = formula.withinClusterTerms ?? formula.terms;
    const failures: FormulaProblem[] = [];
    clusterIds.forEach((id, ci) => {
      clusterDamped.set(
        id,
        heldAt(clusterPence[ci] as number, c.lo[ci] as number, c.hi[ci] as number, c.undamped[ci] as number),
      );
      const ks = members.get(id) as number[];
      const result = shareOut(
        c.exact[ci] as number,
        ks.map((k) => ({
          name: (schools[k] as SchoolInput).name,
          units: units[k] as Float64Array,
          last: (schools[k] as SchoolInput).lastYearPence,
        })),
        within,
        formula.schoolDamping,
        {
          plural: `schools in ${clusterName(id)}`,
          termsField: formula.withinClusterTerms ? 'withinClusterTerms' : 'terms',
          dampingField: 'schoolDamping',
          leaveOutAbsentFactors: true,
        },
      );
      if (!result.ok) {
        failures.push(...result.problems);
        return;
      }
      const s = result.shared;
      const rounded = roundToPence(s.exact, s.hi, clusterPence[ci] as number);
      ks.forEach((k, j) => {
        pence[k] = rounded[j] as number;
        formulaPence[k] = Math.round(s.undamped[j] as number);
        termPence[k] = termsOf(within, s.byTerm, j);
        damped[k] =
          heldAt(rounded[j] as number, s.lo[j] as number, s.hi[j] as number, s.undamped[j] as number) ??
          clusterDamped.get(id) ??
          null;
      });
      if (s.scale !== null) scaleNote(s.scale, `${clusterName(id)}'s share`);
      leftOutNote(s.leftOut, clusterName(id));
    });
    if (failures.length) return { ok: false, problems: failures };
  }

  const heldFloor = damped.filter((d) => d === 'floor').length;
  const heldCap = damped.filter((d) => d === 'cap').length;
  if (heldFloor) notes.push(`${plural(heldFloor, 'school is', 'schools are')} held at the floor.`);
  if (heldCap) notes.push(`${plural(heldCap, 'school is', 'schools are')} held at the cap.`);

  const schoolRows: SchoolAllocation[] = schools.map((s, k) => ({
    id: s.id,
    clusterId: s.clusterId,
    pence: pence[k] as number,
    lastYearPence: s.lastYearPence,
    formulaPence: formulaPence[k] as number,
    termPence: termPence[k] as number[],
    damped: damped[k] ?? null,
  }));
  const clusters: ClusterAllocation[] = clusterIds.map((id) => {
    const ks = members.get(id) as number[];
    return {
      id,
      name: clusterName(id),
      pence: ks.reduce((sum, k) => sum + (pence[k] as number), 0),
      lastYearPence: clusterLast(id),
      schools: ks.length,
      damped: clusterDamped.get(id) ?? null,
    };
  });
  return { ok: true, schools: schoolRows, clusters, notes };
}
