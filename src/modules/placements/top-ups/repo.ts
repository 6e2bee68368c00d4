import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { SettingGroup } from '../domain/types.ts';
import type { PlacementsTables } from '../tables.ts';

/** SQL for top-up band schemes and the banded cost lines they price. */

const db = (tx: Tx) => tx.withTables<PlacementsTables>();

export interface SchemeRow {
  id: string;
  name: string;
  effectiveFrom: string;
  status: 'proposed' | 'adopted' | 'withdrawn';
  createdBy: string | null;
  createdAt: Date;
  adoptedBy: string | null;
  adoptedAt: Date | null;
  version: number;
}

export interface BandRow {
  schemeId: string;
  settingGroup: SettingGroup;
  band: string;
  label: string;
  annualPence: number;
}

const schemeColumns = [
  'top_up_schemes.id',
  'top_up_schemes.name',
  sql<string>`to_char(top_up_schemes.effective_from, 'YYYY-MM-DD')`.as('effectiveFrom'),
  'top_up_schemes.status',
  'top_up_schemes.created_by as createdBy',
  'top_up_schemes.created_at as createdAt',
  'top_up_schemes.adopted_by as adoptedBy',
  'top_up_schemes.adopted_at as adoptedAt',
  'top_up_schemes.version',
] as const;

export async function listSchemes(tx: Tx, laCode: string): Promise<SchemeRow[]> {
  return (await db(tx)
    .selectFrom('top_up_schemes')
    .select(schemeColumns)
    .where('la_code', '=', laCode)
    .orderBy('effective_from', 'desc')
    .orderBy('created_at', 'desc')
    .execute()) as SchemeRow[];
}

export async function findScheme(
  tx: Tx,
  laCode: string,
  id: string,
  forUpdate = false,
): Promise<SchemeRow | undefined> {
  let q = db(tx)
    .selectFrom('top_up_schemes')
    .select(schemeColumns)
    .where('la_code', '=', laCode)
    .where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return (await q.executeTakeFirst()) as SchemeRow | undefined;
}

export async function bandsOf(tx: Tx, laCode: string, schemeIds: readonly string[]): Promise<BandRow[]> {
  if (!schemeIds.length) return [];
  return (await db(tx)
    .selectFrom('top_up_bands')
    .select([
      'scheme_id as schemeId',
      'setting_group as settingGroup',
      'band',
      'label',
      'annual_pence as annualPence',
    ])
    .where('la_code', '=', laCode)
    .where('scheme_id', 'in', schemeIds)
    .orderBy('setting_group')
    .orderBy('annual_pence')
    .execute()) as BandRow[];
}

export async function insertScheme(
  tx: Tx,
  laCode: string,
  scheme: { name: string; effectiveFrom: string; bands: Omit<BandRow, 'schemeId'>[] },
  createdBy: string | null,
): Promise<string> {
  const { id } = await db(tx)
    .insertInto('top_up_schemes')
    .values({
      la_code: laCode,
      name: scheme.name,
      effective_from: scheme.effectiveFrom,
      created_by: createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db(tx)
    .insertInto('top_up_bands')
    .values(
      scheme.bands.map((b) => ({
        la_code: laCode,
        scheme_id: id,
        setting_group: b.settingGroup,
        band: b.band,
        label: b.label,
        annual_pence: b.annualPence,
      })),
    )
    .execute();
  return id;
}

export async function setSchemeStatus(
  tx: Tx,
  laCode: string,
  id: string,
  version: number,
  status: 'adopted' | 'withdrawn',
  by: string | null,
  at: Date,
): Promise<boolean> {
  const r = await db(tx)
    .updateTable('top_up_schemes')
    .set({
      status,
      version: sql`version + 1`,
      ...(status === 'adopted' ? { adopted_by: by, adopted_at: at } : {}),
    })
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function adoptedOn(tx: Tx, laCode: string, effectiveFrom: string): Promise<string | undefined> {
  const r = await db(tx)
    .selectFrom('top_up_schemes')
    .select('id')
    .where('la_code', '=', laCode)
    .where('status', '=', 'adopted')
    .where(sql<boolean>`effective_from = ${effectiveFrom}::date`)
    .executeTakeFirst();
  return r?.id;
}

export interface BandedLine {
  placementId: string;
  childId: string;
  placementType: string;
  band: string;
  from: string;
  to: string | null;
}

/**
 * Every banded top-up line in force on some day from `from` to `to`, clipped to its placement's
 * dates (a rejected placement costs nothing).
 */
export async function bandedLinesBetween(
  tx: Tx,
  laCode: string,
  from: string,
  to: string,
): Promise<BandedLine[]> {
  const r = await sql<BandedLine>`
    SELECT p.id AS "placementId", p.child_id AS "childId", p.placement_type AS "placementType", l.top_up_band AS band,
      to_char(greatest(l.effective_from, p.start_on), 'YYYY-MM-DD') AS "from",
      to_char(least(l.effective_to, coalesce(p.end_on, p.expected_end_on)), 'YYYY-MM-DD') AS "to"
    FROM placement_cost_lines l JOIN placements p ON p.id = l.placement_id
    WHERE l.la_code = ${laCode} AND p.la_code = ${laCode} AND l.top_up_band IS NOT NULL AND p.approval <> 'rejected'
      AND greatest(l.effective_from, p.start_on) <= ${to}::date
      AND coalesce(least(l.effective_to, coalesce(p.end_on, p.expected_end_on)), 'infinity'::date) >= ${from}::date
    ORDER BY p.child_id, p.start_on`.execute(tx);
  return r.rows;
}

/** Placements with a banded line that runs on or after a day: what a scheme from that day reprices. */
export async function placementsBandedFrom(tx: Tx, laCode: string, from: string): Promise<string[]> {
  const r = await sql<{ id: string }>`
    SELECT DISTINCT p.id FROM placement_cost_lines l JOIN placements p ON p.id = l.placement_id
    WHERE l.la_code = ${laCode} AND l.top_up_band IS NOT NULL
      AND coalesce(least(l.effective_to, p.end_on), 'infinity'::date) >= ${from}::date`.execute(tx);
  return r.rows.map((x) => x.id);
}
