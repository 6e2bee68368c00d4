import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addSchool,
  addStaff,
  addUser,
  apiAs,
  auditEvents,
  browserAs,
  errorSummaryOf,
  tokenFor,
} from '../support/children.ts';
import { openEhcRequest } from '../support/ehc.ts';

interface Problem {
  errors?: { field: string; message: string }[];
}
interface Review {
  id: string;
  version: number;
  kind: string;
  stage: string;
  dueOn: string;
  phaseTransfer: { to: string; deadline: string } | null;
  plan: {
    id: string;
    lastReviewedOn: string | null;
    nextReviewDue: string | null;
    planVersion: number;
    status: string;
  };
  next: { step: string; dueOn: string } | null;
  closedOn: string | null;
  deadlines: {
    step: string;
    dueOn: string;
    deadline: string | null;
    doneOn: string | null;
    status: string;
    daysLate: number | null;
  }[];
}

const refusedWith = (
  res: { statusCode: number; body: string; json: () => unknown },
  status: number,
  field: string,
  message: RegExp,
) => {
  assert.equal(res.statusCode, status, res.body);
  const e = (res.json() as Problem).errors?.find((x) => x.field === field);
  assert.ok(e, `names ${field}: ${res.body}`);
  assert.match(e.message, message);
};

/** The steps of a new request up to a final plan issued on `issuedOn`, naming the child's school. */
const toFinalPlan = (decided: string, drafted: string, issuedOn: string, settingName = 'Park Primary') => [
  { type: 'assessment-decided', on: decided, outcome: 'assess', reasons: '' },
  { type: 'issue-decided', on: decided, outcome: 'issue', reasons: '' },
  { type: 'draft-served', on: drafted },
  { type: 'final-issued', on: issuedOn, placement: { settingName, provision: 'mainstream' } },
];

