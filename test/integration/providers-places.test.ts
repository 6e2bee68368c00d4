import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { importGiasNow } from '../../src/modules/providers/index.ts';
import { csrfFrom, startTestApp, type TestApp } from '../support/app.ts';
import { browser, callApi, giasFixture, multipartBody, tokenFor, waitForJob } from '../support/providers.ts';

interface Problem {
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** Marshland Special School in the GIAS sample: URN 900004, a special school for ages 2 to 19. */
const marshlandUrn = 900004;

const line = (over: Record<string, unknown> = {}) => ({
  provision: 'special_school',
  senType: 'ASD',
  phase: 'primary',
  lowAge: 4,
  highAge: 11,
  places: 24,
  startsOn: '2020-09-01',
  ...over,
});

describe('designated places at a setting', () => {
  let t: TestApp;
  let admin: string;
  let reader: string;
  let marshland: string;
  let acle: string;

  const send = (method: 'PUT' | 'DELETE', url: string, token: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
  const fields = (body: Problem) => Object.fromEntries((body.errors ?? []).map((e) => [e.field, e.message]));
  const lineCount = async () =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM designated_places`.execute(t.database.db))
      .rows[0]?.n;

  before(async () => {
    t = await startTestApp();
    admin = await tokenFor(t, t.la.users.admin, t.la.code);
    reader = await tokenFor(t, t.la.users.coordinator, t.la.code);
    await importGiasNow(
      t.database,
      { laCode: t.la.code, userId: null, roles: ['administrator'] },
      { gias: giasFixture('edubasealldata-sample.csv') },
      () => undefined,
    );
    marshland = (await callApi(t, reader, 'GET', `/api/v1/schools/${marshlandUrn}`)).json().id;
    acle = (await callApi(t, reader, 'GET', '/api/v1/schools/900001')).json().id;
  });
  after(() => t.close());

  test('a line is added, changed to end, followed by a new line, and removed, each audited', async () => {
    const added = await callApi(t, admin, 'POST', `/api/v1/schools/${marshland}/places`, line());
    assert.equal(added.statusCode, 201, added.body);
    const first = added.json().lines[0];
    assert.deepEqual(
      { ...first, id: undefined },
      { ...line(), id: undefined, endsOn: null, note: null, version: 1 },
    );

    // From September 2027 the school takes 30, not 24: the old line ends the day before.
    const ended = await send('PUT', `/api/v1/schools/${marshland}/places/${first.id}`, admin, {
      ...line(),
      endsOn: '2027-08-31',
      version: 1,
    });
    assert.equal(ended.statusCode, 200, ended.body);
    const next = await callApi(
      t,
      admin,
      'POST',
      `/api/v1/schools/${marshland}/places`,
      line({ places: 30, startsOn: '2027-09-01' }),
    );
    assert.equal(next.statusCode, 201, next.body);
    const lines = next.json().lines as { places: number; startsOn: string; endsOn: string | null }[];
    assert.deepEqual(
      lines.map((l) => [l.places, l.startsOn, l.endsOn]),
      [
        [24, '2020-09-01', '2027-08-31'],
        [30, '2027-09-01', null],
      ],
    );

    const stale = await send('PUT', `/api/v1/schools/${marshland}/places/${first.id}`, admin, {
      ...line(),
      version: 1,
    });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.json().detail, /changed by someone else after version 1: they are now version 2/);

    const newest = next.json().lines[1];
    const removed = await send('DELETE', `/api/v1/schools/${marshland}/places/${newest.id}?version=1`, admin);
    assert.equal(removed.statusCode, 204, removed.body);
    const audit = await sql<{ action: string }>`
      SELECT action FROM audit_events WHERE entity_id = ${marshland} AND action LIKE 'school.places.%'
      ORDER BY id`.execute(t.database.db);
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['school.places.added', 'school.places.changed', 'school.places.added', 'school.places.removed'],
    );
  });

  test('bad lines are refused naming the field, and nothing is saved', async () => {
    const before = await lineCount();
    const cases: [string, Record<string, unknown>, Record<string, string>][] = [
      [
        marshland,
        { places: -1 },
        { places: 'Places cannot be below 0: end the line to take its places away' },
      ],
      [marshland, { senType: undefined }, { senType: 'Choose the type of need' }],
      [marshland, { senType: 'XYZ' }, { senType: 'Choose the type of need' }],
      [
        marshland,
        { lowAge: 12, highAge: 9 },
        {
          highAge:
            'The oldest age must be above the youngest, as a primary for 4 to 11 year olds gives 4 and 11',
        },
      ],
      [
        marshland,
        { phase: 'primary', lowAge: 4, highAge: 16 },
        { lowAge: 'Primary places are for ages 2 to 11: change the ages or the phase' },
      ],
      [marshland, { startsOn: '2027-02-30' }, { startsOn: 'Start date must be a real date' }],
      [
        marshland,
        { startsOn: '2027-09-01', endsOn: '2027-08-31' },
        { endsOn: 'The last day must be the same as or after the start date' },
      ],
      [
        acle,
        { provision: 'resourced_provision' },
        {
          provision:
            'Acle Fen Primary School is not recorded as having resourced provision: change its details first, or choose another provision',
        },
      ],
    ];
    for (const [id, over, expected] of cases) {
      const res = await callApi(t, admin, 'POST', `/api/v1/schools/${id}/places`, line(over));
      assert.ok(
        [400, 422].includes(res.statusCode),
        `${JSON.stringify(over)} → ${res.statusCode} ${res.body}`,
      );
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      const got = fields(res.json());
      for (const [field, message] of Object.entries(expected))
        assert.equal(got[field], message, JSON.stringify(over));
    }
    assert.equal(await lineCount(), before);
  });

  test('a line clashing with one in force is refused, naming the line to end', async () => {
    await callApi(
      t,
      admin,
      'POST',
      `/api/v1/schools/${marshland}/places`,
      line({ senType: 'SLD', phase: 'secondary', lowAge: 11, highAge: 19 }),
    );
    const clash = await callApi(
      t,
      admin,
      'POST',
      `/api/v1/schools/${marshland}/places`,
      line({
        senType: 'SLD',
        phase: 'secondary',
        lowAge: 11,
        highAge: 19,
        places: 10,
        startsOn: '2026-09-01',
      }),
    );
    assert.equal(clash.statusCode, 422);
    assert.equal(
      fields(clash.json()).startsOn,
      'Special school places for SLD, secondary, are already set from 2020-09-01: end that line the day before, or change it',
    );
  });

  test('places at a setting with no location are refused', async () => {
    const made = await callApi(t, admin, 'POST', '/api/v1/schools', {
      name: 'Nowhere Independent School',
      settingKind: 'independent',
      isSpecial: true,
    });
    assert.equal(made.statusCode, 201, made.body);
    const res = await callApi(t, admin, 'POST', `/api/v1/schools/${made.json().id}/places`, line());
    assert.equal(res.statusCode, 422);
    assert.equal(
      fields(res.json()).places,
      "Nowhere Independent School has no location, so children's journeys to its places cannot be worked out: give it a postcode or grid reference first",
    );
  });

  test('readers see the lines but may not change them', async () => {
    const read = await callApi(t, reader, 'GET', `/api/v1/schools/${marshland}/places`);
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().urn, marshlandUrn);
    const refused = await callApi(t, reader, 'POST', `/api/v1/schools/${marshland}/places`, line());
    assert.equal(refused.statusCode, 403);
  });

  test('the form shows each mistake in the error summary, linked to its field, and saves a good line', async () => {
    const page = await browser(t, t.la.users.admin.email);
    const form = await page.get(`/schools/${marshland}/places/new`);
    assert.equal(form.statusCode, 200);
    const bad = await page.post(`/schools/${marshland}/places/new`, `/schools/${marshland}/places/new`, {
      provision: 'special_school',
      senType: '',
      phase: 'early_years',
      lowAge: '2',
      highAge: '4',
      places: '-3',
      'startsOn-day': '31',
      'startsOn-month': '6',
      'startsOn-year': '2027',
    });
    assert.equal(bad.statusCode, 400);
    for (const [href, text] of [
      ['#senType', 'Choose the type of need'],
      ['#places', 'Places cannot be below 0: end the line to take its places away'],
      ['#startsOn-day', 'Start date must be a real date'],
    ])
      assert.match(bad.body, new RegExp(`href="${href}">${text}`), text);
    assert.match(bad.body, /value="-3"/, 'what was typed is shown again');

    const good = await page.post(`/schools/${marshland}/places/new`, `/schools/${marshland}/places/new`, {
      provision: 'special_school',
      senType: 'PMLD',
      phase: 'early_years',
      lowAge: '2',
      highAge: '4',
      places: '6',
      'startsOn-day': '1',
      'startsOn-month': '9',
      'startsOn-year': '2027',
      note: 'Nursery class <opening> 2027',
    });
    assert.equal(good.statusCode, 303, good.body);
    assert.equal(good.headers.location, `/schools/${marshland}?done=places-added#places`);
    const lines = (await callApi(t, reader, 'GET', `/api/v1/schools/${marshland}/places`)).json().lines;
    const pmld = lines.find((l: { senType: string }) => l.senType === 'PMLD');
    assert.deepEqual(
      [pmld.places, pmld.startsOn, pmld.note],
      [6, '2027-09-01', 'Nursery class <opening> 2027'],
    );
    const edit = await page.get(`/schools/${marshland}/places/${pmld.id}/edit`);
    assert.match(edit.body, /Nursery class &lt;opening&gt; 2027/, 'a note is escaped');
  });

  /** Uploads a file of places through the load page, as a sufficiency lead does, and waits for it. */
  async function load(csv: string) {
    const page = await browser(t, t.la.users.admin.email);
    const form = await page.get('/schools/places-import');
    assert.equal(form.statusCode, 200);
    const body = multipartBody(
      { _csrf: csrfFrom(form.body) },
      { file: { filename: 'places.csv', data: Buffer.from(csv) } },
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/schools/places-import',
      headers: { cookie: page.cookie, accept: 'text/html', 'content-type': body.contentType },
      payload: body.payload,
    });
    assert.equal(res.statusCode, 303, res.body);
    const id = String(res.headers.location).split('/').pop() ?? '';
    return { job: await waitForJob(t, t.la.code, id), page: await page.get(String(res.headers.location)) };
  }

