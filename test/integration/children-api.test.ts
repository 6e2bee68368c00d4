import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addParentCarer,
  addSchool,
  addUser,
  apiAs,
  newChildJson,
  tokenFor,
  upnFor,
} from '../support/children.ts';

interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

describe('children API: create, read and change with validation and versions', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiAs>;
  before(async () => {
    t = await startTestApp();
    api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
  });
  after(() => t.close());

  function problemOf(
    res: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
    status: number,
  ) {
    assert.equal(res.statusCode, status);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    return res.json() as Problem;
  }

  const refused = async (
    body: Record<string, unknown>,
    field: string,
    message: string | RegExp,
    status = 400,
  ) => {
    const p = problemOf(await api.post('/api/v1/children', newChildJson(body)), status);
    const e = p.errors?.find((x) => x.field === field);
    assert.ok(e, `${JSON.stringify(body)} names ${field}: ${JSON.stringify(p.errors)}`);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
  };

  test('a child is created with normalised details, ranked needs and a derived NC year', async () => {
    const res = await api.post(
      '/api/v1/children',
      newChildJson({
        upn: 'd926 1234 0100 1',
        uln: '1234567899',
        homePostcode: 'nr12dh',
        senNeeds: ['asd', 'DS'],
      }),
    );
    assert.equal(res.statusCode, 201);
    const child = res.json();
    assert.equal(res.headers.location, `/api/v1/children/${child.id}`);
    assert.equal(child.version, 1);
    assert.equal(child.upn, 'D926123401001');
    assert.equal(child.homePostcode, 'NR1 2DH');
    assert.deepEqual(
      child.senNeeds.map((n: { rank: number; senType: string }) => [n.rank, n.senType]),
      [
        [1, 'ASD'],
        [2, 'DS'],
      ],
    );
    // 27 March 2015: 10 on 31 August 2025, so Year 6 in 2025/26 (the test clock is 2 March 2026).
    assert.deepEqual(child.ncYear, { ncYear: 6, label: 'Year 6' });
    const again = await api.get(`/api/v1/children/${child.id}`);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().forename, 'Zoë');
  });

  test('an invalid UPN, ULN or postcode is refused naming the field', async () => {
    await refused(
      { upn: 'A926123401001' },
      'upn',
      'UPN check letter is wrong: for 926123401001 it should start with D',
    );
    await refused({ upn: 'D92612340100' }, 'upn', /13 characters/);
    await refused({ upn: 'X92612340100S' }, 'upn', 'The last character of a UPN cannot be I, O or S');
    await refused(
      { uln: '1234567890' },
      'uln',
      'ULN check digit is wrong: for 123456789 it should end with 9',
    );
    await refused({ uln: '0000010200' }, 'uln', 'ULN is not valid: no ULN starts with 000001020');
    await refused({ uln: '12345' }, 'uln', 'ULN must be 10 digits');
    await refused({ homePostcode: 'NR1' }, 'homePostcode', 'Enter a real UK postcode, like NR1 2DH');
  });

  test('a date of birth in the future or over 25 years ago is refused, naming the rule', async () => {
    await refused({ dateOfBirth: '2026-03-03' }, 'dateOfBirth', 'Date of birth must be today or in the past');
    await refused(
      { dateOfBirth: '2001-03-01' },
      'dateOfBirth',
      'Date of birth must be on or after 2 March 2001: the SEND system covers children and young people aged 0 to 25',
    );
    await refused({ dateOfBirth: '2015-02-30' }, 'dateOfBirth', 'Date of birth must be a real date');
    await refused(
      { dateOfBirth: '27/03/2015' },
      'dateOfBirth',
      'Date of birth must be a date like 2015-03-27',
    );
    const exactly25 = await api.post('/api/v1/children', newChildJson({ dateOfBirth: '2001-03-02' }));
    assert.equal(exactly25.statusCode, 201);
  });

  test('an unknown SEN type, a repeated need, an unknown sex or ethnicity is refused', async () => {
    await refused({ senNeeds: ['ASD', 'NSA'] }, 'senNeeds.1', /SEN need must be an SEN2 type of need/);
    await refused(
      { senNeeds: ['ASD', 'ASD'] },
      'senNeeds.1',
      'Autistic spectrum disorder is already given as a higher-ranked need',
    );
    await refused(
      { senNeeds: ['ASD', 'SLCN', 'MLD', 'HI', 'VI', 'PD'] },
      'senNeeds',
      'Give at most 5 SEN needs',
    );
    await refused({ sex: 'X' }, 'sex', 'Sex must be F, M or U');
    await refused({ sex: undefined }, 'sex', "Select the child's sex");
    await refused({ ethnicity: 'WHITE' }, 'ethnicity', 'Ethnicity must be a CBDS ethnicity code, like WBRI');
    await refused({ forename: '' }, 'forename', "Enter the child's first name");
    await refused({ surname: 'x'.repeat(101) }, 'surname', 'Last name must be 100 characters or fewer');
    await refused({ nickname: 'Zo' }, 'body', /Unrecognized key/);
  });

  test('a UPN and a reason it is not known cannot both be given; a reason alone is fine', async () => {
    await refused(
      { upn: upnFor(t.la.code, 1), upnUnknownReason: 'UN1' },
      'upnUnknownReason',
      'Leave the reason the UPN is not known empty when you give the UPN',
    );
    const res = await api.post('/api/v1/children', newChildJson({ upnUnknownReason: 'UN1' }));
    assert.equal(res.statusCode, 201);
    assert.equal(res.json().upnUnknownReason, 'UN1');
  });

  test('a duplicate UPN in the LA is refused without naming the other child', async () => {
    const upn = upnFor(t.la.code, 2);
    const first = await api.post('/api/v1/children', newChildJson({ upn, forename: 'Anne' }));
    assert.equal(first.statusCode, 201);
    const p = problemOf(await api.post('/api/v1/children', newChildJson({ upn, forename: 'Emily' })), 409);
    assert.deepEqual(p.errors, [{ field: 'upn', message: `Another child in this LA has UPN ${upn}` }]);
    assert.doesNotMatch(JSON.stringify(p), /Anne|Brontë/);
    const other = (await api.post('/api/v1/children', newChildJson({ forename: 'Charlotte' }))).json();
    const patch = problemOf(await api.patch(`/api/v1/children/${other.id}`, { version: 1, upn }), 409);
    assert.equal(patch.errors?.[0]?.message, `Another child in this LA has UPN ${upn}`);
  });

  test('the setting must be a school or setting in the LA', async () => {
    const school = await addSchool(t, t.la.code, 'Riverside Primary', 121_001);
    const theirs = await addSchool(t, t.otherLa.code, 'Suffolk Primary', 121_002);
    const ok = await api.post('/api/v1/children', newChildJson({ establishmentId: school }));
    assert.equal(ok.statusCode, 201);
    assert.equal(ok.json().setting.name, 'Riverside Primary');
    await refused(
      { establishmentId: theirs },
      'establishmentId',
      'There is no school or setting with this ID in your LA',
    );
    await refused({ establishmentId: 'school-1' }, 'establishmentId', /UUID/);
  });

  test('a change names the version; only the fields sent change, and the version goes up', async () => {
    const child = (await api.post('/api/v1/children', newChildJson({ uln: '1234567899' }))).json();
    const res = await api.patch(`/api/v1/children/${child.id}`, {
      version: 1,
      surname: 'Brontë-Smith',
      uln: null,
    });
    assert.equal(res.statusCode, 200);
    const changed = res.json();
    assert.equal(changed.version, 2);
    assert.equal(changed.surname, 'Brontë-Smith');
    assert.equal(changed.uln, null);
    assert.equal(changed.forename, 'Zoë');
    assert.equal(changed.senNeeds.length, 2);
    const noVersion = problemOf(await api.patch(`/api/v1/children/${child.id}`, { surname: 'X' }), 400);
    assert.equal(noVersion.errors?.[0]?.field, 'version');
    const bad = problemOf(
      await api.patch(`/api/v1/children/${child.id}`, { version: 2, upn: 'A926123401001' }),
      400,
    );
    assert.equal(bad.errors?.[0]?.field, 'upn');
  });

  test('a stale edit is refused with 409, listing the fields changed since', async () => {
    const child = (await api.post('/api/v1/children', newChildJson())).json();
    assert.equal(
      (await api.patch(`/api/v1/children/${child.id}`, { version: 1, surname: 'Bell' })).statusCode,
      200,
    );
    assert.equal(
      (await api.patch(`/api/v1/children/${child.id}`, { version: 2, senNeeds: ['SEMH'] })).statusCode,
      200,
    );
    const p = problemOf(
      await api.patch(`/api/v1/children/${child.id}`, { version: 1, forename: 'Zoe' }),
      409,
    );
    assert.deepEqual(p.errors, [
      { field: 'surname', message: 'Someone else changed the last name since version 1' },
      { field: 'senNeeds', message: 'Someone else changed the SEN needs since version 1' },
    ]);
    assert.match(
      p.detail ?? '',
      /^Someone else changed the last name and SEN needs after you opened this record/,
    );
    assert.match(p.detail ?? '', /now at version 3/);
    const now = (await api.get(`/api/v1/children/${child.id}`)).json();
    assert.equal(now.forename, 'Zoë', 'the stale edit did not overwrite anything');
    assert.equal(now.version, 3);
  });

  test('a date of birth over 25 years ago may stay on a record while other details change', async () => {
    const child = (await api.post('/api/v1/children', newChildJson({ dateOfBirth: '2001-03-02' }))).json();
    t.clock.advance(2 * 24 * 60);
    try {
      const ok = await api.patch(`/api/v1/children/${child.id}`, { version: 1, homePostcode: 'NR2 1AA' });
      assert.equal(ok.statusCode, 200);
      const moved = problemOf(
        await api.patch(`/api/v1/children/${child.id}`, { version: 2, dateOfBirth: '2001-03-01' }),
        400,
      );
      assert.equal(moved.errors?.[0]?.field, 'dateOfBirth');
    } finally {
      t.clock.advance(-2 * 24 * 60);
    }
  });

  test("a child's record lists parents and carers with contact details and preferences", async () => {
    const child = (await api.post('/api/v1/children', newChildJson())).json();
    await addParentCarer(t, t.la.code, child.id, {
      forename: 'Patrick',
      surname: 'Brontë',
      mainContact: true,
    });
    const record = (await api.get(`/api/v1/children/${child.id}`)).json();
    assert.equal(record.parentCarers.length, 1);
    const p = record.parentCarers[0];
    assert.equal(p.forename, 'Patrick');
    assert.equal(p.mainContact, true);
    assert.equal(p.preferredContact, 'email');
    assert.equal(p.preferredLanguage, 'English');
    assert.ok(!('userId' in p));
  });

  test('a malformed ID is a bad request; an unknown one is not found', async () => {
    assert.equal(problemOf(await api.get('/api/v1/children/42'), 400).errors?.[0]?.field, 'id');
    problemOf(await api.get('/api/v1/children/11111111-1111-4111-8111-111111111111'), 404);
  });

  test('bad search parameters are named', async () => {
    for (const [query, field] of [
      ['upn=A926123401001', 'upn'],
      ['dateOfBirth=2015-13-01', 'dateOfBirth'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['offset=-1', 'offset'],
      [`q=${'a'.repeat(101)}`, 'q'],
    ] as const) {
      const p = problemOf(await api.get(`/api/v1/children?${query}`), 400);
      assert.ok(
        p.errors?.some((e) => e.field === field),
        `${query}: ${JSON.stringify(p.errors)}`,
      );
    }
  });

  test('only coordinators and managers may create or change; the rest read', async () => {
    const officer = await addUser(t, t.la.code, 'finance', ['finance_officer']);
    const theirs = apiAs(t, await tokenFor(t, t.la.code, officer.id));
    assert.equal((await theirs.post('/api/v1/children', newChildJson())).statusCode, 403);
    assert.equal((await theirs.get('/api/v1/children')).statusCode, 200);
  });

  test('the API is in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/docs/openapi.json' })).json();
    assert.ok(doc.paths['/api/v1/children'].get);
    assert.ok(doc.paths['/api/v1/children'].post);
    assert.ok(doc.paths['/api/v1/children/{id}'].get);
    assert.ok(doc.paths['/api/v1/children/{id}'].patch);
  });
});
