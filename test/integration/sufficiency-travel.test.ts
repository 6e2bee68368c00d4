import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { csrfFrom, startTestApp, type TestApp } from '../support/app.ts';
import { addPerson, browser, callApi, multipartBody, tokenFor, waitForJob } from '../support/providers.ts';

/**
 * Journeys worked by hand. The school stands at 52.000° N, 1.000° E; every home is due north of it,
 * so the great-circle distance is the Earth's mean radius (6,371.0088 km) times the difference in
 * latitude in radians. Road km is 1.4 times that up to 10 km, then 14 km plus 1.3 times the rest;
 * minutes are 5 plus road km at 45 km an hour. The test clock's day is 2 March 2026.
 *
 * Ava, 0.045° north: 5.003798 km, road 7.005317 km, 5 + 9.340423 = 14.340 minutes.
 * Ben, 0.45° north: 50.037980 km, road 14 + 1.3 × 40.037980 = 66.049374 km, 5 + 88.065832 =
 *   93.066 minutes: over the 45 minutes allowed to Year 6.
 * Cal has no location on record, but his postcode's centroid is 0.09° north: 10.007596 km, road
 *   14 + 1.3 × 0.007596 = 14.009875 km, 5 + 18.679833 = 23.680 minutes.
 * Dee has no location and a postcode the directory does not hold: listed, not guessed.
 * Average (14.340423 + 93.066 + 23.679833) / 3 = 43.695 minutes; the 90th percentile of three by
 * nearest rank is the third, 93.066.
 */
