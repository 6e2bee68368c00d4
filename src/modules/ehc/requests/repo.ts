import { sql } from 'kysely';
import { iso, isoOrNull } from '../../../platform/db/dates.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import type { EventBody, Placement, RecordedEvent } from '../domain/process.ts';
import type { RequestSummary, StoredDeadline } from '../domain/summary.ts';
import type { EhcTables } from '../tables.ts';
import { deadlineRows, requestSummaryColumns } from './stored.ts';

/** SQL for EHC requests, their events and deadlines, and plans. Every query names the LA as well as RLS enforcing it. */

const db = (tx: Tx) => tx.withTables<EhcTables>();

// ── Requests ────────────────────────────────────────────────────────────────────────────

export interface RequestRow {
  id: string;
  childId: string;
  kind: string;
  source: string;
  receivedOn: IsoDate;
  coordinatorId: string | null;
  stage: string;
  nextDueOn: IsoDate | null;
  nextDueStep: string | null;
  closedOn: IsoDate | null;
  week20Exception: boolean;
  /** The LA the child moved to before the assessment finished (SEN2 Exported). */
  exportedToLa: string | null;
  version: number;
}

const requestColumns = [
  'ehc_requests.id',
  'ehc_requests.child_id as childId',
  'ehc_requests.kind',
  'ehc_requests.source',
  iso('ehc_requests.received_on').as('receivedOn'),
  'ehc_requests.coordinator_id as coordinatorId',
  'ehc_requests.stage',
  isoOrNull('ehc_requests.next_due_on').as('nextDueOn'),
  'ehc_requests.next_due_step as nextDueStep',
  isoOrNull('ehc_requests.closed_on').as('closedOn'),
  'ehc_requests.week20_exception as week20Exception',
  'ehc_requests.exported_to_la as exportedToLa',
  'ehc_requests.version',
] as const;

