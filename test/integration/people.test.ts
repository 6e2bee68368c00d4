import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import {
  deliverDue,
  queueNotification,
  retryDelaySeconds,
  smtpMailer,
} from '../../src/platform/notifications/index.ts';
import { csrfFrom, signInCookies, startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addParentCarer,
  addSchool,
  apiAs,
  auditEvents,
  tokenFor,
  upnFor,
} from '../support/children.ts';
import { browser } from '../support/providers.ts';
import { bodyOf, startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

/** An invitation page's link, as an administrator without email set up is shown it once. */
const linkIn = (html: string) => /\/invitation\/([A-Za-z0-9_-]{43})/.exec(html)?.[1] ?? '';

async function accept(t: TestApp, token: string, pw: string, confirm = pw) {
  const page = await t.app.inject({ url: `/invitation/${token}` });
  const csrfCookie = page.cookies.find((c) => c.name === 'opensend_csrf')?.value ?? '';
  return t.app.inject({
    method: 'POST',
    url: `/invitation/${token}`,
    headers: {
      cookie: `opensend_csrf=${csrfCookie}`,
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: new URLSearchParams({
      _csrf: csrfFrom(page.body),
      password: pw,
      confirmPassword: confirm,
    }).toString(),
  });
}

describe('people administration', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof browser>>;
  before(async () => {
    t = await startTestApp();
    admin = await browser(t, t.la.users.admin.email);
  });
  after(() => t.close());

  test('an invitation makes the account, queues the message and shows the link once when email is not set up', async () => {
    const res = await admin.post('/admin/users/invite', '/admin/users/invite', {
      name: 'Sam Senco',
      email: 'Sam.Senco@School.example.org',
      roles: ['senco'],
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Email is not set up/);
    const token = linkIn(res.body);
    assert.equal(token.length, 43);
    const rows = await sql<{ status: string; to_email: string; sensitive: boolean; body: string }>`
      SELECT status, to_email, sensitive, body FROM notifications WHERE kind = 'users.invitation'`.execute(
      t.database.db,
    );
    assert.equal(rows.rows.length, 1);
    assert.equal(rows.rows[0]?.to_email, 'sam.senco@school.example.org');
    assert.equal(rows.rows[0]?.sensitive, true);
    assert.ok(rows.rows[0]?.body.includes(token));
    // The outbox page never shows a message holding a one-time link.
    const outbox = await admin.get('/admin/notifications');
    assert.equal(outbox.statusCode, 200);
    assert.ok(!outbox.body.includes(token));
    assert.match(outbox.body, /sam.senco@school.example.org/);

    const list = await admin.get('/admin/users?status=invited');
    assert.match(list.body, /Sam Senco/);
    assert.match(list.body, /Invited/);
    const [event] = await auditEvents(t, t.la.code, 'user.invited');
    assert.deepEqual((event?.detail as { after: unknown } | undefined)?.after, {
      name: 'Sam Senco',
      email: 'sam.senco@school.example.org',
      roles: ['senco'],
      status: 'invited',
    });

    // The invited person chooses a password and is signed in; the link then works no more.
    const weak = await accept(t, token, 'short');
    assert.equal(weak.statusCode, 400);
    assert.match(weak.body, /Password must be 12 characters or more/);
    const mismatch = await accept(t, token, 'a long enough password', 'something else entirely');
    assert.match(mismatch.body, /Passwords do not match/);
    const ok = await accept(t, token, 'grey fox under the pier');
    assert.equal(ok.statusCode, 303);
    assert.ok(ok.cookies.find((c) => c.name === 'opensend_session'));
    const again = await t.app.inject({ url: `/invitation/${token}` });
    assert.equal(again.statusCode, 410);
    assert.match(again.body, /already been used/);
    await signInCookies(t.app, 'sam.senco@school.example.org', 'grey fox under the pier');
    const signedIn = await admin.get('/admin/users?q=sam');
    assert.match(signedIn.body, /Active/);
  });

  test('a link runs out after 72 hours, and a new invitation replaces it', async () => {
    const res = await admin.post('/admin/users/invite', '/admin/users/invite', {
      name: 'Late Larkin',
      email: 'late@example.org',
      roles: ['adviser'],
    });
    const token = linkIn(res.body);
    const id = (
      await sql<{ id: string }>`SELECT id FROM users WHERE email = 'late@example.org'`.execute(t.database.db)
    ).rows[0]?.id;
    // Made at 09:00 on 2 March (the test clock); 72 hours later is 09:00 on 5 March, when it has run out.
    t.clock.advance(72 * 60);
    // The administrator's own session has run out too by then.
    admin = await browser(t, t.la.users.admin.email);
    const expired = await t.app.inject({ url: `/invitation/${token}` });
    assert.equal(expired.statusCode, 410);
    // A message name that is a property every object inherits is no message, not a 500.
    assert.equal((await admin.get(`/admin/users/${id}?done=__proto__`)).statusCode, 200);
    const page = await admin.get(`/admin/users/${id}`);
    assert.match(page.body, /Their invitation has run out/);
    const resent = await admin.post(`/admin/users/${id}`, `/admin/users/${id}/invitation`, {});
    const fresh = linkIn(resent.body);
    assert.notEqual(fresh, token);
    assert.equal((await t.app.inject({ url: `/invitation/${fresh}` })).statusCode, 200);
    assert.equal((await t.app.inject({ url: `/invitation/${token}` })).statusCode, 410);
    assert.equal((await t.app.inject({ url: '/invitation/not-a-link' })).statusCode, 404);
  });

  test('bad invitations name the field', async () => {
    const res = await admin.post('/admin/users/invite', '/admin/users/invite', {
      name: '',
      email: 'not an email',
      roles: ['wizard'],
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Enter their full name/);
    assert.match(res.body, /Enter an email address in the correct format/);
    assert.match(res.body, /Each role must be one of/);
    const taken = await admin.post('/admin/users/invite', '/admin/users/invite', {
      name: 'Another',
      email: t.otherLa.users.admin.email,
      roles: ['adviser'],
    });
    assert.match(taken.body, /already has an OpenSEND account in another LA/);
  });

  test('roles change with the before and after audited; nobody removes the last administrator', async () => {
    const id = t.la.users.coordinator.id;
    const form = await admin.get(`/admin/users/${id}/roles`);
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? '';
    const res = await admin.post(`/admin/users/${id}/roles`, `/admin/users/${id}/roles`, {
      roles: ['ehc_coordinator', 'send_team_manager'],
      version,
    });
    assert.equal(res.statusCode, 303);
    const events = await auditEvents(t, t.la.code, 'user.roles.changed');
    assert.deepEqual(events.at(-1)?.detail, {
      before: { roles: ['ehc_coordinator'] },
      after: { roles: ['ehc_coordinator', 'send_team_manager'] },
    });
    // A stale version is refused, naming what changed.
    const stale = await admin.post(`/admin/users/${id}/roles`, `/admin/users/${id}/roles`, {
      roles: ['ehc_coordinator'],
      version,
    });
    assert.equal(stale.statusCode, 409);
    const self = t.la.users.admin.id;
    const selfForm = await admin.get(`/admin/users/${self}/roles`);
    const refused = await admin.post(`/admin/users/${self}/roles`, `/admin/users/${self}/roles`, {
      roles: ['ehc_coordinator'],
      version: /name="version" value="(\d+)"/.exec(selfForm.body)?.[1] ?? '',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /You cannot take the administrator role from yourself/);
  });

  test('deactivating ends sessions and revokes tokens at once; reactivating lets them sign in again', async () => {
    const user = t.la.users.parent;
    const cookie = await signInCookies(t.app, user.email);
    const token = await tokenFor(t, t.la.code, t.la.users.coordinator.id);
    const api = apiAs(t, token);
    assert.equal((await api.get('/api/v1/children')).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/', headers: { cookie } })).statusCode, 200);

    const coordinator = t.la.users.coordinator.id;
    const res = await admin.post(
      `/admin/users/${coordinator}/deactivate`,
      `/admin/users/${coordinator}/deactivate`,
      {},
    );
    assert.equal(res.statusCode, 303);
    assert.equal((await api.get('/api/v1/children')).statusCode, 401);
    const [event] = await auditEvents(t, t.la.code, 'user.deactivated');
    const d = event?.detail as {
      before: { status: string };
      after: { status: string };
      tokensRevoked: number;
    };
    assert.equal(d.before.status, 'active');
    assert.equal(d.after.status, 'deactivated');
    assert.equal(d.tokensRevoked, 1);
    await assert.rejects(signInCookies(t.app, t.la.users.coordinator.email));

    await admin.post(`/admin/users/${coordinator}/reactivate`, `/admin/users/${coordinator}/reactivate`, {});
    await signInCookies(t.app, t.la.users.coordinator.email);
    // The revoked token stays revoked.
    assert.equal((await api.get('/api/v1/children')).statusCode, 401);
    // An administrator cannot deactivate themselves.
    const self = await admin.post(
      `/admin/users/${t.la.users.admin.id}/deactivate`,
      `/admin/users/${t.la.users.admin.id}/deactivate`,
      {},
    );
    assert.equal(self.statusCode, 400);
    assert.match(self.body, /You cannot deactivate yourself/);
  });

  test('a SENCo is linked to a school and a parent to a child, and then sees them', async () => {
    const schoolId = await addSchool(t, t.la.code, 'Mill Lane Primary', 121_234);
    const senco = await apiAs(t, await tokenFor(t, t.la.code, t.la.users.admin.id)).post('/api/v1/users', {
      name: 'Jo Staff',
      email: 'jo.staff@example.org',
      roles: ['senco'],
    });
    assert.equal(senco.statusCode, 201, senco.body);
    const sencoId = senco.json().id as string;
    const linked = await admin.post(
      `/admin/users/${sencoId}/schools/new`,
      `/admin/users/${sencoId}/schools`,
      {
        urn: '121234',
        role: 'senco',
      },
    );
    assert.equal(linked.statusCode, 303);
    const page = await admin.get(`/admin/users/${sencoId}`);
    assert.match(page.body, /SENCo at <a class="govuk-link" href="\/schools\/[^"]+">Mill Lane Primary/);
    const wrongRole = await admin.post(
      `/admin/users/${sencoId}/schools/new`,
      `/admin/users/${sencoId}/schools`,
      {
        urn: '121234',
        role: 'headteacher',
      },
    );
    assert.match(wrongRole.body, /Give Jo Staff the Head teacher role first/);
    const noSchool = await admin.post(
      `/admin/users/${sencoId}/schools/new`,
      `/admin/users/${sencoId}/schools`,
      {
        urn: '999999',
        role: 'senco',
      },
    );
    assert.match(noSchool.body, /There is no school with URN 999999 in your LA/);
    assert.ok(schoolId);

    const childId = await addChild(t, t.la.code, {
      forename: 'Nell',
      surname: 'Norris',
      upn: upnFor(t.la.code, 77),
    });
    const personId = await addParentCarer(t, t.la.code, childId, { forename: 'Kim', surname: 'Norris' });
    const parent = t.la.users.parent.id;
    const find = await admin.get(`/admin/users/${parent}/children/new?upn=${upnFor(t.la.code, 77)}`);
    assert.match(find.body, /Nell Norris/);
    assert.match(find.body, /Kim Norris \(parent\)/);
    const link = await admin.post(
      `/admin/users/${parent}/children/new?upn=${upnFor(t.la.code, 77)}`,
      `/admin/users/${parent}/children`,
      { childId, person: personId, upn: upnFor(t.la.code, 77) },
    );
    assert.equal(link.statusCode, 303);
    const parentView = await browser(t, t.la.users.parent.email);
    assert.equal((await parentView.get(`/children/${childId}`)).statusCode, 200);
    const [event] = await auditEvents(t, t.la.code, 'user.child.linked');
    assert.equal(event?.child_id, childId);
    assert.deepEqual((event?.detail as { after: string[] } | undefined)?.after, [childId]);

    await admin.post(`/admin/users/${parent}`, `/admin/users/${parent}/children/${childId}/remove`, {});
    assert.equal((await parentView.get(`/children/${childId}`)).statusCode, 404);
  });

  test('the API lists, reads and changes users, refusing bad input with problem+json', async () => {
    const api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.admin.id));
    const list = await api.get('/api/v1/users?role=administrator');
    assert.equal(list.statusCode, 200);
    assert.ok(list.json().items.every((u: { roles: string[] }) => u.roles.includes('administrator')));
    const bad = await api.get('/api/v1/users?status=asleep');
    assert.equal(bad.statusCode, 400);
    const one = await api.get(`/api/v1/users/${t.la.users.parent.id}`);
    assert.equal(one.statusCode, 200);
    const patched = await api.patch(`/api/v1/users/${t.la.users.parent.id}`, {
      version: one.json().version,
      roles: ['parent_carer', 'young_person'],
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual(patched.json().roles, ['parent_carer', 'young_person']);
    const stale = await api.patch(`/api/v1/users/${t.la.users.parent.id}`, {
      version: one.json().version,
      active: false,
    });
    assert.equal(stale.statusCode, 409);
    const empty = await api.patch(`/api/v1/users/${t.la.users.parent.id}`, { version: 1 });
    assert.equal(empty.statusCode, 400);
    // Another LA's user is not found, whoever asks.
    assert.equal((await api.get(`/api/v1/users/${t.otherLa.users.parent.id}`)).statusCode, 404);
    // Only administrators manage people.
    const coordinatorApi = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
    assert.equal((await coordinatorApi.get('/api/v1/users')).statusCode, 403);
  });
});

describe('the notifications outbox', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  before(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_FROM: 'Norfolk SEND <send@norfolk.example.org>' });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('an invitation reaches a real mail server, and its link signs the person in', async () => {
    const admin = await browser(t, t.la.users.admin.email);
    const res = await admin.post('/admin/users/invite', '/admin/users/invite', {
      name: 'Mo Mailed',
      email: 'mo@example.org',
      roles: ['finance_approver'],
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /We have emailed a link to mo@example.org/);
    assert.equal(linkIn(res.body), '', 'with email set up the link is never shown');
    const [mail] = await smtp.waitFor(1);
    assert.ok(mail);
    assert.deepEqual(mail.to, ['mo@example.org']);
    assert.equal(mail.from, 'send@norfolk.example.org');
    const token = linkIn(bodyOf(mail));
    assert.equal(token.length, 43);
    assert.equal((await accept(t, token, 'seven brown owls at noon')).statusCode, 303);
    // Once sent, the link is removed from the stored message.
    const stored = await sql<{ status: string; body: string }>`
      SELECT status, body FROM notifications WHERE to_email = 'mo@example.org'`.execute(t.database.db);
    assert.equal(stored.rows[0]?.status, 'sent');
    assert.ok(!stored.rows[0]?.body.includes(token));
  });

  test('a mail server that says "try later" delays a message; one that refuses it leaves it for a person', async () => {
    const queue = (to: string) =>
      inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
        queueNotification(tx, {
          laCode: t.la.code,
          kind: 'test.message',
          toEmail: to,
          subject: 'A test',
          body: 'Hello',
          createdBy: null,
        }),
      );
    await t.app.close(); // no background deliverer: this test decides when delivery runs
    const mailer = smtpMailer(smtp.url);
    const from = 'test@example.org';
    const before = smtp.received.length;
    const id = await queue('later@example.org');
    smtp.refuseNext(1, 451);
    const start = new Date(Date.now() + 1000);
    const first = await deliverDue(t.database, mailer, { from, now: start });
    assert.deepEqual(first, { sent: 0, retrying: 1, failed: 0 });
    // The first retry waits 30 seconds: nothing is due 29 seconds on, and it goes at 30.
    assert.deepEqual(
      await deliverDue(t.database, mailer, { from, now: new Date(start.getTime() + 29_000) }),
      {
        sent: 0,
        retrying: 0,
        failed: 0,
      },
    );
    assert.deepEqual(
      await deliverDue(t.database, mailer, { from, now: new Date(start.getTime() + 30_000) }),
      {
        sent: 1,
        retrying: 0,
        failed: 0,
      },
    );
    assert.equal(smtp.received.length, before + 1);
    const row = await sql<{
      status: string;
      attempts: number;
    }>`SELECT status, attempts FROM notifications WHERE id = ${id}`.execute(t.database.db);
    assert.deepEqual(row.rows[0], { status: 'sent', attempts: 2 });

    await queue('nobody@example.org');
    smtp.refuseNext(1, 550);
    const refused = await deliverDue(t.database, mailer, { from, now: new Date(Date.now() + 1000) });
    assert.deepEqual(refused, { sent: 0, retrying: 0, failed: 1 });
    mailer.close?.();
  });

  test('the wait between tries doubles from 30 seconds to at most an hour', () => {
    // 30 s, then 60, 120, 240, 480, 960, 1920; 30 × 2^7 = 3840 is over an hour, so 3600.
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 12].map(retryDelaySeconds),
      [30, 60, 120, 240, 480, 960, 1920, 3600, 3600],
    );
  });
});
