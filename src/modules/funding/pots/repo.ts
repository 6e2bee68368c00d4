import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { FundingPotTables } from '../tables.ts';
import type { CentralUse, CentralUseKind } from './domain/central-uses.ts';
import type { YearKind } from './domain/years.ts';

/** SQL for funding pots and their central uses, and the scenarios drafted for them (read only). */

const db = (tx: Tx) => tx.withTables<FundingPotTables>();

export interface PotRow {
  id: string;
  name: string;
  yearKind: YearKind;
  year: number;
  totalPence: number;
  delegatedPercent: number;
  centralPercent: number;
  delegatedPence: number;
  centralPence: number;
  previousPotId: string | null;
  version: number;
  createdAt: Date;
}

const potColumns = [
  'id',
  'name',
  'year_kind as yearKind',
  'year',
  'total_pence as totalPence',
  sql<number>`delegated_percent::float8`.as('delegatedPercent'),
  sql<number>`central_percent::float8`.as('centralPercent'),
  'delegated_pence as delegatedPence',
  'central_pence as centralPence',
  'previous_pot_id as previousPotId',
  'version',
  'created_at as createdAt',
] as const;

/** The LA's pots, the latest year first, then by name. */
export async function listPots(tx: Tx, laCode: string): Promise<PotRow[]> {
  return (await db(tx)
    .selectFrom('funding_pots')
    .select(potColumns)
    .where('la_code', '=', laCode)
    .orderBy('year', 'desc')
    .orderBy('name')
    .execute()) as PotRow[];
}

export async function findPot(
  tx: Tx,
  laCode: string,
  id: string,
  forUpdate = false,
): Promise<PotRow | undefined> {
  let q = db(tx)
    .selectFrom('funding_pots')
    .select(potColumns)
    .where('la_code', '=', laCode)
    .where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return (await q.executeTakeFirst()) as PotRow | undefined;
}

export async function potNamed(
  tx: Tx,
  laCode: string,
  name: string,
  year: number,
  exceptId: string | null,
): Promise<boolean> {
  let q = db(tx)
    .selectFrom('funding_pots')
    .select('id')
    .where('la_code', '=', laCode)
    .where(sql<boolean>`lower(name) = lower(${name})`)
    .where('year', '=', year);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export interface PotValues {
  name: string;
  yearKind: YearKind;
  year: number;
  totalPence: number;
  delegatedPercent: number;
  centralPercent: number;
  delegatedPence: number;
  centralPence: number;
  previousPotId: string | null;
}

const potRow = (v: PotValues) => ({
  name: v.name,
  year_kind: v.yearKind,
  year: v.year,
  total_pence: v.totalPence,
  delegated_percent: v.delegatedPercent,
  central_percent: v.centralPercent,
  delegated_pence: v.delegatedPence,
  central_pence: v.centralPence,
  previous_pot_id: v.previousPotId,
});

export async function insertPot(tx: Tx, laCode: string, v: PotValues, by: string | null): Promise<string> {
  const r = await db(tx)
    .insertInto('funding_pots')
    .values({ la_code: laCode, ...potRow(v), created_by: by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Changes a pot read at `version`; false when someone changed it since. */
export async function updatePot(
  tx: Tx,
  laCode: string,
  id: string,
  version: number,
  v: PotValues,
): Promise<boolean> {
  const r = await db(tx)
    .updateTable('funding_pots')
    .set({ ...potRow(v), version: sql`version + 1` })
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Pots whose previous pot is this one: they look to it for last year's allocations. */
export async function nextPotsOf(
  tx: Tx,
  laCode: string,
  id: string,
): Promise<{ id: string; name: string }[]> {
  return db(tx)
    .selectFrom('funding_pots')
    .select(['id', 'name'])
    .where('la_code', '=', laCode)
    .where('previous_pot_id', '=', id)
    .execute();
}

// ── Central uses ──────────────────────────────────────────────────────────────────────────

export interface CentralUseRow extends CentralUse {
  potId: string;
}

export async function centralUses(
  tx: Tx,
  laCode: string,
  potIds: readonly string[],
): Promise<CentralUseRow[]> {
  if (!potIds.length) return [];
  return (await db(tx)
    .selectFrom('funding_central_uses')
    .select([
      'id',
      'pot_id as potId',
      'kind',
      'name',
      sql<number | null>`fte::float8`.as('fte'),
      'cost_pence as costPence',
    ])
    .where('la_code', '=', laCode)
    .where('pot_id', 'in', [...potIds])
    .orderBy('sort')
    .orderBy('name')
    .execute()) as CentralUseRow[];
}

export interface CentralUseValues {
  kind: CentralUseKind;
  name: string;
  fte: number | null;
  costPence: number;
}

export async function centralUseNamed(
  tx: Tx,
  laCode: string,
  potId: string,
  name: string,
  exceptId: string | null,
): Promise<boolean> {
  let q = db(tx)
    .selectFrom('funding_central_uses')
    .select('id')
    .where('la_code', '=', laCode)
    .where('pot_id', '=', potId)
    .where(sql<boolean>`lower(name) = lower(${name})`);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertCentralUse(
  tx: Tx,
  laCode: string,
  potId: string,
  v: CentralUseValues,
): Promise<string> {
  const r = await db(tx)
    .insertInto('funding_central_uses')
    .values({
      la_code: laCode,
      pot_id: potId,
      kind: v.kind,
      name: v.name,
      fte: v.fte,
      cost_pence: v.costPence,
      sort: sql<number>`(SELECT coalesce(max(sort), 0) + 1 FROM funding_central_uses WHERE pot_id = ${potId})`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateCentralUse(
  tx: Tx,
  laCode: string,
  id: string,
  v: CentralUseValues,
): Promise<void> {
  await db(tx)
    .updateTable('funding_central_uses')
    .set({ kind: v.kind, name: v.name, fte: v.fte, cost_pence: v.costPence })
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .execute();
}

export async function deleteCentralUse(tx: Tx, laCode: string, id: string): Promise<void> {
  await db(tx)
    .deleteFrom('funding_central_uses')
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .execute();
}

// ── Scenarios (the scenarios part writes them; a pot lists its own) ────────────────────────

export interface ScenarioRow {
  id: string;
  potId: string;
  name: string;
  status: 'draft' | 'adopted' | 'withdrawn';
  adoptedAt: Date | null;
  publishedAt: Date | null;
  updatedAt: Date;
}

export async function scenariosOf(tx: Tx, laCode: string, potIds: readonly string[]): Promise<ScenarioRow[]> {
  if (!potIds.length) return [];
  const r = await sql<ScenarioRow>`
    SELECT id, pot_id AS "potId", name, status, adopted_at AS "adoptedAt", published_at AS "publishedAt",
      updated_at AS "updatedAt"
    FROM funding_scenarios
    WHERE la_code = ${laCode} AND pot_id = ANY(${[...potIds]}::uuid[])
    ORDER BY status = 'adopted' DESC, status = 'withdrawn', name`.execute(tx);
  return r.rows;
}

/** A pot's previous pot, if it names one: the LA's row-level security keeps both in the LA. */
export async function previousPotOf(
  tx: Tx,
  potId: string,
): Promise<{ id: string; name: string; year: number } | null> {
  const r = await db(tx)
    .selectFrom('funding_pots as p')
    .innerJoin('funding_pots as previous', 'previous.id', 'p.previous_pot_id')
    .select(['previous.id', 'previous.name', 'previous.year'])
    .where('p.id', '=', potId)
    .executeTakeFirst();
  return r ?? null;
}
