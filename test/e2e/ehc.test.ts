import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { addChild, addParentCarer, addUser, apiAs, tokenFor } from '../support/children.ts';
import {
  checkA11y,
  choose,
  type E2e,
  pressAndLoad,
  signIn,
  startE2e,
  tabTo,
  textOf,
  typeDate,
  waitForFrontend,
} from './support.ts';

let e: E2e;
let page: Page;
let ada = '';
let manager = { id: '', email: '' };

before(async () => {
  e = await startE2e();
  ada = await addChild(e.t, e.t.la.code, { forename: 'Ada', surname: 'Lovelace', dateOfBirth: '2016-12-10' });
  manager = await addUser(e.t, e.t.la.code, 'manager', ['send_team_manager']);
  page = await e.newPage();
  await signIn(page, e.t.la.users.coordinator.email);
});
after(() => e?.close());

const path = () => new URL(page.url()).pathname;
const heading = () => page.getByRole('heading', { level: 1 }).textContent();

// The test clock stands at 2 March 2026.
test('a coordinator opens a request from the child, checks the answers and sees its deadlines, by keyboard', async () => {
  await page.goto(`/children/${ada}`);
  await waitForFrontend(page);
  await tabTo(page, page.getByRole('button', { name: 'Open an EHC request' }));
  await pressAndLoad(page);
  assert.equal(path(), '/ehc/requests/new');
  await checkA11y(page);

  // Continue with nothing filled in: the errors are listed and linked.
  await tabTo(page, page.getByRole('button', { name: 'Continue' }));
  await pressAndLoad(page);
  assert.match(await textOf(page.locator('.govuk-error-summary')), /Enter the date the request was received/);
  await checkA11y(page);

  await typeDate(page, 'Date the request was received', '12', '1', '2026');
  await choose(page, 'Who made the request?', 'Parent or carer');
  await tabTo(page, page.getByLabel('Name of the person who asked'));
  await page.keyboard.type('Ava Lovelace');
  await choose(page, 'Does the parent or young person consent to the assessment?', 'Yes');
  await tabTo(page, page.getByRole('button', { name: 'Continue' }));
  await pressAndLoad(page);
  assert.equal(await heading(), 'Check your answers');
  assert.match(await textOf(page.locator('main')), /Ava Lovelace/);
  await checkA11y(page);

  await tabTo(page, page.getByRole('button', { name: 'Open the request' }));
  await pressAndLoad(page);
  assert.match(path(), /^\/ehc\/requests\/[0-9a-f-]{36}$/);
  assert.equal(await heading(), 'Ada Lovelace');
  const main = await textOf(page.locator('main'));
  // 12 January 2026: decision due 23 February (missed by 2 March); final plan due 1 June.
  assert.match(main, /Decide whether to assess[\s\S]*?23 February 2026[\s\S]*?Missed/);
  assert.match(main, /1 June 2026/);
  await checkA11y(page);

  await tabTo(page, page.getByRole('link', { name: 'Decide whether to assess' }));
  await pressAndLoad(page);
  await checkA11y(page);
  await typeDate(page, 'Date the decision was sent', '20', '2', '2026');
  await choose(page, 'Decision', 'Assess');
  await tabTo(page, page.getByRole('button', { name: 'Continue' }));
  await pressAndLoad(page);
  assert.equal(await heading(), 'Check your answers');
  await checkA11y(page);
  await tabTo(page, page.getByRole('button', { name: 'Record this step' }));
  await pressAndLoad(page);
  assert.match(await textOf(page.locator('.govuk-notification-banner')), /The step has been recorded/);
  assert.match(await textOf(page.locator('main')), /Decided to assess/);
  await checkA11y(page);
});

