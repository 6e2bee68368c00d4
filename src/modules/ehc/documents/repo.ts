import { sql } from 'kysely';
import { iso } from '../../../platform/db/dates.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { DocumentModel } from '../../../platform/documents/model.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import type { EhcTables } from '../tables.ts';
import type { LetterSettings, LetterSettingsInput } from './domain/letter-settings.ts';
import type { LetterMethod } from './domain/letters-sent.ts';

/** SQL for the LA's letter details, the history of a plan's sections, and the letters sent. */

const db = (tx: Tx) => tx.withTables<EhcTables>();

export function letterSettings(tx: Tx, laCode: string): Promise<LetterSettings | undefined> {
  return db(tx)
    .selectFrom('ehc_letter_settings')
    .select([
      'service_name as serviceName',
      'address',
      'phone',
      'email',
      'website',
      'ias_name as iasName',
      'ias_phone as iasPhone',
      'ias_website as iasWebsite',
      'mediation_name as mediationName',
      'mediation_phone as mediationPhone',
      'mediation_email as mediationEmail',
      'disagreement_name as disagreementName',
      'disagreement_phone as disagreementPhone',
      'version',
    ])
    .where('la_code', '=', laCode)
    .executeTakeFirst();
}

const columns = (s: LetterSettingsInput, userId: string | null) => ({
  service_name: s.serviceName,
  address: s.address,
  phone: s.phone,
  email: s.email,
  website: s.website,
  ias_name: s.iasName,
  ias_phone: s.iasPhone,
  ias_website: s.iasWebsite,
  mediation_name: s.mediationName,
  mediation_phone: s.mediationPhone,
  mediation_email: s.mediationEmail,
  disagreement_name: s.disagreementName,
  disagreement_phone: s.disagreementPhone,
  updated_by: userId,
});

/** Writes the details if they are still at the version the person changed; false if someone got there first. */
export async function saveLetterSettings(
  tx: Tx,
  laCode: string,
  s: LetterSettingsInput,
  userId: string | null,
): Promise<boolean> {
  if (s.version === 0) {
    const r = await db(tx)
      .insertInto('ehc_letter_settings')
      .values({ la_code: laCode, ...columns(s, userId) })
      .onConflict((oc) => oc.column('la_code').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const r = await db(tx)
    .updateTable('ehc_letter_settings')
    .set({ ...columns(s, userId), version: sql`version + 1`, updated_at: sql`now()` })
    .where('la_code', '=', laCode)
    .where('version', '=', s.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface SectionVersionRow {
  version: number;
  content: string;
  writtenAt: Date;
  writtenBy: string | null;
}

/** Every version of one section, newest first. */
export function sectionHistory(
  tx: Tx,
  laCode: string,
  planId: string,
  section: string,
): Promise<SectionVersionRow[]> {
  return db(tx)
    .selectFrom('ehc_plan_sections')
    .select(['version', 'content', 'written_at as writtenAt', 'written_by as writtenBy'])
    .where('la_code', '=', laCode)
    .where('plan_id', '=', planId)
    .where('section', '=', section)
    .orderBy('version', 'desc')
    .execute();
}

export interface SectionRow {
  section: string;
  version: number;
  content: string;
  writtenAt: Date;
  writtenBy: string | null;
}

/** The latest version of each section. */
export function currentSections(tx: Tx, laCode: string, planId: string): Promise<SectionRow[]> {
  return db(tx)
    .selectFrom('ehc_plan_sections as s')
    .select(['s.section', 's.version', 's.content', 's.written_at as writtenAt', 's.written_by as writtenBy'])
    .where('s.la_code', '=', laCode)
    .where('s.plan_id', '=', planId)
    .where(({ eb, selectFrom }) =>
      eb(
        's.version',
        '=',
        selectFrom('ehc_plan_sections as t')
          .select(({ fn }) => fn.max('t.version').as('v'))
          .whereRef('t.plan_id', '=', 's.plan_id')
          .whereRef('t.section', '=', 's.section'),
      ),
    )
    .execute();
}

export async function insertSection(
  tx: Tx,
  laCode: string,
  planId: string,
  s: { section: string; version: number; content: string; writtenBy: string | null },
): Promise<void> {
  await db(tx)
    .insertInto('ehc_plan_sections')
    .values({
      la_code: laCode,
      plan_id: planId,
      section: s.section,
      version: s.version,
      content: s.content,
      written_by: s.writtenBy,
    })
    .execute();
}

export interface LetterSentRow {
  id: string;
  childId: string;
  requestId: string | null;
  reviewId: string | null;
  kind: string;
  method: LetterMethod;
  sentOn: IsoDate;
  addressee: string | null;
  author: string;
  pdfCreatedAt: Date;
  sha256: string;
  pdfBytes: number;
  sentById: string | null;
  sentAt: Date;
}

const letterSentColumns = [
  'id',
  'child_id as childId',
  'request_id as requestId',
  'review_id as reviewId',
  'kind',
  'method',
  iso('sent_on').as('sentOn'),
  'addressee',
  'author',
  'pdf_created_at as pdfCreatedAt',
  'pdf_sha256 as sha256',
  'pdf_bytes as pdfBytes',
  'sent_by as sentById',
  'sent_at as sentAt',
] as const;

export async function insertLetterSent(
  tx: Tx,
  laCode: string,
  l: Omit<LetterSentRow, 'id' | 'sentAt'> & { model: DocumentModel },
): Promise<{ id: string; sentAt: Date }> {
  return db(tx)
    .insertInto('ehc_letters_sent')
    .values({
      la_code: laCode,
      child_id: l.childId,
      request_id: l.requestId,
      review_id: l.reviewId,
      kind: l.kind,
      method: l.method,
      sent_on: l.sentOn,
      addressee: l.addressee,
      model: JSON.stringify(l.model),
      author: l.author,
      pdf_created_at: l.pdfCreatedAt,
      pdf_sha256: l.sha256,
      pdf_bytes: l.pdfBytes,
      sent_by: l.sentById,
    })
    .returning(['id', 'sent_at as sentAt'])
    .executeTakeFirstOrThrow();
}

/** The letters sent for a request or a review, in the order they were sent; without their models. */
export async function lettersSent(
  tx: Tx,
  laCode: string,
  of: { requestId: string } | { reviewId: string },
): Promise<LetterSentRow[]> {
  const rows = await db(tx)
    .selectFrom('ehc_letters_sent')
    .select(letterSentColumns)
    .where('la_code', '=', laCode)
    .where((eb) =>
      'requestId' in of ? eb('request_id', '=', of.requestId) : eb('review_id', '=', of.reviewId),
    )
    .orderBy('sent_at')
    .orderBy('id')
    .execute();
  return rows as LetterSentRow[];
}

/** One letter sent, with the document model as it went. */
export async function letterSent(
  tx: Tx,
  laCode: string,
  id: string,
): Promise<(LetterSentRow & { model: DocumentModel }) | undefined> {
  const row = await db(tx)
    .selectFrom('ehc_letters_sent')
    .select([...letterSentColumns, 'model'])
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .executeTakeFirst();
  return row as (LetterSentRow & { model: DocumentModel }) | undefined;
}
