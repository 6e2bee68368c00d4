import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import type { SchoolAudience } from '../domain/audiences.ts';

/** MI sheets, the files with them, and each school's receipt: read, done, chased. */

export interface SheetRow {
  id: string;
  number: number | null;
  year: number | null;
  kind: 'information' | 'action';
  title: string;
  audiences: SchoolAudience[];
  issuedOn: IsoDate | null;
  completeBy: IsoDate | null;
  contact: string;
  body: string;
  status: 'draft' | 'published';
  version: number;
  schools: number;
  acknowledged: number;
  completed: number;
}

export interface SheetWrite {
  kind: 'information' | 'action';
  title: string;
  audiences: SchoolAudience[];
  completeBy: IsoDate | null;
  contact: string;
  body: string;
}

const sheetColumns = sql`s.id, s.number, s.year, s.kind, s.title, s.audiences, s.issued_on::text AS "issuedOn",
  s.complete_by::text AS "completeBy", s.contact, s.body, s.status, s.version,
  (SELECT count(*) FROM eng_mi_receipts r WHERE r.mi_sheet_id = s.id)::int AS schools,
  (SELECT count(*) FROM eng_mi_receipts r WHERE r.mi_sheet_id = s.id AND r.acknowledged_at IS NOT NULL)::int AS acknowledged,
  (SELECT count(*) FROM eng_mi_receipts r WHERE r.mi_sheet_id = s.id AND r.completed_at IS NOT NULL)::int AS completed`;

export async function sheets(tx: Tx, laCode: string): Promise<SheetRow[]> {
  const r = await sql<SheetRow>`SELECT ${sheetColumns} FROM eng_mi_sheets s WHERE s.la_code = ${laCode}
    ORDER BY s.status = 'draft' DESC, s.year DESC NULLS FIRST, s.number DESC NULLS FIRST, s.created_at DESC
    LIMIT 2000`.execute(tx);
  return r.rows;
}

export async function sheet(
  tx: Tx,
  laCode: string,
  id: string,
  forUpdate = false,
): Promise<SheetRow | undefined> {
  if (forUpdate)
    await sql`SELECT 1 FROM eng_mi_sheets WHERE la_code = ${laCode} AND id = ${id} FOR UPDATE`.execute(tx);
  const r = await sql<SheetRow>`SELECT ${sheetColumns} FROM eng_mi_sheets s
    WHERE s.la_code = ${laCode} AND s.id = ${id}`.execute(tx);
  return r.rows[0];
}

export async function insertSheet(tx: Tx, laCode: string, w: SheetWrite, by: string | null): Promise<string> {
  const r = await sql<{ id: string }>`INSERT INTO eng_mi_sheets (la_code, kind, title, audiences, complete_by,
      contact, body, created_by, issued_on, number, year)
    VALUES (${laCode}, ${w.kind}, ${w.title}, ${sql.val(w.audiences)}::text[], ${w.completeBy}, ${w.contact}, ${w.body},
      ${by}, NULL, NULL, NULL)
    RETURNING id`.execute(tx);
  return r.rows[0]?.id ?? '';
}

