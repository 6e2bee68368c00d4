import { sql } from 'kysely';
import { bulkInsert } from '../../../platform/db/bulk-insert.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { BeforePlan, ChildPlacementFacts, PlanCheck, PlanLink } from '../domain/plan-placements.ts';
import type { CostLine, CostShare, PlacementType, SettingGroup, TopUpScheme } from '../domain/types.ts';
import type { PlacementsTables } from '../tables.ts';

/** SQL for placements, their cost lines and costs, and top-up schemes. Every query names the LA as well as RLS enforcing it. */

const db = (tx: Tx) => tx.withTables<PlacementsTables>();
const iso = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
const isoOrNull = (column: string) => sql<string | null>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

export interface PlacementRow {
  id: string;
  childId: string;
  establishmentId: string | null;
  providerName: string | null;
  type: PlacementType;
  startOn: string;
  endOn: string | null;
  expectedEndOn: string | null;
  fte: number;
  residentialWeeks: number | null;
  basis: 'ehc_plan' | 'interim';
  planId: string | null;
  approval: 'not_needed' | 'awaiting' | 'approved' | 'rejected';
  approvedAnnualPence: number | null;
  approvalDecidedBy: string | null;
  approvalDecidedAt: Date | null;
  approvalNote: string | null;
  enteredBy: string | null;
  costsThroughFy: number;
  /** What an EHC plan did to it (made, named or ended it), and which plan. */
  planLink: PlanLink | null;
  linkedPlanId: string | null;
  /** A person changed it after the plan last did. */
  changedSincePlan: boolean;
  /** Made from a plan, with only its place funding until a finance officer enters or confirms the rest. */
  costsToConfirm: boolean;
  typeToConfirm: boolean;
  planCheck: PlanCheck | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CostLineRow extends CostLine {
  id: string;
  placementId: string;
  note: string | null;
  /** The place funding a plan's placement was made with, which follows it while nobody changes it. */
  fromPlan: boolean;
  createdAt: Date;
  createdBy: string | null;
}

const placementColumns = [
  'placements.id',
  'placements.child_id as childId',
  'placements.establishment_id as establishmentId',
  'placements.provider_name as providerName',
  'placements.placement_type as type',
  iso('placements.start_on').as('startOn'),
  isoOrNull('placements.end_on').as('endOn'),
  isoOrNull('placements.expected_end_on').as('expectedEndOn'),
  sql<number>`placements.fte::float8`.as('fte'),
  'placements.residential_weeks as residentialWeeks',
  'placements.basis',
  'placements.plan_id as planId',
  'placements.approval',
  'placements.approved_annual_pence as approvedAnnualPence',
  'placements.approval_decided_by as approvalDecidedBy',
  'placements.approval_decided_at as approvalDecidedAt',
  'placements.approval_note as approvalNote',
  'placements.entered_by as enteredBy',
  'placements.costs_through_fy as costsThroughFy',
  'placements.plan_link as planLink',
  'placements.linked_plan_id as linkedPlanId',
  'placements.changed_since_plan as changedSincePlan',
  'placements.costs_to_confirm as costsToConfirm',
  'placements.type_to_confirm as typeToConfirm',
  'placements.plan_check as planCheck',
  'placements.version',
  'placements.created_at as createdAt',
  'placements.updated_at as updatedAt',
] as const;

export async function findPlacement(
  tx: Tx,
  laCode: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PlacementRow | undefined> {
  let q = db(tx)
    .selectFrom('placements')
    .select(placementColumns)
    .where('placements.la_code', '=', laCode)
    .where('placements.id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  return (await q.executeTakeFirst()) as PlacementRow | undefined;
}

export async function placementsOfChild(tx: Tx, laCode: string, childId: string): Promise<PlacementRow[]> {
  return (await db(tx)
    .selectFrom('placements')
    .select(placementColumns)
    .where('placements.la_code', '=', laCode)
    .where('placements.child_id', '=', childId)
    .orderBy('placements.start_on', 'desc')
    .execute()) as PlacementRow[];
}

export interface NewPlacementRow {
  childId: string;
  establishmentId: string | null;
  providerName: string | null;
  type: PlacementType;
  startOn: string;
  endOn: string | null;
  expectedEndOn: string | null;
  fte: number;
  residentialWeeks: number | null;
  basis: 'ehc_plan' | 'interim';
  planId: string | null;
  enteredBy: string | null;
  isDemo?: boolean;
  /** A placement an EHC plan made. */
  madeByPlan?: { typeToConfirm: boolean };
}

/** A new placement's facts as its columns, one way for a placement added alone and for an import's many. */
function newPlacementValues(laCode: string, p: NewPlacementRow) {
  return {
    la_code: laCode,
    child_id: p.childId,
    establishment_id: p.establishmentId,
    provider_name: p.providerName,
    placement_type: p.type,
    start_on: p.startOn,
    end_on: p.endOn,
    expected_end_on: p.expectedEndOn,
    fte: p.fte,
    residential_weeks: p.residentialWeeks,
    basis: p.basis,
    plan_id: p.planId,
    entered_by: p.enteredBy,
  };
}

export async function insertPlacement(tx: Tx, laCode: string, p: NewPlacementRow): Promise<string> {
  const row = await db(tx)
    .insertInto('placements')
    .values({
      ...newPlacementValues(laCode, p),
      ...(p.isDemo ? { is_demo: true } : {}),
      ...(p.madeByPlan
        ? {
            plan_link: 'made',
            linked_plan_id: p.planId,
            costs_to_confirm: true,
            type_to_confirm: p.madeByPlan.typeToConfirm,
          }
        : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A new placement as an import writes it, its ID, approval and costs' reach decided beforehand. */
export interface ImportedPlacementRow extends NewPlacementRow {
  id: string;
  approval: 'not_needed' | 'awaiting';
  costsThroughFy: number;
}

/** Many placements in a few statements, as an import adds them. */
export function insertImportedPlacements(
  tx: Tx,
  laCode: string,
  rows: readonly ImportedPlacementRow[],
): Promise<void> {
  return bulkInsert(
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
      residential_weeks: 'int4',
      basis: 'text',
      plan_id: 'uuid',
      approval: 'text',
      entered_by: 'uuid',
      costs_through_fy: 'int4',
    },
    rows.map((p) => ({
      id: p.id,
      ...newPlacementValues(laCode, p),
      approval: p.approval,
      costs_through_fy: p.costsThroughFy,
    })),
  );
}

/** Many placements' cost lines in a few statements. */
export function insertImportedCostLines(
  tx: Tx,
  laCode: string,
  lines: readonly (NewCostLineRow & { placementId: string })[],
  createdBy: string | null,
): Promise<void> {
  return bulkInsert(
    tx,
    'placement_cost_lines',
    {
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
      health_share_bp: 'int4',
      social_care_share_bp: 'int4',
      note: 'text',
      created_by: 'uuid',
    },
    lines.map((l) => ({
      la_code: laCode,
      placement_id: l.placementId,
      kind: l.kind,
      amount_pence: l.amountPence,
      per: l.per,
      units_per_year: l.unitsPerYear,
      top_up_band: l.topUpBand,
      funder: l.funder,
      effective_from: l.effectiveFrom,
      effective_to: l.effectiveTo,
      health_share_bp: l.healthShareBp,
      social_care_share_bp: l.socialCareShareBp,
      note: l.note,
      created_by: createdBy,
    })),
  );
}

/** Many new placements' worked-out costs in a few statements (they have none to replace). */
export function insertCosts(
  tx: Tx,
  laCode: string,
  costs: readonly (CostShare & { placementId: string })[],
): Promise<void> {
  return bulkInsert(
    tx,
    'placement_costs',
    {
      la_code: 'text',
      placement_id: 'uuid',
      fy: 'int4',
      budget_line: 'text',
      payer: 'text',
      committed_pence: 'int8',
    },
    costs.map((c) => ({
      la_code: laCode,
      placement_id: c.placementId,
      fy: c.fy,
      budget_line: c.budgetLine,
      payer: c.payer,
      committed_pence: c.pence,
    })),
  );
}

/** The days a full-time placement runs, and where, for checking new ones do not overlap it. */
export interface FullTimeSpan {
  childId: string;
  startOn: string;
  endOn: string | null;
  establishmentId: string | null;
  providerName: string | null;
}

/** These children's full-time placements that count (not refused approval): what a new one must not overlap. */
export async function fullTimeSpansOf(
  tx: Tx,
  laCode: string,
  childIds: readonly string[],
): Promise<FullTimeSpan[]> {
  if (!childIds.length) return [];
  return (await db(tx)
    .selectFrom('placements')
    .select([
      'placements.child_id as childId',
      iso('placements.start_on').as('startOn'),
      isoOrNull('placements.end_on').as('endOn'),
      'placements.establishment_id as establishmentId',
      'placements.provider_name as providerName',
    ])
    .where('placements.la_code', '=', laCode)
    .where(sql<boolean>`placements.child_id = ANY(${[...childIds]}::uuid[])`)
    .where('placements.fte', '=', 1)
    .where('placements.approval', '<>', 'rejected')
    .execute()) as FullTimeSpan[];
}

/** The placements held for any of these children, at these settings, of these types, from these days. */
export async function placementsLike(
  tx: Tx,
  laCode: string,
  asked: readonly { childId: string; type: string; startOn: string }[],
): Promise<PlacementRow[]> {
  if (!asked.length) return [];
  return (await db(tx)
    .selectFrom('placements')
    .select(placementColumns)
    .where('placements.la_code', '=', laCode)
    .where(
      sql<boolean>`(placements.child_id, placements.placement_type, placements.start_on) IN (
        SELECT * FROM unnest(${asked.map((a) => a.childId)}::uuid[], ${asked.map((a) => a.type)}::text[],
          ${asked.map((a) => a.startOn)}::date[]))`,
    )
    .execute()) as PlacementRow[];
}

/** One import of placements at a time in an LA, so two cannot each find the other's rows absent. */
export async function lockPlacementImport(tx: Tx, laCode: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`placements.import:${laCode}`}))`.execute(tx);
}

/** Every band of the adopted schemes, with its label, setting group and the day its scheme is in force from. */
export interface AdoptedBand {
  /** The day the band's scheme is in force from. */
  effectiveFrom: string;
  /** Null for a scheme with no bands, which is in force all the same. */
  settingGroup: SettingGroup | null;
  band: string | null;
  label: string | null;
}

export async function adoptedBands(tx: Tx, laCode: string): Promise<AdoptedBand[]> {
  return (await db(tx)
    .selectFrom('top_up_schemes as s')
    .leftJoin('top_up_bands as b', 'b.scheme_id', 's.id')
    .select([
      iso('s.effective_from').as('effectiveFrom'),
      'b.setting_group as settingGroup',
      'b.band',
      'b.label',
    ])
    .where('s.la_code', '=', laCode)
    .where('s.status', '=', 'adopted')
    .orderBy('s.effective_from')
    .execute()) as AdoptedBand[];
}

export interface PlacementUpdate {
  startOn?: string;
  endOn?: string | null;
  expectedEndOn?: string | null;
  fte?: number;
  residentialWeeks?: number | null;
  approval?: PlacementRow['approval'];
  approvedAnnualPence?: number | null;
  approvalDecidedBy?: string | null;
  approvalDecidedAt?: Date | null;
  approvalNote?: string | null;
  enteredBy?: string | null;
  type?: PlacementType;
  providerName?: string | null;
  basis?: PlacementRow['basis'];
  planId?: string | null;
  planLink?: PlanLink | null;
  linkedPlanId?: string | null;
  beforePlan?: BeforePlan | null;
  changedSincePlan?: boolean;
  costsToConfirm?: boolean;
  typeToConfirm?: boolean;
  planCheck?: PlanCheck | null;
  /**
   * A person made this change: a placement an EHC plan made, named or ended is then theirs, and a
   * later change to the plan flags it rather than moving or removing it.
   */
  byPerson?: true;
}

/** Changes a placement if it is still at the version read; false when someone changed it since. */
export async function updatePlacement(
  tx: Tx,
  laCode: string,
  id: string,
  version: number,
  change: PlacementUpdate,
): Promise<boolean> {
  const set: Record<string, unknown> = {};
  const columns: Record<Exclude<keyof PlacementUpdate, 'beforePlan' | 'byPerson'>, string> = {
    startOn: 'start_on',
    endOn: 'end_on',
    expectedEndOn: 'expected_end_on',
    fte: 'fte',
    residentialWeeks: 'residential_weeks',
    approval: 'approval',
    approvedAnnualPence: 'approved_annual_pence',
    approvalDecidedBy: 'approval_decided_by',
    approvalDecidedAt: 'approval_decided_at',
    approvalNote: 'approval_note',
    enteredBy: 'entered_by',
    type: 'placement_type',
    providerName: 'provider_name',
    basis: 'basis',
    planId: 'plan_id',
    planLink: 'plan_link',
    linkedPlanId: 'linked_plan_id',
    changedSincePlan: 'changed_since_plan',
    costsToConfirm: 'costs_to_confirm',
    typeToConfirm: 'type_to_confirm',
    planCheck: 'plan_check',
  };
  for (const [key, column] of Object.entries(columns))
    if (key in change) set[column] = change[key as keyof PlacementUpdate];
  if ('beforePlan' in change) set.before_plan = change.beforePlan ? JSON.stringify(change.beforePlan) : null;
  if (change.byPerson) set.changed_since_plan = sql`plan_link IS NOT NULL`;
  const r = await db(tx)
    .updateTable('placements')
    .set({ ...set, version: sql`version + 1`, updated_at: sql`now()` })
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

const costLineColumns = [
  'placement_cost_lines.id',
  'placement_cost_lines.placement_id as placementId',
  'placement_cost_lines.kind',
  'placement_cost_lines.amount_pence as amountPence',
  'placement_cost_lines.per',
  sql<number | null>`placement_cost_lines.units_per_year::float8`.as('unitsPerYear'),
  'placement_cost_lines.top_up_band as topUpBand',
  'placement_cost_lines.funder',
  iso('placement_cost_lines.effective_from').as('effectiveFrom'),
  isoOrNull('placement_cost_lines.effective_to').as('effectiveTo'),
  'placement_cost_lines.health_share_bp as healthShareBp',
  'placement_cost_lines.social_care_share_bp as socialCareShareBp',
  'placement_cost_lines.note',
  'placement_cost_lines.from_plan as fromPlan',
  'placement_cost_lines.created_at as createdAt',
  'placement_cost_lines.created_by as createdBy',
] as const;

export async function costLinesOf(
  tx: Tx,
  laCode: string,
  placementIds: readonly string[],
): Promise<CostLineRow[]> {
  if (!placementIds.length) return [];
  return (await db(tx)
    .selectFrom('placement_cost_lines')
    .select(costLineColumns)
    .where('placement_cost_lines.la_code', '=', laCode)
    .where(sql<boolean>`placement_cost_lines.placement_id = ANY(${[...placementIds]}::uuid[])`)
    .orderBy('placement_cost_lines.effective_from')
    .orderBy('placement_cost_lines.created_at')
    .execute()) as CostLineRow[];
}

export async function findCostLine(tx: Tx, laCode: string, id: string): Promise<CostLineRow | undefined> {
  return (await db(tx)
    .selectFrom('placement_cost_lines')
    .select(costLineColumns)
    .where('placement_cost_lines.la_code', '=', laCode)
    .where('placement_cost_lines.id', '=', id)
    .executeTakeFirst()) as CostLineRow | undefined;
}

export interface NewCostLineRow extends CostLine {
  note: string | null;
  fromPlan?: boolean;
}

export async function insertCostLines(
  tx: Tx,
  laCode: string,
  placementId: string,
  lines: readonly NewCostLineRow[],
  createdBy: string | null,
): Promise<string[]> {
  if (!lines.length) return [];
  const rows = await db(tx)
    .insertInto('placement_cost_lines')
    .values(
      lines.map((l) => ({
        la_code: laCode,
        placement_id: placementId,
        kind: l.kind,
        amount_pence: l.amountPence,
        per: l.per,
        units_per_year: l.unitsPerYear,
        top_up_band: l.topUpBand,
        funder: l.funder,
        effective_from: l.effectiveFrom,
        effective_to: l.effectiveTo,
        health_share_bp: l.healthShareBp,
        social_care_share_bp: l.socialCareShareBp,
        note: l.note,
        ...(l.fromPlan ? { from_plan: true } : {}),
        created_by: createdBy,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function endCostLine(tx: Tx, laCode: string, id: string, effectiveTo: string): Promise<void> {
  await db(tx)
    .updateTable('placement_cost_lines')
    .set({ effective_to: effectiveTo })
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .execute();
}

/** Removes the place funding a plan's placement was made with, to make it again for a new start or type. */
export async function deletePlanCostLines(tx: Tx, laCode: string, placementId: string): Promise<void> {
  await db(tx)
    .deleteFrom('placement_cost_lines')
    .where('la_code', '=', laCode)
    .where('placement_id', '=', placementId)
    .where('from_plan', '=', true)
    .execute();
}

export async function deleteCostLine(tx: Tx, laCode: string, id: string): Promise<void> {
  await db(tx)
    .deleteFrom('placement_cost_lines')
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .execute();
}

/** Replaces a placement's worked-out costs with these, up to the financial year given. */
export async function replaceCosts(
  tx: Tx,
  laCode: string,
  placementId: string,
  shares: readonly CostShare[],
  throughFy: number,
): Promise<void> {
  await db(tx)
    .deleteFrom('placement_costs')
    .where('la_code', '=', laCode)
    .where('placement_id', '=', placementId)
    .execute();
  if (shares.length)
    await db(tx)
      .insertInto('placement_costs')
      .values(
        shares.map((s) => ({
          la_code: laCode,
          placement_id: placementId,
          fy: s.fy,
          budget_line: s.budgetLine,
          payer: s.payer,
          committed_pence: s.pence,
        })),
      )
      .execute();
  await db(tx)
    .updateTable('placements')
    .set({ costs_through_fy: throughFy })
    .where('la_code', '=', laCode)
    .where('id', '=', placementId)
    .execute();
}

export interface CostByYear {
  fy: number;
  payer: string;
  budgetLine: string;
  pence: number;
}

export async function costsOf(tx: Tx, laCode: string, placementId: string): Promise<CostByYear[]> {
  return db(tx)
    .selectFrom('placement_costs')
    .select(['fy', 'payer', 'budget_line as budgetLine', 'committed_pence as pence'])
    .where('la_code', '=', laCode)
    .where('placement_id', '=', placementId)
    .orderBy('fy')
    .orderBy('budget_line')
    .orderBy('payer')
    .execute();
}

/** Every adopted top-up scheme with its bands, oldest first. */
export async function adoptedSchemes(tx: Tx, laCode: string): Promise<TopUpScheme[]> {
  const rows = await db(tx)
    .selectFrom('top_up_schemes as s')
    .leftJoin('top_up_bands as b', 'b.scheme_id', 's.id')
    .select([
      's.id',
      iso('s.effective_from').as('effectiveFrom'),
      'b.setting_group as settingGroup',
      'b.band',
      'b.annual_pence as annualPence',
    ])
    .where('s.la_code', '=', laCode)
    .where('s.status', '=', 'adopted')
    .orderBy('s.effective_from')
    .execute();
  const schemes = new Map<string, TopUpScheme>();
  for (const r of rows) {
    const scheme = schemes.get(r.id) ?? { effectiveFrom: r.effectiveFrom, bands: [] };
    schemes.set(r.id, scheme);
    if (r.band && r.settingGroup && r.annualPence !== null)
      scheme.bands.push({
        settingGroup: r.settingGroup as SettingGroup,
        band: r.band,
        annualPence: r.annualPence,
      });
  }
  return [...schemes.values()];
}

export async function approvalThreshold(tx: Tx, laCode: string): Promise<number> {
  const row = await db(tx)
    .selectFrom('finance_settings')
    .select('approval_threshold_pence as pence')
    .where('la_code', '=', laCode)
    .executeTakeFirst();
  // Until an approver sets one, placements over £50,000 a year need a second person.
  return row?.pence ?? 5_000_000;
}

/** The full-time placement a new one would overlap, for the message that names it. */
export async function overlappingFullTime(
  tx: Tx,
  laCode: string,
  childId: string,
  from: string,
  to: string | null,
  except: string | null,
): Promise<PlacementRow | undefined> {
  let q = db(tx)
    .selectFrom('placements')
    .select(placementColumns)
    .where('placements.la_code', '=', laCode)
    .where('placements.child_id', '=', childId)
    .where('placements.fte', '=', 1)
    .where('placements.approval', '<>', 'rejected')
    .where(
      sql<boolean>`daterange(placements.start_on, placements.end_on, '[]') && daterange(${from}::date, ${to}::date, '[]')`,
    );
  if (except) q = q.where('placements.id', '<>', except);
  return (await q.orderBy('placements.start_on').executeTakeFirst()) as PlacementRow | undefined;
}

export interface PlacementFilters {
  type?: PlacementType | undefined;
  approval?: PlacementRow['approval'] | undefined;
  /** Placements that run on this day (started, not ended). */
  activeOn?: string | undefined;
  childIds?: readonly string[] | undefined;
  establishmentIds?: readonly string[] | undefined;
  /** Placements this person entered (or last raised the cost of), or those they did not. */
  enteredBy?: string | undefined;
  notEnteredBy?: string | undefined;
  /** Placements from EHC plans with something for the finance officer to confirm. */
  toConfirm?: boolean | undefined;
}

export interface PlacementListRow extends PlacementRow {
  /** What it comes to in the financial year asked about, every payer together. */
  fyPence: number;
  total: number;
}

export async function listPlacements(
  tx: Tx,
  laCode: string,
  filters: PlacementFilters,
  fy: number,
  page: { limit: number; offset: number },
): Promise<PlacementListRow[]> {
  let q = db(tx)
    .selectFrom('placements')
    .select(placementColumns)
    .select([
      sql<number>`coalesce((SELECT sum(c.committed_pence) FROM placement_costs c
        WHERE c.placement_id = placements.id AND c.fy = ${fy}), 0)::bigint`.as('fyPence'),
      sql<number>`count(*) OVER ()`.as('total'),
    ])
    .where('placements.la_code', '=', laCode);
  if (filters.type) q = q.where('placements.placement_type', '=', filters.type);
  if (filters.approval) q = q.where('placements.approval', '=', filters.approval);
  if (filters.activeOn)
    q = q
      .where(sql<boolean>`placements.start_on <= ${filters.activeOn}::date`)
      .where(sql<boolean>`(placements.end_on IS NULL OR placements.end_on >= ${filters.activeOn}::date)`);
  if (filters.childIds) {
    if (!filters.childIds.length) return [];
    q = q.where('placements.child_id', 'in', filters.childIds);
  }
  if (filters.establishmentIds) {
    if (!filters.establishmentIds.length) return [];
    q = q.where('placements.establishment_id', 'in', filters.establishmentIds);
  }
  if (filters.enteredBy) q = q.where('placements.entered_by', '=', filters.enteredBy);
  if (filters.notEnteredBy)
    q = q.where(sql<boolean>`placements.entered_by IS DISTINCT FROM ${filters.notEnteredBy}::uuid`);
  if (filters.toConfirm) q = q.where(toConfirm);
  return (await q
    .orderBy('placements.start_on', 'desc')
    .orderBy('placements.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute()) as PlacementListRow[];
}

/** Placements whose worked-out costs stop before this year although they may run into it. */
export async function placementsNeedingCostsThrough(tx: Tx, laCode: string, fy: number): Promise<string[]> {
  const rows = await db(tx)
    .selectFrom('placements')
    .select('id')
    .where('la_code', '=', laCode)
    .where('costs_through_fy', '<', fy)
    .where('approval', '<>', 'rejected')
    .where(
      sql<boolean>`coalesce(end_on, expected_end_on, 'infinity'::date) > make_date(costs_through_fy + 1, 3, 31)`,
    )
    .execute();
  return rows.map((r) => r.id);
}

const toConfirm = sql<boolean>`(placements.costs_to_confirm OR placements.type_to_confirm OR placements.plan_check IS NOT NULL)`;

/** How many of the LA's placements from EHC plans have something for the finance officer to confirm. */
export async function countToConfirm(tx: Tx, laCode: string): Promise<number> {
  const row = await db(tx)
    .selectFrom('placements')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('la_code', '=', laCode)
    .where(toConfirm)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** A child's placements as following an EHC plan needs them, locked: the plan changes them in its transaction. */
export async function placementFactsOfChild(
  tx: Tx,
  laCode: string,
  childId: string,
): Promise<(ChildPlacementFacts & { version: number })[]> {
  const rows = await db(tx)
    .selectFrom('placements')
    .select([
      'id',
      'establishment_id as establishmentId',
      'provider_name as providerName',
      'placement_type as type',
      'type_to_confirm as typeToConfirm',
      iso('start_on').as('startOn'),
      isoOrNull('end_on').as('endOn'),
      sql<number>`fte::float8`.as('fte'),
      sql<boolean>`approval = 'rejected'`.as('rejected'),
      'basis',
      'plan_id as planId',
      'plan_link as planLink',
      'linked_plan_id as linkedPlanId',
      'before_plan as beforePlan',
      'changed_since_plan as changedSincePlan',
      'plan_check as planCheck',
      'version',
    ])
    .where('la_code', '=', laCode)
    .where('child_id', '=', childId)
    .orderBy('start_on')
    .forUpdate()
    .execute();
  return rows as (ChildPlacementFacts & { version: number })[];
}

export interface PlacementToConfirm {
  childId: string;
  establishmentId: string | null;
  providerName: string | null;
  type: PlacementType;
  /** Its days in the year: from its start or 1 April, to its end, expected end or 31 March. */
  from: string;
  to: string;
  /** What its own lines already commit to the high needs block in the year. */
  highNeedsPence: number;
}

/** Placements from EHC plans whose costs are still to confirm, that run in a financial year. */
export async function placementsToConfirmIn(
  tx: Tx,
  laCode: string,
  fy: number,
  fyStart: string,
  fyEnd: string,
): Promise<PlacementToConfirm[]> {
  const r = await sql<PlacementToConfirm>`
    SELECT p.child_id AS "childId", p.establishment_id AS "establishmentId",
      p.provider_name AS "providerName", p.placement_type AS type,
      to_char(greatest(p.start_on, ${fyStart}::date), 'YYYY-MM-DD') AS "from",
      to_char(least(coalesce(p.end_on, p.expected_end_on, ${fyEnd}::date), ${fyEnd}::date), 'YYYY-MM-DD') AS "to",
      coalesce((SELECT sum(c.committed_pence) FROM placement_costs c
        WHERE c.placement_id = p.id AND c.fy = ${fy} AND c.payer = 'high_needs'), 0)::bigint AS "highNeedsPence"
    FROM placements p
    WHERE p.la_code = ${laCode} AND p.costs_to_confirm AND p.approval <> 'rejected'
      AND p.start_on <= ${fyEnd}::date AND coalesce(p.end_on, p.expected_end_on, ${fyEnd}::date) >= ${fyStart}::date
    ORDER BY p.start_on, p.id`.execute(tx);
  return r.rows;
}

/** How many of the LA's placements wait for approval, leaving out those this person entered. */
export async function countAwaitingNotEnteredBy(tx: Tx, laCode: string, userId: string): Promise<number> {
  const row = await db(tx)
    .selectFrom('placements')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('la_code', '=', laCode)
    .where('approval', '=', 'awaiting')
    .where(sql<boolean>`entered_by IS DISTINCT FROM ${userId}::uuid`)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The financial years any of the LA's placements has a cost in, earliest first. */
export async function costYears(tx: Tx, laCode: string): Promise<number[]> {
  const rows = await db(tx)
    .selectFrom('placement_costs')
    .select('fy')
    .distinct()
    .where('la_code', '=', laCode)
    .orderBy('fy')
    .execute();
  return rows.map((r) => r.fy);
}

/** The bands adopted schemes have for one group of settings, with their labels, oldest scheme first. */
export async function adoptedBandsOf(
  tx: Tx,
  laCode: string,
  group: SettingGroup,
): Promise<{ band: string; label: string }[]> {
  return db(tx)
    .selectFrom('top_up_bands as b')
    .innerJoin('top_up_schemes as s', 's.id', 'b.scheme_id')
    .select(['b.band', 'b.label'])
    .where('s.la_code', '=', laCode)
    .where('s.status', '=', 'adopted')
    .where('b.setting_group', '=', group)
    .orderBy('s.effective_from')
    .orderBy('b.band')
    .execute();
}

export async function deletePlacement(tx: Tx, laCode: string, id: string): Promise<void> {
  await db(tx).deleteFrom('placements').where('la_code', '=', laCode).where('id', '=', id).execute();
}

export interface LineTotal {
  budgetLine: string;
  payer: string;
  awaiting: boolean;
  pence: number;
}

/** A financial year's worked-out costs summed by budget line and payer, split by whether they await approval. */
export async function costsByLine(tx: Tx, laCode: string, fy: number): Promise<LineTotal[]> {
  const r = await sql<LineTotal>`
    SELECT c.budget_line AS "budgetLine", c.payer, p.approval = 'awaiting' AS awaiting,
      sum(c.committed_pence)::bigint AS pence
    FROM placement_costs c JOIN placements p ON p.id = c.placement_id
    WHERE c.la_code = ${laCode} AND p.la_code = ${laCode} AND c.fy = ${fy} AND p.approval <> 'rejected'
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.execute(tx);
  return r.rows;
}

export interface PlacementYearCost {
  childId: string;
  establishmentId: string | null;
  providerName: string | null;
  type: PlacementType;
  awaitingApproval: boolean;
  /** The high needs block's share. */
  highNeedsPence: number;
  /** The ESFA's, health's, social care's and transport's shares together. */
  othersPence: number;
}

type PlacementYearCostJson = [string, string | null, string | null, PlacementType, boolean, number, number];

/**
 * A financial year's worked-out costs summed for each placement costing anything in it, rejected
 * ones left out: the same rows costsByLine sums, so the two always add up to the same. They come
 * back as one JSON array rather than a row a placement, since the embedded database pays for every
 * row and cell it hands over, and a county has over ten thousand placements a year.
 */
export async function costsByPlacement(tx: Tx, laCode: string, fy: number): Promise<PlacementYearCost[]> {
  const r = await sql<{ placements: PlacementYearCostJson[] | null }>`
    SELECT json_agg(json_build_array(child_id, establishment_id, provider_name, placement_type,
      awaiting, high_needs, others)) AS placements
    FROM (
      SELECT p.child_id, p.establishment_id, p.provider_name, p.placement_type,
        p.approval = 'awaiting' AS awaiting,
        coalesce(sum(c.committed_pence) FILTER (WHERE c.payer = 'high_needs'), 0) AS high_needs,
        coalesce(sum(c.committed_pence) FILTER (WHERE c.payer <> 'high_needs'), 0) AS others
      FROM placement_costs c JOIN placements p ON p.id = c.placement_id
      WHERE c.la_code = ${laCode} AND p.la_code = ${laCode} AND c.fy = ${fy} AND p.approval <> 'rejected'
      GROUP BY p.id) per_placement`.execute(tx);
  return (r.rows[0]?.placements ?? []).map(
    ([childId, establishmentId, providerName, type, awaitingApproval, highNeedsPence, othersPence]) => ({
      childId,
      establishmentId,
      providerName,
      type,
      awaitingApproval,
      highNeedsPence,
      othersPence,
    }),
  );
}
