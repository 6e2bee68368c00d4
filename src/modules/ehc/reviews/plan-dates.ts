import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import { academicYearStart, type IsoDate } from '../../../platform/kernel/dates.ts';
import { phaseTransferOf, reviewDue } from './domain/due-dates.ts';

/**
 * Keeps each active plan's next review due date and coming phase transfer stored, worked out by
 * the review rules, so that lists, the API and the daily reminders find them by index. A plan's
 * dates are worked out again when it changes (issued, transferred in, reviewed, amended) and,
 * for phase transfers, once each academic year, since a child's year group moves on every
 * September.
 */

interface PlanFacts {
  id: string;
  issuedOn: IsoDate;
  lastReviewedOn: IsoDate | null;
  transferredInOn: IsoDate | null;
  dateOfBirth: IsoDate;
  phase: string | null;
  settingKind: string | null;
  lowAge: number | null;
  highAge: number | null;
}

const batchSize = 5000;

/**
 * Works out the dates of the given plans, or (without `planIds`) of every active plan whose
 * dates were last worked out in an earlier academic year or never, a batch at a time. Returns
 * how many plans it updated.
 */
export async function refreshPlanDates(
  tx: Tx,
  laCode: string,
  today: IsoDate,
  planIds?: readonly string[],
): Promise<number> {
  const year = academicYearStart(today);
  let updated = 0;
  for (;;) {
    const rows = await plansToRefresh(tx, laCode, year, planIds);
    if (!rows.length) break;
    await storeDates(tx, laCode, year, today, rows);
    updated += rows.length;
    // The given plans are done in one pass; stale ones leave the stale set as they are updated.
    if (planIds || rows.length < batchSize) break;
  }
  return updated;
}

async function plansToRefresh(
  tx: Tx,
  laCode: string,
  year: number,
  planIds: readonly string[] | undefined,
): Promise<PlanFacts[]> {
  if (planIds && !planIds.length) return [];
  const which = planIds
    ? sql`p.id = ANY(${planIds as string[]}::uuid[])`
    : sql`(p.phase_year IS DISTINCT FROM ${year} OR p.next_review_due IS NULL)`;
  const { rows } = await sql<PlanFacts>`
    SELECT p.id, to_char(p.issued_on, 'YYYY-MM-DD') AS "issuedOn",
      to_char(p.last_reviewed_on, 'YYYY-MM-DD') AS "lastReviewedOn",
      to_char(p.transferred_in_on, 'YYYY-MM-DD') AS "transferredInOn",
      to_char(c.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth",
      e.phase, e.setting_kind AS "settingKind", e.statutory_low_age AS "lowAge", e.statutory_high_age AS "highAge"
    FROM ehc_plans p
    JOIN children c ON c.la_code = p.la_code AND c.id = p.child_id
    LEFT JOIN establishments e ON e.la_code = p.la_code AND e.id = COALESCE(p.establishment_id, c.establishment_id)
    WHERE p.la_code = ${laCode} AND p.status = 'active' AND p.issued_on IS NOT NULL AND ${which}
    ORDER BY p.id
    LIMIT ${batchSize}`.execute(tx);
  return rows;
}

async function storeDates(tx: Tx, laCode: string, year: number, today: IsoDate, rows: PlanFacts[]) {
  const ids: string[] = [];
  const due: string[] = [];
  const to: (string | null)[] = [];
  const deadline: (string | null)[] = [];
  for (const r of rows) {
    const transfer = phaseTransferOf(
      r.dateOfBirth,
      r.phase || r.settingKind
        ? {
            phase: r.phase,
            settingKind: r.settingKind,
            statutoryLowAge: r.lowAge,
            statutoryHighAge: r.highAge,
          }
        : null,
      today,
    );
    ids.push(r.id);
    due.push(reviewDue(r).dueOn);
    to.push(transfer?.to ?? null);
    deadline.push(transfer?.deadline ?? null);
  }
  await sql`
    UPDATE ehc_plans p SET next_review_due = u.due, phase_year = ${year},
      phase_transfer_to = u.to_phase, phase_transfer_deadline = u.deadline
    FROM unnest(${ids}::uuid[], ${due}::date[], ${to}::text[], ${deadline}::date[]) AS u(id, due, to_phase, deadline)
    WHERE p.la_code = ${laCode} AND p.id = u.id`.execute(tx);
}
