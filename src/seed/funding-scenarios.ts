import { allocate, type Formula, type SchoolFactorData, type SchoolInput } from '../modules/funding/index.ts';
import type { Tx } from '../platform/db/tenancy.ts';
import type { Prng } from './prng.ts';
import { bulkInsert } from './repo.ts';

/**
 * The demo's cluster funding scenarios, from the pots the pots generator made: for each pot of the
 * year before, an adopted scenario by Norfolk's 2012 cluster formula (pupil numbers plus a fixed
 * sum per school), its allocations worked out by the engine and its statements published, so this
 * year has last year's figures to compare with; and for this year's SEND pot the two drafts a
 * finance team would weigh against each other: the same formula, and a needs-led one on free
 * school meals, deprivation, low prior attainment, SEN Support and EHC plans with a −2% floor and
 * a +5% cap on the change from last year.
 */

export interface PotRow {
  id: string;
  name: string;
  year_kind: 'financial' | 'academic';
  year: number;
  delegated_pence: number;
}

export interface FactorRow {
  pot_id: string;
  establishment_id: string;
  pupils: number;
  fsm_percent: number;
  idaci_a: number;
  idaci_b: number;
  idaci_c: number;
  idaci_d: number;
  idaci_e: number;
  idaci_f: number;
  low_prior_attainment: number;
  sen_support: number;
  ehc_plans: number;
  sparse: boolean;
}

export interface BaselineRow {
  pot_id: string;
  establishment_id: string;
  pence: number;
}

/** A school's membership of a cluster, as the demo generator makes it. */
export interface MembershipRow {
  cluster_id: string;
  establishment_id: string;
  starts_on: string;
  ends_on?: string | null;
}

export interface ScenarioSeedRow {
  id: string;
  la_code: string;
  pot_id: string;
  name: string;
  formula: string;
  status: 'draft' | 'adopted';
  created_at: string;
  updated_at: string;
  adopted_at: string | null;
  published_at: string | null;
}

export interface AllocationSeedRow {
  la_code: string;
  scenario_id: string;
  establishment_id: string;
  cluster_id: string;
  pence: number;
  last_year_pence: number | null;
  factors: string;
}

export interface GeneratedScenarios {
  scenarios: ScenarioSeedRow[];
  allocations: AllocationSeedRow[];
}

export interface ScenarioOptions {
  laCode: string;
  /** The year of this year's pots (2026): the pots of the year before get the adopted scenarios. */
  year: number;
  /** The pots generator's rows (src/seed/funding-pots.ts). */
  pots: readonly PotRow[];
  factors: readonly FactorRow[];
  /** Last year's allocations loaded for a pot, where the demo has any. */
  baselines?: readonly BaselineRow[];
  /** The demo generator's schools, clusters and memberships (src/seed/generate.ts). */
  establishments: readonly { id: string; name: string }[];
  clusters: readonly { id: string; name: string }[];
  memberships: readonly MembershipRow[];
}

export const pupilsAndLumpSumName = 'Pupil numbers and lump sum';
export const needsLedName = 'Needs-led';

const noDamping = { floorPercent: null, capPercent: null };

/**
 * Norfolk's 2012 cluster formula: a fixed sum per school and the rest by pupil numbers. The fixed
 * sum is a quarter of the pot shared equally, to the £100 below, so it fits any pot.
 */
export function pupilsAndLumpSum(delegatedPence: number, schools: number): Formula {
  const lumpSum = schools ? Math.floor(delegatedPence / 4 / schools / 10_000) * 10_000 : 0;
  return {
    method: 'schools',
    terms: [
      { factor: 'pupils', kind: 'weight', value: 100 },
      { factor: 'lumpSum', kind: 'perUnit', value: lumpSum },
    ],
    withinClusterTerms: null,
    schoolDamping: noDamping,
    clusterDamping: noDamping,
  };
}

/** Weighted to need, each school's change from last year held between −2% and +5%. */
export const needsLed: Formula = {
  method: 'schools',
  terms: [
    { factor: 'fsm', kind: 'weight', value: 20 },
    { factor: 'idaciA', kind: 'weight', value: 6 },
    { factor: 'idaciB', kind: 'weight', value: 5 },
    { factor: 'idaciC', kind: 'weight', value: 4 },
    { factor: 'lowPriorAttainment', kind: 'weight', value: 20 },
    { factor: 'senSupport', kind: 'weight', value: 30 },
    { factor: 'ehcPlans', kind: 'weight', value: 15 },
  ],
  withinClusterTerms: null,
  schoolDamping: { floorPercent: -2, capPercent: 5 },
  clusterDamping: noDamping,
};

const yearStart = (pot: PotRow) =>
  `${String(pot.year).padStart(4, '0')}-${pot.year_kind === 'financial' ? '04' : '09'}-01`;

const dataOf = (f: FactorRow): SchoolFactorData => ({
  pupils: f.pupils,
  fsmPercent: f.fsm_percent,
  idaci: { a: f.idaci_a, b: f.idaci_b, c: f.idaci_c, d: f.idaci_d, e: f.idaci_e, f: f.idaci_f },
  lowPriorAttainment: f.low_prior_attainment,
  senSupport: f.sen_support,
  ehcPlans: f.ehc_plans,
  sparse: f.sparse,
});

