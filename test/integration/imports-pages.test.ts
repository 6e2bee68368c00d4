import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { authRoutes } from '../../src/platform/auth/routes.ts';
import { createUser } from '../../src/platform/auth/service.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { buildAssets } from '../../src/platform/http/assets.ts';
import { registerPlatform } from '../../src/platform/http/platform.ts';
import { createViewEnvironment } from '../../src/platform/http/views.ts';
import {
  column,
  date,
  importJob,
  importPages,
  money,
  type SpreadsheetImport,
  text,
  type ValuesOf,
} from '../../src/platform/imports/index.ts';
import { createJobWorker, getJob, type Job, type JobWorker } from '../../src/platform/jobs/index.ts';
import { addLa } from '../../src/platform/las/index.ts';
import { csrfFrom, password, signInCookies, testClock } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { multipartBody } from '../support/providers.ts';

const columns = [
  column({ key: 'upn', header: 'UPN', required: true, ...text({ max: 13, example: 'A123456789012' }) }),
  column({ key: 'startDate', header: 'Start date', required: true, ...date() }),
  column({ key: 'weeklyCost', header: 'Weekly cost', required: true, ...money() }),
] as const;
type Line = ValuesOf<typeof columns>;

/** An import that takes workbooks as well as CSV, with a small size limit, saving nothing. */
const transport: SpreadsheetImport<Line, Line, { lines: number; pence: number }, null> = {
  kind: 'test.transport',
  permission: 'providers:import',
  columns,
  formats: ['csv', 'xlsx'],
  unknownColumns: 'warn',
  limits: { maxBytes: 64 * 1024 },
  upload: { field: 'file', missing: 'Select a file of transport costs' },
  queuedAction: 'test.transport.queued',
  prepare: async () => null,
  check: (values) => ({ value: values }),
  save: async (checked) => ({
    lines: checked.rows.length,
    pence: checked.rows.reduce((sum, r) => sum + r.value.weeklyCost, 0),
  }),
  summaryMessage: (s) => `Read ${s.lines} transport costs`,
};

