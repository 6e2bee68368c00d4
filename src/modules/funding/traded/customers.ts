import { can } from '../../../platform/auth/roles.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import {
  establishmentSummaries,
  findCluster,
  hostingsOf,
  clusterSchoolsOn as schoolsInClusters,
  staffLinksOf,
} from '../../providers/index.ts';
import type { FundingContext } from '../context.ts';

/**
 * Who a person may order for: the schools they are head teacher of, and the clusters they host
 * today. Never an ID from the address alone: every order, page and list checks against these.
 */

export interface SchoolCustomer {
  kind: 'school';
  id: string;
  name: string;
  urn: number | null;
  /** Pupils on roll as GIAS last gave them; null when none is recorded. */
  pupils: number | null;
}

export interface ClusterCustomer {
  kind: 'cluster';
  id: string;
  name: string;
}

export interface Customers {
  schools: SchoolCustomer[];
  clusters: ClusterCustomer[];
}

export async function schoolsByIds(tx: Tx, ids: readonly string[]): Promise<SchoolCustomer[]> {
  const found = await establishmentSummaries(tx, [...new Set(ids)]);
  return found
    .map((s) => ({ kind: 'school' as const, id: s.id, name: s.name, urn: s.urn, pupils: s.pupils ?? null }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function customersOf(tx: Tx, ctx: FundingContext): Promise<Customers> {
  if (!can(ctx.principal.roles, 'traded:order')) return { schools: [], clusters: [] };
  const userId = ctx.principal.userId;
  const [links, hostings] = await Promise.all([staffLinksOf(tx, userId), hostingsOf(tx, userId)]);
  const schools = await schoolsByIds(
    tx,
    links.filter((l) => l.role === 'headteacher').map((l) => l.establishmentId),
  );
  const today = ctx.today;
  const clusters = hostings
    .filter((h) => h.nominatedOn <= today && (h.endsOn === null || h.endsOn > today))
    .map((h) => ({ kind: 'cluster' as const, id: h.clusterId, name: h.clusterName }))
    .filter((c, i, all) => all.findIndex((x) => x.id === c.id) === i)
    .sort((a, b) => a.name.localeCompare(b.name));
  return { schools, clusters };
}

/** A cluster's schools on a day, as its memberships say, each with its pupils on roll. */
export async function clusterSchoolsOn(
  tx: Tx,
  laCode: string,
  clusterId: string,
  day: IsoDate,
): Promise<SchoolCustomer[]> {
  const schools = await schoolsInClusters(tx, laCode, day);
  return schools
    .filter((s) => s.clusterId === clusterId)
    .map((s) => ({
      kind: 'school' as const,
      id: s.establishmentId,
      name: s.name,
      urn: s.urn,
      pupils: s.pupils,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function clusterNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  const found = await Promise.all([...new Set(ids)].map((id) => findCluster(tx, id)));
  return new Map(found.flatMap((c) => (c ? [[c.id, c.name] as const] : [])));
}

/** The LA's schools in a cluster on a day: the schools traded services are sold to. */
export async function schoolsInClustersOn(tx: Tx, laCode: string, day: IsoDate): Promise<string[]> {
  return [...new Set((await schoolsInClusters(tx, laCode, day)).map((s) => s.establishmentId))];
}
