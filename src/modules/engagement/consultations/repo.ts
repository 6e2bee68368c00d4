import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import type { Audience } from '../domain/audiences.ts';
import type { Answers, Question, QuestionKind } from '../domain/consultations.ts';

/** Consultations, their questions, the responses, and the themes officers tag responses with. */

export interface ConsultationRow {
  id: string;
  kind: 'consultation' | 'survey';
  title: string;
  summary: string;
  audiences: Audience[];
  opensOn: IsoDate;
  closesOn: IsoDate;
  status: 'draft' | 'published';
  responses: number;
  questions: number;
}

export interface ConsultationWrite {
  kind: 'consultation' | 'survey';
  title: string;
  summary: string;
  audiences: Audience[];
  opensOn: IsoDate;
  closesOn: IsoDate;
}

const columns = sql`c.id, c.kind, c.title, c.summary, c.audiences, c.opens_on::text AS "opensOn",
  c.closes_on::text AS "closesOn", c.status,
  (SELECT count(*) FROM eng_responses r WHERE r.consultation_id = c.id)::int AS responses,
  (SELECT count(*) FROM eng_questions q WHERE q.consultation_id = c.id)::int AS questions`;

export async function consultations(
  tx: Tx,
  laCode: string,
  publishedOnly = false,
): Promise<ConsultationRow[]> {
  const r = await sql<ConsultationRow>`SELECT ${columns} FROM eng_consultations c WHERE c.la_code = ${laCode}
    ${publishedOnly ? sql`AND c.status = 'published'` : sql``}
    ORDER BY c.closes_on DESC, c.title LIMIT 1000`.execute(tx);
  return r.rows;
}

export async function consultation(
  tx: Tx,
  laCode: string,
  id: string,
  forUpdate = false,
): Promise<ConsultationRow | undefined> {
  if (forUpdate)
    await sql`SELECT 1 FROM eng_consultations WHERE la_code = ${laCode} AND id = ${id} FOR UPDATE`.execute(
      tx,
    );
  const r = await sql<ConsultationRow>`SELECT ${columns} FROM eng_consultations c
    WHERE c.la_code = ${laCode} AND c.id = ${id}`.execute(tx);
  return r.rows[0];
}

export async function insertConsultation(tx: Tx, laCode: string, w: ConsultationWrite, by: string | null) {
  const r = await sql<{ id: string }>`INSERT INTO eng_consultations (la_code, kind, title, summary, audiences,
      opens_on, closes_on, created_by)
    VALUES (${laCode}, ${w.kind}, ${w.title}, ${w.summary}, ${sql.val(w.audiences)}::text[], ${w.opensOn}, ${w.closesOn}, ${by})
    RETURNING id`.execute(tx);
  return r.rows[0]?.id ?? '';
}

export async function updateConsultation(tx: Tx, laCode: string, id: string, w: ConsultationWrite) {
  await sql`UPDATE eng_consultations SET kind = ${w.kind}, title = ${w.title}, summary = ${w.summary},
      audiences = ${sql.val(w.audiences)}::text[], opens_on = ${w.opensOn}, closes_on = ${w.closesOn}
    WHERE la_code = ${laCode} AND id = ${id}`.execute(tx);
}

