import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { reviewDue } from '../../src/modules/ehc/reviews/domain/due-dates.ts';
import {
  applyReviewEvent,
  type ReviewEventBody,
  type ReviewFacts,
  reviewClosedOn,
  reviewDeadlines,
  reviewFacts,
  reviewStageOf,
} from '../../src/modules/ehc/reviews/domain/process.ts';
import { reminderHorizons } from '../../src/modules/ehc/reviews/reminders/domain/reminders.ts';
import { reviewsDaily } from '../../src/modules/ehc/reviews/reminders/job.ts';
import { recordReminders } from '../../src/modules/ehc/reviews/reminders/repo.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import {
  createDailySchedule,
  enqueueJob,
  type Job,
  notifyJobQueued,
  queueDailyJobs,
} from '../../src/platform/jobs/index.ts';
import { englandAndWalesCalendar } from '../../src/platform/kernel/bank-holidays.ts';
import { addDays } from '../../src/platform/kernel/days.ts';
import { signInCookies, startTestApp, type TestApp } from '../support/app.ts';
import { addChild, addSchool, addStaff, addUser, listingEvents } from '../support/children.ts';
import { waitForJob } from '../support/providers.ts';

/**
 * The daily job that keeps plans' review dates and queues reminders of what is coming up or
 * missed, run as the worker runs it, on the days worked out by hand below.
 */
