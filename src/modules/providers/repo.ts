import { type Expression, type SqlBool, sql } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { Designation, EstablishmentFields } from './domain/establishment.ts';
import type { HeldEstablishment } from './domain/import-plan.ts';
import type { ProvidersTables } from './tables.ts';

/** SQL for establishments and designations. Clusters are in cluster-repo.ts. */

export const providers = (tx: Tx) => tx.withTables<ProvidersTables>();

/** `date` columns as ISO text, the same from both drivers. */
export const isoDate = (column: string) => sql<string>`${sql.ref(column)}::text`;
export const isoDateOrNull = (column: string) => sql<string | null>`${sql.ref(column)}::text`;

export async function establishmentIdsForStaff(tx: Tx, userId: string): Promise<string[]> {
  const rows = await providers(tx)
    .selectFrom('establishment_staff')
    .select('establishment_id')
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => r.establishment_id);
}

/**
 * The schools, today, of the clusters the user hosts today. A host's term runs from the day they
 * were nominated up to, not including, `ends_on`: the day the successor's term starts, which a
 * nomination sets. So a host nominated for next September sees nothing yet, and the host they
 * follow keeps their schools to the last day before. Memberships are read the same way.
 */
export async function establishmentIdsForClusterHost(
  tx: Tx,
  userId: string,
  today: string,
): Promise<string[]> {
  const day = sql<string>`${today}::date`;
  const rows = await providers(tx)
    .selectFrom('cluster_hosts as h')
    .innerJoin('cluster_memberships as m', 'm.cluster_id', 'h.cluster_id')
    .select('m.establishment_id')
    .where('h.user_id', '=', userId)
    .where('h.nominated_on', '<=', day)
    .where((eb) => eb.or([eb('h.ends_on', 'is', null), eb('h.ends_on', '>', day)]))
    .where('m.starts_on', '<=', day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>', day)]))
    .execute();
  return [...new Set(rows.map((r) => r.establishment_id))];
}

/** The LA's establishments with this name, as searchableName() spells names. */
export async function establishmentIdsNamed(tx: Tx, laCode: string, nameSearch: string): Promise<string[]> {
  const rows = await providers(tx)
    .selectFrom('establishments')
    .select('id')
    .where('la_code', '=', laCode)
    .where('name_search', '=', nameSearch)
    .execute();
  return rows.map((r) => r.id);
}

export async function establishmentSummaries(tx: Tx, ids: string[]) {
  if (!ids.length) return [];
  return providers(tx)
    .selectFrom('establishments')
    .select([
      'id',
      'urn',
      'name',
      'phase',
      'type_name as typeName',
      'is_special as isSpecial',
      'setting_kind as settingKind',
      'type_group as typeGroup',
      'ofsted_rating as ofstedRating',
      sql<boolean>`has_sen_unit OR has_resourced_provision`.as('hasUnit'),
      'pupils',
    ])
    .where('id', 'in', ids)
    .execute();
}

export async function establishmentsWithUrns(tx: Tx): Promise<{ id: string; urn: number; name: string }[]> {
  const rows = await providers(tx)
    .selectFrom('establishments')
    .select(['id', 'urn', 'name'])
    .where('urn', 'is not', null)
    .execute();
  return rows.map((r) => ({ id: r.id, urn: Number(r.urn), name: r.name }));
}

export interface EstablishmentRecord extends EstablishmentFields {
  id: string;
  laCode: string;
  previousUrns: number[];
  giasImportedAt: Date | null;
  version: number;
  updatedAt: Date;
}

const recordColumns = [
  'e.id',
  'e.la_code as laCode',
  'e.urn',
  'e.ukprn',
  'e.name',
  'e.setting_kind as settingKind',
  'e.type_code as typeCode',
  'e.type_name as typeName',
  'e.type_group as typeGroup',
  'e.phase',
  'e.gias_la_code as giasLaCode',
  'e.status',
  'e.street',
  'e.locality',
  'e.address3',
  'e.town',
  'e.postcode',
  'e.district',
  'e.easting',
  'e.northing',
  'e.latitude',
  'e.longitude',
  'e.statutory_low_age as statutoryLowAge',
  'e.statutory_high_age as statutoryHighAge',
  'e.capacity',
  'e.pupils',
  'e.ofsted_rating as ofstedRating',
  'e.is_special as isSpecial',
  'e.has_sen_unit as hasSenUnit',
  'e.sen_unit_capacity as senUnitCapacity',
  'e.has_resourced_provision as hasResourcedProvision',
  'e.resourced_provision_capacity as resourcedProvisionCapacity',
  'e.previous_urns as previousUrns',
  'e.gias_imported_at as giasImportedAt',
  'e.version',
  'e.updated_at as updatedAt',
] as const;

function selectRecords(tx: Tx) {
  return providers(tx)
    .selectFrom('establishments as e')
    .select(recordColumns)
    .select([
      isoDateOrNull('e.opened_on').as('openedOn'),
      isoDateOrNull('e.closed_on').as('closedOn'),
      isoDateOrNull('e.ofsted_date').as('ofstedDate'),
    ]);
}

export async function findEstablishment(
  tx: Tx,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<EstablishmentRecord | undefined> {
  let q = selectRecords(tx).where('e.id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findEstablishments(tx: Tx, ids: string[]): Promise<EstablishmentRecord[]> {
  if (!ids.length) return [];
  return selectRecords(tx).where('e.id', 'in', ids).execute();
}

/** By its URN, or by a URN it had before a successor took its record over. */
export async function establishmentIdByUrn(tx: Tx, urn: number): Promise<string | undefined> {
  const row = await providers(tx)
    .selectFrom('establishments')
    .select('id')
    .where((eb) => eb.or([eb('urn', '=', urn), eb(sql<number>`${urn}`, '=', eb.fn.any('previous_urns'))]))
    .orderBy(sql`urn = ${urn}`, 'desc')
    .executeTakeFirst();
  return row?.id;
}

export async function urnHolder(tx: Tx, urn: number): Promise<{ id: string; name: string } | undefined> {
  return providers(tx)
    .selectFrom('establishments')
    .select(['id', 'name'])
    .where('urn', '=', urn)
    .executeTakeFirst();
}

function toRow(f: Partial<EstablishmentFields>) {
  const map: Record<string, unknown> = {
    urn: f.urn,
    ukprn: f.ukprn,
    name: f.name,
    setting_kind: f.settingKind,
    type_code: f.typeCode,
    type_name: f.typeName,
    type_group: f.typeGroup,
    phase: f.phase,
    gias_la_code: f.giasLaCode,
    status: f.status,
    opened_on: f.openedOn,
    closed_on: f.closedOn,
    street: f.street,
    locality: f.locality,
    address3: f.address3,
    town: f.town,
    postcode: f.postcode,
    district: f.district,
    easting: f.easting,
    northing: f.northing,
    latitude: f.latitude,
    longitude: f.longitude,
    statutory_low_age: f.statutoryLowAge,
    statutory_high_age: f.statutoryHighAge,
    capacity: f.capacity,
    pupils: f.pupils,
    ofsted_rating: f.ofstedRating,
    ofsted_date: f.ofstedDate,
    is_special: f.isSpecial,
    has_sen_unit: f.hasSenUnit,
    sen_unit_capacity: f.senUnitCapacity,
    has_resourced_provision: f.hasResourcedProvision,
    resourced_provision_capacity: f.resourcedProvisionCapacity,
  };
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v !== undefined));
}

export interface Stamp {
  nameSearch?: string;
  previousUrns?: number[];
  /** Marks the record as kept up to date from GIAS, as of this transaction. */
  fromGias?: boolean;
}

export async function insertEstablishment(
  tx: Tx,
  laCode: string,
  fields: EstablishmentFields,
  stamp: Required<Pick<Stamp, 'nameSearch'>> & Stamp,
): Promise<string> {
  const r = await providers(tx)
    .insertInto('establishments')
    .values({
      ...(toRow(fields) as Record<string, never>),
      la_code: laCode,
      name: fields.name,
      setting_kind: fields.settingKind,
      name_search: stamp.nameSearch,
      ...(stamp.previousUrns ? { previous_urns: stamp.previousUrns } : {}),
      ...(stamp.fromGias ? { gias_imported_at: sql<Date>`now()` } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Saves changed fields if the record is still at `version`; the new version, or undefined when stale. */
export async function updateEstablishment(
  tx: Tx,
  id: string,
  fields: Partial<EstablishmentFields>,
  version: number,
  stamp: Stamp = {},
): Promise<number | undefined> {
  const r = await providers(tx)
    .updateTable('establishments')
    .set({
      ...(toRow(fields) as Record<string, never>),
      ...(stamp.nameSearch ? { name_search: stamp.nameSearch } : {}),
      ...(stamp.previousUrns ? { previous_urns: stamp.previousUrns } : {}),
      ...(stamp.fromGias ? { gias_imported_at: sql<Date>`now()` } : {}),
      version: sql<number>`version + 1`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
  return r?.version;
}

export async function designationsOf(tx: Tx, ids: string[]): Promise<Map<string, Designation[]>> {
  const out = new Map<string, Designation[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const rows = await providers(tx)
    .selectFrom('designations')
    .select(['establishment_id', 'provision', 'sen_type'])
    .where('establishment_id', 'in', ids)
    .orderBy('provision')
    .orderBy('sen_type')
    .execute();
  for (const r of rows) out.get(r.establishment_id)?.push({ provision: r.provision, senType: r.sen_type });
  return out;
}

export async function replaceDesignations(
  tx: Tx,
  laCode: string,
  establishmentId: string,
  designations: readonly Designation[],
): Promise<void> {
  await providers(tx).deleteFrom('designations').where('establishment_id', '=', establishmentId).execute();
  if (!designations.length) return;
  await providers(tx)
    .insertInto('designations')
    .values(
      designations.map((d) => ({
        la_code: laCode,
        establishment_id: establishmentId,
        provision: d.provision,
        sen_type: d.senType,
      })),
    )
    .execute();
}

export async function heldEstablishments(tx: Tx): Promise<HeldEstablishment[]> {
  const rows = await providers(tx)
    .selectFrom('establishments')
    .select(['id', 'urn', 'previous_urns as previousUrns'])
    .execute();
  return rows;
}

export interface SchoolSearch {
  laCode: string;
  /** Already reduced with searchableName(). */
  q?: string | undefined;
  urn?: number | undefined;
  phase?: string | undefined;
  special?: boolean | undefined;
  srb?: boolean | undefined;
  status?: 'open' | 'closed' | 'all';
  today: string;
  limit: number;
  offset: number;
}

export interface SchoolListItem {
  id: string;
  urn: number | null;
  name: string;
  phase: string | null;
  typeName: string | null;
  settingKind: EstablishmentFields['settingKind'];
  status: EstablishmentFields['status'];
  town: string | null;
  postcode: string | null;
  isSpecial: boolean;
  hasSenUnit: boolean;
  hasResourcedProvision: boolean;
  clusterId: string | null;
  clusterName: string | null;
}

/** Name search by trigrams over the lower-case, unaccented name, best matches first; or by URN. */
export async function searchEstablishments(tx: Tx, s: SchoolSearch) {
  const today = sql<string>`${s.today}::date`;
  let q = providers(tx)
    .selectFrom('establishments as e')
    .leftJoin('cluster_memberships as m', (j) =>
      j
        .onRef('m.establishment_id', '=', 'e.id')
        .on('m.starts_on', '<=', today)
        .on((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>', today)])),
    )
    .leftJoin('clusters as c', 'c.id', 'm.cluster_id')
    .where((eb) => {
      const all: Expression<SqlBool>[] = [eb('e.la_code', '=', s.laCode)];
      if (s.urn !== undefined)
        all.push(
          eb.or([eb('e.urn', '=', s.urn), eb(sql<number>`${s.urn}`, '=', eb.fn.any('e.previous_urns'))]),
        );
      else if (s.q)
        all.push(
          eb.or([
            eb('e.name_search', 'like', `%${s.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
            // The function, not the <% operator: PGlite's trigram operators misbehave (see the
            // children repo), and an LA's few hundred settings need no index to search.
            sql<SqlBool>`word_similarity(${s.q}, e.name_search) >= 0.6`,
          ]),
        );
      if (s.phase) all.push(eb('e.phase', '=', s.phase));
      if (s.special) all.push(eb('e.is_special', '=', true));
      if (s.srb)
        all.push(eb.or([eb('e.has_sen_unit', '=', true), eb('e.has_resourced_provision', '=', true)]));
      if (s.status === 'open') all.push(eb('e.status', '!=', 'closed'));
      if (s.status === 'closed') all.push(eb('e.status', '=', 'closed'));
      return eb.and(all);
    })
    .select([
      'e.id',
      'e.urn',
      'e.name',
      'e.phase',
      'e.type_name as typeName',
      'e.setting_kind as settingKind',
      'e.status',
      'e.town',
      'e.postcode',
      'e.is_special as isSpecial',
      'e.has_sen_unit as hasSenUnit',
      'e.has_resourced_provision as hasResourcedProvision',
      'c.id as clusterId',
      'c.name as clusterName',
      sql<number>`count(*) over ()`.as('total'),
    ]);
  if (s.q && s.urn === undefined) q = q.orderBy(sql`word_similarity(${s.q}, e.name_search)`, 'desc');
  const rows = await q.orderBy('e.name').orderBy('e.id').limit(s.limit).offset(s.offset).execute();
  const items: SchoolListItem[] = rows.map(({ total: _t, ...item }) => item);
  return { items, total: Number(rows[0]?.total ?? 0) };
}

/** One GIAS import at a time per LA: a second waits for the first to commit and then sees its work. */
export async function lockGiasImport(tx: Tx, laCode: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`providers.gias-import:${laCode}`}))`.execute(tx);
}
