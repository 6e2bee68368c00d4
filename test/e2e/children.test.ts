import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { addChild, addParentCarer, tokenFor, upnFor } from '../support/children.ts';
import {
  assertFocused,
  checkA11y,
  type E2e,
  pressAndLoad,
  signIn,
  startE2e,
  tabTo,
  textOf,
  waitForFrontend,
} from './support.ts';

let e: E2e;
let page: Page;
let zoe = '';

before(async () => {
  e = await startE2e();
  zoe = await addChild(e.t, e.t.la.code, {
    forename: 'Zoë',
    surname: 'Brontë',
    dateOfBirth: '2014-11-05',
    upn: upnFor(e.t.la.code, 1),
    senNeeds: ['ASD', 'SLCN'],
  });
  await addParentCarer(e.t, e.t.la.code, zoe, { forename: 'Patrick', surname: 'Brontë', mainContact: true });
  for (const forename of ['Anne', 'Emily', 'Charlotte'])
    await addChild(e.t, e.t.la.code, { forename, surname: 'Bell' });
  page = await e.newPage();
  await signIn(page, e.t.la.users.coordinator.email);
});
after(() => e?.close());

const path = () => new URL(page.url()).pathname;
const heading = () => page.getByRole('heading', { level: 1 }).textContent();
const summaryLinks = () => page.locator('.govuk-error-summary__list a').allTextContents();

test('a coordinator finds a child by name with a typo and opens the record, by keyboard', async () => {
  await page.goto('/');
  await waitForFrontend(page);
  await tabTo(
    page,
    page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Children' }),
  );
  await pressAndLoad(page);
  assert.equal(path(), '/children');
  assert.equal(await heading(), 'Children and young people');
  await checkA11y(page);

  await tabTo(page, page.getByLabel('Name, UPN or date of birth'));
  await page.keyboard.type('zoe brunte');
  await pressAndLoad(page);
  const results = page.getByRole('table');
  assert.match(await textOf(results), /Zoë Brontë\s*5 November 2014\s*Year 6/);
  assert.match(await textOf(results), /Autistic spectrum disorder/);
  assert.doesNotMatch(await textOf(results), /Bell/);
  await checkA11y(page);

  await tabTo(page, page.getByRole('link', { name: 'Zoë Brontë' }));
  await pressAndLoad(page);
  assert.equal(path(), `/children/${zoe}`);
  assert.equal(await heading(), 'Zoë Brontë');
  const main = await textOf(page.locator('main'));
  assert.match(main, /Primary need\s*Autistic spectrum disorder/);
  assert.match(main, /Secondary need\s*Speech, language and communication needs/);
  assert.match(main, /Patrick Brontë/);
  await checkA11y(page);
});

test('adding a child: the errors are summarised and linked, then the corrected form saves', async () => {
  await page.goto('/children');
  await waitForFrontend(page);
  await tabTo(page, page.getByRole('button', { name: 'Add a child' }));
  await pressAndLoad(page);
  assert.equal(path(), '/children/new');
  await checkA11y(page);

  await tabTo(page, page.getByLabel('UPN (unique pupil number)'), 60);
  await page.keyboard.type('A926123426099');
  await tabTo(page, page.getByRole('button', { name: 'Add child' }), 20);
  const refused = await pressAndLoad(page);
  assert.equal(refused.status(), 400);
  await assertFocused(page.locator('.govuk-error-summary'), 'the error summary');
  const expectedUpn = upnFor('926', 99);
  assert.deepEqual(await summaryLinks(), [
    "Enter the child's first name",
    "Enter the child's last name",
    "Enter the child's date of birth",
    "Select the child's sex",
    `UPN check letter is wrong: for ${expectedUpn.slice(1)} it should start with ${expectedUpn[0]}`,
  ]);
  await checkA11y(page);

  await tabTo(page, page.getByRole('link', { name: "Enter the child's first name" }), 3);
  await page.keyboard.press('Enter');
  await assertFocused(page.getByLabel('First name'), 'the first name field');
  await page.keyboard.type('Maria');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Branwell');
  await page.keyboard.press('Tab');
  await assertFocused(page.getByLabel('Day'), 'the day of birth');
  await page.keyboard.type('1');
  await page.keyboard.press('Tab');
  await page.keyboard.type('9');
  await page.keyboard.press('Tab');
  await page.keyboard.type('2020');
  await page.keyboard.press('Tab');
  await assertFocused(page.getByLabel('Female'), 'the first sex option');
  await page.keyboard.press('Space');
  await tabTo(page, page.getByLabel('UPN (unique pupil number)'), 6);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(expectedUpn);
  await tabTo(page, page.getByLabel('Primary need'), 6);
  await page.keyboard.type('Speech');
  await tabTo(page, page.getByRole('button', { name: 'Add child' }), 6);
  const saved = await pressAndLoad(page);
  assert.equal(saved.status(), 200);
  assert.match(path(), /^\/children\/[0-9a-f-]{36}$/);
  assert.equal(await heading(), 'Maria Branwell');
  assert.match(await textOf(page.locator('.govuk-notification-banner--success')), /The child has been added/);
  // Born 1 September 2020: still 4 on 31 August 2025, so the oldest in Reception in 2025/26.
  assert.match(await textOf(page.locator('main')), /National Curriculum year\s*Reception/);
  assert.match(await textOf(page.locator('main')), /Primary need\s*Speech, language and communication needs/);
  await checkA11y(page);
});

