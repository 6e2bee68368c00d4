import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signInCookies, startTestApp, type TestApp } from '../support/app.ts';
import { addChild, addSchool, addUser, apiAs, tokenFor } from '../support/children.ts';
import { openEhcRequest } from '../support/ehc.ts';

interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors?: { field: string; message: string }[];
  moreErrors?: number;
}

/** A problem+json answer: a client error, short, naming what was wrong. */
function expectClientProblem(res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode}: ${res.body.slice(0, 300)}`);
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.ok(res.body.length < 16 * 1024, `a ${res.body.length}-byte problem is too long to read`);
  return JSON.parse(res.body) as Problem;
}

// The test clock stands at 2 March 2026.
describe('requests that used to be 500s or to reach the API with a cookie', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiAs>;
  let token: string;
  let managerCookies: string;
  before(async () => {
    t = await startTestApp();
    const manager = await addUser(t, t.la.code, 'manager', ['send_team_manager']);
    token = await tokenFor(t, t.la.code, manager.id);
    api = apiAs(t, token);
    managerCookies = await signInCookies(t.app, manager.email);
  });
  after(() => t.close());

  test('the API spelled with an encoded letter still wants a token: a session cookie gets 401, never data', async () => {
    await addChild(t, t.la.code, { forename: 'Encoded', surname: 'Address' });
    for (const url of ['/%61pi/v1/children', '/api/v1/%63hildren', '/%61%70%69/v1/children?q=encoded']) {
      const res = await t.app.inject({ url, headers: { cookie: managerCookies } });
      const p = expectClientProblem(res);
      assert.equal(p.status, 401, url);
      assert.doesNotMatch(res.body, /Encoded|Address/);
    }
    // And a form posted to the API that way is not treated as a page: no session, no change.
    const res = await t.app.inject({
      method: 'POST',
      url: '/%61pi/v1/children',
      headers: { cookie: managerCookies, 'content-type': 'application/json' },
      payload: JSON.stringify({ forename: 'Sneaky', surname: 'Post', dateOfBirth: '2015-01-01', sex: 'F' }),
    });
    assert.equal(expectClientProblem(res).status, 401);
  });

  test('an unknown address under an encoded /api is a 404 problem, not a page', async () => {
    const res = await t.app.inject({ url: '/%61pi/v1/nothing-here', headers: { accept: 'text/html' } });
    assert.equal(expectClientProblem(res).status, 404);
  });

  test('a NUL character in a query string is taken out, not sent to the database', async () => {
    for (const url of [
      '/api/v1/schools?q=%00',
      '/api/v1/schools?q=Dere%00ham',
      '/api/v1/ehc/requests?q=%00',
    ]) {
      const res = await api.get(url);
      assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`);
    }
    const page = await t.app.inject({ url: '/children?q=%00', headers: { cookie: managerCookies } });
    assert.equal(page.statusCode, 200);
  });

  test('a body nested 100,000 deep is refused as a client error, on the API and on sign-in', async () => {
    const arrays = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const objects = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    for (const payload of [arrays, objects]) {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/children',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload,
      });
      const p = expectClientProblem(created);
      assert.equal(p.status, 400);
      assert.match(String(p.detail), /more than 32 deep/);
      const signIn = await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      // Sign-in takes at most 32 KB: a body this deep is refused for its size before it is parsed.
      assert.equal(expectClientProblem(signIn).status, 413);
    }
    // As a form the brackets are only text; 100 KB is over sign-in's 32 KB, refused for its size.
    const form = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${arrays.slice(0, 100_000)}&password=x`,
    });
    assert.equal(expectClientProblem(form).status, 413);
  });

  test('10,000 bad items list the first 20 problems and count the rest', async () => {
    const res = await api.post('/api/v1/children', {
      forename: 'Many',
      surname: 'Needs',
      dateOfBirth: '2015-01-01',
      sex: 'F',
      senNeeds: Array.from({ length: 10_000 }, () => 123),
    });
    const p = expectClientProblem(res);
    assert.equal(p.status, 400);
    assert.equal(p.errors?.length, 20);
    assert.equal(p.errors?.[0]?.field, 'senNeeds.0');
    assert.equal(p.moreErrors, 9_980);
    assert.match(String(p.detail), /and 9,980 more/);
  });

  test('a final plan naming a setting of another LA is refused, naming the field', async () => {
    const childId = await addChild(t, t.la.code);
    const elsewhere = await addSchool(t, t.otherLa.code, 'A school in another LA');
    const requestId = await openEhcRequest(api, childId, '2025-09-01', [
      { type: 'assessment-decided', on: '2025-10-01', outcome: 'assess' },
      { type: 'issue-decided', on: '2025-12-01', outcome: 'issue' },
      { type: 'draft-served', on: '2025-12-02' },
    ]);
    for (const establishmentId of [elsewhere, '6b1d2c8e-9a0f-4e43-8a53-1f6f3c1b2a10']) {
      const res = await api.post(`/api/v1/ehc/requests/${requestId}/events`, {
        corrects: null,
        event: {
          type: 'final-issued',
          on: '2026-01-15',
          placement: { establishmentId, settingName: 'Somewhere', provision: 'special' },
        },
      });
      const p = expectClientProblem(res);
      assert.equal(p.status, 422);
      assert.deepEqual(
        p.errors?.map((e) => e.field),
        ['event.placement.establishmentId'],
      );
    }
    const request = await api.get(`/api/v1/ehc/requests/${requestId}`);
    assert.equal(request.json().plan.status, 'draft', 'nothing was recorded');
  });
});
