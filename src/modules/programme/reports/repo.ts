import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { DocumentModel } from '../../../platform/documents/model.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import type { ReportSnapshot } from '../domain/report.ts';

/** Board reports as they were given, and the decisions put to the board. */

export interface DecisionRow {
  id: string;
  projectId: string | null;
  question: string;
  neededBy: IsoDate;
  decidedOn: IsoDate | null;
  decision: string | null;
}

/** The last report given before a date, or null. */
export async function lastReportBefore(
  tx: Tx,
  laCode: string,
  programmeId: string,
  on: IsoDate,
): Promise<ReportSnapshot | null> {
  const r = await sql<{ snapshot: ReportSnapshot }>`
    SELECT snapshot FROM programme_reports WHERE la_code = ${laCode} AND programme_id = ${programmeId}
      AND report_on < ${on} ORDER BY report_on DESC LIMIT 1`.execute(tx);
  return r.rows[0]?.snapshot ?? null;
}

export async function reportDates(tx: Tx, laCode: string, programmeId: string): Promise<IsoDate[]> {
  const r = await sql<{ on: string }>`
    SELECT to_char(report_on, 'YYYY-MM-DD') AS on FROM programme_reports
    WHERE la_code = ${laCode} AND programme_id = ${programmeId} ORDER BY report_on DESC`.execute(tx);
  return r.rows.map((x) => x.on);
}

/** Saves a report's snapshot and document for its date; issued again the same day, it replaces the first. */
export async function saveReport(
  tx: Tx,
  laCode: string,
  programmeId: string,
  snapshot: ReportSnapshot,
  document: DocumentModel,
  userId: string | null,
) {
  await sql`INSERT INTO programme_reports (la_code, programme_id, report_on, snapshot, created_by)
    VALUES (${laCode}, ${programmeId}, ${snapshot.on}, ${JSON.stringify({ ...snapshot, document })}::jsonb, ${userId})
    ON CONFLICT (programme_id, report_on) DO UPDATE SET snapshot = excluded.snapshot,
      created_at = now(), created_by = excluded.created_by`.execute(tx);
}

/** A report as it was issued: the document the board was given. */
export async function issuedReport(
  tx: Tx,
  laCode: string,
  programmeId: string,
  on: IsoDate,
): Promise<DocumentModel | null> {
  const r = await sql<{ document: DocumentModel | null }>`
    SELECT snapshot -> 'document' AS document FROM programme_reports
    WHERE la_code = ${laCode} AND programme_id = ${programmeId} AND report_on = ${on}`.execute(tx);
  return r.rows[0]?.document ?? null;
}

export async function listDecisions(tx: Tx, laCode: string, programmeId: string): Promise<DecisionRow[]> {
  const r = await sql<DecisionRow>`
    SELECT id, project_id AS "projectId", question, to_char(needed_by, 'YYYY-MM-DD') AS "neededBy",
      to_char(decided_on, 'YYYY-MM-DD') AS "decidedOn", decision
    FROM programme_decisions WHERE la_code = ${laCode} AND programme_id = ${programmeId}
    ORDER BY decided_on NULLS FIRST, needed_by, question`.execute(tx);
  return r.rows;
}

export async function insertDecision(
  tx: Tx,
  laCode: string,
  programmeId: string,
  d: { projectId: string | null; question: string; neededBy: IsoDate },
): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO programme_decisions (la_code, programme_id, project_id, question, needed_by)
    VALUES (${laCode}, ${programmeId}, ${d.projectId}, ${d.question}, ${d.neededBy}) RETURNING id`.execute(
    tx,
  );
  return r.rows[0]?.id as string;
}

/** Records the board's answer; false when the question was answered already or is not there. */
export async function recordDecision(
  tx: Tx,
  laCode: string,
  programmeId: string,
  id: string,
  decidedOn: IsoDate,
  decision: string,
): Promise<boolean> {
  const r = await sql`UPDATE programme_decisions SET decided_on = ${decidedOn}, decision = ${decision},
      version = version + 1
    WHERE la_code = ${laCode} AND programme_id = ${programmeId} AND id = ${id} AND decided_on IS NULL`.execute(
    tx,
  );
  return Number(r.numAffectedRows ?? 0) === 1;
}
