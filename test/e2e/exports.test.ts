import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { addChild, apiAs, tokenFor } from '../support/children.ts';
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

before(async () => {
  e = await startE2e();
  for (const forename of ['Anne', 'Emily', 'Charlotte'])
    await addChild(e.t, e.t.la.code, { forename, surname: 'Brontë-Nicholls-Heger-Robinson' });
  // A listing for the audit log to show: one search, three children.
  await apiAs(e.t, await tokenFor(e.t, e.t.la.code, e.t.la.users.coordinator.id)).get(
    '/api/v1/children?q=bronte',
  );
});
after(() => e?.close());

/** At the narrowest width WCAG 1.4.10 asks for, the page itself must not scroll sideways. */
async function atPhoneWidth(page: Page) {
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 320px`);
}

test('the children list downloads by keyboard, and its table scrolls in its own region at 320px', async () => {
  const page = await e.newPage();
  await signIn(page, e.t.la.users.coordinator.email);
  await page.goto('/children?q=bronte');
  await waitForFrontend(page);
  await atPhoneWidth(page);
  const region = page.getByRole('region', { name: 'Table of children matching “bronte”' });
  await tabTo(page, region);
  await assertFocused(region, 'the table region');
  const csv = page.getByRole('link', { name: 'Download children matching “bronte” as CSV' });
  await tabTo(page, csv);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.match(download.suggestedFilename(), /^children-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await (await download.createReadStream()).toArray();
  assert.equal(
    Buffer.concat(text).toString('utf8').split('\r\n').length,
    5,
    'headings, 3 children, final line end',
  );
  await checkA11y(page);
});

test('the audit log names the children a listing showed, behind a details element, by keyboard', async () => {
  const page = await e.newPage();
  await signIn(page, e.t.la.users.admin.email);
  await page.goto('/admin/audit');
  await waitForFrontend(page);
  await atPhoneWidth(page);
  await tabTo(page, page.getByLabel("Child's name"));
  await page.keyboard.type('emily bronte');
  await pressAndLoad(page);
  assert.match(await textOf(page.locator('main')), /Events about Emily Brontë-Nicholls-Heger-Robinson\./);
  const listing = page.locator('details', { hasText: '3 children' }).first();
  const name = listing.getByText('Charlotte Brontë-Nicholls-Heger-Robinson', { exact: true });
  assert.equal(await name.isVisible(), false, 'the names wait behind the count');
  await tabTo(page, listing.locator('summary'));
  await page.keyboard.press('Enter');
  await assert.doesNotReject(name.waitFor({ state: 'visible' }));
  const xlsx = page.getByRole('link', { name: 'Download the audit log events matching this search as XLSX' });
  await tabTo(page, xlsx);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.match(download.suggestedFilename(), /^audit-log-\d{4}-\d{2}-\d{2}\.xlsx$/);
  await atPhoneWidth(page);
  await checkA11y(page);
});
