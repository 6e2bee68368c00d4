import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import { storedFiles } from '../../../platform/files/index.ts';
import type { PortalTables } from '../tables.ts';

/** The portal's own records about an EHC request: comments on the draft, consultation answers, messages, advice asked. */

const db = (tx: Tx) => tx.withTables<PortalTables>();

export type Party = 'family' | 'school' | 'adviser';

export interface CommentRow {
  id: string;
  section: string | null;
  body: string | null;
  preferredSetting: string | null;
  authorName: string;
  createdAt: Date;
}

export function commentsOn(tx: Tx, laCode: string, ehcRequestId: string): Promise<CommentRow[]> {
  return db(tx)
    .selectFrom('portal_draft_comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .select([
      'c.id',
      'c.section',
      'c.body',
      'c.preferred_setting as preferredSetting',
      'u.name as authorName',
      'c.created_at as createdAt',
    ])
    .where('c.la_code', '=', laCode)
    .where('c.ehc_request_id', '=', ehcRequestId)
    .orderBy('c.created_at')
    .execute();
}

export async function insertComments(
  tx: Tx,
  laCode: string,
  rows: {
    childId: string;
    ehcRequestId: string;
    section: string | null;
    body: string | null;
    preferredSetting: string | null;
    authorId: string;
  }[],
): Promise<void> {
  if (!rows.length) return;
  await db(tx)
    .insertInto('portal_draft_comments')
    .values(
      rows.map((r) => ({
        la_code: laCode,
        child_id: r.childId,
        ehc_request_id: r.ehcRequestId,
        section: r.section,
        body: r.body,
        preferred_setting: r.preferredSetting,
        author_id: r.authorId,
      })),
    )
    .execute();
}

export interface AnswerRow {
  consultationId: string;
  establishmentId: string;
  outcome: 'can-meet-needs' | 'cannot-meet-needs';
  reasons: string;
  answeredByName: string;
  answeredAt: Date;
}

export function consultationAnswers(tx: Tx, laCode: string, ehcRequestId: string): Promise<AnswerRow[]> {
  return db(tx)
    .selectFrom('portal_consultation_answers as a')
    .innerJoin('users as u', 'u.id', 'a.answered_by')
    .select([
      'a.consultation_id as consultationId',
      'a.establishment_id as establishmentId',
      'a.outcome',
      'a.reasons',
      'u.name as answeredByName',
      'a.answered_at as answeredAt',
    ])
    .where('a.la_code', '=', laCode)
    .where('a.ehc_request_id', '=', ehcRequestId)
    .execute();
}

export async function insertAnswer(
  tx: Tx,
  laCode: string,
  a: {
    consultationId: string;
    ehcRequestId: string;
    childId: string;
    establishmentId: string;
    outcome: string;
    reasons: string;
    by: string;
  },
): Promise<void> {
  await db(tx)
    .insertInto('portal_consultation_answers')
    .values({
      la_code: laCode,
      consultation_id: a.consultationId,
      ehc_request_id: a.ehcRequestId,
      child_id: a.childId,
      establishment_id: a.establishmentId,
      outcome: a.outcome as AnswerRow['outcome'],
      reasons: a.reasons,
      answered_by: a.by,
    })
    .execute();
}

export interface MessageRow {
  id: string;
  party: Party;
  adviserId: string | null;
  authorName: string;
  fromLa: boolean;
  body: string;
  createdAt: Date;
  /** A file sent with the message, read through /portal/messages/{id}/file. */
  file: { id: string; fileName: string; bytes: number } | null;
}

export type Thread = { ehcRequestId: string } | { portalRequestId: string };

export async function messagesOf(tx: Tx, laCode: string, thread: Thread): Promise<MessageRow[]> {
  let q = db(tx)
    .selectFrom('portal_messages as m')
    .innerJoin('users as u', 'u.id', 'm.author_id')
    .select([
      'm.id',
      'm.party',
      'm.adviser_id as adviserId',
      'u.name as authorName',
      'm.from_la as fromLa',
      'm.body',
      'm.created_at as createdAt',
      'm.file_id as fileId',
    ])
    .where('m.la_code', '=', laCode);
  q =
    'ehcRequestId' in thread
      ? q.where('m.ehc_request_id', '=', thread.ehcRequestId)
      : q.where('m.portal_request_id', '=', thread.portalRequestId);
  const rows = await q.orderBy('m.created_at').limit(500).execute();
  const files = new Map(
    (
      await storedFiles(
        tx,
        laCode,
        rows.flatMap((r) => (r.fileId ? [r.fileId] : [])),
      )
    ).map((f) => [f.id, { id: f.id, fileName: f.fileName, bytes: f.bytes }]),
  );
  return rows.map(({ fileId, ...r }) => ({
    ...(r as Omit<MessageRow, 'file'>),
    file: fileId ? (files.get(fileId) ?? null) : null,
  }));
}

export interface MessagePlace {
  id: string;
  childId: string;
  ehcRequestId: string | null;
  portalRequestId: string | null;
  party: Party;
  adviserId: string | null;
  fileId: string | null;
}

