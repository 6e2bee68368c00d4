import { sql } from 'kysely';
import { iso, isoOrNull } from '../../../platform/db/dates.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { childListing } from '../../children/index.ts';
import type { ClusterToolkitTables } from '../tables.ts';
import type { PanelOutcome, PlanLineKind, ReturnState } from './domain/toolkit.ts';
import type { YearKind } from './domain/years.ts';

/**
 * SQL for the cluster toolkit's tables, and what it reads of the pots part's (pots, their adopted
 * scenario's allocations). Every query names the LA as well as RLS enforcing it.
 */

const db = (tx: Tx) => tx.withTables<ClusterToolkitTables>();

// Pots and their adopted allocations (the pots and scenarios parts' tables, read only).

export interface PotRow {
  id: string;
  name: string;
  yearKind: YearKind;
  year: number;
  /** The scenario the LA adopted, whose allocations the clusters are paid; null before adoption. */
  adoptedScenarioId: string | null;
}

const potColumns = sql`p.id, p.name, p.year_kind AS "yearKind", p.year,
  (SELECT s.id FROM funding_scenarios s WHERE s.pot_id = p.id AND s.status = 'adopted') AS "adoptedScenarioId"`;

export async function pots(tx: Tx, laCode: string): Promise<PotRow[]> {
  const r = await sql<PotRow>`SELECT ${potColumns} FROM funding_pots p WHERE p.la_code = ${laCode}
    ORDER BY p.year DESC, p.name`.execute(tx);
  return r.rows;
}

export async function findPot(tx: Tx, laCode: string, potId: string): Promise<PotRow | undefined> {
  const r = await sql<PotRow>`SELECT ${potColumns} FROM funding_pots p
    WHERE p.la_code = ${laCode} AND p.id = ${potId}`.execute(tx);
  return r.rows[0];
}

export interface AllocatedSchool {
  establishmentId: string;
  name: string;
  pence: number;
}

/** The cluster's schools as the adopted scenario allocated to them, by name. */
export async function allocatedSchools(
  tx: Tx,
  laCode: string,
  scenarioId: string,
  clusterId: string,
): Promise<AllocatedSchool[]> {
  const r = await sql<AllocatedSchool>`SELECT a.establishment_id AS "establishmentId", e.name, a.pence
    FROM funding_allocations a JOIN establishments e ON e.id = a.establishment_id
    WHERE a.la_code = ${laCode} AND a.scenario_id = ${scenarioId} AND a.cluster_id = ${clusterId}
    ORDER BY e.name`.execute(tx);
  return r.rows;
}

/** The clusters these schools were allocated to in the adopted scenario. */
export async function allocatedClustersOf(
  tx: Tx,
  laCode: string,
  scenarioId: string,
  establishmentIds: readonly string[],
): Promise<string[]> {
  if (!establishmentIds.length) return [];
  const r = await sql<{
    clusterId: string;
  }>`SELECT DISTINCT a.cluster_id AS "clusterId" FROM funding_allocations a
    WHERE a.la_code = ${laCode} AND a.scenario_id = ${scenarioId}
      AND a.establishment_id = ANY(${[...establishmentIds]}::uuid[])`.execute(tx);
  return r.rows.map((row) => row.clusterId);
}

export interface ClusterAllocationRow {
  clusterId: string;
  pence: number;
  schools: number;
}

/** Each cluster's allocation from the adopted scenario: its schools' allocations added up. */
export async function clusterAllocations(
  tx: Tx,
  laCode: string,
  scenarioId: string,
  clusterIds?: readonly string[],
): Promise<ClusterAllocationRow[]> {
  const only = clusterIds ? sql`AND a.cluster_id = ANY(${[...clusterIds]}::uuid[])` : sql``;
  const r = await sql<ClusterAllocationRow>`SELECT a.cluster_id AS "clusterId", sum(a.pence)::bigint AS pence,
      count(*)::int AS schools
    FROM funding_allocations a WHERE a.la_code = ${laCode} AND a.scenario_id = ${scenarioId} ${only}
    GROUP BY a.cluster_id`.execute(tx);
  return r.rows.map((row) => ({ ...row, pence: Number(row.pence) }));
}

