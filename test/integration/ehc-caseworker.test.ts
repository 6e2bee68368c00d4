import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addChild, addUser, apiAs, browserAs, tokenFor, unescapeHtml } from '../support/children.ts';

// The test clock stands at Monday 2 March 2026.
let t: TestApp;
let api: ReturnType<typeof apiAs>;
let browser: Awaited<ReturnType<typeof browserAs>>;
before(async () => {
  t = await startTestApp();
  api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
  browser = await browserAs(t, t.la.users.coordinator.email);
});
after(() => t.close());

const text = (html: string) =>
  unescapeHtml(html.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

async function open(
  childId: string,
  receivedOn: string,
  events: Record<string, unknown>[] = [],
  kind = 'new',
) {
  const res = await api.post('/api/v1/ehc/requests', {
    childId,
    kind,
    receivedOn,
    source: 'parent',
    requestedBy: 'Pat Parent',
    consent: true,
  });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id as string;
  let last = res.json();
  for (const event of events) {
    const r = await api.post(`/api/v1/ehc/requests/${id}/events`, { event });
    assert.equal(r.statusCode, 201, r.body);
    last = r.json();
  }
  return { id, json: last };
}

test('the request page singles out the next step, its due date and how late it is, with true task statuses', async () => {
  const childId = await addChild(t, t.la.code, { forename: 'Ada', surname: 'Lovelace' });
  // Received Mon 5 Jan 2026; decided 10 Feb; educational advice asked Thu 12 Feb, due 6 weeks on: 26 Mar.
  const { id, json } = await open(childId, '2026-01-05', [
    { type: 'assessment-decided', on: '2026-02-10', outcome: 'assess' },
  ]);
  assert.equal(json.next.type, 'advice-requested');
  let page = text((await browser.get(`/ehc/requests/${id}`)).body);
  assert.match(page, /Next: Ask for advice/);
  assert.match(page, /Record advice received Cannot start yet/);

  const asked = await api.post(`/api/v1/ehc/requests/${id}/events`, {
    event: {
      type: 'advice-requested',
      on: '2026-02-12',
      kind: 'educational',
      adviser: 'Norfolk EP service',
      fromSchool: false,
      fromEarlyYears: false,
    },
  });
  assert.equal(asked.statusCode, 201, asked.body);
  const next = asked.json().next;
  assert.deepEqual(
    [next.type, next.subject, next.waitingOn, next.deadline.dueOn, next.deadline.status],
    ['advice-received', 'Educational advice from Norfolk EP service', 'adviser', '2026-03-26', 'due'],
  );
  page = text((await browser.get(`/ehc/requests/${id}`)).body);
  assert.match(
    page,
    /Next: Record advice received Waiting for Educational advice from Norfolk EP service\. Advice: due 26 March 2026\./,
  );
  assert.match(page, /Ask for advice 1 asked In progress/);
  assert.match(page, /Record advice received 0 of 1 received Next: due 26 March 2026/);
  assert.match(page, /Decide whether to issue a plan To do/);
  assert.match(page, /Serve the draft plan Cannot start yet/);
});

test('a step late by days says so in red on the request page', async () => {
  const childId = await addChild(t, t.la.code);
  // Received Mon 5 Jan 2026: decide whether to assess by 16 Feb; on 2 Mar that is 14 days late.
  const { id } = await open(childId, '2026-01-05');
  const html = (await browser.get(`/ehc/requests/${id}`)).body;
  assert.match(html, /app-next-step--late/);
  assert.match(text(html), /Decide whether to assess: due 16 February 2026, 14 days late\./);
});

test('the child’s record lists their requests and plans, and leads to the open request rather than offering another', async () => {
  const childId = await addChild(t, t.la.code, { forename: 'Grace', surname: 'Hopper' });
  let page = text((await browser.get(`/children/${childId}`)).body);
  assert.match(page, /No EHC needs assessment has been asked for\./);
  assert.match(page, /Open an EHC request/);
  const { id } = await open(childId, '2025-09-01', [
    { type: 'assessment-decided', on: '2025-10-06', outcome: 'assess' },
    { type: 'issue-decided', on: '2025-12-01', outcome: 'issue' },
    { type: 'draft-served', on: '2025-12-08' },
    { type: 'comments-received', on: '2025-12-15' },
    {
      type: 'final-issued',
      on: '2026-01-12',
      placement: { settingName: 'Hethersett Academy', provision: 'mainstream' },
    },
  ]);
  page = text((await browser.get(`/children/${childId}`)).body);
  assert.match(
    page,
    /Active plan, issued 12 January 2026 12 January 2026 Hethersett Academy \(Mainstream school or college\)/,
  );
  assert.match(page, /Ask for a re-assessment/);
  assert.doesNotMatch(page, /Open an EHC request/);
  const re = await open(childId, '2026-02-02', [], 'reassessment');
  assert.notEqual(re.id, id);
  const html = (await browser.get(`/children/${childId}`)).body;
  assert.match(
    html,
    new RegExp(`href="/ehc/requests/${re.id}"[^>]*>Go to the open EHC request|Go to the open EHC request`),
  );
  assert.doesNotMatch(text(html), /Ask for a re-assessment/);
});

test('home pages: a coordinator sees what is overdue, due in 7 days and newly theirs; a manager the team’s figures', async () => {
  const childId = await addChild(t, t.la.code, { forename: 'Alan', surname: 'Turing' });
  // Received 2 Feb 2026: decide by 16 Mar, due more than 7 days after 2 Mar. Allocated today, so new.
  await open(childId, '2026-02-02');
  const home = text((await browser.get('/')).body);
  assert.match(home, /Your EHC work/);
  assert.match(home, /overdue/);
  assert.match(home, /New to you .*Alan Turing : Decide whether to assess, due 16 March 2026/);
  const boss = await addUser(t, t.la.code, 'boss', ['send_team_manager']);
  const managerHome = text((await (await browserAs(t, boss.email)).get('/')).body);
  assert.match(managerHome, /Your team/);
  assert.match(managerHome, /not allocated/);
  assert.match(managerHome, /of new plans in 2026 within 20 weeks/);
  assert.doesNotMatch(managerHome, /Your EHC work/);
});

test('the dashboard says which advice held a late plan up, with thousands separators, and refuses a year it has no figures for', async () => {
  const childId = await addChild(t, t.la.code, { forename: 'Rosalind', surname: 'Franklin' });
  // Received Mon 4 Aug 2025: the final plan was due Mon 22 Dec 2025. Advice asked Wed 10 Sep was
  // due Wed 22 Oct and came on 5 Nov, 14 days late; the plan was issued Fri 9 Jan 2026, 18 days late.
  await open(
    childId,
    '2025-08-04',
    [
      { type: 'assessment-decided', on: '2025-09-08', outcome: 'assess' },
      { type: 'advice-requested', on: '2025-09-10', kind: 'educational', adviser: 'EP service' },
      { type: 'advice-received', on: '2025-11-05', adviceId: '' },
    ].slice(0, 2),
  );
  const list = (await api.get('/api/v1/ehc/requests?q=rosalind%20franklin')).json();
  const id = list.items[0].id as string;
  const adviceId = (await api.get(`/api/v1/ehc/requests/${id}`)).json().advice[0].id as string;
  for (const event of [
    { type: 'advice-received', on: '2025-11-05', adviceId },
    { type: 'issue-decided', on: '2025-11-20', outcome: 'issue' },
    { type: 'draft-served', on: '2025-12-15', expectedFinalOn: '2026-01-09' },
    { type: 'comments-received', on: '2025-12-20' },
    {
      type: 'final-issued',
      on: '2026-01-09',
      placement: { settingName: 'Hethersett Academy', provision: 'mainstream' },
    },
  ]) {
    const r = await api.post(`/api/v1/ehc/requests/${id}/events`, { event });
    assert.equal(r.statusCode, 201, r.body);
  }
  const boss = await addUser(t, t.la.code, 'dash', ['send_team_manager']);
  const manager = await browserAs(t, boss.email);
  const page = text((await manager.get('/ehc/dashboard?year=2025')).body);
  assert.match(
    page,
    /Rosalind Franklin Issue the final plan 22 December 2025 18 days late .* Educational advice from EP service: 14 days late/,
  );
  const future = await manager.get('/ehc/dashboard?year=2027');
  assert.equal(future.statusCode, 400);
  assert.match(text(future.body), /Choose 2026 or an earlier year/);
  assert.equal((await manager.get('/ehc/dashboard?year=twenty')).statusCode, 400);
});
