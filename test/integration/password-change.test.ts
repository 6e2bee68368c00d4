import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../../src/platform/auth/service.ts';
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
