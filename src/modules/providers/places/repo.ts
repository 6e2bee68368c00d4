import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { isoDate, isoDateOrNull, providers } from '../repo.ts';
import type { PlaceLine } from './domain/places.ts';

/** SQL for designated places. */

export interface StoredPlaceLine extends PlaceLine {
  id: string;
  establishmentId: string;
  note: string | null;
  version: number;
}

const columns = (tx: Tx) =>
  providers(tx)
    .selectFrom('designated_places')
    .select([
      'id',
      'establishment_id',
      'provision',
      'sen_type',
      'phase',
      'low_age',
      'high_age',
      'places',
      isoDate('starts_on').as('starts_on'),
      isoDateOrNull('ends_on').as('ends_on'),
      'note',
      'version',
    ]);

type Row = Awaited<ReturnType<ReturnType<typeof columns>['execute']>>[number];

const toLine = (r: Row): StoredPlaceLine => ({
  id: r.id,
  establishmentId: r.establishment_id,
  provision: r.provision,
  senType: r.sen_type,
  phase: r.phase,
  lowAge: r.low_age,
  highAge: r.high_age,
  places: r.places,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  note: r.note,
  version: r.version,
});

/** Each setting's lines, past, present and planned, by provision, need, phase and start. */
export async function placeLinesOf(
  tx: Tx,
  establishmentIds: string[],
): Promise<Map<string, StoredPlaceLine[]>> {
  const out = new Map<string, StoredPlaceLine[]>(establishmentIds.map((id) => [id, []]));
  if (!establishmentIds.length) return out;
  const rows = await columns(tx)
    .where('establishment_id', 'in', establishmentIds)
    .orderBy('provision')
    .orderBy('sen_type')
    .orderBy('phase')
    .orderBy('starts_on')
    .execute();
  for (const r of rows) out.get(r.establishment_id)?.push(toLine(r));
  return out;
}

export async function placeLine(tx: Tx, id: string): Promise<StoredPlaceLine | undefined> {
  const r = await columns(tx).where('id', '=', id).executeTakeFirst();
  return r ? toLine(r) : undefined;
}

/** Every line of the LA in force at some time from `from` on: the sufficiency views' input. */
export async function placeLinesFrom(tx: Tx, from: IsoDate): Promise<StoredPlaceLine[]> {
  const rows = await columns(tx)
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', sql<string>`${from}::date`)]))
    .orderBy('establishment_id')
    .orderBy('starts_on')
    .execute();
  return rows.map(toLine);
}

export async function insertPlaceLine(
  tx: Tx,
  laCode: string,
  establishmentId: string,
  line: PlaceLine & { note: string | null },
  userId: string | null,
): Promise<string> {
  const r = await providers(tx)
    .insertInto('designated_places')
    .values({
      la_code: laCode,
      establishment_id: establishmentId,
      provision: line.provision,
      sen_type: line.senType,
      phase: line.phase,
      low_age: line.lowAge,
      high_age: line.highAge,
      places: line.places,
      starts_on: line.startsOn,
      ends_on: line.endsOn,
      note: line.note,
      updated_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Changes a line if it is still at the version the person saw; false when it has moved on. */
export async function updatePlaceLine(
  tx: Tx,
  id: string,
  version: number,
  line: PlaceLine & { note: string | null },
  userId: string | null,
): Promise<boolean> {
  const r = await providers(tx)
    .updateTable('designated_places')
    .set({
      provision: line.provision,
      sen_type: line.senType,
      phase: line.phase,
      low_age: line.lowAge,
      high_age: line.highAge,
      places: line.places,
      starts_on: line.startsOn,
      ends_on: line.endsOn,
      note: line.note,
      updated_by: userId,
      updated_at: new Date(),
      version: sql<number>`version + 1`,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deletePlaceLine(tx: Tx, id: string, version: number): Promise<boolean> {
  const r = await providers(tx)
    .deleteFrom('designated_places')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** What a file of places is checked against: the LA's settings with a URN, their provision and location. */
export async function settingsWithUrns(tx: Tx) {
  const rows = await providers(tx)
    .selectFrom('establishments')
    .select([
      'id',
      'urn',
      'name',
      'is_special',
      'has_sen_unit',
      'has_resourced_provision',
      'latitude',
      'longitude',
    ])
    .where('urn', 'is not', null)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    urn: r.urn as number,
    name: r.name,
    isSpecial: r.is_special,
    hasSenUnit: r.has_sen_unit,
    hasResourcedProvision: r.has_resourced_provision,
    located: r.latitude !== null && r.longitude !== null,
  }));
}

/** A setting as planning views need it: where it is, what it is, and whether it is the LA's own. */
export interface PlanningSetting {
  id: string;
  urn: number | null;
  name: string;
  district: string | null;
  latitude: number | null;
  longitude: number | null;
  giasLaCode: string | null;
  settingKind: string;
  typeGroup: string | null;
  phase: string | null;
  status: string;
  isSpecial: boolean;
  hasSenUnit: boolean;
  hasResourcedProvision: boolean;
  lowAge: number | null;
  highAge: number | null;
}

export async function planningSettings(tx: Tx): Promise<PlanningSetting[]> {
  const rows = await providers(tx)
    .selectFrom('establishments')
    .select([
      'id',
      'urn',
      'name',
      'district',
      'latitude',
      'longitude',
      'gias_la_code',
      'setting_kind',
      'type_group',
      'phase',
      'status',
      'is_special',
      'has_sen_unit',
      'has_resourced_provision',
      'statutory_low_age',
      'statutory_high_age',
    ])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    urn: r.urn,
    name: r.name,
    district: r.district,
    latitude: r.latitude,
    longitude: r.longitude,
    giasLaCode: r.gias_la_code,
    settingKind: r.setting_kind,
    typeGroup: r.type_group,
    phase: r.phase,
    status: r.status,
    isSpecial: r.is_special,
    hasSenUnit: r.has_sen_unit,
    hasResourcedProvision: r.has_resourced_provision,
    lowAge: r.statutory_low_age,
    highAge: r.statutory_high_age,
  }));
}
