import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { addChild, addSchool, addUser, apiAs, tokenFor, upnFor } from '../support/children.ts';
import { openEhcRequest } from '../support/ehc.ts';
import {
  assertFocused,
  checkA11y,
  choose,
  type E2e,
  isFocused,
  pressAndLoad,
  signIn,
  startE2e,
  tabTo,
  textOf,
  typeDate,
  waitForFrontend,
} from './support.ts';

/**
 * A finance officer adds a placement and its weekly fee by keyboard; it costs more than the
 * approval threshold, so a finance approver finds it waiting for them and approves it. Every page
 * on the way is checked with axe and at 320 pixels.
 */

let e: E2e;
let officer: { id: string; email: string };
let approver: { id: string; email: string };
let ada = '';
const adaUpn = upnFor('926', 42);

before(async () => {
  e = await startE2e();
  officer = await addUser(e.t, '926', 'finance', ['finance_officer']);
  approver = await addUser(e.t, '926', 'approver', ['finance_approver']);
  await addSchool(e.t, '926', 'Chapel Green School', 145678);
  ada = await addChild(e.t, '926', { forename: 'Ada', surname: 'Placed', upn: adaUpn });
});
after(() => e?.close());

/**
 * Chooses a radio button as a keyboard user does: Tab into the group, which lands on its first
 * radio when none is chosen, then the arrow keys, which move to and choose the next.
 */
async function chooseRadio(page: Page, group: string, option: string): Promise<void> {
  const radios = page.getByRole('group', { name: group }).getByRole('radio');
  await tabTo(page, radios.first());
  const target = page.getByRole('group', { name: group }).getByLabel(option, { exact: true });
  for (let i = 0; i < 20 && !(await isFocused(target)); i++) await page.keyboard.press('ArrowDown');
  assert.ok(await target.isChecked(), `${option} is chosen`);
}

const heading = (page: Page) => textOf(page.getByRole('heading', { level: 1 }));
const path = (page: Page) => new URL(page.url()).pathname;

