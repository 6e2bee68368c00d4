import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addSchool,
  addUser,
  apiAs,
  browserAs,
  errorSummaryOf,
  listingEvents,
  tokenFor,
  unescapeHtml,
  upnFor,
} from '../support/children.ts';

// The test clock stands at Monday 2 March 2026.
let t: TestApp;
let api: ReturnType<typeof apiAs>;
let managerApi: ReturnType<typeof apiAs>;
let manager: Awaited<ReturnType<typeof browserAs>>;
const ids: Record<string, string> = {};
let ada = '';

before(async () => {
  t = await startTestApp();
  api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
  const boss = await addUser(t, t.la.code, 'boss', ['send_team_manager']);
  managerApi = apiAs(t, await tokenFor(t, t.la.code, boss.id));
  manager = await browserAs(t, boss.email);
  const dereham = await addSchool(t, t.la.code, 'Dereham Neatherd High School', 121212);
  const open = async (
    name: string,
    child: { forename: string; surname: string; dateOfBirth: string; establishmentId?: string; upn?: string },
    receivedOn: string,
    events: Record<string, unknown>[] = [],
    coordinatorId: string | null = t.la.users.coordinator.id,
  ) => {
    const childId = await addChild(t, t.la.code, child);
    if (name === 'ada') ada = childId;
    const res = await (coordinatorId ? api : managerApi).post('/api/v1/ehc/requests', {
      childId,
      receivedOn,
      source: 'parent',
      requestedBy: 'Pat Parent',
      consent: true,
      ...(coordinatorId ? {} : { coordinatorId: null }),
    });
    assert.equal(res.statusCode, 201, res.body);
    ids[name] = res.json().id;
    for (const event of events) {
      const r = await api.post(`/api/v1/ehc/requests/${ids[name]}/events`, { event });
      assert.equal(r.statusCode, 201, r.body);
    }
  };
  // Ada: received Mon 6 Oct 2025, 147 days before 2 Mar: open past 20 weeks (the backlog);
  // assessment decided on time, advice asked 12 Nov, due 24 Dec: overdue.
  await open(
    'ada',
    {
      forename: 'Ada',
      surname: 'Lovelace',
      dateOfBirth: '2016-12-10',
      establishmentId: dereham,
      upn: upnFor(t.la.code, 901),
    },
    '2025-10-06',
    [
      { type: 'assessment-decided', on: '2025-11-10', outcome: 'assess' },
      { type: 'advice-requested', on: '2025-11-12', kind: 'educational', adviser: 'EP service' },
    ],
  );
  // Zoë: received 16 Feb 2026, decide by 30 Mar: open, due later, not allocated.
  await open(
    'zoe',
    { forename: 'Zoë', surname: 'Brontë', dateOfBirth: '2012-03-27', upn: upnFor(t.la.code, 902) },
    '2026-02-16',
    [],
    null,
  );
  // Alan: received Mon 13 Oct 2025, exactly 140 days (20 weeks) before 2 Mar: open, not yet past 20 weeks.
  await open('alan', { forename: 'Alan', surname: 'Turing', dateOfBirth: '2013-06-23' }, '2025-10-13', [
    { type: 'assessment-decided', on: '2025-11-17', outcome: 'assess' },
  ]);
  // Mary: refused on 10 Feb 2026: closed.
  await open('mary', { forename: 'Mary', surname: 'Seacole', dateOfBirth: '2010-07-01' }, '2026-01-05', [
    { type: 'assessment-decided', on: '2026-02-10', outcome: 'refuse', reasons: 'Needs met at SEN support' },
  ]);
});
after(() => t.close());

