import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { addChild, addCluster, addSchool, addUser } from '../support/children.ts';
import {
  assertFocused,
  checkA11y,
  choose,
  type E2e,
  pressAndLoad,
  signIn,
  startE2e,
  tabTo,
  textOf,
  waitForFrontend,
} from './support.ts';

/**
 * A finance officer's cluster funding journey by keyboard: a pot created (a mistake first), a
 * central use added, factor data loaded from a CSV file, the rest filled from the LA's records,
 * and the coverage read; each page checked with axe and at 320 pixels. The test clock stands at
 * 2 March 2026; the pot is for the academic year 2026-27, starting 1 September 2026.
 */

let e: E2e;
let officer: Page;

before(async () => {
  e = await startE2e();
  const { t } = e;
  const owner = t.database.db;
  const user = await addUser(t, t.la.code, 'finance', ['finance_officer']);
  const hethersett = await addSchool(t, t.la.code, 'Hethersett Primary', 121_001);
  const cringleford = await addSchool(t, t.la.code, 'Cringleford Primary', 121_002);
  const mulbarton = await addSchool(t, t.la.code, 'Mulbarton Primary', 121_003);
  await sql`UPDATE establishments SET pupils = 95 WHERE id = ${mulbarton}`.execute(owner);
  await addCluster(t, t.la.code, 'Wymondham', [hethersett, cringleford], user.id);
  await addCluster(t, t.la.code, 'Mulbarton', [mulbarton], user.id);
  // Two children at Mulbarton on SEN Support, for the fill from records.
  for (let i = 0; i < 2; i++) {
    const id = await addChild(t, t.la.code, { establishmentId: mulbarton });
    await sql`UPDATE children SET sen_provision = 'sen_support' WHERE id = ${id}`.execute(owner);
  }
  officer = await e.newPage();
  await signIn(officer, user.email);
});
after(() => e?.close());

const heading = (page: Page) => textOf(page.getByRole('heading', { level: 1 }));
const mainText = (page: Page) => textOf(page.locator('main'));

async function typeInto(page: Page, label: string, text: string, maxStops = 60) {
  await tabTo(page, page.getByLabel(label, { exact: true }), maxStops);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

test('a finance officer creates a pot and adds a central use, by keyboard', async () => {
  await officer.goto('/');
  await waitForFrontend(officer);
  await tabTo(officer, officer.getByRole('link', { name: 'Funding', exact: true }));
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'Funding pots');
  assert.match(await mainText(officer), /There are no pots yet/);
  await checkA11y(officer);

  await tabTo(officer, officer.getByRole('button', { name: 'Create a pot' }), 60);
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'Create a funding pot');
  await checkA11y(officer);

  await typeInto(officer, 'Name', 'Learning Support');
  // A radio group is one Tab stop: the arrow key moves to, and chooses, the second option.
  await tabTo(officer, officer.getByRole('group', { name: 'Kind of year' }).getByLabel('Financial year'));
  await officer.keyboard.press('ArrowDown');
  await assertFocused(officer.getByLabel('Academic year'), 'Academic year');
  await typeInto(officer, 'The year it starts in', '2026');
  await typeInto(officer, 'Total', '2,000,000');
  await typeInto(officer, 'Delegated to clusters', '75');
  await typeInto(officer, 'Kept central', '20');
  await tabTo(officer, officer.getByRole('button', { name: 'Create the pot' }));
  const refused = await pressAndLoad(officer);
  assert.equal(refused.status(), 400);
  await assertFocused(officer.locator('.govuk-error-summary'), 'the error summary');
  assert.deepEqual(await officer.locator('.govuk-error-summary__list a').allTextContents(), [
    'The delegated and central shares must add up to 100%, not 95%',
    'The central and delegated shares must add up to 100%, not 95%',
  ]);
  await checkA11y(officer);

  await typeInto(officer, 'Kept central', '25');
  await tabTo(officer, officer.getByRole('button', { name: 'Create the pot' }));
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'Learning Support');
  const pot = await mainText(officer);
  // £2,000,000 × 75% = £1,500,000 to clusters; the other £500,000 is central.
  assert.match(pot, /Delegated to clusters \(75%\) £1,500,000/);
  assert.match(pot, /Kept central \(25%\) £500,000/);
  assert.match(
    pot,
    /Factor data missing for 3 schools: load, fill or carry it by 1 September 2026, when the year starts\./,
  );
  await checkA11y(officer);

  await tabTo(officer, officer.getByRole('button', { name: 'Add a central use' }), 80);
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'Add a central use');
  await checkA11y(officer);
  await choose(officer, 'What it is', 'A post');
  await typeInto(officer, 'Name', 'Access Through Technology specialists');
  await typeInto(officer, 'Full-time equivalent (for a post)', '3');
  await typeInto(officer, 'Cost for the year', '160,000');
  await tabTo(officer, officer.getByRole('button', { name: 'Add it' }));
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'Learning Support');
  const withUse = await mainText(officer);
  assert.match(withUse, /Central uses £160,000 of the central share of £500,000/);
  // £500,000 − £160,000 = £340,000 left for other posts and services.
  assert.match(withUse, /£340,000 of the central share of £500,000 is not yet given to a post or service/);
  await checkA11y(officer);
});

