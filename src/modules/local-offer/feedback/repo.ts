import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';

/** Feedback on the public pages, and the LA's responses. */

export async function insertFeedback(
  tx: Tx,
  laCode: string,
  f: { page: string; serviceId: string | null; helpful: boolean; comment: string; at: Date },
): Promise<void> {
  await sql`INSERT INTO lo_feedback (la_code, page, service_id, helpful, comment, received_at)
    SELECT ${laCode}, ${f.page}, s.id, ${f.helpful}, ${f.comment}, ${f.at}
    FROM (SELECT ${f.serviceId}::uuid AS wanted) w
    LEFT JOIN lo_services s ON s.la_code = ${laCode} AND s.id = w.wanted`.execute(tx);
}

export interface FeedbackRow {
  id: string;
  page: string;
  serviceId: string | null;
  serviceName: string | null;
  /** The first Local Offer heading the service is listed under, for grouping the annual report. */
  heading: string | null;
  helpful: boolean;
  comment: string;
  receivedAt: Date;
  response: string;
  action: string;
  respondedBy: string | null;
  respondedAt: Date | null;
}

export async function feedbackBetween(tx: Tx, laCode: string, from: Date, to: Date): Promise<FeedbackRow[]> {
  const r = await sql<FeedbackRow>`SELECT f.id, f.page, f.service_id AS "serviceId", s.name AS "serviceName",
      (SELECT t.name FROM lo_service_terms st JOIN lo_taxonomy_terms t ON t.id = st.term_id
        JOIN lo_taxonomies x ON x.id = t.taxonomy_id
        WHERE st.service_id = f.service_id AND x.code = 'schedule-2' ORDER BY t.position LIMIT 1) AS heading,
      f.helpful, f.comment, f.received_at AS "receivedAt", f.response, f.action,
      u.name AS "respondedBy", f.responded_at AS "respondedAt"
    FROM lo_feedback f LEFT JOIN lo_services s ON s.id = f.service_id LEFT JOIN users u ON u.id = f.responded_by
    WHERE f.la_code = ${laCode} AND f.received_at >= ${from} AND f.received_at < ${to}
    ORDER BY (f.comment <> '' AND f.response = '') DESC, f.received_at DESC
    LIMIT 5000`.execute(tx);
  return r.rows;
}

export async function respond(
  tx: Tx,
  laCode: string,
  id: string,
  r: { response: string; action: string; by: string; at: Date },
): Promise<boolean> {
  const u =
    await sql`UPDATE lo_feedback SET response = ${r.response}, action = ${r.action}, responded_by = ${r.by},
      responded_at = ${r.at}
    WHERE la_code = ${laCode} AND id = ${id} AND comment <> ''`.execute(tx);
  return Number(u.numAffectedRows ?? 0) === 1;
}
