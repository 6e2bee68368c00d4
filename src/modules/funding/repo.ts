import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { FundingTables } from './tables.ts';

/** SQL for the high needs budget, its lines, monthly snapshots and expected placement costs. */

const db = (tx: Tx) => tx.withTables<FundingTables>();

export interface BudgetRow {
  fy: number;
  allocationPence: number;
  esfaDirectPence: number;
  version: number;
  updatedAt: Date;
  updatedBy: string | null;
}

export interface BudgetLineRow {
  code: string;
  name: string;
  budgetPence: number;
  otherCommittedPence: number;
}

export async function findBudget(tx: Tx, laCode: string, fy: number, forUpdate = false) {
  let q = db(tx)
    .selectFrom('high_needs_budgets')
    .select([
      'fy',
      'allocation_pence as allocationPence',
      'esfa_direct_pence as esfaDirectPence',
      'version',
      'updated_at as updatedAt',
      'updated_by as updatedBy',
    ])
    .where('la_code', '=', laCode)
    .where('fy', '=', fy);
  if (forUpdate) q = q.forUpdate();
  return (await q.executeTakeFirst()) as BudgetRow | undefined;
}

export async function budgetLines(tx: Tx, laCode: string, fy: number): Promise<BudgetLineRow[]> {
  return db(tx)
    .selectFrom('budget_lines')
    .select(['code', 'name', 'budget_pence as budgetPence', 'other_committed_pence as otherCommittedPence'])
    .where('la_code', '=', laCode)
    .where('fy', '=', fy)
    .orderBy('sort')
    .execute();
}

export async function budgetYears(tx: Tx, laCode: string): Promise<number[]> {
  const rows = await db(tx)
    .selectFrom('high_needs_budgets')
    .select('fy')
    .where('la_code', '=', laCode)
    .orderBy('fy')
    .execute();
  return rows.map((r) => r.fy);
}

/** Writes a year's budget and replaces its lines; false when someone changed it since it was read. */
export async function saveBudget(
  tx: Tx,
  laCode: string,
  fy: number,
  budget: { allocationPence: number; esfaDirectPence: number; lines: BudgetLineRow[] },
  version: number,
  by: string | null,
): Promise<boolean> {
  if (version === 0) {
    const r = await db(tx)
      .insertInto('high_needs_budgets')
      .values({
        la_code: laCode,
        fy,
        allocation_pence: budget.allocationPence,
        esfa_direct_pence: budget.esfaDirectPence,
        updated_by: by,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('fy')
      .executeTakeFirst();
    if (!r) return false;
  } else {
    const r = await db(tx)
      .updateTable('high_needs_budgets')
      .set({
        allocation_pence: budget.allocationPence,
        esfa_direct_pence: budget.esfaDirectPence,
        updated_by: by,
        updated_at: sql`now()`,
        version: sql`version + 1`,
      })
      .where('la_code', '=', laCode)
      .where('fy', '=', fy)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
  }
  await db(tx).deleteFrom('budget_lines').where('la_code', '=', laCode).where('fy', '=', fy).execute();
  if (budget.lines.length)
    await db(tx)
      .insertInto('budget_lines')
      .values(
        budget.lines.map((l, i) => ({
          la_code: laCode,
          fy,
          code: l.code,
          name: l.name,
          budget_pence: l.budgetPence,
          other_committed_pence: l.otherCommittedPence,
          sort: i,
        })),
      )
      .execute();
  return true;
}

export async function expectedCosts(tx: Tx, laCode: string): Promise<Record<string, number>> {
  const rows = await db(tx)
    .selectFrom('expected_placement_costs')
    .select(['placement_type as type', 'annual_pence as pence'])
    .where('la_code', '=', laCode)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.type, r.pence]));
}

export async function saveExpectedCosts(
  tx: Tx,
  laCode: string,
  costs: { placementType: string; annualPence: number }[],
) {
  await db(tx).deleteFrom('expected_placement_costs').where('la_code', '=', laCode).execute();
  if (costs.length)
    await db(tx)
      .insertInto('expected_placement_costs')
      .values(
        costs.map((c) => ({ la_code: laCode, placement_type: c.placementType, annual_pence: c.annualPence })),
      )
      .execute();
}

export interface SnapshotRow {
  takenOn: string;
  budgetLine: string;
  budgetPence: number;
  committedPence: number;
  forecastPence: number;
}

export async function snapshots(tx: Tx, laCode: string, fy: number): Promise<SnapshotRow[]> {
  return (await db(tx)
    .selectFrom('finance_snapshots')
    .select([
      sql<string>`to_char(taken_on, 'YYYY-MM-DD')`.as('takenOn'),
      'budget_line as budgetLine',
      'budget_pence as budgetPence',
      'committed_pence as committedPence',
      'forecast_pence as forecastPence',
    ])
    .where('la_code', '=', laCode)
    .where('fy', '=', fy)
    .orderBy('taken_on')
    .orderBy('budget_line')
    .execute()) as SnapshotRow[];
}

/** Records the position as it stands, once a month: false when this month's is already taken. */
export async function takeSnapshot(
  tx: Tx,
  laCode: string,
  fy: number,
  takenOn: string,
  lines: Omit<SnapshotRow, 'takenOn'>[],
): Promise<boolean> {
  const month = takenOn.slice(0, 7);
  const already = await db(tx)
    .selectFrom('finance_snapshots')
    .select('taken_on')
    .where('la_code', '=', laCode)
    .where('fy', '=', fy)
    .where(sql<boolean>`to_char(taken_on, 'YYYY-MM') = ${month}`)
    .executeTakeFirst();
  if (already || !lines.length) return false;
  await db(tx)
    .insertInto('finance_snapshots')
    .values(
      lines.map((l) => ({
        la_code: laCode,
        fy,
        taken_on: takenOn,
        budget_line: l.budgetLine,
        budget_pence: l.budgetPence,
        committed_pence: l.committedPence,
        forecast_pence: l.forecastPence,
      })),
    )
    .execute();
  return true;
}
