import { sql } from 'kysely';
import {
  closuresBetween,
  deadlineRows,
  type EventBody,
  type RecordedEvent,
  replay,
  requestSummaryColumns,
  summarise,
} from '../../../src/modules/ehc/index.ts';
import type { Database } from '../../../src/platform/db/connect.ts';
import { englandAndWalesCalendar } from '../../../src/platform/kernel/bank-holidays.ts';
import { isoDateInLondon } from '../../../src/platform/kernel/dates.ts';

/** A request whose stored summary or deadlines differ from what its events say. */
export interface Drift {
  requestId: string;
  what: string;
  stored: unknown;
  derived: unknown;
}

const dateColumns = [
  'received_on',
  'expected_final_on',
  'next_due_on',
  'assess_decided_on',
  'issue_decided_on',
  'final_issued_on',
  'closed_on',
] as const;

/**
 * Works each request's summary and deadlines out again from its events, with the engine the
 * service uses, and compares them with what is stored. A step saved without the deadlines it
 * brings, or a summary left from before a step, shows here as drift.
 */
export async function ehcDrift(database: Database, laCode: string, requestIds?: string[]): Promise<Drift[]> {
  const only = requestIds ? sql`AND request_id = ANY(${requestIds}::uuid[])` : sql``;
  const onlyRequests = requestIds ? sql`AND id = ANY(${requestIds}::uuid[])` : sql``;
  const events = await sql<{ request_id: string; id: string; corrects: string | null; body: EventBody }>`
    SELECT request_id, id, corrects, body FROM ehc_events
    WHERE la_code = ${laCode} ${only} ORDER BY request_id, seq`.execute(database.db);
  const requests = await sql<Record<string, unknown> & { id: string }>`
    SELECT id, kind, previous_la_code, engine_version, stage, next_due_step, assess_outcome, issue_outcome,
      week20_exception, mediation, appeal,
      ${sql.join(dateColumns.map((c) => sql`to_char(${sql.ref(c)}, 'YYYY-MM-DD') AS ${sql.ref(c)}`))}
    FROM ehc_requests WHERE la_code = ${laCode} ${onlyRequests}`.execute(database.db);
  const deadlines = await sql<Record<string, unknown> & { request_id: string }>`
    SELECT request_id, step, subject_id, owner, to_char(starts_on, 'YYYY-MM-DD') AS starts_on,
      to_char(due_on, 'YYYY-MM-DD') AS due_on, to_char(done_on, 'YYYY-MM-DD') AS done_on, excepted_by,
      subject_label
    FROM ehc_deadlines WHERE la_code = ${laCode} ${only}`.execute(database.db);
  const terms = await sql<{ name: string; startsOn: string; endsOn: string }>`
    SELECT id, name, to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn"
    FROM la_terms WHERE la_code = ${laCode} ORDER BY starts_on`.execute(database.db);
  const engine = {
    today: isoDateInLondon(new Date()),
    calendar: englandAndWalesCalendar,
    closures: closuresBetween(terms.rows as Parameters<typeof closuresBetween>[0]),
  };

  const eventsOf = new Map<string, RecordedEvent[]>();
  for (const e of events.rows) {
    const list = eventsOf.get(e.request_id) ?? [];
    list.push({ id: e.id, corrects: e.corrects, body: e.body });
    eventsOf.set(e.request_id, list);
  }
  const deadlinesOf = new Map<string, string[]>();
  for (const d of deadlines.rows) {
    const { request_id, ...rest } = d;
    const list = deadlinesOf.get(request_id) ?? [];
    list.push(JSON.stringify(rest, Object.keys(rest).sort()));
    deadlinesOf.set(request_id, list);
  }

  const drift: Drift[] = [];
  for (const stored of requests.rows) {
    const state = replay(eventsOf.get(stored.id) ?? []);
    if (!state.facts) {
      drift.push({
        requestId: stored.id,
        what: 'events',
        stored: 'no request-received event',
        derived: null,
      });
      continue;
    }
    const summary = summarise(state.facts, engine);
    const columns: Record<string, unknown> = requestSummaryColumns(summary);
    for (const [column, derived] of Object.entries(columns))
      if ((stored[column] ?? null) !== (derived ?? null))
        drift.push({ requestId: stored.id, what: column, stored: stored[column], derived });
    const expected = deadlineRows(laCode, stored.id, summary.stored, state.subjects)
      .map(({ la_code: _la, request_id: _r, ...rest }) => JSON.stringify(rest, Object.keys(rest).sort()))
      .sort();
    const actual = (deadlinesOf.get(stored.id) ?? []).sort();
    if (expected.join('\n') !== actual.join('\n'))
      drift.push({
        requestId: stored.id,
        what: 'deadlines',
        stored: actual.map((d) => JSON.parse(d)),
        derived: expected.map((d) => JSON.parse(d)),
      });
  }
  return drift;
}
