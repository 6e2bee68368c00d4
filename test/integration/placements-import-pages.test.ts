import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { placementImportColumns } from '../../src/modules/placements/imports/domain/columns.ts';
import { csrfFrom, startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addSchool,
  addUser,
  auditEvents,
  browserAs,
  errorSummaryOf,
  unescapeHtml,
  upnFor,
} from '../support/children.ts';
import { browser, multipartBody, waitForJob } from '../support/providers.ts';

/**
 * The placements import's pages as a finance officer uses them: the link from the placements
 * list, the upload page with its columns and templates, a file refused on the form, an import
 * followed to its outcome, and a file whose rows have problems followed to its report. The test
 * clock stands at 2 March 2026, in financial year 2025-26.
 */

const headers = placementImportColumns.map((c) => c.header);
const csvOf = (rows: readonly Record<string, string>[]) =>
  Buffer.from(stringify([headers, ...rows.map((r) => headers.map((h) => r[h] ?? ''))], { bom: true }));

/** The words of the page, tags and runs of white space taken out, to match what a person reads. */
const text = (html: string) =>
  unescapeHtml(
    html
      .replace(/<span class="govuk-visually-hidden">[^<]*<\/span>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' '),
  );

describe('the placements import pages', () => {
  let t: TestApp;
  let finance: Awaited<ReturnType<typeof browser>>;
  let officerId: string;
  const adaUpn = upnFor('926', 801);
  const benUpn = upnFor('926', 802);
  let ada: string;

  before(async () => {
    t = await startTestApp();
    const officer = await addUser(t, '926', 'finance', ['finance_officer']);
    officerId = officer.id;
    finance = await browser(t, officer.email);
    const special = await addSchool(t, '926', 'Chapel Green School', 145678);
    ada = await addChild(t, '926', { forename: 'Ada', surname: 'Placed', upn: adaUpn });
    await addChild(t, '926', { forename: 'Ben', surname: 'Interim', upn: benUpn });
    await sql`INSERT INTO ehc_plans (la_code, child_id, status, drafted_on, issued_on, establishment_id, setting_name, provision)
      VALUES ('926', ${ada}, 'active', '2026-01-05', '2026-02-02', ${special}, 'Chapel Green School', 'special')`.execute(
      t.database.db,
    );
  });
  after(() => t.close());

  async function upload(file: { filename: string; data: Buffer }) {
    const form = await finance.get('/placements/import');
    const body = multipartBody({ _csrf: csrfFrom(form.body) }, { file });
    return t.app.inject({
      method: 'POST',
      url: '/placements/import',
      headers: { cookie: finance.cookie, accept: 'text/html', 'content-type': body.contentType },
      payload: body.payload,
    });
  }

  /** Uploads a file, follows the redirect to its job, waits for the job and returns the job's page. */
  async function importThroughPage(data: Buffer) {
    const res = await upload({ filename: 'placements.csv', data });
    assert.equal(res.statusCode, 303, res.body.slice(0, 400));
    const location = String(res.headers.location);
    assert.match(location, /^\/placements\/import\/[0-9a-f-]{36}$/);
    const job = await waitForJob(t, '926', location.split('/').pop() ?? '');
    return { job, page: await finance.get(location), location };
  }

  test('the placements list leads a finance officer to the import; those who only read placements cannot use it', async () => {
    const list = await finance.get('/placements');
    assert.match(
      list.body,
      /<a class="govuk-link" href="\/placements\/import">Import placements from a spreadsheet<\/a>/,
    );
    const coordinator = await browserAs(t, t.la.users.coordinator.email);
    assert.doesNotMatch((await coordinator.get('/placements')).body, /Import placements/);
    assert.equal((await coordinator.get('/placements/import')).statusCode, 403);
    assert.equal((await coordinator.get('/placements/import/template.csv')).statusCode, 403);
  });

  test('the upload page says what each column is for and offers the template as Excel and CSV', async () => {
    const page = await finance.get('/placements/import');
    assert.equal(page.statusCode, 200);
    const words = text(page.body);
    assert.match(words, /Import placements and cost lines/);
    assert.match(words, /Rows for the same child, setting, placement type and start date are one placement/);
    assert.match(page.body, /href="\/placements\/import\/template.xlsx"/);
    assert.match(page.body, /href="\/placements\/import\/template.csv"/);
    const columnRows = [
      ...page.body.matchAll(
        /<th scope="row" class="govuk-table__header">([^<]+)<\/th>\s*<td class="govuk-table__cell">(Yes|No)<\/td>/g,
      ),
    ].map((m) => [unescapeHtml(m[1] ?? ''), m[2]]);
    assert.deepEqual(
      columnRows,
      placementImportColumns.map((c) => [c.header, c.required ? 'Yes' : 'No']),
    );
    assert.match(words, /Costs effective from No The day the row’s costs take effect/);

    const csv = await finance.get('/placements/import/template.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-disposition']), /filename="placements-import-template.csv"/);
    assert.equal(csv.body.replace(/^\uFEFF/, '').split('\r\n')[0], headers.join(','));
    const xlsx = await finance.get('/placements/import/template.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['Placements', 'Columns'],
    );

    // The template's example reads without a problem in any cell: only what this LA holds differs.
    const { job } = await importThroughPage(Buffer.from(xlsx.rawPayload));
    assert.deepEqual((job.result as { report: { problems: unknown[] } }).report.problems, [
      {
        row: 2,
        column: 'UPN',
        problem: 'There is no child with UPN D926123401001 in your LA: check the UPN',
      },
      {
        row: 2,
        column: 'Top-up band',
        problem:
          'No top-up scheme is in force on 01/09/2026, when the costs start: give the agreed amount in Top-up a year',
      },
    ]);
  });

  test('a file that is empty, not a spreadsheet, too large or lacks a column is refused on the form', async () => {
    const jobCount = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs`.execute(t.database.db)).rows[0]?.n;
    const jobsBefore = await jobCount();
    const refused = async (data: Buffer, status = 400) => {
      const res = await upload({ filename: 'placements.xlsx', data });
      assert.equal(res.statusCode, status);
      return errorSummaryOf(res.body);
    };
    assert.deepEqual(await refused(Buffer.alloc(0)), [
      { href: '#file', text: 'Select a spreadsheet of placements (Excel or CSV)' },
    ]);
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    assert.deepEqual(await refused(png), [
      { href: '#file', text: 'The selected file is neither a CSV file nor an Excel workbook (.xlsx)' },
    ]);
    assert.deepEqual(await refused(Buffer.alloc(10 * 1024 * 1024 + 1, 0x41), 413), [
      { href: '#file', text: 'The selected file must be smaller than 10 MB' },
    ]);
    assert.deepEqual(await refused(Buffer.from('UPN,Surname,Forename\r\nA,B,C\r\n')), [
      {
        href: '#file',
        text: 'The file is missing these columns: Date of birth, Setting name, Placement type, Start date. The columns it must have are UPN, Surname, Forename, Date of birth, Setting name, Placement type, Start date; the template has them all',
      },
    ]);
    assert.equal(await jobCount(), jobsBefore, 'nothing was queued');
  });

  test('a file with problems imports nothing, and its page lists each row, column and problem to download', async () => {
    const { job, page, location } = await importThroughPage(
      csvOf([
        {
          UPN: benUpn,
          Surname: 'Interim',
          Forename: 'Ben',
          'Date of birth': '27/03/2015',
          'Setting name': 'Horizon School',
          'Placement type': 'Independent special school',
          'Start date': '01/09/2026',
          Fee: '1500',
          'Fee per': 'Week',
        },
      ]),
    );
    assert.equal(job.status, 'failed');
    assert.equal(job.message, 'Nothing was imported: 2 problems in the file');
    assert.match(page.body, /<h1 class="govuk-heading-l">Nothing was imported<\/h1>/);
    const rows = [
      ...page.body.matchAll(
        /<tr class="govuk-table__row">\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>([^<]+)<\/td>\s*<td[^>]*>([^<]+)<\/td>/g,
      ),
    ].map((m) => [Number(m[1]), unescapeHtml(m[2] ?? ''), unescapeHtml(m[3] ?? '')]);
    assert.deepEqual(rows, [
      [
        2,
        'EHC plan or interim',
        'is blank, which means named in the EHC plan, but the child has no EHC plan in force: write Interim, or issue the plan first',
      ],
      [2, 'Fee weeks or days a year', 'is blank: give the weeks charged in a year, like 38 weeks'],
    ]);
    const viewed = await auditEvents(t, '926', 'placement.import.problems.viewed');
    assert.equal(
      viewed.at(-1)?.entity_id,
      job.id,
      'the problems quote what the file says of a child, so seeing them is recorded',
    );
    const csv = await finance.get(`${location}?format=csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /2,EHC plan or interim,"is blank, which means named in the EHC plan/);
    assert.equal(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM placements`.execute(t.database.db)).rows[0]?.n,
      0,
    );
  });

  test('an import is followed to its outcome: what was added, what waits for approval and what to do next', async () => {
    const { job, page } = await importThroughPage(
      csvOf([
        {
          UPN: adaUpn,
          Surname: 'Placed',
          Forename: 'Ada',
          'Date of birth': '27/03/2015',
          URN: '145678',
          'Setting name': 'Chapel Green School',
          'Placement type': 'Maintained special school',
          'Start date': '02/03/2026',
          // £1,200 a week for 52 weeks is £62,400 a year; with the £10,000 place, £72,400.
          Fee: '1200',
          'Fee per': 'Week',
          'Fee weeks or days a year': '52',
          'Residential weeks': '52',
        },
        {
          UPN: benUpn,
          Surname: 'Interim',
          Forename: 'Ben',
          'Date of birth': '27/03/2015',
          'Setting name': 'Horizon School',
          'Placement type': 'Independent special school',
          'Start date': '01/09/2026',
          'EHC plan or interim': 'Interim',
          'Days a week': '2',
          Fee: '300',
          'Fee per': 'Week',
          'Fee weeks or days a year': '38',
        },
      ]),
    );
    assert.equal(job.status, 'succeeded', JSON.stringify(job.result));
    assert.equal(job.message, 'Imported 2 rows: 2 placements added, 1 waiting for approval');
    const words = text(page.body);
    assert.match(words, /Placements imported Imported 2 rows: 2 placements added, 1 waiting for approval/);
    assert.match(words, /Placements added 2/);
    // Ada's place funding and fee, Ben's fee.
    assert.match(words, /Cost lines added 3/);
    assert.match(words, /Waiting for approval 1/);
    assert.match(words, /Already held, left as they were 0/);
    // Ada's from 2 March (day 336 of 2025-26's 365) to 31 March: the place, 1,000,000 −
    // round(1,000,000 × 335 / 365 = 917,808.2) = 82,192p; the fee, 6,240,000 −
    // round(6,240,000 × 335 / 365 = 5,727,123.3) = 512,877p. Ben's starts in 2026-27. £5,950.69.
    assert.match(words, /What the placements added cost in 2025-26 £5,950.69/);
    assert.match(
      words,
      /1 placement costs more than £50,000 a year, so it waits for a finance approver other than you, and does not count as committed until approved\./,
    );
    assert.match(
      page.body,
      /<a class="govuk-link" href="\/placements\?status=awaiting">See the placements waiting for approval<\/a>/,
    );
    assert.match(
      words,
      /Placements added, by type Type Added Waiting for approval Maintained special school 1 1 Independent special school 1 0/,
    );

    const waiting = await finance.get('/placements?status=awaiting');
    assert.match(text(waiting.body), /Ada Placed/);
    assert.doesNotMatch(text(waiting.body), /Ben Interim/);
    const [entered] = (
      await sql<{
        entered_by: string;
      }>`SELECT entered_by FROM placements WHERE approval = 'awaiting'`.execute(t.database.db)
    ).rows;
    assert.equal(entered?.entered_by, officerId, 'its approver must be someone other than the importer');

    const list = await finance.get('/placements/import');
    assert.match(
      text(list.body),
      /Recent imports File Uploaded Outcome Status placements.csv .* Imported 2 rows: 2 placements added, 1 waiting for approval Imported/,
    );
  });
});