export function messageById(tx: Tx, laCode: string, id: string): Promise<MessagePlace | undefined> {
  return db(tx)
    .selectFrom('portal_messages')
    .select([
      'id',
      'child_id as childId',
      'ehc_request_id as ehcRequestId',
      'portal_request_id as portalRequestId',
      'party',
      'adviser_id as adviserId',
      'file_id as fileId',
    ])
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertMessage(
  tx: Tx,
  laCode: string,
  m: {
    childId: string;
    thread: Thread;
    party: Party;
    adviserId: string | null;
    authorId: string;
    fromLa: boolean;
    body: string;
    fileId: string | null;
    at: Date;
  },
): Promise<string> {
  const row = await db(tx)
    .insertInto('portal_messages')
    .values({
      la_code: laCode,
      child_id: m.childId,
      ehc_request_id: 'ehcRequestId' in m.thread ? m.thread.ehcRequestId : null,
      portal_request_id: 'portalRequestId' in m.thread ? m.thread.portalRequestId : null,
      party: m.party,
      adviser_id: m.adviserId,
      author_id: m.authorId,
      from_la: m.fromLa,
      body: m.body,
      file_id: m.fileId,
      created_at: m.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Who of a party has an account to be told of a message: the family's linked accounts, the school's staff. */
export async function partyRecipients(
  tx: Tx,
  laCode: string,
  childId: string,
  party: Party,
  adviserId: string | null,
): Promise<{ id: string; email: string; name: string }[]> {
  const r =
    party === 'family'
      ? await sql<{
          id: string;
          email: string;
          name: string;
        }>`SELECT DISTINCT u.id, u.email, u.name FROM people p
          JOIN child_relationships r ON r.person_id = p.id JOIN users u ON u.id = p.user_id
          WHERE p.la_code = ${laCode} AND r.child_id = ${childId} AND u.active`.execute(tx)
      : party === 'school'
        ? await sql<{
            id: string;
            email: string;
            name: string;
          }>`SELECT DISTINCT u.id, u.email, u.name FROM children c
            JOIN establishment_staff s ON s.establishment_id = c.establishment_id JOIN users u ON u.id = s.user_id
            WHERE c.la_code = ${laCode} AND c.id = ${childId} AND u.active`.execute(tx)
        : await sql<{ id: string; email: string; name: string }>`SELECT u.id, u.email, u.name FROM users u
            WHERE u.id = ${adviserId} AND u.active`.execute(tx);
  return r.rows;
}

export async function isAdviserOn(
  tx: Tx,
  laCode: string,
  ehcRequestId: string,
  userId: string,
): Promise<boolean> {
  const row = await db(tx)
    .selectFrom('portal_advice')
    .select('id')
    .where('la_code', '=', laCode)
    .where('ehc_request_id', '=', ehcRequestId)
    .where('adviser_id', '=', userId)
    .executeTakeFirst();
  return Boolean(row);
}

export interface SectionARow {
  views: string;
  interests: string;
  aspirations: string;
  writtenBy: string;
  writtenAs: 'parent' | 'young-person';
  updatedAt: Date;
  inPlanAt: Date | null;
  version: number;
}

export function sectionAOf(tx: Tx, laCode: string, ehcRequestId: string): Promise<SectionARow | undefined> {
  return db(tx)
    .selectFrom('portal_section_a')
    .select([
      'views',
      'interests',
      'aspirations',
      'written_by as writtenBy',
      'written_as as writtenAs',
      'updated_at as updatedAt',
      'in_plan_at as inPlanAt',
      'version',
    ])
    .where('la_code', '=', laCode)
    .where('ehc_request_id', '=', ehcRequestId)
    .executeTakeFirst();
}

/** Writes the family's section A over what was there; false when someone saved it since `version` was read. */
export async function saveSectionA(
  tx: Tx,
  laCode: string,
  row: {
    ehcRequestId: string;
    childId: string;
    views: string;
    interests: string;
    aspirations: string;
    writtenBy: string;
    writtenAs: 'parent' | 'young-person';
    version: number;
    at: Date;
  },
): Promise<boolean> {
  const text = {
    views: row.views,
    interests: row.interests,
    aspirations: row.aspirations,
    written_by: row.writtenBy,
    written_as: row.writtenAs,
    updated_at: row.at,
  };
  if (row.version === 0) {
    const inserted = await db(tx)
      .insertInto('portal_section_a')
      .values({ la_code: laCode, ehc_request_id: row.ehcRequestId, child_id: row.childId, ...text })
      .onConflict((oc) => oc.column('ehc_request_id').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const updated = await db(tx)
    .updateTable('portal_section_a')
    .set({ ...text, version: sql`version + 1` })
    .where('la_code', '=', laCode)
    .where('ehc_request_id', '=', row.ehcRequestId)
    .where('version', '=', row.version)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export async function markSectionAInPlan(tx: Tx, laCode: string, ehcRequestId: string, at: Date) {
  await db(tx)
    .updateTable('portal_section_a')
    .set({ in_plan_at: at })
    .where('la_code', '=', laCode)
    .where('ehc_request_id', '=', ehcRequestId)
    .execute();
}
