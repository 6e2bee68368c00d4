import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { recordAuditEvent } from '../../src/platform/audit/index.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { HttpProblem } from '../../src/platform/http/problem.ts';
import {
  choice,
  column,
  date,
  type ImportActor,
  type ImportReport,
  importJob,
  money,
  queueImport,
  type SpreadsheetImport,
  text,
  type ValuesOf,
} from '../../src/platform/imports/index.ts';
import { createJobWorker, getJob, type Job, type JobWorker } from '../../src/platform/jobs/index.ts';
import { addLa } from '../../src/platform/las/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const columns = [
  column({ key: 'upn', header: 'UPN', required: true, ...text({ max: 13 }) }),
  column({ key: 'startDate', header: 'Start date', required: true, ...date() }),
  column({ key: 'annualCost', header: 'Annual cost', required: true, ...money() }),
  column({
    key: 'funder',
    header: 'Funder',
    required: true,
    ...choice([
      { value: 'education', label: 'Education' },
      { value: 'health', label: 'Health' },
    ]),
  }),
] as const;
type CostLine = ValuesOf<typeof columns>;

/** A cost-line import as a module would declare one; its writer records each line it saves. */
const costLines: SpreadsheetImport<CostLine, CostLine, { saved: number }, null> = {
  kind: 'test.cost-lines',
  permission: 'providers:import',
  columns,
  formats: ['csv', 'xlsx'],
  unknownColumns: 'refuse',
  keyColumns: ['upn', 'startDate'],
  limits: { maxRows: 1000 },
  upload: { field: 'file', missing: 'Select a file of cost lines' },
  queuedAction: 'test.cost-lines.queued',
  prepare: async () => null,
  check: (values) => ({ value: values }),
  async save(checked, { database, actor, onSaved }) {
    await inTenant(database.db, actor, async (tx) => {
      let done = 0;
      for (const { row, value } of checked.rows) {
        await recordAuditEvent(tx, {
          laCode: actor.laCode,
          userId: actor.userId,
          action: 'test.cost-line.saved',
          entityType: 'cost_line',
          entityId: value.upn,
          ip: null,
          requestId: null,
          detail: { row, ...value },
        });
        await onSaved(++done, checked.rows.length);
      }
    });
    return { saved: checked.rows.length };
  },
  summaryMessage: (s) => `Saved ${s.saved} cost lines`,
};

