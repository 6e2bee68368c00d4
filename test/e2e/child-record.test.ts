import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { addChild, addParentCarer, apiAs, tokenFor } from '../support/children.ts';
import { openEhcRequest } from '../support/ehc.ts';
import {
  assertFocused,
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

// The test clock stands at Monday 2 March 2026.
let e: E2e;
let page: Page;
let mary = '';
let sam = '';
let hertha = '';

before(async () => {
  e = await startE2e();
  const { t } = e;
  mary = await addChild(t, t.la.code, { forename: 'Mary', surname: 'Somerville', dateOfBirth: '2015-12-26' });
  // Born 5 November 2008: past compulsory school age, so decisions are the young person's own.
  sam = await addChild(t, t.la.code, { forename: 'Sam', surname: 'Darwin', dateOfBirth: '2008-11-05' });
  await addParentCarer(t, t.la.code, sam, { forename: 'Pat', surname: 'Darwin', mainContact: true });
  hertha = await addChild(t, t.la.code, { forename: 'Hertha', surname: 'Ayrton' });
  const api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
  await openEhcRequest(api, hertha, '2025-09-01', [
    { type: 'assessment-decided', on: '2025-10-06', outcome: 'assess', reasons: 'Evidence of needs.' },
    { type: 'issue-decided', on: '2025-12-01', outcome: 'issue', reasons: 'A plan is needed.' },
    { type: 'draft-served', on: '2025-12-08' },
    { type: 'comments-received', on: '2025-12-15' },
    {
      type: 'final-issued',
      on: '2026-01-12',
      placement: { settingName: 'Hethersett Academy', provision: 'mainstream' },
    },
  ]);
  page = await e.newPage();
  await signIn(page, t.la.users.coordinator.email);
});
after(() => e?.close());

const path = () => new URL(page.url()).pathname;
const heading = () => page.getByRole('heading', { level: 1 }).textContent();
const summaryLinks = () => page.locator('.govuk-error-summary__list a').allTextContents();

async function openRecord(id: string) {
  await page.goto(`/children/${id}`);
  await waitForFrontend(page);
}

test('a plan transferring in is opened from the child’s record, its revealed questions answered by keyboard; the record then leads to it', async () => {
  await openRecord(mary);
  assert.match(
    await textOf(page.locator('main')),
    /EHC needs assessments and plans Open an EHC request No EHC needs assessment has been asked for\./,
  );
  await checkA11y(page);
  await tabTo(page, page.getByRole('button', { name: 'Open an EHC request' }));
  await pressAndLoad(page);
  assert.equal(path(), '/ehc/requests/new');

  const oldLa = page.getByLabel('LA the plan is transferring from');
  assert.equal(await oldLa.isVisible(), false, 'the transfer’s questions wait until it is chosen');
  // Tab reaches the chosen kind of request; the arrow keys move to another.
  const kinds = page.getByRole('group', { name: 'What kind of request is it?' });
  await tabTo(page, kinds.getByLabel('New request for an EHC needs assessment'));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.ok(await kinds.getByLabel('Plan transferring in from another LA').isChecked());
  // The revealed questions come straight after the choice that revealed them.
  await page.keyboard.press('Tab');
  await assertFocused(oldLa, 'the old LA');
  await page.keyboard.type('Suffolk');
  assert.equal(await oldLa.inputValue(), '935');
  await typeDate(page, 'Date the old LA became aware of the move', '5', '1', '2026');
  await typeDate(page, 'Date of the move', '2', '2', '2026');
  await checkA11y(page);
  await typeDate(page, 'Date the request was received', '12', '1', '2026');
  await choose(page, 'Who made the request?', 'Parent or carer');
  await tabTo(page, page.getByLabel('Name of the person who asked'));
  await page.keyboard.type('Grace Somerville');
  await choose(page, 'Does the parent or young person consent to the assessment?', 'Yes');
  await tabTo(page, page.getByRole('button', { name: 'Continue' }));
  await pressAndLoad(page);

  assert.equal(await heading(), 'Check your answers');
  const answers = await textOf(page.locator('.govuk-summary-list'));
  assert.match(answers, /What kind of request is it\? Plan transferring in from another LA/);
  assert.match(answers, /LA the plan is transferring from Suffolk/);
  assert.match(answers, /Date the old LA became aware of the move 5\/1\/2026/);
  assert.match(answers, /Date of the move 2\/2\/2026/);
  assert.match(answers, /Date we were told of the move 12\/1\/2026/);
  await checkA11y(page);
  await tabTo(page, page.getByRole('button', { name: 'Open the request' }));
  await pressAndLoad(page);
  assert.match(path(), /^\/ehc\/requests\/[0-9a-f-]{36}$/);
  const request = path();
  // The old LA knew 20 working days ahead, so the plan was due to transfer on the day of the move.
  assert.match(
    await textOf(page.locator('main')),
    /Next: Transfer the plan Waiting for the plan from Suffolk\.\s?Transfer the plan: due 2 February 2026, 28 days late\./,
  );
  await checkA11y(page);

  await openRecord(mary);
  assert.match(await textOf(page.getByRole('region', { name: 'EHC requests' })), /Plan transferring in/);
  assert.equal(await page.getByRole('button', { name: 'Open an EHC request' }).count(), 0);
  await tabTo(page, page.getByRole('button', { name: 'Go to the open EHC request' }));
  await pressAndLoad(page);
  assert.equal(path(), request);
});

test('a child with an EHC plan is offered a re-assessment of it, not a new request', async () => {
  await openRecord(hertha);
  assert.match(
    await textOf(page.getByRole('region', { name: 'EHC plans' })),
    /Active plan.* 12 January 2026 .*Hethersett Academy \(Mainstream school or college\)/,
  );
  assert.equal(await page.getByRole('button', { name: 'Open an EHC request' }).count(), 0);
  await checkA11y(page);
  await tabTo(page, page.getByRole('button', { name: 'Ask for a re-assessment' }));
  await pressAndLoad(page);
  assert.equal(path(), '/ehc/requests/new');
  assert.ok(await page.getByLabel('Re-assessment of an existing plan').isChecked());
  await checkA11y(page);
});

test('decisions and capacity: a mistake is explained, then a young person who lacks capacity has a parent act for them', async () => {
  await openRecord(sam);
  await tabTo(page, page.getByRole('link', { name: 'Record decisions and capacity for Sam Darwin' }), 60);
  await pressAndLoad(page);
  assert.equal(path(), `/children/${sam}/decisions`);
  assert.equal(await heading(), 'Decisions and capacity');
  await checkA11y(page);

  await tabTo(page, page.getByRole('button', { name: 'Save' }));
  assert.equal((await pressAndLoad(page)).status(), 400);
  await assertFocused(page.locator('.govuk-error-summary'), 'the error summary');
  assert.deepEqual(await summaryLinks(), [
    'Say whether the young person lacks capacity to make these decisions',
    'Enter the date capacity was assessed',
  ]);
  await checkA11y(page);
  await tabTo(page, page.getByRole('link', { name: 'Enter the date capacity was assessed' }), 3);
  await page.keyboard.press('Enter');
  await assertFocused(page.getByLabel('Day'), 'the day capacity was assessed');

  const question =
    'Does the young person lack capacity to make decisions about their special educational needs?';
  await choose(page, question, 'Yes, they lack capacity to make these decisions');
  await page.keyboard.press('Tab');
  const acting = page.getByLabel('Who acts for them');
  await assertFocused(acting, 'who acts for them');
  await page.keyboard.type('Pat');
  assert.match((await acting.locator('option:checked').textContent()) ?? '', /^Pat Darwin/);
  await choose(page, 'They act as', 'Parent');
  await typeDate(page, 'When was their capacity assessed?', '10', '2', '2026');
  await checkA11y(page);
  await tabTo(page, page.getByRole('button', { name: 'Save' }));
  await pressAndLoad(page);
  assert.equal(path(), `/children/${sam}`);
  assert.match(
    await textOf(page.locator('.govuk-notification-banner--success')),
    /Who makes decisions has been saved/,
  );
  assert.match(
    await textOf(page.locator('main')),
    /Pat Darwin acts for Sam, who lacks capacity to make these decisions \(assessed 10 February 2026\), and letters go to Pat Darwin\./,
  );
  await checkA11y(page);
});
