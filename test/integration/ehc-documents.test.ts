import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { extractText, getDocumentProxy } from 'unpdf';
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

const settings = { ...letterSettings, version: 0 };

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

// The test clock stands at 2 March 2026.
describe('EHC documents and plan sections: letters and the plan as pages and tagged PDFs, sections written in versions', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiAs>;
  let managerApi: ReturnType<typeof apiAs>;
  let browser: Awaited<ReturnType<typeof browserAs>>;
  before(async () => {
    t = await startTestApp();
    api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
    const manager = await addUser(t, t.la.code, 'manager', ['send_team_manager']);
    managerApi = apiAs(t, await tokenFor(t, t.la.code, manager.id));
    browser = await browserAs(t, t.la.users.coordinator.email);
  });
  after(() => t.close());

  async function request(
    events: Record<string, unknown>[],
    child: { forename?: string; surname?: string } = {},
  ) {
    const childId = await addChild(t, t.la.code, {
      forename: child.forename ?? 'Ada',
      surname: child.surname ?? 'Lovelace',
    });
    await addParentCarer(t, t.la.code, childId, { forename: 'Anne', surname: 'Lovelace', mainContact: true });
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
  const toIssue = [
    { type: 'assessment-decided', on: '2025-12-08', outcome: 'assess', reasons: 'Evidence of needs.' },
    { type: 'issue-decided', on: '2026-01-20', outcome: 'issue', reasons: 'A plan is needed.' },
  ];

  test('letter details: refused field by field, saved, then a stale version is a conflict', async () => {
    const bad = await managerApi.put('/api/v1/ehc/letter-settings', {
      ...settings,
      phone: 'ring us',
      email: 'nope',
      website: 'ftp://x',
      mediationName: ' ',
    });
    assert.equal(bad.statusCode, 400, bad.body);
    const fields = (bad.json() as Problem).errors?.map((e) => e.field).sort();
    assert.deepEqual(fields, ['email', 'mediationName', 'phone', 'website']);
    const coordinator = await api.put('/api/v1/ehc/letter-settings', settings);
    assert.equal(coordinator.statusCode, 403, 'a coordinator does not keep the LA’s letter details');
    assert.equal((await managerApi.get('/api/v1/ehc/letter-settings')).statusCode, 404);

    const saved = await managerApi.put('/api/v1/ehc/letter-settings', settings);
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal((saved.json() as { version: number; iasWebsite: string | null }).version, 1);
    assert.equal(
      (saved.json() as { iasWebsite: string | null }).iasWebsite,
      null,
      'an empty optional field is stored as none',
    );
    problem(
      await managerApi.put('/api/v1/ehc/letter-settings', settings),
      409,
      'version',
      /changed the letter details/,
    );
    const admin = apiAs(t, await tokenFor(t, t.la.code, t.la.users.admin.id));
    const again = await admin.put('/api/v1/ehc/letter-settings', {
      ...settings,
      phone: '01632 960999',
      version: 1,
    });
    assert.equal(again.statusCode, 200, 'an administrator keeps them too');
    const changed = await auditEvents(t, t.la.code, 'ehc.letter-settings.changed');
    assert.equal(changed.length, 2);
    const latest = changed.find((e) => (e.detail as { version: number }).version === 2);
    assert.deepEqual((latest?.detail as { changes: unknown } | undefined)?.changes, [
      { field: 'phone', before: settings.phone, after: '01632 960999' },
    ]);
  });

  test('a refusal letter as a page and as a tagged PDF, each audited as a read of the child’s record', async () => {
    const { id, childId } = await request([
      {
        type: 'assessment-decided',
        on: '2026-01-13',
        outcome: 'refuse',
        reasons: 'Needs are met at SEN support.',
      },
    ]);
    const page = await browser.get(`/ehc/requests/${id}/documents/refusal-to-assess`);
    assert.equal(page.statusCode, 200, page.body);
    const html = unescapeHtml(page.body);
    assert.match(
      html,
      /<h1 class="govuk-heading-l" id="document-title">We will not carry out an education, health and care needs assessment<\/h1>/,
    );
    assert.match(html, /Anne Lovelace<br>1 Market Place<br>Norwich<br>NR2 1AA/);
    assert.match(html, /Needs are met at SEN support\./);
    // 13 January 2026 + 2 months = 13 March 2026.
    assert.match(html, /must receive your appeal by 13 March 2026/);
    assert.match(html, /Test Mediation, on 01632 960300/);
    assert.match(html, /County Hall<br>Martineau Lane<br>Norwich/);

    const pdf = await browser.get(`/ehc/requests/${id}/documents/refusal-to-assess/pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(
      String(pdf.headers['content-disposition']),
      new RegExp(`attachment; filename="${id.slice(0, 8)}-refusal-to-assess.pdf"`),
    );
    const doc = await getDocumentProxy(new Uint8Array(pdf.rawPayload));
    assert.equal(
      (await doc.getMetadata()).info && ((await doc.getMetadata()).info as Record<string, unknown>).Title,
      'We will not carry out an education, health and care needs assessment',
    );
    const { text } = await extractText(doc, { mergePages: true });
    assert.match(text.replace(/\s+/g, ' '), /must receive your appeal by 13 March 2026/);

    const viewed = await auditEvents(t, t.la.code, 'ehc.document.read');
    assert.deepEqual(viewed.at(-1), {
      user_id: t.la.users.coordinator.id,
      child_id: childId,
      entity_id: id,
      detail: { document: 'refusal-to-assess' },
    });
    const exported = await auditEvents(t, t.la.code, 'ehc.document.exported');
    assert.deepEqual(exported.at(-1)?.detail, { document: 'refusal-to-assess', format: 'pdf' });

    const viaApi = await api.get(`/api/v1/ehc/requests/${id}/documents/refusal-to-assess`);
    assert.equal(viaApi.statusCode, 200);
    assert.equal(viaApi.headers['content-type'], 'application/pdf');
    assert.equal(viaApi.rawPayload.subarray(0, 5).toString(), '%PDF-');
  });

  test('a document the request has not reached, an unknown kind and another LA’s request are not found', async () => {
    const { id } = await request([]);
    const notYet = await api.get(`/api/v1/ehc/requests/${id}/documents/decision-to-issue`);
    problem(notYet, 404, 'kind', /no decision to issue yet/);
    const unknown = await api.get(`/api/v1/ehc/requests/${id}/documents/summons`);
    problem(unknown, 400, 'kind', /kind must be one of/);
    assert.equal((await browser.get(`/ehc/requests/${id}/documents/summons`)).statusCode, 404);
    const other = t.otherLa;
    const outsider = apiAs(t, await tokenFor(t, other.code, other.users.coordinator.id));
    assert.equal((await outsider.get(`/api/v1/ehc/requests/${id}/documents/plan`)).statusCode, 404);
    const parent = apiAs(t, await tokenFor(t, t.la.code, t.la.users.parent.id));
    assert.equal((await parent.get(`/api/v1/ehc/requests/${id}/documents/plan`)).statusCode, 403);
  });

  test('without the LA’s letter details, a letter is refused and says who can add them', async () => {
    const other = t.otherLa;
    const coordinator = apiAs(t, await tokenFor(t, other.code, other.users.coordinator.id));
    const childId = await addChild(t, other.code);
    const opened = await coordinator.post('/api/v1/ehc/requests', {
      childId,
      receivedOn: '2026-01-05',
      source: 'school',
      requestedBy: 'A SENCo',
      consent: true,
    });
    const id = (opened.json() as { id: string }).id;
    await coordinator.post(`/api/v1/ehc/requests/${id}/events`, {
      event: { type: 'assessment-decided', on: '2026-02-01', outcome: 'assess', reasons: 'Needs.' },
      corrects: null,
    });
    problem(
      await coordinator.get(`/api/v1/ehc/requests/${id}/documents/decision-to-assess`),
      409,
      'settings',
      /not set up yet/,
    );
    const page = await (await browserAs(t, other.users.coordinator.email)).get(
      `/ehc/requests/${id}/documents/decision-to-assess`,
    );
    assert.equal(page.statusCode, 409);
    assert.match(unescapeHtml(page.body), /letter details .* are not set up yet/);
  });

  test('plan sections: written in versions, a stale version refused, I and empty text refused, then closed once the final plan is issued', async () => {
    const before = await request([toIssue[0] ?? {}]);
    problem(
      await api.put(`/api/v1/ehc/requests/${before.id}/plan/sections/B`, { content: 'x', version: 0 }),
      422,
      'section',
      /record the decision to issue a plan first/,
    );
    const { id, childId } = await request(toIssue);
    const plan = await api.get(`/api/v1/ehc/requests/${id}/plan`);
    assert.equal(plan.statusCode, 200, plan.body);
    const planJson = plan.json() as {
      plan: { status: string; draftedOn: string | null };
      writable: boolean;
      sections: { code: string; version: number }[];
      documents: string[];
    };
    assert.equal(planJson.plan.status, 'draft');
    assert.equal(planJson.plan.draftedOn, null, 'not yet served');
    assert.equal(planJson.writable, true);
    assert.equal(planJson.sections.length, 12);
    assert.deepEqual(planJson.documents, ['decision-to-assess', 'decision-to-issue', 'plan']);

    const first = await api.put(`/api/v1/ehc/requests/${id}/plan/sections/B`, {
      content: '  Ada has autism.\r\n\r\nShe finds change hard.  ',
      version: 0,
    });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(
      (({ content, version, writtenBy }) => ({ content, version, writtenBy }))(
        first.json() as { content: string; version: number; writtenBy: string },
      ),
      {
        content: 'Ada has autism.\n\nShe finds change hard.',
        version: 1,
        writtenBy: `coordinator of ${t.la.name}`,
      },
    );
    problem(
      await api.put(`/api/v1/ehc/requests/${id}/plan/sections/B`, { content: 'Other text', version: 0 }),
      409,
      'version',
      /now at version 1, written by coordinator/,
    );
    const same = await api.put(`/api/v1/ehc/requests/${id}/plan/sections/B`, {
      content: 'Ada has autism.\n\nShe finds change hard.',
      version: 1,
    });
    assert.equal((same.json() as { version: number }).version, 1, 'the same text adds no version');
    const second = await api.put(`/api/v1/ehc/requests/${id}/plan/sections/B`, {
      content: 'Ada has autism and a language disorder.',
      version: 1,
    });
    assert.equal((second.json() as { version: number }).version, 2);
    problem(
      await api.put(`/api/v1/ehc/requests/${id}/plan/sections/I`, { content: 'Oak Tree', version: 0 }),
      400,
      'section',
      /section I is the placement/,
    );
    problem(
      await api.put(`/api/v1/ehc/requests/${id}/plan/sections/B`, { content: '   ', version: 2 }),
      400,
      'content',
      /Enter the section/,
    );
    problem(
      await api.put(`/api/v1/ehc/requests/${id}/plan/sections/B`, {
        content: 'x'.repeat(50_001),
        version: 2,
      }),
      400,
      'content',
      /50,000 characters or fewer/,
    );
    problem(
      await api.put(`/api/v1/ehc/requests/${id}/plan/sections/B`, { content: 'x', version: -1 }),
      400,
      'version',
      /0 or more/,
    );

    const history = await api.get(`/api/v1/ehc/requests/${id}/plan/sections/B`);
    assert.deepEqual(
      (history.json() as { versions: { version: number; content: string }[] }).versions.map((v) => [
        v.version,
        v.content,
      ]),
      [
        [2, 'Ada has autism and a language disorder.'],
        [1, 'Ada has autism.\n\nShe finds change hard.'],
      ],
    );
    assert.deepEqual(
      (await auditEvents(t, t.la.code, 'ehc.plan.section.changed')).map((e) => [e.child_id, e.detail]),
      [
        [childId, { section: 'B', version: 1 }],
        [childId, { section: 'B', version: 2 }],
      ],
    );

    const draft = unescapeHtml((await browser.get(`/ehc/requests/${id}/documents/plan`)).body);
    assert.match(draft, /Draft education, health and care plan/);
    assert.match(draft, /Ada has autism and a language disorder\./);

    for (const event of [
      { type: 'draft-served', on: '2026-02-02' },
      {
        type: 'final-issued',
        on: '2026-02-20',
        placement: { establishmentId: null, settingName: 'Oak Tree Academy', provision: 'mainstream' },
      },
    ]) {
      const res = await api.post(`/api/v1/ehc/requests/${id}/events`, { event, corrects: null });
      assert.equal(res.statusCode, 201, res.body);
    }
    problem(
      await api.put(`/api/v1/ehc/requests/${id}/plan/sections/B`, { content: 'Late change', version: 2 }),
      422,
      'section',
      /change only by amendment/,
    );
    const final = await api.get(`/api/v1/ehc/requests/${id}/documents/plan`);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(final.rawPayload)), {
      mergePages: true,
    });
    const flat = text.replace(/\s+/g, ' ');
    assert.match(flat, /Education, health and care plan/);
    assert.doesNotMatch(flat, /Draft education/);
    assert.match(flat, /Name: Oak Tree Academy/);
    assert.match(flat, /Ada has autism and a language disorder\./);
    const finalPlan = (await api.get(`/api/v1/ehc/requests/${id}/plan`)).json() as {
      writable: boolean;
      documents: string[];
    };
    assert.equal(finalPlan.writable, false);
    assert.deepEqual(finalPlan.documents, [
      'decision-to-assess',
      'decision-to-issue',
      'draft-plan-notice',
      'final-plan-notice',
      'plan',
    ]);
  });

  test('correcting the decision to issue away withdraws the draft, keeping what was written', async () => {
    const { id } = await request(toIssue);
    await api.put(`/api/v1/ehc/requests/${id}/plan/sections/A`, { content: 'Ada loves maths.', version: 0 });
    const events = (await api.get(`/api/v1/ehc/requests/${id}`)).json() as {
      events: { id: string; type: string }[];
    };
    const decision = events.events.find((e) => e.type === 'issue-decided');
    const corrected = await api.post(`/api/v1/ehc/requests/${id}/events`, {
      event: {
        type: 'issue-decided',
        on: '2026-01-20',
        outcome: 'not-issue',
        reasons: 'Needs can be met at SEN support.',
      },
      corrects: decision?.id,
    });
    assert.equal(corrected.statusCode, 201, corrected.body);
    const plan = (await api.get(`/api/v1/ehc/requests/${id}/plan`)).json() as {
      plan: unknown;
      documents: string[];
    };
    assert.equal(plan.plan, null);
    assert.deepEqual(plan.documents, ['decision-to-assess', 'decision-not-to-issue']);
    problem(
      await api.put(`/api/v1/ehc/requests/${id}/plan/sections/A`, { content: 'More', version: 1 }),
      422,
      'section',
      /decision to issue a plan first/,
    );
  });

  test('the section form: errors in the summary, a save back to the plan, and history', async () => {
    const { id } = await request(toIssue, { forename: 'Grace', surname: 'Hopper' });
    const requestPage = await browser.get(`/ehc/requests/${id}`);
    assert.match(requestPage.body, new RegExp(`href="/ehc/requests/${id}/plan"`));
    assert.match(requestPage.body, new RegExp(`href="/ehc/requests/${id}/documents/decision-to-issue/pdf"`));
    const form = await browser.get(`/ehc/requests/${id}/plan/E`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Section E: Outcomes/);
    const empty = await browser.post(`/ehc/requests/${id}/plan/E`, { content: ' ', version: '0' });
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(
      errorSummaryOf(empty.body).map((e) => e.href),
      ['#content'],
    );
    const saved = await browser.post(`/ehc/requests/${id}/plan/E`, {
      content: '- Grace will read fluently.',
      version: '0',
    });
    assert.equal(saved.statusCode, 303, saved.body);
    assert.equal(saved.headers.location, `/ehc/requests/${id}/plan?saved=E`);
    const stale = await browser.post(`/ehc/requests/${id}/plan/E`, {
      content: 'Something else',
      version: '0',
    });
    assert.equal(stale.statusCode, 409);
    assert.match(unescapeHtml(errorSummaryOf(stale.body)[0]?.text ?? ''), /has changed since you opened it/);
    assert.match(stale.body, /Something else/, 'what the person typed is kept');
    const plan = await browser.get(`/ehc/requests/${id}/plan?saved=E`);
    assert.match(plan.body, /Section E has been saved/);
    assert.match(unescapeHtml(plan.body), /- Grace will read fluently\. \(version 1, coordinator of/);
    const history = await browser.get(`/ehc/requests/${id}/plan/E/history`);
    assert.match(history.body, /Version 1 \(current\)/);
    assert.equal((await browser.get(`/ehc/requests/${id}/plan/I`)).statusCode, 404);
    assert.equal((await browser.get(`/ehc/requests/${id}/plan/Z`)).statusCode, 404);
  });

  test('the letter details form names each bad field and saves good ones', async () => {
    const manager = await browserAs(t, `manager.${t.la.code}@example.org`);
    const page = await manager.get('/ehc/letters');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /value="Test SENDIASS"/);
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '';
    const bad = await manager.post('/ehc/letters', { ...settings, phone: '', email: 'x', version });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      errorSummaryOf(bad.body).map((e) => e.href),
      ['#phone', '#email'],
    );
    const ok = await manager.post('/ehc/letters', { ...settings, iasName: 'Renamed SENDIASS', version });
    assert.equal(ok.statusCode, 303, ok.body);
    assert.match((await manager.get('/ehc/letters?saved=yes')).body, /The letter details have been saved/);
    assert.equal((await browser.get('/ehc/letters')).statusCode, 403);
  });
});

describe('EHC plans kept in step with the events', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiAs>;
  before(async () => {
    t = await startTestApp();
    api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
  });
  after(() => t.close());

  async function opened(
    childId: string,
    kind: string,
    receivedOn: string,
    events: Record<string, unknown>[],
  ) {
    const res = await api.post('/api/v1/ehc/requests', {
      childId,
      kind,
      receivedOn,
      source: 'parent',
      requestedBy: 'A Parent',
      consent: true,
    });
    assert.equal(res.statusCode, 201, res.body);
    const id = (res.json() as { id: string }).id;
    for (const event of events) {
      const r = await api.post(`/api/v1/ehc/requests/${id}/events`, { event, corrects: null });
      assert.equal(r.statusCode, 201, r.body);
    }
    return id;
  }
  const plansOf = async (childId: string) =>
    (
      await sql<{
        status: string;
        ended_on: string | null;
      }>`SELECT status, to_char(ended_on, 'YYYY-MM-DD') AS ended_on
        FROM ehc_plans WHERE child_id = ${childId} ORDER BY drafted_on NULLS LAST, status`.execute(
        t.database.db,
      )
    ).rows;

  test('taking back a re-assessment’s final plan makes the plan it replaced active again', async () => {
    const childId = await addChild(t, t.la.code);
    const placement = { establishmentId: null, settingName: 'Oak Tree Academy', provision: 'mainstream' };
    await opened(childId, 'new', '2024-01-08', [
      { type: 'assessment-decided', on: '2024-02-05', outcome: 'assess', reasons: 'Needs.' },
      { type: 'issue-decided', on: '2024-04-01', outcome: 'issue', reasons: 'Plan.' },
      { type: 'draft-served', on: '2024-04-15' },
      { type: 'final-issued', on: '2024-05-20', placement },
    ]);
    const id = await opened(childId, 'reassessment', '2025-10-06', [
      { type: 'issue-decided', on: '2025-12-01', outcome: 'issue', reasons: 'Needs changed.' },
      { type: 'draft-served', on: '2025-12-15' },
      { type: 'final-issued', on: '2026-01-05', placement },
    ]);
    assert.deepEqual(await plansOf(childId), [
      { status: 'replaced', ended_on: '2026-01-05' },
      { status: 'active', ended_on: null },
    ]);
    const view = (await api.get(`/api/v1/ehc/requests/${id}`)).json() as {
      events: { id: string; type: string }[];
    };
    const final = view.events.find((e) => e.type === 'final-issued');
    const moved = await api.post(`/api/v1/ehc/requests/${id}/events`, {
      event: { type: 'final-issued', on: '2026-01-09', placement },
      corrects: final?.id,
    });
    assert.equal(moved.statusCode, 201, moved.body);
    assert.deepEqual(
      (await plansOf(childId))[0],
      { status: 'replaced', ended_on: '2026-01-09' },
      'the old plan ends when the new one starts',
    );
    const moved2 = (
      moved.json() as { events: { id: string; type: string; correctedBy: string | null }[] }
    ).events.find((e) => e.type === 'final-issued' && !e.correctedBy);
    const undone = await api.post(`/api/v1/ehc/requests/${id}/events`, {
      event: { type: 'comments-received', on: '2026-01-09', preferredSetting: 'Oak Tree Academy' },
      corrects: moved2?.id,
    });
    assert.equal(undone.statusCode, 201, undone.body);
    assert.deepEqual(await plansOf(childId), [
      { status: 'active', ended_on: null },
      { status: 'draft', ended_on: null },
    ]);
  });

  test('a request decided for a plan before plans were kept from that decision gets its draft when a section is written', async () => {
    const childId = await addChild(t, t.la.code);
    const id = await opened(childId, 'new', '2025-11-03', [
      { type: 'assessment-decided', on: '2025-12-08', outcome: 'assess', reasons: 'Needs.' },
      { type: 'issue-decided', on: '2026-01-20', outcome: 'issue', reasons: 'Plan.' },
    ]);
    await sql`DELETE FROM ehc_plans WHERE request_id = ${id}`.execute(t.database.db);
    const plan = (await api.get(`/api/v1/ehc/requests/${id}/plan`)).json() as {
      plan: unknown;
      writable: boolean;
      sections: unknown[];
    };
    assert.deepEqual([plan.plan, plan.writable, plan.sections.length], [null, true, 12]);
    const written = await api.put(`/api/v1/ehc/requests/${id}/plan/sections/A`, {
      content: 'Views.',
      version: 0,
    });
    assert.equal(written.statusCode, 200, written.body);
    assert.equal(
      ((await api.get(`/api/v1/ehc/requests/${id}/plan`)).json() as { plan: { status: string } }).plan.status,
      'draft',
    );
  });

  test('a NUL character in typed text is taken out rather than failing in the database', async () => {
    const childId = await addChild(t, t.la.code);
    const id = await opened(childId, 'new', '2025-11-03', [
      { type: 'assessment-decided', on: '2025-12-08', outcome: 'assess', reasons: 'Needs.' },
      { type: 'issue-decided', on: '2026-01-20', outcome: 'issue', reasons: 'Plan.' },
    ]);
    const res = await api.put(`/api/v1/ehc/requests/${id}/plan/sections/B`, {
      content: 'Ada\u0000 reads well.',
      version: 0,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((res.json() as { content: string }).content, 'Ada reads well.');
  });

  test('a letter goes to whoever decides on the day it is dated: the parent, the young person, or whoever acts for one who lacks capacity', async () => {
    const manager = await addUser(t, t.la.code, 'manager', ['send_team_manager']);
    const put = await apiAs(t, await tokenFor(t, t.la.code, manager.id)).put(
      '/api/v1/ehc/letter-settings',
      settings,
    );
    assert.equal(put.statusCode, 200, put.body);
    // Born 1 May 2009: 16 on 1 May 2025, in the 2024/25 school year, whose last Friday in June is
    // 27 June 2025 (June 2025 begins on a Sunday). Decisions are Yusuf's from Saturday 28 June 2025.
    const childId = await addChild(t, t.la.code, {
      forename: 'Yusuf',
      surname: 'Older',
      dateOfBirth: '2009-05-01',
    });
    const pat = await addParentCarer(t, t.la.code, childId, {
      forename: 'Pat',
      surname: 'Older',
      mainContact: true,
    });
    const browser = await browserAs(t, t.la.users.coordinator.email);
    const letterOf = async (id: string, kind: string) =>
      unescapeHtml((await browser.get(`/ehc/requests/${id}/documents/${kind}`)).body);

    // A refusal dated Fri 27 June 2025, the last day of compulsory school age, goes to the parent.
    const first = await opened(childId, 'new', '2025-05-12', [
      {
        type: 'assessment-decided',
        on: '2025-06-27',
        outcome: 'refuse',
        reasons: 'Needs are met at SEN support.',
      },
    ]);
    assert.match(await letterOf(first, 'refusal-to-assess'), /Dear Pat Older,/);

    // A decision dated 10 February 2026 goes to Yusuf, about "you".
    const second = await opened(childId, 'new', '2026-01-05', [
      { type: 'assessment-decided', on: '2026-02-10', outcome: 'assess', reasons: 'Needs.' },
    ]);
    const toYusuf = await letterOf(second, 'decision-to-assess');
    assert.match(toYusuf, /Dear Yusuf Older,/);
    assert.match(toYusuf, /needs assessment for you on 5 January 2026/);
    assert.doesNotMatch(toYusuf, /Pat Older/);

    const capacity = (body: Record<string, unknown>) =>
      api.put(`/api/v1/children/${childId}/capacity`, {
        lacksCapacity: true,
        assessedOn: '2026-01-20',
        actingPersonId: pat,
        actingAs: 'deputy',
        version: 0,
        ...body,
      });
    problem(await capacity({ actingPersonId: null }), 400, 'actingPersonId', /Choose who acts/);
    problem(await capacity({ assessedOn: '2026-03-03' }), 422, 'assessedOn', /cannot be in the future/);
    problem(
      await capacity({ actingPersonId: '00000000-0000-4000-8000-000000000000' }),
      422,
      'actingPersonId',
      /must be recorded for the child/,
    );
    const saved = await capacity({});
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual(
      [
        saved.json().compulsorySchoolAgeEnds,
        saved.json().passesToYoungPersonOn,
        saved.json().decisionMakerToday,
      ],
      ['2025-06-27', '2025-06-28', 'representative'],
    );
    problem(await capacity({ version: 0 }), 409, 'version', /Someone else changed/);

    // Now Pat acts for Yusuf, as his deputy, and the letter goes to Pat saying so.
    const toDeputy = await letterOf(second, 'decision-to-assess');
    assert.match(toDeputy, /Dear Pat Older,/);
    assert.match(toDeputy, /you act for Yusuf Older as their deputy appointed by the Court of Protection/);
    const changed = await auditEvents(t, t.la.code, 'child.capacity.changed');
    assert.equal(changed.length, 1);
    assert.deepEqual((changed[0]?.detail as { before: unknown } | undefined)?.before, null);
  });
});