const inClusterOn = (m: MembershipRow, day: string) =>
  m.starts_on <= day && (m.ends_on === null || m.ends_on === undefined || m.ends_on > day);

/** The schools in a cluster on the pot's first day, with the pot's data and last year's pence. */
function inputsFor(pot: PotRow, o: ScenarioOptions): SchoolInput[] {
  const day = yearStart(pot);
  const names = new Map(o.establishments.map((e) => [e.id, e.name]));
  const clusterNames = new Map(o.clusters.map((c) => [c.id, c.name]));
  const data = new Map(o.factors.filter((f) => f.pot_id === pot.id).map((f) => [f.establishment_id, f]));
  const lastYear = new Map(
    (o.baselines ?? []).filter((b) => b.pot_id === pot.id).map((b) => [b.establishment_id, b.pence]),
  );
  return o.memberships
    .filter((m) => inClusterOn(m, day))
    .map((m) => {
      const name = names.get(m.establishment_id) ?? m.establishment_id;
      const f = data.get(m.establishment_id);
      if (!f)
        throw new Error(`${name} has no factor data for ${pot.name} ${pot.year}, so it cannot be adopted`);
      return {
        id: m.establishment_id,
        name,
        clusterId: m.cluster_id,
        clusterName: clusterNames.get(m.cluster_id) ?? m.cluster_id,
        factors: dataOf(f),
        lastYearPence: lastYear.get(m.establishment_id) ?? null,
      };
    });
}

/** Noon UTC on a day, as a timestamp: the demo's decisions are made in working hours. */
const noon = (day: string) => `${day}T12:00:00Z`;

export function generateFundingScenarios(o: ScenarioOptions, prng: Prng): GeneratedScenarios {
  const scenarios: ScenarioSeedRow[] = [];
  const allocations: AllocationSeedRow[] = [];
  const scenario = (pot: PotRow, name: string, formula: Formula, made: string, adopted: string | null) => {
    const row: ScenarioSeedRow = {
      id: prng.uuid(),
      la_code: o.laCode,
      pot_id: pot.id,
      name,
      formula: JSON.stringify(formula),
      status: adopted ? 'adopted' : 'draft',
      created_at: noon(made),
      updated_at: noon(adopted ?? made),
      adopted_at: adopted ? noon(adopted) : null,
      // A week to check the figures before the schools see them.
      published_at: adopted ? noon(addWeek(adopted)) : null,
    };
    scenarios.push(row);
    return row;
  };

  for (const pot of o.pots.filter((p) => p.year === o.year - 1)) {
    const schools = inputsFor(pot, o);
    const formula = pupilsAndLumpSum(pot.delegated_pence, schools.length);
    const outcome = allocate(pot.delegated_pence, schools, formula);
    if (!outcome.ok)
      throw new Error(
        `${pot.name} ${pot.year} cannot be shared: ${outcome.problems.map((p) => p.message).join('; ')}`,
      );
    // Decided in the weeks before the year starts.
    const start = yearStart(pot);
    const row = scenario(pot, pupilsAndLumpSumName, formula, monthBefore(start, 2), monthBefore(start, 1));
    const byId = new Map(schools.map((s) => [s.id, s]));
    for (const a of outcome.schools)
      allocations.push({
        la_code: o.laCode,
        scenario_id: row.id,
        establishment_id: a.id,
        cluster_id: a.clusterId,
        pence: a.pence,
        last_year_pence: a.lastYearPence,
        factors: JSON.stringify({
          ...byId.get(a.id)?.factors,
          termPence: a.termPence,
          formulaPence: a.formulaPence,
          damped: a.damped,
        }),
      });
  }

  const send = o.pots.find((p) => p.year === o.year && /\bSEND\b/.test(p.name));
  if (send) {
    const schools = o.memberships.filter((m) => inClusterOn(m, yearStart(send))).length;
    const made = monthBefore(yearStart(send), 3);
    scenario(send, pupilsAndLumpSumName, pupilsAndLumpSum(send.delegated_pence, schools), made, null);
    scenario(send, needsLedName, needsLed, made, null);
  }
  return { scenarios, allocations };
}

function monthBefore(day: string, months: number): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  const total = y * 12 + (m - 1) - months;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}

function addWeek(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
}

/** Writes the scenarios and the adopted ones' allocations, in the LA's transaction. */
export async function loadFundingScenarios(tx: Tx, g: GeneratedScenarios): Promise<void> {
  await bulkInsert(
    tx,
    'funding_scenarios',
    {
      id: 'uuid',
      la_code: 'text',
      pot_id: 'uuid',
      name: 'text',
      formula: 'jsonb',
      status: 'text',
      created_at: 'timestamptz',
      updated_at: 'timestamptz',
      adopted_at: 'timestamptz',
      published_at: 'timestamptz',
    },
    g.scenarios,
  );
  await bulkInsert(
    tx,
    'funding_allocations',
    {
      la_code: 'text',
      scenario_id: 'uuid',
      establishment_id: 'uuid',
      cluster_id: 'uuid',
      pence: 'int8',
      last_year_pence: 'int8',
      factors: 'jsonb',
    },
    g.allocations,
  );
}
