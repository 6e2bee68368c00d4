import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { SitePlaces, StoredCandidate } from './domain/candidates.ts';

/** SQL for candidate sites, the places each would add, and saved new-site scenarios. */

export interface SiteRow extends StoredCandidate {
  establishmentId: string | null;
  /** The school's URN, for an SRB expression of interest. */
  urn: number | null;
  easting: number;
  northing: number;
  opensOn: string | null;
  receivedOn: string | null;
  note: string | null;
  version: number;
}

/** What is written for a site: everything but its id and version. */
export type SiteValues = Omit<SiteRow, 'id' | 'version' | 'urn'>;

interface Raw extends Omit<SiteRow, 'places' | 'capitalCostPence'> {
  capitalCostPence: string | number | null;
}

const phaseOrder = sql`array_position(ARRAY['early_years', 'primary', 'secondary', 'post_16'], p.phase)`;

async function withPlaces(tx: Tx, laCode: string, rows: Raw[]): Promise<SiteRow[]> {
  if (!rows.length) return [];
  const places = await sql<SitePlaces & { siteId: string }>`
    SELECT p.site_id AS "siteId", p.sen_type AS "senType", p.phase, p.places FROM candidate_site_places p
    WHERE p.la_code = ${laCode} AND p.site_id = ANY(${rows.map((r) => r.id)}::uuid[])
    ORDER BY ${phaseOrder}, p.sen_type`.execute(tx);
  const bySite = new Map<string, SitePlaces[]>();
  for (const { siteId, ...p } of places.rows) bySite.set(siteId, [...(bySite.get(siteId) ?? []), p]);
  return rows.map((r) => ({
    ...r,
    capitalCostPence: r.capitalCostPence === null ? null : Number(r.capitalCostPence),
    places: bySite.get(r.id) ?? [],
  }));
}

const columns = sql`s.id, s.kind, s.name, s.establishment_id AS "establishmentId", e.urn, s.easting,
  s.northing, s.latitude, s.longitude, s.capital_cost_pence AS "capitalCostPence",
  s.opens_on::text AS "opensOn", s.received_on::text AS "receivedOn", s.note, s.version`;

export async function listSites(tx: Tx, laCode: string): Promise<SiteRow[]> {
  const r = await sql<Raw>`SELECT ${columns} FROM candidate_sites s
    LEFT JOIN establishments e ON e.la_code = s.la_code AND e.id = s.establishment_id
    WHERE s.la_code = ${laCode} ORDER BY s.kind DESC, lower(s.name), s.id`.execute(tx);
  return withPlaces(tx, laCode, r.rows);
}

export async function findSite(tx: Tx, laCode: string, id: string): Promise<SiteRow | undefined> {
  const r = await sql<Raw>`SELECT ${columns} FROM candidate_sites s
    LEFT JOIN establishments e ON e.la_code = s.la_code AND e.id = s.establishment_id
    WHERE s.la_code = ${laCode} AND s.id = ${id}::uuid FOR UPDATE OF s`.execute(tx);
  return (await withPlaces(tx, laCode, r.rows))[0];
}

/** The site already called this (names are compared as people read them, ignoring case). */
export async function siteNamed(tx: Tx, laCode: string, name: string): Promise<{ id: string } | undefined> {
  const r = await sql<{ id: string }>`SELECT id FROM candidate_sites
    WHERE la_code = ${laCode} AND lower(name) = lower(${name})`.execute(tx);
  return r.rows[0];
}

async function insertPlaces(tx: Tx, laCode: string, siteId: string, places: readonly SitePlaces[]) {
  for (const p of places)
    await sql`INSERT INTO candidate_site_places (la_code, site_id, sen_type, phase, places)
      VALUES (${laCode}, ${siteId}::uuid, ${p.senType}, ${p.phase}, ${p.places})`.execute(tx);
}

export async function insertSite(
  tx: Tx,
  laCode: string,
  v: SiteValues,
  userId: string | null,
): Promise<string> {
  const r = await sql<{ id: string }>`INSERT INTO candidate_sites
      (la_code, kind, name, establishment_id, easting, northing, latitude, longitude, capital_cost_pence,
       opens_on, received_on, note, created_by)
    VALUES (${laCode}, ${v.kind}, ${v.name}, ${v.establishmentId}::uuid, ${v.easting}, ${v.northing},
      ${v.latitude}, ${v.longitude}, ${v.capitalCostPence}, ${v.opensOn}::date, ${v.receivedOn}::date,
      ${v.note}, ${userId}::uuid)
    RETURNING id`.execute(tx);
  const id = r.rows[0]?.id ?? '';
  await insertPlaces(tx, laCode, id, v.places);
  return id;
}

/** False when the site is no longer at this version. */
export async function updateSite(
  tx: Tx,
  laCode: string,
  id: string,
  version: number,
  v: SiteValues,
): Promise<boolean> {
  const r = await sql`UPDATE candidate_sites SET kind = ${v.kind}, name = ${v.name},
      establishment_id = ${v.establishmentId}::uuid, easting = ${v.easting}, northing = ${v.northing},
      latitude = ${v.latitude}, longitude = ${v.longitude}, capital_cost_pence = ${v.capitalCostPence},
      opens_on = ${v.opensOn}::date, received_on = ${v.receivedOn}::date, note = ${v.note},
      version = version + 1
    WHERE la_code = ${laCode} AND id = ${id}::uuid AND version = ${version}`.execute(tx);
  if (Number(r.numAffectedRows ?? 0) !== 1) return false;
  await sql`DELETE FROM candidate_site_places WHERE la_code = ${laCode} AND site_id = ${id}::uuid`.execute(
    tx,
  );
  await insertPlaces(tx, laCode, id, v.places);
  return true;
}

/** The site's places go with it. False when the site is no longer at this version. */
export async function deleteSite(tx: Tx, laCode: string, id: string, version: number): Promise<boolean> {
  const r = await sql`DELETE FROM candidate_sites
    WHERE la_code = ${laCode} AND id = ${id}::uuid AND version = ${version}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export interface ScenarioRow {
  id: string;
  name: string;
  inputs: Record<string, unknown>;
  result: unknown;
  createdAt: Date;
  createdBy: string | null;
}

export async function scenarioNamed(tx: Tx, laCode: string, name: string): Promise<boolean> {
  const r = await sql<{ id: string }>`SELECT id FROM sufficiency_scenarios
    WHERE la_code = ${laCode} AND kind = 'sites' AND name = ${name}`.execute(tx);
  return r.rows.length > 0;
}

/** Null when a scenario of that name was saved first. */
export async function insertScenario(
  tx: Tx,
  laCode: string,
  s: { name: string; inputs: unknown; result: unknown },
  userId: string | null,
): Promise<string | null> {
  const r = await sql<{ id: string }>`INSERT INTO sufficiency_scenarios
      (la_code, kind, name, inputs, result, created_by)
    VALUES (${laCode}, 'sites', ${s.name}, ${JSON.stringify(s.inputs)}::jsonb,
      ${JSON.stringify(s.result)}::jsonb, ${userId}::uuid)
    ON CONFLICT (la_code, kind, name) DO NOTHING
    RETURNING id`.execute(tx);
  return r.rows[0]?.id ?? null;
}

export async function listScenarios(tx: Tx, laCode: string): Promise<ScenarioRow[]> {
  const r = await sql<ScenarioRow>`SELECT id, name, inputs, result, created_at AS "createdAt",
      created_by AS "createdBy"
    FROM sufficiency_scenarios WHERE la_code = ${laCode} AND kind = 'sites'
    ORDER BY created_at DESC, name`.execute(tx);
  return r.rows;
}
