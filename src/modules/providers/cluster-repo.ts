import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { Membership } from './domain/clusters.ts';
import { isoDate, isoDateOrNull, providers } from './repo.ts';

/** SQL for clusters, their member schools and their hosts. */

export interface ClusterSummary {
  id: string;
  name: string;
  version: number;
  memberCount: number;
  hostName: string | null;
  hostAgreedOn: string | null;
}

export async function listClusters(tx: Tx, today: string): Promise<ClusterSummary[]> {
  const day = sql<string>`${today}::date`;
  const rows = await providers(tx)
    .selectFrom('clusters as c')
    .leftJoin('cluster_hosts as h', (j) =>
      j
        .onRef('h.cluster_id', '=', 'c.id')
        .on('h.nominated_on', '<=', day)
        .on((eb) => eb.or([eb('h.ends_on', 'is', null), eb('h.ends_on', '>', day)])),
    )
    .select([
      'c.id',
      'c.name',
      'c.version',
      'h.name as hostName',
      isoDateOrNull('h.agreed_on').as('hostAgreedOn'),
      (eb) =>
        eb
          .selectFrom('cluster_memberships as m')
          .whereRef('m.cluster_id', '=', 'c.id')
          .where('m.starts_on', '<=', day)
          .where((w) => w.or([w('m.ends_on', 'is', null), w('m.ends_on', '>', day)]))
          .select((s) => s.fn.countAll<number>().as('n'))
          .as('memberCount'),
    ])
    .orderBy('c.name')
    .execute();
  return rows.map((r) => ({ ...r, memberCount: Number(r.memberCount ?? 0) }));
}

