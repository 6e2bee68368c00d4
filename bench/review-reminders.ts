import path from 'node:path';
import { sql } from 'kysely';
import { seedDemoIfEmpty } from '../src/demo.ts';
import {
  countReminderCandidates,
  type DailyReviewRun,
  reminderHorizons,
  runDailyReviewWork,
} from '../src/modules/ehc/index.ts';
import { reviewDue } from '../src/modules/ehc/reviews/domain/due-dates.ts';
import {
  applyReviewEvent,
  type ReviewEventBody,
  type ReviewFacts,
  reviewClosedOn,
  reviewDeadlines,
  reviewFacts,
  reviewRefusal,
  reviewStageOf,
} from '../src/modules/ehc/reviews/domain/process.ts';
import { bulkInsert } from '../src/platform/db/bulk-insert.ts';
import { connect, type Database } from '../src/platform/db/connect.ts';
import { migrate, refreshStatistics } from '../src/platform/db/migrate.ts';
import { inTenant } from '../src/platform/db/tenancy.ts';
import { englandAndWalesCalendar } from '../src/platform/kernel/bank-holidays.ts';
import { type IsoDate, isoDateInLondon } from '../src/platform/kernel/dates.ts';
import { addDays, daysBetween } from '../src/platform/kernel/days.ts';
import { listLaCodes } from '../src/platform/las/index.ts';
import { seed } from '../src/seed/index.ts';
import { Prng } from '../src/seed/prng.ts';
import { createServerPlace } from './lib/postgres.ts';
import {
  type BenchOutcome,
  databaseKind,
  environment,
  printTable,
  round,
  type Target,
  writeResult,
} from './lib/report.ts';

const targetMs = 60_000;
const publicUrl = 'https://send.example.gov.uk';

interface PlanRow {
  id: string;
  childId: string;
  issuedOn: IsoDate;
  lastReviewedOn: IsoDate | null;
  transferredInOn: IsoDate | null;
  establishmentId: string | null;
  coordinatorId: string | null;
}

interface ReviewRow {
  id: string;
  la_code: string;
  plan_id: string;
  child_id: string;
  kind: string;
  starts_on: string;
  due_on: string;
  establishment_id: string | null;
  coordinator_id: string | null;
  stage: string;
  meeting_on: string | null;
  held_on: string | null;
  report_on: string | null;
  closed_on: string | null;
  is_demo: boolean;
}

interface DeadlineRow {
  la_code: string;
  review_id: string;
  step: string;
  owner: string;
  starts_on: string;
  due_on: string;
  deadline: string | null;
  done_on: string | null;
}

/**
 * A review begun for a plan whose review is near, as a review officer would have run it up to
 * today: invited some 8 to 10 weeks before the review is due, the meeting 2 to 5 weeks later,
 * advice, the meeting and the school's report each recorded in most cases, on time or late, each
 * step checked by the review rules before it is kept. No decision yet: the review is under way.
 */
function reviewOf(plan: PlanRow, today: IsoDate, rng: Prng): ReviewFacts | null {
  const dueOn = reviewDue(plan).dueOn;
  const startsOn =
    plan.lastReviewedOn && plan.lastReviewedOn > plan.issuedOn ? plan.lastReviewedOn : plan.issuedOn;
  const invitedOn = addDays(dueOn, -70 + rng.int(0, 21));
  if (invitedOn > today || invitedOn < startsOn) return null;
  const meetingOn = addDays(invitedOn, 14 + rng.int(0, 21));
  const events: ReviewEventBody[] = [
    {
      type: 'invited',
      on: invitedOn,
      meetingOn,
      invitees: ['The family', 'The school', 'The EHC coordinator'],
    },
  ];
  const adviceOn = addDays(invitedOn, rng.int(0, daysBetween(invitedOn, meetingOn) - 1));
  if (adviceOn <= today && rng.chance(0.8)) events.push({ type: 'advice-circulated', on: adviceOn });
  if (meetingOn <= today && rng.chance(0.9)) {
    events.push({ type: 'meeting-held', on: meetingOn });
    const reportOn = addDays(meetingOn, rng.int(3, 24));
    if (reportOn <= today && rng.chance(0.8))
      events.push({
        type: 'report-received',
        on: reportOn,
        by: 'setting',
        recommendation: 'maintain',
        views: 'Pleased with progress this year.',
        progress: 'Good progress towards most outcomes.',
        changes: 'None proposed.',
      });
  }
  let facts = reviewFacts({
    kind: 'annual',
    planIssuedOn: plan.issuedOn,
    dueOn,
    startsOn,
    phaseTransfer: null,
  });
  for (const event of events) {
    if (reviewRefusal(facts, event, { status: 'active' }, today, englandAndWalesCalendar)) break;
    facts = applyReviewEvent(facts, event);
  }
  return facts;
}

/**
 * Reviews under way for about seven in ten of the plans due within the next 10 weeks or in the
 * last 8, with their deadlines as the review rules work them out. For a seed without reviews of
 * its own; one that holds some is left as it is.
 */
