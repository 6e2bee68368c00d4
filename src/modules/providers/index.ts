import type { Tx } from '../../platform/db/tenancy.ts';
import * as repo from './repo.ts';

/** What other modules may ask of schools and settings. */

export interface EstablishmentSummary {
  id: string;
  urn: number | null;
  name: string;
  phase: string | null;
  typeName: string | null;
  isSpecial: boolean;
}

/** The establishments where this user is SENCo (or headteacher). */
export function establishmentIdsForStaff(tx: Tx, userId: string): Promise<string[]> {
  return repo.establishmentIdsForStaff(tx, userId);
}

/** The member schools, today, of the clusters this user currently hosts. */
export function establishmentIdsForClusterHost(tx: Tx, userId: string, today: string): Promise<string[]> {
  return repo.establishmentIdsForClusterHost(tx, userId, today);
}

export function establishmentSummaries(tx: Tx, ids: string[]): Promise<EstablishmentSummary[]> {
  return repo.establishmentSummaries(tx, ids);
}
