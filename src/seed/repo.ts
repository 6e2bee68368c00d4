import { type Kysely, sql } from 'kysely';
import { bulkInsert } from '../platform/db/bulk-insert.ts';
import type { PlatformTables } from '../platform/db/schema.ts';
import type { Tx } from '../platform/db/tenancy.ts';
import type { GeneratedEhc } from './ehc.ts';
import type { GeneratedFinance } from './placements.ts';
import type { GeneratedReviews } from './reviews.ts';

// The generator loads its rows as imports do, a column at a time.
export { bulkInsert, type ColumnTypes } from '../platform/db/bulk-insert.ts';

/**
 * The LA's row, marked as the generator's, written as the owner at the start of the transaction
 * that writes the rest of the LA: committed together, or not at all.
 */
export async function insertSeededLa(
  tx: Tx,
  la: { code: string; name: string; scale: string; seed: number },
): Promise<void> {
  await sql`INSERT INTO las (code, name, seed_scale, seed, seeded_at)
    VALUES (${la.code}, ${la.name}, ${la.scale}, ${la.seed}, now())`.execute(tx);
}

/** The LAs the generator made, with the scale and seed each was made with. */
export async function seededLas(
  db: Kysely<PlatformTables>,
): Promise<Map<string, { scale: string; seed: number }>> {
  const r = await sql<{ code: string; seed_scale: string; seed: number }>`
    SELECT code, seed_scale, seed FROM las WHERE seeded_at IS NOT NULL`.execute(db);
  return new Map(r.rows.map((row) => [row.code, { scale: row.seed_scale, seed: Number(row.seed) }]));
}

/** Which of these email addresses already sign someone in, in any LA. */
export async function emailsTaken(tx: Tx, emails: readonly string[]): Promise<string[]> {
  if (!emails.length) return [];
  const r = await sql<{ email: string }>`
    SELECT email FROM user_directory WHERE email = ANY(${emails}::text[]) ORDER BY email`.execute(tx);
  return r.rows.map((row) => row.email);
}

export async function laExists(tx: Tx, code: string): Promise<boolean> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM las WHERE code = ${code}`.execute(tx);
  return Number(r.rows[0]?.n) > 0;
}

export async function childCount(tx: Tx): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM children`.execute(tx);
  return Number(r.rows[0]?.n);
}

export async function linkStaff(
  tx: Tx,
  laCode: string,
  userId: string,
  establishmentId: string,
  role: 'senco' | 'headteacher',
) {
  await sql`INSERT INTO establishment_staff (la_code, user_id, establishment_id, role)
    VALUES (${laCode}, ${userId}, ${establishmentId}, ${role}) ON CONFLICT DO NOTHING`.execute(tx);
}

export async function setClusterHostUser(tx: Tx, hostId: string, userId: string) {
  await sql`UPDATE cluster_hosts SET user_id = ${userId} WHERE id = ${hostId}`.execute(tx);
}

export async function linkPersonToUser(tx: Tx, personId: string, userId: string) {
  await sql`UPDATE people SET user_id = ${userId} WHERE id = ${personId}`.execute(tx);
}

export async function insertPerson(
  tx: Tx,
  p: { la_code: string; forename: string; surname: string; postcode: string },
): Promise<string> {
  const r = await sql<{ id: string }>`INSERT INTO people (la_code, forename, surname, postcode)
    VALUES (${p.la_code}, ${p.forename}, ${p.surname}, ${p.postcode}) RETURNING id`.execute(tx);
  return r.rows[0]?.id ?? '';
}

export async function linkChildToPerson(tx: Tx, laCode: string, childId: string, personId: string) {
  await sql`INSERT INTO child_relationships (la_code, child_id, person_id, relationship)
    VALUES (${laCode}, ${childId}, ${personId}, 'other')`.execute(tx);
}

export interface UserRow {
  id: string;
  la_code: string;
  email: string;
  name: string;
  roles: string[];
  password_hash: string;
}

/** Users made by the generator, with their password hash. */
export async function insertUsers(tx: Tx, rows: UserRow[]): Promise<void> {
  if (rows.length) await tx.insertInto('users').values(rows).execute();
}