export async function findRequest(
  tx: Tx,
  laCode: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<RequestRow | undefined> {
  const q = db(tx)
    .selectFrom('ehc_requests')
    .select(requestColumns)
    .where('la_code', '=', laCode)
    .where('id', '=', id);
  return (options.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

/** Every request about these children, newest first: what a family or school follows in the portal. */
export function requestsOfChildren(
  tx: Tx,
  laCode: string,
  childIds: readonly string[],
): Promise<RequestRow[]> {
  if (!childIds.length) return Promise.resolve([]);
  return db(tx)
    .selectFrom('ehc_requests')
    .select(requestColumns)
    .where('la_code', '=', laCode)
    .where('child_id', 'in', childIds)
    .orderBy('received_on', 'desc')
    .limit(200)
    .execute();
}

export async function openRequestFor(tx: Tx, laCode: string, childId: string): Promise<string | undefined> {
  const r = await db(tx)
    .selectFrom('ehc_requests')
    .select('id')
    .where('la_code', '=', laCode)
    .where('child_id', '=', childId)
    .where('closed_on', 'is', null)
    .executeTakeFirst();
  return r?.id;
}

export interface NewRequestRow {
  childId: string;
  source: string;
  coordinatorId: string | null;
  /** When it was given to its coordinator, if it was. */
  allocatedAt: Date;
  isDemo?: boolean;
}

export async function insertRequest(
  tx: Tx,
  laCode: string,
  r: NewRequestRow,
  summary: RequestSummary,
): Promise<string> {
  const row = await db(tx)
    .insertInto('ehc_requests')
    .values({
      la_code: laCode,
      child_id: r.childId,
      source: r.source,
      coordinator_id: r.coordinatorId,
      allocated_at: r.coordinatorId ? r.allocatedAt : null,
      is_demo: r.isDemo ?? false,
      ...requestSummaryColumns(summary),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateRequestSummary(
  tx: Tx,
  laCode: string,
  id: string,
  summary: RequestSummary,
  source: string,
): Promise<number> {
  const r = await db(tx)
    .updateTable('ehc_requests')
    .set({
      ...requestSummaryColumns(summary),
      source,
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return r.version;
}

/**
 * What the engine works out, stored again after its rules changed. The request's version stays
 * as it was: nobody changed the request, so nobody's open form is made stale.
 */
export async function restoreSummary(tx: Tx, laCode: string, id: string, summary: RequestSummary) {
  await db(tx)
    .updateTable('ehc_requests')
    .set(requestSummaryColumns(summary))
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    // A request ended by the child's move away keeps that ending whatever the rules say of its steps.
    .where('exported_to_la', 'is', null)
    .execute();
}

export async function hasRequestsBeforeEngine(tx: Tx, laCode: string, version: number): Promise<boolean> {
  const r = await db(tx)
    .selectFrom('ehc_requests')
    .select('id')
    .where('la_code', '=', laCode)
    .where('engine_version', '<', version)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export async function requestsBeforeEngine(
  tx: Tx,
  laCode: string,
  version: number,
  limit: number,
): Promise<string[]> {
  const rows = await db(tx)
    .selectFrom('ehc_requests')
    .select('id')
    .where('la_code', '=', laCode)
    .where('engine_version', '<', version)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function setCoordinator(
  tx: Tx,
  laCode: string,
  id: string,
  coordinatorId: string | null,
  at: Date,
): Promise<void> {
  await db(tx)
    .updateTable('ehc_requests')
    .set({
      coordinator_id: coordinatorId,
      allocated_at: coordinatorId ? at : null,
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('la_code', '=', laCode)
    .where('id', '=', id)
    .execute();
}

export async function replaceDeadlines(
  tx: Tx,
  laCode: string,
  requestId: string,
  stored: readonly StoredDeadline[],
  subjects: Readonly<Record<string, string>>,
): Promise<void> {
  await db(tx)
    .deleteFrom('ehc_deadlines')
    .where('la_code', '=', laCode)
    .where('request_id', '=', requestId)
    .execute();
  if (!stored.length) return;
  await db(tx)
    .insertInto('ehc_deadlines')
    .values(deadlineRows(laCode, requestId, stored, subjects))
    .execute();
}

export interface RequestsOfChildRow {
  id: string;
  kind: string;
  receivedOn: IsoDate;
  stage: string;
  closedOn: IsoDate | null;
  nextDueOn: IsoDate | null;
  nextDueStep: string | null;
  coordinatorId: string | null;
}

export function requestsOfChild(tx: Tx, laCode: string, childId: string): Promise<RequestsOfChildRow[]> {
  return db(tx)
    .selectFrom('ehc_requests')
    .select([
      'id',
      'kind',
      iso('received_on').as('receivedOn'),
      'stage',
      isoOrNull('closed_on').as('closedOn'),
      isoOrNull('next_due_on').as('nextDueOn'),
      'next_due_step as nextDueStep',
      'coordinator_id as coordinatorId',
    ])
    .where('la_code', '=', laCode)
    .where('child_id', '=', childId)
    .orderBy('received_on', 'desc')
    .execute();
}

// ── Events ──────────────────────────────────────────────────────────────────────────────

export interface EventRow extends RecordedEvent {
  seq: number;
  recordedAt: Date;
  recordedBy: string | null;
}

export async function eventsOf(tx: Tx, laCode: string, requestId: string): Promise<EventRow[]> {
  const rows = await db(tx)
    .selectFrom('ehc_events')
    .select(['id', 'seq', 'corrects', 'body', 'recorded_at as recordedAt', 'recorded_by as recordedBy'])
    .where('la_code', '=', laCode)
    .where('request_id', '=', requestId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ ...r, body: r.body as EventBody }));
}

export async function insertEvent(
  tx: Tx,
  laCode: string,
  requestId: string,
  e: { id: string; seq: number; corrects: string | null; body: EventBody; recordedBy: string | null },
): Promise<void> {
  await db(tx)
    .insertInto('ehc_events')
    .values({
      id: e.id,
      la_code: laCode,
      request_id: requestId,
      seq: e.seq,
      corrects: e.corrects,
      type: e.body.type,
      body: JSON.stringify(e.body),
      recorded_by: e.recordedBy,
    })
    .execute();
}

// ── Plans ───────────────────────────────────────────────────────────────────────────────

export interface PlanRow {
  id: string;
  childId: string;
  requestId: string | null;
  status: string;
  /** The day the draft was served, once it has been. */
  draftedOn: IsoDate | null;
  issuedOn: IsoDate | null;
  establishmentId: string | null;
  settingName: string | null;
  provision: string | null;
  /** The day the plan names for its placement to start, when it names one. */
  placementStartOn: IsoDate | null;
  lastReviewedOn: IsoDate | null;
  /** The plan's version as issued: more than 1 once a review has amended it. */
  planVersion: number;
  /** An active plan's next review due, and the deadline of a phase transfer coming (reg 18's "before" date). */
  nextReviewDue: IsoDate | null;
  phaseTransferDeadline: IsoDate | null;
  version: number;
}

const planColumns = [
  'ehc_plans.id',
  'ehc_plans.child_id as childId',
  'ehc_plans.request_id as requestId',
  'ehc_plans.status',
  isoOrNull('ehc_plans.drafted_on').as('draftedOn'),
  isoOrNull('ehc_plans.issued_on').as('issuedOn'),
  'ehc_plans.establishment_id as establishmentId',
  'ehc_plans.setting_name as settingName',
  'ehc_plans.provision',
  isoOrNull('ehc_plans.placement_start_on').as('placementStartOn'),
  isoOrNull('ehc_plans.last_reviewed_on').as('lastReviewedOn'),
  'ehc_plans.plan_version as planVersion',
  isoOrNull('ehc_plans.next_review_due').as('nextReviewDue'),
  isoOrNull('ehc_plans.phase_transfer_deadline').as('phaseTransferDeadline'),
  'ehc_plans.version',
] as const;

export function planOfRequest(
  tx: Tx,
  laCode: string,
  requestId: string,
  options: { forUpdate?: boolean } = {},
): Promise<PlanRow | undefined> {
  const q = db(tx)
    .selectFrom('ehc_plans')
    .select(planColumns)
    .where('la_code', '=', laCode)
    .where('request_id', '=', requestId);
  return (options.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

/** Every plan of a child, the newest first, withdrawn drafts left out. */
export function plansOfChild(
  tx: Tx,
  laCode: string,
  childId: string,
): Promise<(PlanRow & { endedOn: IsoDate | null })[]> {
  return db(tx)
    .selectFrom('ehc_plans')
    .select([...planColumns, isoOrNull('ehc_plans.ended_on').as('endedOn')])
    .where('la_code', '=', laCode)
    .where('child_id', '=', childId)
    .where('status', '<>', 'withdrawn')
    .orderBy(sql`issued_on DESC NULLS FIRST`)
    .execute();
}

export function activePlanOf(tx: Tx, laCode: string, childId: string): Promise<PlanRow | undefined> {
  return db(tx)
    .selectFrom('ehc_plans')
    .select(planColumns)
    .where('la_code', '=', laCode)
    .where('child_id', '=', childId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** Each child of the LA with an EHC plan in force, and the plan's ID. */
export async function plansInForce(tx: Tx, laCode: string): Promise<Map<string, string>> {
  const rows = await db(tx)
    .selectFrom('ehc_plans')
    .select(['child_id as childId', 'id'])
    .where('la_code', '=', laCode)
    .where('status', '=', 'active')
    .execute();
  return new Map(rows.map((r) => [r.childId, r.id]));
}

/** How many EHC plans in force name each of these schools as the child's setting: funding formulas' factor data. */
export async function plansInForceAt(
  tx: Tx,
  laCode: string,
  establishmentIds: readonly string[],
): Promise<Map<string, number>> {
  if (!establishmentIds.length) return new Map();
  const r = await sql<{ establishmentId: string; n: number }>`
    SELECT establishment_id AS "establishmentId", count(*)::int AS n FROM ehc_plans
    WHERE la_code = ${laCode} AND status = 'active'
      AND establishment_id = ANY(${[...establishmentIds]}::uuid[])
    GROUP BY establishment_id`.execute(tx);
  return new Map(r.rows.map((row) => [row.establishmentId, row.n]));
}

export async function insertDraftPlan(
  tx: Tx,
  laCode: string,
  p: { childId: string; requestId: string },
): Promise<string> {
  const r = await db(tx)
    .insertInto('ehc_plans')
    .values({
      la_code: laCode,
      child_id: p.childId,
      request_id: p.requestId,
      status: 'draft',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/**
 * The plan as the latest events have it: served, issued naming a placement, back to a draft,
 * withdrawn, or transferred in with the date it was made and last reviewed.
 */
export async function updatePlan(
  tx: Tx,
  laCode: string,
  planId: string,
  p: {
    status: 'draft' | 'withdrawn' | 'active';
    draftedOn: IsoDate | null;
    issuedOn: IsoDate | null;
    placement: Placement | null;
    /** A transferred plan's: the old LA's last review, and the day it transferred in. */
    transferred?: { lastReviewedOn: IsoDate | null; transferredInOn: IsoDate };
  },
): Promise<void> {
  await db(tx)
    .updateTable('ehc_plans')
    .set({
      status: p.status,
      drafted_on: p.draftedOn,
      issued_on: p.issuedOn,
      // A plan of this LA's keeps its own reviews: only a transfer in brings the old LA's.
      ...(p.transferred
        ? { last_reviewed_on: p.transferred.lastReviewedOn, transferred_in_on: p.transferred.transferredInOn }
        : p.status === 'active'
          ? {}
          : { last_reviewed_on: null, transferred_in_on: null }),
      establishment_id: p.placement?.establishmentId ?? null,
      setting_name: p.placement?.settingName ?? null,
      provision: p.placement?.provision ?? null,
      placement_start_on: p.placement?.startOn ?? null,
      version: sql`version + 1`,
    })
    .where('la_code', '=', laCode)
    .where('id', '=', planId)
    .execute();
}

export async function endPlan(
  tx: Tx,
  laCode: string,
  planId: string,
  status: 'replaced' | 'ceased',
  on: IsoDate,
): Promise<void> {
  await db(tx)
    .updateTable('ehc_plans')
    .set({ status, ended_on: on, version: sql`version + 1` })
    .where('la_code', '=', laCode)
    .where('id', '=', planId)
    .execute();
}

/**
 * The plan a re-assessment replaced on `replacedOn`: active again if the new plan's issue is taken
 * back (`movedTo` null), or ending on the corrected date.
 */
export async function reinstateReplaced(
  tx: Tx,
  laCode: string,
  childId: string,
  replacedOn: IsoDate,
  movedTo: IsoDate | null,
): Promise<void> {
  await db(tx)
    .updateTable('ehc_plans')
    .set(
      movedTo
        ? { ended_on: movedTo, version: sql`version + 1` }
        : { status: 'active', ended_on: null, version: sql`version + 1` },
    )
    .where('la_code', '=', laCode)
    .where('child_id', '=', childId)
    .where('status', '=', 'replaced')
    .where('ended_on', '=', replacedOn)
    .execute();
}

export interface PlanBeingFinalised {
  requestId: string;
  childId: string;
  /** When the final plan is due or now expected: the placement it names would start then. */
  expectedFinalOn: IsoDate;
  /** The setting most recently consulted about naming it, on the register. */
  establishmentId: string;
}

/**
 * Requests at the drafting stage whose latest consultation named a setting on the LA's register:
 * the plans being finalised, and where each would place the child.
 */
export async function plansBeingFinalised(tx: Tx, laCode: string): Promise<PlanBeingFinalised[]> {
  const r = await sql<PlanBeingFinalised>`
    SELECT DISTINCT ON (r.id) r.id AS "requestId", r.child_id AS "childId",
      to_char(coalesce(r.expected_final_on, r.received_on + 140), 'YYYY-MM-DD') AS "expectedFinalOn",
      e.id AS "establishmentId"
    FROM ehc_requests r
    JOIN ehc_events ev ON ev.request_id = r.id AND ev.type = 'setting-consulted'
      AND NOT EXISTS (SELECT 1 FROM ehc_events c WHERE c.corrects = ev.id)
    JOIN establishments e ON e.la_code = r.la_code AND lower(e.name) = lower(ev.body->>'settingName')
    WHERE r.la_code = ${laCode} AND r.stage = 'drafting' AND r.closed_on IS NULL
    ORDER BY r.id, ev.seq DESC`.execute(tx);
  return r.rows;
}

/** What families still owe on these requests, with its date: their comments on a draft plan. */
export async function familyDeadlinesOf(
  tx: Tx,
  laCode: string,
  requestIds: readonly string[],
): Promise<{ requestId: string; step: string; dueOn: string }[]> {
  if (!requestIds.length) return [];
  const r = await sql<{ requestId: string; step: string; dueOn: string }>`
    SELECT request_id AS "requestId", step, to_char(due_on, 'YYYY-MM-DD') AS "dueOn" FROM ehc_deadlines
    WHERE la_code = ${laCode} AND owner = 'family' AND done_on IS NULL AND step = 'draft-comments'
      AND request_id IN (${sql.join(requestIds)})`.execute(tx);
  return r.rows;
}

/**
 * Consultations still unanswered that were put to these schools (by the name the request gives
 * them), with their due dates: what a school owes on draft plans, for its portal.
 */
export async function consultationsAwaiting(
  tx: Tx,
  laCode: string,
  establishmentIds: readonly string[],
): Promise<{ requestId: string; childId: string; establishmentId: string; sentOn: string; dueOn: string }[]> {
  if (!establishmentIds.length) return [];
  const r = await sql<{
    requestId: string;
    childId: string;
    establishmentId: string;
    sentOn: string;
    dueOn: string;
  }>`
    SELECT r.id AS "requestId", r.child_id AS "childId", e.id AS "establishmentId",
      to_char(d.starts_on, 'YYYY-MM-DD') AS "sentOn", to_char(d.due_on, 'YYYY-MM-DD') AS "dueOn"
    FROM ehc_requests r
    JOIN ehc_events ev ON ev.request_id = r.id AND ev.type = 'setting-consulted'
      AND NOT EXISTS (SELECT 1 FROM ehc_events c WHERE c.corrects = ev.id)
    JOIN ehc_deadlines d ON d.request_id = r.id AND d.step = 'consultation' AND d.subject_id = ev.body->>'consultationId'
      AND d.done_on IS NULL
    JOIN establishments e ON e.la_code = r.la_code AND lower(e.name) = lower(ev.body->>'settingName')
    WHERE r.la_code = ${laCode} AND r.closed_on IS NULL AND e.id IN (${sql.join(establishmentIds)})
    ORDER BY d.due_on`.execute(tx);
  return r.rows;
}

/** When each child's plans were in force: from issue to the day each ended (none while in force). */
export async function planSpans(
  tx: Tx,
  laCode: string,
): Promise<{ childId: string; issuedOn: string; endedOn: string | null }[]> {
  const r = await sql<{ childId: string; issuedOn: string; endedOn: string | null }>`
    SELECT child_id AS "childId", issued_on::text AS "issuedOn", ended_on::text AS "endedOn" FROM ehc_plans
    WHERE la_code = ${laCode} AND issued_on IS NOT NULL AND status <> 'draft'
    ORDER BY child_id, issued_on`.execute(tx);
  return r.rows;
}
