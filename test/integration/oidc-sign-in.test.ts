import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { createApiToken } from '../../src/platform/auth/service.ts';
import { ConfigError, loadConfig } from '../../src/platform/config.ts';
import { csrfFrom, password, startTestApp, type TestApp } from '../support/app.ts';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.ts';

/** One browser's way through the provider: the app by inject, the provider over HTTP. */
interface Journey {
  /** The answer to the provider's redirect back, as the app gave it. */
  back: LightMyRequestResponse;
  /** The callback address the provider sent the browser to. */
  callback: URL;
  /** The attempt cookie the browser held when it came back. */
  attemptCookie: string;
}

function cookieFrom(res: LightMyRequestResponse, name: string): string | undefined {
  const c = res.cookies.find((x) => x.name === name);
  return c?.value ? `${name}=${c.value}` : undefined;
}

async function leaveForProvider(t: TestApp, ip: string, next?: string) {
  const res = await t.app.inject({
    url: next === undefined ? '/sign-in/oidc' : `/sign-in/oidc?next=${encodeURIComponent(next)}`,
    remoteAddress: ip,
    headers: { accept: 'text/html' },
  });
  assert.equal(res.statusCode, 303, res.body);
  const attemptCookie = cookieFrom(res, 'opensend_oidc');
  assert.ok(attemptCookie, 'the attempt cookie is set');
  return { res, attemptCookie, authorise: new URL(String(res.headers.location)) };
}

async function atProvider(authorise: URL): Promise<URL> {
  const res = await fetch(authorise, { redirect: 'manual' });
  assert.equal(res.status, 302, await res.text());
  return new URL(String(res.headers.get('location')));
}

function comeBack(t: TestApp, ip: string, callback: URL, cookie: string | undefined) {
  return t.app.inject({
    url: `${callback.pathname}${callback.search}`,
    remoteAddress: ip,
    headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) },
  });
}

async function journey(t: TestApp, ip: string, next?: string): Promise<Journey> {
  const { attemptCookie, authorise } = await leaveForProvider(t, ip, next);
  const callback = await atProvider(authorise);
  return { back: await comeBack(t, ip, callback, attemptCookie), callback, attemptCookie };
}

async function auditEvents(t: TestApp, laCode: string) {
  return t.database.db
    .selectFrom('audit_events')
    .select(['action', 'user_id as userId', 'entity_id as entityId', 'detail', 'ip'])
    .where('la_code', '=', laCode)
    .orderBy('id')
    .execute();
}

async function lastAudit(t: TestApp, laCode = t.la.code) {
  return (await auditEvents(t, laCode)).at(-1);
}

