import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  apiAs,
  browserAs,
  errorSummaryOf,
  listingEvents,
  tokenFor,
  unescapeHtml,
} from '../support/children.ts';

/** The cells of each row of a page's table, as text a person reads. */
function tableRows(html: string): string[][] {
  const body = /<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) =>
      unescapeHtml(
        (cell[1] ?? '')
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
    ),
  );
}

describe('the audit log, for people: names and labels, searched by name or email, downloaded', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof browserAs>>;
  let api: ReturnType<typeof apiAs>;
  let ada = '';
  let ben = '';
  const ehcRequest = '0a1b2c3d-0000-4000-8000-000000000001';
  const ids: Record<'made' | 'read' | 'listed', number> = { made: 0, read: 0, listed: 0 };
  const day = 'from=2025-06-01&to=2025-06-01';

  before(async () => {
    t = await startTestApp();
    ada = await addChild(t, t.la.code, { forename: 'Ada', surname: 'Lovelace' });
    ben = await addChild(t, t.la.code, { forename: 'Ben', surname: 'Jonson' });
    const coordinator = t.la.users.coordinator.id;
    // One day in British Summer Time: 09:00, 11:30 and 15:00 in the UK.
    const insert = async (
      at: string,
      userId: string,
      action: string,
      entityType: string,
      entityId: string | null,
      childId: string | null,
      childIds: string[] | null,
      ip: string | null,
    ) =>
      Number(
        (
          await sql<{ id: string }>`INSERT INTO audit_events
            (at, la_code, user_id, action, entity_type, entity_id, child_id, child_ids, ip)
            VALUES (${at}, ${t.la.code}, ${userId}, ${action}, ${entityType}, ${entityId}, ${childId},
              ${childIds}::uuid[], ${ip})
            RETURNING id`.execute(t.database.db)
        ).rows[0]?.id,
      );
    ids.made = await insert(
      '2025-06-01T08:00:00Z',
      t.la.users.admin.id,
      'made.up-thing',
      'widget',
      'w-1',
      null,
      null,
      null,
    );
    ids.read = await insert(
      '2025-06-01T10:30:00Z',
      coordinator,
      'ehc.request.read',
      'ehc_request',
      ehcRequest,
      ada,
      null,
      '10.0.0.2',
    );
    ids.listed = await insert(
      '2025-06-01T14:00:00Z',
      coordinator,
      'children.searched',
      'children',
      null,
      null,
      [ada, ben],
      '10.0.0.3',
    );
    admin = await browserAs(t, t.la.users.admin.email);
    api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.admin.id));
  });
  after(() => t.close());

  const coordinatorName = 'coordinator of Norfolk (test)';
  const coordinatorEmail = 'coordinator.926@example.org';

  test('the page says who did what to whose record in words, a listing as a count with the names behind it', async () => {
    const res = await admin.get(`/admin/audit?${day}`);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(
      tableRows(res.body).map((cells) => cells.slice(1)),
      [
        [
          `${coordinatorName} ${coordinatorEmail}`,
          'Searched for children',
          'Children',
          '2 children Ada Lovelace Ben Jonson',
          '10.0.0.3',
        ],
        [
          `${coordinatorName} ${coordinatorEmail}`,
          'Viewed an EHC request',
          'EHC request EHC-0A1B2C3D',
          'Ada Lovelace',
          '10.0.0.2',
        ],
        ['admin of Norfolk (test) admin.926@example.org', 'Made up thing', 'Widget w-1', '', ''],
      ],
    );
    assert.match(
      res.body,
      /<summary class="govuk-details__summary">/,
      'the names open from a details element',
    );
    assert.match(
      res.body,
      /<div class="app-table-wrap" tabindex="0" role="region" aria-label="Audit log events">/,
      'the wide table scrolls in its own region, not the page',
    );
  });

  test('the API keeps the codes and ids and adds the labels and names', async () => {
    const res = await api.get(`/api/v1/audit?${day}`);
    assert.equal(res.statusCode, 200);
    const items = res.json().items as Record<string, unknown>[];
    const pick = (e: Record<string, unknown>) => ({
      id: e.id,
      action: e.action,
      actionLabel: e.actionLabel,
      entityType: e.entityType,
      entityId: e.entityId,
      record: e.record,
      userName: e.userName,
      userEmail: e.userEmail,
      childId: e.childId,
      childName: e.childName,
      childIds: e.childIds,
      children: e.children,
    });
    assert.deepEqual(items.map(pick), [
      {
        id: ids.listed,
        action: 'children.searched',
        actionLabel: 'Searched for children',
        entityType: 'children',
        entityId: null,
        record: 'Children',
        userName: coordinatorName,
        userEmail: coordinatorEmail,
        childId: null,
        childName: null,
        childIds: [ada, ben],
        children: [
          { id: ada, name: 'Ada Lovelace' },
          { id: ben, name: 'Ben Jonson' },
        ],
      },
      {
        id: ids.read,
        action: 'ehc.request.read',
        actionLabel: 'Viewed an EHC request',
        entityType: 'ehc_request',
        entityId: ehcRequest,
        record: 'EHC request EHC-0A1B2C3D',
        userName: coordinatorName,
        userEmail: coordinatorEmail,
        childId: ada,
        childName: 'Ada Lovelace',
        childIds: null,
        children: [],
      },
      {
        id: ids.made,
        action: 'made.up-thing',
        actionLabel: 'Made up thing',
        entityType: 'widget',
        entityId: 'w-1',
        record: 'Widget w-1',
        userName: 'admin of Norfolk (test)',
        userEmail: 'admin.926@example.org',
        childId: null,
        childName: null,
        childIds: null,
        children: [],
      },
    ]);
  });

  test("a child's name, typed with a slip, finds the events about them, alone or in a listing", async () => {
    const res = await api.get(`/api/v1/audit?${day}&childName=${encodeURIComponent('ada lovelase')}`);
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(body.matchedChildren, [{ id: ada, name: 'Ada Lovelace' }]);
    assert.deepEqual(
      body.items.map((e: { id: number }) => e.id),
      [ids.listed, ids.read],
    );
    const page = await admin.get(`/admin/audit?${day}&childName=ada+lovelase`);
    assert.match(page.body, /Events about Ada Lovelace\./);
    assert.equal(tableRows(page.body).length, 2);

    const searches = await listingEvents(t, t.la.code, 'audit.searched');
    const last = searches.at(-1);
    assert.deepEqual(last?.child_ids, [ada], 'the search is recorded against the child it was about');
    assert.equal((last?.detail as { childName?: string } | undefined)?.childName, 'ada lovelase');
  });

  test("a person's email, in any case, finds what they did", async () => {
    const res = await api.get(`/api/v1/audit?${day}&email=Coordinator.926%40Example.org`);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(
      res.json().items.map((e: { id: number }) => e.id),
      [ids.listed, ids.read],
    );
  });

  const badFilters: [query: string, field: string, message: string][] = [
    [
      'email=nobody%40example.org',
      'email',
      'No one in Norfolk (test) has the email address nobody@example.org',
    ],
    ['email=not-an-email', 'email', 'Email must be an email address, like name@example.org'],
    [`childName=${'a'.repeat(10_000)}`, 'childName', "Child's name must be 100 characters or fewer"],
    ['childName=xylophone', 'childName', 'No child in Norfolk (test) has a name like “xylophone”'],
    ['from=2026-02-30', 'from', 'From must be a real date'],
    ['from=2026-03-01&to=2026-02-01', 'to', 'To must be the same date as From or after it'],
  ];

  test('bad filters on the page are named in the error summary, never a server error', async () => {
    for (const [query, field, message] of badFilters) {
      const res = await admin.get(`/admin/audit?${query}`);
      assert.equal(res.statusCode, 400, query.slice(0, 40));
      assert.deepEqual(errorSummaryOf(res.body), [{ href: `#${field}`, text: message }], query.slice(0, 40));
    }
  });

  test('bad filters on the API are problems naming the field', async () => {
    for (const [query, field, message] of badFilters) {
      const res = await api.get(`/api/v1/audit?${query}`);
      assert.equal(res.statusCode, 400, query.slice(0, 40));
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.deepEqual(
        res.json().errors.filter((e: { field: string }) => e.field === field),
        [{ field, message }],
        query.slice(0, 40),
      );
    }
  });

  const csvExpected = () =>
    [
      'When (UK time),Person,Action,Record,Child,From (IP address),Action code,Record ID,Child IDs,Event number',
      `2025-06-01 15:00:00,${coordinatorName} (${coordinatorEmail}),Searched for children,Children,"2 children: Ada Lovelace, Ben Jonson",10.0.0.3,children.searched,,${ada} ${ben},${ids.listed}`,
      `2025-06-01 11:30:00,${coordinatorName} (${coordinatorEmail}),Viewed an EHC request,EHC request EHC-0A1B2C3D,Ada Lovelace,10.0.0.2,ehc.request.read,${ehcRequest},${ada},${ids.read}`,
      `2025-06-01 09:00:00,admin of Norfolk (test) (admin.926@example.org),Made up thing,Widget w-1,,,made.up-thing,w-1,,${ids.made}`,
      '',
    ].join('\r\n');

  test('the search downloads as CSV from the page, every event it matches with labels and names', async () => {
    const page = await admin.get(`/admin/audit?${day}&before=${ids.listed}`);
    const link =
      /<a class="govuk-link" href="([^"]+)"><span class="govuk-visually-hidden">Download the audit log events matching this search as <\/span>CSV<\/a>/.exec(
        page.body,
      );
    assert.ok(link, 'a CSV link named for the table it downloads');
    assert.equal(
      unescapeHtml(link[1] ?? ''),
      `/admin/audit?${day}&format=csv`,
      'every event, not the page shown',
    );
    const res = await admin.get(unescapeHtml(link[1] ?? ''));
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(
      String(res.headers['content-disposition']),
      /^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.body, `\uFEFF${csvExpected()}`);
  });

  test('and as XLSX from the API, with real times in the cells', async () => {
    const res = await api.get(`/api/v1/audit?${day}&format=xlsx`);
    assert.equal(res.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(res.rawPayload).buffer);
    const sheet = workbook.getWorksheet('Audit log');
    assert.ok(sheet);
    const values = (r: number) =>
      Array.from({ length: 10 }, (_, i) => sheet.getRow(r).getCell(i + 1).value ?? null);
    assert.deepEqual(values(2), [
      new Date(Date.UTC(2025, 5, 1, 15, 0)),
      `${coordinatorName} (${coordinatorEmail})`,
      'Searched for children',
      'Children',
      '2 children: Ada Lovelace, Ben Jonson',
      '10.0.0.3',
      'children.searched',
      null,
      `${ada} ${ben}`,
      ids.listed,
    ]);
    assert.deepEqual(values(4), [
      new Date(Date.UTC(2025, 5, 1, 9, 0)),
      'admin of Norfolk (test) (admin.926@example.org)',
      'Made up thing',
      'Widget w-1',
      null,
      null,
      'made.up-thing',
      'w-1',
      null,
      ids.made,
    ]);
    assert.equal(sheet.rowCount, 4);
  });

  test('each download is one audit event with its format, filters, rows and children', async () => {
    const exports = await listingEvents(t, t.la.code, 'audit.events.exported');
    assert.deepEqual(
      exports.map((e) => [e.user_id, e.detail, [...(e.child_ids ?? [])].sort()]),
      [
        [
          t.la.users.admin.id,
          { format: 'csv', filters: { from: '2025-06-01', to: '2025-06-01' }, rows: 3, outcome: 'completed' },
          [ada, ben].sort(),
        ],
        [
          t.la.users.admin.id,
          {
            format: 'xlsx',
            filters: { from: '2025-06-01', to: '2025-06-01' },
            rows: 3,
            outcome: 'completed',
          },
          [ada, ben].sort(),
        ],
      ],
    );
  });

  test('a format not offered is a 400 naming the parameter, on the page and on the API', async () => {
    const page = await admin.get(`/admin/audit?${day}&format=pdf`);
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /<h1 class="govuk-heading-l">This download format is not offered<\/h1>/);
    assert.match(page.body, /format must be csv or xlsx/);
    const res = await api.get(`/api/v1/audit?${day}&format=pdf`);
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.deepEqual(res.json().errors, [{ field: 'format', message: 'format must be csv or xlsx' }]);
  });
});