describe('how far children travel', () => {
  let t: TestApp;
  let manager: { id: string; email: string };
  let token: string;

  const child = async (
    name: string,
    home: [number, number] | null,
    postcode: string | null,
    school: string,
  ) => {
    await sql`INSERT INTO children (la_code, forename, surname, name_search, date_of_birth, sex, home_postcode,
        home_latitude, home_longitude, establishment_id)
      VALUES (${t.la.code}, ${name}, 'Test', ${`${name.toLowerCase()} test`}, '2018-01-15', 'U', ${postcode},
        ${home?.[0] ?? null}, ${home?.[1] ?? null}, ${school})`.execute(t.database.db);
  };

  before(async () => {
    t = await startTestApp();
    manager = await addPerson(t, t.la.code, 'manager', ['send_team_manager']);
    token = await tokenFor(t, manager, t.la.code);
    const r = await sql<{ id: string }>`
      INSERT INTO establishments (la_code, name, name_search, setting_kind, is_special, latitude, longitude, district)
      VALUES (${t.la.code}, 'Marshland Special School', 'marshland special school', 'school', true, 52, 1, 'Breckland')
      RETURNING id`.execute(t.database.db);
    const school = r.rows[0]?.id ?? '';
    await sql`INSERT INTO postcode_centroids (la_code, postcode, latitude, longitude)
      VALUES (${t.la.code}, 'NR12DH', 52.09, 1)`.execute(t.database.db);
    await child('Ava', [52.045, 1], 'NR1 1AA', school);
    await child('Ben', [52.45, 1], 'NR1 1AB', school);
    await child('Cal', null, 'nr1 2dh', school);
    await child('Dee', null, 'NR9 9ZZ', school);
  });
  after(() => t.close());

  test('the API gives the journeys summed up, worked as the design says', async () => {
    const res = await callApi(t, token, 'GET', '/api/v1/sufficiency/travel');
    assert.equal(res.statusCode, 200, res.body);
    const b = res.json();
    assert.equal(b.all.count, 3);
    assert.ok(Math.abs(b.all.meanMinutes - 43.695) < 0.001, String(b.all.meanMinutes));
    assert.ok(Math.abs(b.all.p90Minutes - 93.066) < 0.001, String(b.all.p90Minutes));
    assert.equal(b.all.overLimit, 1);
    assert.equal(b.unlocated, 1);
    assert.equal(b.locatedByPostcode, 1);
    assert.deepEqual(
      b.byDistrict.map((d: { key: string; count: number }) => [d.key, d.count]),
      [['Breckland', 3]],
    );
    assert.deepEqual(
      b.bySettingType.map((d: { key: string; count: number }) => [d.key, d.count]),
      [['special', 3]],
    );
    // Ava, Ben and Cal all live in NR1; Dee, in NR9, has no location and is not counted.
    assert.deepEqual(
      b.byHomeArea.map((d: { key: string; count: number }) => [d.key, d.count]),
      [['NR1', 3]],
    );
  });

  test('the page says who travels over the limit and lists the home without a location', async () => {
    const page = await browser(t, manager.email);
    const res = await page.get('/sufficiency/travel');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /1 child travels longer than the limit for their phase/);
    assert.match(res.body, /43\.7 minutes/);
    assert.match(res.body, />Dee Test<\/a>/);
    assert.match(res.body, /NR9 9ZZ/);
    const listed = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events
      WHERE action = 'sufficiency.travel.unlocated.listed'`.execute(t.database.db);
    assert.equal(listed.rows[0]?.n, 1);
    const csv = await page.get('/sufficiency/travel?table=need&format=csv');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /Primary need,Children,Average minutes/);
    // The map: one district (NR1, its three homes), one flow to the one school, the same in the table.
    assert.match(res.body, /<svg[^>]*aria-labelledby="journeys-map-title/);
    assert.match(res.body, /NR1 to Marshland Special School: 3 children, 43\.7 minutes on average/);
    const flows = await page.get('/sufficiency/travel?table=flows&format=csv');
    assert.equal(flows.statusCode, 200);
    assert.match(
      flows.body,
      /Home postcode district,Setting,Children,Average minutes\r?\nNR1,Marshland Special School,3,43\.7/,
    );
  });

  test('a reader without the children permission sees the counts but no names', async () => {
    const planner = await addPerson(t, t.la.code, 'planner', ['programme_manager']);
    const page = await browser(t, planner.email);
    const res = await page.get('/sufficiency/travel');
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /Dee Test/);
    assert.match(res.body, /1 home has no location/);
  });

  test('loading the postcode directory places a home by its postcode, leaving out what the ONS could not place', async () => {
    const page = await browser(t, manager.email);
    const form = await page.get('/sufficiency/postcodes');
    assert.equal(form.statusCode, 200);
    // ONSPD's own columns, most of them left; Dee's NR9 9ZZ at 52.045° N, as Ava's home.
    const csv = [
      'pcd,pcd2,pcds,dointr,doterm,oslaua,oseast1m,osnrth1m,lat,long',
      '"NR9 9ZZ","NR9  9ZZ","NR9 9ZZ","198001","","E07000145","612345","298765",52.045000,1.000000',
      '"NR1 2DH","NR1  2DH","NR1 2DH","198001","","E07000148","623000","308000",52.090000,1.000000',
      '"NR9 9ZY","NR9  9ZY","NR9 9ZY","198001","","","","",99.999999,0.000000',
    ].join('\n');
    const body = multipartBody(
      { _csrf: csrfFrom(form.body) },
      { file: { filename: 'onspd.csv', data: Buffer.from(csv) } },
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/sufficiency/postcodes',
      headers: { cookie: page.cookie, accept: 'text/html', 'content-type': body.contentType },
      payload: body.payload,
    });
    assert.equal(res.statusCode, 303, res.body);
    const job = await waitForJob(t, t.la.code, String(res.headers.location).split('/').pop() ?? '');
    assert.equal(job.status, 'succeeded', JSON.stringify(job));
    assert.match(String(job.message), /Loaded 2 postcode centroids; 1 the ONS could not place were left out/);
    const travel = (await callApi(t, token, 'GET', '/api/v1/sufficiency/travel')).json();
    // Dee now counts, located by her postcode as Ava is by her record: 14.340 minutes.
    assert.deepEqual([travel.all.count, travel.unlocated, travel.locatedByPostcode], [4, 0, 2]);
  });

  test('the LA sets its own journey rule, which the journeys then use, and a bad one is refused naming the box', async () => {
    const page = await browser(t, manager.email);
    const form = {
      version: '0',
      detourShort: '1.4',
      thresholdKm: '10',
      detourLong: '1.3',
      speedKmh: '500',
      fixedMinutes: '5',
      primaryLimit: '45',
      secondaryLimit: '75',
      maxFitKm: '60',
    };
    const bad = await page.post('/sufficiency/settings', '/sufficiency/settings', form);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#speedKmh">The average speed must be from 5 to 120/);
    const saved = await page.post('/sufficiency/settings', '/sufficiency/settings', {
      ...form,
      speedKmh: '30',
    });
    assert.equal(saved.statusCode, 303, saved.body);
    // At 30 km/h: Ava and Dee 5 + 7.005317 × 2 = 19.010634; Ben 5 + 66.049374 × 2 = 137.098748;
    // Cal 5 + 14.009875 × 2 = 33.019750. Mean (2 × 19.010634 + 137.098748 + 33.019750) / 4 = 52.035.
    const travel = (await callApi(t, token, 'GET', '/api/v1/sufficiency/travel')).json();
    assert.ok(Math.abs(travel.all.maxMinutes - 137.099) < 0.001, String(travel.all.maxMinutes));
    assert.ok(Math.abs(travel.all.meanMinutes - 52.035) < 0.001, String(travel.all.meanMinutes));
    const stale = await page.post('/sufficiency/settings', '/sufficiency/settings', {
      ...form,
      speedKmh: '40',
    });
    assert.equal(stale.statusCode, 400);
    assert.match(stale.body, /changed by someone else after version 0: they are now version 1/);
  });
});
