import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addPerson, browser, callApi, tokenFor } from '../support/providers.ts';

interface Problem {
  errors?: { field: string; message: string }[];
}

/** The test clock's day is 2 March 2026. */
describe('the waiting list for specialist places', () => {
  let t: TestApp;
  let manager: { id: string; email: string };
  let token: string;
  let childId: string;
  const upn = 'A123456789012';

  const fields = (body: Problem) => Object.fromEntries((body.errors ?? []).map((e) => [e.field, e.message]));
  const wait = (over: Record<string, unknown> = {}) => ({
    upn,
    provision: 'special_school',
    senType: 'ASD',
    phase: 'primary',
    waitingSince: '2025-09-01',
    neededFrom: '2026-01-05',
    ...over,
  });

  before(async () => {
    t = await startTestApp();
    manager = await addPerson(t, t.la.code, 'manager', ['send_team_manager']);
    token = await tokenFor(t, manager, t.la.code);
    const r = await sql<{ id: string }>`
      INSERT INTO children (la_code, upn, forename, surname, name_search, date_of_birth, sex)
      VALUES (${t.la.code}, ${upn}, 'Ava', 'Wren', 'ava wren', '2018-01-15', 'F') RETURNING id`.execute(
      t.database.db,
    );
    childId = r.rows[0]?.id ?? '';
  });
  after(() => t.close());

  test('a child is added, listed with days waiting and late, and the listing is recorded as naming them', async () => {
    const added = await callApi(t, token, 'POST', '/api/v1/sufficiency/waiting', wait());
    assert.equal(added.statusCode, 201, added.body);
    const list = await callApi(t, token, 'GET', '/api/v1/sufficiency/waiting');
    assert.equal(list.statusCode, 200);
    const [w] = list.json().items;
    // 1 September 2025 to 2 March 2026: 30 + 31 + 30 + 31 + 31 + 28 + 1 = 182 days waiting;
    // 5 January to 2 March: 26 + 28 + 2 = 56 days late.
    assert.deepEqual([w.childId, w.name, w.daysWaiting, w.daysLate], [childId, 'Ava Wren', 182, 56]);
    const listed = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events
      WHERE action = 'sufficiency.waiting.listed' AND detail->>'view' = 'api'`.execute(t.database.db);
    assert.equal(listed.rows[0]?.n, 1);
    const page = await browser(t, manager.email);
    const html = await page.get('/sufficiency/waiting');
    assert.match(html.body, /56 days late/);
    const csv = await page.get('/sufficiency/waiting?format=csv');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /Ava Wren,A123456789012,.*,182,56/);
    assert.match(html.body, /1 is past the day the place was needed/);
    const home = await page.get('/sufficiency');
    assert.match(home.body, /1 child waiting for a specialist place is past the day the place was needed/);
  });

  test('bad input is refused naming the field, and a child waits once at a time', async () => {
    const cases: [Record<string, unknown>, Record<string, string>][] = [
      [{ upn: 'nope' }, { upn: 'Enter the child’s UPN as 13 characters, like A123456789012' }],
      [
        { upn: 'B123456789012' },
        { upn: 'No child in your LA has the UPN B123456789012: check it, or add the child first' },
      ],
      [{ senType: 'XYZ' }, { senType: 'Choose the type of need the place is for' }],
      [{ neededFrom: '2026-02-30' }, { neededFrom: 'Needed from must be a real date' }],
      [{ waitingSince: '2026-03-03' }, { waitingSince: 'Waiting since must be today or earlier' }],
      [
        {},
        {
          upn: 'This child has been on the waiting list since 2025-09-01: end that wait before adding another',
        },
      ],
    ];
    for (const [over, expected] of cases) {
      const res = await callApi(t, token, 'POST', '/api/v1/sufficiency/waiting', wait(over));
      assert.ok([400, 422].includes(res.statusCode), `${JSON.stringify(over)} → ${res.statusCode}`);
      const got = fields(res.json());
      for (const [f, m] of Object.entries(expected)) assert.equal(got[f], m, JSON.stringify(over));
    }
  });

  test('the form ends a wait, and an ended wait leaves the list', async () => {
    const page = await browser(t, manager.email);
    const [w] = (await callApi(t, token, 'GET', '/api/v1/sufficiency/waiting')).json().items;
    const bad = await page.post(`/sufficiency/waiting/${w.id}/end`, `/sufficiency/waiting/${w.id}/end`, {
      version: String(w.version),
      'endedOn-day': '30',
      'endedOn-month': '2',
      'endedOn-year': '2026',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(
      bad.body,
      /href="#outcome">Choose whether the child was placed or no longer needs the place/,
    );
    const ended = await page.post(`/sufficiency/waiting/${w.id}/end`, `/sufficiency/waiting/${w.id}/end`, {
      version: String(w.version),
      outcome: 'placed',
      'endedOn-day': '1',
      'endedOn-month': '3',
      'endedOn-year': '2026',
    });
    assert.equal(ended.statusCode, 303, ended.body);
    assert.deepEqual((await callApi(t, token, 'GET', '/api/v1/sufficiency/waiting')).json().items, []);
  });

  test('people who may not see children on it are refused', async () => {
    const planner = await addPerson(t, t.la.code, 'planner', ['programme_manager']);
    const res = await callApi(t, await tokenFor(t, planner, t.la.code), 'GET', '/api/v1/sufficiency/waiting');
    assert.equal(res.statusCode, 403);
  });
});
