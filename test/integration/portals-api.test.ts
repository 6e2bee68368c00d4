import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addChild, addSchool, addStaff, addUser, apiAs, tokenFor } from '../support/children.ts';

/** The portals through the API: a school's system sends a request whole, the LA's triages it. */

describe('the portals API', () => {
  let t: TestApp;
  let school: ReturnType<typeof apiAs>;
  let la: ReturnType<typeof apiAs>;
  let upn: string;
  const count = async () =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM portal_requests`.execute(t.database.db)).rows[0]
      ?.n;

  before(async () => {
    t = await startTestApp();
    const senco = await addUser(t, t.la.code, 'senco', ['senco']);
    const riverside = await addSchool(t, t.la.code, 'Riverside Primary');
    await addStaff(t, t.la.code, senco.id, riverside);
    const child = await addChild(t, t.la.code, {
      forename: 'Eli',
      surname: 'Frost',
      establishmentId: riverside,
    });
    upn =
      (await sql<{ upn: string }>`SELECT upn FROM children WHERE id = ${child}`.execute(t.database.db))
        .rows[0]?.upn ?? '';
    school = apiAs(t, await tokenFor(t, t.la.code, senco.id));
    la = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
  });
  after(() => t.close());

  const whole = { kind: 'help', needs: 'Eli finds maths hard.', views: 'Eli wants to enjoy school.' };

  it('refuses a request with no family agreement, leaving nothing behind', async () => {
    const before = await count();
    const r = await school.post('/api/v1/portal/requests', { ...whole, upn });
    assert.equal(r.statusCode, 422);
    assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(r.body, /Record the family’s agreement to this request/);
    assert.equal(await count(), before, 'the draft the API began is not left half-written');
    const bad = await school.post('/api/v1/portal/requests', { ...whole, kind: 'everything', upn });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /"field":"kind"/);
    const both = await school.post('/api/v1/portal/requests', {
      ...whole,
      upn,
      childId: '6b1d2c8e-9a0f-4e43-8a53-1f6f3c1b2a10',
    });
    assert.equal(both.statusCode, 400);
  });

  it('takes a school’s whole request, and the LA triages it through the API', async () => {
    const sent = await school.post('/api/v1/portal/requests', {
      ...whole,
      upn,
      consent: { by: 'Mr Frost', on: '2026-02-27' },
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const body = sent.json() as {
      id: string;
      reference: string;
      receivedOn: string;
      decideBy: string | null;
    };
    assert.match(body.reference, /^R[0-9A-HJ-NP-Z]{7}$/);
    assert.equal(body.receivedOn, '2026-03-02');
    assert.equal(body.decideBy, null, 'a request for help has no statutory date');

    const queue = (await la.get('/api/v1/portal/triage')).json() as {
      waiting: { id: string; status: string }[];
    };
    assert.deepEqual(
      queue.waiting.map((w) => [w.id, w.status]),
      [[body.id, 'triage']],
    );
    const decided = await la.post(`/api/v1/portal/triage/${body.id}`, {
      outcome: 'sen-support',
      reasons: 'The school’s SEN Support can meet this with the cluster’s help.',
    });
    assert.equal(decided.statusCode, 200, decided.body);
    assert.equal((decided.json() as { outcome: string }).outcome, 'sen-support');
    const again = await la.post(`/api/v1/portal/triage/${body.id}`, {
      outcome: 'sen-support',
      reasons: 'Twice.',
    });
    assert.equal(again.statusCode, 409);

    const other = apiAs(
      t,
      await tokenFor(t, t.la.code, (await addUser(t, t.la.code, 'other-senco', ['senco'])).id),
    );
    assert.equal((await other.get(`/api/v1/portal/requests/${body.id}`)).statusCode, 404);
    assert.equal((await school.get(`/api/v1/portal/requests/${body.id}`)).statusCode, 200);
  });
});
