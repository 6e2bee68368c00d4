import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUser } from '../../src/platform/auth/service.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { csrfFrom, password, signInCookies, startTestApp, type TestApp } from '../support/app.ts';

describe('sign-in, sessions and sign-out', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  async function form(ip = '127.0.0.1') {
    const page = await t.app.inject({ url: '/sign-in', remoteAddress: ip });
    const csrfCookie = page.cookies.find((c) => c.name === 'opensend_csrf')?.value ?? '';
    return { csrf: csrfFrom(page.body), cookie: `opensend_csrf=${csrfCookie}` };
  }
  async function attempt(email: string, pw: string, ip = '127.0.0.1') {
    const f = await form(ip);
    return t.app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress: ip,
      headers: { cookie: f.cookie, accept: 'text/html' },
      payload: { _csrf: f.csrf, email, password: pw },
    });
  }

  test('a correct email and password open a session in an HttpOnly, SameSite=Lax cookie', async () => {
    const res = await attempt(t.la.users.coordinator.email.toUpperCase(), password);
    assert.equal(res.statusCode, 303);
    const session = res.cookies.find((c) => c.name === 'opensend_session');
    assert.ok(session?.value.startsWith(`${t.la.code}.`));
    assert.equal(session?.httpOnly, true);
    assert.equal(session?.sameSite, 'Lax');
  });

  test('each sign-in gets a new session id', async () => {
    const a = await signInCookies(t.app, t.la.users.coordinator.email);
    const b = await signInCookies(t.app, t.la.users.coordinator.email);
    assert.notEqual(a, b);
  });

  test('a wrong password and an unknown email get the same answer', async () => {
    const wrong = await attempt(t.la.users.coordinator.email, 'not the password at all', '10.0.0.2');
    const unknown = await attempt('nobody@example.org', password, '10.0.0.2');
    for (const res of [wrong, unknown]) {
      assert.equal(res.statusCode, 401);
      assert.match(res.body, /There is a problem/);
      assert.match(res.body, /Enter a correct email address and password/);
      assert.match(res.body, /<title>Error: Sign in/);
      assert.equal(
        res.cookies.find((c) => c.name === 'opensend_session'),
        undefined,
      );
    }
  });

  test('empty and over-long fields are named', async () => {
    const empty = await attempt('', '', '10.0.0.3');
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /href="#email">Enter an email address/);
    assert.match(empty.body, /href="#password">Enter your password/);
    const long = await attempt(`${'a'.repeat(300)}@example.org`, 'x'.repeat(300), '10.0.0.3');
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /Email address must be 254 characters or fewer/);
    assert.match(long.body, /Password must be 256 characters or fewer/);
  });

  test('after five failures the account is locked for the window, even with the right password', async () => {
    const email = t.la.users.parent.email;
    for (let i = 0; i < 5; i++)
      assert.equal((await attempt(email, `wrong ${i}`, `10.1.0.${i}`)).statusCode, 401);
    const locked = await attempt(email, password, '10.1.0.9');
    assert.equal(locked.statusCode, 429);
    assert.match(locked.body, /Too many failed attempts to sign in\. Wait 15 minutes and try again/);
    assert.equal(locked.headers['retry-after'], String(15 * 60));
    t.clock.advance(16);
    assert.equal((await attempt(email, password, '10.1.0.9')).statusCode, 303);
  });

  /** Failed sign-ins the audit log holds for this person: one for each password checked and found wrong. */
  async function failedSignIns(userId: string): Promise<number> {
    const r = await inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
      tx
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'sign-in.failed')
        .where('entity_id', '=', userId)
        .executeTakeFirstOrThrow(),
    );
    return Number(r.n);
  }

  test('twenty wrong passwords at once check only five before the account locks', async () => {
    const email = 'many.guesses.926@example.org';
    const userId = await createUser(t.database, {
      laCode: t.la.code,
      email,
      name: 'Many Guesses',
      roles: ['ehc_coordinator'],
      password,
    });
    const forms = await Promise.all(Array.from({ length: 20 }, (_, i) => form(`10.5.0.${i}`)));
    const answers = await Promise.all(
      forms.map((f, i) =>
        t.app.inject({
          method: 'POST',
          url: '/sign-in',
          remoteAddress: `10.5.0.${i}`,
          headers: { cookie: f.cookie, accept: 'text/html' },
          payload: { _csrf: f.csrf, email, password: `wrong guess ${i}` },
        }),
      ),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    // SIGN_IN_MAX_FAILURES is 5: five guesses are checked (401), the other fifteen find it locked (429).
    assert.deepEqual(statuses, [...Array(5).fill(401), ...Array(15).fill(429)]);
    assert.equal(await failedSignIns(userId), 5);
    assert.equal((await attempt(email, password, '10.5.1.1')).statusCode, 429);
    t.clock.advance(16);
    assert.equal((await attempt(email, password, '10.5.1.1')).statusCode, 303);
  });

  test('one address failing against many accounts is locked out too', async () => {
    const ip = '10.2.0.1';
    for (let i = 0; i < 50; i++) await attempt(`someone${i}@example.org`, 'guess', ip);
    const res = await attempt(t.la.users.admin.email, password, ip);
    assert.equal(res.statusCode, 429);
    assert.equal((await attempt(t.la.users.admin.email, password, '10.2.0.2')).statusCode, 303);
    t.clock.advance(16);
  });

  test('failed sign-ins to a real account are audited', async () => {
    const cookies = await signInCookies(t.app, t.la.users.admin.email);
    const page = await t.app.inject({
      url: '/admin/audit',
      headers: { cookie: cookies, accept: 'text/html' },
    });
    assert.match(page.body, /<td class="govuk-table__cell">Failed to sign in<\/td>/);
    assert.match(page.body, /<td class="govuk-table__cell">Signed in<\/td>/);
  });

  test('a session ends after 30 idle minutes and the sign-in page says why', async () => {
    const cookies = await signInCookies(t.app, t.la.users.admin.email);
    t.clock.advance(29);
    assert.equal((await t.app.inject({ url: '/admin/audit', headers: { cookie: cookies } })).statusCode, 200);
    t.clock.advance(31);
    const res = await t.app.inject({ url: '/admin/audit', headers: { cookie: cookies } });
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, '/sign-in?next=%2Fadmin%2Faudit&expired=1');
    const page = await t.app.inject({ url: String(res.headers.location) });
    assert.match(page.body, /You were signed out because you had not used OpenSEND for a while/);
  });

  test('a session ends after 12 hours however busy', async () => {
    const cookies = await signInCookies(t.app, t.la.users.admin.email);
    for (let i = 0; i < 35; i++) {
      t.clock.advance(20);
      assert.equal((await t.app.inject({ url: '/', headers: { cookie: cookies } })).statusCode, 200);
    }
    t.clock.advance(20);
    const res = await t.app.inject({ url: '/admin/audit', headers: { cookie: cookies } });
    assert.equal(res.statusCode, 302);
  });

  test('signing out ends the session for good', async () => {
    const cookies = await signInCookies(t.app, t.la.users.admin.email);
    const home = await t.app.inject({ url: '/', headers: { cookie: cookies } });
    const out = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: cookies },
      payload: { _csrf: csrfFrom(home.body) },
    });
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/signed-out');
    const again = await t.app.inject({ url: '/admin/audit', headers: { cookie: cookies } });
    assert.equal(again.statusCode, 302);
  });

  test('a form without its CSRF token, or with a wrong one, is refused', async () => {
    const cookies = await signInCookies(t.app, t.la.users.admin.email);
    const missing = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: cookies, accept: 'text/html' },
      payload: {},
    });
    assert.equal(missing.statusCode, 403);
    assert.match(missing.body, /This form has expired/);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: cookies, accept: 'text/html' },
      payload: { _csrf: 'forged-token' },
    });
    assert.equal(wrong.statusCode, 403);
    const noCookie = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { accept: 'text/html' },
      payload: { _csrf: 'x', email: t.la.users.admin.email, password },
    });
    assert.equal(noCookie.statusCode, 403);
    assert.equal(
      noCookie.cookies.find((c) => c.name === 'opensend_session'),
      undefined,
    );
  });

  const csrfCookieOf = (res: { cookies: { name: string; value: string }[] }) =>
    res.cookies.find((c) => c.name === 'opensend_csrf')?.value;
  const sessionCookieOf = (res: { cookies: { name: string; value: string }[] }) =>
    res.cookies.find((c) => c.name === 'opensend_session')?.value;

  test('a form token from before sign-in is refused after it: signing in starts a new CSRF secret', async () => {
    const f = await form('10.3.1.1');
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress: '10.3.1.1',
      headers: { cookie: f.cookie, accept: 'text/html' },
      payload: { _csrf: f.csrf, email: t.la.users.admin.email, password },
    });
    assert.equal(res.statusCode, 303);
    const renewed = csrfCookieOf(res);
    assert.ok(renewed, 'sign-in sets a new CSRF cookie');
    assert.notEqual(`opensend_csrf=${renewed}`, f.cookie);
    const browser = `opensend_csrf=${renewed}; opensend_session=${sessionCookieOf(res)}`;
    // The token captured before sign-in (say, by whoever planted the cookie it came from).
    const stale = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: browser, accept: 'text/html' },
      payload: { _csrf: f.csrf },
    });
    assert.equal(stale.statusCode, 403);
    assert.match(stale.body, /This form has expired/);
    // A page loaded after sign-in gives a token that works.
    const home = await t.app.inject({ url: '/', headers: { cookie: browser } });
    const fresh = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: browser },
      payload: { _csrf: csrfFrom(home.body) },
    });
    assert.equal(fresh.statusCode, 303);
  });

  test('a form token from a session is refused after signing out: signing out starts a new CSRF secret', async () => {
    const f = await form('10.3.1.2');
    const signedIn = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress: '10.3.1.2',
      headers: { cookie: f.cookie, accept: 'text/html' },
      payload: { _csrf: f.csrf, email: t.la.users.admin.email, password },
    });
    const browser = `opensend_csrf=${csrfCookieOf(signedIn)}; opensend_session=${sessionCookieOf(signedIn)}`;
    const home = await t.app.inject({ url: '/', headers: { cookie: browser } });
    const sessionToken = csrfFrom(home.body);
    const out = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: browser },
      payload: { _csrf: sessionToken },
    });
    assert.equal(out.statusCode, 303);
    const renewed = csrfCookieOf(out);
    assert.ok(renewed, 'sign-out sets a new CSRF cookie');
    const afterwards = `opensend_csrf=${renewed}`;
    const stale = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress: '10.3.1.2',
      headers: { cookie: afterwards, accept: 'text/html' },
      payload: { _csrf: sessionToken, email: t.la.users.admin.email, password },
    });
    assert.equal(stale.statusCode, 403);
    assert.equal(sessionCookieOf(stale), undefined);
    const page = await t.app.inject({ url: '/sign-in', headers: { cookie: afterwards } });
    const again = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress: '10.3.1.2',
      headers: { cookie: afterwards, accept: 'text/html' },
      payload: { _csrf: csrfFrom(page.body), email: t.la.users.admin.email, password },
    });
    assert.equal(again.statusCode, 303);
  });

  test('after sign-in the browser goes back where it was asked to, but never to another site', async () => {
    for (const [next, expected] of [
      ['/admin/audit', '/admin/audit'],
      ['https://evil.example/', '/'],
      ['//evil.example/', '/'],
    ]) {
      const f = await form('10.3.0.1');
      const res = await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        remoteAddress: '10.3.0.1',
        headers: { cookie: f.cookie, accept: 'text/html' },
        payload: { _csrf: f.csrf, email: t.la.users.admin.email, password, next },
      });
      assert.equal(res.headers.location, expected);
    }
  });

  // What people have tried in a "go back to" parameter to send a signed-in browser elsewhere.
  const hostileNext = [
    '/\t/evil.example/x',
    '/\n/evil.example/x',
    '/\r\n/evil.example',
    '/\\evil.example',
    '/.//evil.example',
    '//evil.example',
    'https://evil.example',
    '/%2F%2Fevil.example',
    `/${'a'.repeat(3000)}`,
    '/日本語/évènements',
    '/\u0000/evil.example',
    '/\u0085/evil.example',
  ];

  /** Where a browser goes with this Location: it drops tabs and newlines, and reads \ as /. */
  function assertStaysOnSite(location: unknown, next: string) {
    assert.equal(typeof location, 'string', JSON.stringify(next));
    const l = String(location);
    assert.match(l, /^\/[\x21-\x7e]*$/, `${JSON.stringify(next)} gave ${JSON.stringify(l)}`);
    const site = 'https://opensend.example';
    assert.equal(new URL(l.replace(/[\t\n\r]/g, ''), site).origin, site, JSON.stringify(next));
  }

  test('a hostile next never leads off the site, whether signed in already (GET) or signing in (POST)', async () => {
    const signedIn = await signInCookies(t.app, t.la.users.admin.email);
    const queries = [
      ...hostileNext.map((n) => `next=${encodeURIComponent(n)}`),
      'next=/%09/evil.example/x',
      'next=/a&next=//evil.example',
      'next[a]=//evil.example',
    ];
    for (const q of queries) {
      const res = await t.app.inject({ url: `/sign-in?${q}`, headers: { cookie: signedIn } });
      assert.equal(res.statusCode, 302, q);
      assertStaysOnSite(res.headers.location, q);
      const form = await t.app.inject({ url: `/sign-in?${q}` });
      assert.equal(form.statusCode, 200, q);
      const hidden = /name="next" value="([^"]*)"/.exec(form.body)?.[1] ?? '';
      assertStaysOnSite(hidden.replaceAll('&amp;', '&'), q);
    }
    for (const next of hostileNext) {
      const f = await form('10.3.0.2');
      const res = await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        remoteAddress: '10.3.0.2',
        headers: { cookie: f.cookie, accept: 'text/html' },
        payload: { _csrf: f.csrf, email: t.la.users.admin.email, password, next },
      });
      assert.equal(res.statusCode, 303, JSON.stringify(next));
      assertStaysOnSite(res.headers.location, next);
    }
    const f = await form('10.3.0.2');
    const asForm = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress: '10.3.0.2',
      headers: { cookie: f.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(f.csrf)}&email=${encodeURIComponent(t.la.users.admin.email)}&password=${encodeURIComponent(password)}&next=/%09/evil.example/x&next=//evil.example`,
    });
    assert.equal(asForm.statusCode, 303);
    assertStaysOnSite(asForm.headers.location, 'a repeated next in a form');
  });

  test("a very deep or very large body is refused as the sender's mistake, never a server error", async () => {
    const f = await form('10.4.0.1');
    const post = (contentType: string, payload: string) =>
      t.app.inject({
        method: 'POST',
        url: '/sign-in',
        remoteAddress: '10.4.0.1',
        headers: { cookie: f.cookie, 'content-type': contentType },
        payload,
      });
    const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const deepObject = (n: number) => `{"email":${'{"a":'.repeat(n)}1${'}'.repeat(n)},"password":"x"}`;
    // Nesting a few thousand deep, still small, is what overflows a walk through the body.
    const bodies: [string, string, number][] = [
      ['application/json', deepArray(10_000), 400],
      ['application/json', deepObject(5_000), 400],
      ['application/json', deepArray(400_000), 413],
      ['application/json', deepObject(100_000), 413],
      [
        'application/json',
        JSON.stringify({ _csrf: f.csrf, email: ['a@example.org'], password: { p: 1 } }),
        400,
      ],
      ['application/json', '', 400],
      ['application/json', JSON.stringify({ _csrf: f.csrf, email: 'x'.repeat(2_000_000) }), 413],
      ['application/x-www-form-urlencoded', `email=${'a'.repeat(300_000)}`, 413],
      ['application/x-www-form-urlencoded', `email[a][b][c][d]=x&${'next[]=/&'.repeat(2_000)}`, 403],
    ];
    for (const [contentType, payload, status] of bodies) {
      const res = await post(contentType, payload);
      assert.equal(
        res.statusCode,
        status,
        `${contentType} ${payload.slice(0, 40)}: ${res.body.slice(0, 200)}`,
      );
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    // A flat body of text is still signed in.
    const ok = await post(
      'application/json',
      JSON.stringify({ _csrf: f.csrf, email: t.la.users.admin.email, password, next: '/admin/audit' }),
    );
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/admin/audit');
  });

  test('pages carry a strict Content-Security-Policy with no inline script', async () => {
    const res = await t.app.inject({ url: '/sign-in' });
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.doesNotMatch(res.body, /<script(?![^>]*\bsrc=)[^>]*>/);
    assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
  });
});
