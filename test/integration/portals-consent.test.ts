import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { linkUserAsYoungPerson } from '../../src/modules/children/index.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { csrfFrom, startTestApp, type TestApp } from '../support/app.ts';
import { addChild, addParentCarer, addUser, apiAs, tokenFor, unescapeHtml } from '../support/children.ts';
import { openEhcRequest } from '../support/ehc.ts';
import { browserFor } from '../support/portals.ts';

/**
 * A parent's access to a young person's record past compulsory school age follows the young
 * person's consent, or the record that they lack capacity. The clock stands at 2 March 2026.
 *
 * Sam, born 10 March 2009, turned 16 on 10 March 2025, in the school year ending in 2025, whose
 * last Friday in June is 27 June 2025 (30 June 2025 is a Monday): compulsory school age ended then,
 * so on 2 March 2026 Sam decides. Kit, born 1 September 2011, is 14.
 */

describe('a young person’s consent to their parent following their record', () => {
  let t: TestApp;
  let parent: { id: string; email: string };
  let youngPerson: { id: string; email: string };
  let sam: string;
  let parentPerson: string;
  let samRequest: string;
  let kitRequest: string;
  let kitChild: string;

  before(async () => {
    t = await startTestApp();
    parent = await addUser(t, t.la.code, 'jo-parent', ['parent_carer']);
    youngPerson = await addUser(t, t.la.code, 'sam', ['young_person']);
    sam = await addChild(t, t.la.code, { forename: 'Sam', surname: 'Reed', dateOfBirth: '2009-03-10' });
    const kit = await addChild(t, t.la.code, { forename: 'Kit', surname: 'Reed', dateOfBirth: '2011-09-01' });
    kitChild = kit;
    parentPerson = await addParentCarer(t, t.la.code, sam, {
      forename: 'Jo',
      surname: 'Reed',
      userId: parent.id,
    });
    await sql`INSERT INTO child_relationships (la_code, child_id, person_id, relationship) VALUES (${t.la.code}, ${kit}, ${parentPerson}, 'parent')`.execute(
      t.database.db,
    );
    await t.database.db
      .transaction()
      .execute((tx) => linkUserAsYoungPerson(tx, t.la.code, { userId: youngPerson.id, childId: sam }));
    const api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
    samRequest = await openEhcRequest(api, sam, '2026-02-02');
    kitRequest = await openEhcRequest(api, kit, '2026-02-09');
  });
  after(() => t.close());

  it('shows the parent their younger child, and tells them the young person now decides', async () => {
    const p = await browserFor(t, parent.email);
    assert.equal((await p.get(`/portal/ehc/${kitRequest}`)).statusCode, 200);
    assert.equal((await p.get(`/portal/ehc/${samRequest}`)).statusCode, 404);
    const home = unescapeHtml((await p.get('/')).body);
    assert.match(home, /Sam Reed is now old enough to decide who follows their requests and plan/);
    assert.doesNotMatch((await p.get('/request/new')).body, /Sam Reed/);
  });

  it('lets the parent follow once the young person says so, and not after they stop it', async () => {
    const y = await browserFor(t, youngPerson.email);
    assert.equal(
      (await y.get(`/portal/ehc/${samRequest}`)).statusCode,
      200,
      'a young person follows their own record',
    );
    const page = unescapeHtml((await y.get('/family/sharing')).body);
    assert.match(page, /You are over compulsory school age, so you decide/);
    assert.equal((await y.post(`/family/sharing/${parentPerson}`, { allowed: 'yes' })).statusCode, 303);
    const p = await browserFor(t, parent.email);
    assert.equal((await p.get(`/portal/ehc/${samRequest}`)).statusCode, 200);
    assert.equal((await y.post(`/family/sharing/${parentPerson}`, { allowed: 'no' })).statusCode, 303);
    assert.equal((await p.get(`/portal/ehc/${samRequest}`)).statusCode, 404);
    // Nobody else's parent can be named on the young person's page.
    assert.equal(
      (await y.post('/family/sharing/6b1d2c8e-9a0f-4e43-8a53-1f6f3c1b2a10', { allowed: 'yes' })).statusCode,
      404,
    );
  });

  it('keeps the young person’s say in the database too: a parent reads their portal rows only with consent', async () => {
    // One family message about each child, written as the service would.
    for (const [child, request] of [
      [sam, samRequest],
      [kitChild, kitRequest],
    ])
      await sql`INSERT INTO portal_messages (la_code, child_id, ehc_request_id, party, author_id, from_la, body)
        VALUES (${t.la.code}, ${child}, ${request}, 'family', ${parent.id}, false, 'A question')`.execute(
        t.database.db,
      );
    const seen = (userId: string, today: string) =>
      inTenant(t.database.app.db, { laCode: t.la.code, userId, today }, async (tx) =>
        (
          await sql<{ childId: string }>`SELECT child_id AS "childId" FROM portal_messages`.execute(tx)
        ).rows.map((r) => (r.childId === sam ? 'Sam' : 'Kit')),
      );
    await sql`DELETE FROM portal_parent_access WHERE child_id = ${sam}`.execute(t.database.db);
    assert.deepEqual(await seen(parent.id, '2026-03-02'), ['Kit'], 'past 27 June 2025, Sam decides');
    // Up to the last day of compulsory school age the parent decides: 27 June 2025 is the last Friday in June.
    assert.deepEqual((await seen(parent.id, '2025-06-27')).sort(), ['Kit', 'Sam']);
    assert.deepEqual(await seen(parent.id, '2025-06-28'), ['Kit']);
    assert.deepEqual(await seen(youngPerson.id, '2026-03-02'), ['Sam'], 'the young person reads their own');
    await sql`INSERT INTO portal_parent_access (la_code, child_id, person_id, allowed, decided_by)
      VALUES (${t.la.code}, ${sam}, ${parentPerson}, true, ${youngPerson.id})`.execute(t.database.db);
    assert.deepEqual((await seen(parent.id, '2026-03-02')).sort(), ['Kit', 'Sam'], 'with Sam’s consent');
    await sql`DELETE FROM portal_parent_access WHERE child_id = ${sam}`.execute(t.database.db);
  });

  it('lets the parent follow a young person recorded as lacking capacity', async () => {
    await sql`INSERT INTO child_capacity (la_code, child_id, lacks_capacity, assessed_on, acting_person_id, acting_as)
      VALUES (${t.la.code}, ${sam}, true, '2025-07-01', ${parentPerson}, 'deputy')`.execute(t.database.db);
    const p = await browserFor(t, parent.email);
    assert.equal((await p.get(`/portal/ehc/${samRequest}`)).statusCode, 200);
  });
});

