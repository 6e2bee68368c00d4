import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { refreshPlanDates } from '../../src/modules/ehc/reviews/plan-dates.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { isoDateInLondon } from '../../src/platform/kernel/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addUser,
  apiAs,
  browserAs,
  errorSummaryOf,
  listingEvents,
  tokenFor,
} from '../support/children.ts';

/**
 * The review lists, the API and the completion figures against a real database, each date and
 * figure worked out by hand from the rule. Plans are made as the table owner; their review dates
 * are worked out by the review rules (reviews/plan-dates.ts), as issuing a plan does.
 */

/** Moves the app's clock on to 09:00 UTC on the day: the same day in London, summer or winter. */
function goTo(t: TestApp, day: string) {
  const minutes = (new Date(`${day}T09:00:00Z`).getTime() - t.clock().getTime()) / 60_000;
  assert.ok(minutes >= 0, `the clock cannot go back to ${day}`);
  t.clock.advance(minutes);
  assert.equal(isoDateInLondon(t.clock()), day);
}

async function addSetting(
  t: TestApp,
  name: string,
  f: { phase: string; low: number; high: number; kind?: string },
): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO establishments (la_code, name, name_search, setting_kind, type_name, phase, statutory_low_age, statutory_high_age)
    VALUES (${t.la.code}, ${name}, ${name.toLowerCase()}, ${f.kind ?? 'school'}, 'Community school', ${f.phase}, ${f.low}, ${f.high})
    RETURNING id`.execute(t.database.db);
  return r.rows[0]?.id ?? '';
}

/** An active plan issued on the day, naming the setting, with its review dates worked out as of `today`. */
async function addPlan(
  t: TestApp,
  f: { childId: string; issuedOn: string; settingId: string | null; today: string; lastReviewedOn?: string },
): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO ehc_plans (la_code, child_id, status, drafted_on, issued_on, establishment_id, setting_name, provision, last_reviewed_on)
    VALUES (${t.la.code}, ${f.childId}, 'active', ${f.issuedOn}, ${f.issuedOn}, ${f.settingId}, 'Named setting', 'mainstream', ${f.lastReviewedOn ?? null})
    RETURNING id`.execute(t.database.db);
  const id = r.rows[0]?.id ?? '';
  await inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
    refreshPlanDates(tx, t.la.code, f.today, [id]),
  );
  return id;
}

interface ReviewFacts {
  planId: string;
  childId: string;
  settingId?: string | null;
  coordinatorId?: string | null;
  startsOn: string;
  dueOn: string;
  stage: string;
  phase?: { to: string; deadline: string };
  heldOn?: string;
  reportOn?: string;
  amendedOn?: string;
  closedOn?: string;
  nextDue?: { step: string; on: string };
}

