import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { linkUserAsYoungPerson } from '../../src/modules/children/index.ts';
import {
  addChild,
  addParentCarer,
  addSchool,
  addStaff,
  addUser,
  apiAs,
  tokenFor,
} from '../support/children.ts';
import { openEhcRequest } from '../support/ehc.ts';
import {
  checkA11y,
  choose,
  type E2e,
  pressAndLoad,
  signIn,
  startE2e,
  tabTo,
  textOf,
  waitForFrontend,
} from './support.ts';

/**
 * A parent asks online by keyboard, on every page checked with axe and at 320 pixels: the public
 * start page, who it is about, each question, a letter uploaded, check your answers, sent, and the
 * request followed with its statutory dates; then the LA's triage pages. The clock stands at
 * Monday 2 March 2026.
 */

let e: E2e;
let page: Page;
let parentEmail = '';

before(async () => {
  e = await startE2e();
  const { t } = e;
  const parent = await addUser(t, t.la.code, 'robin-parent', ['parent_carer']);
  parentEmail = parent.email;
  const child = await addChild(t, t.la.code, { forename: 'Robin', surname: 'Ashby' });
  await addParentCarer(t, t.la.code, child, { userId: parent.id, mainContact: true });
  page = await e.newPage();
});
after(() => e?.close());

const heading = (p: Page) => textOf(p.getByRole('heading', { level: 1 }));

async function continueFrom(p: Page, button = 'Save and continue') {
  await tabTo(p, p.getByRole('button', { name: button }), 60);
  return pressAndLoad(p);
}

test('a parent asks for an assessment by keyboard, and follows it', async () => {
  await page.goto('/request');
  await waitForFrontend(page);
  assert.equal(
    await heading(page),
    'Ask for an EHC needs assessment or for help with special educational needs',
  );
  await checkA11y(page);

  await signIn(page, parentEmail);
  await page.goto('/');
  await waitForFrontend(page);
  await tabTo(page, page.getByRole('link', { name: 'Ask for an EHC needs assessment or for help' }), 60);
  await pressAndLoad(page);
  assert.equal(await heading(page), 'Who is the request about?');
  await checkA11y(page);
  await choose(page, 'Who is the request about?', 'Robin Ashby');
  await continueFrom(page, 'Continue');

  assert.match(await heading(page), /What are you asking for\?/);
  // Sent with nothing chosen: the error summary takes focus and names the question.
  const refused = await continueFrom(page);
  assert.equal(refused.status(), 400);
  assert.deepEqual(await page.locator('.govuk-error-summary__list a').allTextContents(), [
    'Choose what you are asking for',
  ]);
  await checkA11y(page);
  await choose(page, 'What are you asking for?', 'An education, health and care (EHC) needs assessment');
  await continueFrom(page);

  assert.match(await heading(page), /What does Robin Ashby find hard/);
  await checkA11y(page);
  await tabTo(page, page.getByLabel('What they find hard'));
  await page.keyboard.type('Reading, and crowded rooms.');
  await continueFrom(page);

  assert.match(await heading(page), /What matters to Robin Ashby/);
  await checkA11y(page);
  await tabTo(page, page.getByRole('textbox'));
  await page.keyboard.type('Trains, and staying with friends.');
  await continueFrom(page);

  assert.equal(await heading(page), 'Letters and reports');
  await checkA11y(page);
  // A file is chosen in the system's own dialog, which a test cannot drive: the file is set on the
  // field the keyboard reached, and the upload sent by keyboard.
  const field = page.getByLabel('Upload a file');
  await tabTo(page, field, 40);
  await field.setInputFiles({
    name: 'letter.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.7\n%%EOF\n'),
  });
  await continueFrom(page, 'Upload file');
  assert.match(await textOf(page.locator('main')), /letter\.pdf/);
  await checkA11y(page);
  await tabTo(page, page.getByRole('button', { name: 'Continue' }), 60);
  await pressAndLoad(page);

  assert.equal(await heading(page), 'Check your answers before sending your request');
  await checkA11y(page);
  await continueFrom(page, 'Send the request');
  assert.equal(await heading(page), 'Request sent');
  assert.match(await textOf(page.locator('main')), /It must tell you by 13 April 2026/);
  await checkA11y(page);

  await tabTo(page, page.getByRole('link', { name: 'Follow your request' }), 60);
  await pressAndLoad(page);
  assert.match(
    await textOf(page.locator('main')),
    /The LA decides whether to carry out an EHC needs assessment/,
  );
  assert.match(await textOf(page.locator('main')), /Due by 13 April 2026/);
  await checkA11y(page);

  await page.goto('/');
  await waitForFrontend(page);
  assert.match(await textOf(page.locator('main')), /Your requests/);
  await checkA11y(page);
});

