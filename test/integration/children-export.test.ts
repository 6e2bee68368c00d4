import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addSchool,
  apiAs,
  browserAs,
  listingEvents,
  tokenFor,
  unescapeHtml,
  upnFor,
} from '../support/children.ts';

describe('children: the list downloads as CSV and XLSX, each download audited once', () => {
  let t: TestApp;
  let browser: Awaited<ReturnType<typeof browserAs>>;
  let api: ReturnType<typeof apiAs>;
  let zoe = '';
  let sam = '';
  const zoeUpn = upnFor('926', 31);

  before(async () => {
    t = await startTestApp();
    const school = await addSchool(t, t.la.code, 'Dereham Primary');
    zoe = await addChild(t, t.la.code, {
      forename: 'Zoë',
      surname: 'Brontë',
      dateOfBirth: '2014-11-05',
      upn: zoeUpn,
      establishmentId: school,
      senNeeds: ['ASD', 'SLCN'],
    });
    // A name as someone might type it to plant a formula in whoever opens the download.
    sam = await addChild(t, t.la.code, {
      forename: '=1+1',
      surname: 'Adams',
      dateOfBirth: '2016-01-20',
      upn: null,
      senNeeds: ['SLCN'],
    });
    await addChild(t, t.otherLa.code, { forename: 'Other', surname: 'Authority' });
    browser = await browserAs(t, t.la.users.coordinator.email);
    api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
  });
  after(() => t.close());

  test('the page offers the download under the table, named for the table it downloads', async () => {
    const res = await browser.get('/children?q=zo%C3%AB+bront%C3%AB&page=1');
    assert.equal(res.statusCode, 200);
    assert.match(
      res.body,
      /<div class="app-table-wrap" tabindex="0" role="region" aria-label="Table of children matching “zoë brontë”">/,
    );
    const links = [
      ...res.body.matchAll(
        /<a class="govuk-link" href="([^"]+)"><span class="govuk-visually-hidden">(Download [^<]+)<\/span>(CSV|XLSX)<\/a>/g,
      ),
    ].map((m) => [unescapeHtml(m[1] ?? ''), `${m[2]}${m[3]}`]);
    assert.deepEqual(links, [
      ['/children?q=zo%C3%AB+bront%C3%AB&format=csv', 'Download children matching “zoë brontë” as CSV'],
      ['/children?q=zo%C3%AB+bront%C3%AB&format=xlsx', 'Download children matching “zoë brontë” as XLSX'],
    ]);
    const quoted = await browser.get(`/children?q=${encodeURIComponent("brontë's")}`);
    assert.match(
      quoted.body,
      /aria-label="Table of children matching “brontë&#39;s”"/,
      'what was typed is escaped once, as any text on the page',
    );
  });

  test('CSV: every child the person can see, in the order of the list, a planted formula defused', async () => {
    const searchedBefore = (await listingEvents(t, t.la.code, 'children.searched')).length;
    const res = await browser.get('/children?format=csv');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(
      res.headers['content-disposition'],
      'attachment; filename="children-2026-03-02.csv"',
      "named for the day in the UK the download was made (the test's clock)",
    );
    assert.equal(
      res.body,
      [
        '\uFEFFForename,Surname,Date of birth,NC year,UPN,Setting,Primary need,Child ID',
        `'=1+1,Adams,2016-01-20,Year 5,,,"Speech, language and communication needs",${sam}`,
        `Zoë,Brontë,2014-11-05,Year 6,${zoeUpn},Dereham Primary,Autistic spectrum disorder,${zoe}`,
        '',
      ].join('\r\n'),
    );
    assert.equal(
      (await listingEvents(t, t.la.code, 'children.searched')).length,
      searchedBefore,
      'the download is not also recorded as searches',
    );
  });

  test('XLSX through the API: the same rows, the date of birth a real date', async () => {
    const res = await api.get('/api/v1/children?q=zoe%20bronte&format=xlsx');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-disposition'], 'attachment; filename="children-2026-03-02.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(res.rawPayload).buffer);
    const sheet = workbook.getWorksheet('Children');
    assert.ok(sheet);
    assert.equal(sheet.rowCount, 2);
    assert.deepEqual(
      Array.from({ length: 8 }, (_, i) => sheet.getRow(2).getCell(i + 1).value),
      [
        'Zoë',
        'Brontë',
        new Date(Date.UTC(2014, 10, 5)),
        'Year 6',
        zoeUpn,
        'Dereham Primary',
        'Autistic spectrum disorder',
        zoe,
      ],
    );
  });

  test('each download is one audit event naming every child in it', async () => {
    const events = await listingEvents(t, t.la.code, 'children.list.exported');
    assert.deepEqual(
      events.map((e) => [e.user_id, e.detail, [...(e.child_ids ?? [])].sort()]),
      [
        [
          t.la.users.coordinator.id,
          { format: 'csv', filters: {}, rows: 2, outcome: 'completed' },
          [sam, zoe].sort(),
        ],
        [
          t.la.users.coordinator.id,
          { format: 'xlsx', filters: { name: 'zoe bronte' }, rows: 1, outcome: 'completed' },
          [zoe],
        ],
      ],
    );
  });

  test('a format not offered is a 400 naming the parameter, on the page and on the API', async () => {
    const page = await browser.get('/children?q=zoe&format=docx');
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /This download format is not offered/);
    assert.match(page.body, /format must be csv or xlsx/);
    const res = await api.get('/api/v1/children?format=docx');
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.deepEqual(res.json().errors, [{ field: 'format', message: 'format must be csv or xlsx' }]);
  });
});
