import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { EhcTables } from '../tables.ts';
import type { LetterSettings, LetterSettingsInput } from './domain/letter-settings.ts';

/** SQL for the LA's letter details and the history of a plan's sections. */

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
