import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { importGiasNow } from '../../src/modules/providers/index.ts';
import { insertPlaceLine } from '../../src/modules/providers/places/repo.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { giasCsv, giasRow } from '../support/gias.ts';
import { browser, callApi, giasFixture, tokenFor, uploadGias, waitForJob } from '../support/providers.ts';

describe('importing schools from a GIAS file', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof browser>>;
  let token: string;

  before(async () => {
    t = await startTestApp();
    admin = await browser(t, t.la.users.admin.email);
    token = await tokenFor(t, t.la.users.admin, t.la.code);
  });
  after(() => t.close());

  const schoolCount = async (laCode = t.la.code) => {
    const r = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM establishments WHERE la_code = ${laCode}`.execute(t.database.db);
    return Number(r.rows[0]?.n);
  };
  const school = async (urn: string) => (await callApi(t, token, 'GET', `/api/v1/schools/${urn}`)).json();

  /** Uploads through the page, follows the redirect to the job, waits for it and returns its page. */
  async function importThroughPage(files: { gias: Buffer; links?: Buffer }) {
    const upload = await uploadGias(t, admin.cookie, files);
    assert.equal(upload.statusCode, 303, upload.body.slice(0, 500));
    const location = String(upload.headers.location);
    assert.match(location, /^\/admin\/imports\/gias\/[0-9a-f-]{36}$/);
    const job = await waitForJob(t, t.la.code, location.split('/').pop() ?? '');
    const page = await admin.get(location);
    return { job, page };
  }

  test('a file in a wrong encoding, or not a CSV at all, is refused on the form saying what it is', async () => {
    const sample = giasFixture('edubasealldata-sample.csv');
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(sample.toString('latin1'), 'utf16le'),
    ]);
    const cases: [Buffer, RegExp][] = [
      [utf16, /The selected file is UTF-16 \(&quot;Unicode text&quot;\)/],
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), /The selected file is a spreadsheet or zip file/],
      [Buffer.alloc(0), /Select a GIAS establishment file \(CSV\)/],
    ];
    for (const [gias, message] of cases) {
      const res = await uploadGias(t, admin.cookie, { gias });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /govuk-error-summary/);
      assert.match(res.body, message);
      assert.match(res.body, /href="#gias"/);
    }
    assert.equal(await schoolCount(), 0);
  });

  test('a file missing GIAS columns is refused, naming each missing column', async () => {
    const res = await uploadGias(t, admin.cookie, {
      gias: giasFixture('edubasealldata-missing-columns.csv'),
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /The file is missing these GIAS columns: Postcode, SEN13 \(name\)/);
    assert.equal(await schoolCount(), 0);
  });

  test('a file with bad rows imports nothing and reports each row, column and problem', async () => {
    const { job, page } = await importThroughPage({ gias: giasFixture('edubasealldata-bad-rows.csv') });
    assert.equal(job.status, 'failed');
    assert.equal(job.message, 'Nothing was imported: 7 problems in the file');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Nothing was imported<\/h1>/);
    const rows = [
      ...page.body.matchAll(
        /<tr class="govuk-table__row">\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>([^<]+)<\/td>\s*<td[^>]*>([^<]+)<\/td>/g,
      ),
    ].map((m) => [Number(m[1]), m[2], m[3]?.replaceAll('&quot;', '"')]);
    assert.deepEqual(rows, [
      [3, 'URN', '"90002X" is not a URN (6 digits)'],
      [4, 'OpenDate', '"31-02-2020" is not a date written dd-mm-yyyy'],
      [5, 'Postcode', '"NR99 ZZZ9" is not a UK postcode'],
      [6, 'SEN1 (name)', '"XYZ - Something Else" is not a GIAS type of SEN provision'],
      [7, 'StatutoryHighAge', '4 is below StatutoryLowAge 11'],
      [8, 'Easting', '"east" is not a whole number'],
      [9, 'URN', '900001 is also on row 2'],
    ]);
    assert.equal(await schoolCount(), 0, 'the good rows were not written either');
  });

  test('a cell a spreadsheet would run as a formula is refused, naming its row and column, and the problems download', async () => {
    const { job, page } = await importThroughPage({
      gias: giasCsv([
        giasRow({ URN: '900040' }),
        giasRow({ URN: '900041', EstablishmentName: '=HYPERLINK("http://evil.example","Click")' }),
      ]),
    });
    assert.equal(job.status, 'failed');
    assert.equal(job.message, 'Nothing was imported: 1 problem in the file');
    assert.match(
      page.body,
      /<td[^>]*>3<\/td>\s*<td[^>]*>EstablishmentName<\/td>\s*<td[^>]*>“=HYPERLINK\(&quot;http:\/\/evil.example&quot;,&quot;Click&quot;\)” would be run as a formula by a spreadsheet, because it starts with =; take the = away, or write it another way<\/td>/,
    );
    assert.equal(await schoolCount(), 0);

    const csv = await admin.get(`/admin/imports/gias/${job.id}?format=csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(
      String(csv.headers['content-disposition']),
      /attachment; filename="gias-import-problems-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines[0], 'Row,Column,Problem');
    assert.match(
      lines[1] ?? '',
      /^3,EstablishmentName,"“=HYPERLINK\(""http:\/\/evil.example"",""Click""\)” would be run as a formula/,
    );
    const exported = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events
      WHERE action = 'gias.import.problems.exported' AND la_code = ${t.la.code}`.execute(t.database.db);
    assert.equal(exported.rows[0]?.n, 1);
  });

  test('the upload page offers a template with the GIAS columns the import reads and an example row', async () => {
    const form = await admin.get('/admin/imports/gias');
    assert.match(form.body, /href="\/admin\/imports\/gias\/template\.csv"/);
    assert.doesNotMatch(form.body, /template\.xlsx/, 'GIAS files are CSV');
    const template = await admin.get('/admin/imports/gias/template.csv');
    assert.equal(template.statusCode, 200);
    assert.match(String(template.headers['content-disposition']), /filename="gias-import-template\.csv"/);
    const [head, example] = template.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.match(head ?? '', /^URN,LA \(code\),EstablishmentName,/);
    assert.match(example ?? '', /^100000,926,Acle Fen Primary School,/);
    assert.equal((await admin.get('/admin/imports/gias/template.xlsx')).statusCode, 404);
  });

  test("the LA's schools are imported, accents and all, with designations, locations and a summary", async () => {
    const { job, page } = await importThroughPage({ gias: giasFixture('edubasealldata-sample.csv') });
    assert.equal(job.status, 'succeeded', JSON.stringify(job.result));
    assert.equal(job.message, 'Imported 8 rows: 8 added, 0 updated, 0 unchanged');
    assert.match(page.body, /GIAS import complete/);
    assert.match(page.body, /Rows for other LAs’ schools \(not imported\)[\s\S]*?<dd[^>]*>\s*2\s*<\/dd>/);
    assert.match(page.body, /StatutoryHighAge<\/td>\s*<td[^>]*>99 is older than SEND covers/);
    assert.equal(await schoolCount(), 8);
    assert.equal(await schoolCount(t.otherLa.code), 0, "Suffolk's school in the file went nowhere");

    const aedan = await school('900002');
    assert.equal(aedan.name, "St Ædan's Church of England Primary School");
    assert.equal(aedan.hasResourcedProvision, true);
    assert.equal(aedan.resourcedProvisionCapacity, 12);
    assert.equal(aedan.ukprn, 10012345);
    assert.deepEqual(
      aedan.designations,
      [
        { provision: 'resourced_provision', senType: 'SLCN' },
        { provision: 'resourced_provision', senType: 'ASD' },
      ].sort((a, b) => a.senType.localeCompare(b.senType)),
    );
    assert.equal(aedan.fromGias, true);
    assert.equal(aedan.district, 'Breckland');
    const cafe = await school('900003');
    assert.equal(cafe.name, 'Café Lane Academy');
    assert.equal(cafe.street, 'Café Lane');
    assert.ok(Math.abs(cafe.latitude - 52.6437) < 0.001 && Math.abs(cafe.longitude - 1.2933) < 0.001);
    const special = await school('900004');
    assert.equal(special.district, "King's Lynn and West Norfolk");
    assert.equal(special.isSpecial, true);
    assert.equal(special.statutoryHighAge, 19);
    assert.deepEqual(special.designations.map((d: { senType: string }) => d.senType).sort(), [
      'ASD',
      'PMLD',
      'SLD',
    ]);
    assert.equal((await school('900005')).settingKind, 'alternative_provision');
    assert.equal((await school('900006')).statutoryHighAge, null);
    const closed = await school('900007');
    assert.equal(closed.status, 'closed');
    assert.equal(closed.closedOn, '2019-08-31');

    const search = await callApi(t, token, 'GET', `/api/v1/schools?q=${encodeURIComponent('st aedans')}`);
    assert.deepEqual(
      search.json().items.map((s: { urn: number }) => s.urn),
      [900002],
      'found without the Æ or the apostrophe',
    );
    const audit = await sql<{ action: string; n: number }>`SELECT action, count(*)::int AS n FROM audit_events
      WHERE la_code = ${t.la.code} AND action IN ('school.created', 'gias.imported') GROUP BY action ORDER BY action`.execute(
      t.database.db,
    );
    assert.deepEqual(audit.rows, [
      { action: 'gias.imported', n: 1 },
      { action: 'school.created', n: 8 },
    ]);
  });

  test('importing the same file again changes nothing', async () => {
    const versions = await sql<{
      urn: number;
      version: number;
    }>`SELECT urn, version FROM establishments ORDER BY urn`.execute(t.database.db);
    const { job } = await importThroughPage({ gias: giasFixture('edubasealldata-sample.csv') });
    assert.equal(job.message, 'Imported 8 rows: 0 added, 0 updated, 8 unchanged');
    const again = await sql<{
      urn: number;
      version: number;
    }>`SELECT urn, version FROM establishments ORDER BY urn`.execute(t.database.db);
    assert.deepEqual(again.rows, versions.rows);
  });

  test("an LA's out-of-county school, held by URN, is kept up to date from the national file", async () => {
    const created = await callApi(t, token, 'POST', '/api/v1/schools', {
      urn: 900011,
      name: 'Fenland Brook (placeholder)',
      settingKind: 'school',
    });
    assert.equal(created.statusCode, 201, created.body);
    const { job } = await importThroughPage({ gias: giasFixture('edubasealldata-sample.csv') });
    assert.equal(job.message, 'Imported 9 rows: 0 added, 1 updated, 8 unchanged');
    const fenland = await school('900011');
    assert.equal(fenland.id, created.json().id);
    assert.equal(fenland.name, 'Fenland Brook School');
    assert.equal(fenland.giasLaCode, '873');
    assert.equal(fenland.isSpecial, true);
  });

  test("a school's new URN takes over its record: same id, same cluster, old URN still finds it", async () => {
    const yare = await school('900008');
    const cluster = await callApi(t, token, 'POST', '/api/v1/clusters', { name: 'Yare Valley' });
    const joined = await callApi(t, token, 'POST', `/api/v1/clusters/${cluster.json().id}/members`, {
      urn: 900008,
      startsOn: '2023-09-01',
    });
    assert.equal(joined.statusCode, 201, joined.body);

    const { job, page } = await importThroughPage({
      gias: giasFixture('edubasealldata-later.csv'),
      links: giasFixture('links-sample.csv'),
    });
    assert.equal(job.status, 'succeeded', JSON.stringify(job.result));
    assert.equal(job.message, 'Imported 10 rows: 0 added, 2 updated, 7 unchanged');
    assert.match(page.body, /Schools with a new URN[\s\S]*Yare Valley Academy[\s\S]*900008[\s\S]*900009/);

    const academy = await school('900009');
    assert.equal(academy.id, yare.id);
    assert.equal(academy.name, 'Yare Valley Academy');
    assert.deepEqual(academy.previousUrns, [900008]);
    assert.equal(academy.cluster?.clusterName, 'Yare Valley');
    assert.equal((await school('900008')).id, yare.id, 'the old URN finds the same record');
    assert.equal(await schoolCount(), 9, 'no duplicate for the academy');
    assert.equal((await school('900001')).pupils, 205);
  });

  test('the command line import reports its progress and refuses a bad file whole', async () => {
    const before = await schoolCount();
    const lines: string[] = [];
    const actor = { laCode: t.la.code, userId: null, roles: ['administrator'] };
    const summary = await importGiasNow(
      t.database,
      actor,
      { gias: giasCsv([giasRow({ URN: '900030', EstablishmentName: 'Hethel Primary School' })]) },
      (stage, done, total) => {
        lines.push(`${stage} ${done}/${total}`);
      },
    );
    assert.equal(summary.created, 1);
    assert.deepEqual(lines, ['checking 1/1', 'saving 0/1', 'saving 1/1']);
    await assert.rejects(
      importGiasNow(t.database, actor, { gias: giasFixture('edubasealldata-bad-rows.csv') }, () => undefined),
      (err: Error & { report?: { problemCount: number } }) => err.report?.problemCount === 7,
    );
    assert.equal(await schoolCount(), before + 1);
  });

  test("a re-import that changes a school's district records the change; a placeholder is no district", async () => {
    const actor = { laCode: t.la.code, userId: null, roles: ['administrator'] };
    const row = (district: string) =>
      giasRow({
        URN: '900032',
        EstablishmentName: 'Mulbarton Primary School',
        Town: 'Mulbarton',
        'DistrictAdministrative (name)': district,
      });
    await importGiasNow(t.database, actor, { gias: giasCsv([row('Breckland')]) }, () => undefined);
    const before = await school('900032');
    assert.equal(before.district, 'Breckland');

    const moved = await importGiasNow(
      t.database,
      actor,
      { gias: giasCsv([row('South Norfolk')]) },
      () => undefined,
    );
    assert.equal(moved.updated, 1);
    const after = await school('900032');
    assert.equal(after.district, 'South Norfolk');
    assert.equal(after.version, before.version + 1);
    const audit = await sql<{ detail: { source: string; changes: Record<string, unknown> } }>`SELECT detail
      FROM audit_events WHERE action = 'school.updated' AND entity_id = ${before.id} ORDER BY id`.execute(
      t.database.db,
    );
    assert.deepEqual(
      audit.rows.map((r) => [r.detail.source, r.detail.changes]),
      [['gias', { district: ['Breckland', 'South Norfolk'] }]],
    );

    const same = await importGiasNow(
      t.database,
      actor,
      { gias: giasCsv([row('South Norfolk')]) },
      () => undefined,
    );
    assert.equal(same.unchanged, 1);
    await importGiasNow(t.database, actor, { gias: giasCsv([row('Not applicable')]) }, () => undefined);
    assert.equal((await school('900032')).district, null);
  });

  test("a re-import never touches the LA's place lines; a type GIAS does not list goes with its provision", async () => {
    const actor = { laCode: t.la.code, userId: null, roles: ['administrator'] };
    const row = (resourced: boolean) =>
      giasRow({
        URN: '900031',
        EstablishmentName: 'Swaffham Meadows Primary School',
        'SEN1 (name)': resourced ? 'HI - Hearing Impairment' : 'Not Applicable',
        'TypeOfResourcedProvision (name)': resourced ? 'Resourced provision' : 'Not applicable',
        ResourcedProvisionCapacity: resourced ? '10' : '',
      });
    await importGiasNow(t.database, actor, { gias: giasCsv([row(true)]) }, () => undefined);
    const swaffham = await school('900031');
    assert.deepEqual(swaffham.designations, [{ provision: 'resourced_provision', senType: 'HI' }]);

    // The LA adds VI, with places for it, alongside GIAS's HI.
    const patched = await callApi(t, token, 'PATCH', `/api/v1/schools/${swaffham.id}`, {
      version: swaffham.version,
      designations: [
        { provision: 'resourced_provision', senType: 'HI' },
        { provision: 'resourced_provision', senType: 'VI' },
      ],
    });
    assert.equal(patched.statusCode, 200, patched.body);
    const lineId = await inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
      insertPlaceLine(
        tx,
        t.la.code,
        swaffham.id,
        {
          provision: 'resourced_provision',
          senType: 'VI',
          phase: 'primary',
          lowAge: 4,
          highAge: 11,
          places: 6,
          startsOn: '2025-09-01',
          endsOn: null,
          note: 'Agreed with the head in June',
        },
        null,
      ),
    );
    const expectedLine = {
      id: lineId,
      provision: 'resourced_provision',
      senType: 'VI',
      phase: 'primary',
      lowAge: 4,
      highAge: 11,
      places: 6,
      startsOn: '2025-09-01',
      endsOn: null,
    };

    const again = await importGiasNow(t.database, actor, { gias: giasCsv([row(true)]) }, () => undefined);
    assert.equal(again.unchanged, 1, 'VI stays: it has place lines');
    const kept = await school('900031');
    assert.deepEqual(kept.designations, [
      { provision: 'resourced_provision', senType: 'HI' },
      { provision: 'resourced_provision', senType: 'VI' },
    ]);
    assert.deepEqual(kept.placeLines, [expectedLine]);

    // GIAS says the resourced provision has closed: its types go, but the LA's lines are its own.
    await importGiasNow(t.database, actor, { gias: giasCsv([row(false)]) }, () => undefined);
    const closed = await school('900031');
    assert.equal(closed.hasResourcedProvision, false);
    assert.deepEqual(closed.designations, []);
    assert.deepEqual(closed.placeLines, [expectedLine]);
  });

  test('a national-sized upload (megabytes, thousands of rows) goes through the page and reports its progress', async () => {
    const rows = Array.from({ length: 4000 }, (_, i) =>
      giasRow({
        URN: String(910000 + i),
        'LA (code)': i % 50 === 0 ? t.la.code : '935',
        EstablishmentName: `Invented School ${i}`,
        HeadFirstName: 'x'.repeat(400),
      }),
    );
    const gias = giasCsv(rows);
    assert.ok(gias.length > 3 * 1024 * 1024, `${gias.length} bytes`);
    const { job } = await importThroughPage({ gias });
    assert.equal(job.status, 'succeeded', JSON.stringify(job.result));
    assert.equal(job.message, 'Imported 80 rows: 80 added, 0 updated, 0 unchanged');
    assert.deepEqual(job.progress, { done: 80, total: 80 });
  });

  test('only an administrator may import, and one LA cannot see another LA’s import', async () => {
    const coordinator = await browser(t, t.la.users.coordinator.email);
    assert.equal((await coordinator.get('/admin/imports/gias')).statusCode, 403);
    const upload = await uploadGias(t, admin.cookie, { gias: giasFixture('edubasealldata-sample.csv') });
    const location = String(upload.headers.location);
    await waitForJob(t, t.la.code, location.split('/').pop() ?? '');
    const suffolk = await browser(t, t.otherLa.users.admin.email);
    assert.equal((await suffolk.get(location)).statusCode, 404);
    assert.equal((await admin.get(location)).statusCode, 200);
  });
});
