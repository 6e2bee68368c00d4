import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addParentCarer,
  addSchool,
  addStaff,
  addUser,
  errorSummaryOf,
  unescapeHtml,
} from '../support/children.ts';
import { browserFor } from '../support/portals.ts';

/**
 * The single point of access end to end: a parent's request for an assessment, which is statutory
 * from the day it arrives; a school's request for help, triaged by the LA; the files sent with
 * them, checked by content; and what nobody else can reach.
 */

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4000, 0x20), Buffer.from('\n%%EOF\n')]);

const idFrom = (location: string | undefined) => /\/request\/([0-9a-f-]{36})/.exec(location ?? '')?.[1] ?? '';

describe('the single point of access', () => {
  let t: TestApp;
  let parent: { id: string; email: string };
  let stranger: { id: string; email: string };
  let senco: { id: string; email: string };
  let childId: string;
  let pupilId: string;
  let pupilUpn: string;

  before(async () => {
    // A 1 MB limit, so a file over it is cheap to make.
    t = await startTestApp({ UPLOAD_MAX_MB: '1', PUBLIC_URL: 'https://send.example.gov.uk' });
    parent = await addUser(t, t.la.code, 'sam-parent', ['parent_carer']);
    stranger = await addUser(t, t.la.code, 'other-parent', ['parent_carer']);
    senco = await addUser(t, t.la.code, 'senco', ['senco']);
    const school = await addSchool(t, t.la.code, 'Riverside Primary');
    await addStaff(t, t.la.code, senco.id, school);
    childId = await addChild(t, t.la.code, { forename: 'Robin', surname: 'Ashby' });
    await addParentCarer(t, t.la.code, childId, { userId: parent.id, mainContact: true });
    pupilUpn = 'A926000000777'.slice(0, 12);
    pupilId = await addChild(t, t.la.code, { forename: 'Jo', surname: 'Pupil', establishmentId: school });
    pupilUpn =
      (await sql<{ upn: string }>`SELECT upn FROM children WHERE id = ${pupilId}`.execute(t.database.db))
        .rows[0]?.upn ?? '';
  });
  after(() => t.close());

  it('shows the public start page to anyone, and asks a visitor to sign in to start', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/request' });
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /Ask for an EHC needs assessment or for help/);
    assert.match(r.body, /href="\/sign-in\?next=%2Frequest%2Fnew"/);
    const journey = await t.app.inject({ method: 'GET', url: '/request/new' });
    assert.equal(journey.statusCode, 302, 'the questions need an account linked to the child');
  });

  it('takes a parent’s request for an assessment page by page and opens the statutory request the day it arrives', async () => {
    const b = await browserFor(t, parent.email);
    const who = await b.get('/request/new');
    assert.match(who.body, /Robin Ashby/);
    const started = await b.post('/request/new', { by: 'child', childId });
    assert.equal(started.statusCode, 303);
    const id = idFrom(started.headers.location);
    assert.equal(started.headers.location, `/request/${id}/what`);

    // A page sent empty names the question and saves nothing.
    const empty = await b.post(`/request/${id}/what`, {});
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(errorSummaryOf(empty.body), [{ href: '#kind', text: 'Choose what you are asking for' }]);

    assert.equal(
      (await b.post(`/request/${id}/what`, { kind: 'assessment' })).headers.location,
      `/request/${id}/needs`,
    );
    const tooLong = await b.post(`/request/${id}/needs`, { needs: 'x'.repeat(5001) });
    assert.equal(tooLong.statusCode, 400);
    assert.match(unescapeHtml(tooLong.body), /must be 5,000 characters or fewer/);
    assert.equal(
      (
        await b.post(`/request/${id}/needs`, {
          needs: 'Robin finds reading and crowded rooms hard.',
          supportNow: '',
        })
      ).headers.location,
      `/request/${id}/views`,
    );
    // Saved as it goes: coming back to a page shows what was given.
    assert.match((await b.get(`/request/${id}/needs`)).body, /Robin finds reading and crowded rooms hard\./);
    assert.equal(
      (
        await b.post(`/request/${id}/views`, {
          views: 'Robin loves trains <b>and</b> wants to stay with friends.',
        })
      ).headers.location,
      `/request/${id}/files`,
    );

    const up = await b.upload(
      `/request/${id}/files`,
      { description: 'Paediatrician’s letter' },
      { name: 'letter.pdf', data: pdf },
    );
    assert.equal(up.statusCode, 303, up.body);
    const files = await b.get(`/request/${id}/files`);
    assert.match(files.body, /Paediatrician’s letter/);

    const check = await b.get(`/request/${id}/check`);
    assert.equal(check.statusCode, 200);
    // What a person typed is shown as text, never as markup.
    assert.match(check.body, /Robin loves trains &lt;b&gt;and&lt;\/b&gt;/);

    const sent = await b.post(`/request/${id}/check`);
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `/request/${id}/sent`);
    const confirmation = await b.get(`/request/${id}/sent`);
    // Received on the test clock's day, Monday 2 March 2026. Six weeks (42 days, reg 5(1)) on:
    // 2 March + 29 days = 31 March, + 13 days = 13 April 2026.
    assert.match(confirmation.body, /We received it on 2 March 2026/);
    assert.match(confirmation.body, /must tell you by <strong>13 April 2026<\/strong>/);

    const ehc = await sql<{ id: string; received_on: string; source: string; kind: string }>`
      SELECT r.id, to_char(r.received_on, 'YYYY-MM-DD') AS received_on, r.source, r.kind FROM ehc_requests r
      WHERE r.child_id = ${childId}`.execute(t.database.db);
    assert.equal(ehc.rows.length, 1);
    assert.deepEqual(
      { ...ehc.rows[0], id: undefined },
      { id: undefined, received_on: '2026-03-02', source: 'parent', kind: 'new' },
    );

    const follow = await b.get(`/request/${id}`);
    assert.equal(follow.statusCode, 200);
    assert.match(follow.body, /The LA is deciding whether to carry out an EHC needs assessment/);
    assert.match(follow.body, /The LA decides whether to carry out an EHC needs assessment/);
    assert.match(follow.body, /Due by 13 April 2026/);

    // The notice says only that something arrived: no child's name, no needs.
    const mail = await sql<{ subject: string; body: string; to_email: string }>`
      SELECT subject, body, to_email FROM notifications WHERE kind = 'portals.request-received'`.execute(
      t.database.db,
    );
    assert.equal(mail.rows.length, 1);
    assert.equal(mail.rows[0]?.to_email, parent.email);
    assert.doesNotMatch(`${mail.rows[0]?.subject} ${mail.rows[0]?.body}`, /Robin|Ashby|reading/);
    assert.match(mail.rows[0]?.body ?? '', new RegExp(`https://send.example.gov.uk/request/${id}`));

    // The LA asks for more information: the clock does not stop, and the date stays 13 April 2026.
    const la = await browserFor(t, t.la.users.coordinator.email);
    const asked = await la.post(`/portal/ehc/${ehc.rows[0]?.id}/messages`, {
      to: 'family',
      body: 'Please send Robin’s latest school report.',
    });
    assert.equal(asked.statusCode, 303, asked.body);
    const still = await b.get(`/portal/ehc/${ehc.rows[0]?.id}`);
    assert.match(unescapeHtml(still.body), /Please send Robin’s latest school report\./);
    assert.match(still.body, /Due by 13 April 2026/);

    // A sent request cannot be changed.
    assert.equal((await b.post(`/request/${id}/needs`, { needs: 'changed' })).statusCode, 409);

    // A second request for an assessment while this one is open is refused, naming why.
    const again = idFrom((await b.post('/request/new', { by: 'child', childId })).headers.location);
    await b.post(`/request/${again}/what`, { kind: 'assessment' });
    await b.post(`/request/${again}/needs`, { needs: 'Still reading.' });
    await b.post(`/request/${again}/views`, { views: 'Same.' });
    const refused = await b.post(`/request/${again}/check`);
    assert.equal(refused.statusCode, 409);
    assert.match(unescapeHtml(refused.body), /already an EHC needs assessment request in progress/);
    assert.equal((await b.post(`/request/${again}/discard`)).statusCode, 303);
  });

  it('refuses a request about a child the person is not linked to', async () => {
    const b = await browserFor(t, stranger.email);
    const r = await b.post('/request/new', { by: 'child', childId });
    assert.equal(r.statusCode, 422);
    assert.match(unescapeHtml(r.body), /only for a child linked to your account/);
    const other = await addChild(t, t.otherLa.code, { forename: 'Far', surname: 'Away' });
    assert.equal((await b.post('/request/new', { by: 'child', childId: other })).statusCode, 422);
    const none = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM portal_requests WHERE made_by = ${stranger.id}`.execute(t.database.db);
    assert.equal(none.rows[0]?.n, 0);
  });

  it('refuses a file that is not what its name says, and one over the size limit, keeping neither', async () => {
    const b = await browserFor(t, parent.email);
    const id = idFrom((await b.post('/request/new', { by: 'child', childId })).headers.location);
    const fake = await b.upload(
      `/request/${id}/files`,
      {},
      { name: 'report.pdf', data: Buffer.from('MZ\x90\x00 this is a program, not a PDF') },
    );
    assert.equal(fake.statusCode, 422);
    assert.match(unescapeHtml(fake.body), /report\.pdf is not a PDF, as its name says/);
    const exe = await b.upload(`/request/${id}/files`, {}, { name: 'setup.exe', data: Buffer.from('MZ') });
    assert.match(unescapeHtml(exe.body), /setup\.exe is not a kind of file we can take/);
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const tooBig = await b.upload(`/request/${id}/files`, {}, { name: 'scan.pdf', data: big });
    assert.equal(tooBig.statusCode, 422);
    assert.match(unescapeHtml(tooBig.body), /scan\.pdf is larger than 1 MB/);
    const none = await b.upload(`/request/${id}/files`, { description: 'nothing' });
    assert.match(unescapeHtml(none.body), /Choose a file to upload/);
    const kept = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM portal_request_files WHERE request_id = ${id}`.execute(t.database.db);
    assert.equal(kept.rows[0]?.n, 0);
    // Nothing refused is left on disk: only the one PDF kept earlier is there.
    const held = await readdir(path.join(t.config.uploads.dir, '.incoming'));
    assert.deepEqual(held, []);
  });

  it('lets nobody else see a draft, a sent request or its files, by page or guessed address, and the database agrees', async () => {
    const rows = await sql<{
      id: string;
      status: string;
    }>`SELECT id, status FROM portal_requests WHERE made_by = ${parent.id}
      ORDER BY created_at`.execute(t.database.db);
    const sent = rows.rows.find((r) => r.status === 'opened')?.id ?? '';
    const draft = rows.rows.find((r) => r.status === 'draft')?.id ?? '';
    const file = (
      await sql<{
        file_id: string;
      }>`SELECT file_id FROM portal_request_files WHERE request_id = ${sent}`.execute(t.database.db)
    ).rows[0]?.file_id;
    const b = await browserFor(t, stranger.email);
    for (const url of [
      `/request/${sent}`,
      `/request/${draft}/check`,
      `/request/${draft}/needs`,
      `/request/${sent}/files/${file}`,
    ])
      assert.equal((await b.get(url)).statusCode, 404, url);

    const owner = await browserFor(t, parent.email);
    const download = await owner.get(`/request/${sent}/files/${file}`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="letter.pdf"/);
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.equal(download.rawPayload.length, pdf.length);
    const read = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'portal.file.read' AND entity_id = ${file ?? ''}`.execute(
      t.database.db,
    );
    assert.equal(read.rows[0]?.n, 1);

    // Row security, under the code: as the stranger, the rows are not there; as the parent, they are.
    const seen = (userId: string) =>
      inTenant(
        t.database.app.db,
        { laCode: t.la.code, userId },
        async (tx) =>
          (
            await sql<{
              n: number;
            }>`SELECT count(*)::int AS n FROM portal_requests WHERE id IN (${sent}, ${draft})`.execute(tx)
          ).rows[0]?.n,
      );
    assert.equal(await seen(stranger.id), 0);
    assert.equal(await seen(parent.id), 2);
    assert.equal(
      await seen(t.la.users.coordinator.id),
      1,
      'the LA’s EHC staff see what was sent, never a draft',
    );
  });

  it('takes a school’s request for help with the family’s agreement, and the LA’s triage opens the assessment from the day it arrived', async () => {
    const s = await browserFor(t, senco.email);
    const badUpn = await s.post('/request/new', { by: 'upn', upn: 'A12' });
    assert.equal(badUpn.statusCode, 400);
    assert.deepEqual(
      errorSummaryOf(badUpn.body).map((e) => e.href),
      ['#upn'],
    );
    const started = await s.post('/request/new', { by: 'upn', upn: pupilUpn });
    assert.equal(started.statusCode, 303, started.body);
    const id = idFrom(started.headers.location);
    await s.post(`/request/${id}/what`, { kind: 'help' });
    await s.post(`/request/${id}/needs`, { needs: 'Jo struggles with writing.' });
    assert.equal(
      (await s.post(`/request/${id}/views`, { views: 'Jo wants to write stories.' })).headers.location,
      `/request/${id}/consent`,
    );
    const no = await s.post(`/request/${id}/consent`, { agreed: 'no' });
    assert.equal(no.statusCode, 400);
    assert.match(unescapeHtml(no.body), /with the family’s agreement/);
    const future = await s.post(`/request/${id}/consent`, {
      agreed: 'yes',
      by: 'Mrs Pupil',
      'on-day': '3',
      'on-month': '3',
      'on-year': '2026',
    });
    assert.match(unescapeHtml(future.body), /must be today or in the past/);
    assert.equal(
      (
        await s.post(`/request/${id}/consent`, {
          agreed: 'yes',
          by: 'Mrs Pupil',
          'on-day': '27',
          'on-month': '2',
          'on-year': '2026',
        })
      ).headers.location,
      `/request/${id}/files`,
    );
    assert.equal((await s.post(`/request/${id}/check`)).statusCode, 303);

    // Three days later the LA triages it, and decides it is a request for an assessment after all.
    t.clock.advance(3 * 24 * 60);
    const c = await browserFor(t, t.la.users.coordinator.email);
    const queue = await c.get('/triage');
    assert.match(queue.body, /Jo Pupil/);
    // The queue downloads as CSV (and XLSX), every waiting row, the download audited.
    const csv = await c.get('/triage?format=csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(csv.body, /^\uFEFF?Reference,Child,Made by,Received,Days waiting,What they find hard\r?\n/);
    // Received 2 March 2026, read on 5 March: 3 days waiting.
    assert.match(
      csv.body,
      /R[0-9A-HJ-NP-Z]{7},Jo Pupil,School or college,2026-03-02,3,Jo struggles with writing\./,
    );
    assert.equal((await c.get('/triage?format=xlsx')).statusCode, 200);
    const blank = await c.post(`/triage/${id}`, { outcome: 'other-service', reasons: '' });
    assert.deepEqual(
      errorSummaryOf(blank.body).map((e) => e.href),
      ['#routedTo', '#reasons'],
    );
    const decided = await c.post(`/triage/${id}`, {
      outcome: 'assessment',
      reasons: 'The school’s evidence shows Jo may need an EHC plan.',
    });
    assert.equal(decided.statusCode, 303, decided.body);
    const ehc = await sql<{ received_on: string; source: string }>`
      SELECT to_char(received_on, 'YYYY-MM-DD') AS received_on, source FROM ehc_requests WHERE child_id = ${pupilId}`.execute(
      t.database.db,
    );
    // Sent on 2 March 2026, triaged on 5 March: the clock started on 2 March.
    assert.deepEqual(ehc.rows[0], { received_on: '2026-03-02', source: 'school' });
    const again = await c.post(`/triage/${id}`, { outcome: 'sen-support', reasons: 'Twice.' });
    assert.equal(again.statusCode, 409);
    // The decided list downloads too, with what was decided and the day.
    const decidedCsv = await c.get('/triage?table=decided&format=csv');
    assert.equal(decidedCsv.statusCode, 200);
    assert.match(decidedCsv.body, /^\uFEFF?Reference,Child,Outcome,Routed to,Decided\r?\n/);
    assert.match(decidedCsv.body, /R[0-9A-HJ-NP-Z]{7},Jo Pupil,[^,\r\n]+,,2026-03-05/);

    const notice = await sql<{
      to_email: string;
      body: string;
    }>`SELECT to_email, body FROM notifications WHERE kind = 'portals.request-decided'`.execute(
      t.database.db,
    );
    assert.equal(notice.rows[0]?.to_email, senco.email);
    assert.doesNotMatch(notice.rows[0]?.body ?? '', /Jo|Pupil|writing/);
    // Signed in afresh: three days on, the morning's session has long ended.
    const follow = await (await browserFor(t, senco.email)).get(`/request/${id}`);
    assert.match(
      unescapeHtml(follow.body),
      /We are treating your request as a request for an EHC needs assessment/,
    );
    assert.match(unescapeHtml(follow.body), /The school’s evidence shows Jo may need an EHC plan\./);
    assert.match(follow.body, /Due by 13 April 2026/);
  });

  it('routes a request for help to another service with reasons, which the requester reads', async () => {
    const b = await browserFor(t, parent.email);
    const id = idFrom((await b.post('/request/new', { by: 'child', childId })).headers.location);
    await b.post(`/request/${id}/what`, { kind: 'help' });
    await b.post(`/request/${id}/needs`, { needs: 'Sleep is hard.' });
    await b.post(`/request/${id}/views`, { views: 'Some rest.' });
    assert.equal((await b.post(`/request/${id}/check`)).statusCode, 303);
    const c = await browserFor(t, t.la.users.coordinator.email);
    const r = await c.post(`/triage/${id}`, {
      outcome: 'other-service',
      routedTo: 'Children’s sleep service',
      reasons: 'They help with sleep.',
    });
    assert.equal(r.statusCode, 303);
    const page = unescapeHtml((await b.get(`/request/${id}`)).body);
    assert.match(page, /We have passed your request to another service \(Children’s sleep service\)/);
    assert.match(page, /They help with sleep\./);
    const home = unescapeHtml((await b.get('/')).body);
    assert.match(home, /Your requests/);
    assert.match(home, /We have passed your request to another service/);
  });
});
