import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Principal } from '../../src/platform/auth/principal.ts';
import { createUser } from '../../src/platform/auth/service.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import {
  type ExportTable,
  type PageSource,
  requestedFormat,
  sendExport,
} from '../../src/platform/exports/index.ts';
import { addLa } from '../../src/platform/las/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

interface Pupil {
  childId: string | null;
  name: string;
  plans: number | null;
  score: number | null;
  within20Weeks: number | null;
  bornOn: string | null;
  seenAt: Date | null;
}

const zoe = '11111111-1111-4111-8111-111111111111';
const sam = '22222222-2222-4222-8222-222222222222';

const pupils: Pupil[] = [
  {
    childId: zoe,
    name: 'Zoë Brontë',
    plans: 2,
    score: 1234.5,
    within20Weeks: 56.3,
    bornOn: '2015-03-27',
    seenAt: new Date('2026-06-30T23:30:00Z'),
  },
  {
    childId: sam,
    name: 'Smith, "Sam"',
    plans: -1,
    score: null,
    within20Weeks: null,
    bornOn: null,
    seenAt: new Date('2026-01-15T09:05:07Z'),
  },
  {
    childId: zoe,
    name: '=HYPERLINK("http://x.example")',
    plans: 0,
    score: 0,
    within20Weeks: 100,
    bornOn: '2016-02-29',
    seenAt: null,
  },
  {
    childId: null,
    name: '+44 7700 900982',
    plans: null,
    score: null,
    within20Weeks: null,
    bornOn: null,
    seenAt: null,
  },
  { childId: null, name: '-2+3', plans: null, score: null, within20Weeks: null, bornOn: null, seenAt: null },
  {
    childId: null,
    name: '@SUM(A1)',
    plans: null,
    score: null,
    within20Weeks: null,
    bornOn: null,
    seenAt: null,
  },
  { childId: null, name: '\tTab', plans: null, score: null, within20Weeks: null, bornOn: null, seenAt: null },
  {
    childId: null,
    name: '\rReturn',
    plans: null,
    score: null,
    within20Weeks: null,
    bornOn: null,
    seenAt: null,
  },
];

const pupilTable: ExportTable<Pupil> = {
  fileStem: 'pupils',
  sheetTitle: 'Pupils',
  columns: [
    { heading: 'Name', kind: 'text', value: (p) => p.name },
    { heading: 'Plans', kind: 'integer', value: (p) => p.plans },
    { heading: 'Score', kind: 'decimal', value: (p) => p.score },
    { heading: 'Within 20 weeks', kind: 'percent', value: (p) => p.within20Weeks },
    { heading: 'Date of birth', kind: 'date', value: (p) => p.bornOn },
    { heading: 'Seen (UK time)', kind: 'dateTime', value: (p) => p.seenAt },
  ],
  childIdsOf: (p) => [p.childId],
};

const numberTable: ExportTable<{ n: number }> = {
  fileStem: 'numbers',
  sheetTitle: 'Numbers',
  columns: [{ heading: 'Number', kind: 'integer', value: (r) => r.n }],
};

