import { type RawBuilder, sql } from 'kysely';
import { bulkInsert } from '../../../platform/db/bulk-insert.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';

/**
 * SQL for scenarios and the allocations adopting one stores, the pot they share, and the adopted
 * allocations that statements and the cluster API read. The schools in scope, their factor data
 * and last year's allocations are the factor data's own reads (factors/read.ts).
 */

export type ScenarioStatus = 'draft' | 'adopted' | 'withdrawn';

/**
 * A query's rows read as one JSON text: each row an object keyed by its column names. For the
 * reads of every school's allocation: the embedded database hands back each cell to be converted
 * on its own, which for 400 rows of a dozen columns took four times as long as the query. Numbers
 * (pence too, well within 2^53) and jsonb come back as JSON has them; dates and times as text.
 */
async function jsonRows<T>(tx: Tx, query: RawBuilder<unknown>): Promise<T[]> {
  const r = await sql<{
    rows: string;
  }>`SELECT coalesce(json_agg(q), '[]')::text AS rows FROM (${query}) q`.execute(tx);
  return JSON.parse(r.rows[0]?.rows ?? '[]') as T[];
}

const byName = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });
const inNameOrder = <R extends { name: string; id: string }>(a: R, b: R) =>
  byName.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface PotRow {
  id: string;
  name: string;
  yearKind: 'financial' | 'academic';
  year: number;
  totalPence: number;
  delegatedPence: number;
  delegatedPercent: number;
  previousPotId: string | null;
}

export async function findPot(tx: Tx, potId: string): Promise<PotRow | undefined> {
  const r = await sql<PotRow>`
    SELECT id, name, year_kind AS "yearKind", year, total_pence AS "totalPence",
      delegated_pence AS "delegatedPence", delegated_percent::float8 AS "delegatedPercent",
      previous_pot_id AS "previousPotId"
    FROM funding_pots WHERE id = ${potId}`.execute(tx);
  const row = r.rows[0];
  return row && { ...row, totalPence: Number(row.totalPence), delegatedPence: Number(row.delegatedPence) };
}

export interface ScenarioRow {
  id: string;
  potId: string;
  name: string;
  /** As stored: the service reads it through the formula's schema. */
  formula: unknown;
  status: ScenarioStatus;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  adoptedBy: string | null;
  adoptedAt: Date | null;
  publishedAt: Date | null;
  version: number;
}

const scenarioColumns = sql`id, pot_id AS "potId", name, formula, status, created_by AS "createdBy",
  created_at AS "createdAt", updated_at AS "updatedAt", adopted_by AS "adoptedBy", adopted_at AS "adoptedAt",
  published_at AS "publishedAt", version`;