// Clusters, their hosts and their schools' head teachers (the providers module's tables, read in
// the same query as the toolkit needs them; no function of its index answers these).

export async function clusterNames(
  tx: Tx,
  laCode: string,
  clusterIds: readonly string[],
): Promise<Map<string, string>> {
  if (!clusterIds.length) return new Map();
  const r = await sql<{ id: string; name: string }>`SELECT id, name FROM clusters
    WHERE la_code = ${laCode} AND id = ANY(${[...clusterIds]}::uuid[])`.execute(tx);
  return new Map(r.rows.map((row) => [row.id, row.name]));
}

/** The host of each cluster on a day, by the name the LA recorded. */
export async function hostNamesOn(
  tx: Tx,
  laCode: string,
  clusterIds: readonly string[],
  on: IsoDate,
): Promise<Map<string, string>> {
  if (!clusterIds.length) return new Map();
  const r = await sql<{ clusterId: string; name: string }>`SELECT h.cluster_id AS "clusterId", h.name
    FROM cluster_hosts h WHERE h.la_code = ${laCode} AND h.cluster_id = ANY(${[...clusterIds]}::uuid[])
      AND h.nominated_on <= ${on}::date AND (h.ends_on IS NULL OR h.ends_on > ${on}::date)`.execute(tx);
  return new Map(r.rows.map((row) => [row.clusterId, row.name]));
}

export interface HeadTeacherRow {
  userId: string;
  name: string;
  establishmentId: string;
}

/** The people linked to these schools as head teacher, whose accounts are active. */
export async function headTeachersOf(
  tx: Tx,
  laCode: string,
  establishmentIds: readonly string[],
): Promise<HeadTeacherRow[]> {
  if (!establishmentIds.length) return [];
  const r =
    await sql<HeadTeacherRow>`SELECT s.user_id AS "userId", u.name, s.establishment_id AS "establishmentId"
    FROM establishment_staff s JOIN users u ON u.id = s.user_id
    WHERE s.la_code = ${laCode} AND s.role = 'headteacher' AND u.active
      AND s.establishment_id = ANY(${[...establishmentIds]}::uuid[])
    ORDER BY u.name`.execute(tx);
  return r.rows;
}

// Pupils.

export interface PupilRow {
  id: string;
  forename: string;
  surname: string;
  dateOfBirth: string;
  establishmentId: string | null;
}

/** The LA's children at a school, by name. */
export function pupilsAt(tx: Tx, laCode: string, establishmentId: string): Promise<PupilRow[]> {
  return db(tx)
    .selectFrom(childListing(tx, laCode).as('c'))
    .select(['c.id', 'c.forename', 'c.surname', 'c.dateOfBirth', 'c.establishmentId'])
    .where('c.establishmentId', '=', establishmentId)
    .orderBy('c.surname')
    .orderBy('c.forename')
    .execute();
}

// The toolkit.

export interface PlanLineRow {
  id: string;
  kind: PlanLineKind;
  childId: string | null;
  description: string;
  plannedPence: number;
  startsOn: IsoDate;
  endsOn: IsoDate;
  version: number;
  schoolIds: string[];
}

export async function planLines(
  tx: Tx,
  laCode: string,
  clusterId: string,
  potId: string,
): Promise<PlanLineRow[]> {
  const rows = await db(tx)
    .selectFrom('cluster_plan_lines as l')
    .select([
      'l.id',
      'l.kind',
      'l.child_id as childId',
      'l.description',
      'l.planned_pence as plannedPence',
      iso('l.starts_on').as('startsOn'),
      iso('l.ends_on').as('endsOn'),
      'l.version',
      sql<string[]>`coalesce((SELECT array_agg(s.establishment_id::text ORDER BY s.establishment_id)
        FROM cluster_plan_line_schools s WHERE s.plan_line_id = l.id), '{}')`.as('schoolIds'),
    ])
    .where('l.la_code', '=', laCode)
    .where('l.cluster_id', '=', clusterId)
    .where('l.pot_id', '=', potId)
    .orderBy('l.starts_on')
    .orderBy('l.created_at')
    .execute();
  return rows.map((r) => ({ ...r, kind: r.kind as PlanLineKind }));
}

