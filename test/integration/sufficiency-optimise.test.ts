import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addPerson, browser, callApi, tokenFor, waitForJob } from '../support/providers.ts';

/**
 * Two waiting children and two special schools with one free ASD place each, all due north or
 * south of one another at 1° E, so each distance is 6,371.0088 km times the difference in latitude
 * in radians. Road km is 1.4 times that to 10 km, then 14 km plus 1.3 times the rest; minutes are
 * 5 plus road km at 45 km an hour.
 *
 *   Xeno school 52.00° N, Yew school 52.10° N; Ava (waiting since 1 September) 52.04° N; Ben
 *   (waiting since 1 October) 51.96° N.
 *   Ava→Xeno 0.04°: 4.447743 km, road 6.226840, 13.302453 min; Ava→Yew 0.06°: 6.671615 km, road
 *   9.340261, 17.453681 min; Ben→Xeno 0.04°: 13.302453 min; Ben→Yew 0.14°: 15.567101 km, road
 *   14 + 1.3 × 5.567101 = 21.237231, 33.316308 min.
 *
 * First come first served, Ava takes her nearest, Xeno, and Ben is left Yew: 13.302453 + 33.316308
 * = 46.618761 minutes. The optimum sends Ava to Yew and Ben to Xeno: 17.453681 + 13.302453 =
 * 30.756134 minutes, 15.862627 less.
 */
