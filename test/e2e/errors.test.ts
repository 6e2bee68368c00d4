import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  assertFocused,
  checkA11y,
  type E2e,
  fillSignIn,
  password,
  pressAndLoad,
  signIn,
  startE2e,
  tabTo,
  textOf,
  waitForFrontend,
} from './support.ts';

let e: E2e;

before(async () => {
  e = await startE2e();
});
after(() => e?.close());

async function errorSummaryLinks(page: Page) {
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  return summary
    .getByRole('link')
    .evaluateAll((links) =>
      links.map((a) => ({ text: a.textContent?.trim(), href: a.getAttribute('href') })),
    );
}

test('a wrong password shows the error summary, focused, linking to the field', async () => {
  const page = await e.newPage();
  await page.goto('/sign-in');
  await waitForFrontend(page);
  await fillSignIn(page, e.t.la.users.coordinator.email, 'not the password at all');
  const response = await pressAndLoad(page);
  assert.equal(response.status(), 401);

  assert.match(await page.title(), /^Error: Sign in – OpenSEND/);
  const summary = page.locator('.govuk-error-summary');
  await assertFocused(summary, 'the error summary');
  assert.match(await textOf(summary), /There is a problem/);
  assert.deepEqual(await errorSummaryLinks(page), [
    { text: 'Enter a correct email address and password', href: '#email' },
  ]);
  // The message also sits by the field, and the email typed is kept so it need not be typed again.
  assert.match(await textOf(page.locator('#email-error')), /Enter a correct email address and password/);
  assert.equal(await page.getByLabel('Email address').inputValue(), e.t.la.users.coordinator.email);
  await checkA11y(page);

  await page.keyboard.press('Tab');
  await assertFocused(
    page.getByRole('link', { name: 'Enter a correct email address and password' }),
    'the error link',
  );
  await page.keyboard.press('Enter');
  await assertFocused(page.getByLabel('Email address'), 'the email field');
});

test('an empty form names each missing field', async () => {
  const page = await e.newPage();
  await page.goto('/sign-in');
  await waitForFrontend(page);
  await tabTo(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  const response = await pressAndLoad(page);
  assert.equal(response.status(), 400);

  assert.match(await page.title(), /^Error: /);
  await assertFocused(page.locator('.govuk-error-summary'), 'the error summary');
  assert.deepEqual(await errorSummaryLinks(page), [
    { text: 'Enter an email address', href: '#email' },
    { text: 'Enter your password', href: '#password' },
  ]);
  await checkA11y(page);

  await tabTo(page, page.getByRole('link', { name: 'Enter your password' }), 3);
  await page.keyboard.press('Enter');
  await assertFocused(page.getByLabel('Password', { exact: true }), 'the password field');
});

test('a form whose CSRF token was tampered with is refused, even with the right password', async () => {
  const page = await e.newPage();
  await page.goto('/sign-in');
  await waitForFrontend(page);
  await page.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('form[action="/sign-in"] input[name="_csrf"]');
    if (!input) throw new Error('the sign-in form has no CSRF field');
    input.value = 'forged-by-another-site';
  });
  await fillSignIn(page, e.t.la.users.admin.email, password);
  const response = await pressAndLoad(page);
  assert.equal(response.status(), 403);
  assert.match(await page.title(), /^This form has expired – OpenSEND/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'This form has expired');
  await checkA11y(page);
  // The right password did not open a session behind the refusal.
  await page.goto('/admin/audit');
  assert.equal(new URL(page.url()).pathname, '/sign-in');
});

test('a parent is refused the audit log', async () => {
  const page = await e.newPage();
  await signIn(page, e.t.la.users.parent.email);
  assert.equal(await page.getByRole('navigation', { name: 'Main menu' }).getByText('Audit log').count(), 0);
  const response = await page.goto('/admin/audit');
  assert.equal(response?.status(), 403);
  assert.equal(
    await page.getByRole('heading', { level: 1 }).textContent(),
    'You do not have permission to view this page',
  );
  assert.match(await page.title(), /^You do not have permission to view this page – OpenSEND/);
  await checkA11y(page);
});

test('an unknown address shows Page not found', async () => {
  const page = await e.newPage();
  const response = await page.goto('/no-such-page');
  assert.equal(response?.status(), 404);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Page not found');
  assert.match(await page.title(), /^Page not found – OpenSEND/);
  await checkA11y(page);
});
