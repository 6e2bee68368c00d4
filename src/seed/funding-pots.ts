import { splitPot } from '../modules/funding/index.ts';
import type { Tx } from '../platform/db/tenancy.ts';
import type { EstablishmentRow, MembershipRow } from './generate.ts';
import type { Prng } from './prng.ts';
import { bulkInsert } from './repo.ts';

/**
 * The demo LA's funding pots, as Norfolk ran them: its SEND funding (£30 million) all delegated
 * to clusters, as from January 2012, and the Learning Support fund (£2 million) split 75/25 from
 * September 2013, its central quarter paying for about 9 FTE of countywide posts. Each for the
 * the academic year given and the one before (2025-26 and 2026-27 for 2026), the later pointing at
 * the earlier; factor data for every school in a cluster in both years, except three schools
 * missing theirs in the later year, so the pages
 * can show "carry last year's" at work.
 */

export interface FundingPotRow {
  id: string;
  la_code: string;
  name: string;
  year_kind: 'academic';
  year: number;
  total_pence: number;
  delegated_percent: number;
  central_percent: number;
  delegated_pence: number;
  central_pence: number;
  previous_pot_id: string | null;
  created_by: string | null;
}

export interface CentralUseRow {
  la_code: string;
  pot_id: string;
  kind: 'post' | 'service';
  name: string;
  fte: number | null;
  cost_pence: number;
  sort: number;
}

export interface FactorValueRow {
  la_code: string;
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
  source: 'import';
}

export interface GeneratedFundingPots {
  pots: FundingPotRow[];
  centralUses: CentralUseRow[];
  factorValues: FactorValueRow[];
  /** The schools left without factor data in the later year. */
  missingInLaterYear: string[];
}

/** What Learning Support's central share pays for: about 9 FTE and the kit they lend, £500,000 in all. */
export const learningSupportCentralUses = [
  { kind: 'post', name: 'Access Through Technology specialists', fte: 3, cost_pence: 16_000_000 },
  { kind: 'post', name: 'Disability advice and guidance advisers', fte: 2, cost_pence: 10_800_000 },
  {
    kind: 'post',
    name: 'Looked-after children advice and guidance advisers',
    fte: 2,
    cost_pence: 10_400_000,
  },
  { kind: 'post', name: 'Specialist learning support teachers', fte: 2, cost_pence: 11_000_000 },
  {
    kind: 'service',
    name: 'Access Through Technology equipment and software loans',
    fte: null,
    cost_pence: 1_800_000,
  },
] as const;

const pots = [
  { name: 'SEND delegated funding', total: 3_000_000_000, delegated: 100, central: 0 },
  { name: 'Learning Support', total: 200_000_000, delegated: 75, central: 25 },
] as const;

/** A whole number near `share` of `n`, between the shares given. */
const shareOf = (n: number, low: number, high: number, rng: Prng) =>
  Math.round(n * (low + rng.next() * (high - low)));

/** One school's figures for a year: plausible against its roll and each other. */
function factorsFor(pupils: number, fsmPercent: number, rng: Prng) {
  // The more deprived a school's intake (FSM), the more of its pupils live in the most deprived IDACI bands.
  const inBands = shareOf(pupils, 0.35, 0.75, rng);
  const tilt = fsmPercent / 40;
  const weights = [0.1 + 0.3 * tilt, 0.15 + 0.2 * tilt, 0.2, 0.2, 0.2 - 0.1 * tilt, 0.15 - 0.1 * tilt];
  const total = weights.reduce((a, b) => a + b, 0);
  const bands = weights.map((w) => Math.floor((inBands * w) / total));
  const ehcPlans = shareOf(pupils, 0.02, 0.04, rng);
  return {
    idaci_a: bands[0] ?? 0,
    idaci_b: bands[1] ?? 0,
    idaci_c: bands[2] ?? 0,
    idaci_d: bands[3] ?? 0,
    idaci_e: bands[4] ?? 0,
    idaci_f: bands[5] ?? 0,
    low_prior_attainment: shareOf(pupils, 0.12 + 0.2 * tilt * 0.5, 0.22 + 0.2 * tilt * 0.5, rng),
    sen_support: Math.min(pupils - ehcPlans, shareOf(pupils, 0.1, 0.14, rng)),
    ehc_plans: ehcPlans,
  };
}

