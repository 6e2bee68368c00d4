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

/** What each term gave a school before damping, in pence (rounded for showing: may not add exactly). */
export interface TermAmount {
  factor: FactorKey;
  kind: FormulaTerm['kind'];
  pence: number;
}

export interface SchoolAllocation {
  id: string;
  clusterId: string;
  pence: number;
  lastYearPence: number | null;
  /** What the formula gave before damping held it to a floor or cap. */
  formulaPence: number;
  byTerm: TermAmount[];
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

interface Unit {
  name: string;
  units: Record<FactorKey, number>;
  last: number | null;
}

interface Shared {
  /** Each unit's exact share, within its bounds. */
  exact: number[];
  lo: number[];
  hi: number[];
  /** Each unit's share with no damping, and each term's part of it. */
  undamped: number[];
  byTerm: number[][];
  scale: number | null;
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
}

function shareOut(
  total: number,
  units: Unit[],
  terms: FormulaTerm[],
  damping: Damping,
  ctx: ShareContext,
): { ok: true; shared: Shared } | { ok: false; problems: FormulaProblem[] } {
  const n = units.length;
  const perUnitTerms = terms.map((t, i) => ({ t, i })).filter(({ t }) => t.kind === 'perUnit');
  const weightTerms = terms.map((t, i) => ({ t, i })).filter(({ t }) => t.kind === 'weight');
  const byTerm = units.map(() => terms.map(() => 0));
  let perUnitTotal = 0;
  for (const { t, i } of perUnitTerms)
    units.forEach((u, k) => {
      const amount = t.value * u.units[t.factor];
      (byTerm[k] as number[])[i] = amount;
      perUnitTotal += amount;
    });

  const problems: FormulaProblem[] = [];
  let scale: number | null = null;
  if (weightTerms.length) {
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
    for (const { t, i } of weightTerms) {
      let factorTotal = 0;
      for (const u of units) factorTotal += u.units[t.factor];
      if (t.value !== 0 && factorTotal <= 0) {
        problems.push({
          field: `${ctx.termsField}.${i}.value`,
          message: `None of the ${ctx.plural} has any ${factorLabels[t.factor].toLowerCase()}, so its weight cannot be shared: make it 0 or remove it`,
        });
        continue;
      }
      if (factorTotal <= 0) continue;
      const part = (Math.max(rest, 0) * t.value) / 100;
      units.forEach((u, k) => {
        (byTerm[k] as number[])[i] = (part * u.units[t.factor]) / factorTotal;
      });
    }
  } else if (perUnitTotal > 0 && Math.abs(perUnitTotal - total) > 0.5) {
    // With nothing weighted to take up the difference, £ per unit is a ratio to share the pot by.
    scale = total / perUnitTotal;
    for (const row of byTerm) for (let i = 0; i < row.length; i++) row[i] = (row[i] as number) * scale;
  }
  if (problems.length) return { ok: false, problems };

  const scores = byTerm.map((row) => row.reduce((s, x) => s + x, 0));
  const negative = units.filter((_, k) => (scores[k] as number) < -1e-9);
  if (negative.length)
    return {
      ok: false,
      problems: [
        {
          field: ctx.termsField,
          message: `The formula gives ${negative.length === 1 ? 'one' : negative.length.toLocaleString('en-GB')} of the ${ctx.plural} less than nothing (${listed(negative.map((u) => u.name))}): change the weights or amounts so that none is negative`,
        },
      ],
    };
  const scoreTotal = scores.reduce((s, x) => s + x, 0);
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
  const undamped = scores.map((s) => (scoreTotal > 0 ? (total * s) / scoreTotal : 0));
  const undampedByTerm = byTerm.map((row) => row.map((x) => (scoreTotal > 0 ? (total * x) / scoreTotal : 0)));

  const lo = units.map((u) => bound(u.last, damping.floorPercent, 'floor'));
  const hi = units.map((u) => bound(u.last, damping.capPercent, 'cap'));
  const floorNeeds = lo.reduce((s, x) => s + x, 0);
  if (floorNeeds > total + 1e-6) {
    const held = lo.filter((x) => x > 0).length;
    return {
      ok: false,
      problems: [
        {
          field: `${ctx.dampingField}.floorPercent`,
          message: `The floor of ${percentText(damping.floorPercent ?? 0)} needs ${moneyText(floorNeeds)} for the ${plural(held, ctx.plural.replace(/s\b/, ''), ctx.plural)} with last year's allocations, ${moneyText(floorNeeds - total)} more than the ${moneyText(total)} to share: lower the floor`,
        },
      ],
    };
  }

  // One scale λ for all: each unit gets λ × score held within its bounds, λ found so the total is met.
  type Event = { at: number; k: number; enters: boolean };
  const events: Event[] = [];
  let constant = 0;
  for (let k = 0; k < n; k++) {
    const s = scores[k] as number;
    const l = lo[k] as number;
    const h = hi[k] as number;
    constant += l;
    if (s <= 0) continue;
    events.push({ at: l / s, k, enters: true });
    if (Number.isFinite(h)) events.push({ at: h / s, k, enters: false });
  }
  events.sort((a, b) => a.at - b.at || Number(b.enters) - Number(a.enters));
  let slope = 0;
  let free = 0;
  let lambda: number | undefined;
  let at = 0;
  for (const e of events) {
    if (constant + slope * e.at >= total - 1e-9) {
      lambda = slope > 0 ? (total - constant) / slope : at;
      break;
    }
    at = e.at;
    const s = scores[e.k] as number;
    if (e.enters) {
      constant -= lo[e.k] as number;
      slope += s;
      free++;
    } else {
      // Recounted rather than subtracted once none is free, so no rounding error is left as a slope.
      slope = --free === 0 ? 0 : slope - s;
      constant += hi[e.k] as number;
    }
  }
  if (lambda === undefined) {
    if (slope > 0) lambda = (total - constant) / slope;
    else if (Math.abs(constant - total) <= 1e-6) lambda = at;
    else {
      const most = constant;
      return {
        ok: false,
        problems: [
          {
            field: `${ctx.dampingField}.capPercent`,
            message: `The cap of ${percentText(damping.capPercent ?? 0)} lets the ${ctx.plural} have at most ${moneyText(most)}, ${moneyText(total - most)} less than the ${moneyText(total)} to share: raise the cap or remove it`,
          },
        ],
      };
    }
  }
  const exact = units.map((_, k) => {
    const s = scores[k] as number;
    const x = s > 0 ? (lambda as number) * s : 0;
    return Math.min(hi[k] as number, Math.max(lo[k] as number, snap(x)));
  });
  return { ok: true, shared: { exact, lo, hi, undamped, byTerm: undampedByTerm, scale } };
}

/**
 * Whole pence adding up to `target` from exact shares within whole-penny bounds: each share rounded
 * down, and the pence left over one each to the largest remainders (the earlier unit on a tie).
 */
function roundToPence(exact: number[], hi: number[], target: number): number[] {
  const floors = exact.map((x) => Math.floor(x));
  let left = target - floors.reduce((s, x) => s + x, 0);
  const order = exact
    .map((x, k) => ({ k, rem: x - (floors[k] as number) }))
    .filter(({ k, rem }) => rem > 0 && (floors[k] as number) + 1 <= (hi[k] as number))
    .sort((a, b) => b.rem - a.rem || a.k - b.k);
  if (left < 0 || left > order.length)
    throw new Error(`cannot round ${exact.length} shares to ${target} pence: ${left} pence left over`);
  for (const { k } of order) {
    if (left === 0) break;
    floors[k] = (floors[k] as number) + 1;
    left--;
  }
  return floors;
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
  const clusterOf = new Map<string, SchoolInput>();
  for (const s of schools) {
    const before = clusterOf.get(s.id);
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
    clusterOf.set(s.id, s);
    const f = s.factors;
    const counts = [f.pupils, f.idaci.a, f.idaci.b, f.idaci.c, f.idaci.d, f.idaci.e, f.idaci.f];
    counts.push(f.lowPriorAttainment, f.senSupport, f.ehcPlans);
    if (counts.some((c) => !Number.isFinite(c) || c < 0) || !(f.fsmPercent >= 0 && f.fsmPercent <= 100))
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
  const units = schools.map((s) => unitsOf(s.factors));

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
  const byTerm: TermAmount[][] = schools.map(() => []);
  const damped: ('floor' | 'cap' | null)[] = schools.map(() => null);
  const clusterDamped = new Map<string, 'floor' | 'cap' | null>();
  const termsOf = (terms: FormulaTerm[], row: number[]) =>
    terms.map((t, i) => ({ factor: t.factor, kind: t.kind, pence: Math.round(row[i] ?? 0) }));
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
        units: units[k] as Record<FactorKey, number>,
        last: s.lastYearPence,
      })),
      formula.terms,
      formula.schoolDamping,
      { plural: 'schools', termsField: 'terms', dampingField: 'schoolDamping' },
    );
    if (!result.ok) return result;
    const { shared } = result;
    const rounded = roundToPence(shared.exact, shared.hi, potPence);
    rounded.forEach((p, k) => {
      pence[k] = p;
      formulaPence[k] = Math.round(shared.undamped[k] as number);
      byTerm[k] = termsOf(formula.terms, shared.byTerm[k] as number[]);
      damped[k] = heldAt(p, shared.lo[k] as number, shared.hi[k] as number, shared.undamped[k] as number);
    });
    scaleNote(shared.scale, 'the pot');
  } else {
    const clusterUnits: Unit[] = clusterIds.map((id) => {
      const sum = Object.fromEntries(factorKeys.map((f) => [f, 0])) as Record<FactorKey, number>;
      for (const k of members.get(id) as number[])
        for (const f of factorKeys) sum[f] += (units[k] as Record<FactorKey, number>)[f];
      return { name: clusterName(id), units: sum, last: clusterLast(id) };
    });
    const toClusters = shareOut(potPence, clusterUnits, formula.terms, formula.clusterDamping, {
      plural: 'clusters',
      termsField: 'terms',
      dampingField: 'clusterDamping',
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
          units: units[k] as Record<FactorKey, number>,
          last: (schools[k] as SchoolInput).lastYearPence,
        })),
        within,
        formula.schoolDamping,
        {
          plural: `schools in ${clusterName(id)}`,
          termsField: formula.withinClusterTerms ? 'withinClusterTerms' : 'terms',
          dampingField: 'schoolDamping',
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
        byTerm[k] = termsOf(within, s.byTerm[j] as number[]);
        damped[k] =
          heldAt(rounded[j] as number, s.lo[j] as number, s.hi[j] as number, s.undamped[j] as number) ??
          clusterDamped.get(id) ??
          null;
      });
      if (s.scale !== null) scaleNote(s.scale, `${clusterName(id)}'s share`);
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
    byTerm: byTerm[k] as TermAmount[],
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
