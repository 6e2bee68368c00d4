import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addParentCarer,
  addSchool,
  addStaff,
  addUser,
  apiAs,
  errorSummaryOf,
  tokenFor,
  unescapeHtml,
} from '../support/children.ts';
import { openEhcRequest, saveLetterSettings } from '../support/ehc.ts';
import { browserFor } from '../support/portals.ts';

/**
 * An EHC request followed in the portal: the family comments on the draft within the 15 days and
 * not after; the consulted school answers online, and another school cannot; each party writes to
 * the LA in its own thread; letters reach the family and nobody else. The clock stands at Monday
 * 2 March 2026.
 */

describe('an EHC request in the portal', () => {
  let t: TestApp;
  let id: string;
  let consultation: string;
  let parent: { id: string; email: string };
  let consulted: { id: string; email: string };
  let ownSchool: { id: string; email: string };
  let stranger: { id: string; email: string };

  before(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://send.example.gov.uk' });
    parent = await addUser(t, t.la.code, 'ada-parent', ['parent_carer']);
    stranger = await addUser(t, t.la.code, 'stranger', ['parent_carer']);
    consulted = await addUser(t, t.la.code, 'riverside-senco', ['senco']);
    ownSchool = await addUser(t, t.la.code, 'hillside-senco', ['senco']);
    const riverside = await addSchool(t, t.la.code, 'Riverside Primary');
    const hillside = await addSchool(t, t.la.code, 'Hillside Primary');
    await addStaff(t, t.la.code, consulted.id, riverside);
    await addStaff(t, t.la.code, ownSchool.id, hillside);
    const child = await addChild(t, t.la.code, {
      forename: 'Ada',
      surname: 'Lovelace',
      establishmentId: hillside,
    });
    await addParentCarer(t, t.la.code, child, {
      forename: 'Anne',
      surname: 'Lovelace',
      userId: parent.id,
      mainContact: true,
    });
    const api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
    id = await openEhcRequest(api, child, '2025-12-01', [
      { type: 'assessment-decided', on: '2026-01-05', outcome: 'assess', reasons: 'Evidence.' },
      { type: 'issue-decided', on: '2026-02-10', outcome: 'issue', reasons: 'A plan is needed.' },
      { type: 'draft-served', on: '2026-02-20' },
      { type: 'setting-consulted', on: '2026-02-25', settingName: 'Riverside Primary' },
    ]);
    const b = await api.put(`/api/v1/ehc/requests/${id}/plan/sections/B`, {
      content: 'Ada finds reading hard.',
      version: 0,
    });
    assert.equal(b.statusCode, 200, b.body);
    await saveLetterSettings(t);
    const sent = await api.post(`/api/v1/ehc/requests/${id}/letters`, {
      kind: 'draft-plan-notice',
      method: 'portal',
      sentOn: '2026-02-20',
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const view = (await api.get(`/api/v1/ehc/requests/${id}`)).json() as { consultations: { id: string }[] };
    consultation = view.consultations[0]?.id ?? '';
  });
  after(() => t.close());

  it('shows the family every date in words and the draft, and takes their comments within the 15 days', async () => {
    const b = await browserFor(t, parent.email);
    const page = unescapeHtml((await b.get(`/portal/ehc/${id}`)).body);
    // Draft served Friday 20 February 2026; the day of service counts, so the 15th day is
    // 20 February + 14 = 6 March 2026 (February 2026 has 28 days).
    assert.match(page, /You can comment on the draft plan until 6 March 2026/);
    assert.match(page, /Ada finds reading hard\./);
    // Received 1 December 2025; 20 weeks (140 days, reg 13(2)) on is 20 April 2026:
    // 1 December + 30 = 31 December, + 31 = 31 January, + 28 = 28 February, + 31 = 31 March, + 20 = 20 April.
    assert.match(page, /The final EHC plan is issued/);
    assert.match(page, /Due by 20 April 2026/);
    const csv = (await b.get(`/portal/ehc/${id}?format=csv`)).body;
    assert.match(csv, /^\uFEFF?What happens,Who does it,Due by,Status\r?\n/);
    assert.match(csv, /The final EHC plan is issued,the LA,2026-04-20,Due by 20 April 2026/);

    // What is theirs to do, on their home page, by when.
    assert.match(
      unescapeHtml((await b.get('/')).body),
      /Yours to do: comment on the draft plan by 6 March 2026\./,
    );
    const empty = await b.post(`/portal/ehc/${id}/comments`, {});
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(
      errorSummaryOf(empty.body).map((e) => e.text),
      ['Write a comment on at least one section, or name the school or setting you would like'],
    );
    const sent = await b.post(`/portal/ehc/${id}/comments`, {
      'section-B': 'Ada also finds <b>noise</b> hard.',
      preferredSetting: 'Riverside Primary',
    });
    assert.equal(sent.statusCode, 303, sent.body);
    const after = (await b.get(`/portal/ehc/${id}`)).body;
    assert.match(after, /Ada also finds &lt;b&gt;noise&lt;\/b&gt; hard\./);
    const events = await sql<{ body: { on: string; preferredSetting: string } }>`
      SELECT body FROM ehc_events WHERE request_id = ${id} AND type = 'comments-received'`.execute(
      t.database.db,
    );
    assert.deepEqual(
      events.rows.map((r) => r.body),
      [{ type: 'comments-received', on: '2026-03-02', preferredSetting: 'Riverside Primary' }],
    );
  });

  it('lets the consulted school answer online, with reasons, and refuses another school', async () => {
    const other = await browserFor(t, ownSchool.email);
    // The child's own school sees the request, but not a consultation put to another school.
    const seen = unescapeHtml((await other.get(`/portal/ehc/${id}`)).body);
    assert.doesNotMatch(seen, /Can the school meet these needs/);
    const wrong = await other.post(`/portal/ehc/${id}/consultations/${consultation}`, {
      outcome: 'can-meet-needs',
      reasons: 'We can.',
    });
    assert.equal(wrong.statusCode, 422);
    assert.match(
      unescapeHtml(wrong.body),
      /put to another school or setting: only its own staff can answer it/,
    );

    const s = await browserFor(t, consulted.email);
    const home = unescapeHtml((await s.get('/')).body);
    assert.match(home, /Consultations to answer/);
    assert.match(home, /Ada Lovelace: can your school meet their needs\?<\/a> Answer by 12 March 2026\./);
    const page = unescapeHtml((await s.get(`/portal/ehc/${id}`)).body);
    // Consulted on 25 February 2026; 15 days on is 12 March 2026.
    assert.match(page, /The answer is due by 12 March 2026/);
    const noReasons = await s.post(`/portal/ehc/${id}/consultations/${consultation}`, {
      outcome: 'cannot-meet-needs',
    });
    assert.deepEqual(
      errorSummaryOf(noReasons.body).map((e) => e.href),
      ['#reasons'],
    );
    const answered = await s.post(`/portal/ehc/${id}/consultations/${consultation}`, {
      outcome: 'cannot-meet-needs',
      reasons: 'Our building has no quiet space.',
    });
    assert.equal(answered.statusCode, 303, answered.body);
    const event = await sql<{ body: { outcome: string; on: string } }>`
      SELECT body FROM ehc_events WHERE request_id = ${id} AND type = 'consultation-answered'`.execute(
      t.database.db,
    );
    assert.equal(event.rows[0]?.body.outcome, 'cannot-meet-needs');
    assert.equal(event.rows[0]?.body.on, '2026-03-02');
    const again = await s.post(`/portal/ehc/${id}/consultations/${consultation}`, {
      outcome: 'can-meet-needs',
      reasons: 'Changed.',
    });
    assert.equal(again.statusCode, 409);
    // The LA sees the answer with its reasons.
    const la = unescapeHtml(
      (await (await browserFor(t, t.la.users.coordinator.email)).get(`/portal/ehc/${id}`)).body,
    );
    assert.match(la, /cannot meet the needs\. Our building has no quiet space\./);
  });

  it('keeps each party’s messages in its own thread with the LA, and emails only that there is one', async () => {
    const family = await browserFor(t, parent.email);
    const sent = await family.post(`/portal/ehc/${id}/messages`, {
      body: 'Ada has a new speech therapy report.',
    });
    assert.equal(sent.statusCode, 303, sent.body);
    const toLa = await sql<{
      to_email: string;
      body: string;
    }>`SELECT to_email, body FROM notifications WHERE kind = 'portals.message'`.execute(t.database.db);
    assert.deepEqual(
      toLa.rows.map((r) => r.to_email),
      [t.la.users.coordinator.email],
    );
    assert.doesNotMatch(toLa.rows[0]?.body ?? '', /Ada|speech/);

    const la = await browserFor(t, t.la.users.coordinator.email);
    const noTo = await la.post(`/portal/ehc/${id}/messages`, { body: 'Thank you.' });
    assert.deepEqual(
      errorSummaryOf(noTo.body).map((e) => e.text),
      ['Choose who the message is for'],
    );
    assert.equal(
      (await la.post(`/portal/ehc/${id}/messages`, { to: 'family', body: 'Thank you: please upload it.' }))
        .statusCode,
      303,
    );
    const toFamily = await sql<{
      to_email: string;
    }>`SELECT to_email FROM notifications WHERE kind = 'portals.message' ORDER BY created_at`.execute(
      t.database.db,
    );
    assert.deepEqual(
      toFamily.rows.map((r) => r.to_email),
      [t.la.users.coordinator.email, parent.email],
    );
    assert.match(unescapeHtml((await family.get(`/portal/ehc/${id}`)).body), /Thank you: please upload it\./);

    // The school's thread is the school's: it never shows the family's.
    const school = unescapeHtml((await (await browserFor(t, ownSchool.email)).get(`/portal/ehc/${id}`)).body);
    assert.doesNotMatch(school, /speech therapy report|please upload it/);
    // Nor does the database, under the code.
    const rows = await t.database.app.db.transaction().execute(async (tx) => {
      await sql`SELECT set_config('role', 'opensend_app', true), set_config('app.la_code', ${t.la.code}, true),
        set_config('app.user_id', ${ownSchool.id}, true)`.execute(tx);
      return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM portal_messages`.execute(tx)).rows[0]
        ?.n;
    });
    assert.equal(rows, 0);
    const message = await browserFor(t, stranger.email);
    assert.equal((await message.get(`/portal/ehc/${id}`)).statusCode, 404);
    assert.equal((await message.post(`/portal/ehc/${id}/messages`, { body: 'Hello' })).statusCode, 404);
  });

  it('takes a file with a message, checked by its content, and lets only that thread’s readers download it', async () => {
    const family = await browserFor(t, parent.email);
    const count = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM portal_messages`.execute(t.database.db))
        .rows[0]?.n;
    const before = await count();
    const fake = await family.upload(
      `/portal/ehc/${id}/messages`,
      { body: 'The report is attached.' },
      { name: 'report.pdf', data: Buffer.from('just some text, not a PDF at all') },
    );
    assert.equal(fake.statusCode, 422);
    assert.match(unescapeHtml(fake.body), /report\.pdf is not a PDF, as its name says/);
    assert.equal(await count(), before, 'a refused file sends no message either');

    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.7\n'),
      Buffer.alloc(3000, 0x20),
      Buffer.from('\n%%EOF\n'),
    ]);
    const sent = await family.upload(
      `/portal/ehc/${id}/messages`,
      { body: 'The speech therapy report is attached.' },
      { name: 'speech-report.pdf', data: pdf },
    );
    assert.equal(sent.statusCode, 303, sent.body);
    const messageId =
      /\/portal\/messages\/([0-9a-f-]{36})\/file/.exec((await family.get(`/portal/ehc/${id}`)).body)?.[1] ??
      '';
    assert.ok(messageId, 'the thread links the file');
    const la = await browserFor(t, t.la.users.coordinator.email);
    const download = await la.get(`/portal/messages/${messageId}/file`);
    assert.equal(download.statusCode, 200);
    assert.match(
      String(download.headers['content-disposition']),
      /^attachment; filename="speech-report.pdf"/,
    );
    assert.equal(download.rawPayload.length, pdf.length);
    for (const other of [ownSchool, consulted, stranger])
      assert.equal(
        (await (await browserFor(t, other.email)).get(`/portal/messages/${messageId}/file`)).statusCode,
        404,
        other.email,
      );
    assert.equal((await la.get('/portal/messages/not-an-id/file')).statusCode, 404);
  });

  it('gives the family the letters sent to them, and nobody else', async () => {
    // The family following the request was told a letter was there, and nothing more.
    const told = await sql<{ to_email: string; body: string }>`SELECT to_email, body FROM notifications
      WHERE kind = 'portals.letter'`.execute(t.database.db);
    assert.deepEqual(
      told.rows.map((r) => r.to_email),
      [parent.email],
    );
    assert.doesNotMatch(told.rows[0]?.body ?? '', /Ada|Lovelace|draft/i);
    const family = await browserFor(t, parent.email);
    const page = (await family.get(`/portal/ehc/${id}`)).body;
    const letter = /\/portal\/ehc\/[0-9a-f-]{36}\/letters\/([0-9a-f-]{36})/.exec(page)?.[1] ?? '';
    assert.ok(letter, 'the draft plan notice is listed');
    const pdf = await family.get(`/portal/ehc/${id}/letters/${letter}`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.equal(
      (await (await browserFor(t, ownSchool.email)).get(`/portal/ehc/${id}/letters/${letter}`)).statusCode,
      404,
    );
  });

  it('lets the family write section A in their words, which the LA puts into the draft plan as written', async () => {
    const family = await browserFor(t, parent.email);
    const empty = await family.post(`/portal/ehc/${id}/section-a`, { views: ' ', version: '0' });
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(errorSummaryOf(empty.body), [
      { href: '#views', text: 'Write at least one part of section A' },
    ]);
    const long = await family.post(`/portal/ehc/${id}/section-a`, {
      interests: 'x'.repeat(5001),
      version: '0',
    });
    assert.equal(long.statusCode, 400);
    assert.deepEqual(errorSummaryOf(long.body), [
      { href: '#interests', text: 'Their interests must be 5,000 characters or fewer' },
    ]);
    const saved = await family.post(`/portal/ehc/${id}/section-a`, {
      views: 'Ada likes quiet rooms <b>and</b> clear instructions.',
      interests: 'Drawing and horses.',
      aspirations: 'To go to college and work with animals.',
      version: '0',
    });
    assert.equal(saved.statusCode, 303, saved.body);
    // A second save from a page opened before the first is refused, not lost.
    const stale = await family.post(`/portal/ehc/${id}/section-a`, { views: 'Older text', version: '0' });
    assert.equal(stale.statusCode, 409);
    const page = await family.get(`/portal/ehc/${id}`);
    assert.match(page.body, /Ada likes quiet rooms &lt;b&gt;and&lt;\/b&gt; clear instructions\./);
    assert.match(page.body, /The LA has not put this into the plan yet\./);
    // Nobody but the family writes it: a school is told there is no such request to write on.
    const school = await browserFor(t, ownSchool.email);
    assert.equal(
      (await school.post(`/portal/ehc/${id}/section-a`, { views: 'Not ours', version: '1' })).statusCode,
      404,
    );

    const la = await browserFor(t, t.la.users.coordinator.email);
    const put = await la.post(`/portal/ehc/${id}/section-a/plan`);
    assert.equal(put.statusCode, 303, put.body);
    const api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
    const plan = (await api.get(`/api/v1/ehc/requests/${id}/plan`)).json() as {
      sections: { code: string; content: string | null }[];
    };
    assert.equal(
      plan.sections.find((s) => s.code === 'A')?.content,
      'What matters to me and my views\nAda likes quiet rooms <b>and</b> clear instructions.\n\nMy interests\nDrawing and horses.\n\nMy hopes for the future\nTo go to college and work with animals.\n\nWritten by the child’s parent or carer through the portal.',
    );
    assert.match(
      (await family.get(`/portal/ehc/${id}`)).body,
      /The LA has put this into the draft plan as written\./,
    );
    const again = await la.post(`/portal/ehc/${id}/section-a/plan`);
    assert.equal(again.statusCode, 422);
    assert.match(unescapeHtml(again.body), /already holds the family’s words/);
  });

  it('refuses comments once the 15 days have passed, saying when they ended', async () => {
    t.clock.advance(5 * 24 * 60);
    const b = await browserFor(t, parent.email);
    const late = await b.post(`/portal/ehc/${id}/comments`, { 'section-F': 'One more thing.' });
    assert.equal(late.statusCode, 422);
    assert.match(unescapeHtml(late.body), /The time for comments on the draft plan ended on 6 March 2026/);
    assert.doesNotMatch(
      unescapeHtml((await b.get(`/portal/ehc/${id}`)).body),
      /You can comment on the draft plan until/,
    );
  });
});
