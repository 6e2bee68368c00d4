import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  apiAs,
  auditEvents,
  browserAs,
  errorSummaryOf,
  newChildJson,
  tokenFor,
  unescapeHtml,
  upnFor,
} from '../support/children.ts';

const childForm = (overrides: Record<string, string> = {}) => ({
  forename: 'Zoë',
  surname: 'Brontë',
  'dateOfBirth-day': '27',
  'dateOfBirth-month': '3',
  'dateOfBirth-year': '2015',
  sex: 'F',
  ethnicity: 'WBRI',
  homePostcode: 'nr1 2dh',
  upn: '',
  upnUnknownReason: '',
  uln: '',
  senNeed1: 'ASD',
  senNeed2: '',
  senNeed3: '',
  ...overrides,
});

const parentForm = (overrides: Record<string, string> = {}) => ({
  forename: 'Patrick',
  surname: 'Brontë',
  relationship: 'father',
  parentalResponsibility: 'yes',
  livesWith: 'yes',
  mainContact: 'yes',
  email: 'patrick@example.org',
  phone: '',
  address: '',
  postcode: '',
  preferredContact: 'email',
  preferredLanguage: 'English',
  needsInterpreter: 'no',
  communicationNeeds: '',
  ...overrides,
});

const fieldMessage = (html: string, id: string) =>
  unescapeHtml(
    (
      new RegExp(`id="${id}-error"[^>]*>\\s*<span class="govuk-visually-hidden">Error:</span>([^<]+)<`).exec(
        html,
      )?.[1] ?? ''
    ).trim(),
  );

