import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { extractText, getDocumentProxy } from 'unpdf';
import type { DocumentModel } from '../../src/platform/documents/model.ts';
import { renderPdf } from '../../src/platform/documents/pdf.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addParentCarer,
  addUser,
  apiAs,
  auditEvents,
  browserAs,
  errorSummaryOf,
  tokenFor,
  unescapeHtml,
} from '../support/children.ts';
import { letterSettings } from '../support/ehc.ts';

interface Problem {
  status: number;
  errors?: { field: string; message: string }[];
}

interface LetterJson {
  id: string;
  requestId: string;
  kind: string;
  label: string;
  method: string;
  sentOn: string;
  addressee: string | null;
  sentBy: { id: string; name: string } | null;
  sha256: string;
  pdfBytes: number;
  links: { self: string; pdf: string };
}

const settings = letterSettings;

const sha256 = (data: Buffer | Uint8Array) => createHash('sha256').update(data).digest('hex');
const flat = async (pdf: Buffer) =>
  (await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true })).text.replace(
    /\s+/g,
    ' ',
  );

const problem = (
  res: { statusCode: number; body: string; json: () => unknown },
  status: number,
  field: string,
  message: RegExp,
) => {
  assert.equal(res.statusCode, status, res.body);
  const e = (res.json() as Problem).errors?.find((x) => x.field === field);
  assert.ok(e, `names ${field}: ${res.body}`);
  assert.match(e.message, message);
};

