import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { addUser } from '../support/children.ts';
import { addCentroid, addOrganization, editorOf, publishedService } from '../support/local-offer.ts';
import {
  checkA11y,
  type E2e,
  pressAndLoad,
  signIn,
  startE2e,
  tabTo,
  textOf,
  waitForFrontend,
} from './support.ts';

/**
 * A parent searches the public Local Offer by keyboard, with no sign-in: the start page, a search
 * near their postcode, a wrong postcode, and a service's page, each checked with axe and at 320
 * pixels. The clock stands at Monday 2 March 2026.
 */

let e: E2e;
let page: Page;

before(async () => {
  e = await startE2e({ env: { PUBLIC_LA: '926' } });
  const { t } = e;
  const editor = await editorOf(t);
  const org = await addOrganization(t, t.la.code, 'Active Norfolk');
  await addCentroid(t, t.la.code, 'NR1 2DH', 52.6262, 1.2999);
  await addCentroid(t, t.la.code, 'NR2 4SQ', 52.632, 1.28);
  await publishedService(editor, {
    organizationId: org,
    name: 'Inclusive swimming sessions',
    description: 'Quiet swimming sessions with trained staff in the water.',
    status: 'active',
    free: false,
    fees: '£3.50 a session',
    minimumAge: 4,
    maximumAge: 25,
    headings: ['childcare-leisure'],
    categories: ['leisure'],
    needs: ['ASD'],
    locations: [{ name: 'Norwich pool', address1: 'Riverside', city: 'Norwich', postcode: 'NR1 2DH' }],
    schedules: [{ days: ['SA'], opensAt: '08:00', closesAt: '09:30' }],
  });
  page = await e.newPage();
});
after(() => e?.close());

const heading = (p: Page) => textOf(p.getByRole('heading', { level: 1 }));

test('a parent finds a service near them by keyboard, on pages that pass axe at every width', async () => {
  await page.goto('/local-offer');
  await waitForFrontend(page);
  assert.equal(await heading(page), 'Local Offer');
  await checkA11y(page);

  await tabTo(page, page.getByLabel('What are you looking for?'), 40);
  await page.keyboard.type('swimming');
  await tabTo(page, page.getByLabel('Near a postcode'), 40);
  await page.keyboard.type('NR1 1CA');
  await tabTo(page, page.getByRole('button', { name: 'Search' }), 40);
  await pressAndLoad(page);
  assert.match(await textOf(page.locator('.govuk-error-summary')), /Enter a real postcode, like NR1 2DH/);
  await checkA11y(page);

  await page.getByLabel('Near a postcode').fill('');
  await tabTo(page, page.getByLabel('Near a postcode'), 40);
  await page.keyboard.type('NR2 4SQ');
  await tabTo(page, page.getByRole('button', { name: 'Search' }), 40);
  await pressAndLoad(page);
  assert.match(await textOf(page.locator('main')), /1 service found/);
  await checkA11y(page);

  await tabTo(page, page.getByRole('link', { name: 'Inclusive swimming sessions' }), 60);
  await pressAndLoad(page);
  assert.equal(await heading(page), 'Inclusive swimming sessions');
  assert.match(await textOf(page.locator('main')), /£3\.50 a session/);
  await checkA11y(page);

  // "Was this page helpful?", answered by keyboard, then the year's report.
  await tabTo(page, page.getByRole('radio', { name: 'Yes' }), 80);
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Send feedback' }), 20);
  await pressAndLoad(page);
  assert.equal(await heading(page), 'Thank you for your feedback');
  await checkA11y(page);
  await page.goto('/local-offer/annual-report');
  await waitForFrontend(page);
  await checkA11y(page);
  // Schools and their SEN information reports.
  await page.goto('/local-offer');
  await tabTo(
    page,
    page.getByRole('link', { name: 'schools and settings, with their SEN information reports' }),
    80,
  );
  await pressAndLoad(page);
  assert.equal(await heading(page), 'Schools and settings');
  await checkA11y(page);
});

test('an editor’s list of services and the service form pass axe, and the form names its problems', async () => {
  const { t } = e;
  const editor = await addUser(t, t.la.code, 'eden', ['local_offer_editor']);
  const p = await e.newPage();
  await signIn(p, editor.email);
  await p.goto('/local-offer/manage');
  await waitForFrontend(p);
  assert.match(await textOf(p.locator('main')), /Inclusive swimming sessions/);
  await checkA11y(p);
  await tabTo(p, p.getByRole('link', { name: 'Inclusive swimming sessions' }), 80);
  await pressAndLoad(p);
  await checkA11y(p);
  await p.goto('/local-offer/manage/services/new');
  await waitForFrontend(p);
  await checkA11y(p);
  await tabTo(p, p.getByRole('button', { name: 'Save draft' }), 200);
  await pressAndLoad(p);
  assert.match(await textOf(p.locator('.govuk-error-summary')), /Enter the name of the service/);
  await checkA11y(p);
  await p.goto('/local-offer/manage/schools');
  await waitForFrontend(p);
  await checkA11y(p);
  await p.goto('/local-offer/manage/import');
  await waitForFrontend(p);
  await checkA11y(p);
  await tabTo(p, p.getByRole('button', { name: 'Check and import' }), 40);
  await pressAndLoad(p);
  assert.match(await textOf(p.locator('.govuk-error-summary')), /Choose a file of the feed’s services/);
  await checkA11y(p);
  await p.goto('/local-offer/manage/feedback');
  await waitForFrontend(p);
  await checkA11y(p);
  await p.goto('/local-offer/manage/pages/new');
  await waitForFrontend(p);
  await checkA11y(p);
  await p.getByLabel('Title').fill('Short breaks');
  await p.getByLabel('Summary').fill('Breaks for families.');
  await p.getByLabel('The page').fill('# Who can have them\n\n- Children with a disability');
  await p.getByLabel('Local Offer heading').selectOption('social-care');
  await p.getByLabel('Yes, show it now').check();
  await tabTo(p, p.getByRole('button', { name: 'Save the page' }), 40);
  await pressAndLoad(p);
  assert.match(await textOf(p.locator('main')), /How it reads/);
  await checkA11y(p);
  await p.goto('/local-offer/manage/pages');
  await waitForFrontend(p);
  await checkA11y(p);
  await p.goto('/local-offer/pages/short-breaks');
  await waitForFrontend(p);
  assert.equal(await heading(p), 'Short breaks');
  await checkA11y(p);
});
