import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { authorise, type FundingContext, transaction } from '../context.ts';
import { type ReturnStatus, returnStatus } from './domain/toolkit.ts';
import { returnDueOn } from './domain/years.ts';
import * as repo from './repo.ts';
import { type PotSummary, potSummary } from './service.ts';

/**
 * The LA's view of every cluster's toolkit for a pot: what each was allocated, planned and spent,
 * and where its end-of-year return stands, for the schools finance officer watching them all.
 */

export interface ClusterRow {
  clusterId: string;
  clusterName: string;
  hostName: string | null;
  schools: number;
  allocationPence: number;
  plannedPence: number;
  spentPence: number;
  /** Spend as a share of the allocation, in percent; null for a nil allocation. */
  percentSpent: number | null;
  returnStatus: ReturnStatus;
}

export interface ClustersView {
  pots: PotSummary[];
  /** The pot chosen, or the latest; null when the LA has none. */
  pot: PotSummary | null;
  dueOn: IsoDate | null;
  /** Every cluster the pot allocates to, before the filters. */
  all: ClusterRow[];
  /** Those the filters keep. */
  rows: ClusterRow[];
}

export interface ClusterFilters {
  potId: string | null;
  status: ReturnStatus | null;
  /** Part of a cluster's or host's name. */
  name: string | null;
}

export function clustersForPot(ctx: FundingContext, filters: ClusterFilters): Promise<ClustersView> {
  authorise(ctx, 'finance:read');
  return transaction(ctx, async (tx) => {
    const laCode = ctx.principal.laCode;
    const pots = (await repo.pots(tx, laCode)).map(potSummary);
    const pot = (filters.potId ? pots.find((p) => p.id === filters.potId) : pots[0]) ?? null;
    if (!pot) return { pots, pot: null, dueOn: null, all: [], rows: [] };
    const dueOn = returnDueOn(pot.year);
    if (!pot.adoptedScenarioId) return { pots, pot, dueOn, all: [], rows: [] };
    const allocations = await repo.clusterAllocations(tx, laCode, pot.adoptedScenarioId);
    const ids = allocations.map((a) => a.clusterId);
    const [names, hosts, sums] = await Promise.all([
      repo.clusterNames(tx, laCode, ids),
      repo.hostNamesOn(tx, laCode, ids, ctx.today),
      repo.clusterSums(tx, laCode, [pot.id]),
    ]);
    const sumOf = new Map(sums.map((s) => [s.clusterId, s]));
    const all = allocations
      .map((a): ClusterRow => {
        const s = sumOf.get(a.clusterId);
        const spent = s?.spentPence ?? 0;
        return {
          clusterId: a.clusterId,
          clusterName: names.get(a.clusterId) ?? '',
          hostName: hosts.get(a.clusterId) ?? null,
          schools: a.schools,
          allocationPence: a.pence,
          plannedPence: s?.plannedPence ?? 0,
          spentPence: spent,
          percentSpent: a.pence > 0 ? (spent / a.pence) * 100 : null,
          returnStatus: returnStatus(pot.year, ctx.today, s?.returnState ?? null),
        };
      })
      .sort((a, b) => a.clusterName.localeCompare(b.clusterName));
    const words = filters.name?.trim().toLowerCase() ?? '';
    const rows = all.filter(
      (r) =>
        (!filters.status || r.returnStatus === filters.status) &&
        (!words ||
          r.clusterName.toLowerCase().includes(words) ||
          (r.hostName ?? '').toLowerCase().includes(words)),
    );
    return { pots, pot, dueOn, all, rows };
  });
}