export function generateFundingPots(
  options: { laCode: string; createdBy: string | null; year?: number },
  data: { establishments: readonly EstablishmentRow[]; memberships: readonly MembershipRow[] },
  rng: Prng,
): GeneratedFundingPots {
  const later = options.year ?? 2026;
  const earlier = later - 1;
  const years = [earlier, later];
  const out: GeneratedFundingPots = { pots: [], centralUses: [], factorValues: [], missingInLaterYear: [] };
  const inCluster = new Set(data.memberships.map((m) => m.establishment_id));
  const schools = data.establishments.filter((e) => inCluster.has(e.id));
  const missing = new Set<string>();
  while (missing.size < Math.min(3, schools.length)) missing.add(rng.pick(schools).id);
  out.missingInLaterYear = [...missing];

  const potIds = new Map<string, string>();
  for (const year of years)
    for (const p of pots) {
      const split = splitPot({
        yearKind: 'academic',
        year,
        totalPence: p.total,
        delegatedPercent: p.delegated,
        centralPercent: p.central,
      });
      if (!split.ok) throw new Error(`${p.name}: ${split.problems[0]?.message}`);
      const id = rng.uuid();
      potIds.set(`${p.name} ${year}`, id);
      out.pots.push({
        id,
        la_code: options.laCode,
        name: p.name,
        year_kind: 'academic',
        year,
        total_pence: p.total,
        delegated_percent: p.delegated,
        central_percent: p.central,
        delegated_pence: split.delegatedPence,
        central_pence: split.centralPence,
        previous_pot_id: potIds.get(`${p.name} ${year - 1}`) ?? null,
        created_by: options.createdBy,
      });
      if (p.central > 0)
        out.centralUses.push(
          ...learningSupportCentralUses.map((u, i) => ({
            ...u,
            la_code: options.laCode,
            pot_id: id,
            sort: i + 1,
          })),
        );
    }

  for (const s of schools) {
    const roll = s.pupils > 0 ? s.pupils : rng.int(40, 420);
    const fsm = rng.int(500, 4000) / 100;
    const sparse = roll < 150 && rng.chance(0.3);
    for (const year of years) {
      if (year === later && missing.has(s.id)) continue;
      // Rolls move a little from one October census to the next.
      const pupils =
        year === earlier ? roll : Math.max(1, roll + rng.int(-Math.ceil(roll / 20), Math.ceil(roll / 20)));
      const fsmPercent =
        year === earlier
          ? fsm
          : Math.min(100, Math.max(0, Math.round((fsm + rng.int(-150, 150) / 100) * 100) / 100));
      const figures = factorsFor(pupils, fsmPercent, rng);
      for (const p of pots)
        out.factorValues.push({
          la_code: options.laCode,
          pot_id: potIds.get(`${p.name} ${year}`) as string,
          establishment_id: s.id,
          pupils,
          fsm_percent: fsmPercent,
          ...figures,
          sparse,
          source: 'import',
        });
    }
  }
  return out;
}

/** Writes the pots, the earlier year first (the later names it), their central uses and factor data. */
export async function loadFundingPots(tx: Tx, generated: GeneratedFundingPots): Promise<void> {
  for (const year of [...new Set(generated.pots.map((p) => p.year))].sort())
    await bulkInsert(
      tx,
      'funding_pots',
      {
        id: 'uuid',
        la_code: 'text',
        name: 'text',
        year_kind: 'text',
        year: 'int',
        total_pence: 'int8',
        delegated_percent: 'numeric',
        central_percent: 'numeric',
        delegated_pence: 'int8',
        central_pence: 'int8',
        previous_pot_id: 'uuid',
        created_by: 'uuid',
      },
      generated.pots.filter((p) => p.year === year),
    );
  await bulkInsert(
    tx,
    'funding_central_uses',
    {
      la_code: 'text',
      pot_id: 'uuid',
      kind: 'text',
      name: 'text',
      fte: 'numeric',
      cost_pence: 'int8',
      sort: 'int',
    },
    generated.centralUses,
  );
  await bulkInsert(
    tx,
    'funding_factor_values',
    {
      la_code: 'text',
      pot_id: 'uuid',
      establishment_id: 'uuid',
      pupils: 'int',
      fsm_percent: 'numeric',
      idaci_a: 'int',
      idaci_b: 'int',
      idaci_c: 'int',
      idaci_d: 'int',
      idaci_e: 'int',
      idaci_f: 'int',
      low_prior_attainment: 'int',
      sen_support: 'int',
      ehc_plans: 'int',
      sparse: 'bool',
      source: 'text',
    },
    generated.factorValues,
  );
}