export interface NewPlanLine {
  laCode: string;
  clusterId: string;
  potId: string;
  kind: PlanLineKind;
  childId: string | null;
  description: string;
  plannedPence: number;
  startsOn: IsoDate;
  endsOn: IsoDate;
  schoolIds: readonly string[];
  by: string | null;
}

export async function insertPlanLine(tx: Tx, l: NewPlanLine): Promise<string> {
  const row = await db(tx)
    .insertInto('cluster_plan_lines')
    .values({
      la_code: l.laCode,
      cluster_id: l.clusterId,
      pot_id: l.potId,
      kind: l.kind,
      child_id: l.childId,
      description: l.description,
      planned_pence: l.plannedPence,
      starts_on: l.startsOn,
      ends_on: l.endsOn,
      created_by: l.by,
      updated_by: l.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setLineSchools(tx, l.laCode, row.id, l.schoolIds);
  return row.id;
}

async function setLineSchools(tx: Tx, laCode: string, lineId: string, schoolIds: readonly string[]) {
  await db(tx).deleteFrom('cluster_plan_line_schools').where('plan_line_id', '=', lineId).execute();
  if (schoolIds.length)
    await db(tx)
      .insertInto('cluster_plan_line_schools')
      .values(schoolIds.map((s) => ({ la_code: laCode, plan_line_id: lineId, establishment_id: s })))
      .execute();
}

/** False when the line is no longer at `version`: someone changed it since it was read. */
export async function updatePlanLine(
  tx: Tx,
  lineId: string,
  version: number,
  l: Omit<NewPlanLine, 'clusterId' | 'potId'>,
): Promise<boolean> {
  const r = await db(tx)
    .updateTable('cluster_plan_lines')
    .set({
      kind: l.kind,
      child_id: l.childId,
      description: l.description,
      planned_pence: l.plannedPence,
      starts_on: l.startsOn,
      ends_on: l.endsOn,
      updated_by: l.by,
      updated_at: sql`now()`,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', lineId)
    .where('la_code', '=', l.laCode)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await setLineSchools(tx, l.laCode, lineId, l.schoolIds);
  return true;
}

/** Adds an amount a panel agreed to a line's plan. */
export async function addToPlanned(tx: Tx, laCode: string, lineId: string, pence: number, by: string | null) {
  await db(tx)
    .updateTable('cluster_plan_lines')
    .set({
      planned_pence: sql<number>`planned_pence + ${pence}`,
      updated_by: by,
      updated_at: sql`now()`,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', lineId)
    .where('la_code', '=', laCode)
    .execute();
}

export async function deletePlanLine(
  tx: Tx,
  laCode: string,
  lineId: string,
  version: number,
): Promise<boolean> {
  const r = await db(tx)
    .deleteFrom('cluster_plan_lines')
    .where('id', '=', lineId)
    .where('la_code', '=', laCode)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export interface DecisionRow {
  id: string;
  heldOn: IsoDate;
  establishmentId: string;
  childId: string | null;
  purpose: string;
  askedPence: number;
  outcome: PanelOutcome;
  agreedPence: number | null;
  reasons: string;
  headsInCluster: number;
  planLineId: string | null;
  followsDecisionId: string | null;
  headIds: string[];
  recordedAt: Date;
}

export async function decisions(
  tx: Tx,
  laCode: string,
  clusterId: string,
  potId: string,
): Promise<DecisionRow[]> {
  const rows = await db(tx)
    .selectFrom('cluster_panel_decisions as d')
    .select([
      'd.id',
      iso('d.held_on').as('heldOn'),
      'd.establishment_id as establishmentId',
      'd.child_id as childId',
      'd.purpose',
      'd.asked_pence as askedPence',
      'd.outcome',
      'd.agreed_pence as agreedPence',
      'd.reasons',
      'd.heads_in_cluster as headsInCluster',
      'd.plan_line_id as planLineId',
      'd.follows_decision_id as followsDecisionId',
      'd.recorded_at as recordedAt',
      sql<string[]>`coalesce((SELECT array_agg(h.user_id::text ORDER BY h.user_id)
        FROM cluster_panel_heads h WHERE h.decision_id = d.id), '{}')`.as('headIds'),
    ])
    .where('d.la_code', '=', laCode)
    .where('d.cluster_id', '=', clusterId)
    .where('d.pot_id', '=', potId)
    .orderBy('d.held_on', 'desc')
    .orderBy('d.recorded_at', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, outcome: r.outcome as PanelOutcome }));
}

export interface NewDecision {
  laCode: string;
  clusterId: string;
  potId: string;
  heldOn: IsoDate;
  establishmentId: string;
  childId: string | null;
  purpose: string;
  askedPence: number;
  outcome: PanelOutcome;
  agreedPence: number | null;
  reasons: string;
  headsInCluster: number;
  planLineId: string | null;
  followsDecisionId: string | null;
  headIds: readonly string[];
  by: string | null;
}

export async function insertDecision(tx: Tx, d: NewDecision): Promise<string> {
  const row = await db(tx)
    .insertInto('cluster_panel_decisions')
    .values({
      la_code: d.laCode,
      cluster_id: d.clusterId,
      pot_id: d.potId,
      held_on: d.heldOn,
      establishment_id: d.establishmentId,
      child_id: d.childId,
      purpose: d.purpose,
      asked_pence: d.askedPence,
      outcome: d.outcome,
      agreed_pence: d.agreedPence,
      reasons: d.reasons,
      heads_in_cluster: d.headsInCluster,
      plan_line_id: d.planLineId,
      follows_decision_id: d.followsDecisionId,
      recorded_by: d.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (d.headIds.length)
    await db(tx)
      .insertInto('cluster_panel_heads')
      .values(d.headIds.map((u) => ({ la_code: d.laCode, decision_id: row.id, user_id: u })))
      .execute();
  return row.id;
}

export interface SpendRow {
  id: string;
  planLineId: string;
  establishmentId: string;
  spentOn: IsoDate;
  amountPence: number;
  description: string;
}

export async function spend(tx: Tx, laCode: string, clusterId: string, potId: string): Promise<SpendRow[]> {
  return db(tx)
    .selectFrom('cluster_spend as s')
    .select([
      's.id',
      's.plan_line_id as planLineId',
      's.establishment_id as establishmentId',
      iso('s.spent_on').as('spentOn'),
      's.amount_pence as amountPence',
      's.description',
    ])
    .where('s.la_code', '=', laCode)
    .where('s.cluster_id', '=', clusterId)
    .where('s.pot_id', '=', potId)
    .orderBy('s.spent_on', 'desc')
    .orderBy('s.recorded_at', 'desc')
    .execute();
}

export async function insertSpend(
  tx: Tx,
  s: {
    laCode: string;
    clusterId: string;
    potId: string;
    planLineId: string;
    establishmentId: string;
    spentOn: IsoDate;
    amountPence: number;
    description: string;
    by: string | null;
  },
): Promise<string> {
  const row = await db(tx)
    .insertInto('cluster_spend')
    .values({
      la_code: s.laCode,
      cluster_id: s.clusterId,
      pot_id: s.potId,
      plan_line_id: s.planLineId,
      establishment_id: s.establishmentId,
      spent_on: s.spentOn,
      amount_pence: s.amountPence,
      description: s.description,
      recorded_by: s.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteSpend(tx: Tx, laCode: string, clusterId: string, potId: string, spendId: string) {
  const r = await db(tx)
    .deleteFrom('cluster_spend')
    .where('id', '=', spendId)
    .where('la_code', '=', laCode)
    .where('cluster_id', '=', clusterId)
    .where('pot_id', '=', potId)
    .returning(['plan_line_id as planLineId', 'amount_pence as amountPence'])
    .executeTakeFirst();
  return r;
}

// The end-of-year return.

export interface ReturnRow {
  id: string;
  status: ReturnState;
  allocationPence: number;
  plannedPence: number;
  agreedPence: number;
  spentPence: number;
  carryForwardPence: number;
  commentary: string;
  impact: string;
  submittedOn: IsoDate;
  submittedBy: string | null;
  decidedOn: IsoDate | null;
  decidedBy: string | null;
  returnedReason: string | null;
  version: number;
}

export async function findReturn(
  tx: Tx,
  laCode: string,
  clusterId: string,
  potId: string,
  options: { forUpdate?: boolean } = {},
): Promise<ReturnRow | undefined> {
  let q = db(tx)
    .selectFrom('cluster_returns as r')
    .select([
      'r.id',
      'r.status',
      'r.allocation_pence as allocationPence',
      'r.planned_pence as plannedPence',
      'r.agreed_pence as agreedPence',
      'r.spent_pence as spentPence',
      'r.carry_forward_pence as carryForwardPence',
      'r.commentary',
      'r.impact',
      iso('r.submitted_on').as('submittedOn'),
      'r.submitted_by as submittedBy',
      isoOrNull('r.decided_on').as('decidedOn'),
      'r.decided_by as decidedBy',
      'r.returned_reason as returnedReason',
      'r.version',
    ])
    .where('r.la_code', '=', laCode)
    .where('r.cluster_id', '=', clusterId)
    .where('r.pot_id', '=', potId);
  if (options.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? { ...row, status: row.status as ReturnState } : undefined;
}

export interface ReturnFigures {
  allocationPence: number;
  plannedPence: number;
  agreedPence: number;
  spentPence: number;
  carryForwardPence: number;
  commentary: string;
  impact: string;
  submittedOn: IsoDate;
  by: string | null;
}

export async function insertReturn(
  tx: Tx,
  r: ReturnFigures & { laCode: string; clusterId: string; potId: string },
): Promise<string> {
  const row = await db(tx)
    .insertInto('cluster_returns')
    .values({
      la_code: r.laCode,
      cluster_id: r.clusterId,
      pot_id: r.potId,
      status: 'submitted',
      allocation_pence: r.allocationPence,
      planned_pence: r.plannedPence,
      agreed_pence: r.agreedPence,
      spent_pence: r.spentPence,
      carry_forward_pence: r.carryForwardPence,
      commentary: r.commentary,
      impact: r.impact,
      submitted_on: r.submittedOn,
      submitted_by: r.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A returned return sent again, its figures made afresh. False when it is no longer at `version`. */
export async function resubmitReturn(
  tx: Tx,
  laCode: string,
  returnId: string,
  version: number,
  r: ReturnFigures,
): Promise<boolean> {
  const res = await db(tx)
    .updateTable('cluster_returns')
    .set({
      status: 'submitted',
      allocation_pence: r.allocationPence,
      planned_pence: r.plannedPence,
      agreed_pence: r.agreedPence,
      spent_pence: r.spentPence,
      carry_forward_pence: r.carryForwardPence,
      commentary: r.commentary,
      impact: r.impact,
      submitted_on: r.submittedOn,
      submitted_by: r.by,
      decided_on: null,
      decided_by: null,
      returned_reason: null,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', returnId)
    .where('la_code', '=', laCode)
    .where('status', '=', 'returned')
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The LA's answer to a submitted return. False when it is no longer submitted at `version`. */
export async function decideReturn(
  tx: Tx,
  laCode: string,
  returnId: string,
  version: number,
  d: { status: 'accepted' | 'returned'; reason: string | null; on: IsoDate; by: string | null },
): Promise<boolean> {
  const res = await db(tx)
    .updateTable('cluster_returns')
    .set({
      status: d.status,
      decided_on: d.on,
      decided_by: d.by,
      returned_reason: d.reason,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', returnId)
    .where('la_code', '=', laCode)
    .where('status', '=', 'submitted')
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export interface ReturnEventRow {
  kind: 'submitted' | 'accepted' | 'returned';
  happenedOn: IsoDate;
  byUser: string | null;
  reason: string | null;
}

export async function insertReturnEvent(
  tx: Tx,
  e: ReturnEventRow & { laCode: string; returnId: string },
): Promise<void> {
  await db(tx)
    .insertInto('cluster_return_events')
    .values({
      la_code: e.laCode,
      return_id: e.returnId,
      kind: e.kind,
      happened_on: e.happenedOn,
      by_user: e.byUser,
      reason: e.reason,
    })
    .execute();
}

export async function returnEvents(tx: Tx, laCode: string, returnId: string): Promise<ReturnEventRow[]> {
  const rows = await db(tx)
    .selectFrom('cluster_return_events')
    .select(['kind', iso('happened_on').as('happenedOn'), 'by_user as byUser', 'reason'])
    .where('la_code', '=', laCode)
    .where('return_id', '=', returnId)
    .orderBy('recorded_at')
    .execute();
  return rows.map((r) => ({ ...r, kind: r.kind as ReturnEventRow['kind'] }));
}

// Every cluster's figures for a pot, for the LA's view and a host's or head's home.

export interface ClusterSums {
  clusterId: string;
  potId: string;
  plannedPence: number;
  spentPence: number;
  returnState: ReturnState | null;
}

export async function clusterSums(
  tx: Tx,
  laCode: string,
  potIds: readonly string[],
  clusterIds?: readonly string[],
): Promise<ClusterSums[]> {
  if (!potIds.length) return [];
  const pots = sql`${[...potIds]}::uuid[]`;
  const only = (column: string) =>
    clusterIds ? sql`AND ${sql.ref(column)} = ANY(${[...clusterIds]}::uuid[])` : sql``;
  const r = await sql<ClusterSums>`
    WITH planned AS (
      SELECT cluster_id, pot_id, sum(planned_pence)::bigint AS pence FROM cluster_plan_lines
      WHERE la_code = ${laCode} AND pot_id = ANY(${pots}) ${only('cluster_id')} GROUP BY cluster_id, pot_id),
    spent AS (
      SELECT cluster_id, pot_id, sum(amount_pence)::bigint AS pence FROM cluster_spend
      WHERE la_code = ${laCode} AND pot_id = ANY(${pots}) ${only('cluster_id')} GROUP BY cluster_id, pot_id),
    returns AS (
      SELECT cluster_id, pot_id, status FROM cluster_returns
      WHERE la_code = ${laCode} AND pot_id = ANY(${pots}) ${only('cluster_id')}),
    keys AS (
      SELECT cluster_id, pot_id FROM planned UNION SELECT cluster_id, pot_id FROM spent
      UNION SELECT cluster_id, pot_id FROM returns)
    SELECT k.cluster_id AS "clusterId", k.pot_id AS "potId", coalesce(p.pence, 0) AS "plannedPence",
      coalesce(s.pence, 0) AS "spentPence", r.status AS "returnState"
    FROM keys k
      LEFT JOIN planned p ON p.cluster_id = k.cluster_id AND p.pot_id = k.pot_id
      LEFT JOIN spent s ON s.cluster_id = k.cluster_id AND s.pot_id = k.pot_id
      LEFT JOIN returns r ON r.cluster_id = k.cluster_id AND r.pot_id = k.pot_id`.execute(tx);
  return r.rows.map((row) => ({
    ...row,
    plannedPence: Number(row.plannedPence),
    spentPence: Number(row.spentPence),
  }));
}
