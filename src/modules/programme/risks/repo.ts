import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';

/** The programme's risks and issues log. */

export interface RiskRow {
  id: string;
  projectId: string | null;
  kind: 'risk' | 'issue';
  title: string;
  description: string | null;
  likelihood: number;
  impact: number;
  ownerName: string;
  mitigation: string;
  reviewOn: IsoDate;
  escalatedOn: IsoDate | null;
  status: 'open' | 'closed';
  closedOn: IsoDate | null;
  version: number;
  /** Its number in the log, R1 or I1 in the order they were raised. */
  ref: string;
}

export type RiskValues = Omit<RiskRow, 'id' | 'version' | 'ref'>;

export async function listRisks(tx: Tx, laCode: string, programmeId: string): Promise<RiskRow[]> {
  const r = await sql<RiskRow>`
    SELECT id, project_id AS "projectId", kind, title, description, likelihood, impact, owner_name AS "ownerName",
      mitigation, to_char(review_on, 'YYYY-MM-DD') AS "reviewOn", to_char(escalated_on, 'YYYY-MM-DD') AS "escalatedOn",
      status, to_char(closed_on, 'YYYY-MM-DD') AS "closedOn", version,
      (CASE kind WHEN 'risk' THEN 'R' ELSE 'I' END) || row_number() OVER (PARTITION BY kind ORDER BY created_at, id) AS ref
    FROM programme_risks WHERE la_code = ${laCode} AND programme_id = ${programmeId}
    ORDER BY likelihood * impact DESC, review_on, title`.execute(tx);
  return r.rows;
}

export async function insertRisk(
  tx: Tx,
  laCode: string,
  programmeId: string,
  v: RiskValues,
): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO programme_risks (la_code, programme_id, project_id, kind, title, description, likelihood, impact,
      owner_name, mitigation, review_on, escalated_on, status, closed_on)
    VALUES (${laCode}, ${programmeId}, ${v.projectId}, ${v.kind}, ${v.title}, ${v.description}, ${v.likelihood},
      ${v.impact}, ${v.ownerName}, ${v.mitigation}, ${v.reviewOn}, ${v.escalatedOn}, ${v.status}, ${v.closedOn})
    RETURNING id`.execute(tx);
  return r.rows[0]?.id as string;
}

export async function updateRisk(
  tx: Tx,
  laCode: string,
  id: string,
  version: number,
  v: RiskValues,
): Promise<boolean> {
  const r = await sql`
    UPDATE programme_risks SET project_id = ${v.projectId}, kind = ${v.kind}, title = ${v.title},
      description = ${v.description}, likelihood = ${v.likelihood}, impact = ${v.impact}, owner_name = ${v.ownerName},
      mitigation = ${v.mitigation}, review_on = ${v.reviewOn}, escalated_on = ${v.escalatedOn}, status = ${v.status},
      closed_on = ${v.closedOn}, version = version + 1
    WHERE la_code = ${laCode} AND id = ${id} AND version = ${version}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}
