import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';

/** The programme's costs by project and year, and its benefits with their values by year. */

export type CostKind = 'capital' | 'revenue';
export type LiveMeasure =
  | 'independent_placements'
  | 'specialist_places'
  | 'srb_places'
  | 'twenty_week_timeliness';
export type BenefitUnit = 'count' | 'percent' | 'minutes' | 'places' | 'pounds';

export interface CostRow {
  id: string;
  projectId: string;
  kind: CostKind;
  year: number;
  plannedPence: number;
  actualPence: number | null;
}

export interface BenefitYear {
  year: number;
  planned: number | null;
  actual: number | null;
  plannedPence: number | null;
  actualPence: number | null;
}

export interface BenefitRow {
  id: string;
  name: string;
  measure: string;
  unit: BenefitUnit;
  direction: 'increase' | 'decrease';
  cashable: boolean;
  baseline: number;
  baselineYear: number;
  target: number;
  targetYear: number;
  liveMeasure: LiveMeasure | null;
  ownerName: string;
  projectIds: string[];
  years: BenefitYear[];
}

export async function listCosts(tx: Tx, laCode: string, programmeId: string): Promise<CostRow[]> {
  const r = await sql<CostRow>`
    SELECT id, project_id AS "projectId", kind, year, planned_pence::float8 AS "plannedPence",
      actual_pence::float8 AS "actualPence"
    FROM programme_costs WHERE la_code = ${laCode} AND programme_id = ${programmeId}
    ORDER BY year, kind, project_id`.execute(tx);
  return r.rows;
}

export async function listBenefits(tx: Tx, laCode: string, programmeId: string): Promise<BenefitRow[]> {
  const r = await sql<BenefitRow>`
    SELECT b.id, b.name, b.measure, b.unit, b.direction, b.cashable, b.baseline::float8 AS baseline,
      b.baseline_year AS "baselineYear", b.target::float8 AS target, b.target_year AS "targetYear",
      b.live_measure AS "liveMeasure", b.owner_name AS "ownerName",
      coalesce((SELECT array_agg(l.project_id::text ORDER BY l.project_id) FROM programme_benefit_projects l
        WHERE l.benefit_id = b.id), '{}') AS "projectIds",
      coalesce((SELECT json_agg(json_build_object('year', y.year, 'planned', y.planned::float8,
          'actual', y.actual::float8, 'plannedPence', y.planned_pence, 'actualPence', y.actual_pence) ORDER BY y.year)
        FROM programme_benefit_years y WHERE y.benefit_id = b.id), '[]') AS years
    FROM programme_benefits b WHERE b.la_code = ${laCode} AND b.programme_id = ${programmeId}
    ORDER BY b.name`.execute(tx);
  return r.rows;
}

/** A year's cost of a kind for a project: added, or its figures replaced. */
export async function upsertCost(
  tx: Tx,
  laCode: string,
  programmeId: string,
  c: Omit<CostRow, 'id'>,
): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO programme_costs (la_code, programme_id, project_id, kind, year, planned_pence, actual_pence)
    VALUES (${laCode}, ${programmeId}, ${c.projectId}, ${c.kind}, ${c.year}, ${c.plannedPence}, ${c.actualPence})
    ON CONFLICT (project_id, kind, year) DO UPDATE SET planned_pence = excluded.planned_pence,
      actual_pence = excluded.actual_pence, version = programme_costs.version + 1
    RETURNING id`.execute(tx);
  return r.rows[0]?.id as string;
}

export async function insertBenefit(
  tx: Tx,
  laCode: string,
  programmeId: string,
  b: Omit<BenefitRow, 'id'>,
): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO programme_benefits (la_code, programme_id, name, measure, unit, direction, cashable, baseline,
      baseline_year, target, target_year, live_measure, owner_name)
    VALUES (${laCode}, ${programmeId}, ${b.name}, ${b.measure}, ${b.unit}, ${b.direction}, ${b.cashable},
      ${b.baseline}, ${b.baselineYear}, ${b.target}, ${b.targetYear}, ${b.liveMeasure}, ${b.ownerName})
    RETURNING id`.execute(tx);
  const id = r.rows[0]?.id as string;
  for (const projectId of b.projectIds)
    await sql`INSERT INTO programme_benefit_projects (la_code, programme_id, benefit_id, project_id)
      VALUES (${laCode}, ${programmeId}, ${id}, ${projectId})`.execute(tx);
  for (const y of b.years)
    await sql`INSERT INTO programme_benefit_years (la_code, benefit_id, year, planned, actual, planned_pence, actual_pence)
      VALUES (${laCode}, ${id}, ${y.year}, ${y.planned}, ${y.actual}, ${y.plannedPence}, ${y.actualPence})`.execute(
      tx,
    );
  return id;
}

/** A benefit's figures for one year, replacing any it had. */
export async function upsertBenefitYear(tx: Tx, laCode: string, benefitId: string, y: BenefitYear) {
  await sql`INSERT INTO programme_benefit_years (la_code, benefit_id, year, planned, actual, planned_pence, actual_pence)
    VALUES (${laCode}, ${benefitId}, ${y.year}, ${y.planned}, ${y.actual}, ${y.plannedPence}, ${y.actualPence})
    ON CONFLICT (benefit_id, year) DO UPDATE SET planned = excluded.planned, actual = excluded.actual,
      planned_pence = excluded.planned_pence, actual_pence = excluded.actual_pence`.execute(tx);
}