  test('a file of places loads all or nothing, naming each row, column and problem', async () => {
    const before = await lineCount();
    const bad = [
      'URN,Provision,Need,Phase,Youngest age,Oldest age,Places,Starts on,Last day',
      '900004,Special school,SEMH,Secondary,11,16,20,01/09/2026,',
      '999999,Special school,ASD,Primary,4,11,10,01/09/2026,',
      '900004,SRB,ASD,Primary,4,11,10,01/09/2026,',
      '900004,Special school,MLD,Primary,4,16,10,01/09/2026,',
      '900004,Special school,SEMH,Secondary,11,16,25,01/09/2027,',
    ].join('\n');
    const refused = await load(bad);
    assert.equal(refused.job.status, 'failed');
    for (const text of [
      'URN 999999 is not on your register: import it from GIAS or add the setting first',
      'Marshland Special School is not recorded as having resourced provision',
      'Primary places are for ages 2 to 11: change the ages or the phase',
    ])
      assert.ok(refused.page.body.includes(text), text);
    assert.equal(await lineCount(), before, 'nothing is loaded from a file with problems');

    const good = [
      'URN,Provision,Need,Phase,Youngest age,Oldest age,Places,Starts on,Last day,Note',
      '900004,Special school,SEMH,Secondary,11,16,20,01/09/2026,31/08/2027,',
      '900004,Special school,SEMH,Secondary,11,16,25,01/09/2027,,New classroom',
    ].join('\n');
    const loaded = await load(good);
    assert.equal(loaded.job.status, 'succeeded', JSON.stringify(loaded.job));
    assert.equal(await lineCount(), (before ?? 0) + 2);
    const again = await load(good);
    assert.equal(again.job.status, 'succeeded');
    assert.equal(await lineCount(), (before ?? 0) + 2, 'loading the same file again adds nothing');
    assert.match(again.page.body, /2 lines were already held/);
  });

  test('two rows of a file in force together for one need and phase are refused', async () => {
    const clash = [
      'URN,Provision,Need,Phase,Youngest age,Oldest age,Places,Starts on,Last day',
      '900004,Special school,HI,Secondary,11,16,4,01/09/2026,',
      '900004,Special school,HI,Secondary,11,16,6,01/09/2027,',
    ].join('\n');
    const refused = await load(clash);
    assert.equal(refused.job.status, 'failed');
    assert.ok(
      refused.page.body.includes(
        'row 2 has places for the same need and phase in force on some of the same days: end one the day before the other starts',
      ),
      refused.page.body,
    );
  });
});
