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
let page: Page;

before(async () => {
  e = await startE2e();
  page = await e.newPage();
});
after(() => e?.close());

const path = () => new URL(page.url()).pathname;
const heading = () => page.getByRole('heading', { level: 1 }).textContent();

test('the skip link is the first Tab stop and moves focus to the main content', async () => {
  await page.goto('/');
  await waitForFrontend(page);
  await checkA11y(page);
  await page.keyboard.press('Tab');
  await assertFocused(page.getByRole('link', { name: 'Skip to main content' }), 'the skip link');
  await page.keyboard.press('Enter');
  await assertFocused(page.locator('main#main-content'), 'the main content');
});

test('the start page leads to the sign-in form by keyboard', async () => {
  await page.goto('/');
  await waitForFrontend(page);
  await tabTo(page, page.getByRole('button', { name: 'Sign in' }));
  await pressAndLoad(page);
  assert.equal(path(), '/sign-in');
  assert.equal(await heading(), 'Sign in to OpenSEND');
  await checkA11y(page);
});

test('an administrator signs in and sees their LA, their name and the audit log', async () => {
  await signIn(page, e.t.la.users.admin.email);
  assert.equal(path(), '/');
  await checkA11y(page);

  assert.equal(await heading(), 'Norfolk (test)');
  assert.match(await textOf(page.locator('main')), /Signed in as admin of Norfolk \(test\)\./);
  assert.equal(await page.title(), 'Home – OpenSEND – Norfolk (test)');
  // The header says who is signed in, where, on every page.
  assert.match(await textOf(page.locator('header')), /Norfolk \(test\)[\s\S]*admin of Norfolk \(test\)/);

  const nav = page.getByRole('navigation', { name: 'Main menu' });
  const auditLink = nav.getByRole('link', { name: 'Audit log' });
  assert.equal(await auditLink.count(), 1);

  await tabTo(page, auditLink);
  const response = await pressAndLoad(page);
  assert.equal(response.status(), 200);
  assert.equal(path(), '/admin/audit');
  await checkA11y(page);
  assert.equal(await heading(), 'Audit log');
  const row = page.getByRole('table', { name: 'Events' }).getByRole('row').filter({ hasText: 'Signed in' });
  assert.equal(await row.count(), 1);
  assert.match(
    await textOf(row),
    /admin of Norfolk \(test\) admin\.926@example\.org Signed in Account of admin of Norfolk \(test\)/,
  );
  // The navigation tells assistive technology which section is open.
  assert.ok(await auditLink.getAttribute('aria-current'));
  assert.equal(await nav.getByRole('link', { name: 'Home' }).getAttribute('aria-current'), null);
});

test('a mistake in the audit log search is explained and focused', async () => {
  await page.goto('/admin/audit');
  await waitForFrontend(page);
  await tabTo(page, page.getByLabel('From (date)'));
  await page.keyboard.type('not a date');
  const response = await pressAndLoad(page);
  assert.equal(response.status(), 400);
  assert.match(await page.title(), /^Error: Audit log – OpenSEND/);
  await assertFocused(page.locator('.govuk-error-summary'), 'the error summary');
  assert.equal(await page.locator('.govuk-error-summary__list a').getAttribute('href'), '#from');
  await checkA11y(page);
});

test('signing out with the header button ends the session', async () => {
  await page.goto('/');
  await waitForFrontend(page);
  await tabTo(page, page.getByRole('button', { name: 'Sign out' }));
  await pressAndLoad(page);
  assert.equal(path(), '/signed-out');
  assert.equal(await heading(), 'You have signed out');
  await checkA11y(page);
  assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0);
  assert.equal(await page.getByRole('navigation', { name: 'Main menu' }).count(), 0);

  await page.goto('/admin/audit');
  const url = new URL(page.url());
  assert.equal(url.pathname, '/sign-in');
  assert.equal(url.searchParams.get('next'), '/admin/audit');
  assert.equal(await heading(), 'Sign in to OpenSEND');
  await checkA11y(page);
});

test('signing in again returns to the page that asked for it', async () => {
  await page.goto('/admin/audit');
  await waitForFrontend(page);
  assert.equal(path(), '/sign-in');
  await fillSignIn(page, e.t.la.users.admin.email, password);
  await pressAndLoad(page);
  assert.equal(path(), '/admin/audit');
});

test('a link that smuggles another site into next still signs the browser in on this one', async () => {
  const context = await e.browser.newContext({ baseURL: e.baseUrl });
  try {
    const fresh = await context.newPage();
    // A tab in the path: browsers drop it, so /\t/evil.example would read as //evil.example.
    await fresh.goto('/sign-in?next=/%09/evil.example/x');
    await waitForFrontend(fresh);
    await fillSignIn(fresh, e.t.la.users.admin.email, password);
    await pressAndLoad(fresh);
    assert.equal(new URL(fresh.url()).origin, e.baseUrl);
    assert.equal(new URL(fresh.url()).pathname, '/');
    // Signed in already, the same link sends the browser home too.
    await fresh.goto('/sign-in?next=/%5C/evil.example');
    assert.equal(new URL(fresh.url()).origin, e.baseUrl);
    assert.equal(new URL(fresh.url()).pathname, '/');
  } finally {
    await context.close();
  }
});

// The checks every browser test leans on must fail when a page breaks the rules, or they prove
// nothing: each fault is put into the real sign-in page, which passes them as it is.
test('the accessibility checks fail on a page that breaks them, naming the rule or what sticks out', async () => {
  await page.goto('/sign-in');
  await waitForFrontend(page);
  await checkA11y(page);

  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = '/favicon.ico';
    document.querySelector('main')?.append(img);
  });
  await assert.rejects(checkA11y(page), /"id": "image-alt"/);

  await page.reload();
  await waitForFrontend(page);
  await page.evaluate(() => {
    const wide = document.createElement('p');
    wide.id = 'too-wide';
    wide.style.width = '600px';
    wide.textContent = 'A line set wider than a phone';
    document.querySelector('main')?.append(wide);
  });
  await assert.rejects(checkA11y(page), /scrolls sideways at 320px[\s\S]*p#too-wide/);

  await page.reload();
  await waitForFrontend(page);
  await page.evaluate(() => document.querySelector('main')?.append(document.createElement('iframe')));
  await assert.rejects(checkA11y(page), /has frames/);
});