test('the caseload, the team dashboard and the term dates pass the accessibility checks', async () => {
  await page.goto('/ehc');
  await waitForFrontend(page);
  assert.equal(await heading(), 'Your caseload');
  assert.match(await textOf(page.getByRole('table')), /Ada Lovelace/);
  await checkA11y(page);

  const boss = await e.newPage();
  await signIn(boss, manager.email);
  await boss.goto('/ehc/dashboard?year=2026');
  await waitForFrontend(boss);
  assert.equal(await boss.getByRole('heading', { level: 1 }).textContent(), 'SEND team dashboard');
  await checkA11y(boss);
  await boss.goto('/ehc/requests');
  await checkA11y(boss);
  await boss.goto('/ehc/terms');
  await checkA11y(boss);
});

test('a manager sets the letter details, then a coordinator writes the draft plan and reads its letters, by keyboard', async () => {
  const boss = await e.newPage();
  await signIn(boss, manager.email);
  await boss.goto('/ehc/letters');
  await waitForFrontend(boss);
  await checkA11y(boss);
  const fields: [string, string][] = [
    ['SEND service name', 'SEND Service'],
    ['Postal address', 'County Hall\nNorwich'],
    ['Phone', '01632 960100'],
    ['Email', 'send@example.org'],
    ['Information, advice and support service', 'Test SENDIASS'],
    ['Its phone number', '01632 960200'],
    ['Mediation adviser', 'Test Mediation'],
    ['Mediation adviser’s phone number', 'not a number'],
    ['Disagreement resolution service', 'Test Disagreement Resolution'],
    ['Disagreement resolution service’s phone number', '01632 960400'],
  ];
  for (const [label, value] of fields) {
    await tabTo(boss, boss.getByLabel(label, { exact: true }));
    await boss.keyboard.type(value);
  }
  await tabTo(boss, boss.getByRole('button', { name: 'Save letter details' }));
  await pressAndLoad(boss);
  assert.match(await textOf(boss.locator('.govuk-error-summary')), /must be a phone number/);
  await checkA11y(boss);
  await tabTo(boss, boss.getByLabel('Mediation adviser’s phone number', { exact: true }));
  await boss.keyboard.press('Control+A');
  await boss.keyboard.type('01632 960300');
  await tabTo(boss, boss.getByRole('button', { name: 'Save letter details' }));
  await pressAndLoad(boss);
  assert.match(
    await textOf(boss.locator('.govuk-notification-banner')),
    /The letter details have been saved/,
  );

  const grace = await addChild(e.t, e.t.la.code, { forename: 'Grace', surname: 'Hopper' });
  const api = apiAs(e.t, await tokenFor(e.t, e.t.la.code, e.t.la.users.coordinator.id));
  const opened = await api.post('/api/v1/ehc/requests', {
    childId: grace,
    receivedOn: '2025-11-03',
    source: 'school',
    requestedBy: 'Sam SENCo',
    consent: true,
  });
  const id = (opened.json() as { id: string }).id;
  for (const event of [
    { type: 'assessment-decided', on: '2025-12-08', outcome: 'assess', reasons: 'Evidence of needs.' },
    { type: 'issue-decided', on: '2026-01-20', outcome: 'issue', reasons: 'A plan is needed.' },
  ])
    assert.equal(
      (await api.post(`/api/v1/ehc/requests/${id}/events`, { event, corrects: null })).statusCode,
      201,
    );

  await page.goto(`/ehc/requests/${id}`);
  await waitForFrontend(page);
  await tabTo(page, page.getByRole('link', { name: /Write the draft plan/ }));
  await pressAndLoad(page);
  assert.equal(await heading(), 'EHC plan');
  await checkA11y(page);
  await tabTo(page, page.getByRole('link', { name: 'Write section B' }));
  await pressAndLoad(page);
  assert.match((await heading()) ?? '', /Grace Hopper\s*Section B: Special educational needs/);
  await tabTo(page, page.getByRole('button', { name: 'Save section' }));
  await pressAndLoad(page);
  assert.match(await textOf(page.locator('.govuk-error-summary')), /Enter the section’s content/);
  await checkA11y(page);
  await tabTo(page, page.getByRole('textbox'));
  await page.keyboard.type('Grace has a developmental language disorder.');
  await tabTo(page, page.getByRole('button', { name: 'Save section' }));
  await pressAndLoad(page);
  assert.match(await textOf(page.locator('.govuk-notification-banner')), /Section B has been saved/);
  await checkA11y(page);

  await tabTo(page, page.getByRole('link', { name: 'History of section B' }));
  await pressAndLoad(page);
  assert.match(await textOf(page.locator('main')), /Version 1 \(current\)/);
  await checkA11y(page);

  for (const kind of ['decision-to-issue', 'plan']) {
    await page.goto(`/ehc/requests/${id}/documents/${kind}`);
    await waitForFrontend(page);
    await checkA11y(page);
  }
  assert.match(await textOf(page.locator('main')), /Grace has a developmental language disorder\./);
  assert.equal(await heading(), 'Draft education, health and care plan');
});