describe('importing a spreadsheet as a background job', () => {
  let database: TestDatabase;
  let worker: JobWorker;
  const actor: ImportActor = { laCode: '926', userId: null, roles: ['administrator'] };

  before(async () => {
    database = await createTestDatabase();
    await addLa(database, { code: '926', name: 'Norfolk (test)' });
    worker = createJobWorker(database, { handlers: [importJob(costLines)], pollMs: 60_000 });
    worker.start();
  });
  after(async () => {
    await worker.stop();
    await database.drop();
  });

  const saved = async () => {
    const r = await sql<{ detail: Record<string, unknown> }>`SELECT detail FROM audit_events
      WHERE action = 'test.cost-line.saved' ORDER BY id`.execute(database.db);
    return r.rows.map((x) => x.detail);
  };

  async function importFile(file: Buffer, fileName = 'costs.csv'): Promise<Job> {
    const id = await queueImport(database, actor, costLines, { file, fileName, attachments: {} });
    await worker.drain();
    const job = await inTenant(database.db, actor, (tx) => getJob(tx, id));
    assert.ok(job);
    return job;
  }

  test('a workbook is read, checked and saved, with its progress and outcome on the job', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Costs');
    ws.addRow(['UPN', 'Start date', 'Annual cost', 'Funder']);
    ws.addRow(['A123456789012', new Date(Date.UTC(2026, 8, 1)), 1350.5, 'Education']);
    ws.addRow(['B123456789012', new Date(Date.UTC(2026, 8, 2)), '£4,044.00', 'health']);
    const job = await importFile(Buffer.from(await wb.xlsx.writeBuffer()), 'costs.xlsx');
    assert.equal(job.status, 'succeeded', JSON.stringify(job.result));
    assert.equal(job.message, 'Saved 2 cost lines');
    assert.deepEqual(job.result, { summary: { saved: 2 } });
    assert.deepEqual(job.progress, { done: 2, total: 2 });
    assert.deepEqual(job.params, { fileName: 'costs.xlsx', bytes: job.params.bytes });
    assert.deepEqual(await saved(), [
      { row: 2, upn: 'A123456789012', startDate: '2026-09-01', annualCost: 135_050, funder: 'education' },
      { row: 3, upn: 'B123456789012', startDate: '2026-09-02', annualCost: 404_400, funder: 'health' },
    ]);
    const queued = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events
      WHERE action = 'test.cost-lines.queued' AND entity_id = ${job.id}`.execute(database.db);
    assert.equal(queued.rows[0]?.n, 1);
  });

  test('a CSV with a formula in it saves nothing and the job reports the row and column', async () => {
    const before = (await saved()).length;
    const job = await importFile(
      Buffer.from(
        'UPN,Start date,Annual cost,Funder\r\nC1,01/09/2026,100,Health\r\nC2,01/09/2026,=1+1,Health\r\n',
      ),
    );
    assert.equal(job.status, 'failed');
    assert.equal(job.message, 'Nothing was imported: 1 problem in the file');
    assert.deepEqual((job.result as { report: ImportReport }).report, {
      problems: [
        {
          row: 3,
          column: 'Annual cost',
          problem:
            '“=1+1” would be run as a formula by a spreadsheet, because it starts with =; take the = away, or write it another way',
        },
      ],
      problemCount: 1,
      rowsRead: 2,
    });
    assert.equal((await saved()).length, before, 'the good row was not saved either');
  });

  test('the report keeps the first 500 problems and counts them all', async () => {
    const rows = Array.from({ length: 700 }, (_, i) => `D${i},someday,1,Health`);
    const job = await importFile(Buffer.from(['UPN,Start date,Annual cost,Funder', ...rows].join('\n')));
    const report = (job.result as { report: ImportReport }).report;
    assert.equal(job.message, 'Nothing was imported: 700 problems in the file');
    assert.equal(report.problems.length, 500);
    assert.equal(report.problemCount, 700);
    assert.deepEqual(report.problems[0], {
      row: 2,
      column: 'Start date',
      problem: '“someday” is not a date; use a date like 01/09/2026',
    });
  });

  test('a file with more rows than the import takes fails as a whole, saying so', async () => {
    const rows = Array.from({ length: 1001 }, (_, i) => `E${i},01/09/2026,1,Health`);
    const job = await importFile(Buffer.from(['UPN,Start date,Annual cost,Funder', ...rows].join('\n')));
    assert.equal(job.status, 'failed');
    assert.equal(
      job.message,
      'The file has 1,001 rows, more than the 1,000 an import can take; split it into smaller files',
    );
  });

  test('a wrong file, a wrong header or no file at all is refused when it is uploaded, and nothing is queued', async () => {
    const refusal = async (file: Buffer) => {
      try {
        await queueImport(database, actor, costLines, { file, fileName: 'x', attachments: {} });
      } catch (err) {
        assert.ok(err instanceof HttpProblem && err.status === 422);
        return err.errors;
      }
      assert.fail('the upload was queued');
    };
    const jobsBefore = await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs`.execute(database.db);
    assert.deepEqual(await refusal(Buffer.alloc(0)), [
      { field: 'file', message: 'Select a file of cost lines' },
    ]);
    assert.deepEqual(await refusal(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0])), [
      {
        field: 'file',
        message:
          'The selected file is a damaged or incomplete Excel workbook (perhaps cut short while downloading). Open it in Excel, save it again and upload it again',
      },
    ]);
    assert.deepEqual(await refusal(Buffer.from('UPN,Start,Annual cost,Funder\r\nA,1,1,Health\r\n')), [
      {
        field: 'file',
        message:
          'The file is missing this column: Start date. The columns it must have are UPN, Start date, Annual cost, Funder; the template has them all',
      },
    ]);
    assert.deepEqual(await refusal(Buffer.from('UPN,Start date,Annual cost,Funder\r\n')), [
      { field: 'file', message: 'The file has a header but no rows' },
    ]);
    const jobsAfter = await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs`.execute(database.db);
    assert.deepEqual(jobsAfter.rows, jobsBefore.rows);
  });

  test('only those with the import’s permission may queue it', async () => {
    await assert.rejects(
      queueImport(database, { ...actor, roles: ['ehc_coordinator'] }, costLines, {
        file: Buffer.from('UPN\r\n'),
        fileName: 'x',
        attachments: {},
      }),
      (err: unknown) => err instanceof HttpProblem && err.status === 403,
    );
  });
});