// The test clock stands at 2 March 2026.
describe('EHC reviews: the cycle from invitation to decision, amendments, ceasing and transfers out', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiAs>;
  let school: string;
  let otherSchool: string;
  let senco: { id: string; email: string };
  let sencoApi: ReturnType<typeof apiAs>;
  let otherSencoApi: ReturnType<typeof apiAs>;

  before(async () => {
    t = await startTestApp();
    api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
    school = await addSchool(t, t.la.code, 'Park Primary');
    otherSchool = await addSchool(t, t.la.code, 'Hill Primary');
    senco = await addUser(t, t.la.code, 'senco', ['senco']);
    await addStaff(t, t.la.code, senco.id, school);
    sencoApi = apiAs(t, await tokenFor(t, t.la.code, senco.id));
    const otherSenco = await addUser(t, t.la.code, 'othersenco', ['senco']);
    await addStaff(t, t.la.code, otherSenco.id, otherSchool);
    otherSencoApi = apiAs(t, await tokenFor(t, t.la.code, otherSenco.id));
  });
  after(() => t.close());

  async function planFor(childId: string, issuedOn = '2025-05-20') {
    const requestId = await openEhcRequest(
      api,
      childId,
      '2025-01-06',
      toFinalPlan('2025-02-10', '2025-04-10', issuedOn),
    );
    const r = await sql<{ id: string; next_review_due: string }>`
      SELECT id, to_char(next_review_due, 'YYYY-MM-DD') AS next_review_due FROM ehc_plans WHERE request_id = ${requestId}`.execute(
      t.database.db,
    );
    const row = r.rows[0];
    assert.ok(row);
    return row;
  }
  const start = async (planId: string) => {
    const res = await api.post(`/api/v1/ehc/plans/${planId}/reviews`, {});
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as Review;
  };
  const step = (reviewId: string, s: Record<string, unknown>, as = api) =>
    as.post(`/api/v1/ehc/reviews/${reviewId}/steps`, { step: s });
  const ok = async (reviewId: string, s: Record<string, unknown>, as = api) => {
    const res = await step(reviewId, s, as);
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as Review;
  };

  test('a plan’s review is due the day before the anniversary of its making; an on-time review that amends the plan makes its version 2, keeping version 1’s sections', async () => {
    // Year 3 in 2025/26 (8 on 31 August 2025), at a primary school: no phase transfer this year.
    const child = await addChild(t, t.la.code, { dateOfBirth: '2017-03-27', establishmentId: school });
    const plan = await planFor(child);
    // CFA s44(1): 12 months starting with 20 May 2025 end on 19 May 2026.
    assert.equal(plan.next_review_due, '2026-05-19');
    await sql`INSERT INTO ehc_plan_sections (la_code, plan_id, section, version, content)
      VALUES (${t.la.code}, ${plan.id}, 'B', 1, 'Needs as first assessed')`.execute(t.database.db);

    const review = await start(plan.id);
    assert.equal(review.kind, 'annual');
    assert.equal(review.dueOn, '2026-05-19');
    assert.equal(review.phaseTransfer, null);
    // To end by 19 May: 2 weeks' notice then up to 4 weeks to decide, so invite by 19 May − 42 days = 7 April.
    assert.deepEqual(review.next && [review.next.step, review.next.dueOn], ['invite', '2026-04-07']);

    // 13 days' notice is too little; 14 is enough (reg 20(3)).
    refusedWith(
      await step(review.id, {
        type: 'invited',
        on: '2026-01-05',
        meetingOn: '2026-01-18',
        invitees: ['Parent'],
      }),
      422,
      'meetingOn',
      /2 weeks’ notice.*2026-01-19/,
    );
    await ok(review.id, {
      type: 'invited',
      on: '2026-01-05',
      meetingOn: '2026-01-19',
      invitees: ['Pat Parent', 'Park Primary SENCo'],
    });
    // The bad inputs: a report before the meeting, a decision without a meeting.
    refusedWith(
      await step(review.id, { type: 'report-received', on: '2026-01-20', recommendation: 'amend' }),
      422,
      'type',
      /follows the meeting/,
    );
    refusedWith(
      await step(review.id, { type: 'decided', on: '2026-01-20', outcome: 'amend', reasons: '' }),
      422,
      'type',
      /follows the review meeting/,
    );
    await ok(review.id, { type: 'advice-circulated', on: '2026-01-05' });
    await ok(review.id, { type: 'meeting-held', on: '2026-01-19' });
    refusedWith(
      await step(review.id, { type: 'report-received', on: '2026-01-18', recommendation: 'amend' }),
      422,
      'on',
      /before the meeting \(2026-01-19\)/,
    );
    await ok(review.id, {
      type: 'report-received',
      on: '2026-02-02',
      recommendation: 'amend',
      views: 'Likes maths',
    });
    // Ceasing needs its SEN2 reason; a move to another LA is a transfer out, not a decision.
    refusedWith(
      await step(review.id, { type: 'decided', on: '2026-02-16', outcome: 'cease', reasons: 'Needs met' }),
      422,
      'ceaseReason',
      /CeaseReason/,
    );
    refusedWith(
      await step(review.id, {
        type: 'decided',
        on: '2026-02-16',
        outcome: 'cease',
        reasons: 'Moved',
        ceaseReason: '5',
      }),
      422,
      'ceaseReason',
      /transfer out/,
    );
    const decided = await ok(review.id, {
      type: 'decided',
      on: '2026-02-16',
      outcome: 'amend',
      reasons: 'Needs have changed',
    });
    // The decision is the plan's last review (SEN2 LastReview): the next is due by 15 February 2027.
    assert.equal(decided.plan.lastReviewedOn, '2026-02-16');
    assert.equal(decided.plan.nextReviewDue, '2027-02-15');
    const byStep = new Map(decided.deadlines.map((d) => [d.step, d]));
    // Report by meeting + 14 = 2 February (met on the day); decision by meeting + 28 = 16 February (met on the day).
    assert.deepEqual([byStep.get('report')?.dueOn, byStep.get('report')?.status], ['2026-02-02', 'met']);
    assert.deepEqual([byStep.get('decision')?.dueOn, byStep.get('decision')?.status], ['2026-02-16', 'met']);
    assert.deepEqual(
      [byStep.get('review-due')?.status, byStep.get('advice-circulated')?.status],
      ['met', 'met'],
    );
    assert.equal(decided.stage, 'amending');

    await ok(review.id, {
      type: 'amendments-proposed',
      on: '2026-02-16',
      sections: { B: 'Needs as reviewed in January 2026' },
    });
    // At least 15 days beginning with 16 February: the last is 2 March, so issuing today is refused...
    refusedWith(
      await step(review.id, { type: 'amended-plan-issued', on: '2026-03-02' }),
      422,
      'on',
      /until 2026-03-02/,
    );
    // ...unless the family have made their representations.
    await ok(review.id, { type: 'representations-received', on: '2026-02-25', summary: 'Agree' });
    const amended = await ok(review.id, { type: 'amended-plan-issued', on: '2026-03-02' });
    assert.equal(amended.stage, 'complete');
    assert.equal(amended.closedOn, '2026-03-02');
    assert.equal(amended.plan.planVersion, 2);
    // 8 weeks from 16 February is 13 April: met.
    const amendedStep = amended.deadlines.find((d) => d.step === 'amended-plan');
    assert.deepEqual([amendedStep?.dueOn, amendedStep?.status], ['2026-04-13', 'met']);
    const sections = await sql<{ version: number; content: string }>`
      SELECT version, content FROM ehc_plan_sections WHERE plan_id = ${plan.id} AND section = 'B' ORDER BY version`.execute(
      t.database.db,
    );
    assert.deepEqual(
      sections.rows.map((r) => [r.version, r.content]),
      [
        [1, 'Needs as first assessed'],
        [2, 'Needs as reviewed in January 2026'],
      ],
    );
    const versions = await sql<{ number: number; sections: Record<string, number> }>`
      SELECT number, sections FROM ehc_plan_versions WHERE plan_id = ${plan.id}`.execute(t.database.db);
    assert.deepEqual(
      versions.rows.map((r) => [r.number, r.sections.B]),
      [[2, 2]],
    );
    // A finished review takes no more steps, and the plan can have its next one.
    refusedWith(
      await step(review.id, { type: 'meeting-held', on: '2026-03-02' }),
      422,
      'type',
      /already recorded/,
    );
    assert.ok(
      (await auditEvents(t, t.la.code, 'ehc.review.step-recorded')).some((e) => e.child_id === child),
    );
  });

  test('a meeting before the plan existed is refused, and so is a second review of a plan under review', async () => {
    const child = await addChild(t, t.la.code, { dateOfBirth: '2017-05-01', establishmentId: school });
    const plan = await planFor(child);
    const review = await start(plan.id);
    refusedWith(
      await step(review.id, {
        type: 'invited',
        on: '2025-04-01',
        meetingOn: '2025-05-01',
        invitees: ['Parent'],
      }),
      422,
      'meetingOn',
      /before the plan was made \(2025-05-20\)/,
    );
    refusedWith(
      await api.post(`/api/v1/ehc/plans/${plan.id}/reviews`, {}),
      409,
      'planId',
      /already under way/,
    );
    refusedWith(
      await step(review.id, { type: 'invited', on: '2026-02-02', meetingOn: '2026-02-20', invitees: [] }),
      422,
      'invitees',
      /Name who is invited/,
    );
    refusedWith(
      await step(review.id, {
        type: 'invited',
        on: '2026-04-02',
        meetingOn: '2026-04-20',
        invitees: ['Parent'],
      }),
      422,
      'on',
      /future/,
    );
    const bad = await step(review.id, { type: 'ceased', on: '2026-02-02' });
    assert.equal(bad.statusCode, 400, bad.body);
    await ok(review.id, { type: 'invited', on: '2026-02-02', meetingOn: '2026-02-20', invitees: ['Parent'] });
    // Held earlier than arranged would get round the 2 weeks' notice.
    refusedWith(
      await step(review.id, { type: 'meeting-held', on: '2026-02-19' }),
      422,
      'on',
      /arranged for 2026-02-20/,
    );
    // Once the child has moved away with the plan, its review takes no more steps.
    const moved = await api.post(`/api/v1/ehc/children/${child}/transfer-out`, {
      toLaCode: '935',
      on: '2026-02-27',
    });
    assert.equal(moved.statusCode, 200, moved.body);
    refusedWith(
      await step(review.id, { type: 'meeting-held', on: '2026-02-20' }),
      422,
      'type',
      /plan has ceased/,
    );
  });

  test('ceasing: the plan is kept until the appeal period ends, then ceases with its SEN2 reason; a ceased plan takes no amendment', async () => {
    const child = await addChild(t, t.la.code, { dateOfBirth: '2008-02-01', establishmentId: school });
    const plan = await planFor(child, '2025-05-20');
    const review = await start(plan.id);
    await ok(review.id, {
      type: 'invited',
      on: '2025-09-01',
      meetingOn: '2025-09-15',
      invitees: ['Young person'],
    });
    await ok(review.id, { type: 'meeting-held', on: '2025-09-15' });
    await ok(review.id, { type: 'report-received', on: '2025-09-22', recommendation: 'cease' });
    const decided = await ok(review.id, {
      type: 'decided',
      on: '2025-10-06',
      outcome: 'cease',
      reasons: 'Needs met at college',
      ceaseReason: '2',
    });
    assert.equal(decided.stage, 'ceasing');
    // 2 months from 6 October is 6 December 2025, a Saturday: the appeal period runs to Monday 8 December.
    const window = decided.deadlines.find((d) => d.step === 'appeal-window');
    assert.equal(window?.dueOn, '2025-12-08');
    refusedWith(
      await step(review.id, { type: 'plan-ceased', on: '2025-12-08' }),
      422,
      'on',
      /appeal period ends on 2025-12-08/,
    );
    const ceased = await ok(review.id, { type: 'plan-ceased', on: '2025-12-09' });
    assert.equal(ceased.stage, 'ceased');
    const row = await sql<{ status: string; cease_reason: string; ended_on: string }>`
      SELECT status, cease_reason, to_char(ended_on, 'YYYY-MM-DD') AS ended_on FROM ehc_plans WHERE id = ${plan.id}`.execute(
      t.database.db,
    );
    assert.deepEqual(row.rows[0], { status: 'ceased', cease_reason: '2', ended_on: '2025-12-09' });
    refusedWith(await api.post(`/api/v1/ehc/plans/${plan.id}/reviews`, {}), 422, 'planId', /ceased/);

    // The notice to cease: the appeal deadline worked out above, and the plan kept until then.
    const manager = await addUser(t, t.la.code, 'manager', ['send_team_manager']);
    const managerApi = apiAs(t, await tokenFor(t, t.la.code, manager.id));
    const browser = await browserAs(t, t.la.users.coordinator.email);
    assert.match(
      (await browser.get(`/ehc/reviews/${review.id}/letters/review-decision`)).body,
      /letter details are not set up/,
    );
    const saved = await managerApi.put('/api/v1/ehc/letter-settings', {
      serviceName: 'SEND Service',
      address: 'County Hall\nNorwich',
      phone: '01632 960100',
      email: 'send@example.org',
      website: '',
      iasName: 'Test SENDIASS',
      iasPhone: '01632 960200',
      iasWebsite: '',
      mediationName: 'Test Mediation',
      mediationPhone: '01632 960300',
      mediationEmail: '',
      disagreementName: 'Test Disagreement Resolution',
      disagreementPhone: '01632 960400',
      version: 0,
    });
    assert.equal(saved.statusCode, 200, saved.body);
    const notice = await browser.get(`/ehc/reviews/${review.id}/letters/review-decision`);
    assert.equal(notice.statusCode, 200);
    assert.match(notice.body, /We intend to stop maintaining the education, health and care plan/);
    assert.match(notice.body, /needs being met without an ehc plan/);
    assert.match(notice.body, /The Tribunal must receive your appeal by 8 December 2025/);
    assert.match(notice.body, /go on maintaining the plan until the time to appeal has passed/);
    const pdf = await browser.get(`/ehc/reviews/${review.id}/letters/review-decision/pdf`);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(
      (await browser.get(`/ehc/reviews/${review.id}/letters/amended-plan-notice`)).statusCode,
      404,
    );

    // Sending the notice keeps it as it went; the reprint is that letter whatever changes later.
    const send = (body: Record<string, unknown>) =>
      api.post(`/api/v1/ehc/reviews/${review.id}/letters`, body);
    refusedWith(
      await send({ kind: 'review-decision', method: 'post', sentOn: '2025-10-05' }),
      422,
      'sentOn',
      /dated 6 October 2025/,
    );
    refusedWith(
      await send({ kind: 'review-decision', method: 'email', sentOn: '2025-10-06' }),
      422,
      'method',
      /email address|Nobody is recorded/,
    );
    refusedWith(
      await send({ kind: 'amended-plan-notice', method: 'post', sentOn: '2025-10-06' }),
      422,
      'kind',
      /no such letter yet/,
    );
    const sent = await send({ kind: 'review-decision', method: 'post', sentOn: '2025-10-06' });
    assert.equal(sent.statusCode, 201, sent.body);
    const letter = sent.json() as { id: string; sha256: string; links: { page: string; pdf: string } };
    await sql`UPDATE ehc_letter_settings SET phone = '01632 960999' WHERE la_code = ${t.la.code}`.execute(
      t.database.db,
    );
    const reprint = await browser.get(letter.links.page);
    assert.match(reprint.body, /01632 960100/);
    assert.doesNotMatch(reprint.body, /01632 960999/);
    assert.match(reprint.body, /Matches the PDF sent, byte for byte/);
    const listed = await api.get(`/api/v1/ehc/reviews/${review.id}/letters`);
    assert.deepEqual(
      (listed.json() as { letters: { id: string; label: string }[] }).letters.map((l) => [l.id, l.label]),
      [[letter.id, 'Letter: decision after the review']],
    );
    assert.ok((await auditEvents(t, t.la.code, 'ehc.document.exported')).some((e) => e.child_id === child));
  });

  test('an amendment to a ceased plan is refused', async () => {
    const child = await addChild(t, t.la.code, { dateOfBirth: '2017-06-01', establishmentId: school });
    const plan = await planFor(child);
    const review = await start(plan.id);
    await ok(review.id, { type: 'invited', on: '2026-01-05', meetingOn: '2026-01-19', invitees: ['Parent'] });
    await ok(review.id, { type: 'meeting-held', on: '2026-01-19' });
    await ok(review.id, { type: 'decided', on: '2026-01-26', outcome: 'amend', reasons: '' });
    // The family moves away before the amendment: the plan ends with the transfer.
    const moved = await api.post(`/api/v1/ehc/children/${child}/transfer-out`, {
      toLaCode: '935',
      on: '2026-02-20',
    });
    assert.equal(moved.statusCode, 200, moved.body);
    refusedWith(
      await step(review.id, { type: 'amendments-proposed', on: '2026-02-23', sections: { F: 'More help' } }),
      422,
      'type',
      /ceased plan cannot be amended/,
    );
  });

  test('a transfer out ends the plan with CeaseReason 5 on the transfer date, and an unfinished assessment is exported', async () => {
    const withPlan = await addChild(t, t.la.code, { dateOfBirth: '2016-01-10', establishmentId: school });
    const plan = await planFor(withPlan);
    const moved = await api.post(`/api/v1/ehc/children/${withPlan}/transfer-out`, {
      toLaCode: '935',
      on: '2026-02-20',
    });
    assert.equal(moved.statusCode, 200, moved.body);
    const row = await sql<{
      status: string;
      cease_reason: string;
      transferred_to_la: string;
      ended_on: string;
    }>`
      SELECT status, cease_reason, transferred_to_la, to_char(ended_on, 'YYYY-MM-DD') AS ended_on FROM ehc_plans WHERE id = ${plan.id}`.execute(
      t.database.db,
    );
    assert.deepEqual(row.rows[0], {
      status: 'ceased',
      cease_reason: '5',
      transferred_to_la: '935',
      ended_on: '2026-02-20',
    });

    const assessing = await addChild(t, t.la.code, { dateOfBirth: '2016-02-10' });
    const requestId = await openEhcRequest(api, assessing, '2026-01-12', [
      { type: 'assessment-decided', on: '2026-02-16', outcome: 'assess', reasons: '' },
    ]);
    const exported = await api.post(`/api/v1/ehc/children/${assessing}/transfer-out`, {
      toLaCode: '935',
      on: '2026-02-27',
    });
    assert.equal(exported.statusCode, 200, exported.body);
    assert.deepEqual((exported.json() as { exportedRequests: string[] }).exportedRequests, [requestId]);
    const request = await sql<{ stage: string; exported_to_la: string; closed_on: string }>`
      SELECT stage, exported_to_la, to_char(closed_on, 'YYYY-MM-DD') AS closed_on FROM ehc_requests WHERE id = ${requestId}`.execute(
      t.database.db,
    );
    assert.deepEqual(request.rows[0], { stage: 'exported', exported_to_la: '935', closed_on: '2026-02-27' });
    const read = (await api.get(`/api/v1/ehc/requests/${requestId}`)).json() as {
      stage: string;
      closedOn: string;
      exportedToLa: { code: string } | null;
      next: unknown;
    };
    assert.deepEqual(
      [read.stage, read.closedOn, read.exportedToLa?.code, read.next],
      ['exported', '2026-02-27', '935', null],
    );
    refusedWith(
      await api.post(`/api/v1/ehc/requests/${requestId}/events`, {
        event: { type: 'issue-decided', on: '2026-03-02', outcome: 'issue', reasons: '' },
        corrects: null,
      }),
      422,
      'event.type',
      /moved to another LA \(935\)/,
    );
    // Bad input: an unknown LA, a date to come, a child with nothing to transfer.
    refusedWith(
      await api.post(`/api/v1/ehc/children/${assessing}/transfer-out`, { toLaCode: '999', on: '2026-02-27' }),
      400,
      'toLaCode',
      /English LA/,
    );
    refusedWith(
      await api.post(`/api/v1/ehc/children/${assessing}/transfer-out`, { toLaCode: '935', on: '2026-02-27' }),
      422,
      'childId',
      /nothing|no plan/,
    );
    refusedWith(
      await api.post(`/api/v1/ehc/children/${withPlan}/transfer-out`, { toLaCode: '935', on: '2026-03-09' }),
      422,
      'on',
      /future/,
    );
  });

  test('a phase transfer review: the plan amended on 15 February is late by a day, against a deadline shown as 15 February', async () => {
    // 10 on 31 August 2025, so Year 6 in 2025/26 at a primary school (to 11): to secondary in September 2026.
    const child = await addChild(t, t.la.code, { dateOfBirth: '2015-01-15', establishmentId: school });
    const plan = await planFor(child);
    const review = await start(plan.id);
    assert.equal(review.kind, 'phase-transfer');
    assert.deepEqual(review.phaseTransfer, { to: 'secondary', deadline: '2026-02-15' });
    await ok(review.id, { type: 'invited', on: '2025-11-03', meetingOn: '2025-11-17', invitees: ['Parent'] });
    await ok(review.id, { type: 'meeting-held', on: '2025-11-17' });
    refusedWith(
      await step(review.id, { type: 'decided', on: '2025-11-24', outcome: 'maintain', reasons: '' }),
      422,
      'outcome',
      /phase transfer/,
    );
    await ok(review.id, {
      type: 'decided',
      on: '2025-11-24',
      outcome: 'amend',
      reasons: 'Secondary school to name',
    });
    await ok(review.id, {
      type: 'amendments-proposed',
      on: '2025-12-01',
      sections: { F: 'Support at secondary' },
    });
    refusedWith(
      await step(review.id, { type: 'amended-plan-issued', on: '2026-02-15' }),
      422,
      'placement',
      /after the phase transfer/,
    );
    const amended = await ok(review.id, {
      type: 'amended-plan-issued',
      on: '2026-02-15',
      placement: { settingName: 'City Academy', provision: 'mainstream', startOn: '2026-09-01' },
    });
    const phase = amended.deadlines.find((d) => d.step === 'phase-transfer');
    // Before 15 February: the last day on time is 14 February, so the 15th is 1 day late.
    assert.deepEqual(
      [phase?.deadline, phase?.dueOn, phase?.status, phase?.daysLate],
      ['2026-02-15', '2026-02-14', 'missed', 1],
    );
  });

  test('the school’s SENCo records the review report for their pupil, and nothing else; another school’s SENCo cannot see it', async () => {
    const child = await addChild(t, t.la.code, { dateOfBirth: '2017-09-01', establishmentId: school });
    const plan = await planFor(child);
    const review = await start(plan.id);
    await ok(review.id, { type: 'invited', on: '2026-02-02', meetingOn: '2026-02-16', invitees: ['Parent'] });
    await ok(review.id, { type: 'meeting-held', on: '2026-02-16' });
    assert.equal((await sencoApi.get(`/api/v1/ehc/reviews/${review.id}`)).statusCode, 200);
    assert.equal((await otherSencoApi.get(`/api/v1/ehc/reviews/${review.id}`)).statusCode, 404);
    assert.equal(
      (
        await step(
          review.id,
          { type: 'report-received', on: '2026-02-23', recommendation: 'maintain' },
          otherSencoApi,
        )
      ).statusCode,
      404,
    );
    refusedWith(
      await step(
        review.id,
        { type: 'decided', on: '2026-02-23', outcome: 'maintain', reasons: '' },
        sencoApi,
      ),
      422,
      'type',
      /school records the review report/,
    );
    const reported = await ok(
      review.id,
      { type: 'report-received', on: '2026-02-23', recommendation: 'maintain', progress: 'Good progress' },
      sencoApi,
    );
    assert.equal(reported.stage, 'report-received');
    assert.equal((await sencoApi.post(`/api/v1/ehc/plans/${plan.id}/reviews`, {})).statusCode, 403);
  });

  test('the review page says what is next and by when, and its step form names the field and the fix', async () => {
    const child = await addChild(t, t.la.code, { dateOfBirth: '2017-10-01', establishmentId: school });
    const plan = await planFor(child);
    const browser = await browserAs(t, t.la.users.coordinator.email);
    const begin = await browser.get(`/ehc/plans/${plan.id}/review`);
    assert.equal(begin.statusCode, 200, begin.body);
    const started = await browser.post(`/ehc/plans/${plan.id}/review`, {});
    assert.equal(started.statusCode, 303, started.body);
    const location = String(started.headers.location);
    const page = await browser.get(location);
    assert.match(page.body, /Invite to the review meeting/);
    // Invite by 19 May 2026 − 42 days.
    assert.match(page.body, /by 7 April 2026/);
    const reviewId = location.split('/').pop() ?? '';
    const bad = await browser.post(`/ehc/reviews/${reviewId}/steps/invited`, {
      'on-day': '5',
      'on-month': '1',
      'on-year': '2026',
      'meetingOn-day': '10',
      'meetingOn-month': '1',
      'meetingOn-year': '2026',
      invitees: 'Pat Parent',
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      errorSummaryOf(bad.body).map((e) => e.href),
      ['#meetingOn-day'],
    );
    const good = await browser.post(`/ehc/reviews/${reviewId}/steps/invited`, {
      'on-day': '5',
      'on-month': '1',
      'on-year': '2026',
      'meetingOn-day': '19',
      'meetingOn-month': '1',
      'meetingOn-year': '2026',
      invitees: 'Pat Parent\nPark Primary',
    });
    assert.equal(good.statusCode, 303, good.body);
    const after = await browser.get(`/ehc/reviews/${reviewId}`);
    assert.match(after.body, /Invited to the meeting on 19 January 2026/);
  });
});