test('a finance officer loads factor data from a CSV file, fills the rest from records and sees the coverage', async () => {
  await tabTo(officer, officer.getByRole('link', { name: 'See factor data' }), 80);
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'Factor data for Learning Support');
  assert.match(await mainText(officer), /0 of 3 schools have their data for the year/);
  await checkA11y(officer);

  await tabTo(officer, officer.getByRole('link', { name: 'Load factor data from a file' }), 80);
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'Load factor data from a file');
  await checkA11y(officer);
  const file = officer.getByLabel('Factor data (Excel or CSV)');
  await tabTo(officer, file, 60);
  // The file chooser is the browser's own dialog; choosing the file stands in for it.
  await file.setInputFiles({
    name: 'factors.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      [
        'URN,Pupils,FSM %,IDACI A,IDACI B,IDACI C,IDACI D,IDACI E,IDACI F,Low prior attainment,SEN Support,EHC plans,Sparse',
        '121001,210,18.5,12,15,20,18,14,10,30,25,5,No',
        '121002,180,9.25,2,4,6,8,10,12,20,18,2,Yes',
      ].join('\n'),
    ),
  });
  await tabTo(officer, officer.getByRole('button', { name: 'Upload and load' }), 5);
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'Factor data for Learning Support');
  const loaded = await mainText(officer);
  assert.match(loaded, /Factor data loaded from the file for 2 schools\./);
  assert.match(loaded, /2 of 3 schools have their data for the year/);
  assert.match(loaded, /Factor data missing for 1 school/);
  await checkA11y(officer);

  await tabTo(officer, officer.getByRole('link', { name: 'See which schools' }), 80);
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'Factor data missing for 1 school');
  assert.equal(
    await textOf(officer.getByRole('row', { name: /^Mulbarton Primary/ })),
    'Mulbarton Primary 121003 Mulbarton 95 No',
  );
  await checkA11y(officer);

  await tabTo(
    officer,
    officer.getByRole('link', { name: 'Fill their pupils, SEN Support and EHC plans from our records' }),
    80,
  );
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'Fill factor data from our records');
  await checkA11y(officer);
  await tabTo(officer, officer.getByRole('button', { name: 'Fill from our records' }), 80);
  await pressAndLoad(officer);
  const filled = await mainText(officer);
  assert.match(filled, /Pupils, SEN Support and EHC plans filled from your records for 1 school\./);
  assert.match(filled, /3 of 3 schools have their data for the year/);
  // Mulbarton: 95 on roll from its record, its 2 children on SEN Support, no plans.
  assert.match(
    await textOf(officer.getByRole('row', { name: /^Mulbarton Primary/ })),
    /^Mulbarton Primary 121003 Mulbarton 95 0% 0 0 0 0 0 0 0 2 0 No Filled from our records$/,
  );

  await officer.goto('/funding');
  await waitForFrontend(officer);
  const home = await mainText(officer);
  assert.match(home, /Factor data 3 of 3 schools in a cluster on 1 September 2026/);
  assert.doesNotMatch(home, /Factor data missing/);
  await checkA11y(officer);
});

test('the pot’s other pages pass the checks too: last year’s allocations, carrying, changing the pot and its uses', async () => {
  const potUrl = await officer
    .getByRole('link', { name: /^Learning Support, academic year 2026-27/ })
    .getAttribute('href');
  assert.ok(potUrl);
  await officer.goto(potUrl);
  const useUrl = (
    await officer
      .getByRole('link', { name: 'Change Access Through Technology specialists' })
      .getAttribute('href')
  )
    ?.replace(potUrl, '')
    .replace('/edit', '');
  assert.ok(useUrl);
  for (const [path, title] of [
    [`${useUrl}/edit`, 'Change Access Through Technology specialists'],
    [`${useUrl}/remove`, 'Remove Access Through Technology specialists?'],
    ['/baseline', '2025-26 allocations for Learning Support'],
    ['/baseline/import', 'Load last year’s allocations from a file'],
    ['/factors/carry', 'Carry last year’s factor data'],
    ['/edit', 'Change Learning Support, 2026-27'],
  ]) {
    await officer.goto(`${potUrl}${path}`);
    await waitForFrontend(officer);
    assert.equal(await heading(officer), title);
    await checkA11y(officer);
  }
});