export async function findCluster(tx: Tx, id: string, options: { forUpdate?: boolean } = {}) {
  let q = providers(tx).selectFrom('clusters').select(['id', 'name', 'version']).where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function clusterIdByName(tx: Tx, name: string): Promise<string | undefined> {
  const r = await providers(tx)
    .selectFrom('clusters')
    .select('id')
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
  return r?.id;
}

export async function insertCluster(tx: Tx, laCode: string, name: string): Promise<string> {
  const r = await providers(tx)
    .insertInto('clusters')
    .values({ la_code: laCode, name })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function renameCluster(tx: Tx, id: string, name: string, version: number): Promise<boolean> {
  const r = await providers(tx)
    .updateTable('clusters')
    .set({ name, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface MemberRow {
  membershipId: string;
  establishmentId: string;
  name: string;
  urn: number | null;
  phase: string | null;
  startsOn: string;
  endsOn: string | null;
}

export async function clusterMembers(tx: Tx, clusterId: string): Promise<MemberRow[]> {
  return providers(tx)
    .selectFrom('cluster_memberships as m')
    .innerJoin('establishments as e', 'e.id', 'm.establishment_id')
    .select([
      'm.id as membershipId',
      'e.id as establishmentId',
      'e.name',
      'e.urn',
      'e.phase',
      isoDate('m.starts_on').as('startsOn'),
      isoDateOrNull('m.ends_on').as('endsOn'),
    ])
    .where('m.cluster_id', '=', clusterId)
    .orderBy('e.name')
    .orderBy('m.starts_on', 'desc')
    .execute();
}

export async function membershipsOf(tx: Tx, establishmentId: string): Promise<Membership[]> {
  return providers(tx)
    .selectFrom('cluster_memberships as m')
    .innerJoin('clusters as c', 'c.id', 'm.cluster_id')
    .select([
      'm.id',
      'm.cluster_id as clusterId',
      'c.name as clusterName',
      'm.establishment_id as establishmentId',
      isoDate('m.starts_on').as('startsOn'),
      isoDateOrNull('m.ends_on').as('endsOn'),
    ])
    .where('m.establishment_id', '=', establishmentId)
    .orderBy('m.starts_on', 'desc')
    .execute();
}

export async function findMembership(tx: Tx, id: string): Promise<Membership | undefined> {
  return providers(tx)
    .selectFrom('cluster_memberships as m')
    .innerJoin('clusters as c', 'c.id', 'm.cluster_id')
    .select([
      'm.id',
      'm.cluster_id as clusterId',
      'c.name as clusterName',
      'm.establishment_id as establishmentId',
      isoDate('m.starts_on').as('startsOn'),
      isoDateOrNull('m.ends_on').as('endsOn'),
    ])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

export async function insertMembership(
  tx: Tx,
  m: { laCode: string; clusterId: string; establishmentId: string; startsOn: string; endsOn: string | null },
): Promise<string> {
  const r = await providers(tx)
    .insertInto('cluster_memberships')
    .values({
      la_code: m.laCode,
      cluster_id: m.clusterId,
      establishment_id: m.establishmentId,
      starts_on: m.startsOn,
      ends_on: m.endsOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function endMembership(tx: Tx, id: string, endsOn: string): Promise<void> {
  await providers(tx)
    .updateTable('cluster_memberships')
    .set({ ends_on: endsOn })
    .where('id', '=', id)
    .execute();
}

export interface HostRow {
  id: string;
  name: string;
  userId: string | null;
  establishmentId: string | null;
  establishmentName: string | null;
  nominatedOn: string;
  agreedOn: string | null;
  endsOn: string | null;
}

/** The cluster's hosts, the last nominated (no end date) first. */
export async function clusterHosts(tx: Tx, clusterId: string): Promise<HostRow[]> {
  return providers(tx)
    .selectFrom('cluster_hosts as h')
    .leftJoin('establishments as e', 'e.id', 'h.establishment_id')
    .select([
      'h.id',
      'h.name',
      'h.user_id as userId',
      'h.establishment_id as establishmentId',
      'e.name as establishmentName',
      isoDate('h.nominated_on').as('nominatedOn'),
      isoDateOrNull('h.agreed_on').as('agreedOn'),
      isoDateOrNull('h.ends_on').as('endsOn'),
    ])
    .where('h.cluster_id', '=', clusterId)
    .orderBy(sql`h.ends_on IS NULL`, 'desc')
    .orderBy('h.nominated_on', 'desc')
    .execute();
}

export async function insertHost(
  tx: Tx,
  h: {
    laCode: string;
    clusterId: string;
    name: string;
    userId: string | null;
    establishmentId: string | null;
    nominatedOn: string;
    agreedOn: string | null;
  },
): Promise<string> {
  const r = await providers(tx)
    .insertInto('cluster_hosts')
    .values({
      la_code: h.laCode,
      cluster_id: h.clusterId,
      name: h.name,
      user_id: h.userId,
      establishment_id: h.establishmentId,
      nominated_on: h.nominatedOn,
      agreed_on: h.agreedOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function endHost(tx: Tx, id: string, endsOn: string): Promise<void> {
  await providers(tx).updateTable('cluster_hosts').set({ ends_on: endsOn }).where('id', '=', id).execute();
}

export async function recordHostAgreement(tx: Tx, id: string, agreedOn: string): Promise<void> {
  await providers(tx)
    .updateTable('cluster_hosts')
    .set({ agreed_on: agreedOn })
    .where('id', '=', id)
    .execute();
}

/**
 * The cluster each of these schools belongs to on a day, read as every membership is: from its
 * start up to, not including, its end. A school in no cluster that day is left out.
 */
export async function clustersOn(
  tx: Tx,
  laCode: string,
  establishmentIds: readonly string[],
  on: string,
): Promise<{ establishmentId: string; clusterId: string; clusterName: string }[]> {
  if (!establishmentIds.length) return [];
  const day = sql<string>`${on}::date`;
  return providers(tx)
    .selectFrom('cluster_memberships as m')
    .innerJoin('clusters as c', 'c.id', 'm.cluster_id')
    .select(['m.establishment_id as establishmentId', 'c.id as clusterId', 'c.name as clusterName'])
    .where('m.la_code', '=', laCode)
    .where(sql<boolean>`m.establishment_id = ANY(${[...establishmentIds]}::uuid[])`)
    .where('m.starts_on', '<=', day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>', day)]))
    .execute();
}

export interface ClusterSchoolOn {
  establishmentId: string;
  urn: number | null;
  name: string;
  /** The number on roll GIAS gives, where the school's record has one. */
  pupils: number | null;
  clusterId: string;
  clusterName: string;
}

/** Every school in one of the LA's clusters on a day, with its cluster: whom cluster funding is shared between. */
export async function clusterSchoolsOn(tx: Tx, laCode: string, on: string): Promise<ClusterSchoolOn[]> {
  const day = sql<string>`${on}::date`;
  const rows = await providers(tx)
    .selectFrom('cluster_memberships as m')
    .innerJoin('clusters as c', 'c.id', 'm.cluster_id')
    .innerJoin('establishments as e', 'e.id', 'm.establishment_id')
    .select([
      'e.id as establishmentId',
      'e.urn',
      'e.name',
      'e.pupils',
      'c.id as clusterId',
      'c.name as clusterName',
    ])
    .where('m.la_code', '=', laCode)
    .where('m.starts_on', '<=', day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>', day)]))
    .orderBy('c.name')
    .orderBy('e.name')
    .execute();
  return rows.map((r) => ({ ...r, urn: r.urn === null ? null : Number(r.urn) }));
}
