import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Tx } from '../../../../platform/db/tenancy.ts';
import type { IsoDate } from '../../../../platform/kernel/dates.ts';
import type { CompletionStep, MonthCount } from './domain/lists.ts';

/**
 * SQL for the review lists, the school's view and the completion figures. Each active plan's
 * next review due and coming phase transfer are stored (reviews/plan-dates.ts), so every list
 * here reads them by index; whether a date is past depends on the day, so `today` is a parameter
 * of every query that decides it.
 *
 * A plan's setting is the one its open review's report is asked of, else the one the plan
 * names, else the child's school; its coordinator is the open review's, else the one who holds
 * the request the plan came from.
 */

/** The filters of a list, each already checked and resolved to IDs. */
export interface PlanFilter {
  /** A coordinator's ID, null for plans nobody holds, undefined for anyone's. */
  coordinatorId?: string | null | undefined;
  /** The settings to keep; empty keeps none. */
  settingIds?: readonly string[] | undefined;
  childId?: string | undefined;
}

export interface PlanRow {
  planId: string;
  childId: string;
  forename: string;
  surname: string;
  dateOfBirth: IsoDate;
  upn: string | null;
  settingId: string | null;
  settingName: string | null;
  issuedOn: IsoDate;
  lastReviewedOn: IsoDate | null;
  nextReviewDue: IsoDate | null;
  phaseTransferTo: string | null;
  phaseTransferDeadline: IsoDate | null;
  reviewId: string | null;
  reviewStage: string | null;
  meetingOn: IsoDate | null;
  heldOn: IsoDate | null;
  reportOn: IsoDate | null;
  nextDueStep: string | null;
  nextDueOn: IsoDate | null;
  coordinatorId: string | null;
}