test('the LA’s triage pages pass axe, with a request for help waiting', async () => {
  const { t } = e;
  await page.goto('/request/new');
  await waitForFrontend(page);
  await choose(page, 'Who is the request about?', 'Robin Ashby');
  await continueFrom(page, 'Continue');
  // Radios are one tab stop: the arrow key moves to, and chooses, the next.
  await choose(page, 'What are you asking for?', 'An education, health and care (EHC) needs assessment');
  await page.keyboard.press('ArrowDown');
  await continueFrom(page);
  await tabTo(page, page.getByLabel('What they find hard'));
  await page.keyboard.type('Sleep.');
  await continueFrom(page);
  await tabTo(page, page.getByRole('textbox'));
  await page.keyboard.type('Rest.');
  await continueFrom(page);
  await tabTo(page, page.getByRole('button', { name: 'Continue' }), 60);
  await pressAndLoad(page);
  await continueFrom(page, 'Send the request');
  const id = /\/request\/([0-9a-f-]{36})\/sent/.exec(page.url())?.[1] ?? '';

  page = await e.newPage();
  await signIn(page, t.la.users.coordinator.email);
  await page.goto('/triage');
  await waitForFrontend(page);
  assert.equal(await heading(page), 'Requests for help to triage');
  assert.match(await textOf(page.locator('main')), /Robin Ashby/);
  await checkA11y(page);
  await page.goto(`/triage/${id}`);
  await waitForFrontend(page);
  await checkA11y(page);
  await continueFrom(page, 'Decide and tell them');
  assert.deepEqual(await page.locator('.govuk-error-summary__list a').allTextContents(), [
    'Choose what happens to the request',
    'Enter the reasons, as the family will read them',
  ]);
  await checkA11y(page);
});

test('the EHC request in the portal, as the family, the school, the LA and an adviser, passes axe at every width', async () => {
  const { t } = e;
  const school = await addSchool(t, t.la.code, 'Riverside Primary');
  const senco = await addUser(t, t.la.code, 'riverside-senco', ['senco']);
  await addStaff(t, t.la.code, senco.id, school);
  const adviser = await addUser(t, t.la.code, 'dr-shah', ['adviser']);
  const parent = await addUser(t, t.la.code, 'cal-parent', ['parent_carer']);
  const child = await addChild(t, t.la.code, { forename: 'Cal', surname: 'Moss', establishmentId: school });
  await addParentCarer(t, t.la.code, child, { userId: parent.id, mainContact: true });
  const api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
  const assessing = await openEhcRequest(api, child, '2026-01-05', [
    { type: 'assessment-decided', on: '2026-01-19', outcome: 'assess', reasons: 'Evidence.' },
  ]);
  const other = await addChild(t, t.la.code, { forename: 'Dee', surname: 'Moss', establishmentId: school });
  await addParentCarer(t, t.la.code, other, { userId: parent.id });
  const drafted = await openEhcRequest(api, other, '2025-12-01', [
    { type: 'assessment-decided', on: '2026-01-05', outcome: 'assess', reasons: 'Evidence.' },
    { type: 'issue-decided', on: '2026-02-10', outcome: 'issue', reasons: 'A plan is needed.' },
    { type: 'draft-served', on: '2026-02-20' },
    { type: 'setting-consulted', on: '2026-02-25', settingName: 'Riverside Primary' },
  ]);

  const la = await e.newPage();
  await signIn(la, t.la.users.coordinator.email);
  for (const url of [
    `/portal/ehc/${drafted}`,
    `/portal/ehc/${assessing}`,
    `/portal/ehc/${assessing}/advice/new`,
  ]) {
    await la.goto(url);
    await waitForFrontend(la);
    await checkA11y(la);
  }
  await choose(la, 'Kind of advice', 'Educational');
  await la.getByLabel('Adviser').selectOption({ label: 'dr-shah (926)' });
  await tabTo(la, la.getByRole('button', { name: 'Ask for the advice' }), 40);
  await pressAndLoad(la);

  const family = await e.newPage();
  await signIn(family, parent.email);
  await family.goto(`/portal/ehc/${drafted}`);
  await waitForFrontend(family);
  assert.match(await textOf(family.locator('main')), /You can comment on the draft plan until 6 March 2026/);
  await checkA11y(family);

  const s = await e.newPage();
  await signIn(s, senco.email);
  await s.goto(`/portal/ehc/${drafted}`);
  await waitForFrontend(s);
  assert.match(await textOf(s.locator('main')), /Can the school meet these needs\?/);
  await checkA11y(s);

  // A young person past compulsory school age chooses who follows their record.
  const youngPerson = await addUser(t, t.la.code, 'rey', ['young_person']);
  const rey = await addChild(t, t.la.code, { forename: 'Rey', surname: 'Moss', dateOfBirth: '2008-01-20' });
  await addParentCarer(t, t.la.code, rey, { userId: parent.id });
  await t.database.db
    .transaction()
    .execute((tx) => linkUserAsYoungPerson(tx, t.la.code, { userId: youngPerson.id, childId: rey }));
  const y = await e.newPage();
  await signIn(y, youngPerson.email);
  await y.goto('/family/sharing');
  await waitForFrontend(y);
  assert.match(await textOf(y.locator('main')), /you decide who follows your requests and plan/);
  await checkA11y(y);

  const a = await e.newPage();
  await signIn(a, adviser.email);
  await a.goto('/adviser');
  await waitForFrontend(a);
  await checkA11y(a);
  await tabTo(a, a.getByRole('link', { name: 'Cal Moss' }), 60);
  await pressAndLoad(a);
  assert.match(await heading(a), /advice for Cal Moss/);
  await checkA11y(a);
});

