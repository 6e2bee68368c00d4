import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addPerson, browser, callApi, tokenFor } from '../support/providers.ts';

/**
 * The forecast reads the plans in force on each January's census day, the third Thursday:
 * 16 January 2025 and 15 January 2026 (1 January 2025 was a Wednesday, so its first Thursday was
 * the 2nd; 1 January 2026 was a Thursday). The test clock's day is 2 March 2026.
 */
describe('the forecast of EHC plans', () => {
  let t: TestApp;
  let token: string;
  let manager: { id: string; email: string };

  const planned = async (name: string, issuedOn: string, endedOn: string | null) => {
    const r = await sql<{ id: string }>`
      INSERT INTO children (la_code, forename, surname, name_search, date_of_birth, sex)
      VALUES (${t.la.code}, ${name}, 'Test', ${`${name.toLowerCase()} test`}, '2016-05-01', 'U') RETURNING id`.execute(
      t.database.db,
    );
    const id = r.rows[0]?.id ?? '';
    await sql`INSERT INTO child_sen_needs (la_code, child_id, rank, sen_type) VALUES (${t.la.code}, ${id}, 1, 'ASD')`.execute(
      t.database.db,
    );
    await sql`INSERT INTO ehc_plans (la_code, child_id, status, drafted_on, issued_on, ended_on, setting_name, provision)
      VALUES (${t.la.code}, ${id}, ${endedOn ? 'ceased' : 'active'}, ${issuedOn}, ${issuedOn}, ${endedOn},
        'Acle Fen Primary School', 'mainstream')`.execute(t.database.db);
  };

  before(async () => {
    t = await startTestApp();
    manager = await addPerson(t, t.la.code, 'manager', ['send_team_manager']);
    token = await tokenFor(t, manager, t.la.code);
  });
  after(() => t.close());

  test('from fewer than two Januarys the forecast is refused, saying why', async () => {
    // Issued in June 2025: in force on the January 2026 census day only.
    for (const name of ['Ava', 'Ben']) await planned(name, '2025-06-01', null);
    const res = await callApi(t, token, 'GET', '/api/v1/sufficiency/forecast');
    assert.equal(res.statusCode, 422, res.body);
    assert.match(res.json().detail, /January/);
    const page = await browser(t, manager.email);
    const html = await page.get('/sufficiency/forecast');
    assert.equal(html.statusCode, 422);
    assert.match(html.body, /A forecast needs plans in force on at least two January census days/);
  });

  test('from two Januarys each figure comes with its interval, and the origin is the last January', async () => {
    // Four more issued in June 2024, one of them ended in June 2025: January 2025 has 4 plans,
    // January 2026 has 3 of them and Ava's and Ben's: 5.
    for (const name of ['Cal', 'Dee', 'Eli']) await planned(name, '2024-06-01', null);
    await planned('Fay', '2024-06-01', '2025-06-30');
    const res = await callApi(t, token, 'GET', '/api/v1/sufficiency/forecast?years=3&simulations=200');
    assert.equal(res.statusCode, 200, res.body);
    const f = res.json();
    assert.deepEqual(f.januarys, [2025, 2026]);
    assert.equal(f.origin, 2026);
    const totals = f.rows.filter(
      (r: { age: string | null; need: string | null; group: string | null }) =>
        r.age === null && r.need === null && r.group === null,
    );
    assert.deepEqual(
      totals.map((r: { year: number }) => r.year),
      [2027, 2028, 2029],
    );
    for (const r of f.rows) assert.ok(r.p10 <= r.median && r.median <= r.p90, JSON.stringify(r));
  });

  test('bad asks are refused naming the field', async () => {
    const res = await callApi(t, token, 'GET', '/api/v1/sufficiency/forecast?years=6');
    assert.equal(res.statusCode, 400);
    assert.match(JSON.stringify(res.json().errors), /years must be a whole number from 1 to 5/);
  });

  test('the page draws the forecast with its table, and it downloads', async () => {
    const page = await browser(t, manager.email);
    const html = await page.get('/sufficiency/forecast?years=2&simulations=200');
    assert.equal(html.statusCode, 200);
    assert.match(html.body, /5 plans in January 2026/);
    assert.match(html.body, /<svg[^>]+role="img"/);
    const xlsx = await page.get('/sufficiency/forecast?years=2&by=band&format=xlsx');
    assert.equal(xlsx.statusCode, 200);
    assert.equal(
      xlsx.headers['content-type'],
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
  });

  test('a scenario that moves no one changes nothing, and one that moves joiners keeps the first year’s total', async () => {
    // Eli goes to a special school, so the records hold two groups of setting to move joiners between.
    const special = await sql<{ id: string }>`
      INSERT INTO establishments (la_code, name, name_search, setting_kind, is_special)
      VALUES (${t.la.code}, 'Marshland Special School', 'marshland special school', 'school', true) RETURNING id`.execute(
      t.database.db,
    );
    await sql`UPDATE children SET establishment_id = ${special.rows[0]?.id} WHERE forename = 'Eli'`.execute(
      t.database.db,
    );
    const none = await callApi(t, token, 'POST', '/api/v1/sufficiency/forecast/scenario', {
      simulations: 200,
      changes: [{ kind: 'redirect-joiners', from: 'mainstream', to: 'special', share: 0, fromYear: 2027 }],
    });
    assert.equal(none.statusCode, 200, none.body);
    for (const p of none.json().places) assert.equal(p.difference.median, 0, JSON.stringify(p));
    const half = await callApi(t, token, 'POST', '/api/v1/sufficiency/forecast/scenario', {
      simulations: 200,
      changes: [{ kind: 'redirect-joiners', from: 'mainstream', to: 'special', share: 0.5, fromYear: 2027 }],
      costPerPlacePounds: { mainstream: 6000, special: 23000 },
    });
    assert.equal(half.statusCode, 200, half.body);
    const first = half
      .json()
      .places.find((p: { year: number; group: string | null }) => p.year === 2027 && p.group === null);
    // A redirect moves places between groups: in its first January, every run's total is the same.
    assert.deepEqual([first.difference.p10, first.difference.median, first.difference.p90], [0, 0, 0]);
    assert.ok(half.json().costPence.length > 0);
  });

  test('a bad scenario is refused naming the field', async () => {
    const res = await callApi(t, token, 'POST', '/api/v1/sufficiency/forecast/scenario', {
      changes: [{ kind: 'redirect-joiners', from: 'mainstream', to: 'moon', share: 2, fromYear: 2027 }],
    });
    assert.equal(res.statusCode, 400);
    const text = JSON.stringify(res.json().errors);
    assert.match(text, /share must be from 0 to 1/);
    assert.match(text, /Choose a group of setting/);
    const page = await browser(t, manager.email);
    const bad = await page.get('/sufficiency/forecast/scenario?from=special&to=srb&share=150&fromYear=20x7');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#share">Enter the share as a percentage from 0 to 100, like 10/);
    assert.match(bad.body, /href="#fromYear">Enter the January it starts from as a year, like 2027/);
    const good = await page.get(
      '/sufficiency/forecast/scenario?from=mainstream&to=special&share=10&fromYear=2027&cost-special=23000',
    );
    assert.equal(good.statusCode, 200);
    assert.match(good.body, /The difference it makes/);
    const csv = await page.get(
      '/sufficiency/forecast/scenario?from=mainstream&to=special&share=10&fromYear=2027&cost-special=23000&table=places&format=csv',
    );
    assert.equal(csv.statusCode, 200, csv.body);
    // Five Januarys from 2027, each with the two groups and every setting.
    assert.match(
      csv.body,
      /^\uFEFF?January,Group of setting,Forecast \(median\),Scenario \(median\),Difference \(median\)/,
    );
    assert.equal(csv.body.trim().split(/\r?\n/).length, 1 + 5 * 3);
    assert.match(good.body, /table=cost&amp;format=xlsx/);
  });

  test('joiners can be sent to SRBs where no one is yet, costed at the placements’ own cost a place', async () => {
    // The test clock's financial year is 2025-26. Two independent placements held all of it, from
    // 1 April 2025, at £60,000 and £50,000 a year in fees: £55,000 a place on average. A third,
    // from 1 September 2025, costs only part of the year and is left out.
    const kid = async (name: string) =>
      (
        await sql<{ id: string }>`
          INSERT INTO children (la_code, forename, surname, name_search, date_of_birth, sex)
          VALUES (${t.la.code}, ${name}, 'Placed', ${`${name.toLowerCase()} placed`}, '2012-03-01', 'U') RETURNING id`.execute(
          t.database.db,
        )
      ).rows[0]?.id;
    const place = async (name: string, from: string, pence: number) => {
      const res = await callApi(t, token, 'POST', '/api/v1/placements', {
        basis: 'interim',
        childId: await kid(name),
        providerName: 'Broadland Independent School',
        type: 'independent_special',
        startOn: from,
        costLines: [{ kind: 'fee', amountPence: pence, per: 'year', effectiveFrom: from }],
      });
      assert.equal(res.statusCode, 201, res.body);
    };
    await place('Gus', '2025-04-01', 6_000_000);
    await place('Hal', '2024-09-01', 5_000_000);
    await place('Ida', '2025-09-01', 9_000_000);

    const res = await callApi(t, token, 'POST', '/api/v1/sufficiency/forecast/scenario', {
      simulations: 200,
      years: 2,
      changes: [{ kind: 'redirect-joiners', from: 'mainstream', to: 'srb', share: 1, fromYear: 2027 }],
    });
    assert.equal(res.statusCode, 200, res.body);
    const c = res.json();
    assert.equal(c.costFrom, 'placements');
    assert.deepEqual(c.costPerPlacePounds, { independent: 55_000 });
    const srb = c.places.find(
      (p: { year: number; group: string | null }) => p.year === 2027 && p.group === 'srb',
    );
    assert.equal(srb.base.p90, 0, 'no one is in an SRB without the change');
    assert.ok(srb.scenario.p90 > 0, JSON.stringify(srb));

    const page = await browser(t, manager.email);
    const form = await page.get('/sufficiency/forecast/scenario');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="cost-independent"[^>]*value="55,000"/);
    assert.match(form.body, /£55,000 on average over 2 placements held since 1 April/);
  });
});