describe('EHC reviews on the home page: what is the coordinator’s to do, and the team’s', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('counts of reviews overdue, due within 7 days and not begun, worked out from each plan’s dates', async () => {
    const api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
    const plan = async (issuedOn: string, drafted: string) => {
      const child = await addChild(t, t.la.code, { dateOfBirth: '2017-03-27' });
      const requestId = await openEhcRequest(
        api,
        child,
        '2024-12-02',
        toFinalPlan('2025-01-06', drafted, issuedOn),
      );
      const r = await sql<{ id: string }>`SELECT id FROM ehc_plans WHERE request_id = ${requestId}`.execute(
        t.database.db,
      );
      return r.rows[0]?.id ?? '';
    };
    // Made 20 March 2025: due by 19 March 2026; to end by then, invite by 19 March − 42 days = 5 February: overdue.
    const late = await plan('2025-03-20', '2025-03-03');
    assert.equal((await api.post(`/api/v1/ehc/plans/${late}/reviews`, {})).statusCode, 201);
    // Made 15 April 2025: due by 14 April 2026, invite by 3 March, tomorrow: due within 7 days.
    const soon = await plan('2025-04-15', '2025-03-03');
    assert.equal((await api.post(`/api/v1/ehc/plans/${soon}/reviews`, {})).statusCode, 201);
    // Made 1 April 2025: due by 31 March 2026, within 8 weeks of 2 March, and no review begun.
    await plan('2025-04-01', '2025-03-03');
    // Made 10 February 2025: due by 9 February 2026, passed with no decision: overdue for review.
    await plan('2025-02-10', '2025-01-20');

    const home = await (await browserAs(t, t.la.users.coordinator.email)).get('/');
    const text = home.body.replace(/\s+/g, ' ');
    assert.match(text, /1 of your reviews has a step overdue, and 1 has one due in the next 7 days/);
    // Not begun within 8 weeks: the one due 31 March (the overdue plan's date has passed, so it is not "in the next 8 weeks").
    assert.match(text, /1 plan is due for review in the next 8 weeks with no review begun/);

    const manager = await addUser(t, t.la.code, 'manager', ['send_team_manager']);
    const managerHome = (await (await browserAs(t, manager.email)).get('/')).body.replace(/\s+/g, ' ');
    assert.match(
      managerHome,
      />1<\/span><a class="govuk-link" href="\/ehc\/reviews">plans overdue for review/,
    );
  });
});
