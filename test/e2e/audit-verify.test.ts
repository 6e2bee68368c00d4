import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createAuditSealer } from '../../src/platform/audit/index.ts';
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
});
after(() => e?.close());

test('an administrator checks the audit chain by keyboard, from the audit log to the verdict', async () => {
  const page = await e.newPage();
  await signIn(page, e.t.la.users.admin.email);
  await createAuditSealer(e.t.database).sealNow();
  await page.goto('/admin/audit');
  await waitForFrontend(page);
  await tabTo(page, page.getByRole('link', { name: 'check the audit log' }));
  await pressAndLoad(page);
  assert.equal(new URL(page.url()).pathname, '/admin/audit/verify');
  assert.match(await textOf(page.locator('main')), /Chain head Seal number \d+ Hash [0-9a-f]{64}/);
  await checkA11y(page);

  // A head given by halves is refused, the summary taking focus and linking to the box to fill in.
  await tabTo(page, page.getByLabel('Seal number you recorded (optional)'));
  await page.keyboard.type('1');
  await tabTo(page, page.getByRole('button', { name: 'Check the chain' }));
  const refused = await pressAndLoad(page);
  assert.equal(refused.status(), 400);
  await assertFocused(page.locator('.govuk-error-summary'), 'the error summary');
  await tabTo(page, page.getByRole('link', { name: 'Enter the hash recorded with seal 1' }));
  await page.keyboard.press('Enter');
  await assertFocused(page.getByLabel('Hash you recorded with it (optional)'), 'the hash box');
  await checkA11y(page);

  await page.getByLabel('Seal number you recorded (optional)').fill('');
  await tabTo(page, page.getByRole('button', { name: 'Check the chain' }));
  await pressAndLoad(page);
  // The page refreshes itself while the check runs; the verdict follows within seconds.
  await page.getByText('What to do next').waitFor({ timeout: 20_000 });
  assert.match(
    await textOf(page.locator('main')),
    /Intact Checked .* The chain is intact: \d+ events?, up to seal \d+\./,
  );
  await checkA11y(page);
});
