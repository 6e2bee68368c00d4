import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addPerson, browser, tokenFor, waitForJob } from '../support/providers.ts';

/**
 * New sites for specialist places, worked by hand. Everything lies due north or south of one
 * another at 1° E, so each distance is 6,371.0088 km times the difference in latitude in radians
 * (0.04° is 4.447803 km). Road km is 1.4 times that up to 10 km, then 14 km plus 1.3 times the
 * rest; minutes are 5 plus road km at 45 km an hour. Ages count on 31 August 2025 (the test clock
 * stands at 2 March 2026): the children, born 15 January 2018, are 7, so primary.
 *
 *   Ash Primary 52.00° N and Birch Primary 52.10° N, each a school that expressed interest in an
 *   SRB: Ash 1 ASD primary place for £1,000,000, Birch 2 for £3,000,000. Norwich Road site, for a
 *   new special school, adds SLD places no child here needs, and has no cost yet.
 *   Far Special School, 52.70° N, has 5 free ASD places, but is more than 60 km from every child,
 *   so no one fits it.
 *   Waiting (ASD): Ava at 52.04° N (for an SRB), Ben at 51.96° N (for any specialist place).
 *   Placed out of county (ASD): Cal at 52.14° N.
 *
 *   Ava→Ash and Ben→Ash and Cal→Birch, 0.04°: 4.447803 km, road 6.226924, 13.302566 min.
 *   Ava→Birch 0.06°: 6.671705 km, road 9.340387, 17.453849 min.
 *   Ben→Birch and Cal→Ash 0.14°: 15.567311 km, road 14 + 1.3 × 5.567311 = 21.237505, 33.316673 min.
 *
 * An unmet child counts 180 minutes. No new site: all three unmet, 540.
 * Choose 1. Ash alone places one child (Ava or Ben, 13.302566) and leaves two: 373.302566.
 * Birch alone takes its two cheapest, Cal and Ava, 30.756415, and leaves Ben: 210.756415, the least,
 * so Birch is chosen: travel 30.8 minutes, 1 unmet, Cal's out-of-county placement saved.
 * The ranking, by objective saved against none: Birch 329.2 (2 placed, 1 out of county), Ash 166.7
 * (1 placed, none out of county), Norwich Road 0.
 * Choose 2 of Ash and Birch: Ash takes Ben, Birch Ava and Cal: 13.302566 + 17.453849 + 13.302566 =
 * 44.058981 (the other way round, Ash Ava and Birch Ben and Cal, is 59.921805), none unmet.
 * Within £2,000,000 only Ash fits: 373.302566, two unmet.
 */
