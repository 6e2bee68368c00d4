import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { FundingPotTables } from '../tables.ts';
import type { FactorSource, SchoolFactorData } from './domain/factors.ts';

/** SQL for each school's factor data for a pot, last year's allocations loaded from a file, and those of an adopted scenario (read only). */

const db = (tx: Tx) => tx.withTables<FundingPotTables>();

export interface HeldFactors {
  data: SchoolFactorData;
  source: FactorSource;
  updatedAt: Date;
}

/** The factor data held for a pot, by school. */
export async function factorValues(tx: Tx, laCode: string, potId: string): Promise<Map<string, HeldFactors>> {
  const rows = await db(tx)
    .selectFrom('funding_factor_values')
    .select([
      'establishment_id as establishmentId',
      'pupils',
      sql<number>`fsm_percent::float8`.as('fsmPercent'),
      'idaci_a',
      'idaci_b',
      'idaci_c',
      'idaci_d',
      'idaci_e',
      'idaci_f',
      'low_prior_attainment as lowPriorAttainment',
      'sen_support as senSupport',
      'ehc_plans as ehcPlans',
      'sparse',
      'source',
      'updated_at as updatedAt',
    ])
    .where('la_code', '=', laCode)
    .where('pot_id', '=', potId)
    .execute();
  return new Map(
    rows.map((r) => [
      r.establishmentId,
      {
        data: {
          pupils: r.pupils,
          fsmPercent: r.fsmPercent,
          idaci: { a: r.idaci_a, b: r.idaci_b, c: r.idaci_c, d: r.idaci_d, e: r.idaci_e, f: r.idaci_f },
          lowPriorAttainment: r.lowPriorAttainment,
          senSupport: r.senSupport,
          ehcPlans: r.ehcPlans,
          sparse: r.sparse,
        },
        source: r.source as FactorSource,
        updatedAt: r.updatedAt as Date,
      },
    ]),
  );
}

/** Which schools have factor data for each of these pots. */
export async function schoolsWithFactors(
  tx: Tx,
  laCode: string,
  potIds: readonly string[],
): Promise<{ potId: string; establishmentId: string }[]> {
  if (!potIds.length) return [];
  return db(tx)
    .selectFrom('funding_factor_values')
    .select(['pot_id as potId', 'establishment_id as establishmentId'])
    .where('la_code', '=', laCode)
    .where('pot_id', 'in', [...potIds])
    .execute();
}

/** Writes these schools' data for the pot, replacing what was held for them. */
export async function saveFactorValues(
  tx: Tx,
  laCode: string,
  potId: string,
  rows: readonly { establishmentId: string; data: SchoolFactorData; source: FactorSource }[],
): Promise<void> {
  if (!rows.length) return;
  const values = rows.map((r) => ({
    la_code: laCode,
    pot_id: potId,
    establishment_id: r.establishmentId,
    pupils: r.data.pupils,
    fsm_percent: r.data.fsmPercent,
    idaci_a: r.data.idaci.a,
    idaci_b: r.data.idaci.b,
    idaci_c: r.data.idaci.c,
    idaci_d: r.data.idaci.d,
    idaci_e: r.data.idaci.e,
    idaci_f: r.data.idaci.f,
    low_prior_attainment: r.data.lowPriorAttainment,
    sen_support: r.data.senSupport,
    ehc_plans: r.data.ehcPlans,
    sparse: r.data.sparse,
    source: r.source,
  }));
  for (let i = 0; i < values.length; i += 1000)
    await db(tx)
      .insertInto('funding_factor_values')
      .values(values.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.columns(['pot_id', 'establishment_id']).doUpdateSet((eb) => ({
          pupils: eb.ref('excluded.pupils'),
          fsm_percent: eb.ref('excluded.fsm_percent'),
          idaci_a: eb.ref('excluded.idaci_a'),
          idaci_b: eb.ref('excluded.idaci_b'),
          idaci_c: eb.ref('excluded.idaci_c'),
          idaci_d: eb.ref('excluded.idaci_d'),
          idaci_e: eb.ref('excluded.idaci_e'),
          idaci_f: eb.ref('excluded.idaci_f'),
          low_prior_attainment: eb.ref('excluded.low_prior_attainment'),
          sen_support: eb.ref('excluded.sen_support'),
          ehc_plans: eb.ref('excluded.ehc_plans'),
          sparse: eb.ref('excluded.sparse'),
          source: eb.ref('excluded.source'),
          updated_at: sql`now()`,
        })),
      )
      .execute();
}

// ── Last year's allocations ─────────────────────────────────────────────────────────────────

/** Last year's allocation to each school loaded from a file for this pot. */
export async function baselines(tx: Tx, potId: string): Promise<Map<string, number>> {
  const rows = await db(tx)
    .selectFrom('funding_baselines')
    .select(['establishment_id as establishmentId', 'pence'])
    .where('pot_id', '=', potId)
    .execute();
  return new Map(rows.map((r) => [r.establishmentId, r.pence]));
}

/** How many schools have a baseline for each of these pots. */
export async function baselineCounts(
  tx: Tx,
  laCode: string,
  potIds: readonly string[],
): Promise<Map<string, number>> {
  if (!potIds.length) return new Map();
  const rows = await db(tx)
    .selectFrom('funding_baselines')
    .select(['pot_id as potId', sql<number>`count(*)::int`.as('n')])
    .where('la_code', '=', laCode)
    .where('pot_id', 'in', [...potIds])
    .groupBy('pot_id')
    .execute();
  return new Map(rows.map((r) => [r.potId, r.n]));
}

/** Replaces the pot's baselines with these, all at once. */
export async function replaceBaselines(
  tx: Tx,
  laCode: string,
  potId: string,
  rows: readonly { establishmentId: string; pence: number }[],
): Promise<void> {
  await db(tx)
    .deleteFrom('funding_baselines')
    .where('la_code', '=', laCode)
    .where('pot_id', '=', potId)
    .execute();
  for (let i = 0; i < rows.length; i += 1000)
    await db(tx)
      .insertInto('funding_baselines')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          la_code: laCode,
          pot_id: potId,
          establishment_id: r.establishmentId,
          pence: r.pence,
        })),
      )
      .execute();
}

export interface AdoptedAllocations {
  scenarioId: string;
  scenarioName: string;
  pence: Map<string, number>;
}

/** The allocations of the pot's adopted scenario by school, if it has one. */
export async function adoptedAllocations(tx: Tx, potId: string): Promise<AdoptedAllocations | null> {
  const scenario = await sql<{ id: string; name: string }>`
    SELECT id, name FROM funding_scenarios WHERE pot_id = ${potId} AND status = 'adopted'`.execute(tx);
  const adopted = scenario.rows[0];
  if (!adopted) return null;
  const rows = await sql<{ establishmentId: string; pence: number }>`
    SELECT establishment_id AS "establishmentId", pence FROM funding_allocations
    WHERE scenario_id = ${adopted.id}`.execute(tx);
  return {
    scenarioId: adopted.id,
    scenarioName: adopted.name,
    pence: new Map(rows.rows.map((r) => [r.establishmentId, Number(r.pence)])),
  };
}
