import type { Tx } from '../platform/db/tenancy.ts';
import type { IsoDate } from '../platform/kernel/dates.ts';
import { type GeneratedFundingPots, generateFundingPots, loadFundingPots } from './funding-pots.ts';
import {
  type GeneratedScenarios,
  generateFundingScenarios,
  loadFundingScenarios,
} from './funding-scenarios.ts';
import { type GeneratedToolkit, generateToolkits, loadToolkits } from './funding-toolkit.ts';
import { type GeneratedTraded, generateTraded, loadTraded } from './funding-traded.ts';
import type { GeneratedLa } from './generate.ts';
import type { Prng } from './prng.ts';

/**
 * An LA's delegated SEND funding as the demo shows it: the pots and each school's factor data;
 * at Norfolk's scale also last year's adopted scenarios and this year's drafts, the clusters'
 * toolkits kept against last year's allocations, and traded services bought back.
 */
export interface GeneratedFunding {
  pots: GeneratedFundingPots | null;
  scenarios: GeneratedScenarios | null;
  toolkits: GeneratedToolkit | null;
  traded: GeneratedTraded | null;
}

export interface FundingSeedInput {
  laCode: string;
  today: IsoDate;
  /** The year of this year's pots: the academic year today falls in. */
  year: number;
  /** national: the pots and factor data only; none: no funding at all. */
  scale: 'norfolk' | 'national' | 'none';
  financeOfficer: string | null;
}

export function generateFunding(input: FundingSeedInput, data: GeneratedLa, rng: Prng): GeneratedFunding {
  if (input.scale === 'none') return { pots: null, scenarios: null, toolkits: null, traded: null };
  const pots = generateFundingPots({ laCode: input.laCode, createdBy: input.financeOfficer }, data, rng);
  if (input.scale === 'national') return { pots, scenarios: null, toolkits: null, traded: null };

  const establishment = new Map(data.establishments.map((e) => [e.id, e]));
  const cluster = new Map(data.clusters.map((c) => [c.id, c]));
  const scenarios = generateFundingScenarios(
    {
      laCode: input.laCode,
      year: input.year,
      pots: pots.pots,
      factors: pots.factorValues,
      establishments: data.establishments,
      clusters: data.clusters,
      memberships: data.memberships.map((m) => ({
        establishment_id: m.establishment_id,
        name: establishment.get(m.establishment_id)?.name ?? '',
        cluster_id: m.cluster_id,
        cluster_name: cluster.get(m.cluster_id)?.name ?? '',
        starts_on: m.starts_on,
        ends_on: null,
      })),
    },
    rng,
  );
  // Each cluster's allocation from each adopted scenario: what its toolkit was kept against.
  const potOf = new Map(
    scenarios.scenarios.filter((s) => s.status === 'adopted').map((s) => [s.id, s.pot_id]),
  );
  const byClusterPot = new Map<string, { clusterId: string; potId: string; pence: number }>();
  for (const a of scenarios.allocations) {
    const potId = potOf.get(a.scenario_id);
    if (!potId) continue;
    const key = `${a.cluster_id} ${potId}`;
    const row = byClusterPot.get(key) ?? { clusterId: a.cluster_id, potId, pence: 0 };
    row.pence += a.pence;
    byClusterPot.set(key, row);
  }
  const toolkits = generateToolkits(
    {
      laCode: input.laCode,
      today: input.today,
      pots: pots.pots.map((p) => ({ id: p.id, yearKind: p.year_kind, year: p.year })),
      allocations: [...byClusterPot.values()],
      memberships: data.memberships,
      establishments: data.establishments,
      children: data.children,
      heads: [],
      hostUsers: new Map(),
      financeOfficer: input.financeOfficer,
    },
    rng,
  );
  const traded = generateTraded(
    {
      laCode: input.laCode,
      today: input.today,
      establishments: data.establishments,
      clusters: data.clusters,
      memberships: data.memberships,
    },
    rng,
  );
  return { pots, scenarios, toolkits, traded };
}

/** Writes the LA's funding after its schools, clusters and children. */
export async function loadFunding(tx: Tx, g: GeneratedFunding, unknownPasswordHash: string): Promise<void> {
  if (g.pots) await loadFundingPots(tx, g.pots);
  if (g.scenarios) await loadFundingScenarios(tx, g.scenarios);
  if (g.toolkits) await loadToolkits(tx, g.toolkits, unknownPasswordHash);
  if (g.traded) await loadTraded(tx, g.traded);
}
