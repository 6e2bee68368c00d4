import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
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

let e: E2e;
let dir: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opensend-e2e-backups-'));
  e = await startE2e({ env: { BACKUP_LA: '926', BACKUP_DIR: dir } });
});
after(async () => {
  await e?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('an administrator makes a backup by keyboard from the menu, sees it listed and downloads it', async () => {
  const page = await e.newPage();
  await signIn(page, e.t.la.users.admin.email);
  const menuItem = page.getByRole('link', { name: 'Backups', exact: true });
  await tabTo(page, menuItem);
  await pressAndLoad(page);
  assert.equal(new URL(page.url()).pathname, '/admin/backups');
  assert.match(await textOf(page.locator('main')), /No backup has been made yet\. Make one now/);
  await checkA11y(page);

  await tabTo(page, page.getByRole('button', { name: 'Make a backup now' }));
  await pressAndLoad(page);
  // The page refreshes itself until the backup is made.
  await page.getByText(/The last backup was made less than a minute ago/).waitFor({ timeout: 30_000 });
  await waitForFrontend(page);
  const region = page.getByRole('region', { name: 'Backups made' });
  assert.match(await textOf(region), /admin of Norfolk \(test\)\s+Made\s+[\d.]+ MB\s+[0-9a-f]{64}/);
  await checkA11y(page);

  const link = page.getByRole('link', { name: /^Download the backup asked for on / });
  await tabTo(page, link);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.match(download.suggestedFilename(), /^opensend-backup-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.backup$/);
  const csv = page.getByRole('link', { name: 'Download the list of backups as CSV' });
  await tabTo(page, csv);
  const [list] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.match(list.suggestedFilename(), /^backups-\d{4}-\d{2}-\d{2}\.csv$/);
});

test('another LA’s administrator is told who makes backups', async () => {
  const page = await e.newPage();
  await signIn(page, e.t.otherLa.users.admin.email);
  await page.goto('/admin/backups');
  await waitForFrontend(page);
  assert.match(
    await textOf(page.locator('main')),
    /made and downloaded by the administrators of Norfolk \(test\)/,
  );
  assert.equal(await page.getByRole('button', { name: 'Make a backup now' }).count(), 0);
  await checkA11y(page);
});