const setting = sql`COALESCE(o.establishment_id, p.establishment_id, c.establishment_id)`;
const coordinator = sql`COALESCE(o.coordinator_id, q.coordinator_id)`;
const d = (column: string) => sql`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

/** The last day of the Code of Practice's 3 to 6 months (9.178), from the plan's making or last review. */
const recommendedBy = sql`((GREATEST(p.issued_on, COALESCE(p.last_reviewed_on, p.issued_on)) + interval '6 months')::date - 1)`;

const planColumns = sql`p.id AS "planId", p.child_id AS "childId", c.forename, c.surname,
  ${d('c.date_of_birth')} AS "dateOfBirth", c.upn, ${setting} AS "settingId",
  COALESCE(e.name, p.setting_name) AS "settingName",
  ${d('p.issued_on')} AS "issuedOn", ${d('p.last_reviewed_on')} AS "lastReviewedOn",
  ${d('p.next_review_due')} AS "nextReviewDue", p.phase_transfer_to AS "phaseTransferTo",
  ${d('p.phase_transfer_deadline')} AS "phaseTransferDeadline",
  o.id AS "reviewId", o.stage AS "reviewStage", ${d('o.meeting_on')} AS "meetingOn",
  ${d('o.held_on')} AS "heldOn", ${d('o.report_on')} AS "reportOn",
  o.next_due_step AS "nextDueStep", ${d('o.next_due_on')} AS "nextDueOn",
  ${coordinator} AS "coordinatorId"`;

const planJoins = sql`FROM ehc_plans p
  JOIN children c ON c.la_code = p.la_code AND c.id = p.child_id
  LEFT JOIN ehc_reviews o ON o.la_code = p.la_code AND o.plan_id = p.id AND o.closed_on IS NULL
  LEFT JOIN ehc_requests q ON q.la_code = p.la_code AND q.id = p.request_id
  LEFT JOIN establishments e ON e.la_code = p.la_code AND e.id = ${setting}`;

/**
 * Only the joins a filter reads, for counting: unfiltered, a count reads the plans' index alone
 * rather than every plan's child, review and request.
 */
function joinsFor(f: PlanFilter) {
  const bySetting = f.settingIds !== undefined;
  const byCoordinator = f.coordinatorId !== undefined;
  return sql`FROM ehc_plans p
    ${bySetting ? sql`JOIN children c ON c.la_code = p.la_code AND c.id = p.child_id` : sql``}
    ${bySetting || byCoordinator ? sql`LEFT JOIN ehc_reviews o ON o.la_code = p.la_code AND o.plan_id = p.id AND o.closed_on IS NULL` : sql``}
    ${byCoordinator ? sql`LEFT JOIN ehc_requests q ON q.la_code = p.la_code AND q.id = p.request_id` : sql``}`;
}

function filterSql(f: PlanFilter): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (f.coordinatorId === null) parts.push(sql`${coordinator} IS NULL`);
  else if (f.coordinatorId) parts.push(sql`${coordinator} = ${f.coordinatorId}::uuid`);
  if (f.settingIds) parts.push(sql`${setting} = ANY(${[...f.settingIds]}::uuid[])`);
  if (f.childId) parts.push(sql`p.child_id = ${f.childId}::uuid`);
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

const page = (limit: number, offset: number) => sql`LIMIT ${limit} OFFSET ${offset}`;

/**
 * The plans on the due list: due from today to the window's end, and children under 5 whose
 * recommended review (Code of Practice 9.178) falls by then and whose statutory review is not
 * overdue. The under-fives are found from the children's dates of birth, so neither part reads
 * every plan.
 */
const dueSet = (laCode: string, today: IsoDate, windowEnd: IsoDate) => sql`
  SELECT p.id FROM ehc_plans p
  WHERE p.la_code = ${laCode} AND p.status = 'active'
    AND p.next_review_due BETWEEN ${today}::date AND ${windowEnd}::date
  UNION
  SELECT p.id FROM children c
  JOIN ehc_plans p ON p.la_code = c.la_code AND p.child_id = c.id AND p.status = 'active'
  WHERE c.la_code = ${laCode} AND c.date_of_birth > (${windowEnd}::date - interval '6 years')::date
    AND p.next_review_due >= ${today}::date AND ${recommendedBy} <= ${windowEnd}::date
    AND extract(year FROM age(${recommendedBy}, c.date_of_birth)) < 5`;

/** The due list by setting, then the soonest due, a page at a time. */
export async function dueWithin(
  tx: Tx,
  laCode: string,
  today: IsoDate,
  windowEnd: IsoDate,
  f: PlanFilter,
  limit: number,
  offset: number,
): Promise<(PlanRow & { total: number })[]> {
  const { rows } = await sql<PlanRow & { total: number }>`
    WITH due AS (${dueSet(laCode, today, windowEnd)})
    SELECT ${planColumns}, (count(*) OVER ())::int AS total ${planJoins}
    WHERE p.la_code = ${laCode} AND p.id = ANY(ARRAY(SELECT id FROM due)) AND ${filterSql(f)}
    ORDER BY COALESCE(e.name, p.setting_name) NULLS LAST, ${setting} NULLS LAST,
      LEAST(p.next_review_due, ${recommendedBy}), c.surname, c.forename, p.id
    ${page(limit, offset)}`.execute(tx);
  return rows;
}

/**
 * Active plans whose review is overdue, the most overdue first, a page at a time, in the order of
 * the plans' index of due dates. Their number comes from `overdueByDays`.
 */
export async function overdue(
  tx: Tx,
  laCode: string,
  today: IsoDate,
  f: PlanFilter,
  limit: number,
  offset: number,
): Promise<PlanRow[]> {
  const { rows } = await sql<PlanRow>`SELECT ${planColumns} ${planJoins}
    WHERE p.la_code = ${laCode} AND p.status = 'active' AND p.next_review_due < ${today}::date AND ${filterSql(f)}
    ORDER BY p.next_review_due, p.id
    ${page(limit, offset)}`.execute(tx);
  return rows;
}

/** Overdue plans counted by how many days overdue each is. */
export async function overdueByDays(
  tx: Tx,
  laCode: string,
  today: IsoDate,
  f: PlanFilter,
): Promise<{ days: number; count: number }[]> {
  const { rows } = await sql<{ days: number; count: number }>`
    SELECT (${today}::date - p.next_review_due)::int AS days, count(*)::int AS count ${joinsFor(f)}
    WHERE p.la_code = ${laCode} AND p.status = 'active' AND p.next_review_due < ${today}::date AND ${filterSql(f)}
    GROUP BY 1`.execute(tx);
  return rows;
}

/** How many plans are on the due list, and how many are overdue. */
export async function dueCounts(
  tx: Tx,
  laCode: string,
  today: IsoDate,
  windowEnd: IsoDate,
  f: PlanFilter,
): Promise<{ due: number; overdue: number }> {
  const { rows } = await sql<{ due: number; overdue: number }>`
    WITH due AS (${dueSet(laCode, today, windowEnd)})
    SELECT (SELECT count(*)::int ${joinsFor(f)}
        WHERE p.la_code = ${laCode} AND p.id = ANY(ARRAY(SELECT id FROM due)) AND ${filterSql(f)}) AS due,
      (SELECT count(*)::int ${joinsFor(f)}
        WHERE p.la_code = ${laCode} AND p.status = 'active' AND p.next_review_due < ${today}::date
          AND ${filterSql(f)}) AS overdue`.execute(tx);
  return rows[0] ?? { due: 0, overdue: 0 };
}

export interface PhaseRow {
  planId: string;
  childId: string;
  settingId: string | null;
  to: string;
  deadline: IsoDate;
  amendedOn: IsoDate | null;
  /** The review open on the plan now, if any. */
  reviewId: string | null;
  reviewStage: string | null;
  nextDueStep: string | null;
  nextDueOn: IsoDate | null;
  coordinatorId: string | null;
  surname: string;
  forename: string;
}

/**
 * The phase-transfer cohort: active plans with a deadline in the window (February and March of
 * the transfer year), by the plan's stored transfer or by a review begun for one, since an
 * amended plan naming the next school may no longer have a transfer coming. The review for the
 * transfer gives the amendment's date.
 */
export async function phaseCohort(
  tx: Tx,
  laCode: string,
  from: IsoDate,
  to: IsoDate,
  f: PlanFilter,
): Promise<PhaseRow[]> {
  const { rows } = await sql<PhaseRow>`
    WITH pr AS (
      SELECT DISTINCT ON (plan_id) plan_id, phase_transfer_to, phase_transfer_deadline, amended_on
      FROM ehc_reviews
      WHERE la_code = ${laCode} AND phase_transfer_deadline BETWEEN ${from}::date AND ${to}::date
      ORDER BY plan_id, starts_on DESC
    ), cohort AS (
      SELECT plan_id AS id FROM pr
      UNION
      SELECT id FROM ehc_plans
      WHERE la_code = ${laCode} AND status = 'active'
        AND phase_transfer_deadline BETWEEN ${from}::date AND ${to}::date
    )
    SELECT p.id AS "planId", p.child_id AS "childId", ${setting} AS "settingId",
      COALESCE(pr.phase_transfer_to, p.phase_transfer_to) AS to,
      to_char(COALESCE(pr.phase_transfer_deadline, p.phase_transfer_deadline), 'YYYY-MM-DD') AS deadline,
      ${d('pr.amended_on')} AS "amendedOn",
      o.id AS "reviewId", o.stage AS "reviewStage", o.next_due_step AS "nextDueStep",
      ${d('o.next_due_on')} AS "nextDueOn", ${coordinator} AS "coordinatorId", c.surname, c.forename
    FROM ehc_plans p
    JOIN children c ON c.la_code = p.la_code AND c.id = p.child_id
    LEFT JOIN pr ON pr.plan_id = p.id
    LEFT JOIN ehc_reviews o ON o.la_code = p.la_code AND o.plan_id = p.id AND o.closed_on IS NULL
    LEFT JOIN ehc_requests q ON q.la_code = p.la_code AND q.id = p.request_id
    WHERE p.la_code = ${laCode} AND p.id = ANY(ARRAY(SELECT id FROM cohort)) AND p.status = 'active'
      AND ${filterSql(f)}`.execute(tx);
  return rows;
}

/** Who these children are and where their plans' settings are, for the page of a list built elsewhere. */
export async function plansByIds(tx: Tx, laCode: string, planIds: readonly string[]): Promise<PlanRow[]> {
  if (!planIds.length) return [];
  const { rows } = await sql<PlanRow>`SELECT ${planColumns} ${planJoins}
    WHERE p.la_code = ${laCode} AND p.id = ANY(${[...planIds]}::uuid[])`.execute(tx);
  return rows;
}

/** `GET /api/v1/ehc/reviews`: active plans by the API's filters, the soonest due first. */
export interface ApiFilter extends PlanFilter {
  /** Due strictly before this day. */
  dueBefore?: IsoDate | undefined;
  overdue?: boolean | undefined;
}

function apiFilterSql(f: ApiFilter, today: IsoDate) {
  const parts: RawBuilder<unknown>[] = [filterSql(f)];
  if (f.dueBefore) parts.push(sql`p.next_review_due < ${f.dueBefore}::date`);
  if (f.overdue === true) parts.push(sql`p.next_review_due < ${today}::date`);
  if (f.overdue === false)
    parts.push(sql`(p.next_review_due >= ${today}::date OR p.next_review_due IS NULL)`);
  return sql.join(parts, sql` AND `);
}

/** A page of the API's plans, in the order of the plans' index of due dates. */
export async function plansForApi(
  tx: Tx,
  laCode: string,
  today: IsoDate,
  f: ApiFilter,
  limit: number,
  offset: number,
): Promise<PlanRow[]> {
  const { rows } = await sql<PlanRow>`SELECT ${planColumns} ${planJoins}
    WHERE p.la_code = ${laCode} AND p.status = 'active' AND ${apiFilterSql(f, today)}
    ORDER BY p.next_review_due NULLS LAST, p.id
    ${page(limit, offset)}`.execute(tx);
  return rows;
}

/** How many plans the API's filters match. */
export async function countForApi(tx: Tx, laCode: string, today: IsoDate, f: ApiFilter): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n ${joinsFor(f)}
    WHERE p.la_code = ${laCode} AND p.status = 'active' AND ${apiFilterSql(f, today)}`.execute(tx);
  return rows[0]?.n ?? 0;
}

