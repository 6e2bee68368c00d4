import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';
import { isoDate, isoDateOrNull, providers } from './repo.ts';

/** The people linked to schools (SENCo, head teacher) and hosting clusters, as their administrator sees them. */

export type StaffRole = 'senco' | 'headteacher';

export interface StaffLink {
  establishmentId: string;
  urn: number | null;
  name: string;
  role: StaffRole;
}

export async function staffLinksOf(tx: Tx, userId: string): Promise<StaffLink[]> {
  const rows = await providers(tx)
    .selectFrom('establishment_staff as s')
    .innerJoin('establishments as e', 'e.id', 's.establishment_id')
    .select(['s.establishment_id as establishmentId', 'e.urn', 'e.name', 's.role'])
    .where('s.user_id', '=', userId)
    .orderBy('e.name')
    .execute();
  return rows.map((r) => ({ ...r, role: r.role as StaffRole }));
}

/** The people linked to a school, with their role there: those the LA may ask for its advice. */
export function staffOfEstablishment(
  tx: Tx,
  establishmentId: string,
): Promise<{ userId: string; role: StaffRole }[]> {
  return providers(tx)
    .selectFrom('establishment_staff')
    .select(['user_id as userId', sql<StaffRole>`role`.as('role')])
    .where('establishment_id', '=', establishmentId)
    .execute();
}

/** The SENCos and head teachers of many schools at once (an MI sheet to every school). */
export function staffOfEstablishments(
  tx: Tx,
  establishmentIds: readonly string[],
): Promise<{ establishmentId: string; userId: string; role: StaffRole }[]> {
  if (establishmentIds.length === 0) return Promise.resolve([]);
  return providers(tx)
    .selectFrom('establishment_staff')
    .select(['establishment_id as establishmentId', 'user_id as userId', sql<StaffRole>`role`.as('role')])
    .where('establishment_id', 'in', [...new Set(establishmentIds)])
    .execute();
}

/** False when the link was already there. */
export async function addStaffLink(
  tx: Tx,
  link: { laCode: string; userId: string; establishmentId: string; role: StaffRole },
): Promise<boolean> {
  const r = await sql`INSERT INTO establishment_staff (la_code, user_id, establishment_id, role)
    VALUES (${link.laCode}, ${link.userId}, ${link.establishmentId}, ${link.role}) ON CONFLICT DO NOTHING`.execute(
    tx,
  );
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function removeStaffLink(
  tx: Tx,
  link: { userId: string; establishmentId: string; role: StaffRole },
): Promise<boolean> {
  const r = await providers(tx)
    .deleteFrom('establishment_staff')
    .where('user_id', '=', link.userId)
    .where('establishment_id', '=', link.establishmentId)
    .where('role', '=', link.role)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export interface Hosting {
  clusterId: string;
  clusterName: string;
  nominatedOn: string;
  endsOn: string | null;
}

/** Every term this person has had as a cluster host, the latest first. */
export async function hostingsOf(tx: Tx, userId: string): Promise<Hosting[]> {
  return providers(tx)
    .selectFrom('cluster_hosts as h')
    .innerJoin('clusters as c', 'c.id', 'h.cluster_id')
    .select([
      'h.cluster_id as clusterId',
      'c.name as clusterName',
      isoDate('h.nominated_on').as('nominatedOn'),
      isoDateOrNull('h.ends_on').as('endsOn'),
    ])
    .where('h.user_id', '=', userId)
    .orderBy('h.nominated_on', 'desc')
    .execute();
}

export async function establishmentForUrn(tx: Tx, urn: number) {
  return providers(tx)
    .selectFrom('establishments')
    .select(['id', 'urn', 'name'])
    .where('urn', '=', urn)
    .executeTakeFirst();
}
