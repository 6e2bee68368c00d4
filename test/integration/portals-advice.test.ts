import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addSchool,
  addStaff,
  addUser,
  apiAs,
  errorSummaryOf,
  tokenFor,
  unescapeHtml,
} from '../support/children.ts';
import { openEhcRequest } from '../support/ehc.ts';
import { browserFor } from '../support/portals.ts';

/**
 * Advice gathered in one place: the LA asks an educational psychologist with an account, who sees
 * what they need and the due date, and gives the advice in the portal; the request's 6-week advice
 * date shows it met. The clock stands at Monday 2 March 2026.
 */

describe('advice through the portal', () => {
  let t: TestApp;
  let id: string;
  let ep: { id: string; email: string };
  let otherEp: { id: string; email: string };

  before(async () => {
    t = await startTestApp();
    ep = await addUser(t, t.la.code, 'dr-shah', ['adviser']);
    otherEp = await addUser(t, t.la.code, 'dr-other', ['adviser']);
    const school = await addSchool(t, t.la.code, 'Riverside Primary');
    const child = await addChild(t, t.la.code, {
      forename: 'Ben',
      surname: 'Carter',
      establishmentId: school,
      dateOfBirth: '2016-05-14',
    });
    const api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
    id = await openEhcRequest(api, child, '2026-02-02', [
      { type: 'assessment-decided', on: '2026-02-16', outcome: 'assess', reasons: 'Evidence.' },
    ]);
  });
  after(() => t.close());

  it('asks an adviser with an account, who sees the child’s details and the due date', async () => {
    const c = await browserFor(t, t.la.users.coordinator.email);
    const none = await c.post(`/portal/ehc/${id}/advice/new`, {});
    assert.deepEqual(
      errorSummaryOf(none.body).map((e) => e.href),
      ['#adviserId', '#kind'],
    );
    const asked = await c.post(`/portal/ehc/${id}/advice/new`, { adviserId: ep.id, kind: 'psychological' });
    assert.equal(asked.statusCode, 303, asked.body);
    const notice = await sql<{
      to_email: string;
      body: string;
    }>`SELECT to_email, body FROM notifications WHERE kind = 'portals.advice-asked'`.execute(t.database.db);
    assert.equal(notice.rows[0]?.to_email, ep.email);
    assert.doesNotMatch(notice.rows[0]?.body ?? '', /Ben|Carter/);

    const a = await browserFor(t, ep.email);
    const list = unescapeHtml((await a.get('/adviser')).body);
    // Asked on 2 March 2026; advice is due 6 weeks (42 days, reg 8(1)) on: 2 March + 29 = 31 March, + 13 = 13 April 2026.
    assert.match(list, /Ben Carter/);
    assert.match(list, /13 April 2026/);
    const adviceId = /\/adviser\/advice\/([0-9a-f-]{36})/.exec(list)?.[1] ?? '';
    const csv = (await a.get('/adviser?format=csv')).body;
    assert.match(csv, /Ben Carter,2016-05-14,Psychological,2026-03-02,2026-04-13,No/);
    const form = unescapeHtml((await a.get(`/adviser/advice/${adviceId}`)).body);
    assert.match(form, /14 May 2016/);
    assert.match(form, /Riverside Primary/);
    assert.match(form, /2 February 2026/);

    // Another adviser cannot see or give it.
    const other = await browserFor(t, otherEp.email);
    assert.equal((await other.get(`/adviser/advice/${adviceId}`)).statusCode, 404);
    assert.equal((await other.upload(`/adviser/advice/${adviceId}`, { needs: 'Not mine.' })).statusCode, 404);
    assert.equal((await other.get(`/portal/ehc/${id}`)).statusCode, 404);

    const empty = await a.upload(`/adviser/advice/${adviceId}`, {});
    assert.deepEqual(
      errorSummaryOf(empty.body).map((e) => e.text),
      ['Write the child’s needs as you see them, or upload your advice'],
    );
    const given = await a.upload(`/adviser/advice/${adviceId}`, {
      needs: 'Ben’s working memory is well below his age.',
      outcomes: 'Reads at his age level by 2028.',
      provision: 'Daily precision teaching.',
    });
    assert.equal(given.statusCode, 303, given.body);
    assert.equal((await a.upload(`/adviser/advice/${adviceId}`, { needs: 'Again.' })).statusCode, 409);

    // The request's history has it received today, so its advice date is met, and the LA reads the advice.
    const event = await sql<{
      on: string;
    }>`SELECT body->>'on' AS on FROM ehc_events WHERE request_id = ${id} AND type = 'advice-received'`.execute(
      t.database.db,
    );
    assert.deepEqual(event.rows, [{ on: '2026-03-02' }]);
    const deadline = await sql<{ due: string; done: string }>`SELECT to_char(due_on, 'YYYY-MM-DD') AS due,
      to_char(done_on, 'YYYY-MM-DD') AS done FROM ehc_deadlines WHERE request_id = ${id} AND step = 'advice'`.execute(
      t.database.db,
    );
    assert.deepEqual(deadline.rows, [{ due: '2026-04-13', done: '2026-03-02' }]);
    const la = unescapeHtml((await c.get(`/portal/ehc/${id}`)).body);
    assert.match(la, /Needs: Ben’s working memory is well below his age\./);
    assert.match(la, /Provision: Daily precision teaching\./);

    // Once the LA decides to write a plan, the advice goes into section K of the draft, once.
    const api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
    const issue = await api.post(`/api/v1/ehc/requests/${id}/events`, {
      corrects: null,
      event: { type: 'issue-decided', on: '2026-03-02', outcome: 'issue', reasons: 'A plan is needed.' },
    });
    assert.equal(issue.statusCode, 201, issue.body);
    const added = await c.post(`/portal/ehc/${id}/section-k`);
    assert.equal(added.statusCode, 303, added.body);
    const k = await sql<{
      content: string;
    }>`SELECT s.content FROM ehc_plan_sections s JOIN ehc_plans p ON p.id = s.plan_id
      WHERE p.request_id = ${id} AND s.section = 'K' ORDER BY s.version DESC LIMIT 1`.execute(t.database.db);
    assert.equal(
      k.rows[0]?.content,
      [
        'Psychological advice from dr-shah (926), received 2 March 2026.',
        'Needs: Ben’s working memory is well below his age.',
        'Outcomes: Reads at his age level by 2028.',
        'Provision: Daily precision teaching.',
      ].join('\n'),
    );
    const again = await c.post(`/portal/ehc/${id}/section-k`);
    assert.equal(again.statusCode, 422);
    assert.match(unescapeHtml(again.body), /Section K already holds all the advice given through the portal/);
  });

  it('asks the child’s own school for its educational advice, which its SENCo writes from their home page', async () => {
    const school = await addSchool(t, t.la.code, 'Hill Primary');
    const elsewhere = await addSchool(t, t.la.code, 'Far Academy');
    const senco = await addUser(t, t.la.code, 'hill-senco', ['senco']);
    const otherSenco = await addUser(t, t.la.code, 'far-senco', ['senco']);
    await addStaff(t, t.la.code, senco.id, school);
    await addStaff(t, t.la.code, otherSenco.id, elsewhere);
    const child = await addChild(t, t.la.code, { forename: 'Kit', surname: 'Dale', establishmentId: school });
    const api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
    const request = await openEhcRequest(api, child, '2026-02-02', [
      { type: 'assessment-decided', on: '2026-02-16', outcome: 'assess', reasons: 'Evidence.' },
    ]);
    const c = await browserFor(t, t.la.users.coordinator.email);
    const form = unescapeHtml((await c.get(`/portal/ehc/${request}/advice/new`)).body);
    assert.match(form, /hill-senco \(\d+\), Hill Primary \(the school’s educational advice\)/);
    assert.doesNotMatch(form, /far-senco/, 'only the child’s own school is offered');
    const notTheirs = await c.post(`/portal/ehc/${request}/advice/new`, {
      adviserId: otherSenco.id,
      kind: 'educational',
    });
    assert.equal(notTheirs.statusCode, 400);
    const wrongKind = await c.post(`/portal/ehc/${request}/advice/new`, {
      adviserId: senco.id,
      kind: 'psychological',
    });
    assert.equal(wrongKind.statusCode, 422);
    assert.deepEqual(errorSummaryOf(wrongKind.body), [
      {
        href: '#kind',
        text: 'Hill Primary gives educational advice: ask an adviser for psychological advice',
      },
    ]);
    const asked = await c.post(`/portal/ehc/${request}/advice/new`, {
      adviserId: senco.id,
      kind: 'educational',
    });
    assert.equal(asked.statusCode, 303, asked.body);
    const event = await sql<{ fromSchool: string }>`SELECT body->>'fromSchool' AS "fromSchool" FROM ehc_events
      WHERE request_id = ${request} AND type = 'advice-requested'`.execute(t.database.db);
    assert.deepEqual(event.rows, [{ fromSchool: 'true' }]);

    const s = await browserFor(t, senco.email);
    const home = unescapeHtml((await s.get('/')).body);
    // Asked 2 March 2026: due 6 weeks (42 days) on, 13 April 2026.
    assert.match(home, /Kit Dale: the school’s educational advice<\/a> Send it by 13 April 2026\./);
    const adviceId = /\/adviser\/advice\/([0-9a-f-]{36})/.exec(home)?.[1] ?? '';
    assert.equal((await s.get(`/adviser/advice/${adviceId}`)).statusCode, 200);
    const given = await s.upload(`/adviser/advice/${adviceId}`, { needs: 'Kit needs help with spelling.' });
    assert.equal(given.statusCode, 303, given.body);
    assert.doesNotMatch(unescapeHtml((await s.get('/')).body), /Advice to write/);
    // A parent is neither an adviser nor a school: the advice pages refuse them.
    const parent = await addUser(t, t.la.code, 'a-parent', ['parent_carer']);
    assert.equal((await (await browserFor(t, parent.email)).get('/adviser')).statusCode, 403);
  });
});
