import type { Tx } from '../../../platform/db/tenancy.ts';
import { lastYearAllocations, schoolsInScope } from '../factors/read.ts';
import { potYearLabel } from '../pots/domain/years.ts';
import {
  type AllocationOutcome,
  allocate,
  type Formula,
  type SchoolFactorData,
  type SchoolInput,
} from './domain/formula.ts';
import type * as repo from './repo.ts';

/**
 * What a scenario is worked out from, read once per request through the factor data's own reads:
 * the schools in the pot's clusters on its year's first day, their factor data and last year's
 * allocations. The formula is run only when every school has its data: a school left out would
 * have its share spread over the others.
 */

/** "2026-27", whichever kind of year. */
export const yearLabel = (pot: { year: number }) => potYearLabel(pot.year);

export interface MissingSchool {
  id: string;
  urn: number | null;
  name: string;
  clusterName: string;
}

export interface PotInputs {
  pot: repo.PotRow;
  /** Every school in scope, with its data: what the formula runs on once nothing is missing. */
  schools: (SchoolInput & { urn: number | null; factors: SchoolFactorData })[];
  /** Schools in scope with no factor data for the pot. */
  missing: MissingSchool[];
}

const byName = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

export async function potInputs(tx: Tx, laCode: string, pot: repo.PotRow): Promise<PotInputs> {
  const [inScope, lastYear] = await Promise.all([
    schoolsInScope(tx, laCode, pot.id),
    lastYearAllocations(tx, pot.id),
  ]);
  const schools: PotInputs['schools'] = [];
  const missing: MissingSchool[] = [];
  // In name order, as the comparison lists them.
  for (const s of [...inScope].sort((a, b) => byName.compare(a.name, b.name) || (a.id < b.id ? -1 : 1))) {
    if (!s.factors) {
      missing.push({ id: s.id, urn: s.urn, name: s.name, clusterName: s.clusterName });
      continue;
    }
    schools.push({
      id: s.id,
      urn: s.urn,
      name: s.name,
      clusterId: s.clusterId,
      clusterName: s.clusterName,
      factors: s.factors,
      lastYearPence: lastYear.get(s.id) ?? null,
    });
  }
  return { pot, schools, missing };
}

/** The formula run over the pot's delegated share, or null while any school's data is missing. */
export function run(inputs: PotInputs, formula: Formula): AllocationOutcome | null {
  if (inputs.missing.length) return null;
  return allocate(inputs.pot.delegatedPence, inputs.schools, formula);
}
