import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';

/**
 * Each school's SEN information report (SEND Regulations 2014 reg 51, Schedule 1), kept on the
 * school's Local Offer organisation: the Local Offer links every school's report (Schedule 2
 * paragraph 1).
 */

export async function reportLinks(
  tx: Tx,
  laCode: string,
  establishmentIds: readonly string[],
): Promise<Map<string, { url: string; updatedAt: Date }>> {
  if (establishmentIds.length === 0) return new Map();
  const r = await sql<{ establishmentId: string; url: string; updatedAt: Date }>`
    SELECT establishment_id AS "establishmentId", sen_information_report AS url, updated_at AS "updatedAt"
    FROM lo_organizations WHERE la_code = ${laCode} AND establishment_id = ANY (${sql.val(establishmentIds)}::uuid[])
      AND sen_information_report IS NOT NULL`.execute(tx);
  return new Map(r.rows.map((x) => [x.establishmentId, { url: x.url, updatedAt: x.updatedAt }]));
}

/** Sets (or, with null, clears) a school's report link, making its organisation the first time. */
export async function setReportLink(
  tx: Tx,
  laCode: string,
  school: { id: string; name: string },
  url: string | null,
  at: Date,
): Promise<void> {
  const updated = await sql`UPDATE lo_organizations SET sen_information_report = ${url}, updated_at = ${at}
    WHERE la_code = ${laCode} AND establishment_id = ${school.id}`.execute(tx);
  if (Number(updated.numAffectedRows ?? 0) === 0 && url)
    await sql`INSERT INTO lo_organizations (la_code, name, description, establishment_id, sen_information_report, updated_at)
      VALUES (${laCode}, ${school.name}, '', ${school.id}, ${url}, ${at})`.execute(tx);
}