/** The EHC module's generated history: term dates, requests, their events and deadlines, plans. */
export async function loadEhc(tx: Tx, ehc: GeneratedEhc): Promise<void> {
  await bulkInsert(
    tx,
    'la_terms',
    { la_code: 'text', name: 'text', starts_on: 'date', ends_on: 'date' },
    ehc.terms,
  );
  await bulkInsert(
    tx,
    'ehc_requests',
    {
      id: 'uuid',
      la_code: 'text',
      child_id: 'uuid',
      kind: 'text',
      source: 'text',
      received_on: 'date',
      coordinator_id: 'uuid',
      allocated_at: 'timestamptz',
      stage: 'text',
      next_due_on: 'date',
      next_due_step: 'text',
      assess_decided_on: 'date',
      assess_outcome: 'text',
      issue_decided_on: 'date',
      issue_outcome: 'text',
      final_issued_on: 'date',
      week20_exception: 'bool',
      previous_la_code: 'text',
      expected_final_on: 'date',
      engine_version: 'int4',
      mediation: 'bool',
      appeal: 'bool',
      closed_on: 'date',
      is_demo: 'bool',
    },
    ehc.requests,
  );
  await bulkInsert(
    tx,
    'ehc_events',
    {
      id: 'uuid',
      la_code: 'text',
      request_id: 'uuid',
      seq: 'int',
      type: 'text',
      body: 'jsonb',
      recorded_at: 'timestamptz',
      recorded_by: 'uuid',
    },
    ehc.events,
  );
  await bulkInsert(
    tx,
    'ehc_deadlines',
    {
      la_code: 'text',
      request_id: 'uuid',
      step: 'text',
      subject_id: 'text',
      owner: 'text',
      starts_on: 'date',
      due_on: 'date',
      done_on: 'date',
      excepted_by: 'text',
      subject_label: 'text',
    },
    ehc.deadlines,
  );
  await bulkInsert(
    tx,
    'ehc_plans',
    {
      id: 'uuid',
      la_code: 'text',
      child_id: 'uuid',
      request_id: 'uuid',
      status: 'text',
      drafted_on: 'date',
      issued_on: 'date',
      last_reviewed_on: 'date',
      ended_on: 'date',
      establishment_id: 'uuid',
      setting_name: 'text',
      provision: 'text',
      transferred_in_on: 'date',
      next_review_due: 'date',
      phase_year: 'int',
      phase_transfer_to: 'text',
      phase_transfer_deadline: 'date',
      cease_reason: 'text',
      plan_version: 'int',
    },
    ehc.plans,
  );
  await bulkInsert(
    tx,
    'ehc_plan_sections',
    {
      la_code: 'text',
      plan_id: 'uuid',
      section: 'text',
      version: 'int',
      content: 'text',
      written_at: 'timestamptz',
      written_by: 'uuid',
    },
    ehc.sections,
  );
  await bulkInsert(
    tx,
    'ehc_letter_settings',
    {
      la_code: 'text',
      service_name: 'text',
      address: 'text',
      phone: 'text',
      email: 'text',
      website: 'text',
      ias_name: 'text',
      ias_phone: 'text',
      ias_website: 'text',
      mediation_name: 'text',
      mediation_phone: 'text',
      mediation_email: 'text',
      disagreement_name: 'text',
      disagreement_phone: 'text',
    },
    [ehc.letterSettings],
  );
}

/** Reviews of the plans, after the plans: each review, its events and deadlines, and the plans' amended versions. */
export async function loadReviews(tx: Tx, reviews: GeneratedReviews): Promise<void> {
  await bulkInsert(
    tx,
    'ehc_reviews',
    {
      id: 'uuid',
      la_code: 'text',
      plan_id: 'uuid',
      child_id: 'uuid',
      kind: 'text',
      starts_on: 'date',
      due_on: 'date',
      phase_transfer_to: 'text',
      phase_transfer_deadline: 'date',
      establishment_id: 'uuid',
      coordinator_id: 'uuid',
      stage: 'text',
      meeting_on: 'date',
      held_on: 'date',
      report_on: 'date',
      decided_on: 'date',
      outcome: 'text',
      amendments_proposed_on: 'date',
      amended_on: 'date',
      ceased_on: 'date',
      next_due_on: 'date',
      next_due_step: 'text',
      closed_on: 'date',
      is_demo: 'bool',
      created_at: 'timestamptz',
      updated_at: 'timestamptz',
    },
    reviews.reviews,
  );
  await bulkInsert(
    tx,
    'ehc_review_events',
    {
      id: 'uuid',
      la_code: 'text',
      review_id: 'uuid',
      seq: 'int',
      type: 'text',
      body: 'jsonb',
      recorded_at: 'timestamptz',
      recorded_by: 'uuid',
    },
    reviews.events,
  );
  await bulkInsert(
    tx,
    'ehc_review_deadlines',
    {
      la_code: 'text',
      review_id: 'uuid',
      step: 'text',
      owner: 'text',
      starts_on: 'date',
      due_on: 'date',
      deadline: 'date',
      done_on: 'date',
    },
    reviews.deadlines,
  );
  await bulkInsert(
    tx,
    'ehc_plan_versions',
    {
      la_code: 'text',
      plan_id: 'uuid',
      number: 'int',
      issued_on: 'date',
      review_id: 'uuid',
      sections: 'jsonb',
      setting_name: 'text',
      recorded_at: 'timestamptz',
      recorded_by: 'uuid',
    },
    reviews.versions,
  );
}

