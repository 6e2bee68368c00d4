import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createApiToken, createUser, setPassword } from '../../src/platform/auth/service.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { csrfFrom, password, signInCookies, startTestApp, type TestApp } from '../support/app.ts';

/** A person of the test LA with a role that may hold API tokens, and a fresh email each time. */
let people = 0;
async function newPerson(t: TestApp, name = 'Morgan Hale') {
  people += 1;
  const email = `person${people}.${t.la.code}@example.org`;
  const id = await createUser(t.database, {
    laCode: t.la.code,
    email,
    name,
    roles: ['ehc_coordinator'],
    password,
  });
  return { id, email, name };
}

async function token(t: TestApp, userId: string, name: string): Promise<string> {
  const created = await createApiToken(
    t.database,
    { userId, laCode: t.la.code },
    { name, days: 30 },
    { ip: null, requestId: 'test', now: t.clock() },
  );
  return created.token;
}

const me = (app: FastifyInstance, bearer: string) =>
  app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${bearer}` } });

async function changePassword(
  app: FastifyInstance,
  cookies: string,
  fields: { currentPassword: string; newPassword: string; confirmPassword?: string },
  ip = '127.0.0.1',
) {
  const page = await app.inject({
    url: '/account/password',
    headers: { cookie: cookies },
    remoteAddress: ip,
  });
  return app.inject({
    method: 'POST',
    url: '/account/password',
    remoteAddress: ip,
    headers: { cookie: cookies, accept: 'text/html' },
    payload: { _csrf: csrfFrom(page.body), confirmPassword: fields.newPassword, ...fields },
  });
}

async function auditEvents(t: TestApp, action: string, entityId?: string) {
  return inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) => {
    let q = tx
      .selectFrom('audit_events')
      .select(['user_id', 'entity_id', 'detail', 'ip'])
      .where('action', '=', action);
    if (entityId) q = q.where('entity_id', '=', entityId);
    return q.orderBy('id').execute();
  });
}

async function tokenRows(t: TestApp, userId: string) {
  return inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
    tx
      .selectFrom('api_tokens')
      .select(['id', 'name', 'revoked_at'])
      .where('user_id', '=', userId)
      .orderBy('name')
      .execute(),
  );
}

describe('a new password shuts out whoever knew the old one', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('changing the password revokes every API token, audits each with the reason and says so on the account page', async () => {
    const person = await newPerson(t);
    const nightly = await token(t, person.id, 'Nightly export');
    const weekly = await token(t, person.id, 'Weekly returns');
    assert.equal((await me(t.app, nightly)).statusCode, 200);
    const cookies = await signInCookies(t.app, person.email);

    const res = await changePassword(t.app, cookies, {
      currentPassword: password,
      newPassword: 'a lighthouse keeper at dawn',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/account/password?changed=1&tokensRevoked=2');
    const page = await t.app.inject({ url: String(res.headers.location), headers: { cookie: cookies } });
    assert.match(
      page.body,
      /Your password has been changed and you have been signed out everywhere else\. Your 2 API tokens have been revoked: create new ones for any programs that used them\./,
    );

    for (const bearer of [nightly, weekly]) {
      const refused = await me(t.app, bearer);
      assert.equal(refused.statusCode, 401);
      assert.match(refused.json().detail, /This API token has been revoked/);
    }
    const rows = await tokenRows(t, person.id);
    assert.deepEqual(
      rows.map((r) => [r.name, r.revoked_at?.toISOString()]),
      [
        ['Nightly export', '2026-03-02T09:00:00.000Z'],
        ['Weekly returns', '2026-03-02T09:00:00.000Z'],
      ],
    );
    for (const row of rows) {
      const [event] = await auditEvents(t, 'api-token.revoked', row.id);
      assert.equal(event?.user_id, person.id);
      assert.deepEqual(event?.detail, { reason: 'password changed', ownerId: person.id });
    }
    const [changed] = await auditEvents(t, 'password.changed', person.id);
    assert.deepEqual(changed?.detail, { apiTokensRevoked: 2 });
    // The person is told by email too, in case it was not they who changed it.
    const told = await inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
      tx
        .selectFrom('notifications')
        .select(['to_email', 'subject', 'body'])
        .where('to_user_id', '=', person.id)
        .where('kind', '=', 'users.api-tokens-revoked')
        .execute(),
    );
    assert.equal(told.length, 1);
    assert.equal(told[0]?.to_email, person.email);
    assert.match(told[0]?.body ?? '', /your 2 personal API tokens have been revoked/);

    const tokens = await t.app.inject({ url: '/account/tokens', headers: { cookie: cookies } });
    assert.equal(tokens.body.match(/govuk-tag--grey">\s*Revoked\s*</g)?.length, 2);
    const admin = await signInCookies(t.app, t.la.users.admin.email);
    const audit = await t.app.inject({
      url: `/admin/audit?userId=${person.id}`,
      headers: { cookie: admin },
    });
    assert.match(audit.body, /Revoked an API token as the password changed/);
  });

  test('with one token the page says so in the singular; with none it says nothing of tokens', async () => {
    const one = await newPerson(t);
    await token(t, one.id, 'Only token');
    const res = await changePassword(t.app, await signInCookies(t.app, one.email), {
      currentPassword: password,
      newPassword: 'a lighthouse keeper at dawn',
    });
    assert.equal(res.headers.location, '/account/password?changed=1&tokensRevoked=1');
    const none = await newPerson(t);
    const cookies = await signInCookies(t.app, none.email);
    const plain = await changePassword(t.app, cookies, {
      currentPassword: password,
      newPassword: 'a lighthouse keeper at dawn',
    });
    assert.equal(plain.headers.location, '/account/password?changed=1');
    const page = await t.app.inject({ url: String(plain.headers.location), headers: { cookie: cookies } });
    assert.match(page.body, /Your password has been changed and you have been signed out everywhere else\./);
    assert.doesNotMatch(page.body, /API tokens? (has|have) been revoked/);
    // The count comes from the address, so only a plain number is read from it.
    const forged = await t.app.inject({
      url: '/account/password?changed=1&tokensRevoked=<b>9</b>',
      headers: { cookie: cookies },
    });
    assert.doesNotMatch(forged.body, /API tokens have been revoked|<b>/);
  });

  test('an operator setting the password revokes the tokens too, audited as theirs', async () => {
    const person = await newPerson(t);
    const bearer = await token(t, person.id, 'Dashboard feed');
    const result = await setPassword(t.database, person.email, 'a lighthouse keeper at dawn', t.clock());
    assert.deepEqual(result, { apiTokensRevoked: 1 });
    const [row] = await tokenRows(t, person.id);
    assert.equal(row?.revoked_at?.toISOString(), '2026-03-02T09:00:00.000Z');
    const [event] = await auditEvents(t, 'api-token.revoked', row?.id);
    assert.equal(event?.user_id, null);
    assert.deepEqual(event?.detail, { reason: 'password set by an operator', ownerId: person.id });
    assert.equal((await me(t.app, bearer)).statusCode, 401);
  });

  test("another app process that had checked the token stops taking it within its cache's 30 seconds", async () => {
    // Two app processes behind one load balancer: one database, each with its own memory.
    const other = await buildApp({
      config: loadConfig({ SEED_DEMO: 'false' }),
      database: t.database,
      clock: t.clock,
    });
    try {
      const person = await newPerson(t);
      const bearer = await token(t, person.id, 'Nightly export');
      const elsewhere = await signInCookies(other, person.email);
      const here = await signInCookies(t.app, person.email);
      // The other process checks both at 09:00:00 and may go on taking them until 09:00:30.
      assert.equal((await me(other, bearer)).statusCode, 200);
      assert.equal(
        (await other.inject({ url: '/account/password', headers: { cookie: elsewhere } })).statusCode,
        200,
      );

      const res = await changePassword(t.app, here, {
        currentPassword: password,
        newPassword: 'a lighthouse keeper at dawn',
      });
      assert.equal(res.statusCode, 303);
      // This process forgets at once.
      assert.equal((await me(t.app, bearer)).statusCode, 401);
      // The other still has them in mind at 09:00:15...
      t.clock.advance(0.25);
      assert.equal((await me(other, bearer)).statusCode, 200);
      // ...and reads the database again at 09:00:30, 30 seconds after it checked them.
      t.clock.advance(0.25);
      const refused = await me(other, bearer);
      assert.equal(refused.statusCode, 401);
      assert.match(refused.json().detail, /revoked/);
      const signedOut = await other.inject({ url: '/account/password', headers: { cookie: elsewhere } });
      assert.equal(signedOut.statusCode, 302);

      // An operator's reset, from the command in a process of its own, reaches the app the same way.
      const second = await token(t, person.id, 'Second token');
      assert.equal((await me(other, second)).statusCode, 200);
      await setPassword(t.database, person.email, 'a quieter harbour at noon', t.clock());
      t.clock.advance(0.5);
      assert.equal((await me(other, second)).statusCode, 401);
    } finally {
      await other.close();
    }
  });

  test("a common password, or one made of the person's own name or address, is refused with what to do instead", async () => {
    const person = await newPerson(t, 'Rowan Fielding');
    const cookies = await signInCookies(t.app, person.email);
    const common = await changePassword(t.app, cookies, {
      currentPassword: password,
      newPassword: 'Password12345',
    });
    assert.equal(common.statusCode, 400);
    assert.match(
      common.body,
      /href="#newPassword">Choose a password that is harder to guess: avoid common passwords, words with numbers or a year added, and keyboard patterns\. Three or more random words make a good one/,
    );
    const named = await changePassword(t.app, cookies, {
      currentPassword: password,
      newPassword: 'Rowan Fielding 2026',
    });
    assert.equal(named.statusCode, 400);
    assert.match(
      named.body,
      /href="#newPassword">Choose a password that is harder to guess: do not use your name or email address as your password/,
    );
    assert.equal((await me(t.app, await token(t, person.id, 'Kept'))).statusCode, 200);
  });
});

describe('the current password on the change form is guarded like sign-in', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('five wrong current passwords lock the account for the window, at sign-in too, each failure audited', async () => {
    const person = await newPerson(t);
    const cookies = await signInCookies(t.app, person.email);
    for (let i = 0; i < 5; i++) {
      const wrong = await changePassword(
        t.app,
        cookies,
        { currentPassword: `wrong guess ${i}`, newPassword: 'a lighthouse keeper at dawn' },
        `10.6.0.${i}`,
      );
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /Your current password is not correct/);
    }
    const locked = await changePassword(t.app, cookies, {
      currentPassword: password,
      newPassword: 'a lighthouse keeper at dawn',
    });
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.headers['retry-after'], String(15 * 60));
    assert.match(
      locked.body,
      /href="#currentPassword">Too many failed attempts to sign in or change your password\. Wait 15 minutes and try again/,
    );
    const form = await t.app.inject({ url: '/sign-in' });
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: {
        cookie: `opensend_csrf=${form.cookies.find((c) => c.name === 'opensend_csrf')?.value}`,
        accept: 'text/html',
      },
      payload: { _csrf: csrfFrom(form.body), email: person.email, password },
    });
    assert.equal(signIn.statusCode, 429);

    const failures = await auditEvents(t, 'password.change-failed', person.id);
    assert.deepEqual(
      failures.map((e) => [e.user_id, e.ip, e.detail]),
      [0, 1, 2, 3, 4].map((i) => [person.id, `10.6.0.${i}`, { reason: 'wrong current password' }]),
    );
    const admin = await signInCookies(t.app, t.la.users.admin.email);
    const audit = await t.app.inject({ url: `/admin/audit?userId=${person.id}`, headers: { cookie: admin } });
    assert.match(audit.body, /Failed to change their password/);

    t.clock.advance(16);
    const ok = await changePassword(t.app, cookies, {
      currentPassword: password,
      newPassword: 'a lighthouse keeper at dawn',
    });
    assert.equal(ok.statusCode, 303);
  });

  test('twenty wrong current passwords at once check only five', async () => {
    const person = await newPerson(t);
    const cookies = await signInCookies(t.app, person.email);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        changePassword(
          t.app,
          cookies,
          { currentPassword: `wrong guess ${i}`, newPassword: 'a lighthouse keeper at dawn' },
          `10.7.0.${i}`,
        ),
      ),
    );
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [
      ...Array(5).fill(400),
      ...Array(15).fill(429),
    ]);
    assert.equal((await auditEvents(t, 'password.change-failed', person.id)).length, 5);
  });

  test('a right current password clears the count, as a right password at sign-in does', async () => {
    const person = await newPerson(t);
    const cookies = await signInCookies(t.app, person.email);
    for (let i = 0; i < 4; i++)
      await changePassword(t.app, cookies, {
        currentPassword: 'wrong',
        newPassword: 'a lighthouse keeper at dawn',
      });
    // The current password is right; the new one is refused (it is the person's name) after the check.
    const named = await changePassword(t.app, cookies, {
      currentPassword: password,
      newPassword: 'Morgan Hale 2026',
    });
    assert.equal(named.statusCode, 400);
    assert.match(named.body, /do not use your name or email address/);
    for (let i = 0; i < 4; i++)
      await changePassword(t.app, cookies, {
        currentPassword: 'wrong',
        newPassword: 'a lighthouse keeper at dawn',
      });
    const ok = await changePassword(t.app, cookies, {
      currentPassword: password,
      newPassword: 'a lighthouse keeper at dawn',
    });
    assert.equal(ok.statusCode, 303);
  });
});

describe('the change form counts against the address as sign-in does', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ SIGN_IN_IP_MAX_FAILURES: '3' });
  });
  after(() => t.close());

  test('an address locked out by failed sign-ins cannot guess a current password either', async () => {
    const person = await newPerson(t);
    const cookies = await signInCookies(t.app, person.email);
    const ip = '10.8.0.1';
    for (let i = 0; i < 3; i++) {
      const form = await t.app.inject({ url: '/sign-in', remoteAddress: ip });
      await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        remoteAddress: ip,
        headers: { cookie: `opensend_csrf=${form.cookies.find((c) => c.name === 'opensend_csrf')?.value}` },
        payload: { _csrf: csrfFrom(form.body), email: `nobody${i}@example.org`, password },
      });
    }
    const locked = await changePassword(
      t.app,
      cookies,
      { currentPassword: password, newPassword: 'a lighthouse keeper at dawn' },
      ip,
    );
    assert.equal(locked.statusCode, 429);
    const elsewhere = await changePassword(
      t.app,
      cookies,
      { currentPassword: password, newPassword: 'a lighthouse keeper at dawn' },
      '10.8.0.2',
    );
    assert.equal(elsewhere.statusCode, 303);
  });
});
