import { sql } from 'kysely';
import type { Tx } from '../../../../platform/db/tenancy.ts';
import { academicYearStart } from '../../../../platform/kernel/dates.ts';
import { addDays } from '../../../../platform/kernel/days.ts';
import { digestLimit, type ReminderHorizons, type ReminderItem } from './domain/reminders.ts';

/**
 * The day's reminders in one statement: every step reminded of today (see `candidates`), who
 * each goes to, the reminders recorded in `ehc_reminders`, and, for the reminders new today
 * only, each person's items gathered for their one message. The table's key is the thing, the
 * step, upcoming or missed, and the due date: a step already reminded of is left out (and one
 * another run has just recorded is refused by the key), so a second run on the same day finds
 * nothing new, and a step whose date moves is new again.
 */

export interface RecordedReminders {
  /** Reminders recorded today for the first time. */
  reminders: number;
  /** Of those, the ones nobody could be sent (no coordinator, no SENCo and no service mailbox). */
  unsent: number;
  /** The children named in the messages. */
  childIds: string[];
  /** Each person's new reminders: how many of each kind, and the first of them to list. */
  digests: {
    email: string;
    name: string | null;
    userId: string | null;
    missed: number;
    upcoming: number;
    items: ReminderItem[];
  }[];
}

/**
 * Every step that is reminded of today, as rows of (thing, step, kind, due date), with the child,
 * who does it (`owner`: the LA or the setting), the coordinator and the setting:
 * - a plan's next review: coming up within 10 weeks when no review has begun (time to invite),
 *   missed once the day has passed, begun or not;
 * - the plan's phase transfer this academic year, from 4 weeks before the last day an amended plan
 *   is on time, until a review of the plan for that transfer has amended it, or while its review
 *   has decided to cease the plan, which is then not amended;
 * - each step of a review under way not yet done, from 7 days before (the review's own end is the
 *   plan's next review, so it is counted against the plan and reminded of once, not twice; its
 *   phase transfer is the plan's, above), but not advice once the meeting it was for is held;
 * - each step of an EHC needs assessment in progress that the LA owes, from 7 days before, except
 *   one a reg 10(4) exception excuses.
 */
