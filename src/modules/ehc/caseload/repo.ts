import { type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { iso, isoOrNull } from '../../../platform/db/dates.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { IsoDate } from '../../../platform/kernel/dates.ts';
import { childListing } from '../../children/index.ts';
import type { EhcTables } from '../tables.ts';

/**
 * SQL for caseloads, lists and the team dashboard. Whether an undone deadline is due or missed
 * depends on the day, so `today` is a parameter of every query that decides it.
 */

const db = (tx: Tx) => tx.withTables<EhcTables>();

export interface RequestListRow {
  id: string;
  childId: string;
  forename: string;
  surname: string;
  dateOfBirth: IsoDate;
  upn: string | null;
  establishmentId: string | null;
  kind: string;
  receivedOn: IsoDate;
  stage: string;
  coordinatorId: string | null;
  nextDueOn: IsoDate | null;
  nextDueStep: string | null;
  closedOn: IsoDate | null;
  total: number;
}

/** A list's filters as SQL can apply them: each already checked and resolved to IDs and dates. */
export interface RequestFilter {
  /** An ID prefix from a typed reference (EHC-1A2B3C4D). */
  referencePrefix?: string | undefined;
  status: 'open' | 'closed' | 'any';
  stage?: string | undefined;
  kind?: string | undefined;
  /** A coordinator's ID, or null for requests nobody holds. */
  coordinatorId?: string | null | undefined;
  establishmentIds?: readonly string[] | undefined;
  due?: 'overdue' | 'within-7-days' | undefined;
  /** Open and received more than 140 days before today. */
  backlog?: boolean | undefined;
  /** Allocated on or after this day. */
  allocatedSince?: IsoDate | undefined;
  sort: 'next-due' | 'child' | 'age' | 'received' | 'stage' | 'coordinator';
  order: 'asc' | 'desc';
  /** Caseworkers' IDs in the order of their names, to sort by coordinator without reading names here. */
  coordinatorOrder?: readonly string[] | undefined;
  today: IsoDate;
  limit: number;
  offset: number;
}

/**
 * Requests found by search and filters, sorted as asked, a page at a time, with the child each is
 * about. Whichever column leads, ties go to the soonest due, then the oldest request.
 */
export function listRequests(
  tx: Tx,
  laCode: string,
  f: RequestFilter,
  childIds?: SelectQueryBuilder<never, never, { id: string }>,
): Promise<RequestListRow[]> {
  const dir = f.order === 'desc' ? sql`DESC` : sql`ASC`;
  let q = db(tx)
    .selectFrom('ehc_requests as r')
    .innerJoin(childListing(tx, laCode).as('c'), 'c.id', 'r.child_id')
    .select([
      'r.id',
      'r.child_id as childId',
      'c.forename',
      'c.surname',
      'c.dateOfBirth',
      'c.upn',
      'c.establishmentId',
      'r.kind',
      iso('r.received_on').as('receivedOn'),
      'r.stage',
      'r.coordinator_id as coordinatorId',
      isoOrNull('r.next_due_on').as('nextDueOn'),
      'r.next_due_step as nextDueStep',
      isoOrNull('r.closed_on').as('closedOn'),
      sql<number>`(count(*) OVER ())::int`.as('total'),
    ])
    .where('r.la_code', '=', laCode);
  if (childIds) q = q.where('r.child_id', 'in', childIds);
  if (f.referencePrefix)
    q = q.where(
      sql<SqlBool>`r.id BETWEEN ${uuidFloor(f.referencePrefix)}::uuid AND ${uuidCeiling(f.referencePrefix)}::uuid`,
    );
  if (f.status === 'open') q = q.where('r.closed_on', 'is', null);
  if (f.status === 'closed') q = q.where('r.closed_on', 'is not', null);
  if (f.stage) q = q.where('r.stage', '=', f.stage);
  if (f.kind) q = q.where('r.kind', '=', f.kind);
  if (f.coordinatorId !== undefined)
    q =
      f.coordinatorId === null
        ? q.where('r.coordinator_id', 'is', null)
        : q.where('r.coordinator_id', '=', f.coordinatorId);
  if (f.establishmentIds)
    q = f.establishmentIds.length
      ? q.where('c.establishmentId', 'in', f.establishmentIds)
      : q.where(sql<SqlBool>`false`);
  if (f.due === 'overdue') q = q.where('r.next_due_on', '<', f.today);
  if (f.due === 'within-7-days')
    q = q.where(sql<SqlBool>`r.next_due_on BETWEEN ${f.today}::date AND ${f.today}::date + 7`);
  if (f.backlog)
    q = q.where('r.closed_on', 'is', null).where(sql<SqlBool>`r.received_on < ${f.today}::date - 140`);
  if (f.allocatedSince)
    q = q.where(
      sql<SqlBool>`r.allocated_at >= (${f.allocatedSince}::date)::timestamp AT TIME ZONE 'Europe/London'`,
    );
  const byKey = {
    'next-due': sql`r.next_due_on ${dir} NULLS LAST`,
    child: sql`c.surname ${dir}, c.forename ${dir}`,
    // The youngest first when age goes up: the latest date of birth.
    age: sql`c.date_of_birth ${f.order === 'desc' ? sql`ASC` : sql`DESC`}`,
    received: sql`r.received_on ${dir}`,
    stage: sql`array_position(${sql.val(stageOrder)}::text[], r.stage) ${dir}`,
    coordinator: sql`array_position(${sql.val([...(f.coordinatorOrder ?? [])])}::uuid[], r.coordinator_id) ${dir} NULLS LAST`,
  } as const;
  return q
    .orderBy(byKey[f.sort])
    .orderBy(sql`r.next_due_on NULLS LAST`)
    .orderBy('r.received_on')
    .orderBy('r.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute() as Promise<RequestListRow[]>;
}

/** The order the steps come in, for tables by step. */
const stepOrder = [
  'plan-transferred',
  'family-told-of-transfer',
  'decide-whether-to-assess',
  'advice',
  'decide-not-to-issue',
  'draft-comments',
  'consultation',
  'final-plan',
  'appeal-window',
];

/** The process's order of stages, for sorting: the earliest first, the closed ones after. */
const stageOrder = [
  'deciding-whether-to-assess',
  'assessing',
  'drafting',
  'awaiting-transfer',
  'issued',
  'not-issued',
  'refused',
  'transferred',
];

/** The lowest and highest UUIDs starting with a hex prefix, so a typed reference reads the primary key's range. */
const uuidFloor = (prefix: string) => uuidOf(prefix.padEnd(32, '0'));
const uuidCeiling = (prefix: string) => uuidOf(prefix.padEnd(32, 'f'));
const uuidOf = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

// ── Team dashboard ──────────────────────────────────────────────────────────────────────

export interface AllocationRow {
  coordinatorId: string | null;
  open: number;
  overdue: number;
  dueWithin7Days: number;
}

export function allocation(tx: Tx, laCode: string, today: IsoDate): Promise<AllocationRow[]> {
  return db(tx)
    .selectFrom('ehc_requests')
    .select([
      'coordinator_id as coordinatorId',
      sql<number>`count(*)::int`.as('open'),
      sql<number>`(count(*) FILTER (WHERE next_due_on < ${today}::date))::int`.as('overdue'),
      sql<number>`(count(*) FILTER (WHERE next_due_on BETWEEN ${today}::date AND ${today}::date + 7))::int`.as(
        'dueWithin7Days',
      ),
    ])
    .where('la_code', '=', laCode)
    .where('closed_on', 'is', null)
    .groupBy('coordinator_id')
    .execute();
}

export interface StageWeekRow {
  stage: string;
  /** Whole weeks since the request was received, today. */
  week: number;
  count: number;
}

export function openByStageAndWeek(tx: Tx, laCode: string, today: IsoDate): Promise<StageWeekRow[]> {
  return db(tx)
    .selectFrom('ehc_requests')
    .select([
      'stage',
      sql<number>`((${today}::date - received_on) / 7)::int`.as('week'),
      sql<number>`count(*)::int`.as('count'),
    ])
    .where('la_code', '=', laCode)
    .where('closed_on', 'is', null)
    .groupBy(['stage', sql`2`])
    .execute();
}

export interface TimelinessRow {
  issued: number;
  within20Weeks: number;
  over20To52Weeks: number;
  over52Weeks: number;
  issuedEx: number;
  within20WeeksEx: number;
  over20To52WeeksEx: number;
  over52WeeksEx: number;
}

/** The DfE's measure (domain/timeliness.ts) in SQL: new plans issued in the year, by weeks from request. */
export function timeliness(tx: Tx, laCode: string, year: number): Promise<TimelinessRow> {
  return timelinessBetween(tx, laCode, `${year}-01-01`, `${year + 1}-01-01`);
}

/** The same measure over any span: new plans issued from `from` up to, not including, `until`. */
export async function timelinessBetween(
  tx: Tx,
  laCode: string,
  from: IsoDate,
  until: IsoDate,
): Promise<TimelinessRow> {
  const days = sql`(final_issued_on - received_on)`;
  const ex = sql`NOT week20_exception`;
  const r = await db(tx)
    .selectFrom('ehc_requests')
    .select([
      sql<number>`count(*)::int`.as('issued'),
      sql<number>`(count(*) FILTER (WHERE ${days} <= 140))::int`.as('within20Weeks'),
      sql<number>`(count(*) FILTER (WHERE ${days} > 140 AND ${days} <= 364))::int`.as('over20To52Weeks'),
      sql<number>`(count(*) FILTER (WHERE ${days} > 364))::int`.as('over52Weeks'),
      sql<number>`(count(*) FILTER (WHERE ${ex}))::int`.as('issuedEx'),
      sql<number>`(count(*) FILTER (WHERE ${ex} AND ${days} <= 140))::int`.as('within20WeeksEx'),
      sql<number>`(count(*) FILTER (WHERE ${ex} AND ${days} > 140 AND ${days} <= 364))::int`.as(
        'over20To52WeeksEx',
      ),
      sql<number>`(count(*) FILTER (WHERE ${ex} AND ${days} > 364))::int`.as('over52WeeksEx'),
    ])
    .where('la_code', '=', laCode)
    .where('kind', '=', 'new')
    .where('final_issued_on', '>=', from)
    .where('final_issued_on', '<', until)
    .executeTakeFirstOrThrow();
  return r;
}

export interface WeekRow {
  weekStarting: IsoDate;
  received: number;
  issued: number;
  issuedWithin20WeeksEx: number;
  issuedEx: number;
}

/** Week by week (Monday to Sunday) through the year: requests received, plans issued and how many on time. */
export async function weeklyTrend(tx: Tx, laCode: string, year: number): Promise<WeekRow[]> {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const r = await sql<WeekRow>`
    WITH received AS (
      SELECT date_trunc('week', received_on)::date AS w, count(*)::int AS n
      FROM ehc_requests WHERE la_code = ${laCode} AND received_on >= ${from}::date AND received_on < ${to}::date
      GROUP BY 1
    ), issued AS (
      SELECT date_trunc('week', final_issued_on)::date AS w, count(*)::int AS n,
        (count(*) FILTER (WHERE NOT week20_exception AND final_issued_on - received_on <= 140))::int AS on_time,
        (count(*) FILTER (WHERE NOT week20_exception))::int AS n_ex
      FROM ehc_requests
      WHERE la_code = ${laCode} AND kind = 'new' AND final_issued_on >= ${from}::date AND final_issued_on < ${to}::date
      GROUP BY 1
    )
    SELECT to_char(coalesce(r.w, i.w), 'YYYY-MM-DD') AS "weekStarting", coalesce(r.n, 0) AS received,
      coalesce(i.n, 0) AS issued, coalesce(i.on_time, 0) AS "issuedWithin20WeeksEx", coalesce(i.n_ex, 0) AS "issuedEx"
    FROM received r FULL JOIN issued i ON i.w = r.w
    ORDER BY 1`.execute(tx);
  return r.rows;
}

export interface BreachCountRow {
  step: string;
  missed: number;
  excepted: number;
}

const late = (today: IsoDate) => sql<boolean>`(coalesce(d.done_on, ${today}::date) > d.due_on)`;

/** LA and adviser deadlines that fell due in the year and were (or are being) missed, by step. */
export function breachesByStep(
  tx: Tx,
  laCode: string,
  year: number,
  today: IsoDate,
): Promise<BreachCountRow[]> {
  return db(tx)
    .selectFrom('ehc_deadlines as d')
    .select([
      'd.step',
      sql<number>`(count(*) FILTER (WHERE d.excepted_by IS NULL))::int`.as('missed'),
      sql<number>`(count(*) FILTER (WHERE d.excepted_by IS NOT NULL))::int`.as('excepted'),
    ])
    .where('d.la_code', '=', laCode)
    .where('d.owner', '<>', 'family')
    .where('d.due_on', '>=', `${year}-01-01`)
    .where('d.due_on', '<', `${year + 1}-01-01`)
    .where('d.due_on', '<', today)
    .where(late(today))
    .groupBy('d.step')
    .orderBy(sql`array_position(${sql.val(stepOrder)}::text[], d.step)`)
    .execute();
}

export interface BreachRow {
  requestId: string;
  childId: string;
  coordinatorId: string | null;
  step: string;
  owner: string;
  dueOn: IsoDate;
  doneOn: IsoDate | null;
  daysLate: number;
  exceptedBy: string | null;
  /** The earlier deadlines of the same request that also ran late: "step|owner|days late|what it is about". */
  lateBefore: string[];
}

/** The most recent breaches of the LA's own deadlines, each with what held it up. */
export function recentBreaches(
  tx: Tx,
  laCode: string,
  year: number,
  today: IsoDate,
  limit: number,
): Promise<BreachRow[]> {
  return db(tx)
    .selectFrom('ehc_deadlines as d')
    .innerJoin('ehc_requests as r', (j) =>
      j.onRef('r.id', '=', 'd.request_id').onRef('r.la_code', '=', 'd.la_code'),
    )
    .select([
      'd.request_id as requestId',
      'r.child_id as childId',
      'r.coordinator_id as coordinatorId',
      'd.step',
      'd.owner',
      iso('d.due_on').as('dueOn'),
      isoOrNull('d.done_on').as('doneOn'),
      sql<number>`(coalesce(d.done_on, ${today}::date) - d.due_on)::int`.as('daysLate'),
      'd.excepted_by as exceptedBy',
      sql<
        string[]
      >`ARRAY(SELECT u.step || '|' || u.owner || '|' || (coalesce(u.done_on, ${today}::date) - u.due_on) || '|' || coalesce(u.subject_label, '')
        FROM ehc_deadlines u
        WHERE u.la_code = d.la_code AND u.request_id = d.request_id AND u.owner <> 'family'
          AND (u.step, u.subject_id) <> (d.step, d.subject_id)
          AND u.due_on <= d.due_on AND coalesce(u.done_on, ${today}::date) > u.due_on
        ORDER BY u.due_on)`.as('lateBefore'),
    ])
    .where('d.la_code', '=', laCode)
    .where('d.owner', '=', 'la')
    .where('d.due_on', '>=', `${year}-01-01`)
    .where('d.due_on', '<', `${year + 1}-01-01`)
    .where('d.due_on', '<', today)
    .where(late(today))
    .orderBy('d.due_on', 'desc')
    .orderBy('d.request_id')
    .limit(limit)
    .execute();
}

export async function activePlanCount(tx: Tx, laCode: string): Promise<number> {
  const r = await db(tx)
    .selectFrom('ehc_plans')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('la_code', '=', laCode)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return r.n;
}

// ── Home page ───────────────────────────────────────────────────────────────────────────

export interface HomeRow {
  id: string;
  childId: string;
  nextDueOn: IsoDate | null;
  nextDueStep: string | null;
  /** Given to this coordinator on or after the day asked about. */
  newlyAllocated: boolean;
}

/** A coordinator's open requests, soonest due first, each marked if it came to them since `since`. */
export function openRequestsOf(tx: Tx, laCode: string, userId: string, since: IsoDate): Promise<HomeRow[]> {
  return db(tx)
    .selectFrom('ehc_requests')
    .select([
      'id',
      'child_id as childId',
      isoOrNull('next_due_on').as('nextDueOn'),
      'next_due_step as nextDueStep',
      sql<boolean>`coalesce(allocated_at >= (${since}::date)::timestamp AT TIME ZONE 'Europe/London', false)`.as(
        'newlyAllocated',
      ),
    ])
    .where('la_code', '=', laCode)
    .where('coordinator_id', '=', userId)
    .where('closed_on', 'is', null)
    .orderBy(sql`next_due_on NULLS LAST`)
    .orderBy('received_on')
    .orderBy('id')
    .execute();
}

export interface TeamFigures {
  /** Open, and more than 20 weeks (140 days) since the request. */
  backlog: number;
  unallocated: number;
  /** The LA's own deadlines that fell due from `weekStart` to yesterday, not met in time and not excused. */
  breachesThisWeek: number;
}

export async function teamFigures(
  tx: Tx,
  laCode: string,
  today: IsoDate,
  weekStart: IsoDate,
): Promise<TeamFigures> {
  const open = await db(tx)
    .selectFrom('ehc_requests')
    .select([
      sql<number>`(count(*) FILTER (WHERE received_on < ${today}::date - 140))::int`.as('backlog'),
      sql<number>`(count(*) FILTER (WHERE coordinator_id IS NULL))::int`.as('unallocated'),
    ])
    .where('la_code', '=', laCode)
    .where('closed_on', 'is', null)
    .executeTakeFirstOrThrow();
  const breaches = await db(tx)
    .selectFrom('ehc_deadlines as d')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('d.la_code', '=', laCode)
    .where('d.owner', '=', 'la')
    .where('d.due_on', '>=', weekStart)
    .where('d.due_on', '<', today)
    .where('d.excepted_by', 'is', null)
    .where(late(today))
    .executeTakeFirstOrThrow();
  return { ...open, breachesThisWeek: breaches.n };
}