/** A review as the review cycle stores it: what it adds up to, and its deadlines beside it. */
async function addReview(t: TestApp, f: ReviewFacts): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO ehc_reviews (la_code, plan_id, child_id, kind, starts_on, due_on, phase_transfer_to,
      phase_transfer_deadline, establishment_id, coordinator_id, stage, held_on, report_on, amended_on,
      closed_on, next_due_step, next_due_on)
    VALUES (${t.la.code}, ${f.planId}, ${f.childId}, ${f.phase ? 'phase-transfer' : 'annual'}, ${f.startsOn},
      ${f.dueOn}, ${f.phase?.to ?? null}, ${f.phase?.deadline ?? null}, ${f.settingId ?? null},
      ${f.coordinatorId ?? null}, ${f.stage}, ${f.heldOn ?? null}, ${f.reportOn ?? null}, ${f.amendedOn ?? null},
      ${f.closedOn ?? null}, ${f.nextDue?.step ?? null}, ${f.nextDue?.on ?? null})
    RETURNING id`.execute(t.database.db);
  return r.rows[0]?.id ?? '';
}

async function addDeadline(t: TestApp, reviewId: string, step: string, dueOn: string, doneOn: string | null) {
  await sql`INSERT INTO ehc_review_deadlines (la_code, review_id, step, owner, starts_on, due_on, done_on)
    VALUES (${t.la.code}, ${reviewId}, ${step}, 'la', '2025-01-01', ${dueOn}, ${doneOn})`.execute(
    t.database.db,
  );
}

/** The API as the coordinator, with a token made today (a token lasts 30 days; the clock moves by months). */
const coordinatorApi = async (t: TestApp) =>
  apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));

interface Item {
  childId: string;
  planId: string;
  nextReviewDue: string | null;
  overdue: boolean;
  recommendedBy: string | null;
  openReview: { id: string; stage: string; meetingOn: string | null; nextDue: unknown } | null;
  phaseTransfer: { deadline: string; to: string } | null;
}

const mainOf = (html: string) =>
  (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/\s+/g, ' ');

describe('the review lists: due in 8 weeks, overdue by weeks, under-fives', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  before(async () => {
    t = await startTestApp();
    goTo(t, '2026-12-02');
    const today = '2026-12-02';
    const junior = await addSetting(t, 'Dereham Junior', { phase: 'Primary', low: 7, high: 11 });
    ids.junior = junior;
    const child = (forename: string, surname: string, dateOfBirth = '2017-05-01') =>
      addChild(t, t.la.code, { forename, surname, dateOfBirth, establishmentId: junior });
    // Issued 10 March 2026: the 12 months starting with that day end on 9 March 2027 (s44(1)).
    ids.march = await child('Martha', 'March');
    ids.marchPlan = await addPlan(t, {
      childId: ids.march,
      issuedOn: '2026-03-10',
      settingId: junior,
      today,
    });
    // Overdue by 1, 28, 29, 84, 85, 182, 183, 364 and 365 days on 2 December 2026: each due date is
    // today less the days (2 December less 28 is 4 November, November having 30 days; less 84 is
    // 9 September; less 183 is 2 June, the six months June to November having 183 days; less 365
    // is 2 December 2025, 2026 being a common year), and each plan was issued the day after the
    // same date a year before.
    const overdue: [number, string][] = [
      [1, '2025-12-02'],
      [28, '2025-11-05'],
      [29, '2025-11-04'],
      [84, '2025-09-10'],
      [85, '2025-09-09'],
      [182, '2025-06-04'],
      [183, '2025-06-03'],
      [364, '2024-12-04'],
      [365, '2024-12-03'],
    ];
    for (const [days, issuedOn] of overdue) {
      const id = await child('Owen', `Overdue${String(days).padStart(3, '0')}`);
      ids[`overdue${days}`] = id;
      await addPlan(t, { childId: id, issuedOn, settingId: junior, today });
    }
    // Due today: not overdue, and the first day of the 8 weeks.
    ids.today = await child('Tobias', 'Today');
    await addPlan(t, { childId: ids.today, issuedOn: '2025-12-03', settingId: junior, today });
    // Under 5s. Born 1 June 2023: 3 when their recommended reviews fall. One plan issued 2 March
    // 2026: the recommended review ran to 1 September 2026 (6 months less a day), long past; the
    // statutory one is due 1 March 2027. Another issued 1 September 2026: recommended by 28
    // February 2027 (1 March less a day), statutory by 31 August 2027.
    ids.tiny = await addChild(t, t.la.code, {
      forename: 'Tilly',
      surname: 'Tiny',
      dateOfBirth: '2023-06-01',
    });
    await addPlan(t, { childId: ids.tiny, issuedOn: '2026-03-02', settingId: null, today });
    ids.wee = await addChild(t, t.la.code, { forename: 'Wilf', surname: 'Wee', dateOfBirth: '2023-06-01' });
    await addPlan(t, { childId: ids.wee, issuedOn: '2026-09-01', settingId: null, today });
  });
  after(() => t.close());

  test('a plan issued 10 March 2026 is due by 9 March 2027, so it is not yet in the 8 weeks on 2 December 2026', async () => {
    const api = await coordinatorApi(t);
    const res = await api.get(`/api/v1/ehc/reviews?childId=${ids.march}`);
    assert.equal(res.statusCode, 200, res.body);
    const [item] = (res.json() as { items: Item[] }).items;
    assert.equal(item?.nextReviewDue, '2027-03-09');
    assert.equal(item?.overdue, false);
    assert.equal(item?.recommendedBy, null);
    assert.equal(item?.openReview, null);
    const page = await (await browserAs(t, t.la.users.coordinator.email)).get('/ehc/reviews');
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(mainOf(page.body), /Martha March/);
  });

  test('overdue reviews fall in bands by weeks overdue: 28 days is up to 4 weeks, 29 over 4; 364 up to 52, 365 over 52', async () => {
    const api = await coordinatorApi(t);
    const res = await api.get('/api/v1/ehc/reviews?overdue=true&limit=50');
    const items = (res.json() as { items: Item[]; total: number }).items;
    assert.equal((res.json() as { total: number }).total, 9, 'nine plans overdue, the one due today not');
    assert.ok(items.every((i) => i.overdue));
    // The most overdue first: due 2 December 2025.
    assert.equal(items[0]?.nextReviewDue, '2025-12-02');
    assert.equal(items[0]?.childId, ids.overdue365);
    assert.equal(items.at(-1)?.nextReviewDue, '2026-12-01');

    const page = await (await browserAs(t, t.la.users.coordinator.email)).get('/ehc/reviews?show=overdue');
    assert.equal(page.statusCode, 200, page.body.slice(0, 500));
    const text = mainOf(page.body);
    // 1 and 28 days; 29 and 84; 85 and 182; 183 and 364; 365.
    assert.match(
      text,
      /Up to 4 weeks 2 Over 4 and up to 12 weeks 2 Over 12 and up to 26 weeks 2 Over 26 and up to 52 weeks 2 Over 52 weeks 1/,
    );
    assert.match(text, /Overdue over 52 weeks .*Owen Overdue365 .*52 weeks \(365 days\)/);
    assert.match(
      text,
      /Overdue up to 4 weeks .*Owen Overdue028 .*4 weeks \(28 days\).*Owen Overdue001 .*1 day/,
    );
    assert.doesNotMatch(
      text,
      /Tobias Today|Tilly Tiny/,
      'due today, or past only a recommendation, is not overdue',
    );
    // The tab counts them too.
    assert.match(text, /Overdue \(9\)/);
  });

  test('a child under 5 past the recommended review is labelled with it and listed as due, not overdue', async () => {
    const api = await coordinatorApi(t);
    const [tiny] = ((await api.get(`/api/v1/ehc/reviews?childId=${ids.tiny}`)).json() as { items: Item[] })
      .items;
    assert.equal(tiny?.nextReviewDue, '2027-03-01');
    assert.equal(tiny?.recommendedBy, '2026-09-01');
    assert.equal(tiny?.overdue, false);
    const text = mainOf((await (await browserAs(t, t.la.users.coordinator.email)).get('/ehc/reviews')).body);
    assert.match(
      text,
      /Tilly Tiny .*1 March 2027 Recommended review by 1 September 2026 \(Code of Practice 9\.178\)/,
    );
    // Due today, first day of the window; Wilf's recommendation (28 February 2027) is not yet within 8 weeks.
    assert.match(text, /Tobias Today .*2 December 2026 .*Not started/);
    assert.doesNotMatch(text, /Wilf Wee/);
    // The tab counts what the list shows: Tobias, and Tilly by her recommendation.
    assert.match(text, /Due in the next 8 weeks \(2\)/);
    assert.match(text, /2 plans\./);
  });

  test('on 11 January 2027 the 8 weeks end on 8 March, and on 12 January on 9 March, when the plan comes in', async () => {
    goTo(t, '2027-01-11');
    const b = await browserAs(t, t.la.users.coordinator.email);
    assert.doesNotMatch(mainOf((await b.get('/ehc/reviews')).body), /Martha March/);
    goTo(t, '2027-01-12');
    const page = await (await browserAs(t, t.la.users.coordinator.email)).get('/ehc/reviews');
    const text = mainOf(page.body);
    assert.match(text, /Reviews due by 9 March 2027, by setting/);
    assert.match(
      text,
      /Dereham Junior .*Martha March .*9 March 2027 Not started Begin the review Not allocated/,
    );
    // Wilf's recommended review by 28 February 2027 now falls within the 8 weeks; his statutory date does not.
    assert.match(text, /Wilf Wee .*31 August 2027 Recommended review by 28 February 2027/);
    // The child with no review under way links to their record.
    assert.match(page.body, new RegExp(`href="/children/${ids.march}">Martha March`));
  });

  test('dueBefore keeps plans due strictly before the day', async () => {
    const api = await coordinatorApi(t);
    const onDay = (await api.get('/api/v1/ehc/reviews?dueBefore=2027-03-09&overdue=false')).json() as {
      items: Item[];
    };
    assert.ok(!onDay.items.some((i) => i.childId === ids.march));
    const after = (await api.get('/api/v1/ehc/reviews?dueBefore=2027-03-10&overdue=false')).json() as {
      items: Item[];
    };
    assert.ok(after.items.some((i) => i.childId === ids.march));
    // By setting: the junior school's pupils only, so not the under-fives with no setting.
    const bySetting = (await api.get(`/api/v1/ehc/reviews?settingId=${ids.junior}&limit=500`)).json() as {
      items: Item[];
      total: number;
    };
    assert.equal(bySetting.total, 11);
    assert.ok(!bySetting.items.some((i) => i.childId === ids.tiny || i.childId === ids.wee));
  });

  test('a list is audited naming every child it shows', async () => {
    const before = (await listingEvents(t, t.la.code, 'ehc.review.listed')).length;
    const api = await coordinatorApi(t);
    await api.get(`/api/v1/ehc/reviews?childId=${ids.march}`);
    const events = await listingEvents(t, t.la.code, 'ehc.review.listed');
    assert.equal(events.length, before + 1);
    assert.deepEqual(events.at(-1)?.child_ids, [ids.march]);
    await (await browserAs(t, t.la.users.coordinator.email)).get('/ehc/reviews?show=overdue');
    const listed = (await listingEvents(t, t.la.code, 'ehc.review.listed')).at(-1)?.child_ids ?? [];
    assert.ok(listed.includes(ids.overdue365 ?? '') && listed.includes(ids.overdue1 ?? ''));
  });

  test('each list downloads whole as CSV, and the download is audited with its children', async () => {
    const b = await browserAs(t, t.la.users.coordinator.email);
    const res = await b.get('/ehc/reviews?show=overdue&format=csv');
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.match(String(res.headers['content-disposition']), /ehc-reviews-overdue-2027-01-12\.csv/);
    const lines = res.body.trim().split(/\r?\n/);
    // A heading and the overdue plans: the nine of 2 December, now 41 days more overdue, and
    // those that fell due since (Tilly's on 1 March 2027 is not yet).
    assert.match(
      lines[0] ?? '',
      /^Forename,Surname,Date of birth,UPN,Setting,Review due,Days overdue,Overdue by/,
    );
    assert.match(res.body, /Owen,Overdue365,.*2025-12-02,406,Over 52 weeks/);
    const exported = (await listingEvents(t, t.la.code, 'ehc.review.exported')).at(-1);
    assert.ok(exported?.child_ids?.includes(ids.overdue365 ?? ''));
  });
});

describe('the phase-transfer cohort: status against reg 18’s “before 15 February”', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  before(async () => {
    t = await startTestApp();
    goTo(t, '2026-12-02');
    const today = '2026-12-02';
    const primary = await addSetting(t, 'Swaffham Primary', { phase: 'Primary', low: 4, high: 11 });
    const high = await addSetting(t, 'Aylsham High', { phase: 'Secondary', low: 11, high: 16 });
    // Year 6 in 2026/27: 10 on 31 August 2026, so born 1 September 2015 to 31 August 2016. Their
    // move to secondary school must be amended before 15 February 2027.
    const year6 = (forename: string, surname: string) =>
      addChild(t, t.la.code, { forename, surname, dateOfBirth: '2016-01-20', establishmentId: primary });
    // Year 11 at an 11 to 16 school: 15 on 31 August 2026; to post-16, before 31 March 2027.
    const year11 = (forename: string, surname: string) =>
      addChild(t, t.la.code, { forename, surname, dateOfBirth: '2011-02-10', establishmentId: high });
    for (const [key, make] of [
      ['onTime', () => year6('Olive', 'Ontime')],
      ['late', () => year6('Larry', 'Late')],
      ['missed', () => year6('Mona', 'Missed')],
      ['progress', () => year11('Percy', 'Progress')],
      ['waiting', () => year11('Nina', 'Notstarted')],
    ] as const) {
      ids[key] = await make();
      ids[`${key}Plan`] = await addPlan(t, {
        childId: ids[key] ?? '',
        issuedOn: '2025-06-01',
        settingId: null,
        today,
      });
    }
    const phaseReview = (key: string, amendedOn: string) =>
      addReview(t, {
        planId: ids[`${key}Plan`] ?? '',
        childId: ids[key] ?? '',
        settingId: primary,
        startsOn: '2025-06-01',
        dueOn: '2026-05-31',
        stage: 'complete',
        phase: { to: 'secondary', deadline: '2027-02-15' },
        amendedOn,
        closedOn: amendedOn,
      });
    await phaseReview('onTime', '2027-02-14');
    await phaseReview('late', '2027-02-15');
    // The amended plan names the secondary school, so the plan has no transfer coming any more:
    // the review for the transfer still places it in the cohort.
    await sql`UPDATE ehc_plans SET phase_transfer_to = NULL, phase_transfer_deadline = NULL
      WHERE id = ${ids.onTimePlan}`.execute(t.database.db);
    await addReview(t, {
      planId: ids.progressPlan ?? '',
      childId: ids.progress ?? '',
      settingId: high,
      startsOn: '2025-06-01',
      dueOn: '2026-05-31',
      stage: 'invited',
      phase: { to: 'post-16', deadline: '2027-03-31' },
      nextDue: { step: 'meeting', on: '2027-03-01' },
    });
  });
  after(() => t.close());

  test('the plans’ stored transfers are worked out from date of birth and the setting', async () => {
    const api = await coordinatorApi(t);
    const items = ((await api.get('/api/v1/ehc/reviews?limit=50')).json() as { items: Item[] }).items;
    const of = (key: string) => items.find((i) => i.childId === ids[key])?.phaseTransfer;
    assert.deepEqual(of('missed'), { deadline: '2027-02-15', to: 'secondary' });
    assert.deepEqual(of('waiting'), { deadline: '2027-03-31', to: 'post-16' });
  });

  test('on 20 February 2027: amended on 14 February is on time, on 15 February late; none amended, the deadline is missed', async () => {
    goTo(t, '2027-02-20');
    const page = await (await browserAs(t, t.la.users.coordinator.email)).get(
      '/ehc/reviews?show=phase-transfers',
    );
    assert.equal(page.statusCode, 200, page.body.slice(0, 400));
    const text = mainOf(page.body);
    assert.match(text, /Moving on in September 2027/);
    assert.match(
      text,
      /Deadline missed 1 Not started 1 In progress 1 Amended late 1 Amended on time 1/,
      'one of each',
    );
    // In the order a coordinator works through them: lost first, then still to do, then done.
    assert.match(
      text,
      /Mona Missed .*To secondary before 15 February 2027 Deadline missed 5 days ago .*Nina Notstarted .*Secondary to post-16 before 31 March 2027 Not started 39 days left .*Percy Progress .*before 31 March 2027 In progress 39 days left .*Larry Late .*before 15 February 2027 Amended late Amended 15 February 2027 .*Olive Ontime .*before 15 February 2027 Amended on time Amended 14 February 2027/,
    );
    // Percy's review is under way: his name opens it.
    assert.match(page.body, /href="\/ehc\/reviews\/[0-9a-f-]{36}">Percy Progress/);
  });
});

describe('completion figures, worked by hand', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    goTo(t, '2026-12-02');
    const today = '2026-12-02';
    const school = await addSetting(t, 'Cromer Infant', { phase: 'Primary', low: 4, high: 7 });
    const plan = async (surname: string, issuedOn: string) => {
      const childId = await addChild(t, t.la.code, { surname, establishmentId: school });
      return { childId, planId: await addPlan(t, { childId, issuedOn, settingId: school, today }) };
    };
    const reviewed = async (
      surname: string,
      deadlines: [step: string, dueOn: string, doneOn: string | null][],
      phase?: { to: string; deadline: string },
    ) => {
      // The plan's own next review is beyond the period: these reviews are history.
      const p = await plan(surname, '2026-06-01');
      const id = await addReview(t, {
        ...p,
        settingId: school,
        startsOn: '2025-05-01',
        dueOn: '2026-04-30',
        stage: 'complete',
        closedOn: '2026-06-01',
        phase,
      });
      for (const [step, dueOn, doneOn] of deadlines) await addDeadline(t, id, step, dueOn, doneOn);
    };
    // Decisions due within 4 weeks of the meeting: met 8 April for 10 April; late (25 May for 20
    // May); not made by 15 June, so missed; one due 10 February (before the period) and one due
    // today, 2 December, not yet made (it can still be made in time) are not counted.
    // Reviews within 12 months: met (8 April for 30 April; 25 May for 31 May); missed, not ended by
    // 30 June.
    await reviewed('Alpha', [
      ['decision', '2026-04-10', '2026-04-08'],
      ['review-due', '2026-04-30', '2026-04-08'],
    ]);
    await reviewed('Bravo', [
      ['decision', '2026-05-20', '2026-05-25'],
      ['review-due', '2026-05-31', '2026-05-25'],
    ]);
    await reviewed('Charlie', [
      ['decision', '2026-06-15', null],
      ['review-due', '2026-06-30', null],
    ]);
    await reviewed('Delta', [['decision', '2026-02-10', '2026-02-01']]);
    await reviewed('Hotel', [['decision', '2026-12-02', null]]);
    // Phase transfers: amended 30 March 2026 for a deadline of 31 March (its last day on time is
    // 30 March): met.
    await reviewed('Echo', [['phase-transfer', '2026-03-30', '2026-03-30']], {
      to: 'post-16',
      deadline: '2026-03-31',
    });
    // A plan due 15 August 2026 with no review begun: a review missed. Issued 16 August 2025.
    const neverReviewed = await plan('Foxtrot', '2025-08-16');
    // And a plan whose phase transfer deadline of 31 March 2026 passed with no review begun.
    const noPhaseReview = await plan('Golf', '2026-06-01');
    await sql`UPDATE ehc_plans SET phase_transfer_to = 'post-16', phase_transfer_deadline = '2026-03-31'
      WHERE id = ${noPhaseReview.planId}`.execute(t.database.db);
    assert.ok(neverReviewed.planId);
  });
  after(() => t.close());

  test('the stats API: 1 of 3 decisions in time (33.3%), 2 of 4 reviews (50%), 1 of 2 phase transfers (50%)', async () => {
    const api = await coordinatorApi(t);
    const res = await api.get('/api/v1/ehc/reviews/stats?from=2026-03-01&to=2026-12-02');
    assert.equal(res.statusCode, 200, res.body);
    const s = res.json() as Record<
      string,
      { met: number; missed: number; counted: number; percentMet: number | null }
    > & {
      months: {
        month: string;
        decision: { met: number; counted: number };
        review: { met: number; counted: number };
        phaseTransfer: { met: number; counted: number };
      }[];
    };
    // 1 ÷ 3 = 33.33…%, to one place 33.3%.
    assert.deepEqual(
      { ...s.decision, definition: undefined },
      { met: 1, missed: 2, counted: 3, percentMet: 33.3, definition: undefined },
    );
    // Alpha and Bravo met; Charlie missed; Foxtrot's never begun, missed: 2 ÷ 4 = 50%.
    assert.equal(s.review?.met, 2);
    assert.equal(s.review?.counted, 4);
    assert.equal(s.review?.percentMet, 50);
    // Echo met; Golf's never begun, missed.
    assert.equal(s.phaseTransfer?.met, 1);
    assert.equal(s.phaseTransfer?.counted, 2);
    assert.equal(s.phaseTransfer?.percentMet, 50);
    // Month by month, March to December: ten months.
    assert.equal(s.months.length, 10);
    const month = (m: string) => s.months.find((x) => x.month === m);
    assert.deepEqual(month('2026-03-01')?.phaseTransfer, { met: 1, missed: 1, counted: 2, percentMet: 50 });
    assert.deepEqual(month('2026-04-01')?.decision, { met: 1, missed: 0, counted: 1, percentMet: 100 });
    assert.deepEqual(month('2026-05-01')?.decision, { met: 0, missed: 1, counted: 1, percentMet: 0 });
    assert.deepEqual(month('2026-08-01')?.review, { met: 0, missed: 1, counted: 1, percentMet: 0 });
    assert.deepEqual(month('2026-09-01')?.review, { met: 0, missed: 0, counted: 0, percentMet: null });
    assert.deepEqual(month('2026-12-01')?.decision, { met: 0, missed: 0, counted: 0, percentMet: null });
  });

  test('the completion page shows the same figures, GOV.UK style, with the chart’s figures as a table', async () => {
    const b = await browserAs(t, t.la.users.coordinator.email);
    const res = await b.get(
      '/ehc/reviews?show=completion&from-day=1&from-month=3&from-year=2026&to-day=2&to-month=12&to-year=2026',
    );
    assert.equal(res.statusCode, 200, res.body.slice(0, 400));
    const text = mainOf(res.body);
    assert.match(text, /Completion from 1 March 2026 to 2 December 2026/);
    assert.match(text, /33\.3% Decisions within 4 weeks of the meeting: 1 of 3 \(33\.3%\)/);
    assert.match(text, /50% Reviews completed within 12 months: 2 of 4 \(50%\)/);
    assert.match(text, /March 2026 None due None due 1 of 2 \(50%\)/);
    assert.match(res.body, /<svg [^>]*role="img"/);
    const csv = await b.get(
      '/ehc/reviews?show=completion&from=2026-03-01&to=2026-12-02&table=completion&format=csv',
    );
    assert.equal(csv.statusCode, 200, csv.body.slice(0, 300));
    assert.match(csv.body, /Decisions within 4 weeks of the meeting,1,2,3,33\.3/);
  });

  test('by default the period is the 12 months to today', async () => {
    const api = await coordinatorApi(t);
    const s = (await api.get('/api/v1/ehc/reviews/stats')).json() as { from: string; to: string };
    // 12 months to 2 December 2026 start on 3 December 2025.
    assert.deepEqual([s.from, s.to], ['2025-12-03', '2026-12-02']);
  });
});

describe('bad parameters are named, never a 500', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('the API answers 400 problem+json naming each bad parameter', async () => {
    const api = await coordinatorApi(t);
    const cases: [string, string, RegExp][] = [
      ['/api/v1/ehc/reviews?childId=nobody', 'childId', /childId must be a child ID/],
      ['/api/v1/ehc/reviews?settingId=12', 'settingId', /settingId must be a school or setting ID/],
      ['/api/v1/ehc/reviews?dueBefore=2027-02-30', 'dueBefore', /dueBefore must be a real date/],
      ['/api/v1/ehc/reviews?dueBefore=next%20week', 'dueBefore', /dueBefore must be a date like/],
      ['/api/v1/ehc/reviews?overdue=yes', 'overdue', /overdue must be true or false/],
      ['/api/v1/ehc/reviews?limit=0', 'limit', /limit must be at least 1/],
      ['/api/v1/ehc/reviews?offset=-1', 'offset', /offset must be 0 or more/],
      ['/api/v1/ehc/reviews/stats?from=2026-13-01', 'from', /from must be a real date/],
      ['/api/v1/ehc/reviews/stats?to=2026-03-03', 'to', /to must be today \(2026-03-02\) or earlier/],
      [
        '/api/v1/ehc/reviews/stats?from=2026-02-01&to=2026-01-01',
        'to',
        /to must be the same day as from or after it/,
      ],
      ['/api/v1/ehc/reviews/stats?from=2013-01-01', 'from', /from must be 2014-09-01 or later/],
    ];
    for (const [url, field, message] of cases) {
      const res = await api.get(url);
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      const errors = (res.json() as { errors: { field: string; message: string }[] }).errors;
      assert.equal(errors[0]?.field, field, url);
      assert.match(errors[0]?.message ?? '', message, url);
    }
  });

  test('the page answers 400 with the GOV.UK error summary naming the field', async () => {
    const b = await browserAs(t, t.la.users.coordinator.email);
    const cases: [string, { href: string; text: RegExp }][] = [
      ['/ehc/reviews?show=everything', { href: '#show', text: /show must be one of: due, overdue/ }],
      [
        `/ehc/reviews?coordinator=${t.otherLa.users.coordinator.id}`,
        { href: '#coordinator', text: /coordinator must be a caseworker of your LA/ },
      ],
      ['/ehc/reviews?page=0', { href: '#page', text: /page must be 1 or more/ }],
      [
        '/ehc/reviews?show=completion&from-day=31&from-month=2',
        { href: '#from-day', text: /The start of the period must include a year/ },
      ],
      [
        '/ehc/reviews?show=completion&to-day=3&to-month=3&to-year=2026',
        { href: '#to-day', text: /to must be today \(2026-03-02\) or earlier/ },
      ],
    ];
    for (const [url, expected] of cases) {
      const res = await b.get(url);
      assert.equal(res.statusCode, 400, `${url}: ${res.statusCode}`);
      const [first] = errorSummaryOf(res.body);
      assert.equal(first?.href, expected.href, url);
      assert.match(first?.text ?? '', expected.text, url);
    }
    const badFormat = await b.get('/ehc/reviews?format=pdf');
    assert.equal(badFormat.statusCode, 400);
    const badTable = await b.get('/ehc/reviews?show=completion&table=nope&format=csv');
    assert.equal(badTable.statusCode, 400);
  });

  test('only the LA’s SEND team reads the lists', async () => {
    const senco = await addUser(t, t.la.code, 'senco', ['senco']);
    const api = apiAs(t, await tokenFor(t, t.la.code, senco.id));
    assert.equal((await api.get('/api/v1/ehc/reviews')).statusCode, 403);
    assert.equal((await api.get('/api/v1/ehc/reviews/stats')).statusCode, 403);
  });
});

describe('the school’s view: a SENCo sees their own pupils’ reviews and writes the report beside the plan', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  let senco: { id: string; email: string };
  let otherSenco: { id: string; email: string };
  before(async () => {
    t = await startTestApp();
    // The clock stands at Monday 2 March 2026.
    const today = '2026-03-02';
    const ours = await addSetting(t, 'Holt Primary', { phase: 'Primary', low: 4, high: 11 });
    const theirs = await addSetting(t, 'Diss Primary', { phase: 'Primary', low: 4, high: 11 });
    senco = await addUser(t, t.la.code, 'holt-senco', ['senco']);
    otherSenco = await addUser(t, t.la.code, 'diss-senco', ['senco']);
    for (const [user, school] of [
      [senco.id, ours],
      [otherSenco.id, theirs],
    ] as const)
      await sql`INSERT INTO establishment_staff (la_code, user_id, establishment_id, role)
        VALUES (${t.la.code}, ${user}, ${school}, 'senco')`.execute(t.database.db);
    const pupil = async (forename: string, surname: string, school: string, issuedOn: string) => {
      const childId = await addChild(t, t.la.code, {
        forename,
        surname,
        dateOfBirth: '2018-04-04',
        establishmentId: school,
      });
      return { childId, planId: await addPlan(t, { childId, issuedOn, settingId: school, today }) };
    };
    // Issued 1 April 2025: due by 31 March 2026.
    const holly = await pupil('Holly', 'Holt', ours, '2025-04-01');
    Object.assign(ids, { holly: holly.childId, hollyPlan: holly.planId });
    const henry = await pupil('Henry', 'Holt', ours, '2025-09-01');
    ids.henry = henry.childId;
    const dan = await pupil('Dan', 'Diss', theirs, '2025-04-01');
    Object.assign(ids, { dan: dan.childId, danPlan: dan.planId });
    await sql`INSERT INTO ehc_plan_sections (la_code, plan_id, section, version, content) VALUES
      (${t.la.code}, ${holly.planId}, 'A', 1, 'Holly loves drawing.'),
      (${t.la.code}, ${holly.planId}, 'A', 2, 'Holly loves drawing and <b>horses</b>.'),
      (${t.la.code}, ${holly.planId}, 'E', 1, 'Holly will read a short book on her own by July.')`.execute(
      t.database.db,
    );
    // The LA begins both reviews and invites everyone to meetings on 16 March, 2 weeks away.
    const api = await coordinatorApi(t);
    for (const [key, planId] of [
      ['hollyReview', holly.planId],
      ['danReview', dan.planId],
    ] as const) {
      const started = await api.post(`/api/v1/ehc/plans/${planId}/reviews`, {});
      assert.equal(started.statusCode, 201, started.body);
      ids[key] = (started.json() as { id: string }).id;
      const invited = await api.post(`/api/v1/ehc/reviews/${ids[key]}/steps`, {
        step: { type: 'invited', on: today, meetingOn: '2026-03-16', invitees: ['Parents', 'SENCo'] },
      });
      assert.equal(invited.statusCode, 201, invited.body);
    }
  });
  after(() => t.close());

  test('before the meeting there is no report to write; another school’s pupils are not listed', async () => {
    const b = await browserAs(t, senco.email);
    const page = await b.get('/school/reviews');
    assert.equal(page.statusCode, 200, page.body.slice(0, 300));
    const text = mainOf(page.body);
    assert.match(text, /The EHC plans of the pupils at Holt Primary/);
    assert.match(text, /2 pupils with an EHC plan/);
    assert.match(text, /Holly Holt .*31 March 2026 Meeting arranged 16 March 2026 After the meeting/);
    assert.match(text, /Henry Holt .*31 August 2026 Not started Not arranged No review under way/);
    assert.doesNotMatch(text, /Dan Diss|Write the review report/);
    const listed = (await listingEvents(t, t.la.code, 'ehc.review.listed')).at(-1);
    assert.deepEqual(new Set(listed?.child_ids), new Set([ids.holly, ids.henry]));
    // The report's page says it follows the meeting, and offers no form.
    const early = await b.get(`/school/reviews/${ids.hollyReview}/report`);
    assert.equal(early.statusCode, 200);
    assert.match(mainOf(early.body), /The review report follows the meeting/);
    assert.doesNotMatch(early.body, /name="recommendation"/);
  });

  test('a SENCo cannot see another school’s review: it is not found, and nor is one that does not exist', async () => {
    const b = await browserAs(t, senco.email);
    for (const url of [
      `/school/reviews/${ids.danReview}/report`,
      '/school/reviews/00000000-0000-4000-8000-000000000000/report',
      '/school/reviews/not-a-review/report',
    ]) {
      assert.equal((await b.get(url)).statusCode, 404, url);
      assert.equal(
        (await b.post(url, { 'on-day': '20', 'on-month': '3', 'on-year': '2026' })).statusCode,
        404,
        url,
      );
    }
    // Nor is the list the LA's: the school's staff have no access to /ehc/reviews.
    assert.equal((await b.get('/ehc/reviews')).statusCode, 403);
    // And the LA's staff have no school.
    assert.equal(
      (await (await browserAs(t, t.la.users.coordinator.email)).get('/school/reviews')).statusCode,
      403,
    );
  });

  test('once the meeting is held the report is due within 2 weeks; it is written beside the plan as it stands', async () => {
    goTo(t, '2026-03-16');
    const api = await coordinatorApi(t);
    const held = await api.post(`/api/v1/ehc/reviews/${ids.hollyReview}/steps`, {
      step: { type: 'meeting-held', on: '2026-03-16' },
    });
    assert.equal(held.statusCode, 201, held.body);
    goTo(t, '2026-03-20');
    const b = await browserAs(t, senco.email);
    const list = mainOf((await b.get('/school/reviews')).body);
    // Held 16 March: due 30 March (16 + 14).
    assert.match(
      list,
      /Holly Holt .*Meeting held Held 16 March 2026 Due 30 March 2026 To write Write the review report for Holly Holt/,
    );
    assert.match(list, /1 review report is to write/);

    const before = (await listingEvents(t, t.la.code, 'ehc.plan.read')).length;
    const form = await b.get(`/school/reviews/${ids.hollyReview}/report`);
    assert.equal(form.statusCode, 200, form.body.slice(0, 300));
    const text = mainOf(form.body);
    assert.match(text, /Report due 30 March 2026, within 2 weeks of the meeting/);
    // The latest version of each section, escaped as text.
    assert.match(
      text,
      /Section A: Views, interests and aspirations Holly loves drawing and &lt;b&gt;horses&lt;\/b&gt;\./,
    );
    assert.doesNotMatch(text, /Holly loves drawing\. /);
    assert.match(text, /Section E: Outcomes Holly will read a short book on her own by July\./);
    const reads = await listingEvents(t, t.la.code, 'ehc.plan.read');
    assert.equal(reads.length, before + 1);
    assert.equal(reads.at(-1)?.child_id, ids.holly);
  });

  test('bad input is named in the error summary, and nothing is recorded', async () => {
    const b = await browserAs(t, senco.email);
    const url = `/school/reviews/${ids.hollyReview}/report`;
    const res = await b.post(url, {
      'on-day': '20',
      'on-month': '3',
      'on-year': '',
      views: '',
      progress: 'Reads well.',
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(
      errorSummaryOf(res.body).map((e) => e.href),
      ['#on-day', '#recommendation', '#views', '#changes'],
    );
    assert.match(errorSummaryOf(res.body)[0]?.text ?? '', /must include a year/);
    // What was typed is kept.
    assert.match(res.body, /Reads well\./);
    // A report dated before the meeting is refused by the review's rules.
    const early = await b.post(url, {
      'on-day': '15',
      'on-month': '3',
      'on-year': '2026',
      recommendation: 'maintain',
      views: 'Happy at school.',
      progress: 'Good progress.',
      changes: 'None.',
    });
    assert.equal(early.statusCode, 400);
    assert.match(
      errorSummaryOf(early.body)[0]?.text ?? '',
      /The report cannot be before the meeting \(2026-03-16\)/,
    );
    const api = await coordinatorApi(t);
    const review = (await api.get(`/api/v1/ehc/reviews/${ids.hollyReview}`)).json() as { stage: string };
    assert.equal(review.stage, 'meeting-held');
  });

  test('the report is sent to the LA: the review moves on, and the list says it was received', async () => {
    const b = await browserAs(t, senco.email);
    const res = await b.post(`/school/reviews/${ids.hollyReview}/report`, {
      'on-day': '20',
      'on-month': '3',
      'on-year': '2026',
      recommendation: 'amend',
      views: 'Holly is happy and wants to ride horses.',
      progress: 'Reading has come on well; writing is behind.',
      changes: 'Section F: more support with writing.',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    assert.equal(res.headers.location, '/school/reviews?saved=recorded');
    const list = await b.get('/school/reviews?saved=recorded');
    assert.match(mainOf(list.body), /The review report was sent to the LA\./);
    assert.match(mainOf(list.body), /Holly Holt .*Report received Held 16 March 2026 Received 20 March 2026/);
    const api = await coordinatorApi(t);
    const review = (await api.get(`/api/v1/ehc/reviews/${ids.hollyReview}`)).json() as { stage: string };
    assert.equal(review.stage, 'report-received');
    // Sent twice (a second tab, say): the second is refused, not recorded again.
    const again = await b.post(`/school/reviews/${ids.hollyReview}/report`, {
      'on-day': '20',
      'on-month': '3',
      'on-year': '2026',
      recommendation: 'amend',
      views: 'x',
      progress: 'x',
      changes: 'x',
    });
    assert.equal(again.statusCode, 409);
    assert.match(errorSummaryOf(again.body)[0]?.text ?? '', /already recorded/);
  });

  test('a head teacher linked to the school sees the same pupils', async () => {
    const head = await addUser(t, t.la.code, 'holt-head', ['head_teacher']);
    const [school] = (
      await sql<{ id: string }>`SELECT id FROM establishments WHERE name = 'Holt Primary'`.execute(
        t.database.db,
      )
    ).rows;
    await sql`INSERT INTO establishment_staff (la_code, user_id, establishment_id, role)
      VALUES (${t.la.code}, ${head.id}, ${school?.id}, 'headteacher')`.execute(t.database.db);
    const text = mainOf((await (await browserAs(t, head.email)).get('/school/reviews')).body);
    assert.match(text, /Holly Holt/);
    assert.match(text, /Henry Holt/);
    assert.doesNotMatch(text, /Dan Diss/);
  });

  test('the school’s list downloads, audited with its pupils', async () => {
    const b = await browserAs(t, senco.email);
    const csv = await b.get('/school/reviews?format=csv');
    assert.equal(csv.statusCode, 200);
    assert.match(
      csv.body,
      /Holly,Holt,2018-04-04,.*Holt Primary,2026-03-31,Report received,2026-03-16,2026-03-16,2026-03-30,Received,2026-03-20/,
    );
    assert.doesNotMatch(csv.body, /Diss/);
    const exported = (await listingEvents(t, t.la.code, 'ehc.review.exported')).at(-1);
    assert.deepEqual(new Set(exported?.child_ids), new Set([ids.holly, ids.henry]));
  });
});