function candidates(laCode: string, h: ReminderHorizons) {
  const today = sql`${h.today}::date`;
  const kind = (due: ReturnType<typeof sql>) =>
    sql`CASE WHEN ${due} < ${today} THEN 'missed' ELSE 'upcoming' END`;
  return sql`
    SELECT p.id AS subject_id, 'review-due'::text AS step, ${kind(sql`p.next_review_due`)} AS kind,
      p.next_review_due AS due_on, p.child_id, 'la'::text AS owner, 'plan'::text AS source,
      p.id AS plan_id, r.id AS review_id, p.request_id, coalesce(r.coordinator_id, q.coordinator_id) AS coordinator_id,
      NULL::uuid AS establishment_id, NULL::text AS phase_to
    FROM ehc_plans p
    LEFT JOIN ehc_reviews r ON r.plan_id = p.id AND r.closed_on IS NULL
    LEFT JOIN ehc_requests q ON q.id = p.request_id
    WHERE p.la_code = ${laCode} AND p.status = 'active'
      AND p.next_review_due <= ${h.reviewDue}::date
      AND (p.next_review_due < ${today} OR r.id IS NULL)
    UNION ALL
    SELECT p.id, 'phase-transfer', ${kind(sql`p.phase_transfer_deadline - 1`)},
      p.phase_transfer_deadline - 1, p.child_id, 'la', 'plan',
      p.id, r.id, p.request_id, coalesce(r.coordinator_id, q.coordinator_id), NULL, p.phase_transfer_to
    FROM ehc_plans p
    LEFT JOIN ehc_reviews r ON r.plan_id = p.id AND r.closed_on IS NULL
    LEFT JOIN ehc_requests q ON q.id = p.request_id
    WHERE p.la_code = ${laCode} AND p.status = 'active' AND p.phase_year = ${academicYearStart(h.today)}
      AND p.phase_transfer_deadline <= ${addDays(h.phaseTransfer, 1)}::date
      AND r.outcome IS DISTINCT FROM 'cease'
      AND NOT EXISTS (
        SELECT 1 FROM ehc_reviews a
        WHERE a.plan_id = p.id AND a.phase_transfer_deadline = p.phase_transfer_deadline AND a.amended_on IS NOT NULL)
    UNION ALL
    SELECT CASE WHEN d.step = 'review-due' THEN r.plan_id ELSE r.id END, d.step, ${kind(sql`d.due_on`)},
      d.due_on, r.child_id, d.owner, 'review',
      p.id, r.id, p.request_id, coalesce(r.coordinator_id, q.coordinator_id), r.establishment_id, r.phase_transfer_to
    FROM ehc_review_deadlines d
    JOIN ehc_reviews r ON r.id = d.review_id
    JOIN ehc_plans p ON p.id = r.plan_id
    LEFT JOIN ehc_requests q ON q.id = p.request_id
    -- owner <> 'family' as the partial index of due dates says it, so that it is used.
    WHERE d.la_code = ${laCode} AND d.done_on IS NULL AND d.owner <> 'family' AND d.owner IN ('la', 'setting')
      AND d.step <> 'phase-transfer' AND NOT (d.step = 'advice-circulated' AND r.held_on IS NOT NULL)
      AND d.due_on <= ${h.reviewStep}::date
      AND r.closed_on IS NULL AND p.status = 'active'
    UNION ALL
    SELECT d.request_id, d.step, ${kind(sql`d.due_on`)},
      d.due_on, q.child_id, 'la', 'request',
      NULL, NULL, q.id, q.coordinator_id, NULL, NULL
    FROM ehc_deadlines d
    JOIN ehc_requests q ON q.id = d.request_id
    -- The same for the assessments' deadlines.
    WHERE d.la_code = ${laCode} AND d.done_on IS NULL AND d.owner <> 'family' AND d.owner = 'la' AND d.excepted_by IS NULL
      AND d.due_on <= ${h.assessmentStep}::date AND q.closed_on IS NULL`;
}

/**
 * Records today's new reminders and returns who is to be told of which. Who is told: a step the
 * LA owes goes to the coordinator (the review's, else the assessment's); a step the setting owes
 * to the setting's SENCos, and when missed to the coordinator as well, who chases it. Where
 * there is no one of those with an active account, the SEND service's mailbox is told.
 */