async function makeReviews(database: Database, laCodes: readonly string[], today: IsoDate) {
  const held = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ehc_reviews`.execute(database.db);
  if ((held.rows[0]?.n ?? 0) > 0) return { made: false, reviews: held.rows[0]?.n ?? 0, deadlines: 0 };
  const rng = new Prng(13);
  let reviews = 0;
  let deadlines = 0;
  for (const laCode of laCodes) {
    const plans = await sql<PlanRow>`
      SELECT p.id, p.child_id AS "childId", to_char(p.issued_on, 'YYYY-MM-DD') AS "issuedOn",
        to_char(p.last_reviewed_on, 'YYYY-MM-DD') AS "lastReviewedOn",
        to_char(p.transferred_in_on, 'YYYY-MM-DD') AS "transferredInOn",
        coalesce(p.establishment_id, c.establishment_id) AS "establishmentId", q.coordinator_id AS "coordinatorId"
      FROM ehc_plans p
      JOIN children c ON c.id = p.child_id
      LEFT JOIN ehc_requests q ON q.id = p.request_id
      WHERE p.la_code = ${laCode} AND p.status = 'active' AND p.issued_on IS NOT NULL
      ORDER BY p.id`.execute(database.db);
    const rows: ReviewRow[] = [];
    const due: DeadlineRow[] = [];
    for (const plan of plans.rows) {
      const days = daysBetween(today, reviewDue(plan).dueOn);
      if (days > 70 || days < -56 || !rng.chance(0.7)) continue;
      const facts = reviewOf(plan, today, rng);
      if (!facts) continue;
      const id = rng.uuid();
      rows.push({
        id,
        la_code: laCode,
        plan_id: plan.id,
        child_id: plan.childId,
        kind: 'annual',
        starts_on: facts.subject.startsOn,
        due_on: facts.subject.dueOn,
        establishment_id: plan.establishmentId,
        coordinator_id: plan.coordinatorId,
        stage: reviewStageOf(facts),
        meeting_on: facts.meetingOn,
        held_on: facts.heldOn,
        report_on: facts.report?.on ?? null,
        closed_on: reviewClosedOn(facts),
        is_demo: true,
      });
      for (const d of reviewDeadlines(facts, today, englandAndWalesCalendar))
        due.push({
          la_code: laCode,
          review_id: id,
          step: d.step,
          owner: d.owner,
          starts_on: d.startsOn,
          due_on: d.dueOn,
          deadline: d.deadline,
          done_on: d.doneOn,
        });
    }
    await database.db.transaction().execute(async (tx) => {
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
          establishment_id: 'uuid',
          coordinator_id: 'uuid',
          stage: 'text',
          meeting_on: 'date',
          held_on: 'date',
          report_on: 'date',
          closed_on: 'date',
          is_demo: 'bool',
        },
        rows,
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
        due,
      );
    });
    reviews += rows.length;
    deadlines += due.length;
  }
  return { made: true, reviews, deadlines };
}

/**
 * A SENCo for each school with a review that has none, so that the reports' reminders go where
 * they would: the national generator makes no school staff.
 */
async function addSencos(database: Database): Promise<number> {
  const sencos = await sql`
    WITH made AS (
      INSERT INTO users (la_code, email, name, roles)
      SELECT e.la_code, 'senco.' || e.id || '@bench.example.org', 'SENCo at ' || left(e.name, 180), ARRAY['senco']
      FROM establishments e
      WHERE e.id IN (SELECT establishment_id FROM ehc_reviews)
        AND NOT EXISTS (SELECT 1 FROM establishment_staff s WHERE s.establishment_id = e.id AND s.role = 'senco')
      RETURNING id, la_code, email)
    INSERT INTO establishment_staff (la_code, user_id, establishment_id, role)
    SELECT la_code, id, substring(email FROM '^senco\\.(.*)@bench\\.example\\.org$')::uuid, 'senco' FROM made`.execute(
    database.db,
  );
  return Number(sencos.numAffectedRows ?? 0);
}

interface Pass {
  ms: number;
  slowest: { laCode: string; ms: number };
  reminders: number;
  messages: number;
  unsent: number;
  plansRefreshed: number;
}

/** The daily job's work in every LA in turn, as one worker would take them up. */
async function runEveryLa(database: Database, laCodes: readonly string[], day: IsoDate): Promise<Pass> {
  const pass: Pass = {
    ms: 0,
    slowest: { laCode: '', ms: 0 },
    reminders: 0,
    messages: 0,
    unsent: 0,
    plansRefreshed: 0,
  };
  const started = performance.now();
  for (const laCode of laCodes) {
    const t0 = performance.now();
    const run: DailyReviewRun = await runDailyReviewWork(database, laCode, day, publicUrl);
    const ms = performance.now() - t0;
    if (ms > pass.slowest.ms) pass.slowest = { laCode, ms: round(ms, 0) };
    pass.reminders += run.reminders;
    pass.messages += run.messages;
    pass.unsent += run.unsent;
    pass.plansRefreshed += run.plansRefreshed;
  }
  pass.ms = round(performance.now() - started, 0);
  return pass;
}

/** The baseline: the same candidate rows counted in each LA's tenancy, nothing recorded or sent. */
async function countEveryLa(database: Database, laCodes: readonly string[], day: IsoDate) {
  const started = performance.now();
  let rows = 0;
  for (const laCode of laCodes)
    rows += await inTenant(database.db, { laCode, userId: null }, (tx) =>
      countReminderCandidates(tx, laCode, reminderHorizons(day)),
    );
  return { ms: round(performance.now() - started, 0), rows };
}

/**
 * The daily review job (each plan's review dates kept, then reminders queued of what is coming
 * up or missed) over every LA: on PostgreSQL the national dataset, 153 LAs and 700,000 plans;
 * on PGlite the demo. Target: the whole day's work under 60 s on PostgreSQL, and a second run
 * the same day queueing nothing. Against, in the same run, the candidate rows counted alone.
 */
export async function reviewRemindersBench(): Promise<BenchOutcome> {
  const kind = databaseKind();
  const env = environment(kind);
  const national = kind === 'postgresql';
  const place = await createServerPlace(kind, 'review-reminders');
  try {
    const database = await connect({
      databaseUrl: place.databaseUrl,
      dataDir: path.join(place.dataDir, 'pglite'),
    });
    try {
      await migrate(database);
      process.stdout.write(
        `review-reminders (${kind}): seeding ${national ? 'the national dataset' : 'the demo'}...\n`,
      );
      const seedStarted = performance.now();
      if (national) await seed(database, { scale: 'national', seed: 1 });
      else await seedDemoIfEmpty(database);
      const seedMs = round(performance.now() - seedStarted, 0);
      const today = isoDateInLondon(new Date());
      const laCodes = await listLaCodes(database);
      const reviewsStarted = performance.now();
      const reviews = { ...(await makeReviews(database, laCodes, today)), sencos: await addSencos(database) };
      const reviewsMs = round(performance.now() - reviewsStarted, 0);
      // As the server does after seeding the demo, and as autovacuum soon would on PostgreSQL.
      await refreshStatistics(database);
      const plans = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM ehc_plans WHERE status = 'active'`.execute(database.db);
      process.stdout.write(
        `review-reminders: ${laCodes.length} LAs, ${(plans.rows[0]?.n ?? 0).toLocaleString('en-GB')} active plans, ${reviews.reviews.toLocaleString('en-GB')} reviews${reviews.made ? ' under way, made by the benchmark' : ' from the seed'}, ${reviews.sencos.toLocaleString('en-GB')} SENCos added; the first run...\n`,
      );

      const first = await runEveryLa(database, laCodes, today);
      const baseline = await countEveryLa(database, laCodes, today);
      const second = await runEveryLa(database, laCodes, today);
      process.stdout.write(
        `review-reminders: the second run the same day queued ${second.reminders} reminders in ${second.messages} messages\n`,
      );
      if (second.messages !== 0 || second.reminders !== 0)
        throw new Error(
          `the second run on ${today} queued ${second.reminders} reminders in ${second.messages} messages: it must queue none`,
        );
      const nextDay = await runEveryLa(database, laCodes, addDays(today, 1));
      const nextDayBaseline = await countEveryLa(database, laCodes, addDays(today, 1));

      const scope = national ? `${laCodes.length} LAs, national dataset` : 'the demo LAs';
      const targets: Target[] = [
        {
          description: `daily review job over ${scope} < 60 s`,
          met: first.ms < targetMs,
          measured: `${(first.ms / 1000).toFixed(1)} s (the next day ${(nextDay.ms / 1000).toFixed(1)} s)`,
        },
        {
          description: 'a second run the same day queues nothing',
          met: second.messages === 0 && second.reminders === 0,
          measured: `${second.reminders} reminders, ${second.messages} messages`,
        },
      ];
      printTable(
        `Daily review job on ${kind}, ${scope}, ${today}`,
        ['run', 'ms', 'slowest LA (ms)', 'plans refreshed', 'reminders', 'messages', 'no one to send to'],
        [first, second, nextDay].map((p, i) => [
          ['first run', 'again the same day', 'the next day'][i] ?? '',
          p.ms,
          `${p.slowest.laCode} (${p.slowest.ms})`,
          p.plansRefreshed,
          p.reminders,
          p.messages,
          p.unsent,
        ]),
      );
      printTable(
        'Baseline: the candidate rows counted in each LA, nothing recorded or sent',
        ['day', 'ms', 'rows'],
        [
          [today, baseline.ms, baseline.rows],
          [addDays(today, 1), nextDayBaseline.ms, nextDayBaseline.rows],
        ],
      );
      const file = writeResult('review-reminders', env, {
        today,
        seedMs,
        las: laCodes.length,
        activePlans: plans.rows[0]?.n ?? 0,
        reviews: { ...reviews, ms: reviewsMs },
        firstRun: first,
        secondRun: second,
        nextDay,
        baseline,
        nextDayBaseline,
        targets,
      });
      process.stdout.write(`written ${file}\n`);
      return { name: 'review-reminders', database: kind, targets };
    } finally {
      await database.close();
    }
  } finally {
    await place.remove();
  }
}
