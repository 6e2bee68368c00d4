import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createApiToken } from '../../src/platform/auth/service.ts';
import {
  assertFocused,
  checkA11y,
  type E2e,
  password,
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

async function summaryMessages(page: Page) {
  return page.locator('.govuk-error-summary__list a').allTextContents();
}

/** Asks the API who a token acts for, as a program would. */
async function me(token: string) {
  return fetch(`${e.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
}

test('the change password page, and its errors after an empty submit', async () => {
  await page.goto('/account/password');
  await waitForFrontend(page);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Change your password');
  // The account's own links sit apart from the main menu, marking the page open now as it does.
  const account = page.getByRole('navigation', { name: 'Account' });
  assert.equal(
    await account.getByRole('link', { name: 'Your account' }).getAttribute('aria-current'),
    'page',
  );
  assert.equal(await account.getByRole('link', { name: 'API tokens' }).getAttribute('aria-current'), null);
  await checkA11y(page);

  await tabTo(page, page.getByRole('button', { name: 'Change password' }));
  const response = await pressAndLoad(page);
  assert.equal(response.status(), 400);
  assert.match(await page.title(), /^Error: Change your password – OpenSEND/);
  await assertFocused(page.locator('.govuk-error-summary'), 'the error summary');
  const messages = await summaryMessages(page);
  assert.ok(messages.includes('Enter your current password'), messages.join(', '));
  await checkA11y(page);

  await tabTo(page, page.getByRole('link', { name: 'Enter your current password' }), 3);
  await page.keyboard.press('Enter');
  await assertFocused(page.getByLabel('Current password'), 'the current password field');
});

/** The administrator's password once the test below has changed it. */
const changedPassword = 'a different and longer passphrase';

test('changing the password by keyboard shows a confirmation', async () => {
  const newPassword = changedPassword;
  await page.goto('/account/password');
  await waitForFrontend(page);
  await tabTo(page, page.getByLabel('Current password'));
  await page.keyboard.type(password);
  // Each password field is followed by its Show button.
  await tabTo(page, page.getByLabel('New password', { exact: true }), 2);
  await page.keyboard.type(newPassword);
  await tabTo(page, page.getByLabel('Confirm new password'), 2);
  await page.keyboard.type(newPassword);
  await pressAndLoad(page);
  assert.equal(new URL(page.url()).search, '?changed=1');
  const banner = page.locator('.govuk-notification-banner--success');
  assert.match(await textOf(banner), /Your password has been changed/);
  // GOV.UK Frontend moves focus to a success banner so screen readers announce it.
  await assertFocused(banner, 'the success banner');
  await checkA11y(page);
});

test('an API token is created, shown once, used and revoked, all by keyboard', async () => {
  await page.goto('/account/tokens');
  await waitForFrontend(page);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'API tokens');
  assert.match(await textOf(page.locator('main')), /You have no API tokens/);
  await checkA11y(page);

  // Without a name the form explains what is missing.
  await tabTo(page, page.getByRole('button', { name: 'Create token' }));
  assert.equal((await pressAndLoad(page)).url(), `${e.baseUrl}/account/tokens`);
  await assertFocused(page.locator('.govuk-error-summary'), 'the error summary');
  assert.deepEqual(await summaryMessages(page), ['Enter a name for the token']);
  assert.match(await page.title(), /^Error: API tokens/);
  await checkA11y(page);

  await tabTo(page, page.getByRole('link', { name: 'Enter a name for the token' }), 3);
  await page.keyboard.press('Enter');
  await assertFocused(page.getByLabel('Name'), 'the name field');
  await page.keyboard.type('Nightly export');
  await page.keyboard.press('Tab');
  await assertFocused(page.getByLabel('Days until it expires'), 'the days field');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('30');
  const created = await pressAndLoad(page);
  assert.equal(created.status(), 200);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Your new API token');
  assert.match(await page.title(), /^Your new API token – OpenSEND/);
  const token = await page.getByLabel('Token').inputValue();
  assert.match(token, /^osk_/);
  await checkA11y(page);
  assert.equal((await me(token)).status, 200);

  await tabTo(page, page.getByRole('link', { name: 'Back to your API tokens' }));
  assert.equal((await pressAndLoad(page)).url(), `${e.baseUrl}/account/tokens`);
  const row = page
    .getByRole('table', { name: 'Your tokens' })
    .getByRole('row')
    .filter({ hasText: 'Nightly export' });
  assert.match(await textOf(row), /Active/);
  await checkA11y(page);

  const revoke = page.getByRole('button', { name: 'Revoke Nightly export' });
  await tabTo(page, revoke);
  await pressAndLoad(page);
  assert.equal(new URL(page.url()).search, '?revoked=1');
  assert.match(
    await textOf(page.locator('.govuk-notification-banner--success')),
    /The token has been revoked/,
  );
  assert.match(await textOf(row), /Revoked/);
  assert.equal(await revoke.count(), 0);
  await checkA11y(page);
  assert.equal((await me(token)).status, 401);
});

test('changing the password revokes the API tokens, and the confirmation says so', async () => {
  const created = await createApiToken(
    e.t.database,
    { userId: e.t.la.users.admin.id, laCode: e.t.la.code },
    { name: 'Weekly returns', days: 30 },
    { ip: null, requestId: 'test', now: e.t.clock() },
  );
  assert.equal((await me(created.token)).status, 200);

  await page.goto('/account/password');
  await waitForFrontend(page);
  assert.match(await textOf(page.locator('main')), /revokes any API tokens you have/);
  await tabTo(page, page.getByLabel('Current password'));
  await page.keyboard.type(changedPassword);
  await tabTo(page, page.getByLabel('New password', { exact: true }), 2);
  await page.keyboard.type('three quiet harbours at noon');
  await tabTo(page, page.getByLabel('Confirm new password'), 2);
  await page.keyboard.type('three quiet harbours at noon');
  await pressAndLoad(page);
  assert.equal(new URL(page.url()).search, '?changed=1&tokensRevoked=1');
  const banner = page.locator('.govuk-notification-banner--success');
  assert.match(
    await textOf(banner),
    /Your password has been changed and you have been signed out everywhere else\. Your API token has been revoked: create a new one for any program that used it\./,
  );
  await assertFocused(banner, 'the success banner');
  await checkA11y(page);
  assert.equal((await me(created.token)).status, 401);

  await page.goto('/account/tokens');
  const row = page
    .getByRole('table', { name: 'Your tokens' })
    .getByRole('row')
    .filter({ hasText: 'Weekly returns' });
  assert.match(await textOf(row), /Revoked/);
});

test('on a narrow screen the menu opens and is usable by keyboard', async () => {
  // 320 CSS pixels is what WCAG reflow asks for: 1280 pixels wide zoomed to 400%.
  await page.setViewportSize({ width: 320, height: 640 });
  try {
    await page.goto('/');
    await waitForFrontend(page);
    await checkA11y(page);
    const menu = page.getByRole('button', { name: 'Menu' });
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    await tabTo(page, menu);
    await page.keyboard.press('Enter');
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Tab');
    await assertFocused(
      page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Home' }),
      'the first menu item',
    );
    await checkA11y(page);
  } finally {
    await page.setViewportSize({ width: 1280, height: 720 });
  }
});