/** Placements, their cost lines and worked-out costs, the top-up scheme, budgets and the monthly position. */
export async function loadFinance(tx: Tx, finance: GeneratedFinance): Promise<void> {
  await bulkInsert(
    tx,
    'top_up_schemes',
    {
      id: 'uuid',
      la_code: 'text',
      name: 'text',
      effective_from: 'date',
      status: 'text',
      created_by: 'uuid',
      adopted_by: 'uuid',
      adopted_at: 'timestamptz',
    },
    finance.schemes,
  );
  await bulkInsert(
    tx,
    'top_up_bands',
    {
      la_code: 'text',
      scheme_id: 'uuid',
      setting_group: 'text',
      band: 'text',
      label: 'text',
      annual_pence: 'int8',
    },
    finance.bands,
  );
  await bulkInsert(
    tx,
    'placements',
    {
      id: 'uuid',
      la_code: 'text',
      child_id: 'uuid',
      establishment_id: 'uuid',
      provider_name: 'text',
      placement_type: 'text',
      start_on: 'date',
      end_on: 'date',
      expected_end_on: 'date',
      fte: 'numeric',
      residential_weeks: 'int',
      basis: 'text',
      plan_id: 'uuid',
      approval: 'text',
      approved_annual_pence: 'int8',
      approval_decided_by: 'uuid',
      approval_decided_at: 'timestamptz',
      entered_by: 'uuid',
      costs_through_fy: 'int',
      plan_link: 'text',
      linked_plan_id: 'uuid',
      before_plan: 'jsonb',
      changed_since_plan: 'bool',
      is_demo: 'bool',
    },
    finance.placements,
  );
  await bulkInsert(
    tx,
    'placement_cost_lines',
    {
      id: 'uuid',
      la_code: 'text',
      placement_id: 'uuid',
      kind: 'text',
      amount_pence: 'int8',
      per: 'text',
      units_per_year: 'numeric',
      top_up_band: 'text',
      funder: 'text',
      effective_from: 'date',
      effective_to: 'date',
      health_share_bp: 'int',
      social_care_share_bp: 'int',
      note: 'text',
      from_plan: 'bool',
      created_by: 'uuid',
    },
    finance.costLines,
  );
  await bulkInsert(
    tx,
    'placement_costs',
    {
      la_code: 'text',
      placement_id: 'uuid',
      fy: 'int',
      budget_line: 'text',
      payer: 'text',
      committed_pence: 'int8',
    },
    finance.costs,
  );
  await bulkInsert(
    tx,
    'high_needs_budgets',
    {
      la_code: 'text',
      fy: 'int',
      allocation_pence: 'int8',
      esfa_direct_pence: 'int8',
      updated_by: 'uuid',
    },
    finance.budgets,
  );
  await bulkInsert(
    tx,
    'budget_lines',
    {
      la_code: 'text',
      fy: 'int',
      code: 'text',
      name: 'text',
      budget_pence: 'int8',
      other_committed_pence: 'int8',
      sort: 'int',
    },
    finance.budgetLines,
  );
  await bulkInsert(
    tx,
    'finance_snapshots',
    {
      la_code: 'text',
      fy: 'int',
      taken_on: 'date',
      budget_line: 'text',
      budget_pence: 'int8',
      committed_pence: 'int8',
      forecast_pence: 'int8',
    },
    finance.snapshots,
  );
  await bulkInsert(
    tx,
    'expected_placement_costs',
    { la_code: 'text', placement_type: 'text', annual_pence: 'int8' },
    finance.expectedCosts,
  );
}