const names = (body: { items: { child: { forename: string } }[] }) => body.items.map((i) => i.child.forename);
const find = async (query: string) => {
  const res = await managerApi.get(`/api/v1/ehc/requests?${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
};

test('any case is found by the child’s name (typos and accents forgiven), UPN or reference, open or closed', async () => {
  assert.deepEqual(names(await find('q=ada%20lovelce')), ['Ada']);
  assert.deepEqual(names(await find('q=zoe%20bronte')), ['Zoë']);
  assert.deepEqual(names(await find(`q=${upnFor(t.la.code, 901)}`)), ['Ada']);
  const reference = `EHC-${ids.mary?.slice(0, 8).toUpperCase()}`;
  assert.deepEqual(names(await find(`q=${reference}&stage=any`)), ['Mary']);
  // The default is open requests: Mary's refused request is closed.
  assert.deepEqual(names(await find('q=seacole')), []);
  assert.deepEqual(names(await find('q=seacole&stage=closed')), ['Mary']);
});

test('filters: stage, kind, coordinator, school, overdue and backlog; the dashboard’s counts are the list’s', async () => {
  assert.deepEqual(names(await find('stage=refused')), ['Mary']);
  assert.deepEqual(names(await find('coordinator=none')), ['Zoë']);
  assert.deepEqual(names(await find('school=dereham')), ['Ada']);
  assert.deepEqual(names(await find('school=121212')), ['Ada']);
  // Ada's advice was due 24 Dec 2025; Alan's decision whether to issue 16 weeks on, 2 Feb 2026.
  assert.deepEqual(names(await find('due=overdue')), ['Ada', 'Alan']);
  assert.deepEqual(names(await find('kind=reassessment')), []);
  const backlog = await find('backlog=yes');
  assert.deepEqual(names(backlog), ['Ada']);
  const open = await find('stage=open');
  const dashboard = (await managerApi.get('/api/v1/ehc/dashboard?year=2026')).json();
  assert.equal(dashboard.open.total, open.total, 'open requests on the dashboard and in the list');
  assert.equal(dashboard.open.backlog, backlog.total, 'the backlog on the dashboard and in the list');
  // Ada overdue since 24 Dec 2025: 68 days on 2 Mar 2026 (7 + 31 + 28 + 2).
  const adaItem = open.items.find((i: { child: { forename: string } }) => i.child.forename === 'Ada');
  assert.deepEqual(
    [adaItem.daysOverdue, adaItem.age, adaItem.school.name],
    [68, 9, 'Dereham Neatherd High School'],
  );
});

test('columns sort both ways; the page shows page numbers and says which column it is sorted by', async () => {
  assert.deepEqual(names(await find('stage=any&sort=child')), ['Zoë', 'Ada', 'Mary', 'Alan']);
  assert.deepEqual(names(await find('stage=any&sort=child&order=desc')), ['Alan', 'Mary', 'Ada', 'Zoë']);
  assert.deepEqual(names(await find('stage=any&sort=age')), ['Ada', 'Alan', 'Zoë', 'Mary']);
  const page = await manager.get('/ehc/requests?stage=any&sort=child');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /aria-sort="ascending"/);
  assert.match(unescapeHtml(page.body), /4 requests\./);
});

test('bad input is answered clearly: a 10,000-character search, an unknown filter, a page past the end', async () => {
  const long = 'a'.repeat(10_000);
  const api400 = await managerApi.get(`/api/v1/ehc/requests?q=${long}`);
  assert.equal(api400.statusCode, 400);
  assert.equal(api400.json().errors[0].field, 'q');
  const page400 = await manager.get(`/ehc/requests?q=${long}`);
  assert.equal(page400.statusCode, 400);
  assert.deepEqual(errorSummaryOf(page400.body), [
    { href: '#q', text: 'Search must be 100 characters or fewer: enter a name, UPN or reference' },
  ]);
  const unknown = await manager.get('/ehc/requests?stage=lost&sort=shoe');
  assert.equal(unknown.statusCode, 400);
  assert.deepEqual(
    errorSummaryOf(unknown.body).map((e) => e.href),
    ['#stage', '#sort'],
  );
  assert.equal((await managerApi.get('/api/v1/ehc/requests?due=someday')).statusCode, 400);
  const past = await manager.get('/ehc/requests?stage=any&page=9');
  assert.equal(past.statusCode, 404);
  assert.match(unescapeHtml(past.body), /There is no page 9[\s\S]*The 4 requests found fill 1 page/);
  const pastApi = await find('stage=any&offset=100');
  assert.deepEqual([pastApi.items.length, pastApi.total], [0, 4]);
});

test('a coordinator’s caseload filters and sorts the same way; a manager’s EHC tab opens the team’s work', async () => {
  const mine = (await api.get('/api/v1/ehc/caseload?due=overdue')).json();
  assert.deepEqual(names(mine), ['Ada', 'Alan']);
  const coordinator = await browserAs(t, t.la.users.coordinator.email);
  const page = unescapeHtml((await coordinator.get('/ehc?due=overdue')).body);
  assert.match(page, /Your caseload/);
  assert.match(page, /Ada Lovelace/);
  const tab = await manager.get('/ehc');
  assert.equal(tab.statusCode, 303);
  assert.equal(tab.headers.location, '/ehc/requests');
  assert.ok(ada);
});

test('the list downloads as CSV with every row the filters match, and the dashboard’s tables as XLSX, each audited once with its children', async () => {
  const csv = await manager.get('/ehc/requests?stage=any&sort=child&format=csv');
  assert.equal(csv.statusCode, 200);
  assert.equal(csv.headers['content-disposition'], 'attachment; filename="ehc-requests-2026-03-02.csv"');
  const lines = csv.body.replace('\uFEFF', '').split('\r\n');
  assert.equal(
    lines[0],
    'Reference,Forename,Surname,Date of birth,Age,UPN,School or setting,Kind,Received,Weeks since request,Stage,Closed,Next due,Due on,Days overdue,Coordinator',
  );
  // Zoë first by surname (Brontë); received 16 Feb 2026, 2 weeks before 2 Mar; due to decide by 30 Mar.
  assert.equal(
    lines[1],
    `EHC-${ids.zoe?.slice(0, 8).toUpperCase()},Zoë,Brontë,2012-03-27,13,${upnFor(t.la.code, 902)},,New request for an EHC needs assessment,2026-02-16,2,Deciding whether to assess,,Decide whether to assess,2026-03-30,,Not allocated`,
  );
  assert.equal(lines.length, 6, 'a header, four requests and the final line break');
  const exported = await listingEvents(t, t.la.code, 'ehc.request.exported');
  assert.equal(exported.length, 1);
  assert.equal((exported[0]?.child_ids ?? []).length, 4);

  const xlsx = await manager.get('/ehc/dashboard?year=2026&table=allocation&format=xlsx');
  assert.equal(xlsx.statusCode, 200, xlsx.body);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(xlsx.rawPayload).buffer);
  const sheet = workbook.getWorksheet('Allocation');
  assert.ok(sheet);
  const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) =>
    [1, 2, 3, 4].map((c) => sheet.getRow(i + 2).getCell(c).value),
  ).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  // Ada, Alan (overdue) and no one else are the coordinator's; Zoë is not allocated and due in 4 weeks.
  assert.deepEqual(rows, [
    [`coordinator of ${t.la.name}`, 2, 2, 0],
    ['Not allocated', 1, 0, 0],
  ]);
  assert.equal((await listingEvents(t, t.la.code, 'ehc.dashboard.exported')).length, 1);
  assert.equal((await manager.get('/ehc/dashboard?year=2026&table=secrets&format=csv')).statusCode, 400);
  assert.equal((await manager.get('/ehc/requests?format=pdf')).statusCode, 400);
});