// The test clock stands at 2 March 2026, 09:00 UTC (9am in London, still on GMT).
describe('EHC letters sent: kept as they went, reprinted as sent', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiAs>;
  let managerApi: ReturnType<typeof apiAs>;
  let browser: Awaited<ReturnType<typeof browserAs>>;
  let settingsVersion = 0;
  before(async () => {
    t = await startTestApp();
    api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
    const manager = await addUser(t, t.la.code, 'manager', ['send_team_manager']);
    managerApi = apiAs(t, await tokenFor(t, t.la.code, manager.id));
    const saved = await managerApi.put('/api/v1/ehc/letter-settings', { ...settings, version: 0 });
    assert.equal(saved.statusCode, 200, saved.body);
    settingsVersion = (saved.json() as { version: number }).version;
    browser = await browserAs(t, t.la.users.coordinator.email);
  });
  after(() => t.close());

  async function request(
    events: Record<string, unknown>[],
    parent: { email?: string | null; forename?: string } = {},
  ) {
    const childId = await addChild(t, t.la.code, { forename: 'Ada', surname: 'Lovelace' });
    const personId = await addParentCarer(t, t.la.code, childId, {
      forename: parent.forename ?? 'Anne',
      surname: 'Lovelace',
      mainContact: true,
      ...(parent.email ? { email: parent.email } : {}),
    });
    if (parent.email === null)
      await sql`UPDATE people SET email = NULL WHERE id = ${personId}`.execute(t.database.db);
    const opened = await api.post('/api/v1/ehc/requests', {
      childId,
      receivedOn: '2025-11-03',
      source: 'parent',
      requestedBy: 'Anne Lovelace',
      consent: true,
    });
    assert.equal(opened.statusCode, 201, opened.body);
    const id = (opened.json() as { id: string }).id;
    for (const event of events) {
      const res = await api.post(`/api/v1/ehc/requests/${id}/events`, { event, corrects: null });
      assert.equal(res.statusCode, 201, res.body);
    }
    return { id, childId };
  }
  const assess = { type: 'assessment-decided', on: '2025-12-08', outcome: 'assess', reasons: 'Evidence.' };
  const toIssue = [
    assess,
    { type: 'issue-decided', on: '2026-01-20', outcome: 'issue', reasons: 'A plan is needed.' },
  ];
  const count = async (table: 'ehc_letters_sent' | 'notifications') =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db))
      .rows[0]?.n ?? -1;
  const changePhone = async (phone: string) => {
    const res = await managerApi.put('/api/v1/ehc/letter-settings', {
      ...settings,
      phone,
      version: settingsVersion,
    });
    assert.equal(res.statusCode, 200, res.body);
    settingsVersion = (res.json() as { version: number }).version;
  };

  test('a letter sent by post, then the LA’s phone number changed: the reprint still says what was sent, its PDF byte for byte the one sent', async () => {
    const { id, childId } = await request([assess]);
    const sent = await api.post(`/api/v1/ehc/requests/${id}/letters`, {
      kind: 'decision-to-assess',
      method: 'post',
      sentOn: '2025-12-09',
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const letter = sent.json() as LetterJson;
    assert.equal(sent.headers.location, `/api/v1/ehc/requests/${id}/letters/${letter.id}`);
    assert.deepEqual(
      {
        kind: letter.kind,
        label: letter.label,
        method: letter.method,
        sentOn: letter.sentOn,
        addressee: letter.addressee,
        sentBy: letter.sentBy?.name,
      },
      {
        kind: 'decision-to-assess',
        label: 'Letter: decision to assess',
        method: 'post',
        sentOn: '2025-12-09',
        addressee: 'Anne Lovelace',
        sentBy: `coordinator of ${t.la.name}`,
      },
    );
    assert.match(letter.sha256, /^[0-9a-f]{64}$/);
    assert.equal(letter.links.pdf, `${letter.links.self}/pdf`);
    const stored = await sql<{ child_id: string; pdf_created_at: Date; author: string; pdf_bytes: number }>`
      SELECT child_id, pdf_created_at, author, pdf_bytes FROM ehc_letters_sent WHERE id = ${letter.id}`.execute(
      t.database.db,
    );
    assert.equal(stored.rows[0]?.child_id, childId);
    assert.equal(stored.rows[0]?.pdf_created_at.toISOString(), '2026-03-02T09:00:00.000Z', 'made when sent');
    assert.equal(stored.rows[0]?.author, t.la.name);
    assert.equal(stored.rows[0]?.pdf_bytes, letter.pdfBytes);

    await changePhone('01632 960999');
    // A minute on, a PDF made now would carry a different creation date: the reprint keeps the one sent.
    t.clock.advance(1);
    const live = unescapeHtml((await browser.get(`/ehc/requests/${id}/documents/decision-to-assess`)).body);
    assert.match(live, /Phone: 01632 960999/, 'the letter as it would read today');

    const reprint = await browser.get(`/ehc/requests/${id}/letters/${letter.id}`);
    assert.equal(reprint.statusCode, 200, reprint.body);
    const page = unescapeHtml(reprint.body);
    assert.match(
      page,
      new RegExp(
        `This is the letter as sent by post on 9 December 2025 by coordinator of ${t.la.name.replace(/[()]/g, '\\$&')}`,
      ),
    );
    assert.match(page, /Phone: 01632 960100/);
    assert.doesNotMatch(page, /01632 960999/);
    assert.match(page, new RegExp(`<code>${letter.sha256}</code>`));
    assert.match(page, /Matches the PDF sent, byte for byte/);
    assert.match(page, /We will carry out an education, health and care needs assessment/);

    const pdf = await browser.get(`/ehc/requests/${id}/letters/${letter.id}/pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(
      String(pdf.headers['content-disposition']),
      new RegExp(`filename="${letter.id.slice(0, 8)}-decision-to-assess-sent-2025-12-09.pdf"`),
    );
    assert.equal(sha256(pdf.rawPayload), letter.sha256, 'the reprinted PDF is the one sent');
    assert.equal(pdf.rawPayload.length, letter.pdfBytes);
    const text = await flat(pdf.rawPayload);
    assert.match(text, /Phone: 01632 960100/);
    assert.doesNotMatch(text, /01632 960999/);

    const json = await api.get(`/api/v1/ehc/requests/${id}/letters/${letter.id}`);
    assert.equal(json.statusCode, 200, json.body);
    const frozen = json.json() as LetterJson & {
      model: DocumentModel;
      author: string;
      pdfCreatedAt: string;
      reprint: { sha256: string; matches: boolean };
    };
    assert.deepEqual(frozen.reprint, { sha256: letter.sha256, matches: true });
    assert.ok(frozen.model.sender.lines.includes('Phone: 01632 960100'));
    // Anyone holding the kept model, author and creation date can make the same PDF.
    const again = await renderPdf(frozen.model, {
      author: frozen.author,
      createdAt: new Date(frozen.pdfCreatedAt),
    });
    assert.equal(sha256(again), letter.sha256);
    await changePhone(settings.phone);
  });

  test('sending twice keeps two letters, listed oldest first, each sending and reading audited against the child', async () => {
    const { id, childId } = await request(toIssue);
    const before = await count('ehc_letters_sent');
    const first = await api.post(`/api/v1/ehc/requests/${id}/letters`, {
      kind: 'decision-to-issue',
      method: 'post',
      sentOn: '2026-01-20',
    });
    assert.equal(first.statusCode, 201, first.body);
    const second = await api.post(`/api/v1/ehc/requests/${id}/letters`, {
      kind: 'decision-to-issue',
      method: 'portal',
      sentOn: '2026-01-21',
    });
    assert.equal(second.statusCode, 201, second.body);
    assert.equal(await count('ehc_letters_sent'), before + 2);
    const [a, b] = [first.json() as LetterJson, second.json() as LetterJson];
    assert.notEqual(a.id, b.id);
    assert.equal(a.sha256, b.sha256, 'the same letter, made at the same moment, is the same PDF');

    const list = await api.get(`/api/v1/ehc/requests/${id}/letters`);
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(
      (list.json() as { letters: LetterJson[] }).letters.map((l) => [l.id, l.method, l.sentOn]),
      [
        [a.id, 'post', '2026-01-20'],
        [b.id, 'portal', '2026-01-21'],
      ],
    );

    const sentEvents = (await auditEvents(t, t.la.code, 'ehc.letter.sent')).filter((e) => e.entity_id === id);
    assert.deepEqual(
      sentEvents.map((e) => [e.child_id, e.detail]),
      [
        [
          childId,
          {
            letterId: a.id,
            document: 'decision-to-issue',
            method: 'post',
            sentOn: '2026-01-20',
            sha256: a.sha256,
          },
        ],
        [
          childId,
          {
            letterId: b.id,
            document: 'decision-to-issue',
            method: 'portal',
            sentOn: '2026-01-21',
            sha256: b.sha256,
          },
        ],
      ],
    );
    const listed = (await auditEvents(t, t.la.code, 'ehc.letter.listed')).at(-1);
    assert.deepEqual(listed && [listed.child_id, listed.entity_id, listed.detail], [
      childId,
      id,
      { letters: 2 },
    ]);

    await browser.get(`/ehc/requests/${id}/letters/${b.id}`);
    await browser.get(`/ehc/requests/${id}/letters/${b.id}/pdf`);
    assert.deepEqual((await auditEvents(t, t.la.code, 'ehc.document.read')).at(-1), {
      user_id: t.la.users.coordinator.id,
      child_id: childId,
      entity_id: id,
      detail: { document: 'decision-to-issue', letterId: b.id },
    });
    assert.deepEqual((await auditEvents(t, t.la.code, 'ehc.document.exported')).at(-1)?.detail, {
      document: 'decision-to-issue',
      letterId: b.id,
      format: 'pdf',
    });

    // The request page and the plan page list both, each with its reprint.
    for (const url of [`/ehc/requests/${id}`, `/ehc/requests/${id}/plan`]) {
      const html = unescapeHtml((await browser.get(url)).body);
      assert.match(html, /<h3 class="govuk-heading-s">Letters sent<\/h3>/, url);
      for (const l of [a, b])
        assert.match(html, new RegExp(`href="/ehc/requests/${id}/letters/${l.id}"`), url);
      assert.match(html, /Letter: decision to issue a plan[\s\S]*?Family portal[\s\S]*?21 January 2026/, url);
    }
  });

  test('every bad input is refused naming its field, and nothing is written', async () => {
    const { id } = await request([assess]);
    const other = await request([assess]);
    const sent = await api.post(`/api/v1/ehc/requests/${other.id}/letters`, {
      kind: 'decision-to-assess',
      method: 'post',
      sentOn: '2026-01-05',
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const otherLetter = (sent.json() as LetterJson).id;
    const [letters, outbox] = [await count('ehc_letters_sent'), await count('notifications')];
    const post = (body: Record<string, unknown>, requestId = id) =>
      api.post(`/api/v1/ehc/requests/${requestId}/letters`, {
        kind: 'decision-to-assess',
        method: 'post',
        sentOn: '2026-01-05',
        ...body,
      });
    problem(await post({ kind: 'summons' }), 400, 'kind', /kind must be one of/);
    problem(await post({ kind: 'decision-to-issue' }), 422, 'kind', /no decision to issue yet/);
    problem(await post({ method: 'pigeon' }), 400, 'method', /Select how the letter was sent/);
    problem(await post({ method: undefined }), 400, 'method', /Select how the letter was sent/);
    problem(await post({ sentOn: '2026-02-30' }), 400, 'sentOn', /must be a real date/);
    problem(await post({ sentOn: '5 January 2026' }), 400, 'sentOn', /must be a date like 2015-03-27/);
    problem(
      await post({ sentOn: '2026-03-03' }),
      422,
      'sentOn',
      /cannot be in the future: enter today, 2 March 2026/,
    );
    // The decision to assess was recorded for 8 December 2025.
    problem(await post({ sentOn: '2025-12-07' }), 422, 'sentOn', /cannot be before 8 December 2025/);
    problem(await post({}, 'not-a-request'), 400, 'id', /must be an EHC request ID/);
    assert.equal((await post({}, '6b1d2c8e-9a0f-4e43-8a53-1f6f3c1b2a10')).statusCode, 404);
    problem(await api.get(`/api/v1/ehc/requests/${id}/letters/nope`), 400, 'letterId', /must be a letter ID/);
    assert.equal(
      (await api.get(`/api/v1/ehc/requests/${id}/letters/6b1d2c8e-9a0f-4e43-8a53-1f6f3c1b2a10`)).statusCode,
      404,
    );
    assert.equal(
      (await api.get(`/api/v1/ehc/requests/${id}/letters/${otherLetter}`)).statusCode,
      404,
      'a letter of another request is not this one’s',
    );
    assert.equal((await browser.get(`/ehc/requests/${id}/letters/${otherLetter}`)).statusCode, 404);
    assert.equal((await browser.get(`/ehc/requests/${id}/letters/nope/pdf`)).statusCode, 404);
    const outsider = apiAs(t, await tokenFor(t, t.otherLa.code, t.otherLa.users.coordinator.id));
    assert.equal(
      (
        await outsider.post(`/api/v1/ehc/requests/${id}/letters`, {
          kind: 'decision-to-assess',
          method: 'post',
          sentOn: '2026-01-05',
        })
      ).statusCode,
      404,
    );
    assert.equal(
      (await outsider.get(`/api/v1/ehc/requests/${other.id}/letters/${otherLetter}`)).statusCode,
      404,
    );
    const parent = apiAs(t, await tokenFor(t, t.la.code, t.la.users.parent.id));
    assert.equal((await parent.post(`/api/v1/ehc/requests/${id}/letters`, {})).statusCode, 403);

    // The page's form: the summary lists each problem in the form's order, linked to its box.
    const empty = await browser.post(`/ehc/requests/${id}/letters`, {
      kind: 'decision-to-assess',
      'sentOn-day': '5',
      'sentOn-month': '',
      'sentOn-year': '2026',
    });
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(errorSummaryOf(empty.body), [
      { href: '#method', text: 'Select how the letter was sent: post, email or portal' },
      { href: '#sentOn-day', text: 'The date sent must include a month' },
    ]);
    assert.match(empty.body, /name="sentOn-day" type="text" value="5"/, 'what was typed is kept');
    const early = await browser.post(`/ehc/requests/${id}/letters`, {
      kind: 'decision-to-assess',
      method: 'post',
      'sentOn-day': '1',
      'sentOn-month': '12',
      'sentOn-year': '2025',
    });
    assert.equal(early.statusCode, 400);
    assert.deepEqual(errorSummaryOf(early.body), [
      {
        href: '#sentOn-day',
        text: 'The date sent cannot be before 8 December 2025, the date of the step the letter records',
      },
    ]);
    const unknownKind = await browser.post(`/ehc/requests/${id}/letters`, {
      kind: 'summons',
      method: 'post',
    });
    assert.equal(unknownKind.statusCode, 404);
    const notYet = await browser.post(`/ehc/requests/${id}/letters`, {
      kind: 'final-plan-notice',
      method: 'post',
      'sentOn-day': '2',
      'sentOn-month': '3',
      'sentOn-year': '2026',
    });
    assert.equal(notYet.statusCode, 404);

    assert.equal(await count('ehc_letters_sent'), letters, 'no letter kept');
    assert.equal(await count('notifications'), outbox, 'nothing in the outbox');
  });

  test('by email: exactly one message in the outbox, to the address recorded for the parent, with the letter as its text; without an address it is refused, saying what to do', async () => {
    const { id } = await request([assess], { email: 'anne@example.org' });
    const before = await count('notifications');
    const sent = await api.post(`/api/v1/ehc/requests/${id}/letters`, {
      kind: 'decision-to-assess',
      method: 'email',
      sentOn: '2026-03-02',
    });
    assert.equal(sent.statusCode, 201, sent.body);
    assert.equal(await count('notifications'), before + 1);
    const message = await sql<{
      kind: string;
      to_email: string;
      to_name: string;
      subject: string;
      body: string;
      sensitive: boolean;
      status: string;
    }>`SELECT kind, to_email, to_name, subject, body, sensitive, status FROM notifications
        ORDER BY created_at DESC, id LIMIT 1`.execute(t.database.db);
    const m = message.rows[0];
    assert.deepEqual(m && [m.kind, m.to_email, m.to_name, m.sensitive, m.status], [
      'ehc.letter',
      'anne@example.org',
      'Anne Lovelace',
      true,
      'queued',
    ]);
    assert.match(
      m?.subject ?? '',
      /^We will carry out an education, health and care needs assessment \(EHC-[0-9A-F]{8}\)$/,
    );
    assert.match(m?.body ?? '', /Dear Anne Lovelace,/);
    assert.match(m?.body ?? '', /Phone: 01632 960100/);
    assert.match(m?.body ?? '', /\nHelp and advice\n---------------\n/);

    // The page says where email goes, and after sending, that it is in the outbox.
    const form = unescapeHtml((await browser.get(`/ehc/requests/${id}/documents/decision-to-assess`)).body);
    assert.match(form, /To Anne Lovelace at anne@example.org/);
    const byPage = await browser.post(`/ehc/requests/${id}/letters`, {
      kind: 'decision-to-assess',
      method: 'email',
      'sentOn-day': '2',
      'sentOn-month': '3',
      'sentOn-year': '2026',
    });
    assert.equal(byPage.statusCode, 303, byPage.body);
    assert.match(
      String(byPage.headers.location),
      new RegExp(`^/ehc/requests/${id}/letters/[0-9a-f-]{36}\\?sent=email$`),
    );
    assert.match(
      (await browser.get(String(byPage.headers.location))).body,
      /is in the outbox, to go by email/,
    );
    assert.equal(await count('notifications'), before + 2);

    const none = await request([assess], { email: null, forename: 'Nora' });
    const [letters, outbox] = [await count('ehc_letters_sent'), await count('notifications')];
    problem(
      await api.post(`/api/v1/ehc/requests/${none.id}/letters`, {
        kind: 'decision-to-assess',
        method: 'email',
        sentOn: '2026-03-02',
      }),
      422,
      'method',
      /No email address is recorded for Nora Lovelace, who this goes to: record their email address with the child’s parents and carers, or choose post/,
    );
    const refusedPage = await browser.post(`/ehc/requests/${none.id}/letters`, {
      kind: 'decision-to-assess',
      method: 'email',
      'sentOn-day': '2',
      'sentOn-month': '3',
      'sentOn-year': '2026',
    });
    assert.equal(refusedPage.statusCode, 400);
    assert.deepEqual(
      errorSummaryOf(refusedPage.body).map((e) => e.href),
      ['#method'],
    );
    assert.match(unescapeHtml(refusedPage.body), /No email address is recorded for Nora Lovelace/);
    assert.deepEqual([await count('ehc_letters_sent'), await count('notifications')], [letters, outbox]);
    const refusals = (await auditEvents(t, t.la.code, 'ehc.request.refused')).filter(
      (e) => e.entity_id === none.id,
    );
    assert.deepEqual(refusals.at(-1)?.detail, { status: 422, fields: ['method'] });
  });

  test('the plan is sent too, through the page; and a reprint whose PDF no longer matches says so plainly, still showing what was sent', async () => {
    const { id } = await request(toIssue);
    const written = await api.put(`/api/v1/ehc/requests/${id}/plan/sections/B`, {
      content: 'Ada has a developmental language disorder.',
      version: 0,
    });
    assert.equal(written.statusCode, 200, written.body);
    const page = await browser.get(`/ehc/requests/${id}/documents/plan`);
    assert.match(page.body, /<h2 class="govuk-heading-m govuk-!-margin-top-6">Send the plan<\/h2>/);
    // The date boxes start at today, 2 March 2026.
    assert.match(page.body, /name="sentOn-day" type="text" value="2"/);
    assert.match(page.body, /name="sentOn-month" type="text" value="3"/);
    assert.match(page.body, /name="sentOn-year" type="text" value="2026"/);
    const sent = await browser.post(`/ehc/requests/${id}/letters`, {
      kind: 'plan',
      method: 'portal',
      'sentOn-day': '2',
      'sentOn-month': '3',
      'sentOn-year': '2026',
    });
    assert.equal(sent.statusCode, 303, sent.body);
    const location = String(sent.headers.location);
    const letterId = location.split('/').pop() ?? '';

    const changed = await api.put(`/api/v1/ehc/requests/${id}/plan/sections/B`, {
      content: 'Ada has autism.',
      version: 1,
    });
    assert.equal(changed.statusCode, 200, changed.body);
    let reprint = unescapeHtml((await browser.get(location)).body);
    assert.match(
      reprint,
      /This is the plan as sent through the family portal on 2 March 2026 by coordinator/,
    );
    assert.match(reprint, /Ada has a developmental language disorder\./);
    assert.doesNotMatch(reprint, /Ada has autism\./);

    // As if the fonts had changed since: the PDF made again is not the one whose hash was kept.
    await sql`UPDATE ehc_letters_sent SET pdf_sha256 = ${'0'.repeat(64)} WHERE id = ${letterId}`.execute(
      t.database.db,
    );
    reprint = unescapeHtml((await browser.get(location)).body);
    assert.match(reprint, /Does not match the PDF sent/);
    assert.match(
      reprint,
      /The PDF made again from what was kept is not byte for byte the one sent \(its SHA-256 is now [0-9a-f]{64}\): the fonts or the PDF software have changed since\. The text below is the plan as it was sent/,
    );
    assert.match(reprint, /Ada has a developmental language disorder\./);
    const json = (await api.get(`/api/v1/ehc/requests/${id}/letters/${letterId}`)).json() as {
      reprint: { matches: boolean };
    };
    assert.equal(json.reprint.matches, false);

    // The plan is addressed to nobody: by email it goes to the parent who decides on the day it is sent.
    assert.match(unescapeHtml(page.body), /To Anne Lovelace at pat@example.org, as the email’s text/);
    const emailed = await api.post(`/api/v1/ehc/requests/${id}/letters`, {
      kind: 'plan',
      method: 'email',
      sentOn: '2026-03-02',
    });
    assert.equal(emailed.statusCode, 201, emailed.body);
    assert.equal((emailed.json() as LetterJson).addressee, null);
    const message = await sql<{ to_email: string; subject: string; body: string }>`
      SELECT to_email, subject, body FROM notifications ORDER BY created_at DESC, id LIMIT 1`.execute(
      t.database.db,
    );
    assert.equal(message.rows[0]?.to_email, 'pat@example.org');
    assert.match(message.rows[0]?.subject ?? '', /^Draft education, health and care plan \(EHC-/);
    assert.match(message.rows[0]?.body ?? '', /Ada has autism\./, 'the plan as it reads when sent');
  });

  test('the append-only table: the app may not change or remove a letter sent', async () => {
    const { inTenant } = await import('../../src/platform/db/tenancy.ts');
    for (const statement of [
      sql`UPDATE ehc_letters_sent SET method = 'post'`,
      sql`DELETE FROM ehc_letters_sent`,
    ])
      await assert.rejects(
        inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) => statement.execute(tx)),
        /permission denied/,
      );
    const n = await inTenant(t.database.db, { laCode: t.otherLa.code, userId: null }, (tx) =>
      sql<{ n: number }>`SELECT count(*)::int AS n FROM ehc_letters_sent`.execute(tx),
    );
    assert.equal(n.rows[0]?.n, 0, 'another LA sees none of them');
  });
});