describe('exports: any table as CSV or XLSX, streamed a page at a time, each export audited once', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  let principal: Principal;
  /** What happened on the server, in the order it happened. */
  const happened: string[] = [];

  const tenant = () => ({ laCode: principal.laCode, userId: principal.userId });

  /** Numbers 1..total from the database, `size` to a page, each page its own transaction. */
  const numbers =
    (total: number, size: number, failAt?: number): PageSource<{ n: number }, number> =>
    (from = 1) =>
      inTenant(database.db, tenant(), async (tx) => {
        if (from === failAt) throw new Error('the database went away');
        const to = Math.min(total, from + size - 1);
        const r = await sql<{
          n: number;
        }>`SELECT g AS n FROM generate_series(${from}::int, ${to}::int) g`.execute(tx);
        happened.push(`page from ${from}`);
        return { rows: r.rows, next: to < total ? to + 1 : undefined };
      });

  const exportedEvents = async (action: string) =>
    (
      await sql<{ child_ids: string[] | null; detail: Record<string, unknown>; user_id: string }>`
        SELECT child_ids, detail, user_id FROM audit_events WHERE action = ${action} ORDER BY id`.execute(
        database.db,
      )
    ).rows;

  before(async () => {
    database = await createTestDatabase();
    await addLa(database, { code: '926', name: 'Norfolk (test)' });
    const userId = await createUser(database, {
      laCode: '926',
      email: 'analyst.926@example.org',
      name: 'Ana Lyst',
      roles: ['send_team_manager'],
      password: 'correct horse battery staple',
    });
    principal = {
      userId,
      laCode: '926',
      laName: 'Norfolk (test)',
      email: 'analyst.926@example.org',
      name: 'Ana Lyst',
      roles: ['send_team_manager'],
      via: 'token',
    };
    // fetch opens a spare connection after an aborted download, which would hold close() open
    // until the server's request timeout.
    app = Fastify({ forceCloseConnections: true });
    const audit = (action: string, filters: Record<string, unknown>) => ({
      database,
      actor: { principal, ip: '192.0.2.1', requestId: 'test' },
      action,
      entityType: 'test-table',
      filters,
    });
    app.get('/pupils', (request, reply) =>
      sendExport(reply, {
        format: requestedFormat(request.query) ?? 'csv',
        table: pupilTable,
        today: '2026-03-02',
        pages: async (cursor?: number) =>
          cursor === undefined ? { rows: pupils.slice(0, 3), next: 3 } : { rows: pupils.slice(3) },
        audit: audit('test.pupils.exported', { school: 'Dereham' }),
      }),
    );
    app.get('/numbers', (request, reply) => {
      const q = request.query as { total?: string; failAt?: string };
      return sendExport(reply, {
        format: requestedFormat(request.query) ?? 'csv',
        table: numberTable,
        today: '2026-03-02',
        pages: numbers(Number(q.total ?? 100_000), 2_000, q.failAt ? Number(q.failAt) : undefined),
        audit: audit('test.numbers.exported', { total: Number(q.total ?? 100_000) }),
      });
    });
    app.get('/other', async () => {
      await inTenant(database.db, tenant(), (tx) => sql`SELECT 1`.execute(tx));
      happened.push('other request answered');
      return { ok: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(async () => {
    await app.close();
    await database.drop();
  });

  test('CSV: a byte-order mark, the headings, every row in order, dates ISO, times in the UK, formulas defused', async () => {
    const res = await fetch(`${base}/pupils?format=csv`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="pupils-2026-03-02.csv"');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark first');
    assert.equal(
      bytes.subarray(3).toString('utf8'),
      [
        'Name,Plans,Score,Within 20 weeks,Date of birth,Seen (UK time)',
        'Zoë Brontë,2,1234.5,56.3,2015-03-27,2026-07-01 00:30:00',
        '"Smith, ""Sam""",-1,,,,2026-01-15 09:05:07',
        '"\'=HYPERLINK(""http://x.example"")",0,0,100,2016-02-29,',
        "'+44 7700 900982,,,,,",
        "'-2+3,,,,,",
        "'@SUM(A1),,,,,",
        "'\tTab,,,,,",
        '"\'\rReturn",,,,,',
        '',
      ].join('\r\n'),
    );
  });

  test('XLSX: bold frozen headings, sized columns, numbers, fractions shown as per cent and real dates', async () => {
    const res = await fetch(`${base}/pupils?format=xlsx`);
    assert.equal(res.status, 200);
    assert.equal(
      res.headers.get('content-type'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="pupils-2026-03-02.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet('Pupils');
    assert.ok(sheet);
    assert.equal(sheet.rowCount, 9);
    assert.deepEqual(
      sheet.views.map((v) => [v.state, (v as { ySplit?: number }).ySplit]),
      [['frozen', 1]],
    );
    const header = sheet.getRow(1);
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((i) => [header.getCell(i).value, header.getCell(i).font?.bold]),
      [
        ['Name', true],
        ['Plans', true],
        ['Score', true],
        ['Within 20 weeks', true],
        ['Date of birth', true],
        ['Seen (UK time)', true],
      ],
    );
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((i) => sheet.getColumn(i).width),
      [24, 10, 12, 17, 15, 18],
    );
    const values = (r: number) => [1, 2, 3, 4, 5, 6].map((i) => sheet.getRow(r).getCell(i).value);
    assert.deepEqual(values(2), [
      'Zoë Brontë',
      2,
      1234.5,
      0.563,
      new Date(Date.UTC(2015, 2, 27)),
      new Date(Date.UTC(2026, 6, 1, 0, 30)),
    ]);
    assert.deepEqual(values(3), [
      'Smith, "Sam"',
      -1,
      null,
      null,
      null,
      new Date(Date.UTC(2026, 0, 15, 9, 5, 7)),
    ]);
    assert.deepEqual(values(4), [
      '=HYPERLINK("http://x.example")',
      0,
      0,
      1,
      new Date(Date.UTC(2016, 1, 29)),
      null,
    ]);
    assert.equal(sheet.getRow(4).getCell(1).type, ExcelJS.ValueType.String, 'text, never a formula');
    assert.equal(sheet.getRow(2).getCell(4).numFmt, '0.0%');
    assert.equal(sheet.getRow(2).getCell(5).numFmt, 'yyyy-mm-dd');
    assert.equal(sheet.getRow(2).getCell(6).numFmt, 'yyyy-mm-dd hh:mm');
  });

  test('each export is one audit event: who, the format, the filters, the rows and every child in them', async () => {
    const events = await exportedEvents('test.pupils.exported');
    assert.deepEqual(
      events.map((e) => [e.user_id, e.detail, [...(e.child_ids ?? [])].sort()]),
      [
        [
          principal.userId,
          { format: 'csv', filters: { school: 'Dereham' }, rows: 8, outcome: 'completed' },
          [zoe, sam],
        ],
        [
          principal.userId,
          { format: 'xlsx', filters: { school: 'Dereham' }, rows: 8, outcome: 'completed' },
          [zoe, sam],
        ],
      ],
    );
  });

  test('HEAD says what the download would be, without reading, sending or recording it', async () => {
    const before = (await exportedEvents('test.numbers.exported')).length;
    happened.length = 0;
    const res = await fetch(`${base}/numbers?format=xlsx&total=100000`, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="numbers-2026-03-02.xlsx"');
    assert.deepEqual(happened, [], 'no page was read');
    assert.equal((await exportedEvents('test.numbers.exported')).length, before, 'no export recorded');
  });

  test('100,000 rows stream out whole, and another request is answered while they do', async () => {
    happened.length = 0;
    const client: string[] = [];
    let other: Promise<void> | undefined;
    const res = await fetch(`${base}/numbers?format=csv&total=100000`);
    assert.equal(res.status, 200);
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    let text = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      other ??= fetch(`${base}/other`).then(async (r) => {
        assert.equal(r.status, 200);
        client.push('other answered');
      });
    }
    client.push('export ended');
    await other;
    const lines = text.split('\r\n');
    assert.equal(lines.length, 100_002, 'headings, 100,000 rows and the final line ending');
    assert.equal(lines[0], '\uFEFFNumber');
    assert.equal(lines[1], '1');
    assert.equal(lines[100_000], '100000');
    assert.deepEqual(client, ['other answered', 'export ended']);
    const pagesAfterOther = happened.slice(happened.indexOf('other request answered') + 1);
    assert.ok(happened.includes('other request answered'));
    assert.ok(
      pagesAfterOther.length > 0 && pagesAfterOther.every((e) => e.startsWith('page from')),
      `the export read more pages after the other request was answered: ${happened.slice(0, 5).join(', ')}…`,
    );
    assert.equal(happened.filter((e) => e.startsWith('page from')).length, 50);
    const event = (await exportedEvents('test.numbers.exported')).at(-1);
    assert.deepEqual(event?.detail, {
      format: 'csv',
      filters: { total: 100_000 },
      rows: 100_000,
      outcome: 'completed',
    });
    assert.equal(event?.child_ids, null, 'a table about no child names none');
  });

  test('a reader who leaves mid-stream stops the export, and the event still says what was sent', async () => {
    const before = (await exportedEvents('test.numbers.exported')).length;
    const leaving = new AbortController();
    const res = await fetch(`${base}/numbers?format=xlsx&total=100000`, { signal: leaving.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    leaving.abort();
    let events = await exportedEvents('test.numbers.exported');
    // The server learns of the disconnection on its own time; wait for the event it then writes.
    for (let i = 0; i < 400 && events.length === before; i++) {
      await sleep(25);
      events = await exportedEvents('test.numbers.exported');
    }
    const event = events.at(-1);
    assert.equal(events.length, before + 1);
    assert.equal(event?.detail.outcome, 'abandoned');
    assert.equal(event?.detail.format, 'xlsx');
    assert.ok(Number(event?.detail.rows) < 100_000, `stopped early, at ${event?.detail.rows} rows`);
  });

  test('a failure mid-stream breaks the download off and is recorded as failed, never completed', async () => {
    const res = await fetch(`${base}/numbers?format=csv&total=10000&failAt=4001`);
    assert.equal(res.status, 200, 'the first pages were already on their way');
    await assert.rejects(res.text(), 'the file is cut off, not ended as if whole');
    let event = (await exportedEvents('test.numbers.exported')).at(-1);
    for (let i = 0; i < 400 && event?.detail.outcome !== 'failed'; i++) {
      await sleep(25);
      event = (await exportedEvents('test.numbers.exported')).at(-1);
    }
    assert.deepEqual(event?.detail, {
      format: 'csv',
      filters: { total: 10_000 },
      rows: 4_000,
      outcome: 'failed',
    });
  });

  test('a failure on the first page is an error response, and recorded as failed', async () => {
    const res = await fetch(`${base}/numbers?format=csv&total=10000&failAt=1`);
    assert.equal(res.status, 500);
    assert.equal(res.headers.get('content-disposition'), null, 'the error is not saved as a file');
    const event = (await exportedEvents('test.numbers.exported')).at(-1);
    assert.deepEqual(event?.detail, {
      format: 'csv',
      filters: { total: 10_000 },
      rows: 0,
      outcome: 'failed',
    });
  });
});