test('a finance officer adds a placement and a weekly fee; another approver approves it, all by keyboard', async () => {
  const page = await e.newPage();
  await signIn(page, officer.email);

  await tabTo(
    page,
    page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Placements' }),
  );
  await pressAndLoad(page);
  assert.equal(path(page), '/placements');
  assert.equal(await heading(page), 'Placements');
  assert.match(await textOf(page.locator('main')), /No placements match/);
  await checkA11y(page);

  await tabTo(page, page.getByRole('button', { name: 'Add a placement' }));
  await pressAndLoad(page);
  assert.equal(await heading(page), 'Add a placement');
  await checkA11y(page);
  await tabTo(page, page.getByLabel('Child’s UPN (unique pupil number)'));
  await page.keyboard.type(adaUpn);
  await pressAndLoad(page);
  assert.match(await textOf(page.locator('.govuk-caption-l')), /Ada Placed/);
  await checkA11y(page);

  // Sent empty, each question is named in the error summary, which takes focus.
  await tabTo(page, page.getByRole('button', { name: 'Add placement' }), 120);
  const refused = await pressAndLoad(page);
  assert.equal(refused.status(), 400);
  await assertFocused(page.locator('.govuk-error-summary'), 'the error summary');
  assert.deepEqual(await page.locator('.govuk-error-summary__list a').allTextContents(), [
    'Select whether the setting is on the register of schools and settings',
    'Select the type of placement',
    'startOn: enter the date the placement starts',
    'Select whether the placement is named in the EHC plan or is interim',
  ]);
  await checkA11y(page);

  await choose(page, 'Where is the child placed?', 'On the register of schools and settings (it has a URN)');
  await tabTo(page, page.getByLabel('URN', { exact: true }));
  await page.keyboard.type('145678');
  await chooseRadio(page, 'Type of placement', 'Maintained special school');
  await typeDate(page, 'Start date', '1', '9', '2026');
  await chooseRadio(
    page,
    'Is the placement named in the child’s EHC plan?',
    'Interim, before an EHC plan names it',
  );
  await choose(page, 'Place funding', 'Add the usual place funding');
  await tabTo(page, page.getByRole('button', { name: 'Add placement' }), 120);
  await pressAndLoad(page);
  assert.match(path(page), /^\/placements\/[0-9a-f-]{36}$/);
  const placementUrl = path(page);
  assert.equal(await heading(page), 'Chapel Green School');
  assert.match(await textOf(page.locator('.govuk-notification-banner')), /The placement has been added/);
  assert.match(await textOf(page.locator('main')), /Place funding\s*£10,000 a year/);
  await checkA11y(page);

  await tabTo(page, page.getByRole('button', { name: 'Add a cost line' }), 80);
  await pressAndLoad(page);
  assert.equal(await heading(page), 'Add a cost line');
  await checkA11y(page);
  await chooseRadio(page, 'What kind of cost is it?', 'Fees');
  await tabTo(page, page.getByLabel('Agreed amount'));
  await page.keyboard.type('1,500');
  await tabTo(page, page.getByLabel('The amount is for'), 3);
  await page.keyboard.type('a week');
  await tabTo(page, page.getByLabel('Weeks or days charged a year'), 3);
  await page.keyboard.type('38');
  await typeDate(page, 'The date it takes effect', '1', '9', '2026');
  await tabTo(page, page.getByRole('button', { name: 'Add cost line' }), 40);
  await pressAndLoad(page);
  assert.equal(path(page), placementUrl);
  const main = await textOf(page.locator('main'));
  // £10,000 place funding + £1,500 × 38 weeks (£57,000) = £67,000 a year, over £50,000.
  assert.match(main, /Fees\s*£1,500 a week, 38 weeks a year \(£57,000 a year\)/);
  assert.match(main, /The most it costs a year\s*£67,000/);
  assert.match(main, /waiting for a finance approver other than you/);
  await checkA11y(page);

  // The child's record shows the placement, and leads back to it.
  await page.goto(`/children/${ada}`);
  await waitForFrontend(page);
  assert.match(
    await textOf(page.locator('main')),
    /Placements[\s\S]*Chapel Green School[\s\S]*Waiting for approval/,
  );
  await checkA11y(page);

  const second = await e.newPage();
  await signIn(second, approver.email);
  await second.goto('/placements');
  await waitForFrontend(second);
  assert.match(
    await textOf(second.locator('.govuk-notification-banner')),
    /1 placement is waiting for your approval/,
  );
  await checkA11y(second);
  await tabTo(second, second.getByRole('link', { name: 'See the placements waiting for your approval' }));
  await pressAndLoad(second);
  assert.match(await textOf(second.getByRole('table')), /Ada Placed\s*Chapel Green School/);
  await checkA11y(second);
  await tabTo(second, second.getByRole('link', { name: /^Chapel Green School/ }), 60);
  await pressAndLoad(second);
  assert.equal(path(second), placementUrl);
  assert.match(await textOf(second.locator('#approval')), /Your decision is needed/);
  await checkA11y(second);
  await choose(second, 'Do you approve this placement?', 'Yes, approve it');
  await tabTo(second, second.getByLabel('Reason or note'), 3);
  await second.keyboard.type('Agreed at panel');
  await tabTo(second, second.getByRole('button', { name: 'Save decision' }), 3);
  await pressAndLoad(second);
  assert.match(await textOf(second.locator('.govuk-notification-banner')), /The placement has been approved/);
  assert.match(await textOf(second.locator('main')), /Approved by approver \(926\)/);
  await checkA11y(second);
});

test('a placement a final EHC plan made is confirmed by the finance officer: its type, then its costs', async () => {
  // The coordinator issues a plan naming a provider without a URN, in words: its type is a guess.
  const coordinator = apiAs(e.t, await tokenFor(e.t, '926', e.t.la.users.coordinator.id));
  const ben = await addChild(e.t, '926', { forename: 'Ben', surname: 'Planned' });
  await openEhcRequest(coordinator, ben, '2025-10-01', [
    { type: 'assessment-decided', on: '2025-11-10', outcome: 'assess' },
    { type: 'issue-decided', on: '2026-01-05', outcome: 'issue' },
    { type: 'draft-served', on: '2026-01-06' },
    {
      type: 'final-issued',
      on: '2026-02-02',
      placement: { settingName: 'Horizon Home Tuition', provision: 'other' },
    },
  ]);

  const page = await e.newPage();
  await signIn(page, officer.email);
  await page.goto('/placements');
  await waitForFrontend(page);
  assert.match(
    await textOf(page.locator('.govuk-notification-banner')),
    /1 placement from EHC plans has something to confirm/,
  );
  await checkA11y(page);
  await tabTo(page, page.getByRole('link', { name: 'See the placements from EHC plans to confirm' }));
  await pressAndLoad(page);
  assert.match(await textOf(page.getByRole('table')), /Ben Planned\s*Horizon Home Tuition[\s\S]*To confirm/);
  await checkA11y(page);
  await tabTo(page, page.getByRole('link', { name: /^Horizon Home Tuition/ }), 60);
  await pressAndLoad(page);
  assert.match(await textOf(page.locator('#from-plan')), /Made from an EHC plan: to confirm/);
  await checkA11y(page);

  // The plan's guess is chosen already, so the radio group's Tab stop is on it.
  await choose(page, 'What type of placement is it?', 'Education otherwise than at school');
  await tabTo(page, page.getByRole('button', { name: 'Confirm the type' }), 5);
  await pressAndLoad(page);
  assert.match(
    await textOf(page.locator('.govuk-notification-banner')),
    /The placement’s type has been confirmed/,
  );
  await checkA11y(page);
  await tabTo(page, page.getByRole('button', { name: 'It costs nothing more' }), 80);
  await pressAndLoad(page);
  assert.match(
    await textOf(page.locator('.govuk-notification-banner')),
    /The placement’s costs are confirmed/,
  );
  assert.equal(await page.locator('#from-plan').count(), 0, 'nothing left to confirm');
  await checkA11y(page);
});