describe('signing in through the LA’s OpenID Connect provider', () => {
  let t: TestApp;
  let provider: TestOidcProvider;
  before(async () => {
    provider = await startOidcProvider();
    t = await startTestApp(provider.env());
  });
  after(async () => {
    await t.close();
    await provider.stop();
  });

  const as = (email: string, more: Partial<TestOidcProvider['user']> = {}) => {
    provider.user = { sub: `sub-${email}`, email, email_verified: true, ...more };
    provider.refuseWith = undefined;
    provider.spoil = {};
  };

  test('the sign-in page offers the provider as a secondary button beside the password form', async () => {
    const page = await t.app.inject({ url: '/sign-in?next=%2Fadmin%2Faudit' });
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /<a href="\/sign-in\/oidc\?next=%2Fadmin%2Faudit" role="button" draggable="false" class="govuk-button govuk-button--secondary" data-module="govuk-button" id="oidc-sign-in">\s*Sign in with Norfolk County Council account\s*<\/a>/,
    );
    assert.match(page.body, /Or sign in with your email address and password/);
    assert.match(page.body, /name="password"/);
  });

  test('a person set up in OpenSEND signs in and lands on the page they asked for, with a session', async () => {
    as(t.la.users.admin.email);
    const ip = '10.10.0.1';
    const { res, authorise } = await leaveForProvider(t, ip, '/admin/audit');

    // The request to the provider: code flow, PKCE S256, state and nonce, the configured scopes.
    assert.equal(`${authorise.origin}${authorise.pathname}`, `${provider.issuer}/authorize`);
    const q = authorise.searchParams;
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('client_id'), provider.clientId);
    assert.equal(q.get('redirect_uri'), 'http://127.0.0.1:3000/sign-in/oidc/callback');
    assert.equal(q.get('scope'), 'openid email profile');
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.match(q.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.ok((q.get('state') ?? '').length >= 32);
    assert.ok((q.get('nonce') ?? '').length >= 32);

    // The attempt waits in a short-lived signed cookie only the callback gets back.
    const attempt = res.cookies.find((c) => c.name === 'opensend_oidc');
    assert.equal(attempt?.httpOnly, true);
    assert.equal(attempt?.sameSite, 'Lax');
    assert.equal(attempt?.path, '/sign-in/oidc');
    assert.equal(attempt?.maxAge, 600);
    assert.doesNotMatch(attempt?.value ?? '', new RegExp(q.get('code_challenge') ?? 'x'));

    const callback = await atProvider(authorise);
    const back = await comeBack(t, ip, callback, cookieFrom(res, 'opensend_oidc'));
    assert.equal(back.statusCode, 303, back.body);
    assert.equal(back.headers.location, '/admin/audit');
    const session = back.cookies.find((c) => c.name === 'opensend_session');
    assert.ok(session?.value.startsWith(`${t.la.code}.`));
    assert.equal(session?.httpOnly, true);
    assert.equal(session?.sameSite, 'Lax');
    // Single use: the browser forgets the attempt.
    const cleared = back.cookies.find((c) => c.name === 'opensend_oidc');
    assert.equal(cleared?.value, '');

    const audited = await lastAudit(t);
    assert.equal(audited?.action, 'sign-in.succeeded');
    assert.equal(audited?.userId, t.la.users.admin.id);
    assert.deepEqual(audited?.detail, { method: 'oidc' });
    assert.equal(audited?.ip, ip);

    const page = await t.app.inject({
      url: '/admin/audit',
      headers: { cookie: `opensend_session=${session?.value}`, accept: 'text/html' },
    });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /admin of Norfolk \(test\)/);
  });

  test('the email address is matched whatever its case', async () => {
    as(t.la.users.coordinator.email.toUpperCase());
    const { back } = await journey(t, '10.10.0.2');
    assert.equal(back.statusCode, 303, back.body);
    assert.equal(back.headers.location, '/');
  });

  test('roles the provider claims are ignored: roles come from OpenSEND', async () => {
    as(t.la.users.coordinator.email, { extra: { roles: ['administrator'], groups: ['administrator'] } });
    const { back } = await journey(t, '10.10.0.3', '/admin/audit');
    assert.equal(back.statusCode, 303);
    const cookie = cookieFrom(back, 'opensend_session') ?? '';
    const audit = await t.app.inject({ url: '/admin/audit', headers: { cookie, accept: 'text/html' } });
    assert.equal(audit.statusCode, 403);
  });

  test('a next address on another site is not followed', async () => {
    as(t.la.users.admin.email);
    for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
      const { back } = await journey(t, '10.10.0.4', next);
      assert.equal(back.headers.location, '/');
    }
  });

  test('an email address nobody has set up is refused with a clear page, and audited', async () => {
    as('New.Starter@Norfolk.example');
    const { back } = await journey(t, '10.10.0.5');
    assert.equal(back.statusCode, 403);
    assert.match(back.body, /<h1 class="govuk-heading-l">Your account is not set up in OpenSEND<\/h1>/);
    assert.match(back.body, /Ask your SEND service administrator to add new\.starter@norfolk\.example\./);
    assert.match(back.body, /href="\/sign-in">Go to the sign-in page<\/a>/);
    assert.equal(cookieFrom(back, 'opensend_session'), undefined);
    const audited = await lastAudit(t);
    assert.equal(audited?.action, 'sign-in.failed');
    assert.equal(audited?.userId, null);
    assert.deepEqual(audited?.detail, {
      method: 'oidc',
      reason: 'no account',
      email: 'new.starter@norfolk.example',
    });
  });

  test('someone from another LA is not signed in through this LA’s provider', async () => {
    as(t.otherLa.users.admin.email);
    const { back } = await journey(t, '10.10.0.6');
    assert.equal(back.statusCode, 403);
    assert.match(back.body, /Your account is not set up in OpenSEND/);
    assert.equal(cookieFrom(back, 'opensend_session'), undefined);
    // Audited where the attempt came from, not in the other LA's log.
    assert.equal((await lastAudit(t))?.action, 'sign-in.failed');
    assert.equal(
      (await auditEvents(t, t.otherLa.code)).filter((e) => e.action.startsWith('sign-in')).length,
      0,
    );
  });

  test('a deactivated account is refused and audited against that account', async () => {
    const parent = t.la.users.parent;
    await t.database.db.updateTable('users').set({ active: false }).where('id', '=', parent.id).execute();
    try {
      as(parent.email);
      const { back } = await journey(t, '10.10.0.7');
      assert.equal(back.statusCode, 403);
      assert.match(back.body, /Your account is not set up in OpenSEND/);
      assert.match(back.body, new RegExp(`add ${parent.email.replaceAll('.', '\\.')}\\.`));
      assert.equal(cookieFrom(back, 'opensend_session'), undefined);
      const audited = await lastAudit(t);
      assert.equal(audited?.userId, parent.id);
      assert.equal(audited?.entityId, parent.id);
      assert.deepEqual(audited?.detail, { method: 'oidc', reason: 'account disabled' });
    } finally {
      await t.database.db.updateTable('users').set({ active: true }).where('id', '=', parent.id).execute();
    }
  });

  test('someone invited by the administrator signs in without choosing a password, until deactivated', async () => {
    const { token } = await createApiToken(
      t.database,
      { userId: t.la.users.admin.id, laCode: t.la.code },
      { name: 'people administration', days: 1 },
      { ip: null, requestId: 'test', now: t.clock() },
    );
    const api = (method: 'POST' | 'PATCH', url: string, payload: Record<string, unknown>) =>
      t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
    const invited = await api('POST', '/api/v1/users', {
      name: 'Robin Newby',
      email: 'robin.newby@norfolk.example',
      roles: ['ehc_coordinator'],
    });
    assert.equal(invited.statusCode, 201, invited.body);
    const { id, version } = invited.json() as { id: string; version: number };

    as('robin.newby@norfolk.example');
    const first = (await journey(t, '10.10.0.17')).back;
    assert.equal(first.statusCode, 303, first.body);
    assert.ok(cookieFrom(first, 'opensend_session'));
    // Signed in through their LA's account, they are active, and the emailed link is no longer needed.
    const read = await t.app.inject({
      url: `/api/v1/users/${id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(read.json().status, 'active');
    const open = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM user_invitations WHERE user_id = ${id} AND accepted_at IS NULL AND revoked_at IS NULL`.execute(
      t.database.db,
    );
    assert.equal(open.rows[0]?.n, 0);

    assert.equal((await api('PATCH', `/api/v1/users/${id}`, { version, active: false })).statusCode, 200);
    const after = (await journey(t, '10.10.0.17')).back;
    assert.equal(after.statusCode, 403);
    assert.match(after.body, /Your account is not set up in OpenSEND/);
    assert.deepEqual((await lastAudit(t))?.detail, { method: 'oidc', reason: 'account disabled' });
  });

  test('an address the provider says is unverified, or no address at all, is refused', async () => {
    as(t.la.users.admin.email, { email_verified: false });
    const unverified = (await journey(t, '10.10.0.8')).back;
    assert.equal(unverified.statusCode, 403);
    assert.match(unverified.body, /Your organisation&#39;s account has no verified email address/);
    assert.deepEqual((await lastAudit(t))?.detail, {
      method: 'oidc',
      reason: 'email address not verified by the provider',
    });

    provider.user = { sub: 'no-email' };
    const none = (await journey(t, '10.10.0.8')).back;
    assert.equal(none.statusCode, 403);
    assert.deepEqual((await lastAudit(t))?.detail, {
      method: 'oidc',
      reason: 'no email address from the provider',
    });

    // Many providers never say whether an address is verified; that is not a "no".
    as(t.la.users.admin.email, { email_verified: undefined });
    assert.equal((await journey(t, '10.10.0.8')).back.statusCode, 303);
  });

  test('an answer whose state is not the one this browser sent is refused before the code is used', async () => {
    as(t.la.users.admin.email);
    const ip = '10.10.0.9';
    const { attemptCookie, authorise } = await leaveForProvider(t, ip);
    const callback = await atProvider(authorise);
    callback.searchParams.set('state', 'forged-state-from-another-browser');
    const answered = provider.tokenAnswers.length;
    const back = await comeBack(t, ip, callback, attemptCookie);
    assert.equal(back.statusCode, 400);
    assert.match(back.body, /<h1 class="govuk-heading-l">Sign in again<\/h1>/);
    assert.match(
      back.body,
      /took longer than 10 minutes, was already used, or was started in another browser/,
    );
    assert.equal(provider.tokenAnswers.length, answered, 'the code never went to the provider');
    assert.equal(cookieFrom(back, 'opensend_session'), undefined);
    assert.deepEqual((await lastAudit(t))?.detail, {
      method: 'oidc',
      reason: 'sign-in expired, already used or not started in this browser',
    });
  });

  test('an answer with no attempt cookie, a forged one, or one over 10 minutes old is refused', async () => {
    as(t.la.users.admin.email);
    const ip = '10.10.0.10';
    const { attemptCookie, authorise } = await leaveForProvider(t, ip);
    const callback = await atProvider(authorise);
    assert.equal((await comeBack(t, ip, callback, undefined)).statusCode, 400);
    const forged = `opensend_oidc=${Buffer.from('{"state":"x"}').toString('base64url')}.forged`;
    assert.equal((await comeBack(t, ip, callback, forged)).statusCode, 400);

    // Both attempts are made at the same minute, T, and last 10 minutes: at T + 9 minutes one
    // still signs in; at T + 10 minutes the other is refused.
    const second = await leaveForProvider(t, ip);
    const secondCallback = await atProvider(second.authorise);
    t.clock.advance(9);
    assert.equal((await comeBack(t, ip, callback, attemptCookie)).statusCode, 303);
    t.clock.advance(1);
    const late = await comeBack(t, ip, secondCallback, second.attemptCookie);
    assert.equal(late.statusCode, 400);
    assert.match(late.body, /Sign in again/);
  });

  test('coming back twice with the same code is refused: by OpenSEND, and by the provider', async () => {
    as(t.la.users.admin.email);
    const ip = '10.10.0.11';
    const first = await journey(t, ip);
    assert.equal(first.back.statusCode, 303);

    // The browser no longer has the attempt: refused here, the code never sent again.
    const answered = provider.tokenAnswers.length;
    const again = await comeBack(t, ip, first.callback, undefined);
    assert.equal(again.statusCode, 400);
    assert.equal(provider.tokenAnswers.length, answered);

    // Someone who kept a copy of the attempt cookie: the provider refuses the used code.
    const replay = await comeBack(t, ip, first.callback, first.attemptCookie);
    assert.equal(replay.statusCode, 400);
    assert.match(replay.body, /OpenSEND could not confirm your sign-in/);
    assert.deepEqual(provider.tokenAnswers.at(-1), { status: 400, error: 'invalid_grant' });
    assert.equal(cookieFrom(replay, 'opensend_session'), undefined);
    const audited = await lastAudit(t);
    assert.deepEqual(audited?.detail, {
      method: 'oidc',
      reason: 'the provider did not confirm who it was',
      providerError: 'invalid_grant',
    });
    // Nothing secret goes into the audit log.
    const code = first.callback.searchParams.get('code') ?? '';
    const state = first.callback.searchParams.get('state') ?? '';
    assert.doesNotMatch(JSON.stringify(await auditEvents(t, t.la.code)), new RegExp(`${code}|${state}`));
  });

  test('a code meant for another attempt fails the PKCE check at the provider', async () => {
    as(t.la.users.admin.email);
    const ip = '10.10.0.12';
    // The victim's attempt gets a code; the attacker's browser starts its own attempt and
    // brings the victim's code back with its own state.
    const victim = await leaveForProvider(t, ip);
    const victimCallback = await atProvider(victim.authorise);
    const attacker = await leaveForProvider(t, ip);
    const injected = new URL(victimCallback);
    injected.searchParams.set('state', attacker.authorise.searchParams.get('state') ?? '');
    const back = await comeBack(t, ip, injected, attacker.attemptCookie);
    assert.equal(back.statusCode, 400);
    assert.match(back.body, /OpenSEND could not confirm your sign-in/);
    assert.deepEqual(provider.tokenAnswers.at(-1), { status: 400, error: 'invalid_grant' });
    assert.equal(cookieFrom(back, 'opensend_session'), undefined);
  });

  test('an ID token for another client, or signed with another key, is refused', async () => {
    const ip = '10.10.0.13';
    as(t.la.users.admin.email);
    provider.spoil = { audience: 'some-other-client' };
    const wrongAudience = (await journey(t, ip)).back;
    assert.equal(wrongAudience.statusCode, 400);
    assert.match(wrongAudience.body, /OpenSEND could not confirm your sign-in/);
    assert.match(wrongAudience.body, /Reference: /);
    assert.equal(cookieFrom(wrongAudience, 'opensend_session'), undefined);

    provider.spoil = { otherKey: true };
    const wrongKey = (await journey(t, ip)).back;
    assert.equal(wrongKey.statusCode, 400);
    assert.equal(cookieFrom(wrongKey, 'opensend_session'), undefined);
    assert.deepEqual((await lastAudit(t))?.detail, {
      method: 'oidc',
      reason: 'the provider did not confirm who it was',
    });
    provider.spoil = {};
  });

  test('cancelling at the provider, or its other errors, give a page with the way back', async () => {
    const ip = '10.10.0.14';
    as(t.la.users.admin.email);
    provider.refuseWith = 'access_denied';
    const cancelled = (await journey(t, ip, '/admin/audit')).back;
    assert.equal(cancelled.statusCode, 403);
    assert.match(cancelled.body, /<h1 class="govuk-heading-l">You did not sign in<\/h1>/);
    assert.match(cancelled.body, /href="\/sign-in\?next=%2Fadmin%2Faudit">Go to the sign-in page/);
    assert.deepEqual((await lastAudit(t))?.detail, {
      method: 'oidc',
      reason: 'cancelled or refused at the provider',
      providerError: 'access_denied',
    });

    provider.refuseWith = 'temporarily_unavailable';
    const unavailable = (await journey(t, ip)).back;
    assert.equal(unavailable.statusCode, 502);
    assert.match(unavailable.body, /could not sign you in/);
    assert.match(unavailable.body, /It answered with the error ‘temporarily_unavailable’/);
    assert.match(unavailable.body, /You can also sign in with your email address and password/);
    provider.refuseWith = undefined;
  });

  test('a provider that goes down before the person comes back gives a clear page, not a failure', async () => {
    as(t.la.users.admin.email);
    const ip = '10.10.0.15';
    const { attemptCookie, authorise } = await leaveForProvider(t, ip);
    const callback = await atProvider(authorise);
    await provider.stop();
    try {
      const back = await comeBack(t, ip, callback, attemptCookie);
      assert.equal(back.statusCode, 502);
      assert.match(back.body, /Your organisation&#39;s sign-in service is not available/);
      assert.match(back.body, /Reference: <span class="govuk-!-font-weight-bold">[0-9a-f-]{36}<\/span>/);
      assert.deepEqual((await lastAudit(t))?.detail, {
        method: 'oidc',
        reason: 'the provider could not be reached',
      });
    } finally {
      await provider.start();
    }
  });

  test('the provider’s pages are public, and a signed-in person is sent on', async () => {
    as(t.la.users.admin.email);
    const { back } = await journey(t, '10.10.0.16');
    const cookie = cookieFrom(back, 'opensend_session') ?? '';
    const res = await t.app.inject({ url: '/sign-in/oidc?next=%2Fadmin%2Faudit', headers: { cookie } });
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, '/admin/audit');
  });

  test('an LA code with no LA behind it stops the app from starting, saying what to do', async () => {
    const config = loadConfig({ SEED_DEMO: 'false', ...provider.env({ OIDC_LA_CODE: '999' }) });
    await assert.rejects(
      buildApp({ config, database: t.database }),
      (err: Error) =>
        err instanceof ConfigError &&
        /OIDC_LA_CODE: there is no LA with code 999; add it first \(opensend la add --code 999/.test(
          err.message,
        ),
    );
  });
});

describe('a public client, with passwords turned off, while the provider is down at first', () => {
  let t: TestApp;
  let provider: TestOidcProvider;
  before(async () => {
    provider = await startOidcProvider({ clientSecret: null });
    // Down before the app starts: the app starts all the same.
    await provider.stop();
    t = await startTestApp(provider.env({ OIDC_PASSWORDS: 'false' }));
  });
  after(async () => {
    await t.close();
    await provider.stop();
  });

  test('the sign-in page offers only the provider, as the main button', async () => {
    const page = await t.app.inject({ url: '/sign-in' });
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /<a href="\/sign-in\/oidc" role="button" draggable="false" class="govuk-button" data-module="govuk-button" id="oidc-sign-in">/,
    );
    assert.doesNotMatch(page.body, /name="password"/);
    assert.doesNotMatch(page.body, /forgotten your password/);
  });

  test('an invitation sends the person to the provider rather than asking for a password', async () => {
    const { token } = await createApiToken(
      t.database,
      { userId: t.la.users.admin.id, laCode: t.la.code },
      { name: 'people administration', days: 1 },
      { ip: null, requestId: 'test', now: t.clock() },
    );
    const invited = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'Ash Provider', email: 'ash.provider@norfolk.example', roles: ['adviser'] },
    });
    assert.equal(invited.statusCode, 201);
    const body = await sql<{ body: string }>`
      SELECT body FROM notifications WHERE to_email = 'ash.provider@norfolk.example'`.execute(t.database.db);
    const link = /\/invitation\/[A-Za-z0-9_-]{43}/.exec(body.rows[0]?.body ?? '')?.[0] ?? '';
    const page = await t.app.inject({ url: link });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /you do not need a password for OpenSEND/);
    assert.match(page.body, /href="\/sign-in\/oidc"/);
    assert.doesNotMatch(page.body, /name="password"/);
  });

  test('while the provider is down, signing in says so; once it is back, it works', async () => {
    const down = await t.app.inject({
      url: '/sign-in/oidc',
      remoteAddress: '10.20.0.1',
      headers: { accept: 'text/html' },
    });
    assert.equal(down.statusCode, 502);
    assert.match(down.body, /sign-in service is not available/);
    assert.doesNotMatch(down.body, /email address and password/);
    assert.equal(cookieFrom(down, 'opensend_oidc'), undefined);
    assert.deepEqual((await lastAudit(t))?.detail, {
      method: 'oidc',
      reason: 'the provider could not be reached',
    });

    await provider.start();
    provider.user = { sub: 'coordinator', email: t.la.users.coordinator.email, email_verified: true };
    const { back } = await journey(t, '10.20.0.1');
    assert.equal(back.statusCode, 303, back.body);
    assert.ok(cookieFrom(back, 'opensend_session'));
  });

  test('a password is refused even with a good form token', async () => {
    provider.user = { sub: 'admin', email: t.la.users.admin.email, email_verified: true };
    const { back } = await journey(t, '10.20.0.2');
    const session = cookieFrom(back, 'opensend_session') ?? '';
    const home = await t.app.inject({ url: '/', headers: { cookie: session } });
    const csrfCookie = cookieFrom(home, 'opensend_csrf') ?? '';
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: csrfCookie, accept: 'text/html' },
      payload: { _csrf: csrfFrom(home.body), email: t.la.users.admin.email, password },
    });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /<title>Error: Sign in/);
    assert.match(
      res.body,
      /href="#oidc-sign-in">Signing in with a password is turned off\. Sign in with your organisation&#39;s account/,
    );
    assert.equal(cookieFrom(res, 'opensend_session'), undefined);
  });
});