describe('children pages: add and change a child and their parents and carers', () => {
  let t: TestApp;
  let browser: Awaited<ReturnType<typeof browserAs>>;
  let api: ReturnType<typeof apiAs>;
  before(async () => {
    t = await startTestApp();
    browser = await browserAs(t, t.la.users.coordinator.email);
    api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
  });
  after(() => t.close());

  test('the menu offers Children to those who may read them', async () => {
    const home = await browser.get('/');
    assert.match(home.body, /href="\/children"[^>]*>\s*Children/);
    const admin = await browserAs(t, t.la.users.admin.email);
    assert.doesNotMatch((await admin.get('/')).body, /href="\/children"/);
  });

  test('a new child with mistakes shows each one, in the same words as the API, linked to its box', async () => {
    const wrongUpn = `A${upnFor(t.la.code, 9).slice(1)}`;
    const bad = {
      forename: '',
      'dateOfBirth-day': '27',
      'dateOfBirth-month': '',
      upn: wrongUpn,
      uln: '1234567890',
      homePostcode: 'NR1',
      senNeed1: '',
      senNeed2: 'ASD',
      sex: '',
    };
    const res = await browser.post('/children/new', childForm(bad));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>Error: Add a child/);
    const summary = errorSummaryOf(res.body);
    assert.deepEqual(
      summary.map((s) => s.href),
      ['#forename', '#dateOfBirth-day', '#sex', '#homePostcode', '#upn', '#uln', '#senNeed1'],
    );
    const apiProblem = (
      await api.post(
        '/api/v1/children',
        newChildJson({ upn: wrongUpn, uln: '1234567890', homePostcode: 'NR1' }),
      )
    ).json();
    for (const field of ['upn', 'uln', 'homePostcode']) {
      const words = apiProblem.errors.find((e: { field: string }) => e.field === field).message;
      assert.ok(
        summary.some((s) => s.text === words),
        `${field}: ${words}`,
      );
      assert.equal(fieldMessage(res.body, field), words);
    }
    assert.equal(fieldMessage(res.body, 'dateOfBirth'), 'Date of birth must include a month');
    assert.equal(
      fieldMessage(res.body, 'senNeed1'),
      'Select the primary need, or move the needs below it up',
    );
    assert.match(res.body, new RegExp(`value="${wrongUpn}"`), 'what was typed is kept');
  });

  test('a date of birth in the future is refused on the page too', async () => {
    const res = await browser.post('/children/new', childForm({ 'dateOfBirth-year': '2027' }));
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummaryOf(res.body), [
      { href: '#dateOfBirth-day', text: 'Date of birth must be today or in the past' },
    ]);
  });

  test('a valid child is added and shown with a confirmation', async () => {
    const res = await browser.post(
      '/children/new',
      childForm({ upn: upnFor(t.la.code, 10), senNeed2: 'SLCN' }),
    );
    assert.equal(res.statusCode, 303);
    const location = String(res.headers.location);
    assert.match(location, /^\/children\/[0-9a-f-]{36}\?saved=added$/);
    const page = await browser.get(location);
    assert.match(page.body, /The child has been added/);
    assert.match(page.body, /<h1 class="govuk-heading-l">Zoë Brontë<\/h1>/);
    assert.match(page.body, /NR1 2DH/);
    assert.match(page.body, /Speech, language and communication needs/);
  });

  test('a young person past Year 14 is shown as post-19, on their page and in the list', async () => {
    // Born 15 October 2005: 19 on 31 August 2025, so post-19 in 2025/26; 20 on the test's day,
    // 2 March 2026, which is why the label names the day its age is taken on.
    const res = await browser.post(
      '/children/new',
      childForm({
        forename: 'Ewan',
        surname: 'Pettigrew',
        'dateOfBirth-day': '15',
        'dateOfBirth-month': '10',
        'dateOfBirth-year': '2005',
        sex: 'M',
      }),
    );
    assert.equal(res.statusCode, 303);
    const page = await browser.get(String(res.headers.location));
    assert.match(page.body, /15 October 2005 \(age 20\)/);
    assert.match(
      page.body,
      /National Curriculum year\s*<\/dt>\s*<dd[^>]*>\s*Post-19 \(aged 19 on 31 August 2025\)/,
    );
    const list = await browser.get('/children?q=ewan+pettigrew');
    assert.match(list.body, /<td class="govuk-table__cell">Post-19 \(aged 19 on 31 August 2025\)<\/td>/);
    assert.doesNotMatch(list.body, /Year 15/);
  });

  test('a duplicate UPN is named on the page', async () => {
    const upn = upnFor(t.la.code, 11);
    await addChild(t, t.la.code, { upn });
    const res = await browser.post('/children/new', childForm({ upn }));
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummaryOf(res.body), [
      { href: '#upn', text: `Another child in this LA has UPN ${upn}` },
    ]);
  });

  test("a child's details are changed from the form, which carries the version it was read at", async () => {
    const id = await addChild(t, t.la.code, { forename: 'Emily', surname: 'Jane' });
    const form = await browser.get(`/children/${id}/edit`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="version" value="1"/);
    assert.match(form.body, /id="forename" name="forename" type="text"[^>]*value="Emily"/);
    const res = await browser.post(
      `/children/${id}/edit`,
      childForm({ forename: 'Emily', surname: 'Brontë', version: '1', senNeed1: 'SEMH' }),
    );
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/children/${id}?saved=changed`);
    const record = (await api.get(`/api/v1/children/${id}`)).json();
    assert.equal(record.surname, 'Brontë');
    assert.equal(record.version, 2);
    assert.deepEqual(
      record.senNeeds.map((n: { senType: string }) => n.senType),
      ['SEMH'],
    );
  });

  test('a stale edit is refused with what changed; the form shows their change and keeps mine', async () => {
    const id = await addChild(t, t.la.code, { forename: 'Anne', surname: 'Acton' });
    await api.patch(`/api/v1/children/${id}`, { version: 1, surname: 'Bell' });
    const res = await browser.post(
      `/children/${id}/edit`,
      childForm({ forename: 'Annie', surname: 'Acton', version: '1', homePostcode: 'NR2 1AA' }),
    );
    assert.equal(res.statusCode, 409);
    assert.deepEqual(errorSummaryOf(res.body), [
      {
        href: '#surname',
        text: 'Someone else changed the last name after you opened this record, so your changes have not been saved. Check the record as it is now and make your changes again',
      },
    ]);
    assert.equal(fieldMessage(res.body, 'surname'), 'Someone else changed the last name since version 1');
    assert.match(res.body, /name="version" value="2"/);
    assert.match(res.body, /id="surname" name="surname" type="text"[^>]*value="Bell"/);
    assert.match(res.body, /id="forename" name="forename" type="text"[^>]*value="Annie"/);
    assert.match(res.body, /value="NR2 1AA"/);
    const record = (await api.get(`/api/v1/children/${id}`)).json();
    assert.equal(record.forename, 'Anne', 'nothing was saved');
  });

  test('a parent or carer is added with contact preferences; mistakes are named first', async () => {
    const id = await addChild(t, t.la.code, { forename: 'Branwell' });
    const form = await browser.get(`/children/${id}/parents/new`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="English"/);
    const bad = await browser.post(
      `/children/${id}/parents/new`,
      parentForm({ relationship: '', email: '', phone: '12', postcode: 'XX' }),
    );
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      errorSummaryOf(bad.body).map((e) => e.href),
      ['#relationship', '#phone', '#postcode'],
    );
    const good = await browser.post(`/children/${id}/parents/new`, parentForm());
    assert.equal(good.statusCode, 303);
    const page = await browser.get(String(good.headers.location));
    assert.match(page.body, /The parent or carer has been added/);
    assert.match(page.body, /patrick@example.org/);
    const added = (await auditEvents(t, t.la.code, 'parent_carer.added')).filter((e) => e.child_id === id);
    assert.equal(added.length, 1);
  });

  test('preferring post needs an address and postcode', async () => {
    const id = await addChild(t, t.la.code);
    const res = await browser.post(`/children/${id}/parents/new`, parentForm({ preferredContact: 'post' }));
    assert.deepEqual(errorSummaryOf(res.body), [
      { href: '#address', text: 'Enter an address, as post is how they prefer to be contacted' },
      { href: '#postcode', text: 'Enter a postcode, as post is how they prefer to be contacted' },
    ]);
  });

  test('a new main contact stands the old one down; a parent or carer is changed with a version', async () => {
    const id = await addChild(t, t.la.code);
    await browser.post(`/children/${id}/parents/new`, parentForm({ forename: 'First' }));
    await browser.post(
      `/children/${id}/parents/new`,
      parentForm({ forename: 'Second', email: 'second@example.org' }),
    );
    let record = (await api.get(`/api/v1/children/${id}`)).json();
    const main = record.parentCarers.filter((p: { mainContact: boolean }) => p.mainContact);
    assert.deepEqual(
      main.map((p: { forename: string }) => p.forename),
      ['Second'],
    );

    const first = record.parentCarers.find((p: { forename: string }) => p.forename === 'First');
    // Standing down as main contact was a change to First's record.
    assert.equal(first.version, 2);
    const edit = await browser.get(`/children/${id}/parents/${first.id}/edit`);
    assert.match(edit.body, /name="version" value="2"/);
    assert.match(edit.body, /name="mainContact" type="radio" value="no" checked/);
    const changed = await browser.post(
      `/children/${id}/parents/${first.id}/edit`,
      parentForm({
        forename: 'First',
        version: '2',
        mainContact: 'no',
        needsInterpreter: 'yes',
        preferredLanguage: 'Polish',
      }),
    );
    assert.equal(changed.statusCode, 303);
    record = (await api.get(`/api/v1/children/${id}`)).json();
    const now = record.parentCarers.find((p: { id: string }) => p.id === first.id);
    assert.equal(now.preferredLanguage, 'Polish');
    assert.equal(now.needsInterpreter, true);
    assert.equal(now.version, 3);

    const stale = await browser.post(
      `/children/${id}/parents/${first.id}/edit`,
      parentForm({ forename: 'Firstly', version: '2', mainContact: 'no' }),
    );
    assert.equal(stale.statusCode, 409);
    assert.match(
      errorSummaryOf(stale.body)[0]?.text ?? '',
      /^Someone else changed the preferred language and need for an interpreter after you opened this record/,
    );
    assert.match(stale.body, /value="Polish"/);
    const audit = (await auditEvents(t, t.la.code, 'parent_carer.changed')).filter((e) => e.child_id === id);
    assert.deepEqual(
      audit.map((e) => e.detail),
      [
        { version: 2, fields: ['mainContact'] },
        { version: 3, fields: ['preferredLanguage', 'needsInterpreter'] },
      ],
    );
  });

  test('forms refuse a post without the CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/children/new',
      headers: { accept: 'text/html', cookie: '' },
      payload: childForm(),
    });
    assert.ok([302, 403].includes(res.statusCode));
  });

  test('who makes decisions: the child page says, and the capacity form names each bad field', async () => {
    // Born 15 July 2010: 16 on 15 July 2026, in the 2025/26 school year, whose last Friday in June
    // is 26 June 2026 (June 2026 begins on a Monday).
    const id = await addChild(t, t.la.code, { forename: 'Mo', surname: 'Farah', dateOfBirth: '2010-07-15' });
    const page = unescapeHtml((await browser.get(`/children/${id}`)).body);
    assert.match(
      page,
      /Until 26 June 2026, the end of compulsory school age, Mo's parent makes decisions about their special educational needs\. From 27 June 2026, Mo makes them/,
    );
    const form = await browser.get(`/children/${id}/decisions`);
    assert.equal(form.statusCode, 200);
    const bad = await browser.post(`/children/${id}/decisions`, {
      lacksCapacity: 'yes',
      'assessedOn-day': '31',
      'assessedOn-month': '2',
      'assessedOn-year': '2026',
      version: '0',
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(errorSummaryOf(bad.body), [
      { href: '#assessedOn-day', text: 'The date capacity was assessed must be a real date' },
      {
        href: '#actingPersonId',
        text: 'Choose who acts for the young person: a parent or their representative',
      },
      { href: '#actingAs', text: 'Select who the person acting is' },
    ]);
    const none = await browser.post(`/children/${id}/decisions`, { version: '0' });
    assert.deepEqual(
      errorSummaryOf(none.body).map((e) => e.href),
      ['#lacksCapacity', '#assessedOn-day'],
    );
    const ok = await browser.post(`/children/${id}/decisions`, {
      lacksCapacity: 'no',
      'assessedOn-day': '2',
      'assessedOn-month': '2',
      'assessedOn-year': '2026',
      version: '0',
    });
    assert.equal(ok.statusCode, 303, ok.body);
  });
});