describe('choosing new sites for specialist places', () => {
  let t: TestApp;
  let planner: { id: string; email: string };
  let token: string;
  let ash: string;
  let birch: string;
  let norwich: string;

  const inject = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    bearer = token,
  ) =>
    t.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });

  const school = async (name: string, urn: number, latitude: number, special = false) => {
    const r = await sql<{ id: string }>`
      INSERT INTO establishments (la_code, urn, name, name_search, setting_kind, is_special, phase, latitude, longitude)
      VALUES (${t.la.code}, ${urn}, ${name}, ${name.toLowerCase()}, 'school', ${special},
        ${special ? 'Not applicable' : 'Primary'}, ${latitude}, 1) RETURNING id`.execute(t.database.db);
    return r.rows[0]?.id ?? '';
  };
  const child = async (name: string, latitude: number) => {
    const r = await sql<{ id: string }>`
      INSERT INTO children (la_code, forename, surname, name_search, date_of_birth, sex, home_latitude, home_longitude)
      VALUES (${t.la.code}, ${name}, 'Test', ${`${name.toLowerCase()} test`}, '2018-01-15', 'U', ${latitude}, 1)
      RETURNING id`.execute(t.database.db);
    const id = r.rows[0]?.id ?? '';
    await sql`INSERT INTO child_sen_needs (la_code, child_id, rank, sen_type) VALUES (${t.la.code}, ${id}, 1, 'ASD')`.execute(
      t.database.db,
    );
    return id;
  };
  const waiting = async (name: string, latitude: number, provision: string, since: string) => {
    const id = await child(name, latitude);
    await sql`INSERT INTO place_waits (la_code, child_id, provision, sen_type, phase, waiting_since, needed_from)
      VALUES (${t.la.code}, ${id}, ${provision}, 'ASD', 'primary', ${since}, '2026-04-20')`.execute(
      t.database.db,
    );
  };
  const added = async (body: Record<string, unknown>) => {
    const res = await inject('POST', '/api/v1/sufficiency/sites', body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const run = async (body: Record<string, unknown>) => {
    const started = await inject('POST', '/api/v1/sufficiency/sites/select', body);
    assert.equal(started.statusCode, 202, started.body);
    const { id, href } = started.json();
    assert.equal(href, `/api/v1/sufficiency/sites/select/${id}`);
    const job = await waitForJob(t, t.la.code, id, 60_000);
    assert.equal(job.status, 'succeeded', JSON.stringify(job));
    const read = await inject('GET', href);
    assert.equal(read.statusCode, 200, read.body);
    return read.json();
  };
  /** The fields and messages of a refusal: 400 when the body's shape is wrong, 422 when its sense is. */
  const problems = (
    res: { statusCode: number; json(): { errors?: { field: string; message: string }[] } },
    status = 422,
  ) => {
    assert.equal(res.statusCode, status);
    return res.json().errors?.map((e) => [e.field, e.message]);
  };

  before(async () => {
    t = await startTestApp();
    planner = await addPerson(t, t.la.code, 'planner', ['programme_manager']);
    token = await tokenFor(t, planner, t.la.code);
    await school('Ash Primary', 121001, 52.0);
    await school('Birch Primary', 121002, 52.1);
    const far = await school('Far Special School', 121003, 52.7, true);
    await sql`INSERT INTO designated_places (la_code, establishment_id, provision, sen_type, phase, low_age, high_age, places, starts_on)
      VALUES (${t.la.code}, ${far}, 'special_school', 'ASD', 'primary', 4, 11, 5, '2020-09-01')`.execute(
      t.database.db,
    );
    await waiting('Ava', 52.04, 'resourced_provision', '2025-09-01');
    await waiting('Ben', 51.96, 'any', '2025-10-01');
    const cal = await child('Cal', 52.14);
    await sql`INSERT INTO placements (la_code, child_id, provider_name, placement_type, start_on, basis)
      VALUES (${t.la.code}, ${cal}, 'Elsewhere Academy', 'out_of_county', '2025-09-01', 'interim')`.execute(
      t.database.db,
    );
    const asd = (places: number) => [{ senType: 'ASD', phase: 'primary', places }];
    ash = await added({ kind: 'srb_interest', urn: 121001, places: asd(1), capitalCostPence: 100_000_000 });
    birch = await added({ kind: 'srb_interest', urn: 121002, places: asd(2), capitalCostPence: 300_000_000 });
    norwich = await added({
      kind: 'new_special',
      name: 'Norwich Road site',
      easting: 623_000,
      northing: 308_000,
      places: [
        { senType: 'SLD', phase: 'primary', places: 20 },
        { senType: 'SLD', phase: 'secondary', places: 20 },
      ],
    });
  });
  after(() => t.close());

  test('a site is added, changed with its version and removed through the API, each recorded', async () => {
    const id = await added({
      kind: 'new_special',
      name: 'Dereham site',
      easting: 599_000,
      northing: 313_000,
      places: [{ senType: 'SEMH', phase: 'secondary', places: 30 }],
      capitalCostPence: 900_000_000,
      opensOn: '2029-09-01',
      receivedOn: '2026-02-01',
    });
    const listed = (await inject('GET', '/api/v1/sufficiency/sites')).json().items;
    const site = listed.find((s: { id: string }) => s.id === id);
    assert.equal(site.version, 1);
    assert.ok(
      Math.abs(site.latitude - 52.67) < 0.05 && Math.abs(site.longitude - 0.94) < 0.05,
      JSON.stringify(site),
    );
    assert.deepEqual(site.places, [{ senType: 'SEMH', phase: 'secondary', places: 30 }]);
    const change = {
      kind: 'new_special',
      name: 'Dereham site',
      easting: 599_000,
      northing: 313_000,
      places: [
        { senType: 'SEMH', phase: 'secondary', places: 24 },
        { senType: 'ASD', phase: 'primary', places: 12 },
      ],
      version: 1,
    };
    const changed = await inject('PUT', `/api/v1/sufficiency/sites/${id}`, change);
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().version, 2);
    assert.equal(changed.json().capitalCostPence, null);
    assert.deepEqual(
      changed.json().places.map((p: { senType: string }) => p.senType),
      ['ASD', 'SEMH'],
    );
    const stale = await inject('PUT', `/api/v1/sufficiency/sites/${id}`, change);
    assert.equal(stale.statusCode, 409);
    assert.match(stale.json().detail, /after version 1: it is now version 2/);
    assert.equal((await inject('DELETE', `/api/v1/sufficiency/sites/${id}?version=1`)).statusCode, 409);
    assert.equal((await inject('DELETE', `/api/v1/sufficiency/sites/${id}?version=2`)).statusCode, 204);
    const after = (await inject('GET', '/api/v1/sufficiency/sites')).json().items;
    assert.deepEqual(after.map((s: { name: string }) => s.name).sort(), [
      'Ash Primary',
      'Birch Primary',
      'Norwich Road site',
    ]);
    const events = await sql<{ action: string }>`SELECT action FROM audit_events
      WHERE entity_type = 'candidate_site' AND entity_id = ${id} ORDER BY id`.execute(t.database.db);
    assert.deepEqual(
      events.rows.map((e) => e.action),
      ['sufficiency.site.added', 'sufficiency.site.changed', 'sufficiency.site.removed'],
    );
  });

  test('bad sites are refused naming the field: Cardiff, off the grid, an unknown URN, no places, a negative count', async () => {
    const special = (over: Record<string, unknown>) => ({
      kind: 'new_special',
      name: 'Cardiff Bay site',
      easting: 318_000,
      northing: 176_000,
      places: [{ senType: 'ASD', phase: 'primary', places: 10 }],
      ...over,
    });
    const post = (body: unknown) => inject('POST', '/api/v1/sufficiency/sites', body);
    assert.deepEqual(problems(await post(special({}))), [['easting', 'Cardiff Bay site is outside England']]);
    assert.deepEqual(problems(await post(special({ name: 'North Sea', easting: 800_000 }))), [
      ['easting', 'North Sea is not on the British National Grid, so not in England'],
    ]);
    assert.deepEqual(
      problems(
        await post({
          kind: 'srb_interest',
          urn: 999_999,
          places: [{ senType: 'ASD', phase: 'primary', places: 8 }],
        }),
      ),
      [
        [
          'urn',
          'No school or setting on your register has the URN 999999: check it, or add the school first',
        ],
      ],
    );
    assert.deepEqual(
      problems(
        await post({
          kind: 'srb_interest',
          urn: 121003,
          places: [{ senType: 'ASD', phase: 'primary', places: 8 }],
        }),
      ),
      [
        [
          'urn',
          'Far Special School is a special school: an SRB is resourced provision in a mainstream school',
        ],
      ],
    );
    assert.deepEqual(
      problems(
        await post({
          kind: 'srb_interest',
          urn: 121001,
          places: [{ senType: 'ASD', phase: 'primary', places: 8 }],
        }),
      ),
      [['urn', 'Ash Primary has already expressed interest: change that site instead']],
    );
    assert.deepEqual(
      problems(
        await post(special({ name: 'Holt site', easting: 611_000, northing: 338_000, places: [] })),
        400,
      ),
      [['places', 'Give the places the site would add: at least one type of need and phase']],
    );
    assert.deepEqual(
      problems(await post(special({ places: [{ senType: 'ASD', phase: 'primary', places: -4 }] })), 400),
      [['places.0.places', 'Places must be 1 or more']],
    );
    assert.deepEqual(
      (problems(await post({ kind: 'new_special', places: [] }), 400) ?? []).map(([field]) => field).sort(),
      ['easting', 'name', 'northing', 'places'],
    );
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM candidate_sites`.execute(
      t.database.db,
    );
    assert.equal(count.rows[0]?.n, 3);
  });

  test('the pages add, change and remove a site, and show a refusal against its field', async () => {
    const page = await browser(t, planner.email);
    const form = {
      kind: 'new_special',
      name: 'Cardiff Bay site',
      easting: '318000',
      northing: '176000',
      'places-0-senType': 'SEMH',
      'places-0-phase': 'secondary',
      'places-0-places': '24',
      'places-2-senType': 'ASD',
      'places-2-phase': 'primary',
      'places-2-places': '-3',
      capitalCost: '£12,500,000',
      'opensOn-day': '1',
      'opensOn-month': '9',
      'opensOn-year': '2029',
    };
    const refused = await page.post('/sufficiency/sites/new', '/sufficiency/sites/new', form);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /<a href="#places-2-places">Places must be 1 or more<\/a>/);
    const outside = await page.post('/sufficiency/sites/new', '/sufficiency/sites/new', {
      ...form,
      'places-2-places': '6',
    });
    assert.equal(outside.statusCode, 400);
    assert.match(outside.body, /<a href="#easting">Cardiff Bay site is outside England<\/a>/);
    assert.match(outside.body, /value="£12,500,000"/);
    const blank = await page.post('/sufficiency/sites/new', '/sufficiency/sites/new', {});
    assert.match(blank.body, /href="#kind"/);
    assert.match(blank.body, /<a href="#places-0-senType">Give the places the site would add/);
    const made = await page.post('/sufficiency/sites/new', '/sufficiency/sites/new', {
      ...form,
      name: 'Swaffham site',
      easting: '581000',
      northing: '309000',
      'places-2-places': '6',
    });
    assert.equal(made.statusCode, 303, made.body);
    assert.equal(made.headers.location, '/sufficiency/sites?done=added');
    const list = await page.get(String(made.headers.location));
    assert.match(list.body, /The candidate site was added/);
    assert.match(list.body, /Swaffham site/);
    assert.match(list.body, /£12,500,000/);
    assert.match(list.body, /1 September 2029/);
    assert.match(list.body, /Social, emotional and mental health \(SEMH\), secondary: 24 places/);
    const row = await sql<{ id: string; version: number }>`SELECT id, version FROM candidate_sites
      WHERE name = 'Swaffham site'`.execute(t.database.db);
    const id = row.rows[0]?.id ?? '';
    const edit = await page.get(`/sufficiency/sites/${id}/edit`);
    assert.match(edit.body, /value="12,500,000"/);
    const changed = await page.post(`/sufficiency/sites/${id}/edit`, `/sufficiency/sites/${id}/edit`, {
      ...form,
      name: 'Swaffham site',
      easting: '581000',
      northing: '309000',
      'places-2-places': '8',
      capitalCost: '',
      version: '1',
    });
    assert.equal(changed.statusCode, 303, changed.body);
    const stale = await page.post(`/sufficiency/sites/${id}/edit`, `/sufficiency/sites/${id}/edit`, {
      ...form,
      name: 'Swaffham site',
      easting: '581000',
      northing: '309000',
      'places-2-places': '8',
      version: '1',
    });
    assert.equal(stale.statusCode, 409);
    assert.match(
      stale.body,
      /Someone else changed this site while you were editing it \(it is now version 2\)/,
    );
    // What they typed is kept, against the version there is now, so saving again replaces it.
    assert.match(stale.body, /name="version" value="2"/);
    assert.match(stale.body, /name="places-2-places"[^>]*value="8"/);
    const again = await page.post(`/sufficiency/sites/${id}/edit`, `/sufficiency/sites/${id}/edit`, {
      ...form,
      name: 'Swaffham site',
      easting: '581000',
      northing: '309000',
      'places-2-places': '8',
      version: '2',
    });
    assert.equal(again.statusCode, 303, again.body);
    const removed = await page.post(`/sufficiency/sites/${id}/remove`, `/sufficiency/sites/${id}/remove`, {
      version: '3',
    });
    assert.equal(removed.statusCode, 303);
    assert.match((await page.get(String(removed.headers.location))).body, /The candidate site was removed/);
  });

  test('choosing 1 site picks Birch, the hand-worked optimum, and ranks Birch, Ash, Norwich Road', async () => {
    const r = await run({ count: 1, save: { name: 'One site' } });
    assert.equal(r.status, 'succeeded');
    const s = r.result;
    assert.deepEqual(s.chosen.chosen, [birch]);
    assert.equal(s.chosen.provenOptimal, true);
    assert.equal(s.chosen.objective, 210.8);
    assert.equal(s.chosen.travelMinutes, 30.8);
    assert.equal(s.chosen.unmet, 1);
    assert.equal(s.chosen.costPence, 300_000_000);
    assert.deepEqual(s.chosen.children, {
      waiting: { atNewSite: 1, atExisting: 0, unmet: 1 },
      outOfCounty: { atNewSite: 1, atExisting: 0, unmet: 0 },
    });
    assert.deepEqual([s.none.objective, s.none.unmet, s.none.travelMinutes], [540, 3, 0]);
    assert.deepEqual(s.baseline.chosen, [birch]);
    assert.deepEqual(s.children, { waiting: 2, outOfCounty: 1, unlocated: 0, withoutNeed: 0 });
    assert.deepEqual(
      s.ranking.map((x: Record<string, unknown>) => [
        x.rank,
        x.candidateId,
        x.travelSavedMinutes,
        x.unmetSaved,
        x.outOfCountySaved,
        x.objectiveSaved,
      ]),
      [
        [1, birch, -30.8, 2, 1, 329.2],
        [2, ash, -13.3, 1, 0, 166.7],
        [3, norwich, 0, 0, 0, 0],
      ],
    );
    assert.deepEqual(s.savedAs?.name, 'One site');
  });

  test('choosing 2 of Ash and Birch opens both, no child left without a place', async () => {
    const s = (await run({ count: 2, candidateIds: [ash, birch], save: { name: 'Two sites' } })).result;
    assert.deepEqual([...s.chosen.chosen].sort(), [ash, birch].sort());
    assert.equal(s.chosen.objective, 44.1);
    assert.equal(s.chosen.unmet, 0);
    assert.equal(s.candidates.length, 2);
  });

  test('the saved scenarios are listed and read through the API, an unknown one 404', async () => {
    const list = await inject('GET', '/api/v1/sufficiency/sites/scenarios');
    assert.equal(list.statusCode, 200, list.body);
    const scenarios = list.json().scenarios as {
      id: string;
      name: string;
      chosen: { name: string }[];
      unmet: number;
    }[];
    // Both saved above, newest first: 'Two sites' opened Ash and Birch and left no one unplaced.
    assert.deepEqual(
      scenarios.map((x) => [x.name, x.chosen.map((c) => c.name).sort(), x.unmet]),
      [
        ['Two sites', ['Ash Primary', 'Birch Primary'], 0],
        ['One site', ['Birch Primary'], 1],
      ],
    );
    const one = await inject('GET', `/api/v1/sufficiency/sites/scenarios/${scenarios[1]?.id}`);
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json().result.chosen.objective, 210.8);
    assert.deepEqual(one.json().inputs.save, { name: 'One site' });
    const missing = await inject(
      'GET',
      '/api/v1/sufficiency/sites/scenarios/00000000-0000-4000-8000-000000000009',
    );
    assert.equal(missing.statusCode, 404);
  });

  test('within a £2,000,000 budget only Ash fits', async () => {
    const s = (await run({ budgetPounds: 2_000_000, candidateIds: [ash, birch] })).result;
    assert.deepEqual(s.chosen.chosen, [ash]);
    assert.deepEqual(s.choice, { budgetPence: 200_000_000 });
    assert.equal(s.chosen.objective, 373.3);
    assert.equal(s.chosen.unmet, 2);
    assert.deepEqual(s.baseline.chosen, [ash]);
    assert.equal(s.savedAs, null);
  });

  test('a run asked for badly is refused naming the field, before it is queued', async () => {
    const post = (body: unknown) => inject('POST', '/api/v1/sufficiency/sites/select', body);
    assert.deepEqual(problems(await post({ count: 1, budgetPounds: 5_000_000 })), [
      ['budgetPounds', 'Give a number of sites to choose or a budget, not both'],
    ]);
    assert.deepEqual(problems(await post({})), [
      ['count', 'Give a number of sites to choose, or a budget they must fit within'],
    ]);
    assert.deepEqual(problems(await post({ count: 0 }), 400), [
      ['count', 'Choose a whole number of sites from 1 to 20'],
    ]);
    assert.deepEqual(problems(await post({ count: 4 })), [
      ['count', 'Choose at most 3: there are only 3 candidate sites to choose from'],
    ]);
    assert.deepEqual(problems(await post({ budgetPounds: 5_000_000 })), [
      [
        'candidateIds',
        'To choose within a budget each site needs a capital cost, and Norwich Road site has none: add its cost, or leave it out',
      ],
    ]);
    assert.deepEqual(
      problems(await post({ count: 1, candidateIds: ['00000000-0000-4000-8000-000000000001'] })),
      [['candidateIds.0', 'There is no candidate site with this id in your LA']],
    );
    assert.deepEqual(problems(await post({ count: 1, save: { name: 'One site' } })), [
      ['save.name', 'There is already a scenario called One site: choose another name'],
    ]);
    const queued = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM jobs WHERE kind = 'sufficiency.sites-select'`.execute(t.database.db);
    assert.equal(queued.rows[0]?.n, 3);
  });

  test('the pages run a choice, show the comparison and ranking, download it, and list the saved scenarios', async () => {
    const page = await browser(t, planner.email);
    const form = await page.get('/sufficiency/sites/select');
    assert.equal(form.statusCode, 200);
    assert.equal(
      (form.body.match(/name="candidateIds" type="checkbox" value="[^"]+" checked/g) ?? []).length,
      3,
    );
    const bad = await page.post('/sufficiency/sites/select', '/sufficiency/sites/select', {
      choose: 'budget',
      budget: 'lots',
      candidateIds: [ash, birch],
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<a href="#budget">Enter an amount in pounds using numbers only/);
    const started = await page.post('/sufficiency/sites/select', '/sufficiency/sites/select', {
      choose: 'count',
      count: '1',
      candidateIds: [ash, birch, norwich],
      saveName: 'Birch on its own',
    });
    assert.equal(started.statusCode, 303, started.body);
    const url = String(started.headers.location);
    await waitForJob(t, t.la.code, url.split('/').pop() ?? '', 60_000);
    const shown = await page.get(url);
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /HiGHS proved it the best choice there can be/);
    assert.match(shown.body, /<li>Birch Primary<\/li>/);
    assert.match(shown.body, /Saved as the scenario Birch on its own/);
    assert.match(shown.body, /<svg viewBox=/);
    const csv = await page.get(`${url}?format=csv`);
    assert.equal(csv.statusCode, 200);
    const lines = csv.body.trim().split(/\r?\n/);
    assert.match(lines[1] ?? '', /^1,Birch Primary,SRB expression of interest,121002,/);
    assert.match(
      lines[3] ?? '',
      /^3,Norwich Road site,New special school site,,623000,308000,40,,0,0,0,0,No$/,
    );
    const xlsx = await page.get(`${url}?format=xlsx`);
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
    const exported = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events
      WHERE action = 'sufficiency.sites.select.exported'`.execute(t.database.db);
    assert.equal(exported.rows[0]?.n, 2);
    const scenarios = await page.get('/sufficiency/sites/scenarios');
    assert.match(scenarios.body, /One site/);
    assert.match(scenarios.body, /Two sites/);
    assert.match(scenarios.body, /Birch on its own/);
    const ids = await sql<{
      id: string;
      name: string;
    }>`SELECT id, name FROM sufficiency_scenarios ORDER BY name`.execute(t.database.db);
    const idOf = (name: string) => ids.rows.find((x) => x.name === name)?.id ?? '';
    const compared = await page.get(
      `/sufficiency/sites/scenarios?a=${idOf('One site')}&b=${idOf('Two sites')}`,
    );
    assert.equal(compared.statusCode, 200);
    assert.match(compared.body, /One site and Two sites/);
    const same = await page.get(`/sufficiency/sites/scenarios?a=${idOf('One site')}&b=${idOf('One site')}`);
    assert.equal(same.statusCode, 400);
    assert.match(same.body, /<a href="#b">Choose a different scenario from the first<\/a>/);
  });

  test("the LA's own journey rule is the one the choice uses, and the penalty stays above its longest journey", async () => {
    const page = await browser(t, planner.email);
    const rule = {
      detourShort: '1.4',
      thresholdKm: '10',
      detourLong: '1.3',
      fixedMinutes: '5',
      primaryLimit: '45',
      secondaryLimit: '75',
      maxFitKm: '60',
    };
    const slower = await page.post('/sufficiency/settings', '/sufficiency/settings', {
      ...rule,
      version: '0',
      speedKmh: '30',
    });
    assert.equal(slower.statusCode, 303, slower.body);
    // At 30 km/h a road km takes 2 minutes. Ash takes Ben, Birch Ava and Cal, as at 45 km/h:
    // 3 × 5 + 2 × (6.226924 + 9.340387 + 6.226924) = 58.58847; the other way round is 82.4.
    const two = (await run({ count: 2, candidateIds: [ash, birch] })).result;
    assert.deepEqual([...two.chosen.chosen].sort(), [ash, birch].sort());
    assert.deepEqual([two.chosen.travelMinutes, two.chosen.unmet, two.unmetPenaltyMinutes], [58.6, 0, 180]);

    const crawl = await page.post('/sufficiency/settings', '/sufficiency/settings', {
      ...rule,
      version: '1',
      speedKmh: '20',
    });
    assert.equal(crawl.statusCode, 303, crawl.body);
    // At 20 km/h the longest journey within 60 km is 5 + 3 × 79 = 242 minutes, so a child without
    // a place counts 300. Birch alone places Cal and Ava: 2 × 5 + 3 × (6.226924 + 9.340387) =
    // 56.701933, and Ben counts 300: 356.7. Ash alone places one (23.680772) and leaves two: 623.7.
    const one = (await run({ count: 1, candidateIds: [ash, birch] })).result;
    assert.deepEqual(one.chosen.chosen, [birch]);
    assert.deepEqual(
      [one.chosen.travelMinutes, one.chosen.unmet, one.chosen.objective, one.unmetPenaltyMinutes],
      [56.7, 1, 356.7, 300],
    );
  });

  test('a parent is refused; a programme manager may plan; a coordinator may not', async () => {
    const parent = await tokenFor(t, t.la.users.parent, t.la.code);
    assert.equal((await inject('GET', '/api/v1/sufficiency/sites', undefined, parent)).statusCode, 403);
    assert.equal(
      (await inject('POST', '/api/v1/sufficiency/sites/select', { count: 1 }, parent)).statusCode,
      403,
    );
    const coordinator = await tokenFor(t, t.la.users.coordinator, t.la.code);
    assert.equal((await inject('GET', '/api/v1/sufficiency/sites', undefined, coordinator)).statusCode, 403);
    assert.equal((await inject('GET', '/api/v1/sufficiency/sites')).statusCode, 200);
    const otherLa = await tokenFor(t, t.otherLa.users.admin, t.otherLa.code);
    assert.equal((await inject('GET', `/api/v1/sufficiency/sites`, undefined, otherLa)).statusCode, 403);
  });
});