export async function publishConsultation(tx: Tx, laCode: string, id: string): Promise<boolean> {
  const r = await sql`UPDATE eng_consultations SET status = 'published'
    WHERE la_code = ${laCode} AND id = ${id} AND status = 'draft'`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function questions(tx: Tx, laCode: string, id: string): Promise<Question[]> {
  const r = await sql<Question>`SELECT id, position, kind, prompt, options, required FROM eng_questions
    WHERE la_code = ${laCode} AND consultation_id = ${id} ORDER BY position`.execute(tx);
  return r.rows;
}

export async function addQuestion(
  tx: Tx,
  laCode: string,
  id: string,
  q: { kind: QuestionKind; prompt: string; options: string[]; required: boolean },
): Promise<string> {
  const r = await sql<{
    id: string;
  }>`INSERT INTO eng_questions (la_code, consultation_id, position, kind, prompt, options, required)
    SELECT ${laCode}, ${id}, coalesce(max(position), 0) + 1, ${q.kind}, ${q.prompt}, ${sql.val(q.options)}::text[], ${q.required}
    FROM eng_questions WHERE consultation_id = ${id}
    RETURNING id`.execute(tx);
  return r.rows[0]?.id ?? '';
}

export async function removeQuestion(
  tx: Tx,
  laCode: string,
  id: string,
  questionId: string,
): Promise<boolean> {
  const r = await sql`DELETE FROM eng_questions WHERE la_code = ${laCode} AND consultation_id = ${id}
    AND id = ${questionId}`.execute(tx);
  if (Number(r.numAffectedRows ?? 0) !== 1) return false;
  // The numbers people read stay 1, 2, 3… with no gap; moved past the old ones first, so no two clash.
  await sql`UPDATE eng_questions SET position = position + 10000 WHERE consultation_id = ${id}`.execute(tx);
  await sql`UPDATE eng_questions q SET position = n.rn FROM (
      SELECT id, row_number() OVER (ORDER BY position) AS rn FROM eng_questions WHERE consultation_id = ${id}) n
    WHERE q.id = n.id`.execute(tx);
  return true;
}

export interface ResponseRow {
  id: string;
  respondent: Audience;
  name: string;
  email: string;
  answers: Answers;
  receivedAt: Date;
  themeIds: string[];
}

export async function responses(tx: Tx, laCode: string, id: string): Promise<ResponseRow[]> {
  const r =
    await sql<ResponseRow>`SELECT r.id, r.respondent, r.name, r.email, r.answers, r.received_at AS "receivedAt",
      coalesce((SELECT array_agg(t.theme_id::text ORDER BY t.theme_id) FROM eng_response_themes t WHERE t.response_id = r.id),
        '{}') AS "themeIds"
    FROM eng_responses r WHERE r.la_code = ${laCode} AND r.consultation_id = ${id}
    ORDER BY r.received_at, r.id LIMIT 20000`.execute(tx);
  return r.rows;
}

export async function insertResponse(
  tx: Tx,
  laCode: string,
  id: string,
  r: { respondent: Audience; name: string; email: string; answers: Answers; at: Date },
): Promise<string> {
  const x = await sql<{
    id: string;
  }>`INSERT INTO eng_responses (la_code, consultation_id, respondent, name, email, answers, received_at)
    VALUES (${laCode}, ${id}, ${r.respondent}, ${r.name}, ${r.email}, ${JSON.stringify(r.answers)}::jsonb, ${r.at})
    RETURNING id`.execute(tx);
  return x.rows[0]?.id ?? '';
}

export interface ThemeRow {
  id: string;
  name: string;
  responses: number;
}

export async function themes(tx: Tx, laCode: string, id: string): Promise<ThemeRow[]> {
  const r = await sql<ThemeRow>`SELECT t.id, t.name,
      (SELECT count(*) FROM eng_response_themes x WHERE x.theme_id = t.id)::int AS responses
    FROM eng_themes t WHERE t.la_code = ${laCode} AND t.consultation_id = ${id} ORDER BY lower(t.name)`.execute(
    tx,
  );
  return r.rows;
}

export async function addTheme(tx: Tx, laCode: string, id: string, name: string): Promise<string | null> {
  const r = await sql<{
    id: string;
  }>`INSERT INTO eng_themes (la_code, consultation_id, name) VALUES (${laCode}, ${id}, ${name})
    ON CONFLICT DO NOTHING RETURNING id`.execute(tx);
  return r.rows[0]?.id ?? null;
}

/** The response's themes become exactly these. */
export async function setThemes(
  tx: Tx,
  laCode: string,
  responseId: string,
  themeIds: readonly string[],
  by: string,
  at: Date,
): Promise<void> {
  await sql`DELETE FROM eng_response_themes WHERE la_code = ${laCode} AND response_id = ${responseId}
    AND NOT (theme_id = ANY (${sql.val(themeIds)}::uuid[]))`.execute(tx);
  if (themeIds.length)
    await sql`INSERT INTO eng_response_themes (la_code, response_id, theme_id, tagged_by, tagged_at)
      SELECT ${laCode}, ${responseId}, x, ${by}, ${at} FROM unnest(${sql.val(themeIds)}::uuid[]) x
      ON CONFLICT DO NOTHING`.execute(tx);
}
