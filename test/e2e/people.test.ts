import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
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
  waitForFrontend,
} from './support.ts';

let e: E2e;
let page: Page;

before(async () => {
  e = await startE2e();
  page = await e.newPage();
  await signIn(page, e.t.la.users.admin.email);
});
after(() => e?.close());

test('an administrator invites someone by keyboard, and the invited person chooses a password', async () => {
  await page.goto('/admin/users');
  await waitForFrontend(page);
  assert.equal(await textOf(page.getByRole('heading', { level: 1 })), 'Users');
  await checkA11y(page);

  await tabTo(page, page.getByRole('button', { name: 'Invite a user' }));
  await pressAndLoad(page);
  assert.equal(await textOf(page.getByRole('heading', { level: 1 })), 'Invite a user');
  await checkA11y(page);
  // Sent empty, every field is named in the error summary, which takes focus.
  await tabTo(page, page.getByRole('button', { name: 'Send invitation' }), 60);
  const refused = await pressAndLoad(page);
  assert.equal(refused.status(), 400);
  await assertFocused(page.locator('.govuk-error-summary'), 'the error summary');
  const messages = await page.locator('.govuk-error-summary__list a').allTextContents();
  assert.deepEqual(messages, [
    'Enter their full name',
    'Enter their email address',
    'Choose at least one role',
  ]);
  await checkA11y(page);

  await tabTo(page, page.getByLabel('Full name'));
  await page.keyboard.type('Robin Reader');
  await page.keyboard.press('Tab');
  await page.keyboard.type('robin.reader@example.org');
  await choose(page, 'Roles', 'Educational psychologist or adviser');
  await tabTo(page, page.getByRole('button', { name: 'Send invitation' }), 60);
  const sent = await pressAndLoad(page);
  assert.equal(sent.status(), 200);
  await checkA11y(page);
  const link = await textOf(page.locator('#invitation-link'));
  assert.match(link, /\/invitation\/[A-Za-z0-9_-]{43}$/);

  await tabTo(page, page.getByRole('link', { name: 'Link them to their school or child' }));
  await pressAndLoad(page);
  assert.equal(await textOf(page.getByRole('heading', { level: 1 })), 'Robin Reader');
  await checkA11y(page);

  for (const [role, name, heading] of [
    ['link', 'Change roles', "Change Robin Reader's roles"],
    ['link', 'Link to a school as SENCo or head teacher', 'Link Robin Reader to a school'],
    ['link', 'Link to a child as parent, carer or young person', 'Link Robin Reader to a child'],
    ['button', 'Deactivate Robin Reader', 'Deactivate Robin Reader'],
  ] as const) {
    const userPage = page.url();
    await tabTo(page, page.getByRole(role, { name }), 80);
    await pressAndLoad(page);
    assert.equal(await textOf(page.getByRole('heading', { level: 1 })), heading);
    await checkA11y(page);
    await page.goto(userPage);
    await waitForFrontend(page);
  }

  await page.goto('/admin/notifications');
  await waitForFrontend(page);
  assert.match(await textOf(page.locator('main')), /Email is not set up/);
  await checkA11y(page);

  const invited = await e.newPage();
  await invited.goto(new URL(link).pathname);
  await waitForFrontend(invited);
  assert.equal(await textOf(invited.getByRole('heading', { level: 1 })), 'Choose your password');
  await checkA11y(invited);
  await tabTo(invited, invited.getByLabel('Password', { exact: true }));
  await invited.keyboard.type('long walks by the river');
  await tabTo(invited, invited.getByLabel('Password again'), 3);
  await invited.keyboard.type('long walks by the river');
  await tabTo(invited, invited.getByRole('button', { name: 'Save password and sign in' }), 5);
  await pressAndLoad(invited);
  assert.equal(new URL(invited.url()).pathname, '/');
  assert.match(await textOf(invited.locator('header')), /Robin Reader/);

  await invited.goto(new URL(link).pathname);
  await waitForFrontend(invited);
  assert.equal(
    await textOf(invited.getByRole('heading', { level: 1 })),
    'This invitation link has already been used',
  );
  await checkA11y(invited);
});