/** The platform on its own, with one import's pages, as a module would have them. */
describe('an import’s pages', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let worker: JobWorker;
  let cookie: string;

  before(async () => {
    database = await createTestDatabase();
    await addLa(database, { code: '926', name: 'Norfolk (test)' });
    await createUser(database, {
      laCode: '926',
      email: 'admin@example.org',
      name: 'Admin',
      roles: ['administrator'],
      password,
    });
    const config = loadConfig({ SEED_DEMO: 'false' });
    const clock = testClock();
    app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await registerPlatform(app, {
      config,
      database,
      clock,
      assets: await buildAssets(),
      views: createViewEnvironment([]),
      cookieSecret: 'a test secret that is long enough to sign cookies',
      menus: { main: [], account: [] },
    });
    await authRoutes(app, { config, database, clock });
    await importPages(
      app,
      { database, clock },
      {
        definition: transport,
        basePath: '/admin/imports/transport',
        title: 'Import transport costs',
        intro: ['Upload the transport team’s weekly costs.'],
        file: { label: 'Transport costs (CSV or Excel)', hint: 'One row for each child.' },
        backLinkText: 'Transport imports',
        running: 'Importing transport costs',
        succeeded: 'Transport costs imported',
        fileNameFallback: 'Transport file',
        fileStem: 'transport-import',
        problemsExportedAction: 'test.transport.problems.exported',
        problemsViewedAction: 'test.transport.problems.viewed',
        present: (s) => ({
          rows: [
            { key: 'Lines', value: String(s.lines) },
            { key: 'Weekly total', value: `£${(s.pence / 100).toFixed(2)}` },
          ],
        }),
      },
    );
    await app.ready();
    worker = createJobWorker(database, { handlers: [importJob(transport)], pollMs: 60_000 });
    worker.start();
    cookie = await signInCookies(app, 'admin@example.org');
  });
  after(async () => {
    await worker.stop();
    await app.close();
    await database.drop();
  });

  const get = (url: string) => app.inject({ url, headers: { cookie, accept: 'text/html' } });
  async function upload(fields: Record<string, string>, file?: { filename: string; data: Buffer }) {
    const form = await get('/admin/imports/transport');
    const body = multipartBody({ _csrf: csrfFrom(form.body), ...fields }, file ? { file } : {});
    return app.inject({
      method: 'POST',
      url: '/admin/imports/transport',
      headers: { cookie, accept: 'text/html', 'content-type': body.contentType },
      payload: body.payload,
    });
  }
  /** Lets the worker run what was queued and returns the job the page at `location` shows. */
  async function finished(location: string): Promise<Job> {
    await worker.drain();
    const job = await inTenant(database.db, { laCode: '926', userId: null }, (tx) =>
      getJob(tx, location.split('/').pop() ?? ''),
    );
    assert.ok(job);
    return job;
  }
  async function workbook(sheets: Record<string, unknown[][]>): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    for (const [name, rows] of Object.entries(sheets)) {
      const ws = wb.addWorksheet(name);
      for (const r of rows) ws.addRow(r);
    }
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  test('the form asks for the file and, for a workbook, which worksheet, and offers both templates', async () => {
    const form = await get('/admin/imports/transport');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<h1 class="govuk-heading-l">Import transport costs<\/h1>/);
    assert.match(form.body, /One row for each child\. Up to 64 KB\./);
    assert.match(form.body, /<input[^>]*id="sheet"[^>]*name="sheet"/);
    assert.match(form.body, /href="\/admin\/imports\/transport\/template\.csv"/);
    assert.match(form.body, /href="\/admin\/imports\/transport\/template\.xlsx"/);

    const xlsx = await get('/admin/imports/transport/template.xlsx');
    assert.equal(xlsx.statusCode, 200);
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    assert.ok(ws);
    assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), ['UPN', 'Start date', 'Weekly cost']);
    assert.equal(ws.getRow(2).getCell(2).numFmt, 'dd/mm/yyyy');
  });

  test('a workbook’s chosen worksheet is imported and the outcome shows what the module says it did', async () => {
    const file = await workbook({
      Summary: [['Total', 12]],
      'This week': [
        ['UPN', 'Start date', 'Weekly cost'],
        ['A123456789012', new Date(Date.UTC(2026, 8, 1)), 120.5],
        ['B123456789012', new Date(Date.UTC(2026, 8, 2)), '£79.50'],
      ],
    });
    const res = await upload({ sheet: 'this week' }, { filename: 'transport.xlsx', data: file });
    assert.equal(res.statusCode, 303, res.body.slice(0, 400));
    const location = String(res.headers.location);
    const job = await finished(location);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.result));
    const page = await get(location);
    assert.match(page.body, /Transport costs imported/);
    assert.match(page.body, /Read 2 transport costs/);
    // 120.50 + 79.50 = £200.00 a week.
    assert.match(page.body, /Weekly total\s*<\/dt>\s*<dd[^>]*>\s*£200\.00\s*<\/dd>/);
    const list = await get('/admin/imports/transport');
    assert.match(list.body, /transport\.xlsx<\/a>/);
  });

  test('a wrong worksheet, a file too big, no file and a worksheet name too long are each named on the form', async () => {
    const file = await workbook({ Costs: [['UPN', 'Start date', 'Weekly cost']] });
    const wrongSheet = await upload({ sheet: 'Week 1' }, { filename: 'x.xlsx', data: file });
    assert.equal(wrongSheet.statusCode, 400);
    assert.match(wrongSheet.body, /govuk-error-summary/);
    assert.match(
      wrongSheet.body,
      /The selected file has no worksheet called “Week 1”; its worksheets are “Costs”/,
    );
    assert.match(wrongSheet.body, /href="#file"/);

    const big = await upload({}, { filename: 'big.csv', data: Buffer.alloc(65 * 1024, 'a') });
    assert.equal(big.statusCode, 413);
    assert.match(big.body, /The selected file must be smaller than 64 KB/);

    const none = await upload({});
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /Select a file of transport costs/);

    const long = await upload({ sheet: 'x'.repeat(32) }, { filename: 'x.xlsx', data: file });
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /Worksheet must be 31 characters or fewer, as Excel allows/);
    assert.match(long.body, /href="#sheet"/);
  });

  test('a malformed or overfull upload is refused, never a server error', async () => {
    const form = await get('/admin/imports/transport');
    const csrf = csrfFrom(form.body);
    const post = (contentType: string, payload: Buffer) =>
      app.inject({
        method: 'POST',
        url: '/admin/imports/transport',
        headers: { cookie, accept: 'text/html', 'content-type': contentType },
        payload,
      });
    const three = multipartBody(
      { _csrf: csrf },
      Object.fromEntries(['a', 'b', 'c'].map((k) => [k, { filename: `${k}.csv`, data: Buffer.from('x') }])),
    );
    const answers = [
      await post(three.contentType, three.payload),
      await post(
        'multipart/form-data',
        Buffer.from('--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n'),
      ),
      await post(
        'multipart/form-data; boundary=x',
        Buffer.from('--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nUPN'),
      ),
      await post('multipart/form-data; boundary=x', Buffer.from('not multipart at all')),
    ];
    for (const [i, a] of answers.entries())
      assert.ok(a.statusCode >= 400 && a.statusCode < 500, `${i}: ${a.statusCode}: ${a.body.slice(0, 300)}`);
  });

  test('a rejected import lists its problems, which download as CSV or XLSX; a made-up import is not found', async () => {
    const res = await upload(
      {},
      {
        filename: 'costs.csv',
        data: Buffer.from('UPN,Start date,Weekly cost\r\nA1,01/09/2026,£12.505\r\nA2,2026-09-02,12\r\n'),
      },
    );
    const location = String(res.headers.location);
    const job = await finished(location);
    assert.equal(job.status, 'failed');
    const page = await get(location);
    assert.match(page.body, /2 problems were found in the file, so none of the file was imported/);
    const audited = async (action: string) => {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events
        WHERE action = ${action} AND (entity_id = ${job.id} OR detail->'filters'->>'job' = ${job.id})`.execute(
        database.db,
      );
      return r.rows[0]?.n;
    };
    assert.equal(await audited('test.transport.problems.viewed'), 1, 'seeing the problems is recorded');
    assert.match(page.body, /Download the problems as <\/span>CSV/);
    const xlsx = await get(`${location}?format=xlsx`);
    assert.equal(xlsx.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows = wb.worksheets[0]
      ?.getSheetValues()
      .slice(1)
      .map((r) => (r as unknown[]).slice(1));
    assert.deepEqual(rows, [
      ['Row', 'Column', 'Problem'],
      [
        2,
        'Weekly cost',
        '“£12.505” has more than 2 decimal places; write pounds and pence, like 1350.50 or £1,350.50',
      ],
      [
        3,
        'Start date',
        'dates are written in more than one way (01/09/2026 on row 2, 2026-09-02 on row 3); write every date the same way, like 01/09/2026',
      ],
    ]);
    assert.equal(await audited('test.transport.problems.exported'), 1);
    assert.equal((await get('/admin/imports/transport/not-an-id')).statusCode, 404);
    assert.equal(
      (await get('/admin/imports/transport/00000000-0000-4000-8000-000000000000')).statusCode,
      404,
    );
  });
});