test('a family follows their child’s plan review and comments on the proposed changes by keyboard', async () => {
  const { t } = e;
  const parent = await addUser(t, t.la.code, 'lee-parent', ['parent_carer']);
  const child = await addChild(t, t.la.code, { forename: 'Lee', surname: 'Rowe', dateOfBirth: '2017-03-27' });
  await addParentCarer(t, t.la.code, child, { userId: parent.id, mainContact: true });
  const api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
  const requestId = await openEhcRequest(api, child, '2025-01-06', [
    { type: 'assessment-decided', on: '2025-02-10', outcome: 'assess', reasons: '' },
    { type: 'issue-decided', on: '2025-02-10', outcome: 'issue', reasons: '' },
    { type: 'draft-served', on: '2025-04-10' },
    {
      type: 'final-issued',
      on: '2025-05-20',
      placement: { settingName: 'Park Primary', provision: 'mainstream' },
    },
  ]);
  const plan = ((await api.get(`/api/v1/ehc/requests/${requestId}`)).json() as { plan: { id: string } }).plan
    .id;
  const review = ((await api.post(`/api/v1/ehc/plans/${plan}/reviews`, {})).json() as { id: string }).id;
  for (const step of [
    { type: 'invited', on: '2026-01-05', meetingOn: '2026-01-19', invitees: ['Parent'] },
    { type: 'meeting-held', on: '2026-01-19' },
    { type: 'report-received', on: '2026-01-26', recommendation: 'amend', views: 'Lee likes trains' },
    { type: 'decided', on: '2026-02-16', outcome: 'amend', reasons: 'Needs have changed' },
    { type: 'amendments-proposed', on: '2026-02-16', sections: { F: 'Weekly speech therapy' } },
  ])
    assert.equal((await api.post(`/api/v1/ehc/reviews/${review}/steps`, { step })).statusCode, 201);

  const family = await e.newPage();
  await signIn(family, parent.email);
  await checkA11y(family);
  await tabTo(family, family.getByRole('link', { name: 'Lee Rowe: annual review' }), 80);
  await pressAndLoad(family);
  assert.match(await heading(family), /Annual review of Lee Rowe’s EHC plan/);
  await checkA11y(family);
  await tabTo(family, family.getByRole('button', { name: 'Send your comments' }), 80);
  await pressAndLoad(family);
  assert.match(
    await textOf(family.locator('.govuk-error-summary')),
    /Enter what you think of the proposed changes/,
  );
  await checkA11y(family);
  await family.getByLabel('What you think of the proposed changes').fill('We agree.');
  await tabTo(family, family.getByRole('button', { name: 'Send your comments' }), 80);
  await pressAndLoad(family);
  assert.match(await textOf(family.locator('main')), /Your comments on the proposed changes have been sent/);
  await checkA11y(family);
});