export async function findScenario(
  tx: Tx,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ScenarioRow | undefined> {
  const r = await sql<ScenarioRow>`SELECT ${scenarioColumns} FROM funding_scenarios WHERE id = ${id}
    ${options.forUpdate ? sql`FOR UPDATE` : sql``}`.execute(tx);
  return r.rows[0];
}

/** The pot's scenarios: drafts first, then adopted, then withdrawn, each in name order. */
export async function scenariosOfPot(tx: Tx, potId: string): Promise<ScenarioRow[]> {
  const r = await sql<ScenarioRow>`SELECT ${scenarioColumns} FROM funding_scenarios WHERE pot_id = ${potId}
    ORDER BY CASE status WHEN 'draft' THEN 0 WHEN 'adopted' THEN 1 ELSE 2 END, lower(name), id`.execute(tx);
  return r.rows;
}

export async function nameTaken(
  tx: Tx,
  potId: string,
  name: string,
  except: string | null,
): Promise<boolean> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM funding_scenarios
    WHERE pot_id = ${potId} AND lower(name) = lower(${name}) AND id IS DISTINCT FROM ${except}::uuid`.execute(
    tx,
  );
  return Number(r.rows[0]?.n) > 0;
}

export async function insertScenario(
  tx: Tx,
  s: { laCode: string; potId: string; name: string; formula: unknown; userId: string },
): Promise<string> {
  const r = await sql<{
    id: string;
  }>`INSERT INTO funding_scenarios (la_code, pot_id, name, formula, created_by)
    VALUES (${s.laCode}, ${s.potId}, ${s.name}, ${JSON.stringify(s.formula)}::jsonb, ${s.userId}) RETURNING id`.execute(
    tx,
  );
  return r.rows[0]?.id ?? '';
}

/** False when the scenario is no longer a draft at this version. */
export async function updateDraft(
  tx: Tx,
  id: string,
  version: number,
  change: { name: string; formula: unknown },
): Promise<boolean> {
  const r = await sql`UPDATE funding_scenarios SET name = ${change.name},
      formula = ${JSON.stringify(change.formula)}::jsonb, updated_at = now(), version = version + 1
    WHERE id = ${id} AND version = ${version} AND status = 'draft'`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function withdrawDraft(tx: Tx, id: string, version: number): Promise<boolean> {
  const r =
    await sql`UPDATE funding_scenarios SET status = 'withdrawn', updated_at = now(), version = version + 1
    WHERE id = ${id} AND version = ${version} AND status = 'draft'`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function markAdopted(tx: Tx, id: string, version: number, userId: string): Promise<boolean> {
  const r =
    await sql`UPDATE funding_scenarios SET status = 'adopted', adopted_by = ${userId}, adopted_at = now(),
      updated_at = now(), version = version + 1
    WHERE id = ${id} AND version = ${version} AND status = 'draft'`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function markPublished(tx: Tx, id: string, version: number): Promise<boolean> {
  const r = await sql`UPDATE funding_scenarios SET published_at = now(), version = version + 1
    WHERE id = ${id} AND version = ${version} AND status = 'adopted' AND published_at IS NULL`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function adoptedOfPot(tx: Tx, potId: string): Promise<ScenarioRow | undefined> {
  const r = await sql<ScenarioRow>`SELECT ${scenarioColumns} FROM funding_scenarios
    WHERE pot_id = ${potId} AND status = 'adopted'`.execute(tx);
  return r.rows[0];
}

export interface AllocationInsert {
  la_code: string;
  scenario_id: string;
  establishment_id: string;
  cluster_id: string;
  pence: number;
  last_year_pence: number | null;
  factors: string;
}

export function insertAllocations(tx: Tx, rows: readonly AllocationInsert[]): Promise<void> {
  return bulkInsert(
    tx,
    'funding_allocations',
    {
      la_code: 'text',
      scenario_id: 'uuid',
      establishment_id: 'uuid',
      cluster_id: 'uuid',
      pence: 'int8',
      last_year_pence: 'int8',
      factors: 'jsonb',
    },
    rows,
  );
}

export interface AllocationRow {
  establishmentId: string;
  urn: number | null;
  name: string;
  clusterId: string;
  clusterName: string;
  pence: number;
  lastYearPence: number | null;
  /** The factor data the allocation was worked out from, as stored on adoption. */
  factors: unknown;
}

/** An adopted scenario's allocations, school by school in name order. */
export async function allocationsOf(tx: Tx, scenarioId: string): Promise<AllocationRow[]> {
  const rows = await jsonRows<AllocationRow & { id: string }>(
    tx,
    sql`SELECT a.establishment_id AS "establishmentId", a.establishment_id AS id, e.urn, e.name,
        a.cluster_id AS "clusterId", c.name AS "clusterName", a.pence, a.last_year_pence AS "lastYearPence", a.factors
      FROM funding_allocations a
      JOIN establishments e ON e.id = a.establishment_id
      JOIN clusters c ON c.id = a.cluster_id
      WHERE a.scenario_id = ${scenarioId}`,
  );
  return rows.sort(inNameOrder).map(({ id: _, ...row }) => row);
}

export async function findCluster(tx: Tx, id: string): Promise<{ id: string; name: string } | undefined> {
  const r = await sql<{ id: string; name: string }>`SELECT id, name FROM clusters WHERE id = ${id}`.execute(
    tx,
  );
  return r.rows[0];
}

export interface AdoptedAllocationRow {
  scenarioId: string;
  scenarioName: string;
  adoptedAt: Date;
  publishedAt: Date | null;
  potId: string;
  potName: string;
  yearKind: 'financial' | 'academic';
  year: number;
  establishmentId: string;
  urn: number | null;
  name: string;
  clusterId: string;
  clusterName: string;
  pence: number;
  lastYearPence: number | null;
}

/**
 * Allocations of adopted scenarios to these schools or clusters (any of them), the latest year
 * first; only published ones when `publishedOnly`.
 */
export async function adoptedAllocations(
  tx: Tx,
  filter: { establishmentIds: readonly string[]; clusterIds: readonly string[]; publishedOnly: boolean },
): Promise<AdoptedAllocationRow[]> {
  if (!filter.establishmentIds.length && !filter.clusterIds.length) return [];
  const r = await sql<AdoptedAllocationRow>`
    SELECT s.id AS "scenarioId", s.name AS "scenarioName", s.adopted_at AS "adoptedAt",
      s.published_at AS "publishedAt", p.id AS "potId", p.name AS "potName", p.year_kind AS "yearKind", p.year,
      a.establishment_id AS "establishmentId", e.urn, e.name, a.cluster_id AS "clusterId", c.name AS "clusterName",
      a.pence, a.last_year_pence AS "lastYearPence"
    FROM funding_allocations a
    JOIN funding_scenarios s ON s.id = a.scenario_id
    JOIN funding_pots p ON p.id = s.pot_id
    JOIN establishments e ON e.id = a.establishment_id
    JOIN clusters c ON c.id = a.cluster_id
    WHERE (a.establishment_id = ANY(${filter.establishmentIds}::uuid[]) OR a.cluster_id = ANY(${filter.clusterIds}::uuid[]))
      ${filter.publishedOnly ? sql`AND s.published_at IS NOT NULL` : sql``}
    ORDER BY p.year DESC, p.name, c.name, e.name, e.id`.execute(tx);
  return r.rows.map((row) => ({
    ...row,
    pence: Number(row.pence),
    lastYearPence: row.lastYearPence === null ? null : Number(row.lastYearPence),
  }));
}

export interface AdoptedScenarioRow {
  id: string;
  name: string;
  adoptedAt: Date;
  publishedAt: Date | null;
  potId: string;
  potName: string;
  yearKind: 'financial' | 'academic';
  year: number;
}

/** Every adopted scenario of the LA, the latest year first: for finance's list of statements. */
export async function adoptedScenarios(tx: Tx): Promise<AdoptedScenarioRow[]> {
  const r = await sql<AdoptedScenarioRow>`
    SELECT s.id, s.name, s.adopted_at AS "adoptedAt", s.published_at AS "publishedAt", p.id AS "potId",
      p.name AS "potName", p.year_kind AS "yearKind", p.year
    FROM funding_scenarios s JOIN funding_pots p ON p.id = s.pot_id
    WHERE s.status = 'adopted' ORDER BY p.year DESC, p.name`.execute(tx);
  return r.rows;
}

/** The clusters each adopted scenario allocated to, with their totals: finance's way into cluster statements. */
export async function clusterTotals(
  tx: Tx,
  scenarioIds: readonly string[],
): Promise<{ scenarioId: string; clusterId: string; clusterName: string; pence: number; schools: number }[]> {
  if (!scenarioIds.length) return [];
  const r = await sql<{
    scenarioId: string;
    clusterId: string;
    clusterName: string;
    pence: number;
    schools: number;
  }>`
    SELECT a.scenario_id AS "scenarioId", a.cluster_id AS "clusterId", c.name AS "clusterName",
      sum(a.pence)::int8 AS pence, count(*)::int AS schools
    FROM funding_allocations a JOIN clusters c ON c.id = a.cluster_id
    WHERE a.scenario_id = ANY(${scenarioIds}::uuid[])
    GROUP BY a.scenario_id, a.cluster_id, c.name ORDER BY c.name`.execute(tx);
  return r.rows.map((row) => ({ ...row, pence: Number(row.pence) }));
}
