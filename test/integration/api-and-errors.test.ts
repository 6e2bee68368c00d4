import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiToken } from '../../src/platform/auth/service.ts';
import { csrfFrom, signInCookies, startTestApp, type TestApp } from '../support/app.ts';

describe('API tokens and error answers', () => {
  let t: TestApp;
  let adminCookies: string;
  before(async () => {
    t = await startTestApp();
    adminCookies = await signInCookies(t.app, t.la.users.admin.email);
  });
  after(() => t.close());

  const newToken = async (days = 30) =>
    (
      await createApiToken(
        t.database,
        { userId: t.la.users.admin.id, laCode: t.la.code },
        { name: 'test', days },
        { ip: null, requestId: 'test', now: t.clock() },
      )
    ).token;

  function expectProblem(
    res: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
    status: number,
  ) {
    assert.equal(res.statusCode, status);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    const p = res.json() as { status: number; title: string; detail?: string };
    assert.equal(p.status, status);
    assert.ok(p.title);
    assert.doesNotMatch(JSON.stringify(p), /at .*\.ts:\d+/, 'no stack trace');
    return p;
  }

  test('a token created on the page works once, is shown once, and acts as its owner', async () => {
    const page = await t.app.inject({ url: '/account/tokens', headers: { cookie: adminCookies } });
    const created = await t.app.inject({
      method: 'POST',
      url: '/account/tokens',
      headers: { cookie: adminCookies },
      payload: { _csrf: csrfFrom(page.body), name: 'Nightly export', days: '7' },
    });
    assert.equal(created.statusCode, 200);
    const token = /value="(osk_926_[A-Za-z0-9_-]+)"/.exec(created.body)?.[1];
    assert.ok(token);
    const me = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json().la, { code: '926', name: 'Norfolk (test)' });
    assert.deepEqual(me.json().roles, ['administrator']);
    const list = await t.app.inject({ url: '/account/tokens', headers: { cookie: adminCookies } });
    assert.match(list.body, /Nightly export/);
    assert.doesNotMatch(list.body, new RegExp(token));
  });

  test('bad token form input is named on the page', async () => {
    const page = await t.app.inject({ url: '/account/tokens', headers: { cookie: adminCookies } });
    const res = await t.app.inject({
      method: 'POST',
      url: '/account/tokens',
      headers: { cookie: adminCookies },
      payload: { _csrf: csrfFrom(page.body), name: '', days: '400' },
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /href="#name">Enter a name for the token/);
    assert.match(res.body, /href="#days">A token can last at most 365 days/);
  });

  test('an expired token is refused and says so', async () => {
    const token = await newToken(1);
    t.clock.advance(24 * 60 + 1);
    const p = expectProblem(
      await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } }),
      401,
    );
    assert.match(String(p.detail), /expired/);
  });

  test('a revoked token is refused and says so', async () => {
    const cookies = await signInCookies(t.app, t.la.users.admin.email);
    const created = await createApiToken(
      t.database,
      { userId: t.la.users.admin.id, laCode: t.la.code },
      { name: 'To revoke', days: 30 },
      { ip: null, requestId: 'test', now: t.clock() },
    );
    const page = await t.app.inject({ url: '/account/tokens', headers: { cookie: cookies } });
    assert.match(page.body, new RegExp(`action="/account/tokens/${created.id}/revoke"`));
    const revoke = () =>
      t.app.inject({
        method: 'POST',
        url: `/account/tokens/${created.id}/revoke`,
        headers: { cookie: cookies, accept: 'text/html' },
        payload: { _csrf: csrfFrom(page.body) },
      });
    const first = await revoke();
    assert.equal(first.statusCode, 303);
    const p = expectProblem(
      await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${created.token}` } }),
      401,
    );
    assert.match(String(p.detail), /revoked/);
    assert.equal((await revoke()).statusCode, 404, 'revoking twice finds nothing to revoke');
  });

  test('garbage, malformed and cookie credentials get 401 problems on the API', async () => {
    expectProblem(
      await t.app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer osk_926_nope' } }),
      401,
    );
    expectProblem(
      await t.app.inject({ url: '/api/v1/me', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } }),
      401,
    );
    const viaCookie = await t.app.inject({ url: '/api/v1/me', headers: { cookie: adminCookies } });
    expectProblem(viaCookie, 401);
    assert.equal(viaCookie.headers['www-authenticate'], 'Bearer');
  });

  test('malformed JSON, the wrong content type and oversize bodies are client errors', async () => {
    const problem = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expectProblem(problem, 400);
    const wrongType = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/xml' },
      payload: '<email/>',
    });
    expectProblem(wrongType, 415);
    const huge = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${'a'.repeat(300_000)}`,
    });
    expectProblem(huge, 413);
  });

  test('unknown routes are 404: a problem on the API, a GOV.UK page in the browser', async () => {
    expectProblem(await t.app.inject({ url: '/api/v1/nothing-here' }), 404);
    const page = await t.app.inject({ url: '/nothing-here', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /<h1 class="govuk-heading-l">Page not found/);
  });

  test('a signed-in person without the permission gets a 403 page', async () => {
    const parent = await signInCookies(t.app, t.la.users.parent.email);
    const res = await t.app.inject({ url: '/admin/audit', headers: { cookie: parent, accept: 'text/html' } });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /You do not have permission to view this page/);
    const tokens = await t.app.inject({
      url: '/account/tokens',
      headers: { cookie: parent, accept: 'text/html' },
    });
    assert.equal(tokens.statusCode, 403);
  });

  test('signed-out visitors to a staff page are sent to sign in, then back', async () => {
    const res = await t.app.inject({ url: '/admin/audit?from=2026-01-01' });
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, '/sign-in?next=%2Fadmin%2Faudit%3Ffrom%3D2026-01-01');
  });

  test('the audit page names a bad filter in an error summary', async () => {
    const cookies = await signInCookies(t.app, t.la.users.admin.email);
    const res = await t.app.inject({
      url: '/admin/audit?childId=abc&from=31/01/2026',
      headers: { cookie: cookies },
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /href="#childId">childId must be a child ID/);
    assert.match(res.body, /href="#from">/);
  });

  test('changing the password checks the current one, confirms the new one, and ends other sessions', async () => {
    const email = t.la.users.coordinator.email;
    const other = await signInCookies(t.app, email);
    const mine = await signInCookies(t.app, email);
    const page = await t.app.inject({ url: '/account/password', headers: { cookie: mine } });
    const post = (payload: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/account/password',
        headers: { cookie: mine },
        payload: { _csrf: csrfFrom(page.body), ...payload },
      });
    const wrong = await post({
      currentPassword: 'nope',
      newPassword: 'a brand new passphrase',
      confirmPassword: 'a brand new passphrase',
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /Your current password is not correct/);
    const mismatch = await post({
      currentPassword: 'correct horse battery staple',
      newPassword: 'a brand new passphrase',
      confirmPassword: 'different',
    });
    assert.match(mismatch.body, /Passwords do not match/);
    const short = await post({
      currentPassword: 'correct horse battery staple',
      newPassword: 'short',
      confirmPassword: 'short',
    });
    assert.match(short.body, /Password must be 12 characters or more/);
    const ok = await post({
      currentPassword: 'correct horse battery staple',
      newPassword: 'a brand new passphrase',
      confirmPassword: 'a brand new passphrase',
    });
    assert.equal(ok.statusCode, 303);
    assert.equal((await t.app.inject({ url: '/', headers: { cookie: mine } })).statusCode, 200);
    assert.equal(
      (await t.app.inject({ url: '/account/password', headers: { cookie: other } })).statusCode,
      302,
    );
    await signInCookies(t.app, email, 'a brand new passphrase');
  });

  test('the OpenAPI document lists the API and the docs page renders it', async () => {
    const doc = (await t.app.inject({ url: '/api/docs/openapi.json' })).json();
    assert.ok(doc.paths['/api/v1/audit'].get);
    assert.ok(doc.paths['/api/v1/me'].get);
    const page = await t.app.inject({ url: '/api/docs' });
    assert.match(page.body, /\/api\/v1\/audit/);
  });

  test('/health reports the database and schema version', async () => {
    const res = await t.app.inject({ url: '/health' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'ok');
    assert.equal(res.json().database, t.database.kind);
    assert.ok(res.json().schemaVersion >= 1);
  });
});