describe('EHC review reminders', () => {
  let t: TestApp;
  let oak: string;
  let senco: { id: string; email: string };

  before(async () => {
    t = await startTestApp();
    oak = await addSchool(t, '926', 'Oak Primary School');
    senco = await addUser(t, '926', 'senco', ['senco']);
    await addStaff(t, '926', senco.id, oak);
  });
  after(() => t.close());

  const owner = () => t.database.db;

  /** A plan in force, issued on the day, with the coordinator of the request it came from (if any). */
  async function addPlan(
    laCode: string,
    childId: string,
    issuedOn: string,
    options: { coordinatorId?: string; establishmentId?: string } = {},
  ) {
    let requestId: string | null = null;
    if (options.coordinatorId) {
      const r = await sql<{ id: string }>`
        INSERT INTO ehc_requests (la_code, child_id, kind, source, received_on, coordinator_id, stage, final_issued_on, closed_on)
        VALUES (${laCode}, ${childId}, 'new', 'parent', ${addDays(issuedOn, -140)}, ${options.coordinatorId}, 'issued', ${issuedOn}, ${issuedOn})
        RETURNING id`.execute(owner());
      requestId = r.rows[0]?.id ?? null;
    }
    const r = await sql<{ id: string }>`
      INSERT INTO ehc_plans (la_code, child_id, request_id, status, drafted_on, issued_on, establishment_id, setting_name, provision)
      VALUES (${laCode}, ${childId}, ${requestId}, 'active', ${addDays(issuedOn, -20)}, ${issuedOn},
        ${options.establishmentId ?? null}, 'Oak Primary School', 'mainstream')
      RETURNING id`.execute(owner());
    return r.rows[0]?.id ?? '';
  }

  /** The review as the service stores it: its row, and its deadlines as the review rules work them out. */
  async function addReview(
    plan: { id: string; childId: string; issuedOn: string },
    events: ReviewEventBody[],
    today: string,
  ) {
    const facts = events.reduce(
      applyReviewEvent,
      reviewFacts({
        kind: 'annual',
        planIssuedOn: plan.issuedOn,
        dueOn: reviewDue({ issuedOn: plan.issuedOn, lastReviewedOn: null, transferredInOn: null }).dueOn,
        startsOn: plan.issuedOn,
        phaseTransfer: null,
      }),
    );
    const r = await sql<{ id: string }>`
      INSERT INTO ehc_reviews (la_code, plan_id, child_id, kind, starts_on, due_on, establishment_id, coordinator_id,
        stage, meeting_on, held_on, closed_on)
      VALUES ('926', ${plan.id}, ${plan.childId}, 'annual', ${facts.subject.startsOn}, ${facts.subject.dueOn}, ${oak},
        ${t.la.users.coordinator.id}, ${reviewStageOf(facts)}, ${facts.meetingOn}, ${facts.heldOn}, ${reviewClosedOn(facts)})
      RETURNING id`.execute(owner());
    const id = r.rows[0]?.id ?? '';
    await storeDeadlines(id, facts, today);
    return { id, facts };
  }

  async function storeDeadlines(reviewId: string, facts: ReviewFacts, today: string) {
    await sql`DELETE FROM ehc_review_deadlines WHERE review_id = ${reviewId}`.execute(owner());
    for (const d of reviewDeadlines(facts, today, englandAndWalesCalendar))
      await sql`
        INSERT INTO ehc_review_deadlines (la_code, review_id, step, owner, starts_on, due_on, deadline, done_on)
        VALUES ('926', ${reviewId}, ${d.step}, ${d.owner}, ${d.startsOn}, ${d.dueOn}, ${d.deadline}, ${d.doneOn})`.execute(
        owner(),
      );
  }

  /** Queues a run of the daily job for the LA and day, as the schedule or a second process would, and waits for it. */
  async function runFor(day: string, laCode = '926'): Promise<Job> {
    const id = await inTenant(t.database.app.db, { laCode, userId: null }, (tx) =>
      enqueueJob(tx, { laCode, kind: 'ehc.reviews-daily', createdBy: null, params: { day } }),
    );
    notifyJobQueued();
    const job = await waitForJob(t, laCode, id);
    assert.equal(job.status, 'succeeded', String(job.message));
    return job;
  }

  async function remindersOf(subjectId: string) {
    const r = await sql<{ step: string; kind: string; due_on: string; queued_on: string; messages: number }>`
      SELECT step, kind, to_char(due_on, 'YYYY-MM-DD') AS due_on, to_char(queued_on, 'YYYY-MM-DD') AS queued_on, messages
      FROM ehc_reminders WHERE subject_id = ${subjectId} ORDER BY queued_on, step, kind`.execute(owner());
    return r.rows;
  }

  async function messagesTo(email: string) {
    const r = await sql<{ la_code: string; subject: string; body: string; to_user_id: string | null }>`
      SELECT la_code, subject, body, to_user_id FROM notifications
      WHERE to_email = ${email} AND kind = 'ehc.review-reminder' ORDER BY created_at, id`.execute(owner());
    return r.rows;
  }

  const countMessages = async () =>
    Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM notifications`.execute(owner())).rows[0]?.n,
    );

  test('a plan due on 9 March 2027 is first reminded of on 29 December 2026, 10 weeks before, and not on the 28th', async () => {
    const child = await addChild(t, '926', { forename: 'Zara', surname: 'Quill', dateOfBirth: '2018-05-01' });
    // Made on 10 March 2026: 12 months starting with that day end on 9 March 2027 (CFA s44).
    const plan = await addPlan('926', child, '2026-03-10', { coordinatorId: t.la.users.coordinator.id });

    const first = await runFor('2026-12-28');
    assert.deepEqual(await remindersOf(plan), [], '71 days before: not yet');
    assert.match(String(first.message), /Worked out the review dates of 1 plan\./);
    const stored = await sql<{ due: string }>`
      SELECT to_char(next_review_due, 'YYYY-MM-DD') AS due FROM ehc_plans WHERE id = ${plan}`.execute(
      owner(),
    );
    assert.equal(stored.rows[0]?.due, '2027-03-09', 'the job worked the stale plan’s dates out first');

    const job = await runFor('2026-12-29');
    assert.deepEqual(await remindersOf(plan), [
      { step: 'review-due', kind: 'upcoming', due_on: '2027-03-09', queued_on: '2026-12-29', messages: 1 },
    ]);
    assert.equal(job.message, '29 December 2026: queued 1 reminder in 1 message.');
    assert.deepEqual(job.result, {
      day: '2026-12-29',
      plansRefreshed: 0,
      reminders: 1,
      messages: 1,
      unsent: 0,
    });
    const [message, ...more] = await messagesTo(t.la.users.coordinator.email);
    assert.equal(more.length, 0);
    assert.equal(message?.subject, 'EHC reminders: 1 coming up');
    assert.equal(message?.to_user_id, t.la.users.coordinator.id);
    assert.match(String(message?.body), /ZQ: Annual review of the EHC plan, ending with the LA’s decision\./);
    assert.match(
      String(message?.body),
      new RegExp(`Due by 9 March 2027, in 70 days\\.\\nIn OpenSEND: /ehc/plans/${plan}/review`),
    );
    assert.doesNotMatch(String(message?.body), /Zara|Quill/);
  });

  test('a review report the school has not sent is a missed reminder to the school’s SENCo, and to the coordinator who chases it', async () => {
    const child = await addChild(t, '926', {
      forename: 'Yusuf',
      surname: 'Reed',
      dateOfBirth: '2018-05-01',
      establishmentId: oak,
    });
    const issuedOn = '2026-01-05';
    const plan = await addPlan('926', child, issuedOn, {
      coordinatorId: t.la.users.coordinator.id,
      establishmentId: oak,
    });
    // Meeting held on 20 November 2026: the report is due within 2 weeks, by 4 December (reg 20(8)).
    // Advice was never recorded as circulated, but once the meeting is held it no longer can be,
    // so it is not chased.
    const review = await addReview(
      { id: plan, childId: child, issuedOn },
      [
        {
          type: 'invited',
          on: '2026-11-02',
          meetingOn: '2026-11-20',
          invitees: ['Family', 'Oak Primary School'],
        },
        { type: 'meeting-held', on: '2026-11-20' },
      ],
      '2026-12-10',
    );
    const before = await countMessages();
    await runFor('2026-12-10');
    assert.deepEqual(await remindersOf(review.id), [
      { step: 'report', kind: 'missed', due_on: '2026-12-04', queued_on: '2026-12-10', messages: 2 },
    ]);
    const [toSenco] = await messagesTo(senco.email);
    assert.equal(toSenco?.subject, 'EHC reminders: 1 missed');
    assert.match(
      String(toSenco?.body),
      new RegExp(
        `YR: The review report from Oak Primary School, within 2 weeks of the meeting\\.\\nWas due by 4 December 2026, 6 days ago\\.\\nIn OpenSEND: /ehc/reviews/${review.id}`,
      ),
    );
    assert.match(String(toSenco?.body), /as the SENCo at Oak Primary School/);
    const toCoordinator = (await messagesTo(t.la.users.coordinator.email)).at(-1);
    assert.match(String(toCoordinator?.body), /YR: The review report from Oak Primary School/);
    assert.equal((await countMessages()) - before, 2, 'one message to each person');

    const audit = (await listingEvents(t, '926', 'ehc.reminders.queued')).at(-1);
    assert.ok(audit?.child_ids?.includes(child), 'the child’s audit trail shows the reminder sent');
    assert.equal(audit?.user_id, null);
  });

  test('the job run again on the same day queues nothing new', async () => {
    const before = await countMessages();
    const again = await runFor('2026-12-10');
    assert.equal(again.message, '10 December 2026: queued 0 reminders in 0 messages.');
    assert.equal(await countMessages(), before);
  });

  test('a run queued for a day that does not exist fails, saying so, and queues nothing', async () => {
    const before = await countMessages();
    const id = await inTenant(t.database.app.db, { laCode: '926', userId: null }, (tx) =>
      enqueueJob(tx, {
        laCode: '926',
        kind: 'ehc.reviews-daily',
        createdBy: null,
        params: { day: '2027-02-30' },
      }),
    );
    notifyJobQueued();
    const job = await waitForJob(t, '926', id);
    assert.equal(job.status, 'failed');
    assert.equal(job.message, 'The job was queued for "2027-02-30", which is not a date like 2026-12-29.');
    assert.equal(await countMessages(), before);
  });

  test('a step whose due date moves is reminded of again', async () => {
    const child = await addChild(t, '926', {
      forename: 'Xavier',
      surname: 'Stone',
      dateOfBirth: '2018-05-01',
      establishmentId: oak,
    });
    const issuedOn = '2026-02-01';
    const plan = await addPlan('926', child, issuedOn, {
      coordinatorId: t.la.users.coordinator.id,
      establishmentId: oak,
    });
    const invited: ReviewEventBody[] = [
      {
        type: 'invited',
        on: '2026-12-20',
        meetingOn: '2027-01-15',
        invitees: ['Family', 'Oak Primary School'],
      },
      { type: 'advice-circulated', on: '2026-12-21' },
    ];
    const review = await addReview({ id: plan, childId: child, issuedOn }, invited, '2027-01-10');
    // 15 January is within the 7 days from 10 January (to the 17th).
    await runFor('2027-01-10');
    // The meeting moved to 29 January: out of reach on the 11th (to the 18th), within it on the 22nd.
    const moved = applyReviewEvent(review.facts, {
      type: 'meeting-moved',
      on: '2027-01-11',
      meetingOn: '2027-01-29',
    });
    await storeDeadlines(review.id, moved, '2027-01-11');
    await runFor('2027-01-11');
    await runFor('2027-01-22');
    assert.deepEqual(await remindersOf(review.id), [
      { step: 'meeting', kind: 'upcoming', due_on: '2027-01-15', queued_on: '2027-01-10', messages: 1 },
      { step: 'meeting', kind: 'upcoming', due_on: '2027-01-29', queued_on: '2027-01-22', messages: 1 },
    ]);
    const meetings = (await messagesTo(senco.email)).filter((m) => /XS: The review meeting\./.test(m.body));
    assert.equal(meetings.length, 2);
    assert.match(String(meetings[0]?.body), /Due by 15 January 2027, in 5 days\./);
    assert.match(String(meetings[1]?.body), /Due by 29 January 2027, in 7 days\./);
  });

  test('an assessment step the LA owes goes to its coordinator; a plan with no coordinator to the SEND service’s mailbox', async () => {
    const asked = await addChild(t, '926', { forename: 'Wendy', surname: 'Vale', dateOfBirth: '2018-05-01' });
    const request = await sql<{ id: string }>`
      INSERT INTO ehc_requests (la_code, child_id, kind, source, received_on, coordinator_id, stage)
      VALUES ('926', ${asked}, 'new', 'parent', '2026-11-20', ${t.la.users.coordinator.id}, 'deciding-whether-to-assess')
      RETURNING id`.execute(owner());
    const requestId = request.rows[0]?.id ?? '';
    // Received 20 November 2026: the decision is due within 6 weeks, by 1 January 2027 (reg 5(1)).
    await sql`INSERT INTO ehc_deadlines (la_code, request_id, step, owner, starts_on, due_on)
      VALUES ('926', ${requestId}, 'decide-whether-to-assess', 'la', '2026-11-20', '2027-01-01')`.execute(
      owner(),
    );
    const orphan = await addChild(t, '926', {
      forename: 'Victor',
      surname: 'Urn',
      dateOfBirth: '2018-05-01',
    });
    // A plan made before the LA used OpenSEND: no request, so no coordinator. Due 19 January 2027.
    const plan = await addPlan('926', orphan, '2026-01-20');
    await sql`INSERT INTO ehc_letter_settings (la_code, service_name, address, phone, email, ias_name, ias_phone,
        mediation_name, mediation_phone, disagreement_name, disagreement_phone)
      VALUES ('926', 'Norfolk SEND service', 'County Hall, Norwich', '0344 800 8020', 'send@norfolk.example',
        'SENDIASS', '01603 704070', 'Global Mediation', '0800 064 4488', 'Disagreement resolution', '0800 064 4488')`.execute(
      owner(),
    );
    // 26 December 2026 + 7 = 2 January 2027, so the 1 January decision is coming up.
    await runFor('2026-12-26');
    assert.deepEqual(await remindersOf(requestId), [
      {
        step: 'decide-whether-to-assess',
        kind: 'upcoming',
        due_on: '2027-01-01',
        queued_on: '2026-12-26',
        messages: 1,
      },
    ]);
    const toCoordinator = (await messagesTo(t.la.users.coordinator.email)).at(-1);
    assert.match(
      String(toCoordinator?.body),
      new RegExp(
        `WV: The decision whether to carry out an EHC needs assessment, within 6 weeks of the request\\.\\nDue by 1 January 2027, in 6 days\\.\\nIn OpenSEND: /ehc/requests/${requestId}`,
      ),
    );
    assert.deepEqual(await remindersOf(plan), [
      { step: 'review-due', kind: 'upcoming', due_on: '2027-01-19', queued_on: '2026-12-26', messages: 1 },
    ]);
    const [toMailbox] = await messagesTo('send@norfolk.example');
    assert.match(String(toMailbox?.body), /^Hello Norfolk SEND service,/);
    assert.match(String(toMailbox?.body), /VU: Annual review of the EHC plan/);
    assert.match(String(toMailbox?.body), /no EHC coordinator with an active account/);
    assert.equal(toMailbox?.to_user_id, null);
  });

  test('this year’s phase transfer is reminded of from 4 weeks before the amended plan’s last day on time', async () => {
    // Born 15 January 2016: 10 on 31 August 2026, so in Year 6, the last year at Oak Primary, and
    // moving to secondary school in September 2027. Reg 18: amended before 15 February 2027, so
    // by 14 February; 4 weeks before that is 17 January.
    const child = await addChild(t, '926', {
      forename: 'Uma',
      surname: 'Tate',
      dateOfBirth: '2016-01-15',
      establishmentId: oak,
    });
    const plan = await addPlan('926', child, '2026-06-01', {
      coordinatorId: t.la.users.coordinator.id,
      establishmentId: oak,
    });
    await runFor('2027-01-16');
    assert.deepEqual(await remindersOf(plan), []);
    await runFor('2027-01-17');
    assert.deepEqual(await remindersOf(plan), [
      {
        step: 'phase-transfer',
        kind: 'upcoming',
        due_on: '2027-02-14',
        queued_on: '2027-01-17',
        messages: 1,
      },
    ]);
    const toCoordinator = (await messagesTo(t.la.users.coordinator.email)).at(-1);
    assert.match(
      String(toCoordinator?.body),
      /UT: The plan amended for the move to secondary school \(the law says before 15 February 2027\)\.\nDue by 14 February 2027, in 28 days\./,
    );
  });

  test('one LA’s job never queues another LA’s reminders, even asked to', async () => {
    const child = await addChild(t, '935', { forename: 'Tom', surname: 'Upton', dateOfBirth: '2018-05-01' });
    // Suffolk has no coordinator on this plan and no service mailbox set up.
    const plan = await addPlan('935', child, '2026-01-10');
    await runFor('2026-12-27', '926');
    assert.deepEqual(await remindersOf(plan), []);
    const asked = await inTenant(t.database.app.db, { laCode: '926', userId: null }, (tx) =>
      recordReminders(tx, '935', reminderHorizons('2026-12-27')),
    );
    assert.equal(asked.reminders, 0, 'row-level security hides Suffolk’s plans from Norfolk’s job');
    assert.deepEqual(await remindersOf(plan), []);

    const suffolk = await runFor('2026-12-27', '935');
    // Due 9 January 2027, within 70 days of 27 December 2026, but no one to send it to.
    assert.equal(
      suffolk.message,
      '27 December 2026: queued 1 reminder in 0 messages. 1 reminder has no one to go to: add the SEND service’s email on the Letters page, or allocate coordinators. Worked out the review dates of 1 plan.',
    );
    assert.deepEqual(await remindersOf(plan), [
      { step: 'review-due', kind: 'upcoming', due_on: '2027-01-09', queued_on: '2026-12-27', messages: 0 },
    ]);
    const inSuffolk = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM notifications WHERE la_code = '935'`.execute(owner());
    assert.equal(inSuffolk.rows[0]?.n, 0);
  });

  test('the schedule queues each daily job once per LA per day, however often it looks', async () => {
    const daily = [reviewsDaily];
    const app = t.database.app;
    assert.equal(await queueDailyJobs(app, daily, '2027-02-01'), 2, 'Norfolk’s and Suffolk’s');
    assert.equal(await queueDailyJobs(app, daily, '2027-02-01'), 0);
    // Two processes looking at the same moment.
    const both = await Promise.all([
      queueDailyJobs(app, daily, '2027-02-02'),
      queueDailyJobs(app, daily, '2027-02-02'),
    ]);
    assert.equal(both[0] + both[1], 2);
    // A process starting on 3 February queues that day's at once.
    const schedule = createDailySchedule(app, {
      jobs: daily,
      clock: () => new Date('2027-02-03T08:00:00Z'),
      publicUrl: 'https://send.example.gov.uk',
    });
    schedule.start();
    await schedule.stop();
    const r = await sql<{ la_code: string; day: string; n: number; url: string }>`
      SELECT la_code, params ->> 'day' AS day, count(*)::int AS n, min(params ->> 'publicUrl') AS url FROM jobs
      WHERE kind = 'ehc.reviews-daily' AND params ->> 'day' IN ('2027-02-01', '2027-02-02', '2027-02-03')
      GROUP BY 1, 2 ORDER BY 2, 1`.execute(owner());
    assert.deepEqual(
      r.rows.map((x) => [x.la_code, x.day, x.n]),
      [
        ['926', '2027-02-01', 1],
        ['935', '2027-02-01', 1],
        ['926', '2027-02-02', 1],
        ['935', '2027-02-02', 1],
        ['926', '2027-02-03', 1],
        ['935', '2027-02-03', 1],
      ],
    );
    assert.equal(r.rows.at(-1)?.url, 'https://send.example.gov.uk');
    // The worker runs what was queued: done before the next test adds records they would remind of.
    const queued = await sql<{ id: string; la_code: string }>`
      SELECT id, la_code FROM jobs
      WHERE kind = 'ehc.reviews-daily' AND params ->> 'day' IN ('2027-02-01', '2027-02-02', '2027-02-03')`.execute(
      owner(),
    );
    for (const job of queued.rows)
      assert.equal((await waitForJob(t, job.la_code, job.id)).status, 'succeeded');
  });

  test('a coordinator with a backlog gets one message listing the 100 longest overdue, and every reminder is recorded', async () => {
    const backlog = await addUser(t, '926', 'backlog', ['ehc_coordinator']);
    // 105 plans made on each day from 1 to 105 January 2025 and never reviewed: each was due by
    // the day before its anniversary, all before February 2027.
    await sql`
      WITH child AS (
        INSERT INTO children (la_code, forename, surname, name_search, date_of_birth, sex, upn_unknown_reason)
        SELECT '926', 'Backlog', 'Child ' || n, 'backlog child ' || n, '2018-05-01', 'F', 'UN1'
        FROM generate_series(1, 105) AS n
        RETURNING id, surname),
      request AS (
        INSERT INTO ehc_requests (la_code, child_id, kind, source, received_on, coordinator_id, stage, closed_on)
        SELECT '926', id, 'new', 'parent', '2024-08-01', ${backlog.id}, 'issued', '2024-12-31' FROM child
        RETURNING id, child_id)
      INSERT INTO ehc_plans (la_code, child_id, request_id, status, drafted_on, issued_on, setting_name, provision)
      SELECT '926', c.id, r.id, 'active', '2024-12-01', '2024-12-31'::date + split_part(c.surname, ' ', 2)::int,
        'Oak Primary School', 'mainstream'
      FROM child c JOIN request r ON r.child_id = c.id`.execute(owner());
    const job = await runFor('2027-02-05');
    assert.match(String(job.message), /queued \d+ reminders/);
    const [message, ...more] = await messagesTo(backlog.email);
    assert.equal(more.length, 0, 'one message, however many reminders');
    assert.equal(message?.subject, 'EHC reminders: 105 missed');
    assert.match(String(message?.body), /Missed: 105 steps, the first 100 listed/);
    assert.match(String(message?.body), /5 more steps are not listed here/);
    // The first made on 1 January 2025 was due by 31 December 2025, the longest overdue, so first:
    // 365 days to 31 December 2026, and 36 more to 5 February 2027, are 401 days.
    assert.match(
      String(message?.body),
      /Missed: 105 steps, the first 100 listed\n\nBC: .*\nWas due by 31 December 2025, 401 days ago\./,
    );
    assert.equal(String(message?.body).match(/^Was due by/gm)?.length, 100);
    const recorded = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ehc_reminders r JOIN ehc_plans p ON p.id = r.subject_id
      JOIN ehc_requests q ON q.id = p.request_id
      WHERE q.coordinator_id = ${backlog.id} AND r.queued_on = '2027-02-05' AND r.messages = 1`.execute(
      owner(),
    );
    assert.equal(recorded.rows[0]?.n, 105);
  });

  test('the outbox page shows what the last daily run did', async () => {
    const job = await runFor('2027-02-04');
    const cookie = await signInCookies(t.app, t.la.users.admin.email);
    const page = await t.app.inject({ method: 'GET', url: '/admin/notifications', headers: { cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Daily jobs/);
    assert.match(page.body, /EHC review dates and reminders/);
    assert.match(page.body, /4 February 2027/);
    assert.ok(page.body.includes(String(job.message)), 'the run’s message, as the job left it');
  });
});