/** Every active plan of a school's pupils: those whose report is to write first, then the soonest due. */
export async function plansAtSettings(
  tx: Tx,
  laCode: string,
  settingIds: readonly string[],
): Promise<PlanRow[]> {
  if (!settingIds.length) return [];
  const { rows } = await sql<PlanRow>`SELECT ${planColumns} ${planJoins}
    WHERE p.la_code = ${laCode} AND p.status = 'active' AND ${filterSql({ settingIds })}
    ORDER BY (o.held_on IS NOT NULL AND o.report_on IS NULL) DESC, o.held_on,
      p.next_review_due NULLS LAST, c.surname, c.forename, p.id`.execute(tx);
  return rows;
}

export interface ReviewRow {
  id: string;
  planId: string;
  childId: string;
  settingId: string | null;
  settingName: string | null;
  kind: string;
  stage: string;
  dueOn: IsoDate;
  meetingOn: IsoDate | null;
  heldOn: IsoDate | null;
  reportOn: IsoDate | null;
  closedOn: IsoDate | null;
  phaseTransferTo: string | null;
  phaseTransferDeadline: IsoDate | null;
  planVersion: number;
  /** The review's version, so a report sent from a page read before a change is refused, not saved over it. */
  version: number;
}

/** One review of the LA's, with the setting it asks for a report. */
export async function reviewById(tx: Tx, laCode: string, id: string): Promise<ReviewRow | undefined> {
  const { rows } = await sql<ReviewRow>`SELECT r.id, r.plan_id AS "planId", r.child_id AS "childId",
      r.establishment_id AS "settingId", e.name AS "settingName", r.kind, r.stage,
      ${d('r.due_on')} AS "dueOn", ${d('r.meeting_on')} AS "meetingOn", ${d('r.held_on')} AS "heldOn",
      ${d('r.report_on')} AS "reportOn", ${d('r.closed_on')} AS "closedOn",
      r.phase_transfer_to AS "phaseTransferTo", ${d('r.phase_transfer_deadline')} AS "phaseTransferDeadline",
      p.plan_version AS "planVersion", r.version
    FROM ehc_reviews r
    JOIN ehc_plans p ON p.la_code = r.la_code AND p.id = r.plan_id
    LEFT JOIN establishments e ON e.la_code = r.la_code AND e.id = r.establishment_id
    WHERE r.la_code = ${laCode} AND r.id = ${id}::uuid`.execute(tx);
  return rows[0];
}

