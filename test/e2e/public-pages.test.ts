import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  assertFocused,
  checkA11y,
  type E2e,
  pressAndLoad,
  startE2e,
  tabTo,
  waitForFrontend,
} from './support.ts';

let e: E2e;
let page: Page;

before(async () => {
  e = await startE2e();
  page = await e.newPage();
});
after(() => e?.close());

const pages = [
  { path: '/', title: 'OpenSEND', heading: 'OpenSEND' },
  { path: '/sign-in', title: 'Sign in', heading: 'Sign in to OpenSEND' },
  {
    path: '/accessibility',
    title: 'Accessibility statement',
    heading: 'Accessibility statement for OpenSEND',
  },
  { path: '/cookies', title: 'Cookies', heading: 'Cookies' },
  { path: '/api/docs', title: 'API documentation', heading: 'OpenSEND API' },
  { path: '/signed-out', title: 'You have signed out', heading: 'You have signed out' },
];

for (const p of pages) {
  test(`${p.path} is accessible to someone not signed in`, async () => {
    const response = await page.goto(p.path);
    assert.equal(response?.status(), 200);
    await waitForFrontend(page);
    assert.equal(await page.title(), `${p.title} – OpenSEND`);
    const headings = page.getByRole('heading', { level: 1 });
    assert.equal(await headings.count(), 1, 'one main heading per page');
    assert.equal(await headings.textContent(), p.heading);
    // Signed out, nobody is offered pages they cannot open.
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0);
    await checkA11y(page);
  });
}

test('the footer links are reachable with the keyboard', async () => {
  await page.goto('/');
  await waitForFrontend(page);
  for (const [name, path] of [
    ['Accessibility statement', '/accessibility'],
    ['Cookies', '/cookies'],
    ['API documentation', '/api/docs'],
  ] as const) {
    await tabTo(page, page.getByRole('contentinfo').getByRole('link', { name }));
    await pressAndLoad(page);
    assert.equal(new URL(page.url()).pathname, path);
  }
  assert.equal(await page.getByRole('table', { name: 'Endpoints' }).count(), 1);
});

test('the skip link works on every public page', async () => {
  for (const p of pages) {
    await page.goto(p.path);
    await waitForFrontend(page);
    await page.keyboard.press('Tab');
    await assertFocused(
      page.getByRole('link', { name: 'Skip to main content' }),
      `the skip link on ${p.path}`,
    );
    await page.keyboard.press('Enter');
    await assertFocused(page.locator('main#main-content'), `the main content of ${p.path}`);
  }
});
