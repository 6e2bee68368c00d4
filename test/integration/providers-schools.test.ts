import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { importGiasNow } from '../../src/modules/providers/index.ts';
import { insertPlaceLine } from '../../src/modules/providers/places/repo.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addPerson, browser, callApi, giasFixture, tokenFor } from '../support/providers.ts';

/** A setting an LA adds by hand, with realistic defaults: an independent special school. */
const oakTree = (over: Record<string, unknown> = {}) => ({
  name: 'Oak Tree Independent School',
  settingKind: 'independent',
  typeName: 'Other independent special school',
  street: 'Oak Lane',
  town: 'Wymondham',
  postcode: 'nr18 0aa',
  district: 'South Norfolk',
  easting: 611000,
  northing: 301500,
  statutoryLowAge: 7,
  statutoryHighAge: 18,
  isSpecial: true,
  designations: [{ provision: 'special_school', senType: 'SEMH' }],
  ...over,
});

interface Problem {
  status: number;
  title: string;
  errors?: { field: string; message: string }[];
}

describe('schools and settings', () => {
  let t: TestApp;
  let adminToken: string;
  let readerToken: string;

  before(async () => {
    t = await startTestApp();
    adminToken = await tokenFor(t, t.la.users.admin, t.la.code);
    readerToken = await tokenFor(t, t.la.users.coordinator, t.la.code);
    await importGiasNow(
      t.database,
      { laCode: t.la.code, userId: null, roles: ['administrator'] },
      { gias: giasFixture('edubasealldata-sample.csv') },
      () => undefined,
    );
  });
  after(() => t.close());

  const problemFields = (body: Problem) =>
    Object.fromEntries((body.errors ?? []).map((e) => [e.field, e.message]));

  test('a setting without a URN is added through the API, with its location converted and postcode tidied', async () => {
    const res = await callApi(t, adminToken, 'POST', '/api/v1/schools', oakTree());
    assert.equal(res.statusCode, 201, res.body);
    const s = res.json();
    assert.equal(res.headers.location, `/api/v1/schools/${s.id}`);
    assert.equal(s.urn, null);
    assert.equal(s.postcode, 'NR18 0AA');
    assert.equal(s.district, 'South Norfolk');
    assert.ok(
      s.latitude > 52.5 && s.latitude < 52.6 && s.longitude > 1.0 && s.longitude < 1.2,
      `${s.latitude}, ${s.longitude}`,
    );
    assert.deepEqual(s.designations, [{ provision: 'special_school', senType: 'SEMH' }]);
    assert.deepEqual(s.placeLines, [], 'places are recorded as place lines, not with the designation');
    assert.equal(s.version, 1);
    assert.equal(s.fromGias, false);
    const byId = await callApi(t, readerToken, 'GET', `/api/v1/schools/${s.id}`);
    assert.equal(byId.json().name, 'Oak Tree Independent School');
  });

  test('bad input is refused with a problem naming each field, and nothing is saved', async () => {
    const cases: [Record<string, unknown>, Record<string, string>][] = [
      [{ urn: 12345 }, { urn: 'URN must be 6 digits, like 121234' }],
      [{ postcode: 'NR99 ZZZ9' }, { postcode: 'Postcode must be a UK postcode, like NR1 2DH' }],
      [{ district: 'x'.repeat(101) }, { district: 'District must be 100 characters or fewer' }],
      [{ district: 7 }, { district: 'District must be text' }],
      [{ statutoryLowAge: 30 }, { statutoryLowAge: 'Lowest age must be 25 or less' }],
      [
        { statutoryLowAge: 11, statutoryHighAge: 4 },
        { statutoryHighAge: 'Highest age must be the same as or more than the lowest age' },
      ],
      [
        { easting: 0, northing: 1_300_000 },
        { easting: 'Easting and northing must be a point in Great Britain' },
      ],
      [{ northing: null }, { northing: 'Enter both the easting and the northing, or neither' }],
      [{ name: '  ' }, { name: 'Enter the name of the school or setting' }],
      [{ ofstedDate: '2024-02-30' }, { ofstedDate: 'Date of the Ofsted inspection must be a real date' }],
      [
        { isSpecial: false, designations: [{ provision: 'special_school', senType: 'ASD' }] },
        {
          'designations.0':
            'Special school designation for ASD needs the setting to say it is a special school',
        },
      ],
      [
        {
          designations: [
            { provision: 'special_school', senType: 'SEMH' },
            { provision: 'special_school', senType: 'SEMH' },
          ],
        },
        { 'designations.1': 'Special school designation for SEMH is given twice' },
      ],
      [
        { designations: [{ provision: 'special_school', senType: 'ASD', places: 3 }] },
        {
          'designations.0':
            'A designation has only a provision and a type of need (senType): places are kept as place lines',
        },
      ],
      [{ urn: 900001 }, { urn: 'URN 900001 is already used by Acle Fen Primary School' }],
    ];
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM establishments`.execute(
      t.database.db,
    );
    for (const [over, expected] of cases) {
      const res = await callApi(t, adminToken, 'POST', '/api/v1/schools', oakTree(over));
      assert.ok([400, 422].includes(res.statusCode), `${JSON.stringify(over)} → ${res.statusCode}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      const fields = problemFields(res.json());
      for (const [field, message] of Object.entries(expected))
        assert.equal(fields[field], message, JSON.stringify(over));
    }
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM establishments`.execute(
      t.database.db,
    );
    assert.equal(after.rows[0]?.n, before.rows[0]?.n);
  });

  test('the add form shows each mistake in the error summary and by its field', async () => {
    const admin = await browser(t, t.la.users.admin.email);
    const res = await admin.post('/schools/new', '/schools', {
      name: '',
      settingKind: 'independent',
      urn: '12ab',
      postcode: 'not a postcode',
      statutoryLowAge: '12',
      statutoryHighAge: '5',
      'ofstedDate-day': '31',
      'ofstedDate-month': '2',
      'ofstedDate-year': '2024',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>Error: Add a school or setting/);
    for (const [href, text] of [
      ['#name', 'Enter the name of the school or setting'],
      ['#urn', 'URN must be 6 digits, like 121234'],
      ['#postcode', 'Postcode must be a UK postcode, like NR1 2DH'],
      ['#ofstedDate-day', 'Date of the Ofsted inspection must be a real date'],
    ])
      assert.match(res.body, new RegExp(`href="${href}">${text}`), text);
    assert.match(res.body, /value="not a postcode"/, 'what was typed is shown again');

    // A type of need for a provision the setting does not have: the summary links to the group's first checkbox.
    const unit = await admin.post('/schools/new', '/schools', {
      name: 'Holly Lodge',
      settingKind: 'independent',
      'designations-sen_unit': ['HI', 'VI'],
    });
    assert.equal(unit.statusCode, 400);
    assert.match(
      unit.body,
      /href="#designations-sen_unit-SPLD">SEN unit designation for HI needs the setting to say it has a SEN unit/,
    );
    assert.match(
      unit.body,
      /<input class="govuk-checkboxes__input" id="designations-sen_unit-SPLD" name="designations-sen_unit" type="checkbox" value="SPLD"/,
    );
    assert.match(
      unit.body,
      /id="designations-sen_unit-HI" name="designations-sen_unit" type="checkbox" value="HI" checked/,
    );
    assert.match(unit.body, /govuk-error-message[\s\S]*?SEN unit designation for HI needs/);
  });

  test('the school page shows details, designations and cluster; the list searches and filters', async () => {
    const reader = await browser(t, t.la.users.coordinator.email);
    const special = await callApi(t, readerToken, 'GET', '/api/v1/schools/900004');
    const page = await reader.get(`/schools/${special.json().id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Marshland Special School<\/h1>/);
    assert.match(
      page.body,
      /<dt class="govuk-summary-list__key">\s*District\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*King&#39;s Lynn and West Norfolk\s*<\/dd>/,
    );
    assert.match(
      page.body,
      /Special school<\/h3>\s*<p[^>]*>Designated for these types of need:<\/p>\s*<ul[^>]*>\s*<li>Severe learning difficulty \(SLD\)<\/li>\s*<li>Profound and multiple learning difficulty \(PMLD\)<\/li>\s*<li>Autistic spectrum disorder \(ASD\)<\/li>/,
    );
    assert.match(page.body, /No places are recorded yet\./);
    assert.match(page.body, /Not in a cluster now/);
    assert.doesNotMatch(page.body, /Change Ofsted/, 'a reader is not offered changes');

    const bySpecial = await reader.get('/schools?special=true');
    assert.match(bySpecial.body, /Marshland Special School/);
    assert.match(bySpecial.body, /Oak Tree Independent School/);
    assert.doesNotMatch(bySpecial.body, /Acle Fen/);
    const bySrb = await callApi(t, readerToken, 'GET', '/api/v1/schools?srb=true');
    assert.deepEqual(
      bySrb.json().items.map((s: { urn: number }) => s.urn),
      [900003, 900002],
    );
    const secondary = await callApi(t, readerToken, 'GET', '/api/v1/schools?phase=Secondary');
    assert.deepEqual(
      secondary.json().items.map((s: { urn: number }) => s.urn),
      [900003, 900008],
    );
    const typo = await callApi(t, readerToken, 'GET', '/api/v1/schools?q=marshlnd');
    assert.equal(typo.json().items[0]?.urn, 900004, 'a typo still finds it');
    const byUrn = await callApi(t, readerToken, 'GET', '/api/v1/schools?q=900006');
    assert.deepEqual(
      byUrn.json().items.map((s: { name: string }) => s.name),
      ['Wensum Valley College'],
    );
    const closed = await callApi(t, readerToken, 'GET', '/api/v1/schools?status=closed');
    assert.deepEqual(
      closed.json().items.map((s: { urn: number }) => s.urn),
      [900007],
    );
  });

  test('the list is paginated, and asks for a sensible page size', async () => {
    const first = await callApi(t, readerToken, 'GET', '/api/v1/schools?limit=3&status=all');
    const body = first.json();
    assert.equal(body.items.length, 3);
    assert.equal(body.total, 9);
    assert.equal(body.next, '/api/v1/schools?status=all&limit=3&page=2');
    const last = await callApi(t, readerToken, 'GET', '/api/v1/schools?limit=3&status=all&page=3');
    assert.equal(last.json().next, null);
    const seen = new Set<string>();
    for (const page of [1, 2, 3])
      for (const s of (
        await callApi(t, readerToken, 'GET', `/api/v1/schools?limit=3&status=all&page=${page}`)
      ).json().items)
        seen.add(s.id);
    assert.equal(seen.size, 9, 'every school once across the pages');
    const bad = await callApi(t, readerToken, 'GET', '/api/v1/schools?limit=500&page=0');
    assert.equal(bad.statusCode, 400);
    const fields = problemFields(bad.json());
    assert.equal(fields.limit, 'limit must be 100 or fewer');
    assert.equal(fields.page, 'page must be 1 or more');
    const page = await (await browser(t, t.la.users.coordinator.email)).get('/schools?status=all&page=2');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /page 2 of 1|No schools or settings match/);
  });

  test('an edit carries its version: a stale one is refused and shows what someone else changed', async () => {
    const created = (
      await callApi(
        t,
        adminToken,
        'POST',
        '/api/v1/schools',
        oakTree({ name: 'Hawthorn House', district: '  ' }),
      )
    ).json();
    assert.equal(created.district, null, 'a blank district is none');
    const admin = await browser(t, t.la.users.admin.email);
    assert.match(
      (await admin.get(`/schools/${created.id}`)).body,
      /<dt class="govuk-summary-list__key">\s*District\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Not recorded\s*<\/dd>/,
    );
    const form = await admin.get(`/schools/${created.id}/edit`);
    assert.match(form.body, /name="version" value="1"/);
    assert.match(
      form.body,
      /<label class="govuk-label" for="district">\s*District \(optional\)\s*<\/label>\s*<div id="district-hint" class="govuk-hint">\s*The local authority district it is in, such as Breckland\s*<\/div>/,
    );

    const theirs = await callApi(t, adminToken, 'PATCH', `/api/v1/schools/${created.id}`, {
      version: 1,
      postcode: 'NR2 4TT',
      district: 'Broadland',
      capacity: 40,
      designations: [
        { provision: 'special_school', senType: 'SEMH' },
        { provision: 'special_school', senType: 'SLD' },
      ],
    });
    assert.equal(theirs.statusCode, 200, theirs.body);
    assert.equal(theirs.json().version, 2);

    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const base = /name="base" value="([^"]+)"/.exec(form.body)?.[1]?.replaceAll('&quot;', '"') ?? '';
    const mine = await t.app.inject({
      method: 'POST',
      url: `/schools/${created.id}/edit`,
      headers: { cookie: admin.cookie, accept: 'text/html' },
      payload: {
        _csrf: csrf,
        version: '1',
        base,
        name: 'Hawthorn House School',
        settingKind: 'independent',
        status: 'open',
        postcode: 'NR18 0AA',
        provision: 'isSpecial',
        'designations-special_school': ['SEMH', 'ASD'],
      },
    });
    assert.equal(mine.statusCode, 409);
    assert.match(mine.body, /Someone else changed this school while you were editing it/);
    assert.match(mine.body, /Postcode<\/td>\s*<td[^>]*>NR18 0AA<\/td>\s*<td[^>]*>NR2 4TT/);
    assert.match(mine.body, /Capacity<\/td>\s*<td[^>]*>\(blank\)<\/td>\s*<td[^>]*>40/);
    assert.match(mine.body, /District<\/td>\s*<td[^>]*>\(blank\)<\/td>\s*<td[^>]*>Broadland/);
    assert.match(
      mine.body,
      /Special school types of need<\/td>\s*<td[^>]*>SEMH<\/td>\s*<td[^>]*>SLD, SEMH/,
      'the types they changed are shown by the SEN2 codes',
    );
    assert.match(mine.body, /value="ASD" checked/, 'the type they ticked is kept');
    assert.match(mine.body, /name="version" value="2"/);
    assert.match(mine.body, /value="Hawthorn House School"/, 'what they typed is kept');

    const stale = await callApi(t, adminToken, 'PATCH', `/api/v1/schools/${created.id}`, {
      version: 1,
      capacity: 50,
    });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.json().detail, /changed by someone else after version 1: it is now version 2/);
    const saved = (await callApi(t, readerToken, 'GET', `/api/v1/schools/${created.id}`)).json();
    assert.equal(saved.capacity, 40);
    assert.equal(saved.name, 'Hawthorn House');
  });

  test('a school from GIAS keeps its GIAS fields and types of need; the LA records Ofsted and adds types', async () => {
    const aedan = (await callApi(t, readerToken, 'GET', '/api/v1/schools/900002')).json();
    const refused = await callApi(t, adminToken, 'PATCH', `/api/v1/schools/${aedan.id}`, {
      version: aedan.version,
      name: 'Renamed',
      postcode: 'NR1 1AA',
      district: 'Norwich',
    });
    assert.equal(refused.statusCode, 422);
    assert.equal(
      problemFields(refused.json()).name,
      'Name comes from GIAS and is updated by each import, so it cannot be changed here',
    );
    assert.equal(
      problemFields(refused.json()).district,
      'District comes from GIAS and is updated by each import, so it cannot be changed here',
    );
    const admin = await browser(t, t.la.users.admin.email);
    const form = await admin.get(`/schools/${aedan.id}/edit`);
    assert.doesNotMatch(form.body, /id="name"/);
    assert.doesNotMatch(form.body, /id="district"/);
    // Only its own provision, with the types GIAS lists ticked and fixed, and a hint that says why.
    assert.doesNotMatch(form.body, /name="designations-special_school"/);
    assert.match(
      form.body,
      /id="designations-resourced_provision-ASD" name="designations-resourced_provision" type="checkbox" value="ASD" checked disabled/,
    );
    assert.match(
      form.body,
      /id="designations-resourced_provision-HI" name="designations-resourced_provision" type="checkbox" value="HI">/,
    );
    assert.match(
      form.body,
      /Types already ticked cannot be unticked here: GIAS lists this school’s types of need/,
    );
    const res = await admin.post(`/schools/${aedan.id}/edit`, `/schools/${aedan.id}/edit`, {
      version: String(aedan.version),
      ofstedRating: 'good',
      'ofstedDate-day': '14',
      'ofstedDate-month': '3',
      'ofstedDate-year': '2023',
      // SLCN left out, as a disabled checkbox is never posted: it stays all the same.
      'designations-resourced_provision': ['ASD', 'HI', 'VI'],
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
    const after = (await callApi(t, readerToken, 'GET', '/api/v1/schools/900002')).json();
    assert.equal(after.ofstedRating, 'good');
    assert.equal(after.ofstedDate, '2023-03-14');
    assert.deepEqual(after.designations, [
      { provision: 'resourced_provision', senType: 'ASD' },
      { provision: 'resourced_provision', senType: 'HI' },
      { provision: 'resourced_provision', senType: 'SLCN' },
      { provision: 'resourced_provision', senType: 'VI' },
    ]);

    // The LA records places for HI (and for ASD, which GIAS lists), but none for VI.
    const line = (senType: 'ASD' | 'HI', places: number) => ({
      provision: 'resourced_provision' as const,
      senType,
      phase: 'primary' as const,
      lowAge: 4,
      highAge: 11,
      places,
      startsOn: '2024-09-01',
      endsOn: null,
      note: null,
    });
    const lineIds = await inTenant(t.database.db, { laCode: t.la.code, userId: null }, async (tx) => [
      await insertPlaceLine(tx, t.la.code, aedan.id, line('ASD', 6), null),
      await insertPlaceLine(tx, t.la.code, aedan.id, line('HI', 4), null),
    ]);

    // The next import keeps Ofsted, the place lines, and HI, which has places; VI, with none, goes.
    await importGiasNow(
      t.database,
      { laCode: t.la.code, userId: null, roles: ['administrator'] },
      { gias: giasFixture('edubasealldata-sample.csv') },
      () => undefined,
    );
    const reimported = (await callApi(t, readerToken, 'GET', '/api/v1/schools/900002')).json();
    assert.equal(reimported.ofstedRating, 'good');
    assert.deepEqual(reimported.designations, [
      { provision: 'resourced_provision', senType: 'ASD' },
      { provision: 'resourced_provision', senType: 'HI' },
      { provision: 'resourced_provision', senType: 'SLCN' },
    ]);
    assert.deepEqual(
      reimported.placeLines.map(
        (l: { id: string; senType: string; places: number; endsOn: string | null }) => [
          l.id,
          l.senType,
          l.places,
          l.endsOn,
        ],
      ),
      [
        [lineIds[0], 'ASD', 6, null],
        [lineIds[1], 'HI', 4, null],
      ],
    );
    const audit = await sql<{ detail: { changes: Record<string, unknown> } }>`SELECT detail FROM audit_events
      WHERE action = 'school.updated' AND entity_id = ${aedan.id} ORDER BY id`.execute(t.database.db);
    assert.deepEqual(Object.keys(audit.rows[0]?.detail.changes ?? {}).sort(), [
      'designations',
      'ofstedDate',
      'ofstedRating',
    ]);
  });

  test('the school page lists place lines with their dates, marks those not in force, and totals today', async () => {
    const marshland = (await callApi(t, readerToken, 'GET', '/api/v1/schools/900004')).json();
    const line = (
      senType: 'SLD' | 'PMLD' | 'ASD',
      phase: 'primary' | 'secondary' | 'all_through',
      ages: [number, number],
      places: number,
      startsOn: string,
      endsOn: string | null,
    ) => ({
      provision: 'special_school' as const,
      senType,
      phase,
      lowAge: ages[0],
      highAge: ages[1],
      places,
      startsOn,
      endsOn,
      note: null,
    });
    // Today, by the test clock, is 2 March 2026.
    const ids = await inTenant(t.database.db, { laCode: t.la.code, userId: null }, async (tx) => {
      const add = (l: ReturnType<typeof line>) => insertPlaceLine(tx, t.la.code, marshland.id, l, null);
      return {
        primary: await add(line('SLD', 'primary', [4, 11], 40, '2020-09-01', null)),
        ended: await add(line('SLD', 'secondary', [11, 19], 30, '2020-09-01', '2025-08-31')),
        planned: await add(line('ASD', 'all_through', [4, 19], 12, '2026-09-01', null)),
        pmld: await add(line('PMLD', 'secondary', [11, 19], 1200, '2019-09-01', '2026-08-31')),
      };
    });

    const reader = await browser(t, t.la.users.coordinator.email);
    const page = await reader.get(`/schools/${marshland.id}`);
    assert.equal(page.statusCode, 200);
    const table =
      /<table class="govuk-table">\s*<caption[^>]*>Special school: 1,240 places today<\/caption>[\s\S]*?<\/table>/.exec(
        page.body,
      )?.[0];
    assert.ok(table, 'the caption totals the lines in force today: 40 and 1,200');
    const rows = [...table.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].slice(1).map((m) =>
      [...(m[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) =>
        (c[1] ?? '')
          .replace(/<[^>]+>/g, '')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
    );
    assert.deepEqual(rows, [
      ['Severe learning difficulty (SLD)', 'Primary', '4 to 11', '40', '1 September 2020', 'No end date'],
      [
        'Severe learning difficulty (SLD) Ended',
        'Secondary',
        '11 to 19',
        '30',
        '1 September 2020',
        '31 August 2025',
      ],
      [
        'Profound and multiple learning difficulty (PMLD)',
        'Secondary',
        '11 to 19',
        '1,200',
        '1 September 2019',
        '31 August 2026',
      ],
      [
        'Autistic spectrum disorder (ASD) From 1 September 2026',
        'All-through',
        '4 to 19',
        '12',
        '1 September 2026',
        'No end date',
      ],
    ]);
    assert.match(table, /<strong class="govuk-tag govuk-tag--grey">Ended<\/strong>/);
    assert.doesNotMatch(page.body, /No places are recorded yet/);
    assert.doesNotMatch(page.body, /places\/new|\/edit"/, 'a reader is offered no changes');

    const admin = await browser(t, t.la.users.admin.email);
    const asWriter = (await admin.get(`/schools/${marshland.id}?done=places-added`)).body;
    assert.match(asWriter, /govuk-notification-banner--success[\s\S]*The places have been added/);
    assert.match(asWriter, /<h2 class="govuk-heading-m" id="places">Designated places by type of need<\/h2>/);
    assert.match(asWriter, new RegExp(`href="/schools/${marshland.id}/places/new">Add places`));
    for (const id of Object.values(ids))
      assert.match(asWriter, new RegExp(`href="/schools/${marshland.id}/places/${id}/edit">Change<`));
    assert.match(
      asWriter,
      /Change<span class="govuk-visually-hidden"> special school places for SLD, primary, from 1 September 2020<\/span>/,
    );

    const api = (await callApi(t, readerToken, 'GET', `/api/v1/schools/${marshland.id}`)).json();
    assert.deepEqual(
      api.placeLines.find((l: { id: string }) => l.id === ids.ended),
      {
        id: ids.ended,
        provision: 'special_school',
        senType: 'SLD',
        phase: 'secondary',
        lowAge: 11,
        highAge: 19,
        places: 30,
        startsOn: '2020-09-01',
        endsOn: '2025-08-31',
      },
    );
    assert.equal(api.placeLines.length, 4);
  });

  test('who may do what: readers read, only writers change, parents see nothing', async () => {
    const created = (
      await callApi(t, adminToken, 'POST', '/api/v1/schools', oakTree({ name: 'Elm Grove' }))
    ).json();
    const denied = await callApi(t, readerToken, 'POST', '/api/v1/schools', oakTree());
    assert.equal(denied.statusCode, 403);
    assert.equal(
      (await callApi(t, readerToken, 'PATCH', `/api/v1/schools/${created.id}`, { version: 1 })).statusCode,
      403,
    );
    const manager = await addPerson(t, t.la.code, 'manager', ['send_team_manager']);
    const managerToken = await tokenFor(t, manager, t.la.code);
    const ok = await callApi(t, managerToken, 'PATCH', `/api/v1/schools/${created.id}`, {
      version: 1,
      capacity: 30,
    });
    assert.equal(ok.statusCode, 200);
    const parent = await browser(t, t.la.users.parent.email);
    assert.equal((await parent.get('/schools')).statusCode, 403);
    assert.equal((await parent.get(`/schools/${created.id}`)).statusCode, 403);
    const coordinator = await browser(t, t.la.users.coordinator.email);
    assert.equal((await coordinator.get('/schools/new')).statusCode, 403);
    assert.equal((await coordinator.get('/schools')).statusCode, 200);
    assert.match(
      (await coordinator.get('/')).body,
      /href="\/schools"[^>]*>\s*Schools\s*</,
      'the menu offers Schools',
    );
    assert.doesNotMatch((await parent.get('/')).body, /href="\/schools"/, 'but not to a parent');
  });

  test('an unknown school or URN is a 404 naming what was asked for', async () => {
    const res = await callApi(t, readerToken, 'GET', '/api/v1/schools/999999');
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().detail, 'There is no school with URN 999999 in your LA.');
    assert.equal((await callApi(t, readerToken, 'GET', '/api/v1/schools/not-a-school')).statusCode, 404);
    const patch = await callApi(t, adminToken, 'PATCH', '/api/v1/schools/not-a-uuid', { version: 1 });
    assert.equal(patch.statusCode, 400);
    assert.equal(problemFields(patch.json()).id, 'id must be a school id (a UUID)');
  });
});
