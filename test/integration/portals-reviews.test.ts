import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addParentCarer,
  addSchool,
  addStaff,
  addUser,
  apiAs,
  errorSummaryOf,
  tokenFor,
  unescapeHtml,
} from '../support/children.ts';
import { openEhcRequest, saveLetterSettings } from '../support/ehc.ts';
import { browserFor } from '../support/portals.ts';

/**
 * A family follows the reviews of their child's plan in the portal and says what they think of
 * the changes the LA proposes, within the 15 days (SEND Regulations 2014 reg 22(2)). The clock
 * stands at Monday 2 March 2026.
 */

const toFinalPlan = [
  { type: 'assessment-decided', on: '2025-02-10', outcome: 'assess', reasons: '' },
  { type: 'issue-decided', on: '2025-02-10', outcome: 'issue', reasons: '' },
  { type: 'draft-served', on: '2025-04-10' },
  {
    type: 'final-issued',
    on: '2025-05-20',
    placement: { settingName: 'Park Primary', provision: 'mainstream' },
  },
];

describe('the review cycle in the family’s portal', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiAs>;
  let parent: { id: string; email: string };
  let stranger: { id: string; email: string };
  let senco: { id: string; email: string };
  let open: string;
  let late: string;

  let school: string;

  /**
   * A review of a new plan for a new child of the parent at Park Primary, taken to proposed
   * amendments sent on `proposedOn`, or only as far as the meeting.
   */
  async function reviewProposedOn(
    proposedOn: string,
    meeting: { invited: string; on: string },
    only: 'meeting' | 'all' = 'all',
  ) {
    const child = await addChild(t, t.la.code, {
      forename: only === 'all' ? 'Max' : 'Sol',
      surname: 'Hale',
      dateOfBirth: '2017-03-27',
      establishmentId: school,
    });
    await sql`INSERT INTO child_relationships (la_code, child_id, person_id, relationship)
      SELECT ${t.la.code}, ${child}, id, 'parent' FROM people WHERE user_id = ${parent.id}`.execute(
      t.database.db,
    );
    const requestId = await openEhcRequest(api, child, '2025-01-06', toFinalPlan);
    const plan = await sql<{ id: string }>`SELECT id FROM ehc_plans WHERE request_id = ${requestId}`.execute(
      t.database.db,
    );
    const started = await api.post(`/api/v1/ehc/plans/${plan.rows[0]?.id}/reviews`, {});
    assert.equal(started.statusCode, 201, started.body);
    const id = (started.json() as { id: string }).id;
    for (const step of [
      { type: 'invited', on: meeting.invited, meetingOn: meeting.on, invitees: ['Jo Hale'] },
      { type: 'advice-circulated', on: meeting.invited },
      { type: 'meeting-held', on: meeting.on },
      {
        type: 'report-received',
        on: meeting.on,
        recommendation: 'amend',
        views: 'Max likes building things',
        progress: 'Reading has come on',
        changes: 'More help with writing',
      },
      { type: 'decided', on: proposedOn, outcome: 'amend', reasons: 'Needs have changed' },
      {
        type: 'amendments-proposed',
        on: proposedOn,
        sections: { F: 'Two sessions of writing support a week' },
      },
    ].slice(0, only === 'all' ? undefined : 3)) {
      const res = await api.post(`/api/v1/ehc/reviews/${id}/steps`, { step });
      assert.equal(res.statusCode, 201, res.body);
    }
    return id;
  }

  before(async () => {
    t = await startTestApp();
    api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
    parent = await addUser(t, t.la.code, 'jo', ['parent_carer']);
    stranger = await addUser(t, t.la.code, 'stranger', ['parent_carer']);
    senco = await addUser(t, t.la.code, 'senco', ['senco']);
    school = await addSchool(t, t.la.code, 'Park Primary');
    await addStaff(t, t.la.code, senco.id, school);
    const first = await addChild(t, t.la.code, { forename: 'Ada', surname: 'Hale' });
    await addParentCarer(t, t.la.code, first, { forename: 'Jo', surname: 'Hale', userId: parent.id });
    // Proposed 16 February: 15 days beginning with that day end on 2 March, today.
    open = await reviewProposedOn('2026-02-16', { invited: '2026-01-05', on: '2026-01-19' });
    // Proposed 1 February: the 15 days ended on 15 February.
    late = await reviewProposedOn('2026-02-01', { invited: '2026-01-05', on: '2026-01-19' });
  });
  after(() => t.close());

  it('shows the school the review reports it owes, with the day each is due', async () => {
    // Meeting held on 23 February 2026: the report is due within 2 weeks, by 9 March 2026.
    await reviewProposedOn('2026-03-02', { invited: '2026-02-09', on: '2026-02-23' }, 'meeting');
    const home = unescapeHtml((await (await browserFor(t, senco.email)).get('/')).body);
    assert.match(home, /Review reports to write/);
    assert.match(home, /Sol Hale: review report<\/a> Send it by 9 March 2026\./);
    assert.doesNotMatch(home, /Max Hale: review report/, 'reports already sent are not owed');
  });

  it('shows the family every date of the review in words, the report, the decision and what is theirs to do', async () => {
    const p = await browserFor(t, parent.email);
    const home = unescapeHtml((await p.get('/')).body);
    assert.match(home, /Reviews of EHC plans/);
    assert.match(home, /Yours to do: comment on the proposed changes to the plan by 2 March 2026/);
    const page = unescapeHtml((await p.get(`/portal/reviews/${open}`)).body);
    assert.match(page, /Annual review of Max Hale’s EHC plan/);
    assert.match(page, /The LA has decided to change \(amend\) the plan\./);
    assert.match(page, /You can comment on the proposed changes to the plan until 2 March 2026/);
    // The report was due 14 days after the 19 January meeting, 2 February; it came on the 19th.
    assert.match(page, /Done on 19 January 2026, on time \(due by 2 February 2026\)/);
    // The decision was due 28 days after the meeting, 16 February, and came that day.
    assert.match(page, /Done on 16 February 2026, on time \(due by 16 February 2026\)/);
    // The amended plan is due 8 weeks (56 days) after 16 February: 13 April 2026.
    assert.match(page, /Due by 13 April 2026/);
    assert.match(page, /Max likes building things/);
    assert.match(page, /On 16 February 2026 the LA decided to change \(amend\) the plan\./);
    assert.match(page, /Two sessions of writing support a week/);
    const csv = await p.get(`/portal/reviews/${open}?format=csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /Due by 13 April 2026|2026-04-13|13\/04\/2026/);
  });

  it('takes the family’s comments within the 15 days as the review’s representations, and tells the coordinator', async () => {
    const p = await browserFor(t, parent.email);
    const empty = await p.post(`/portal/reviews/${open}/representations`, { representations: ' ' });
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(errorSummaryOf(empty.body), [
      { href: '#representations', text: 'Enter what you think of the proposed changes' },
    ]);
    const sent = await p.post(`/portal/reviews/${open}/representations`, {
      representations: 'We agree, and would like the support in the mornings.',
    });
    assert.equal(sent.statusCode, 303, sent.body);
    const review = (await api.get(`/api/v1/ehc/reviews/${open}`)).json() as {
      deadlines: { step: string; status: string; doneOn: string | null }[];
    };
    const reps = review.deadlines.find((d) => d.step === 'representations');
    assert.deepEqual([reps?.status, reps?.doneOn], ['used', '2026-03-02']);
    const notice = await sql<{ body: string }>`SELECT body FROM notifications
      WHERE kind = 'portals.review-representations' AND to_user_id = ${t.la.users.coordinator.id}`.execute(
      t.database.db,
    );
    assert.equal(notice.rows.length, 1);
    assert.doesNotMatch(notice.rows[0]?.body ?? '', /Max|Hale|mornings/);
  });

  it('refuses comments once the 15 days have ended, naming the last day', async () => {
    const p = await browserFor(t, parent.email);
    const refused = await p.post(`/portal/reviews/${late}/representations`, { representations: 'Too late?' });
    assert.equal(refused.statusCode, 422);
    // Sent 1 February: 15 days beginning with that day end on 15 February.
    assert.deepEqual(errorSummaryOf(refused.body), [
      {
        href: '#representations',
        text: 'The time to comment on the proposed changes ended on 15 February 2026, 15 days after they were sent. Send a message to your EHC coordinator instead',
      },
    ]);
  });

  it('gives the family the review’s letters, tells them one is there, and shows nobody else the review', async () => {
    await saveLetterSettings(t);
    const letter = await api.post(`/api/v1/ehc/reviews/${open}/letters`, {
      kind: 'proposed-amendments',
      method: 'portal',
      sentOn: '2026-02-16',
    });
    assert.equal(letter.statusCode, 201, letter.body);
    const notice = await sql<{ subject: string; body: string }>`SELECT subject, body FROM notifications
      WHERE kind = 'portals.letter' AND to_user_id = ${parent.id}`.execute(t.database.db);
    assert.equal(notice.rows.length, 1);
    assert.match(notice.rows[0]?.body ?? '', /review of an EHC plan/);
    assert.doesNotMatch(notice.rows[0]?.body ?? '', /Max|Hale/);

    const p = await browserFor(t, parent.email);
    const page = (await p.get(`/portal/reviews/${open}`)).body;
    const letterId = /\/portal\/reviews\/[0-9a-f-]{36}\/letters\/([0-9a-f-]{36})/.exec(page)?.[1] ?? '';
    const pdf = await p.get(`/portal/reviews/${open}/letters/${letterId}`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');

    for (const who of [stranger, senco]) {
      const b = await browserFor(t, who.email);
      assert.equal((await b.get(`/portal/reviews/${open}`)).statusCode, 404, who.email);
      assert.equal((await b.get(`/portal/reviews/${open}/letters/${letterId}`)).statusCode, 404, who.email);
      assert.equal(
        (await b.post(`/portal/reviews/${open}/representations`, { representations: 'x' })).statusCode,
        404,
      );
    }
    assert.equal((await p.get('/portal/reviews/not-an-id')).statusCode, 404);
  });
});
