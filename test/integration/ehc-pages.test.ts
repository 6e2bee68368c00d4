import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addChild, addUser, browserAs, errorSummaryOf } from '../support/children.ts';

// The test clock stands at 2 March 2026.
describe('EHC pages: open a request, record steps through check your answers, dashboards and term dates', () => {
  let t: TestApp;
  let browser: Awaited<ReturnType<typeof browserAs>>;
  let manager: Awaited<ReturnType<typeof browserAs>>;
  before(async () => {
    t = await startTestApp();
    browser = await browserAs(t, t.la.users.coordinator.email);
    const boss = await addUser(t, t.la.code, 'manager', ['send_team_manager']);
    manager = await browserAs(t, boss.email);
  });
  after(() => t.close());

  const requestForm = {
    kind: 'new',
    'receivedOn-day': '5',
    'receivedOn-month': '1',
    'receivedOn-year': '2026',
    source: 'school',
    requestedBy: 'Sam SENCo',
    consent: 'yes',
  };

  async function openedRequest(childId: string): Promise<string> {
    const res = await browser.post('/ehc/requests/new', { ...requestForm, childId, action: 'confirm' });
    assert.equal(res.statusCode, 303, res.body);
    return String(res.headers.location).split('?')[0] ?? '';
  }

  test('a request is opened from the child through check your answers', async () => {
    const childId = await addChild(t, t.la.code, { forename: 'Ada', surname: 'Lovelace' });
    const child = await browser.get(`/children/${childId}`);
    assert.match(child.body, new RegExp(`href="/ehc/requests/new\\?childId=${childId}"`));
    const form = await browser.get(`/ehc/requests/new?childId=${childId}`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Ada Lovelace/);

    const check = await browser.post('/ehc/requests/new', { ...requestForm, childId });
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Check your answers/);
    assert.match(check.body, /5\/1\/2026/);
    assert.match(check.body, /School or college/);

    const change = await browser.post('/ehc/requests/new', { ...requestForm, childId, action: 'change' });
    assert.match(change.body, /value="Sam SENCo"/);

    const url = await openedRequest(childId);
    const page = await browser.get(url);
    assert.equal(page.statusCode, 200);
    // 5 January 2026 + 6 weeks = 16 February: overdue on 2 March.
    assert.match(page.body, /Decide whether to assess[\s\S]*?16 February 2026[\s\S]*?Missed/);
    assert.match(page.body, /25 May 2026/);
  });

  test('bad input on the request form is shown in the error summary, naming each field', async () => {
    const childId = await addChild(t, t.la.code);
    const res = await browser.post('/ehc/requests/new', {
      childId,
      kind: 'new',
      'receivedOn-day': '31',
      'receivedOn-month': '2',
      'receivedOn-year': '',
      requestedBy: '',
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummaryOf(res.body), [
      { href: '#receivedOn-day', text: 'The date received must include a year' },
      { href: '#source', text: 'Select who made the request' },
      { href: '#requestedBy', text: 'Enter the name of the person who asked' },
      { href: '#consent', text: 'Say whether the parent or young person consents' },
    ]);
    const future = await browser.post('/ehc/requests/new', {
      ...requestForm,
      'receivedOn-year': '2027',
      childId,
      action: 'confirm',
    });
    assert.equal(future.statusCode, 400);
    assert.deepEqual(errorSummaryOf(future.body), [
      { href: '#receivedOn-day', text: 'The date cannot be in the future' },
    ]);
    assert.equal((await browser.get('/ehc/requests/new?childId=not-a-child')).statusCode, 404);
    const transfer = await browser.post('/ehc/requests/new', {
      ...requestForm,
      childId,
      kind: 'transfer-in',
      'movedOn-day': '12',
      'movedOn-month': '1',
    });
    assert.equal(transfer.statusCode, 400);
    assert.deepEqual(errorSummaryOf(transfer.body), [
      { href: '#previousLaCode', text: 'Select the LA the plan is transferring from' },
      { href: '#oldLaAwareOn-day', text: 'Enter the day the old LA became aware of the move' },
      { href: '#movedOn-day', text: 'The day of the move must include a year' },
    ]);
  });

  test('a step is checked, confirmed and recorded; a refused step names the rule on the form', async () => {
    const url = await openedRequest(await addChild(t, t.la.code));
    const stepUrl = `${url}/steps/assessment-decided`;
    const form = await browser.get(stepUrl);
    assert.equal(form.statusCode, 200);
    const refuse = { 'on-day': '10', 'on-month': '2', 'on-year': '2026', outcome: 'refuse', reasons: '' };
    const check = await browser.post(stepUrl, refuse);
    assert.match(check.body, /Check your answers/);
    const refused = await browser.post(stepUrl, { ...refuse, action: 'confirm' });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(errorSummaryOf(refused.body), [
      { href: '#reasons', text: 'Give the reasons for refusing to assess: the letter must state them' },
    ]);
    const done = await browser.post(stepUrl, { ...refuse, outcome: 'assess', action: 'confirm' });
    assert.equal(done.statusCode, 303, done.body);
    const page = await browser.get(String(done.headers.location));
    assert.match(page.body, /Decided to assess/);
    assert.match(page.body, /The step has been recorded/);
    // Issuing a final plan is not possible yet: no link on the task list.
    assert.doesNotMatch(page.body, /steps\/final-issued"/);
    const early = await browser.post(`${url}/steps/draft-served`, {
      'on-day': '20',
      'on-month': '2',
      'on-year': '2026',
      action: 'confirm',
    });
    assert.equal(early.statusCode, 400);
    assert.match(errorSummaryOf(early.body)[0]?.text ?? '', /only after a decision to issue/);
    assert.equal((await browser.get(`${url}/steps/lunch`)).statusCode, 404);
  });

  test('the caseload, the list and the dashboard show the work; only a manager allocates', async () => {
    const url = await openedRequest(await addChild(t, t.la.code));
    const caseload = await browser.get('/ehc');
    assert.equal(caseload.statusCode, 200);
    assert.match(caseload.body, /Overdue/);
    assert.match(caseload.body, new RegExp(url));
    const list = await manager.get('/ehc/requests?stage=deciding-whether-to-assess');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(url));
    const dash = await manager.get('/ehc/dashboard?year=2026');
    assert.equal(dash.statusCode, 200);
    assert.match(dash.body, /Allocation/);
    assert.match(dash.body, /coordinator of Norfolk \(test\)/);
    assert.match(dash.body, /Decide whether to assess/);
    assert.match(dash.body, /No earlier step ran late: the delay was at this step/);
    assert.match(dash.body, /<svg[^>]+role="img"/);
    const page = await manager.get(url);
    assert.match(page.body, /Allocate to/);
    assert.doesNotMatch((await browser.get(url)).body, /Allocate to/);
    const denied = await browser.post(`${url}/coordinator`, { coordinatorId: '' });
    assert.equal(denied.statusCode, 403);
    const moved = await manager.post(`${url}/coordinator`, { coordinatorId: '' });
    assert.equal(moved.statusCode, 303);
    assert.match((await manager.get(url)).body, /Not allocated/);
  });

  test('term dates: a manager adds and removes terms; overlapping or reversed terms are refused', async () => {
    const add = (name: string, from: [string, string, string], to: [string, string, string]) =>
      manager.post('/ehc/terms', {
        name,
        'startsOn-day': from[0],
        'startsOn-month': from[1],
        'startsOn-year': from[2],
        'endsOn-day': to[0],
        'endsOn-month': to[1],
        'endsOn-year': to[2],
      });
    assert.equal((await add('Summer 2025', ['22', '4', '2025'], ['22', '7', '2025'])).statusCode, 303);
    assert.equal((await add('Autumn 2025', ['3', '9', '2025'], ['19', '12', '2025'])).statusCode, 303);
    const page = await manager.get('/ehc/terms');
    // 23 July to 2 September 2025: 42 days, so exception (a) can apply around it.
    assert.match(page.body, /23 July 2025[\s\S]*?2 September 2025[\s\S]*?42[\s\S]*?Yes/);
    const overlap = await add('Clash', ['1', '12', '2025'], ['10', '1', '2026']);
    assert.equal(overlap.statusCode, 400);
    assert.match(errorSummaryOf(overlap.body)[0]?.text ?? '', /must not overlap/);
    const reversed = await add('Backwards', ['10', '3', '2026'], ['1', '3', '2026']);
    assert.equal(reversed.statusCode, 400);
    assert.deepEqual(errorSummaryOf(reversed.body), [
      { href: '#endsOn-day', text: 'The last day of a term must be on or after its first day' },
    ]);
    const coordinatorAdd = await browser.post('/ehc/terms', { name: 'Mine' });
    assert.equal(coordinatorAdd.statusCode, 403);
    const id = /action="\/ehc\/terms\/([0-9a-f-]+)\/delete"/.exec(page.body)?.[1] ?? '';
    assert.equal((await manager.post(`/ehc/terms/${id}/delete`, {})).statusCode, 303);
    assert.doesNotMatch((await manager.get('/ehc/terms')).body, /Summer 2025/);
  });
});