// ── Completion figures ──────────────────────────────────────────────────────────────────

const steps: CompletionStep[] = ['decision', 'review-due', 'phase-transfer'];

/**
 * Each measure's deadlines that fell due in the period and are settled, month by month: met by
 * their last day, or done late, or still undone after it. Plans whose review fell due, or whose
 * phase transfer deadline passed, with no review begun for it have no deadline row: they are
 * counted as missed beside them.
 */
export async function completionByMonth(
  tx: Tx,
  laCode: string,
  from: IsoDate,
  to: IsoDate,
  today: IsoDate,
  f: PlanFilter,
): Promise<MonthCount[]> {
  const reviewFilter: RawBuilder<unknown>[] = [sql`true`];
  if (f.coordinatorId === null) reviewFilter.push(sql`r.coordinator_id IS NULL`);
  else if (f.coordinatorId) reviewFilter.push(sql`r.coordinator_id = ${f.coordinatorId}::uuid`);
  if (f.settingIds) reviewFilter.push(sql`r.establishment_id = ANY(${[...f.settingIds]}::uuid[])`);
  const month = (date: RawBuilder<unknown>) => sql`to_char(date_trunc('month', ${date}), 'YYYY-MM-DD')`;
  const phaseDue = sql`(p.phase_transfer_deadline - 1)`;
  const { rows } = await sql<MonthCount>`
    SELECT ${month(sql`x.due_on`)} AS month, x.step, (count(*) FILTER (WHERE x.done_on <= x.due_on))::int AS met,
      count(*)::int AS counted
    FROM ehc_review_deadlines x
    ${reviewFilter.length > 1 ? sql`JOIN ehc_reviews r ON r.la_code = x.la_code AND r.id = x.review_id` : sql``}
    WHERE x.la_code = ${laCode} AND x.step = ANY(${steps}::text[])
      AND x.due_on BETWEEN ${from}::date AND ${to}::date
      AND (x.done_on IS NOT NULL OR x.due_on < ${today}::date)
      AND ${sql.join(reviewFilter, sql` AND `)}
    GROUP BY 1, 2
    UNION ALL
    SELECT ${month(sql`p.next_review_due`)}, 'review-due', 0, count(*)::int ${joinsFor(f)}
    WHERE p.la_code = ${laCode} AND p.status = 'active' AND ${filterSql(f)}
      AND p.next_review_due BETWEEN ${from}::date AND ${to}::date AND p.next_review_due < ${today}::date
      AND NOT EXISTS (SELECT 1 FROM ehc_reviews s
        WHERE s.la_code = p.la_code AND s.plan_id = p.id AND s.due_on = p.next_review_due)
    GROUP BY 1
    UNION ALL
    SELECT ${month(phaseDue)}, 'phase-transfer', 0, count(*)::int ${joinsFor(f)}
    WHERE p.la_code = ${laCode} AND p.status = 'active' AND ${filterSql(f)}
      AND ${phaseDue} BETWEEN ${from}::date AND ${to}::date AND ${phaseDue} < ${today}::date
      AND NOT EXISTS (SELECT 1 FROM ehc_reviews s
        WHERE s.la_code = p.la_code AND s.plan_id = p.id AND s.phase_transfer_deadline = p.phase_transfer_deadline)
    GROUP BY 1`.execute(tx);
  return rows;
}