test('a coordinator sends a letter by post and reprints it as sent, by keyboard', async () => {
  const mary = await addChild(e.t, e.t.la.code, { forename: 'Mary', surname: 'Somerville' });
  await addParentCarer(e.t, e.t.la.code, mary, {
    forename: 'Will',
    surname: 'Somerville',
    mainContact: true,
  });
  const api = apiAs(e.t, await tokenFor(e.t, e.t.la.code, e.t.la.users.coordinator.id));
  const opened = await api.post('/api/v1/ehc/requests', {
    childId: mary,
    receivedOn: '2026-01-05',
    source: 'parent',
    requestedBy: 'Will Somerville',
    consent: true,
  });
  const id = (opened.json() as { id: string }).id;
  const decided = await api.post(`/api/v1/ehc/requests/${id}/events`, {
    event: { type: 'assessment-decided', on: '2026-02-16', outcome: 'assess', reasons: 'Evidence of needs.' },
    corrects: null,
  });
  assert.equal(decided.statusCode, 201, decided.body);

  await page.goto(`/ehc/requests/${id}/documents/decision-to-assess`);
  await waitForFrontend(page);
  await checkA11y(page);
  // Sent with no method chosen: the error summary takes focus and links to the question.
  await tabTo(page, page.getByRole('button', { name: 'Send this letter' }));
  await pressAndLoad(page);
  assert.match(await textOf(page.locator('.govuk-error-summary')), /Select how the letter was sent/);
  await checkA11y(page);
  await choose(page, 'How is it sent?', 'Post');
  // The date sent is today's, 2 March 2026, unless changed.
  assert.equal(await page.getByRole('group', { name: 'Date sent' }).getByLabel('Day').inputValue(), '2');
  await tabTo(page, page.getByRole('button', { name: 'Send this letter' }));
  await pressAndLoad(page);
  assert.match(path(), new RegExp(`^/ehc/requests/${id}/letters/[0-9a-f-]{36}$`));
  assert.equal(await heading(), 'We will carry out an education, health and care needs assessment');
  assert.match(
    await textOf(page.locator('.govuk-notification-banner')),
    /This is the letter as sent by post on 2 March 2026 by coordinator of/,
  );
  assert.match(await textOf(page.locator('main')), /Matches the PDF sent, byte for byte/);
  await checkA11y(page);

  await tabTo(page, page.getByRole('link', { name: 'Back to the request' }));
  await pressAndLoad(page);
  assert.match(
    await textOf(page.getByRole('region', { name: 'Letters sent' })),
    /Letter: decision to assess Post 2 March 2026/,
  );
  await checkA11y(page);
  await tabTo(
    page,
    page.getByRole('link', { name: 'Reprint (Letter: decision to assess, sent 2 March 2026)' }),
    80,
  );
  await pressAndLoad(page);
  assert.match(path(), new RegExp(`^/ehc/requests/${id}/letters/`));
  assert.match(await textOf(page.locator('main')), /Dear Will Somerville,/);
});