test('a finance officer imports placements from a spreadsheet by keyboard, sees a file with problems reported, then one imported', async () => {
  const cara = { upn: upnFor('926', 43), forename: 'Cara', surname: 'Imported' };
  await addChild(e.t, '926', { ...cara, dateOfBirth: '2014-05-09' });
  const row = [
    cara.upn,
    '',
    cara.surname,
    cara.forename,
    '09/05/2014',
    '',
    'Horizon Learning Centre',
    'AP',
    '01/09/2026',
    '',
    '31/07/2027',
    '2',
    '',
    '',
    'Interim',
    '',
    '7,500',
  ];
  const csv = (cells: string[]) =>
    Buffer.from(
      `UPN,OpenSEND child ID,Surname,Forename,Date of birth,URN,Setting name,Placement type,Start date,End date,Expected end date,Days a week,FTE,Residential weeks,EHC plan or interim,Top-up band,Top-up a year\r\n${cells.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')}\r\n`,
    );
  const page = await e.newPage();
  await signIn(page, officer.email);
  await page.goto('/placements');
  await waitForFrontend(page);
  await tabTo(page, page.getByRole('link', { name: 'Import placements from a spreadsheet' }), 60);
  await pressAndLoad(page);
  assert.equal(path(page), '/placements/import');
  assert.equal(await heading(page), 'Import placements and cost lines');
  assert.match(
    await textOf(page.getByRole('region', { name: 'The file’s columns' })),
    /Costs effective from/,
  );
  await checkA11y(page);

  const file = page.getByLabel('Placements spreadsheet (Excel or CSV)');
  await tabTo(page, file, 60);
  // The file chooser is the browser's own dialog; choosing the file stands in for it.
  await file.setInputFiles({
    name: 'placements.csv',
    mimeType: 'text/csv',
    buffer: csv(row.map((c, i) => (i === 2 ? 'Imported-Smith' : c))),
  });
  await tabTo(page, page.getByRole('button', { name: 'Upload and import' }), 5);
  await pressAndLoad(page);
  await page.getByRole('heading', { name: 'Nothing was imported' }).waitFor({ timeout: 20_000 });
  await waitForFrontend(page);
  assert.match(
    await textOf(page.getByRole('region', { name: /Problems in the file/ })),
    /2 Surname “Imported-Smith” is not the surname of the child with UPN/,
  );
  await checkA11y(page);

  await tabTo(page, page.getByRole('link', { name: 'upload it again' }), 60);
  await pressAndLoad(page);
  await tabTo(page, file, 60);
  await file.setInputFiles({ name: 'placements.csv', mimeType: 'text/csv', buffer: csv(row) });
  await tabTo(page, page.getByRole('button', { name: 'Upload and import' }), 5);
  await pressAndLoad(page);
  await page.getByText('Placements imported').waitFor({ timeout: 20_000 });
  await waitForFrontend(page);
  assert.match(await textOf(page.locator('.govuk-panel')), /Imported 1 row: 1 placement added/);
  assert.match(await textOf(page.locator('main')), /Cost lines added 2/);
  await checkA11y(page);
  await tabTo(page, page.getByRole('link', { name: 'Go to placements' }), 60);
  await pressAndLoad(page);
  assert.match(await textOf(page.getByRole('table')), /Cara Imported\s*Horizon Learning Centre/);
});
