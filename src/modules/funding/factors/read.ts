import type { Tx } from '../../../platform/db/tenancy.ts';
import { clusterSchoolsOn } from '../../providers/index.ts';
import { potYearStart } from '../pots/domain/years.ts';
import * as pots from '../pots/repo.ts';
import type { FactorSource, SchoolFactorData } from './domain/factors.ts';
import * as repo from './repo.ts';

/**
 * What a formula for a pot is run on: the schools in a cluster on the first day of the pot's year,
 * each with its cluster and its factor data, and last year's allocation to each. For the scenarios
 * part, which shares the pot; both read in the caller's transaction, within its LA.
 */

export interface SchoolInScope {
  id: string;
  urn: number | null;
  name: string;
  clusterId: string;
  clusterName: string;
  /** The number on roll on the school's own record (GIAS), which may differ from the factor data's. */
  pupilsOnRecord: number | null;
  /** The school's data for the pot's year; null where none is held yet. */
  factors: SchoolFactorData | null;
  source: FactorSource | null;
}

/** Every school in one of the LA's clusters on the pot's first day, by cluster then name; none for a pot not in the LA. */
export async function schoolsInScope(tx: Tx, laCode: string, potId: string): Promise<SchoolInScope[]> {
  const pot = await pots.findPot(tx, laCode, potId);
  if (!pot) return [];
  const [schools, held] = await Promise.all([
    clusterSchoolsOn(tx, laCode, potYearStart(pot.yearKind, pot.year)),
    repo.factorValues(tx, laCode, potId),
  ]);
  return schools.map((s) => {
    const h = held.get(s.establishmentId);
    return {
      id: s.establishmentId,
      urn: s.urn,
      name: s.name,
      clusterId: s.clusterId,
      clusterName: s.clusterName,
      pupilsOnRecord: s.pupils,
      factors: h?.data ?? null,
      source: h?.source ?? null,
    };
  });
}

/** Where a pot's last year's allocations come from, and what they are. */
export type LastYearAllocations =
  | { from: 'adopted'; potId: string; potName: string; scenarioName: string; pence: Map<string, number> }
  | { from: 'baselines'; previousPotName: string | null; pence: Map<string, number> }
  | { from: 'none'; previousPotName: string | null; pence: Map<string, number> };

/**
 * Last year's allocations: those of the previous pot's adopted scenario when it has one, otherwise
 * those loaded from a file for this pot (none, when neither is there).
 */
export async function lastYearOf(tx: Tx, potId: string): Promise<LastYearAllocations> {
  const previous = await pots.previousPotOf(tx, potId);
  const adopted = previous ? await repo.adoptedAllocations(tx, previous.id) : null;
  if (previous && adopted)
    return {
      from: 'adopted',
      potId: previous.id,
      potName: previous.name,
      scenarioName: adopted.scenarioName,
      pence: adopted.pence,
    };
  const loaded = await repo.baselines(tx, potId);
  return { from: loaded.size ? 'baselines' : 'none', previousPotName: previous?.name ?? null, pence: loaded };
}

/** Last year's allocation to each school, in pence, by establishment ID (see lastYearOf). */
export async function lastYearAllocations(tx: Tx, potId: string): Promise<Map<string, number>> {
  return (await lastYearOf(tx, potId)).pence;
}