describe('proposing places for the children waiting', () => {
  let t: TestApp;
  let manager: { id: string; email: string };
  let token: string;
  let xeno: string;
  let yew: string;
  let ava: string;
  let ben: string;

  const school = async (name: string, latitude: number) => {
    const r = await sql<{ id: string }>`
      INSERT INTO establishments (la_code, name, name_search, setting_kind, is_special, latitude, longitude)
      VALUES (${t.la.code}, ${name}, ${name.toLowerCase()}, 'school', true, ${latitude}, 1) RETURNING id`.execute(
      t.database.db,
    );
    const id = r.rows[0]?.id ?? '';
    await sql`INSERT INTO designated_places (la_code, establishment_id, provision, sen_type, phase, low_age, high_age, places, starts_on)
      VALUES (${t.la.code}, ${id}, 'special_school', 'ASD', 'primary', 4, 11, 1, '2020-09-01')`.execute(
      t.database.db,
    );
    return id;
  };
  const waiting = async (name: string, latitude: number, since: string) => {
    const r = await sql<{ id: string }>`
      INSERT INTO children (la_code, forename, surname, name_search, date_of_birth, sex, home_latitude, home_longitude)
      VALUES (${t.la.code}, ${name}, 'Test', ${`${name.toLowerCase()} test`}, '2018-01-15', 'U', ${latitude}, 1)
      RETURNING id`.execute(t.database.db);
    const id = r.rows[0]?.id ?? '';
    await sql`INSERT INTO child_sen_needs (la_code, child_id, rank, sen_type) VALUES (${t.la.code}, ${id}, 1, 'ASD')`.execute(
      t.database.db,
    );
    await sql`INSERT INTO place_waits (la_code, child_id, provision, sen_type, phase, waiting_since, needed_from)
      VALUES (${t.la.code}, ${id}, 'special_school', 'ASD', 'primary', ${since}, '2026-04-20')`.execute(
      t.database.db,
    );
    return id;
  };

  before(async () => {
    t = await startTestApp();
    manager = await addPerson(t, t.la.code, 'manager', ['send_team_manager']);
    token = await tokenFor(t, manager, t.la.code);
    xeno = await school('Xeno School', 52.0);
    yew = await school('Yew School', 52.1);
    ava = await waiting('Ava', 52.04, '2025-09-01');
    ben = await waiting('Ben', 51.96, '2025-10-01');
  });
  after(() => t.close());

  test('with no body it places the children waiting, proven optimal, beside the baseline', async () => {
    const started = await callApi(t, token, 'POST', '/api/v1/sufficiency/optimise');
    assert.equal(started.statusCode, 202, started.body);
    const { id } = started.json();
    const job = await waitForJob(t, t.la.code, id);
    assert.equal(job.status, 'succeeded', JSON.stringify(job));
    const res = await callApi(t, token, 'GET', `/api/v1/sufficiency/optimise/${id}`);
    const r = res.json();
    assert.equal(r.status, 'succeeded');
    assert.equal(r.provenOptimal, true);
    assert.deepEqual([r.optimal.placed, r.optimal.unplaced, r.baseline.placed], [2, 0, 2]);
    assert.ok(Math.abs(r.optimal.totalTravelMinutes - 30.8) < 0.051, String(r.optimal.totalTravelMinutes));
    assert.ok(Math.abs(r.baseline.totalTravelMinutes - 46.6) < 0.051, String(r.baseline.totalTravelMinutes));
    const place = new Map(
      r.proposal.map((p: { childId: string; proposedSettingId: string }) => [p.childId, p.proposedSettingId]),
    );
    assert.equal(place.get(ava), yew);
    assert.equal(place.get(ben), xeno);
    // Both place both children, so like for like is the totals: 30.756134 and 46.618761 minutes.
    assert.deepEqual(r.bothPlaced, {
      children: 2,
      proposedMinutes: 30.8,
      baselineMinutes: 46.6,
      onlyProposed: 0,
      onlyBaseline: 0,
    });
    const read = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events
      WHERE action = 'sufficiency.optimise.read' AND child_ids && ARRAY[${ava}]::uuid[]`.execute(
      t.database.db,
    );
    assert.equal(read.rows[0]?.n, 1);
  });

  test('more children than places: the run says how many stay unplaced, and does not fail', async () => {
    await waiting('Cal', 52.05, '2025-11-01');
    const { id } = (await callApi(t, token, 'POST', '/api/v1/sufficiency/optimise')).json();
    assert.equal((await waitForJob(t, t.la.code, id)).status, 'succeeded');
    const r = (await callApi(t, token, 'GET', `/api/v1/sufficiency/optimise/${id}`)).json();
    assert.deepEqual([r.optimal.placed, r.optimal.unplaced], [2, 1]);
  });

  test('a fixed placement for a child not waiting is refused naming it; an unknown run is 404', async () => {
    const res = await callApi(t, token, 'POST', '/api/v1/sufficiency/optimise', {
      fixed: [{ childId: '00000000-0000-4000-8000-000000000001', establishmentId: xeno }],
    });
    assert.equal(res.statusCode, 422);
    assert.equal(
      res.json().errors[0].message,
      'This child is not on the waiting list: only waiting children are placed',
    );
    const missing = await callApi(
      t,
      token,
      'GET',
      '/api/v1/sufficiency/optimise/00000000-0000-4000-8000-000000000002',
    );
    assert.equal(missing.statusCode, 404);
  });

  test('the page starts a run and shows the proposal, which downloads', async () => {
    const page = await browser(t, manager.email);
    const started = await page.post('/sufficiency/optimise', '/sufficiency/optimise', {});
    assert.equal(started.statusCode, 303);
    const id = String(started.headers.location).split('/').pop() ?? '';
    await waitForJob(t, t.la.code, id);
    const shown = await page.get(`/sufficiency/optimise/${id}`);
    assert.match(shown.body, /is proven the least total travel there can be/);
    assert.match(shown.body, /Ava Test/);
    // With Cal waiting too (52.05° N: 15.378068 minutes to either school), the baseline places Ava
    // and Ben; the optimum places Cal and one of them, 13.302453 + 15.378068 = 28.680521 minutes
    // either way: the two have one child in common. Both place two, so the saving is on the totals
    // as shown, to a tenth: 46.6 − 28.7 = 17.9 minutes, 18 to the minute, 17.9 ÷ 46.6 = 38.4%.
    assert.match(shown.body, /Total journey of children both place, 1 child \(minutes\)/);
    assert.match(shown.body, /the children travel 18 minutes less in all \(38\.4%\)/);
    // Cal began waiting on 1 November, after Ava (1 September) and Ben (1 October): one of them,
    // whom first come first served places, is passed over for him.
    assert.match(
      shown.body,
      /The proposal leaves 1 child without a place whom first come, first served would place/,
    );
    assert.match(shown.body, /Change \(minutes\)/);
    const csv = await page.get(`/sufficiency/optimise/${id}?format=csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /Ava Test,[0-9a-f-]{36},ASD,/);
  });
});