export async function recordReminders(
  tx: Tx,
  laCode: string,
  horizons: ReminderHorizons,
): Promise<RecordedReminders> {
  const key = sql.raw('subject_id, step, kind, due_on');
  const { rows } = await sql<{
    reminders: number;
    unsent: number;
    child_ids: string[] | null;
    digests: RecordedReminders['digests'];
  }>`
    WITH candidate AS (${candidates(laCode, horizons)}),
    -- Each thing once; those reminded of before are left out here, before anyone is looked up
    -- for them: on most days nearly all are.
    due AS (
      SELECT DISTINCT ON (${key}) * FROM candidate c
      WHERE NOT EXISTS (
        SELECT 1 FROM ehc_reminders x
        WHERE x.la_code = ${laCode} AND (x.subject_id, x.step, x.kind, x.due_on) = (c.subject_id, c.step, c.kind, c.due_on))
      ORDER BY ${key}, (source = 'review') DESC),
    mailbox AS (SELECT email, service_name FROM ehc_letter_settings WHERE la_code = ${laCode}),
    senco AS (
      SELECT d.subject_id, d.step, d.kind, d.due_on, 'senco'::text AS audience,
        u.id AS user_id, u.email, u.name
      FROM due d
      JOIN establishment_staff s ON s.establishment_id = d.establishment_id AND s.role = 'senco'
      JOIN users u ON u.id = s.user_id AND u.active
      WHERE d.owner = 'setting'),
    recipient AS (
      SELECT * FROM senco
      UNION ALL
      SELECT d.subject_id, d.step, d.kind, d.due_on,
        CASE WHEN u.id IS NULL THEN 'mailbox' ELSE 'coordinator' END,
        u.id, coalesce(u.email, m.email), coalesce(u.name, m.service_name)
      FROM due d
      LEFT JOIN users u ON u.id = d.coordinator_id AND u.active
      LEFT JOIN mailbox m ON true
      WHERE d.owner = 'la' OR d.kind = 'missed'
        OR NOT EXISTS (SELECT 1 FROM senco s WHERE (s.subject_id, s.step, s.kind, s.due_on) = (d.subject_id, d.step, d.kind, d.due_on))),
    addressed AS (
      SELECT ${key}, count(DISTINCT lower(email))::int AS messages
      FROM recipient WHERE email IS NOT NULL GROUP BY ${key}),
    -- The conflict still decides: a run in another process may have recorded some since.
    recorded AS (
      INSERT INTO ehc_reminders (la_code, subject_id, step, kind, due_on, queued_on, messages)
      SELECT ${laCode}, d.subject_id, d.step, d.kind, d.due_on, ${horizons.today}::date, coalesce(a.messages, 0)
      FROM due d LEFT JOIN addressed a USING (${key})
      ON CONFLICT DO NOTHING
      RETURNING ${key}, messages),
    -- Each person's reminders in the order their message lists them: missed first, soonest first.
    line AS (
      SELECT lower(r.email) AS email, r.name, r.user_id, r.audience, d.*,
        row_number() OVER (PARTITION BY lower(r.email) ORDER BY d.kind = 'missed' DESC, d.due_on, d.step) AS place
      FROM recorded n
      JOIN due d USING (${key})
      JOIN recipient r USING (${key})
      WHERE r.email IS NOT NULL),
    listed AS (
      SELECT l.email, json_agg(json_build_object(
          'childId', l.child_id, 'forename', c.forename, 'surname', c.surname,
          'source', l.source, 'planId', l.plan_id, 'reviewId', l.review_id, 'requestId', l.request_id,
          'step', l.step, 'kind', l.kind, 'dueOn', to_char(l.due_on, 'YYYY-MM-DD'),
          'audience', l.audience, 'setting', e.name, 'phaseTo', l.phase_to) ORDER BY l.place) AS items,
        array_agg(l.child_id) AS child_ids
      FROM line l
      JOIN children c ON c.id = l.child_id
      LEFT JOIN establishments e ON e.id = l.establishment_id
      WHERE l.place <= ${digestLimit}
      GROUP BY l.email),
    person AS (
      SELECT email, min(name) AS name, (array_agg(user_id) FILTER (WHERE user_id IS NOT NULL))[1] AS "userId",
        count(*) FILTER (WHERE kind = 'missed')::int AS missed,
        count(*) FILTER (WHERE kind = 'upcoming')::int AS upcoming
      FROM line GROUP BY email),
    digest AS (SELECT p.*, t.items FROM person p JOIN listed t USING (email))
    SELECT
      (SELECT count(*) FROM recorded)::int AS reminders,
      (SELECT count(*) FROM recorded WHERE messages = 0)::int AS unsent,
      (SELECT array_agg(DISTINCT c)::text[] FROM listed, unnest(child_ids) AS c) AS child_ids,
      (SELECT coalesce(json_agg(digest), '[]') FROM digest) AS digests`.execute(tx);
  const row = rows[0];
  if (!row) return { reminders: 0, unsent: 0, childIds: [], digests: [] };
  return {
    reminders: row.reminders,
    unsent: row.unsent,
    childIds: row.child_ids ?? [],
    digests: row.digests,
  };
}

/**
 * How many steps are due a reminder today, before any is recorded or addressed: the benchmark's
 * baseline, the least a run must read.
 */
export async function countReminderCandidates(
  tx: Tx,
  laCode: string,
  horizons: ReminderHorizons,
): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM (${candidates(laCode, horizons)}) c`.execute(tx);
  return rows[0]?.n ?? 0;
}