export async function updateSheet(
  tx: Tx,
  laCode: string,
  id: string,
  version: number,
  w: SheetWrite,
): Promise<boolean> {
  const r = await sql`UPDATE eng_mi_sheets SET kind = ${w.kind}, title = ${w.title},
      audiences = ${sql.val(w.audiences)}::text[], complete_by = ${w.completeBy}, contact = ${w.contact}, body = ${w.body},
      version = version + 1
    WHERE la_code = ${laCode} AND id = ${id} AND version = ${version} AND status = 'draft'`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

/** Numbers of one LA's year are handed out one at a time. */
export async function lockNumbers(tx: Tx, laCode: string, year: number): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`engagement.mi-number:${laCode}:${year}`}))`.execute(tx);
}

/** Numbers issued in a year, for the next. */
export async function numbersIn(tx: Tx, laCode: string, year: number): Promise<number[]> {
  const r = await sql<{ number: number }>`SELECT number FROM eng_mi_sheets
    WHERE la_code = ${laCode} AND year = ${year} AND number IS NOT NULL`.execute(tx);
  return r.rows.map((x) => x.number);
}

export async function publishSheet(
  tx: Tx,
  laCode: string,
  id: string,
  p: { number: number; year: number; issuedOn: IsoDate; at: Date },
): Promise<boolean> {
  const r = await sql`UPDATE eng_mi_sheets SET status = 'published', number = ${p.number}, year = ${p.year},
      issued_on = ${p.issuedOn}, published_at = ${p.at}, version = version + 1
    WHERE la_code = ${laCode} AND id = ${id} AND status = 'draft'`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function insertReceipts(
  tx: Tx,
  laCode: string,
  id: string,
  schoolIds: readonly string[],
): Promise<void> {
  if (schoolIds.length === 0) return;
  await sql`INSERT INTO eng_mi_receipts (la_code, mi_sheet_id, establishment_id)
    SELECT ${laCode}, ${id}, x FROM unnest(${sql.val(schoolIds)}::uuid[]) x
    ON CONFLICT DO NOTHING`.execute(tx);
}

export interface ReceiptRow {
  establishmentId: string;
  urn: number | null;
  schoolName: string;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  completedAt: Date | null;
  completedBy: string | null;
  lastChasedAt: Date | null;
  chases: number;
}

export async function receipts(tx: Tx, laCode: string, id: string): Promise<ReceiptRow[]> {
  const r =
    await sql<ReceiptRow>`SELECT r.establishment_id AS "establishmentId", e.urn::int AS urn, e.name AS "schoolName",
      r.acknowledged_at AS "acknowledgedAt", ua.name AS "acknowledgedBy", r.completed_at AS "completedAt",
      uc.name AS "completedBy", r.last_chased_at AS "lastChasedAt", r.chases
    FROM eng_mi_receipts r JOIN establishments e ON e.id = r.establishment_id
    LEFT JOIN users ua ON ua.id = r.acknowledged_by LEFT JOIN users uc ON uc.id = r.completed_by
    WHERE r.la_code = ${laCode} AND r.mi_sheet_id = ${id}
    ORDER BY e.name`.execute(tx);
  return r.rows;
}

/** Sheets to these schools, newest first, with each school's receipt. */
export interface SchoolSheetRow {
  sheet: SheetRow;
  establishmentId: string;
  schoolName: string;
  acknowledgedAt: Date | null;
  completedAt: Date | null;
}

export async function sheetsForSchools(
  tx: Tx,
  laCode: string,
  schoolIds: readonly string[],
): Promise<SchoolSheetRow[]> {
  if (schoolIds.length === 0) return [];
  const r = await sql<
    SheetRow & {
      establishmentId: string;
      schoolName: string;
      acknowledgedAt: Date | null;
      completedAt: Date | null;
    }
  >`
    SELECT ${sheetColumns}, r.establishment_id AS "establishmentId", e.name AS "schoolName",
      r.acknowledged_at AS "acknowledgedAt", r.completed_at AS "completedAt"
    FROM eng_mi_receipts r JOIN eng_mi_sheets s ON s.id = r.mi_sheet_id
    JOIN establishments e ON e.id = r.establishment_id
    WHERE r.la_code = ${laCode} AND r.establishment_id = ANY (${sql.val(schoolIds)}::uuid[]) AND s.status = 'published'
    ORDER BY s.issued_on DESC, s.number DESC, e.name
    LIMIT 1000`.execute(tx);
  return r.rows.map(({ establishmentId, schoolName, acknowledgedAt, completedAt, ...sheet }) => ({
    sheet,
    establishmentId,
    schoolName,
    acknowledgedAt,
    completedAt,
  }));
}

export async function acknowledge(
  tx: Tx,
  laCode: string,
  id: string,
  schoolId: string,
  by: string,
  at: Date,
  complete: boolean,
): Promise<'done' | 'already' | 'none'> {
  const r = await sql`UPDATE eng_mi_receipts SET
      acknowledged_at = coalesce(acknowledged_at, ${at}), acknowledged_by = coalesce(acknowledged_by, ${by}::uuid),
      completed_at = CASE WHEN ${complete} THEN coalesce(completed_at, ${at}) ELSE completed_at END,
      completed_by = CASE WHEN ${complete} THEN coalesce(completed_by, ${by}::uuid) ELSE completed_by END
    WHERE la_code = ${laCode} AND mi_sheet_id = ${id} AND establishment_id = ${schoolId}
      AND (CASE WHEN ${complete} THEN completed_at IS NULL ELSE acknowledged_at IS NULL END)`.execute(tx);
  if (Number(r.numAffectedRows ?? 0) === 1) return 'done';
  const exists = await sql`SELECT 1 FROM eng_mi_receipts WHERE la_code = ${laCode} AND mi_sheet_id = ${id}
    AND establishment_id = ${schoolId}`.execute(tx);
  return exists.rows.length ? 'already' : 'none';
}

export async function markChased(tx: Tx, laCode: string, id: string, schoolIds: readonly string[], at: Date) {
  if (schoolIds.length === 0) return;
  await sql`UPDATE eng_mi_receipts SET last_chased_at = ${at}, chases = chases + 1
    WHERE la_code = ${laCode} AND mi_sheet_id = ${id} AND establishment_id = ANY (${sql.val(schoolIds)}::uuid[])`.execute(
    tx,
  );
}

export interface AttachmentRow {
  fileId: string;
  fileName: string;
  bytes: number;
  mediaType: string;
}

export async function attachments(tx: Tx, laCode: string, id: string): Promise<AttachmentRow[]> {
  const r =
    await sql<AttachmentRow>`SELECT f.id AS "fileId", f.file_name AS "fileName", f.bytes::int AS bytes,
      f.media_type AS "mediaType"
    FROM eng_mi_attachments a JOIN stored_files f ON f.id = a.file_id
    WHERE a.la_code = ${laCode} AND a.mi_sheet_id = ${id} ORDER BY a.position`.execute(tx);
  return r.rows;
}

export async function attach(tx: Tx, laCode: string, id: string, fileId: string): Promise<void> {
  await sql`INSERT INTO eng_mi_attachments (la_code, mi_sheet_id, file_id, position)
    SELECT ${laCode}, ${id}, ${fileId}, coalesce(max(position), 0) + 1 FROM eng_mi_attachments
    WHERE mi_sheet_id = ${id}`.execute(tx);
}
