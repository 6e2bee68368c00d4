import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addCluster,
  addSchool,
  addStaff,
  addUser,
  errorSummaryOf,
  tokenFor,
  unescapeHtml,
} from '../support/children.ts';
import { browserFor } from '../support/portals.ts';

/**
 * MI sheets: written as a draft, numbered NNN/YY in the year they are sent, sent to every school
 * in a cluster; each school says it has read the sheet or done what it asks; the LA sees who has
 * not, by cluster, and chases them. The test clock reads Monday 2 March 2026.
 */

describe('MI sheets to schools', () => {
  let t: TestApp;
  let officer: Awaited<ReturnType<typeof browserFor>>;
  let senco: Awaited<ReturnType<typeof browserFor>>;
  let sencoUser: { id: string; email: string };
  const schools: string[] = [];
  const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'opensend-mi-'));

  before(async () => {
    t = await startTestApp({ UPLOAD_DIR: uploads });
    const officerUser = await addUser(t, t.la.code, 'schools-comms', ['programme_manager']);
    officer = await browserFor(t, officerUser.email);
    sencoUser = await addUser(t, t.la.code, 'senco-mi', ['senco']);
    const host = await addUser(t, t.la.code, 'host-mi', ['cluster_host']);
    // Two clusters: Dereham with two schools, Thetford with one.
    for (const name of ['Dereham Infant School', 'Dereham Junior School', 'Thetford Academy'])
      schools.push(await addSchool(t, t.la.code, name));
    await addCluster(t, t.la.code, 'Dereham', [schools[0] ?? '', schools[1] ?? ''], host.id);
    await addCluster(t, t.la.code, 'Thetford', [schools[2] ?? ''], host.id);
    await addStaff(t, t.la.code, sencoUser.id, schools[0] ?? '');
    senco = await browserFor(t, sencoUser.email);
  });
  after(async () => {
    await t.close();
    fs.rmSync(uploads, { recursive: true, force: true });
  });

  async function draft(fields: Record<string, string> = {}): Promise<string> {
    const made = await officer.post('/engagement/mi-sheets/new', {
      kind: 'action',
      title: 'Reshaping Norfolk’s SEN services: invitation to focus groups',
      audiences: 'sencos',
      completeBy: '2026-03-13',
      contact: 'Additional Needs Project Manager, 01603 222222',
      body: '## Focus groups\n\nPlease book by **13 March**. <script>alert(1)</script>',
      ...fields,
    });
    assert.equal(made.statusCode, 303, unescapeHtml(made.body).slice(0, 1500));
    return String(made.headers.location).split('/')[3]?.split('?')[0] ?? '';
  }

  it('numbers a sheet when it is sent, to every school in a cluster, and tells their SENCos and heads', async () => {
    const id = await draft();
    const page = await officer.get(`/engagement/mi-sheets/${id}`);
    assert.match(page.body, /Draft/);
    // The Markdown is rendered; the script is shown as text.
    assert.match(
      page.body,
      /<h3 class="govuk-heading-s">Focus groups<\/h3>|<h2 class="govuk-heading-m">Focus groups<\/h2>/,
    );
    assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(page.body, /<script>alert/);

    const sent = await officer.post(`/engagement/mi-sheets/${id}/publish`);
    assert.equal(sent.statusCode, 303);
    // The first sheet sent in 2026: number 1, written 1/26.
    const after = await officer.get(`/engagement/mi-sheets/${id}`);
    assert.match(after.body, /MI sheet 1\/26/);
    assert.match(unescapeHtml(after.body), /3 schools have not done it/);
    const second = await draft({ kind: 'information', completeBy: '', title: 'Update' });
    await officer.post(`/engagement/mi-sheets/${second}/publish`);
    assert.match((await officer.get(`/engagement/mi-sheets/${second}`)).body, /MI sheet 2\/26/);
    const again = await officer.post(`/engagement/mi-sheets/${second}/publish`);
    assert.equal(again.statusCode, 409);
    // An LA carrying on its old sequence gives the number; one already used is refused, naming the next.
    const carried = await draft({ kind: 'information', completeBy: '', title: 'Carried on' });
    const taken = await officer.post(`/engagement/mi-sheets/${carried}/publish`, { number: '2' });
    assert.equal(taken.statusCode, 409);
    assert.deepEqual(errorSummaryOf(taken.body), [
      {
        href: '#number',
        text: 'MI sheet 2/26 has already been sent: choose another number, or leave it blank for 3/26',
      },
    ]);
    assert.equal(
      (await officer.post(`/engagement/mi-sheets/${carried}/publish`, { number: 'x' })).statusCode,
      400,
    );
    await officer.post(`/engagement/mi-sheets/${carried}/publish`, { number: '248' });
    assert.match((await officer.get(`/engagement/mi-sheets/${carried}`)).body, /MI sheet 248\/26/);

    // Only the SENCo is linked to a school (Dereham Infant): one message for each sheet sent.
    const told = await sql<{ subject: string; body: string }>`SELECT subject, body FROM notifications
      WHERE kind = 'engagement.mi-sheet' ORDER BY created_at`.execute(t.database.db);
    assert.deepEqual(
      told.rows.map((r) => r.subject),
      [
        'MI sheet 1/26: Reshaping Norfolk’s SEN services: invitation to focus groups',
        'MI sheet 2/26: Update',
        'MI sheet 248/26: Carried on',
      ],
    );
    assert.doesNotMatch(
      told.rows[0]?.body ?? '',
      /Please book/,
      'the email says a sheet is there, not what it says',
    );
  });

  it('takes each school’s answer once, shows who has not by cluster, and chases them', async () => {
    const id = await draft({ title: 'Cluster host nominations' });
    await officer.post(`/engagement/mi-sheets/${id}/publish`);
    const list = await senco.get('/mi-sheets');
    assert.match(list.body, /Cluster host nominations/);
    // The SENCo's home page says what their school has yet to answer: the four sheets sent so far in
    // this file (1/26 and this one asking for action by 13 March, 2/26 and 248/26 for information),
    // none answered.
    const home = await senco.get('/');
    assert.match(
      unescapeHtml(home.body),
      /Your school has 4 MI sheets to read or act on; the next is due by 13 March 2026/,
    );
    const read = await senco.post(`/mi-sheets/${id}`, { school: schools[0] ?? '', answer: 'read' });
    assert.equal(read.statusCode, 303);
    const done = await senco.post(`/mi-sheets/${id}`, { school: schools[0] ?? '', answer: 'done' });
    assert.equal(done.statusCode, 303);
    const twice = await senco.post(`/mi-sheets/${id}`, { school: schools[0] ?? '', answer: 'done' });
    assert.equal(twice.statusCode, 409);
    assert.deepEqual(errorSummaryOf(twice.body), [
      { href: '#answer', text: 'Your school has already said it has done this' },
    ]);
    // Another school's answer is not the SENCo's to give.
    const notMine = await senco.post(`/mi-sheets/${id}`, { school: schools[2] ?? '', answer: 'done' });
    assert.equal(notMine.statusCode, 404);

    // Dereham: 2 schools, 1 done, 1 not; Thetford: 1 school, not done. Most not done first: a tie at
    // 1 each, so by name.
    const csv = await officer.get(`/engagement/mi-sheets/${id}?format=csv`);
    assert.match(csv.body, /Dereham,Dereham Infant School,,Done/);
    const page = await officer.get(`/engagement/mi-sheets/${id}`);
    const table = /By cluster<\/caption>[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
    const byCluster = [...table.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)]
      .map((m) => [...(m[1] ?? '').matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]?.trim()).join(' '))
      .filter((r) => r !== '');
    assert.deepEqual(byCluster, ['Dereham 2 1 1 1', 'Thetford 1 0 0 1']);
    const clusters = await officer.get(`/engagement/mi-sheets/${id}?table=clusters&format=csv`);
    assert.match(clusters.body, /Dereham,2,1,1,1\r?\nThetford,1,0,0,1/);
    const mine = await senco.get('/mi-sheets?format=csv');
    assert.match(mine.body, /Cluster host nominations,Dereham Infant School,2026-03-02,2026-03-13,Done/);

    const chased = await officer.post(`/engagement/mi-sheets/${id}/chase`);
    assert.equal(chased.statusCode, 303);
    const receipts = await sql<{
      chases: number;
    }>`SELECT chases FROM eng_mi_receipts WHERE mi_sheet_id = ${id}
      ORDER BY chases`.execute(t.database.db);
    assert.deepEqual(
      receipts.rows.map((r) => r.chases),
      [0, 1, 1],
      'the two schools not done, not the one done',
    );
  });

  it('refuses what a sheet cannot be, and keeps a sent sheet as it was sent', async () => {
    const noDate = await officer.post('/engagement/mi-sheets/new', {
      kind: 'action',
      title: 'Return the census',
      audiences: 'heads',
      contact: 'Data team',
      body: 'Please return it.',
    });
    assert.equal(noDate.statusCode, 400);
    assert.deepEqual(errorSummaryOf(noDate.body), [
      { href: '#completeBy', text: 'Enter the date schools must complete it by' },
    ]);
    const badDate = await officer.post('/engagement/mi-sheets/new', {
      kind: 'action',
      title: 'Return the census',
      audiences: 'heads',
      completeBy: '2026-02-30',
      contact: 'Data team',
      body: 'Please return it.',
    });
    assert.deepEqual(errorSummaryOf(badDate.body), [
      { href: '#completeBy', text: 'Enter the date as 2027-11-15' },
    ]);
    // A date already past when it is sent.
    const past = await draft({ completeBy: '2026-03-01' });
    const late = await officer.post(`/engagement/mi-sheets/${past}/publish`);
    assert.equal(late.statusCode, 422);
    assert.match(
      unescapeHtml(late.body),
      /The date to complete it by, 1 March 2026, has passed: change it first/,
    );

    const sent = await draft({ kind: 'information', completeBy: '' });
    await officer.post(`/engagement/mi-sheets/${sent}/publish`);
    const change = await officer.post(`/engagement/mi-sheets/${sent}/edit`, {
      kind: 'information',
      title: 'Changed',
      audiences: 'heads',
      contact: 'x',
      body: 'y',
      version: '2',
    });
    assert.equal(change.statusCode, 422);
    const doneForInfo = await senco.post(`/mi-sheets/${sent}`, { school: schools[0] ?? '', answer: 'done' });
    assert.equal(doneForInfo.statusCode, 422);
    // People outside schools and the LA's officers see nothing of the schools' pages, and the reverse.
    const parent = await browserFor(t, t.la.users.parent.email);
    assert.equal((await parent.get('/mi-sheets')).statusCode, 403);
    assert.equal((await senco.get('/engagement/mi-sheets')).statusCode, 403);
    const other = await browserFor(
      t,
      (await addUser(t, t.otherLa.code, 'comms', ['programme_manager'])).email,
    );
    assert.equal((await other.get(`/engagement/mi-sheets/${sent}`)).statusCode, 404);
  });

  it('carries files: checked when attached to a draft, downloaded by officers and the schools it went to', async () => {
    const id = await draft({ kind: 'information', completeBy: '' });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const attached = await officer.upload(
      `/engagement/mi-sheets/${id}/files`,
      {},
      { name: 'toolkit.pdf', data: pdf },
    );
    assert.equal(attached.statusCode, 303, unescapeHtml(attached.body).slice(0, 1000));
    const notPdf = await officer.upload(
      `/engagement/mi-sheets/${id}/files`,
      {},
      { name: 'virus.pdf', data: Buffer.from('MZ\x90\x00 not a pdf') },
    );
    assert.equal(notPdf.statusCode, 422);
    await officer.post(`/engagement/mi-sheets/${id}/publish`);
    const fileId =
      /\/mi-sheets\/[0-9a-f-]+\/files\/([0-9a-f-]+)/.exec((await senco.get(`/mi-sheets/${id}`)).body)?.[1] ??
      '';
    const got = await senco.get(`/mi-sheets/${id}/files/${fileId}`);
    assert.equal(got.statusCode, 200);
    assert.equal(got.headers['content-type'], 'application/pdf');
    assert.match(String(got.headers['content-disposition']), /^attachment/);
    const parent = await browserFor(t, t.la.users.parent.email);
    assert.equal((await parent.get(`/mi-sheets/${id}/files/${fileId}`)).statusCode, 403);
  });

  it('is the same through the API, for the LA and for schools', async () => {
    const officerUser = await addUser(t, t.la.code, 'comms-api', ['programme_manager']);
    const officerToken = await tokenFor(t, t.la.code, officerUser.id);
    const schoolToken = await tokenFor(t, t.la.code, sencoUser.id);
    const call = (token: string, method: 'GET' | 'POST', url: string, body?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(body ? { payload: body as object } : {}),
      });
    const made = await call(officerToken, 'POST', '/api/v1/mi-sheets', {
      kind: 'action',
      title: 'SEN information reports',
      audiences: ['heads', 'governors'],
      completeBy: '2026-04-01',
      contact: 'Local Offer team',
      body: 'Send us the link to your SEN information report.',
    });
    assert.equal(made.statusCode, 201, made.body);
    const { id } = made.json() as { id: string };
    const sent = await call(officerToken, 'POST', `/api/v1/mi-sheets/${id}/publish`);
    assert.equal(sent.statusCode, 200);
    assert.equal((sent.json() as { schools: number }).schools, 3);
    const mine = (await call(schoolToken, 'GET', '/api/v1/mi-sheets/for-my-schools')).json() as {
      sheets: { id: string; state: string }[];
    };
    assert.equal(mine.sheets.find((s) => s.id === id)?.state, 'to-do');
    const answered = await call(schoolToken, 'POST', `/api/v1/mi-sheets/${id}/responses`, {
      school: schools[0],
      answer: 'done',
    });
    assert.deepEqual(answered.json(), { answer: 'done' });
    const bad = await call(schoolToken, 'POST', `/api/v1/mi-sheets/${id}/responses`, {
      school: 'nope',
      answer: 'maybe',
    });
    assert.equal(bad.statusCode, 400);
    const read = (await call(officerToken, 'GET', `/api/v1/mi-sheets/${id}`)).json() as {
      completed: number;
      responses: { school: string; state: string }[];
    };
    assert.equal(read.completed, 1);
    assert.deepEqual(
      read.responses.map((r) => [r.school, r.state]),
      [
        ['Dereham Infant School', 'done'],
        ['Dereham Junior School', 'to-do'],
        ['Thetford Academy', 'to-do'],
      ],
    );
    assert.equal((await call(schoolToken, 'GET', '/api/v1/mi-sheets')).statusCode, 403);
  });
});
