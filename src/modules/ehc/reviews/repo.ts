import { sql } from 'kysely';
import { iso, isoOrNull } from '../../../platform/db/dates.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import type { EhcTables } from '../tables.ts';
import type { ReviewDeadline, ReviewEventBody, ReviewFacts, ReviewStage } from './domain/process.ts';

/** SQL for reviews, their events and deadlines, and what a review changes on the plan. Every query names the LA as well as RLS enforcing it. */

const db = (tx: Tx) => tx.withTables<EhcTables>();

export interface ReviewPlanRow {
  id: string;
  childId: string;
  status: string;
  issuedOn: IsoDate | null;
  lastReviewedOn: IsoDate | null;
  nextReviewDue: IsoDate | null;
  phaseTransferTo: string | null;
  phaseTransferDeadline: IsoDate | null;
  establishmentId: string | null;
  settingName: string | null;
  planVersion: number;
  requestId: string | null;
}

export function planForReview(
  tx: Tx,
  laCode: string,
  planId: string,
  options: { forUpdate?: boolean } = {},
): Promise<ReviewPlanRow | undefined> {
  const q = db(tx)
    .selectFrom('ehc_plans')
    .select([
      'id',
      'child_id as childId',
      'status',
      isoOrNull('issued_on').as('issuedOn'),
      isoOrNull('last_reviewed_on').as('lastReviewedOn'),
      isoOrNull('next_review_due').as('nextReviewDue'),
      'phase_transfer_to as phaseTransferTo',
      isoOrNull('phase_transfer_deadline').as('phaseTransferDeadline'),
      'establishment_id as establishmentId',
      'setting_name as settingName',
      'plan_version as planVersion',
      'request_id as requestId',
    ])
    .where('la_code', '=', laCode)
    .where('id', '=', planId);
  return (options.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

export interface ReviewRow {
  id: string;
  planId: string;
  childId: string;
  kind: 'annual' | 'phase-transfer';
  startsOn: IsoDate;
  dueOn: IsoDate;
  phaseTransferTo: string | null;
  phaseTransferDeadline: IsoDate | null;
  establishmentId: string | null;
  coordinatorId: string | null;
  stage: ReviewStage;
  closedOn: IsoDate | null;
  version: number;
}

export function findReview(
  tx: Tx,
  laCode: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ReviewRow | undefined> {
  const q = db(tx)
    .selectFrom('ehc_reviews')
    .select([
      'id',
      'plan_id as planId',
      'child_id as childId',
      sql<'annual' | 'phase-transfer'>`kind`.as('kind'),
      iso('starts_on').as('startsOn'),
      iso('due_on').as('dueOn'),
      'phase_transfer_to as phaseTransferTo',
      isoOrNull('phase_transfer_deadline').as('phaseTransferDeadline'),
      'establishment_id as establishmentId',
      'coordinator_id as coordinatorId',
      sql<ReviewStage>`stage`.as('stage'),
      isoOrNull('closed_on').as('closedOn'),
      'version',
    ])
    .where('la_code', '=', laCode)
    .where('id', '=', id);
  return (options.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

export async function openReviewOf(tx: Tx, laCode: string, planId: string): Promise<string | undefined> {
  const r = await db(tx)
    .selectFrom('ehc_reviews')
    .select('id')
    .where('la_code', '=', laCode)
    .where('plan_id', '=', planId)
    .where('closed_on', 'is', null)
    .executeTakeFirst();
  return r?.id;
}

export interface ReviewsOfChildRow {
  id: string;
  childId: string;
  kind: 'annual' | 'phase-transfer';
  stage: ReviewStage;
  dueOn: IsoDate;
  meetingOn: IsoDate | null;
  decidedOn: IsoDate | null;
  outcome: string | null;
  nextDueOn: IsoDate | null;
  /** The last day for the family's representations on proposed amendments, until the amended plan is issued. */
  representationsDueOn: IsoDate | null;
  closedOn: IsoDate | null;
}

/** The reviews of these children's plans, newest first: what their family follows. */
export function reviewsOfChildren(
  tx: Tx,
  laCode: string,
  childIds: readonly string[],
): Promise<ReviewsOfChildRow[]> {
  if (!childIds.length) return Promise.resolve([]);
  return db(tx)
    .selectFrom('ehc_reviews as r')
    .leftJoin('ehc_review_deadlines as d', (j) =>
      j
        .onRef('d.review_id', '=', 'r.id')
        .onRef('d.la_code', '=', 'r.la_code')
        .on('d.step', '=', 'representations'),
    )
    .select([
      'r.id',
      'r.child_id as childId',
      sql<'annual' | 'phase-transfer'>`r.kind`.as('kind'),
      sql<ReviewStage>`r.stage`.as('stage'),
      iso('r.due_on').as('dueOn'),
      isoOrNull('r.meeting_on').as('meetingOn'),
      isoOrNull('r.decided_on').as('decidedOn'),
      'r.outcome',
      isoOrNull('r.next_due_on').as('nextDueOn'),
      sql<IsoDate | null>`CASE WHEN r.amended_on IS NULL THEN to_char(d.due_on, 'YYYY-MM-DD') END`.as(
        'representationsDueOn',
      ),
      isoOrNull('r.closed_on').as('closedOn'),
    ])
    .where('r.la_code', '=', laCode)
    .where('r.child_id', 'in', childIds)
    .orderBy('r.starts_on', 'desc')
    .execute();
}

export async function insertReview(
  tx: Tx,
  laCode: string,
  r: {
    planId: string;
    childId: string;
    kind: 'annual' | 'phase-transfer';
    startsOn: IsoDate;
    dueOn: IsoDate;
    phaseTransferTo: string | null;
    phaseTransferDeadline: IsoDate | null;
    establishmentId: string | null;
    coordinatorId: string | null;
  },
): Promise<string> {
  const row = await db(tx)
    .insertInto('ehc_reviews')
    .values({
      la_code: laCode,
      plan_id: r.planId,
      child_id: r.childId,
      kind: r.kind,
      starts_on: r.startsOn,
      due_on: r.dueOn,
      phase_transfer_to: r.phaseTransferTo,
      phase_transfer_deadline: r.phaseTransferDeadline,
      establishment_id: r.establishmentId,
      coordinator_id: r.coordinatorId,
      stage: 'not-started',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ReviewEventRow {
  id: string;
  seq: number;
  body: ReviewEventBody;
  recordedAt: Date;
  recordedBy: string | null;
}

export async function reviewEventsOf(tx: Tx, laCode: string, reviewId: string): Promise<ReviewEventRow[]> {
  const rows = await db(tx)
    .selectFrom('ehc_review_events')
    .select(['id', 'seq', 'body', 'recorded_at as recordedAt', 'recorded_by as recordedBy'])
    .where('la_code', '=', laCode)
    .where('review_id', '=', reviewId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ ...r, body: r.body as ReviewEventBody, recordedAt: new Date(r.recordedAt) }));
}

export async function insertReviewEvent(
  tx: Tx,
  laCode: string,
  reviewId: string,
  seq: number,
  body: ReviewEventBody,
  recordedBy: string | null,
  at: Date,
): Promise<void> {
  await db(tx)
    .insertInto('ehc_review_events')
    .values({
      la_code: laCode,
      review_id: reviewId,
      seq,
      type: body.type,
      body: JSON.stringify(body),
      recorded_by: recordedBy,
      recorded_at: at,
    })
    .execute();
}

/** What the events add up to, kept on the review for lists, and its deadlines beside it. */
export async function storeReviewSummary(
  tx: Tx,
  laCode: string,
  reviewId: string,
  s: {
    facts: ReviewFacts;
    stage: ReviewStage;
    closedOn: IsoDate | null;
    next: ReviewDeadline | undefined;
    deadlines: ReviewDeadline[];
  },
  at: Date,
): Promise<void> {
  const f = s.facts;
  await db(tx)
    .updateTable('ehc_reviews')
    .set({
      stage: s.stage,
      meeting_on: f.meetingOn,
      held_on: f.heldOn,
      report_on: f.report?.on ?? null,
      decided_on: f.decision?.on ?? null,
      outcome: f.decision?.outcome ?? null,
      amendments_proposed_on: f.proposed?.on ?? null,
      amended_on: f.amended?.on ?? null,
      ceased_on: f.ceasedOn,
      next_due_on: s.closedOn ? null : (s.next?.dueOn ?? null),
      next_due_step: s.closedOn ? null : (s.next?.step ?? null),
      closed_on: s.closedOn,
      version: sql`version + 1`,
      updated_at: at,
    })
    .where('la_code', '=', laCode)
    .where('id', '=', reviewId)
    .execute();
  await db(tx)
    .deleteFrom('ehc_review_deadlines')
    .where('la_code', '=', laCode)
    .where('review_id', '=', reviewId)
    .execute();
  if (s.deadlines.length)
    await db(tx)
      .insertInto('ehc_review_deadlines')
      .values(
        s.deadlines.map((d) => ({
          la_code: laCode,
          review_id: reviewId,
          step: d.step,
          owner: d.owner,
          starts_on: d.startsOn,
          due_on: d.dueOn,
          deadline: d.deadline,
          done_on: d.doneOn,
        })),
      )
      .execute();
}

export async function setLastReviewed(tx: Tx, laCode: string, planId: string, on: IsoDate | null) {
  await db(tx)
    .updateTable('ehc_plans')
    .set({ last_reviewed_on: on, version: sql`version + 1` })
    .where('la_code', '=', laCode)
    .where('id', '=', planId)
    .execute();
}

export async function ceasePlan(
  tx: Tx,
  laCode: string,
  planId: string,
  c: { on: IsoDate; reason: string; toLa: string | null },
) {
  await db(tx)
    .updateTable('ehc_plans')
    .set({
      status: 'ceased',
      ended_on: c.on,
      cease_reason: c.reason,
      transferred_to_la: c.toLa,
      next_review_due: null,
      phase_transfer_to: null,
      phase_transfer_deadline: null,
      version: sql`version + 1`,
    })
    .where('la_code', '=', laCode)
    .where('id', '=', planId)
    .execute();
}

/** The plan's sections as they stand: the latest version of each. */
export async function currentSectionVersions(
  tx: Tx,
  laCode: string,
  planId: string,
): Promise<Map<string, { version: number; content: string }>> {
  const rows = await db(tx)
    .selectFrom('ehc_plan_sections')
    .select(['section', 'version', 'content'])
    .distinctOn('section')
    .where('la_code', '=', laCode)
    .where('plan_id', '=', planId)
    .orderBy('section')
    .orderBy('version', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.section, { version: r.version, content: r.content }]));
}

/**
 * The amended plan: each proposed section a new version (the old kept), the plan's next version
 * recorded with the section versions it is made of, and the setting it names.
 */
export async function issueAmendedPlan(
  tx: Tx,
  laCode: string,
  a: {
    planId: string;
    reviewId: string;
    on: IsoDate;
    sections: Record<string, string>;
    placement: {
      establishmentId: string | null;
      settingName: string;
      provision: string;
      startOn: IsoDate | null;
    } | null;
    by: string | null;
  },
): Promise<number> {
  const current = await currentSectionVersions(tx, laCode, a.planId);
  const made: Record<string, number> = {};
  for (const [code, v] of current) made[code] = v.version;
  const changed = Object.entries(a.sections).filter(([code, text]) => current.get(code)?.content !== text);
  if (changed.length)
    await db(tx)
      .insertInto('ehc_plan_sections')
      .values(
        changed.map(([code, text]) => {
          made[code] = (current.get(code)?.version ?? 0) + 1;
          return {
            la_code: laCode,
            plan_id: a.planId,
            section: code,
            version: made[code] ?? 1,
            content: text,
            written_by: a.by,
          };
        }),
      )
      .execute();
  const plan = await db(tx)
    .updateTable('ehc_plans')
    .set({
      plan_version: sql`plan_version + 1`,
      version: sql`version + 1`,
      ...(a.placement
        ? {
            establishment_id: a.placement.establishmentId,
            setting_name: a.placement.settingName,
            provision: a.placement.provision,
            placement_start_on: a.placement.startOn,
          }
        : {}),
    })
    .where('la_code', '=', laCode)
    .where('id', '=', a.planId)
    .returning(['plan_version as planVersion', 'setting_name as settingName'])
    .executeTakeFirstOrThrow();
  await db(tx)
    .insertInto('ehc_plan_versions')
    .values({
      la_code: laCode,
      plan_id: a.planId,
      number: plan.planVersion,
      issued_on: a.on,
      review_id: a.reviewId,
      sections: JSON.stringify(made),
      setting_name: plan.settingName,
      recorded_by: a.by,
    })
    .execute();
  return plan.planVersion;
}

/** The child's request still in progress, if any: a move away ends it, exported to the new LA. */
export async function exportOpenRequest(tx: Tx, laCode: string, childId: string, toLa: string, on: IsoDate) {
  const rows = await db(tx)
    .updateTable('ehc_requests')
    .set({
      stage: 'exported',
      exported_to_la: toLa,
      closed_on: on,
      next_due_on: null,
      next_due_step: null,
      version: sql`version + 1`,
    })
    .where('la_code', '=', laCode)
    .where('child_id', '=', childId)
    .where('closed_on', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Open reviews of a plan end when the plan transfers out; what they recorded stays. */
export async function closeOpenReviews(tx: Tx, laCode: string, planId: string, on: IsoDate) {
  await db(tx)
    .updateTable('ehc_reviews')
    .set({ closed_on: on, next_due_on: null, next_due_step: null, version: sql`version + 1` })
    .where('la_code', '=', laCode)
    .where('plan_id', '=', planId)
    .where('closed_on', 'is', null)
    .execute();
}

export async function isStaffOf(
  tx: Tx,
  laCode: string,
  userId: string,
  establishmentId: string,
): Promise<boolean> {
  const r = await sql<{ one: number }>`
    SELECT 1 AS one FROM establishment_staff
    WHERE la_code = ${laCode} AND user_id = ${userId} AND establishment_id = ${establishmentId}
    LIMIT 1`.execute(tx);
  return r.rows.length > 0;
}

export interface ReviewCounts {
  /** Reviews under way whose next step is past its date. */
  overdue: number;
  /** Reviews under way whose next step falls in the next 7 days. */
  dueWithin7Days: number;
  /** Plans in force whose review date has passed with no decision. */
  plansOverdue: number;
  /** Plans in force whose review falls in the next 8 weeks with no review begun. */
  notStarted: number;
}

/** The counts a home page shows: a coordinator's own reviews, or (no coordinator) the LA's. */
export async function reviewCounts(
  tx: Tx,
  laCode: string,
  today: IsoDate,
  coordinatorId: string | null,
): Promise<ReviewCounts> {
  const mine = coordinatorId ? sql`AND r.coordinator_id = ${coordinatorId}` : sql``;
  const { rows } = await sql<ReviewCounts>`
    SELECT
      (SELECT count(*)::int FROM ehc_reviews r WHERE r.la_code = ${laCode} AND r.closed_on IS NULL
        AND r.next_due_on < ${today} ${mine}) AS "overdue",
      (SELECT count(*)::int FROM ehc_reviews r WHERE r.la_code = ${laCode} AND r.closed_on IS NULL
        AND r.next_due_on BETWEEN ${today} AND ${today}::date + 7 ${mine}) AS "dueWithin7Days",
      (SELECT count(*)::int FROM ehc_plans p WHERE p.la_code = ${laCode} AND p.status = 'active'
        AND p.next_review_due < ${today}) AS "plansOverdue",
      (SELECT count(*)::int FROM ehc_plans p WHERE p.la_code = ${laCode} AND p.status = 'active'
        AND p.next_review_due BETWEEN ${today} AND ${today}::date + 56
        AND NOT EXISTS (SELECT 1 FROM ehc_reviews r WHERE r.plan_id = p.id AND r.closed_on IS NULL)) AS "notStarted"`.execute(
    tx,
  );
  return rows[0] ?? { overdue: 0, dueWithin7Days: 0, plansOverdue: 0, notStarted: 0 };
}

/** The review reports these schools owe (reg 20(8)): open reviews whose meeting was held and whose report has not come. */
export function reportsOwedAt(
  tx: Tx,
  laCode: string,
  settingIds: readonly string[],
): Promise<{ reviewId: string; childId: string; dueOn: IsoDate }[]> {
  if (!settingIds.length) return Promise.resolve([]);
  return db(tx)
    .selectFrom('ehc_reviews as r')
    .innerJoin('ehc_review_deadlines as d', (j) =>
      j.onRef('d.review_id', '=', 'r.id').onRef('d.la_code', '=', 'r.la_code').on('d.step', '=', 'report'),
    )
    .select(['r.id as reviewId', 'r.child_id as childId', iso('d.due_on').as('dueOn')])
    .where('r.la_code', '=', laCode)
    .where('r.closed_on', 'is', null)
    .where('d.done_on', 'is', null)
    .where('r.establishment_id', 'in', settingIds)
    .orderBy('d.due_on')
    .execute();
}
