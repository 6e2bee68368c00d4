import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';

/** SQL for establishments, designations, clusters and school staff. */

export async function establishmentIdsForStaff(tx: Tx, userId: string): Promise<string[]> {
  const r = await sql<{
    id: string;
  }>`SELECT establishment_id AS id FROM establishment_staff WHERE user_id = ${userId}`.execute(tx);
  return r.rows.map((x) => x.id);
}

export async function establishmentIdsForClusterHost(
  tx: Tx,
  userId: string,
  today: string,
): Promise<string[]> {
  const r = await sql<{ id: string }>`
    SELECT m.establishment_id AS id
    FROM cluster_hosts h
    JOIN cluster_memberships m ON m.cluster_id = h.cluster_id
    WHERE h.user_id = ${userId} AND h.ends_on IS NULL
      AND m.starts_on <= ${today}::date AND (m.ends_on IS NULL OR m.ends_on > ${today}::date)`.execute(tx);
  return r.rows.map((x) => x.id);
}

export async function establishmentSummaries(tx: Tx, ids: string[]) {
  if (!ids.length) return [];
  const r = await sql<{
    id: string;
    urn: number | null;
    name: string;
    phase: string | null;
    typeName: string | null;
    isSpecial: boolean;
  }>`SELECT id, urn, name, phase, type_name AS "typeName", is_special AS "isSpecial"
     FROM establishments WHERE id = ANY(${ids}::uuid[])`.execute(tx);
  return r.rows;
}
