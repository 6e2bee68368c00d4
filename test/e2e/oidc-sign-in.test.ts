import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { freePort, startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.ts';
import { checkA11y, type E2e, pressAndLoad, startE2e, tabTo, textOf, waitForFrontend } from './support.ts';

let e: E2e;
let provider: TestOidcProvider;

before(async () => {
  // The provider sends the browser back to the app, so the app's address is fixed beforehand.
  const port = await freePort();
  provider = await startOidcProvider({ redirectUri: `http://127.0.0.1:${port}/sign-in/oidc/callback` });
  e = await startE2e({ env: provider.env(), port });
});
after(async () => {
  await e?.close();
  await provider?.stop();
});

const path = (page: Page) => new URL(page.url()).pathname;
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const providerButton = (page: Page) =>
  page.getByRole('button', { name: 'Sign in with Norfolk County Council account' });

test('an administrator signs in with their organisation’s account by keyboard and lands where they were going', async () => {
  const page = await e.newPage();
  provider.user = { sub: 'admin-1', email: e.t.la.users.admin.email, email_verified: true };
  await page.goto('/admin/audit');
  await waitForFrontend(page);
  assert.equal(path(page), '/sign-in');
  await checkA11y(page);
  // The password form is still there for those without an account at the provider.
  assert.equal(await page.getByLabel('Password', { exact: true }).count(), 1);

  await tabTo(page, providerButton(page));
  const response = await pressAndLoad(page);
  assert.equal(response.status(), 200);
  assert.equal(path(page), '/admin/audit');
  assert.equal(await heading(page), 'Audit log');
  await checkA11y(page);
  assert.match(await textOf(page.locator('header')), /admin of Norfolk \(test\)/);
  const row = page.getByRole('table', { name: 'Events' }).getByRole('row').filter({ hasText: 'Signed in' });
  assert.equal(await row.count(), 1);
});

test('someone the LA has not set up is told whom to ask, and finds the way back to sign in', async () => {
  const page = await e.newPage();
  provider.user = { sub: 'new-1', email: 'new.starter@norfolk.example', email_verified: true };
  await page.goto('/sign-in');
  await waitForFrontend(page);
  await tabTo(page, providerButton(page));
  const response = await pressAndLoad(page);
  assert.equal(response.status(), 403);
  assert.equal(await heading(page), 'Your account is not set up in OpenSEND');
  assert.match(
    await textOf(page.locator('main')),
    /Ask your SEND service administrator to add new\.starter@norfolk\.example\./,
  );
  await checkA11y(page);

  await tabTo(page, page.getByRole('link', { name: 'Go to the sign-in page' }));
  await pressAndLoad(page);
  assert.equal(path(page), '/sign-in');
  assert.equal(await heading(page), 'Sign in to OpenSEND');
});

test('cancelling at the provider explains what happened', async () => {
  const page = await e.newPage();
  provider.refuseWith = 'access_denied';
  try {
    await page.goto('/sign-in');
    await waitForFrontend(page);
    await tabTo(page, providerButton(page));
    const response = await pressAndLoad(page);
    assert.equal(response.status(), 403);
    assert.equal(await heading(page), 'You did not sign in');
    await checkA11y(page);
  } finally {
    provider.refuseWith = undefined;
  }
});
