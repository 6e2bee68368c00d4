import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { importGiasNow } from '../../src/modules/providers/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addPerson, browser, callApi, giasFixture, tokenFor } from '../support/providers.ts';

/**
 * A worked county. The test clock's day is 2 March 2026, so ages count on 31 August 2025.
 *
 * Marshland Special School (URN 900004): ASD primary, ages 4 to 11, 2 places; SLD all-through, 2 to
 * 19, 1 place. Placed there: three ASD children aged 7 and one SLD child aged 14, so 3 places and
 * 4 children: over by 1 (ASD 2 places, 3 children; SLD 1 place, 1 child, full).
 * Fenland Brook, a special school in Cambridgeshire: one SLD child aged 8, out of county. A local
 * SLD place for an 8-year-old? Marshland's one SLD place holds the 14-year-old: none has room.
 * One ASD child aged 13 at an independent school named only by its provider: independent, and no
 * local ASD line takes 13-year-olds.
 * From 1 September 2027 Marshland adds 8 SEMH places for 11 to 16: 3 + 8 = 11 places that day.
 */
describe('specialist places against occupancy', () => {
  let t: TestApp;
  let manager: { id: string; email: string };
  let token: string;
  let marshland: string;
  let fenland: string;

  const child = async (forename: string, dob: string, need: string) => {
    const r = await sql<{ id: string }>`
      INSERT INTO children (la_code, forename, surname, name_search, date_of_birth, sex)
      VALUES (${t.la.code}, ${forename}, 'Test', ${`${forename.toLowerCase()} test`}, ${dob}, 'U')
      RETURNING id`.execute(t.database.db);
    const id = r.rows[0]?.id ?? '';
    await sql`INSERT INTO child_sen_needs (la_code, child_id, rank, sen_type)
      VALUES (${t.la.code}, ${id}, 1, ${need})`.execute(t.database.db);
    return id;
  };
  const place = async (childId: string, setting: string | null, type: string, provider?: string) => {
    await sql`INSERT INTO placements (la_code, child_id, establishment_id, provider_name, placement_type, start_on, basis)
      VALUES (${t.la.code}, ${childId}, ${setting}, ${provider ?? null}, ${type}, '2025-09-01', 'interim')`.execute(
      t.database.db,
    );
  };
  const line = async (setting: string, body: Record<string, unknown>) => {
    const admin = await tokenFor(t, t.la.users.admin, t.la.code);
    const res = await callApi(t, admin, 'POST', `/api/v1/schools/${setting}/places`, {
      provision: 'special_school',
      startsOn: '2020-09-01',
      ...body,
    });
    assert.equal(res.statusCode, 201, res.body);
  };

  before(async () => {
    t = await startTestApp();
    await importGiasNow(
      t.database,
      { laCode: t.la.code, userId: null, roles: ['administrator'] },
      { gias: giasFixture('edubasealldata-sample.csv') },
      () => undefined,
    );
    manager = await addPerson(t, t.la.code, 'manager', ['send_team_manager']);
    token = await tokenFor(t, manager, t.la.code);
    const admin = await tokenFor(t, t.la.users.admin, t.la.code);
    marshland = (await callApi(t, admin, 'GET', '/api/v1/schools/900004')).json().id;
    const made = await callApi(t, admin, 'POST', '/api/v1/schools', {
      name: 'Fenland Brook School',
      settingKind: 'school',
      isSpecial: true,
      easting: 546000,
      northing: 309500,
    });
    fenland = made.json().id;
    await sql`UPDATE establishments SET gias_la_code = '873' WHERE id = ${fenland}`.execute(t.database.db);
    await sql`UPDATE establishments SET district = 'King''s Lynn and West Norfolk' WHERE id = ${marshland}`.execute(
      t.database.db,
    );

    await line(marshland, { senType: 'ASD', phase: 'primary', lowAge: 4, highAge: 11, places: 2 });
    await line(marshland, { senType: 'SLD', phase: 'all_through', lowAge: 2, highAge: 19, places: 1 });
    await line(marshland, {
      senType: 'SEMH',
      phase: 'secondary',
      lowAge: 11,
      highAge: 16,
      places: 8,
      startsOn: '2027-09-01',
    });
    for (const name of ['Ava', 'Ben', 'Cal'])
      await place(await child(name, '2018-01-15', 'ASD'), marshland, 'maintained_special');
    await place(await child('Dee', '2011-01-15', 'SLD'), marshland, 'maintained_special');
    await place(await child('Eli', '2017-01-15', 'SLD'), fenland, 'academy_special');
    await place(await child('Fay', '2012-01-15', 'ASD'), null, 'independent_special', 'Hill House School');
  });
  after(() => t.close());

  test('the API counts places and children by setting, need, phase and district, and those placed outside', async () => {
    const res = await callApi(t, token, 'GET', '/api/v1/sufficiency/places');
    assert.equal(res.statusCode, 200, res.body);
    const o = res.json();
    assert.equal(o.on, '2026-03-02');
    assert.deepEqual(o.totals, { places: 3, children: 4, free: 0, full: 0, over: 1 });
    const m = o.settings.find((s: { establishmentId: string }) => s.establishmentId === marshland);
    assert.deepEqual([m.places, m.children, m.free, m.status], [3, 4, -1, 'over']);
    assert.deepEqual(
      m.needs.map((n: { senType: string; places: number; children: number }) => [
        n.senType,
        n.places,
        n.children,
      ]),
      [
        ['SLD', 1, 1],
        ['ASD', 2, 3],
      ],
    );
    assert.deepEqual(o.byDistrict, [{ key: "King's Lynn and West Norfolk", places: 3, children: 4 }]);
    assert.deepEqual(o.placedOutside, [
      { senType: 'SLD', phase: 'primary', independent: 0, outOfCounty: 1, withLocalRoom: 0 },
      { senType: 'ASD', phase: 'secondary', independent: 1, outOfCounty: 0, withLocalRoom: 0 },
    ]);
  });

  test('a later day counts the places opening by then', async () => {
    const res = await callApi(t, token, 'GET', '/api/v1/sufficiency/places?on=2027-09-01');
    assert.equal(res.json().totals.places, 11);
    const bad = await callApi(t, token, 'GET', '/api/v1/sufficiency/places?on=2027-02-30');
    assert.equal(bad.statusCode, 400);
  });

  test('the page says what needs doing, and each table downloads, the export audited', async () => {
    const page = await browser(t, manager.email);
    const res = await page.get('/sufficiency/places');
    assert.equal(res.statusCode, 200);
    assert.match(
      res.body,
      /1 setting has more children than places on 2 March 2026: Marshland Special School \(1 over\)/,
    );
    assert.match(res.body, /govuk-tag--red">Over</);
    const csv = await page.get('/sufficiency/places?on=2026-03-02&table=settings&format=csv');
    assert.equal(csv.statusCode, 200);
    assert.match(
      csv.body,
      /^\uFEFFSetting,URN,Provision,District,Places,Children,Free \(below 0 when over\),Status/,
    );
    assert.match(
      csv.body,
      /Marshland Special School,900004,Special school,King's Lynn and West Norfolk,3,4,-1,Over/,
    );
    const events = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events
      WHERE action = 'sufficiency.places.exported' AND user_id = ${manager.id}`.execute(t.database.db);
    assert.equal(events.rows[0]?.n, 1);
    const bad = await page.get('/sufficiency/places?on-day=31&on-month=2&on-year=2027');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#on-day">The date must be a real date/);
  });

  test('people without the sufficiency permission are refused', async () => {
    const parent = await tokenFor(t, t.la.users.parent, t.la.code);
    const res = await callApi(t, parent, 'GET', '/api/v1/sufficiency/places');
    assert.equal(res.statusCode, 403);
  });
});