test("changing a child's details from the record, by keyboard", async () => {
  await page.goto(`/children/${zoe}`);
  await waitForFrontend(page);
  await tabTo(page, page.getByRole('link', { name: 'Change home postcode' }));
  await pressAndLoad(page);
  assert.equal(path(), `/children/${zoe}/edit`);
  assert.equal(await heading(), "Change Zoë Brontë's details");
  await checkA11y(page);
  await tabTo(page, page.getByLabel('Home postcode'), 60);
  await page.keyboard.type('nr2 1aa');
  await tabTo(page, page.getByRole('button', { name: 'Save changes' }), 20);
  await pressAndLoad(page);
  assert.equal(path(), `/children/${zoe}`);
  assert.match(await textOf(page.locator('.govuk-notification-banner--success')), /details have been saved/);
  assert.match(await textOf(page.locator('main')), /Home postcode\s*NR2 1AA/);
  await checkA11y(page);
});

test('an edit made while someone else changed the record is refused, saying what they changed', async () => {
  await page.goto(`/children/${zoe}/edit`);
  await waitForFrontend(page);
  const version = await page.locator('input[name="version"]').inputValue();

  const token = await tokenFor(e.t, e.t.la.code, e.t.la.users.coordinator.id);
  const other = await fetch(`${e.baseUrl}/api/v1/children/${zoe}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ version: Number(version), surname: 'Brontë-Nicholls' }),
  });
  assert.equal(other.status, 200);

  await tabTo(page, page.getByLabel('First name'), 40);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Zoe');
  await tabTo(page, page.getByRole('button', { name: 'Save changes' }), 30);
  const refused = await pressAndLoad(page);
  assert.equal(refused.status(), 409);
  await assertFocused(page.locator('.govuk-error-summary'), 'the error summary');
  assert.deepEqual(await summaryLinks(), [
    'Someone else changed the last name after you opened this record, so your changes have not been saved. Check the record as it is now and make your changes again',
  ]);
  assert.equal(await page.getByLabel('Last name').inputValue(), 'Brontë-Nicholls');
  assert.equal(await page.getByLabel('First name').inputValue(), 'Zoe');
  await checkA11y(page);

  await tabTo(page, page.getByRole('button', { name: 'Save changes' }), 40);
  await pressAndLoad(page);
  assert.equal(await heading(), 'Zoe Brontë-Nicholls');
});

test('adding and changing a parent or carer, by keyboard', async () => {
  await page.goto(`/children/${zoe}`);
  await waitForFrontend(page);
  await tabTo(page, page.getByRole('button', { name: 'Add a parent or carer' }), 60);
  await pressAndLoad(page);
  assert.equal(path(), `/children/${zoe}/parents/new`);
  await checkA11y(page);
  await tabTo(page, page.getByRole('button', { name: 'Add parent or carer' }), 60);
  assert.equal((await pressAndLoad(page)).status(), 400);
  await assertFocused(page.locator('.govuk-error-summary'), 'the error summary');
  await checkA11y(page);

  await tabTo(page, page.getByLabel('First name'), 40);
  await page.keyboard.type('Maria');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Branwell');
  // Tab enters each group of radios at its first option; Space chooses it, an arrow key the next.
  for (const [id, what] of [
    ['relationship', 'Mother'],
    ['parentalResponsibility', 'Yes'],
    ['livesWith', 'Yes'],
    ['mainContact', 'Yes'],
  ]) {
    await page.keyboard.press('Tab');
    await assertFocused(page.locator(`#${id}`), `${id}: ${what}`);
    await page.keyboard.press('Space');
  }
  await page.keyboard.press('ArrowRight');
  assert.ok(await page.locator('#mainContact-2').isChecked(), 'not the main contact');
  await page.keyboard.press('Tab');
  await page.keyboard.type('maria@example.org');
  await tabTo(page, page.getByRole('radio', { name: 'Email' }), 10);
  await page.keyboard.press('Space');
  await tabTo(page, page.locator('#needsInterpreter'), 4);
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await tabTo(page, page.getByRole('button', { name: 'Add parent or carer' }), 10);
  assert.equal((await pressAndLoad(page)).status(), 200);
  assert.match(
    await textOf(page.locator('.govuk-notification-banner--success')),
    /parent or carer has been added/,
  );
  assert.match(await textOf(page.locator('main')), /Maria Branwell/);
  await checkA11y(page);

  await tabTo(page, page.getByRole('link', { name: "Change Maria Branwell's details" }), 80);
  await pressAndLoad(page);
  assert.equal(await heading(), 'Change a parent or carer');
  await checkA11y(page);
  await tabTo(page, page.getByLabel('Preferred language'), 60);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Welsh');
  await tabTo(page, page.getByRole('button', { name: 'Save changes' }), 10);
  await pressAndLoad(page);
  assert.match(await textOf(page.locator('main')), /Preferred language\s*Welsh/);
});

test('a parent sees their own child only, without change links', async () => {
  const child = await addChild(e.t, e.t.la.code, { forename: 'Tabby', surname: 'Aykroyd' });
  await addParentCarer(e.t, e.t.la.code, child, { forename: 'Petra', userId: e.t.la.users.parent.id });
  const parent = await e.newPage();
  await signIn(parent, e.t.la.users.parent.email);
  await parent.goto('/children');
  await waitForFrontend(parent);
  const table = await textOf(parent.getByRole('table'));
  assert.match(table, /Tabby Aykroyd/);
  assert.doesNotMatch(table, /Brontë|Bell/);
  await checkA11y(parent);
  await tabTo(parent, parent.getByRole('link', { name: 'Tabby Aykroyd' }));
  await pressAndLoad(parent);
  assert.equal(await parent.getByRole('link', { name: /^Change/ }).count(), 0);
  await checkA11y(parent);
});