describe('an invited parent lands in their portal', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('accepts the invitation the LA sent, with their child linked, and sees the child’s request on arriving', async () => {
    const admin = apiAs(t, await tokenFor(t, t.la.code, t.la.users.admin.id));
    const child = await addChild(t, t.la.code, { forename: 'Ivy', surname: 'Lane' });
    const person = await addParentCarer(t, t.la.code, child, {
      forename: 'Pat',
      surname: 'Lane',
      email: 'pat.lane@example.org',
    });
    const invited = await admin.post('/api/v1/users', {
      name: 'Pat Lane',
      email: 'pat.lane@example.org',
      roles: ['parent_carer'],
    });
    assert.equal(invited.statusCode, 201, invited.body);
    const userId = (invited.json() as { id: string }).id;
    assert.equal(
      (await admin.post(`/api/v1/users/${userId}/children`, { childId: child, person })).statusCode,
      200,
    );
    await openEhcRequest(
      apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id)),
      child,
      '2026-02-16',
    );

    const mail = await sql<{
      body: string;
    }>`SELECT body FROM notifications WHERE kind = 'users.invitation' AND to_email = 'pat.lane@example.org'`.execute(
      t.database.db,
    );
    const token = /\/invitation\/([A-Za-z0-9_-]+)/.exec(mail.rows[0]?.body ?? '')?.[1] ?? '';
    const page = await t.app.inject({ url: `/invitation/${token}` });
    const csrfCookie = page.cookies.find((c) => c.name === 'opensend_csrf')?.value ?? '';
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/invitation/${token}`,
      headers: {
        cookie: `opensend_csrf=${csrfCookie}`,
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({
        _csrf: csrfFrom(page.body),
        password: 'grey fox under the pier',
        confirmPassword: 'grey fox under the pier',
      }).toString(),
    });
    assert.equal(accepted.statusCode, 303);
    assert.equal(accepted.headers.location, '/');
    const session = accepted.cookies.find((c) => c.name === 'opensend_session')?.value ?? '';
    const home = unescapeHtml(
      (
        await t.app.inject({
          url: '/',
          headers: { cookie: `opensend_session=${session}`, accept: 'text/html' },
        })
      ).body,
    );
    // Received 16 February 2026; the LA must decide whether to assess within 6 weeks (42 days):
    // 16 February + 12 = 28 February, + 30 = 30 March 2026.
    assert.match(home, /Ivy Lane: request received 16 February 2026/);
    assert.match(home, /Deciding whether to assess\. Next date: 30 March 2026\./);
    // The link works once: used, it is refused.
    assert.equal((await t.app.inject({ url: `/invitation/${token}` })).statusCode, 410);
  });
});
