import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { addChild, addUser, apiAs, tokenFor } from '../support/children.ts';
import {
  assertFocused,
  checkA11y,
  type E2e,
  pressAndLoad,
  signIn,
  startE2e,
  tabTo,
  textOf,
  typeDate,
  waitForFrontend,
} from './support.ts';

/**
 * The high needs journeys by keyboard: a finance officer sets the year's budget and reads the
 * position and the spend by type, grade and child, then proposes a top-up band scheme; a finance
 * approver adopts it. The test clock stands at 2 March 2026, in 2025-26, a year of 365 days.
 */

let e: E2e;
let officer: Page;
let approver: Page;
let schemeUrl = '';

before(async () => {
  e = await startE2e();
  const { t } = e;
  const officerUser = await addUser(t, t.la.code, 'finance', ['finance_officer']);
  const approverUser = await addUser(t, t.la.code, 'approver', ['finance_approver']);
  const finance = apiAs(t, await tokenFor(t, t.la.code, officerUser.id));
  const approving = apiAs(t, await tokenFor(t, t.la.code, approverUser.id));
  // Norfolk's 2018-19 mainstream bands in force from 1 April 2025, and Gil on band 2 from 1 September.
  const scheme = await finance.post('/api/v1/finance/top-up-schemes', {
    name: 'Norfolk mainstream bands 2018',
    effectiveFrom: '2025-04-01',
    bands: [
      { settingGroup: 'mainstream', band: 'B1', label: 'Band 1', annualPence: 135_000 },
      { settingGroup: 'mainstream', band: 'B2', label: 'Band 2', annualPence: 224_000 },
      { settingGroup: 'mainstream', band: 'B3', label: 'Band 3', annualPence: 404_400 },
    ],
  });
  assert.equal(scheme.statusCode, 201, scheme.body);
  const adopted = await approving.post(`/api/v1/finance/top-up-schemes/${scheme.json().id}/adopt`, {
    version: 1,
  });
  assert.equal(adopted.statusCode, 200, adopted.body);
  const placement = await finance.post('/api/v1/placements', {
    childId: await addChild(t, t.la.code, { forename: 'Gil', surname: 'Banded' }),
    providerName: 'Yare Valley Primary',
    type: 'mainstream',
    basis: 'interim',
    startOn: '2025-09-01',
    costLines: [{ kind: 'top_up', topUpBand: 'B2', effectiveFrom: '2025-09-01' }],
  });
  assert.equal(placement.statusCode, 201, placement.body);

  officer = await e.newPage();
  await signIn(officer, officerUser.email);
  approver = await e.newPage();
  await signIn(approver, approverUser.email);
});
after(() => e?.close());

const heading = (page: Page) => textOf(page.getByRole('heading', { level: 1 }));
const mainText = (page: Page) => textOf(page.locator('main'));

/** Types over what a box holds, as a person selecting its text and typing would. */
async function retype(page: Page, id: string, text: string, maxStops = 120) {
  await tabTo(page, page.locator(`#${id}`), maxStops);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

test('a finance officer sets the year’s budget by keyboard and reads the position it gives', async () => {
  await officer.goto('/');
  await waitForFrontend(officer);
  await tabTo(officer, officer.getByRole('link', { name: 'High needs' }));
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'High needs position for 2025-26');
  assert.match(await mainText(officer), /No budget is set for 2025-26/);
  await checkA11y(officer);

  await tabTo(officer, officer.getByRole('link', { name: 'Set the 2025-26 budget' }), 60);
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'Set the 2025-26 high needs budget');
  await checkA11y(officer);

  // Sent with the allocation mistyped and the lines' budgets blank: each is named, focus on the summary.
  await retype(officer, 'allocation', 'a hundred thousand');
  await tabTo(officer, officer.getByRole('button', { name: 'Save the 2025-26 budget' }), 120);
  const refused = await pressAndLoad(officer);
  assert.equal(refused.status(), 400);
  await assertFocused(officer.locator('.govuk-error-summary'), 'the error summary');
  const messages = await officer.locator('.govuk-error-summary__list a').allTextContents();
  assert.equal(
    messages[0],
    'The allocation: enter an amount in pounds using numbers only, like 1,350 or 1,350.50',
  );
  assert.equal(
    messages[1],
    'Mainstream top-ups (Element 3) budget: enter an amount in pounds, like 1,350 or 1,350.50',
  );
  await checkA11y(officer);

  // The error summary's link takes the person to the box.
  await tabTo(officer, officer.locator('.govuk-error-summary__list a').first(), 5);
  await officer.keyboard.press('Enter');
  await assertFocused(officer.locator('#allocation'), 'the allocation box');
  await officer.keyboard.press('Control+A');
  await officer.keyboard.type('100,000');
  for (const [row, amount] of ['1,000', '30,000', '0', '0', '0', '0'].entries())
    await retype(officer, `line-${row}-budget`, amount);
  await tabTo(officer, officer.getByRole('button', { name: 'Save the 2025-26 budget' }), 120);
  const saved = await pressAndLoad(officer);
  assert.equal(saved.status(), 200);
  assert.equal(await heading(officer), 'High needs position for 2025-26');
  const main = await mainText(officer);
  assert.match(main, /The budget has been saved\./);
  // Budget 100,000 + 3,000,000 = 3,100,000; the only cost is Gil's band 2 from 1 September,
  // 130,104 (224,000 − round(224,000 × 153 / 365)): 2,969,896 to spare, £29,699 rounded to the
  // pound, 95.8% of the budget. The mainstream line alone is over: 100,000 − 130,104 = −30,104.
  assert.match(
    main,
    /Forecast underspend of £29,699 \(95\.8%\) A forecast of £1,301 against a budget of £31,000 for 2025-26\./,
  );
  const mainstream = officer.getByRole('row', { name: /^Mainstream top-ups/ });
  assert.match(await textOf(mainstream), /−£301\.04 Overspend$/);
  assert.ok(
    await officer.getByRole('img', { name: 'The high needs position month by month in 2025-26' }).isVisible(),
  );
  await checkA11y(officer);

  await tabTo(officer, officer.getByRole('link', { name: 'Expected cost of a new placement' }), 80);
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'Expected cost of a new placement');
  await checkA11y(officer);
  await officer.goto('/finance');
  await waitForFrontend(officer);
});

test('a finance officer reads the year’s spend by type, then by Ofsted grade and child, by keyboard', async () => {
  await tabTo(
    officer,
    officer.getByRole('link', { name: 'Spend by type, setting, need, cluster and Ofsted grade' }),
    80,
  );
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'High needs spend by placement type in 2025-26');
  // Gil's band 2 from 1 September is the year's only cost: 130,104, all of it mainstream.
  assert.equal(
    await textOf(officer.getByRole('row', { name: /^Mainstream school/ })),
    'Mainstream school 1 1 £1,301.04 £0 £0 £1,301.04 100% £0 £1,301.04',
  );
  await checkA11y(officer);

  // A closed list chosen by typing the start of the option, as a keyboard user does.
  await tabTo(officer, officer.getByLabel('Group the spend'));
  await officer.keyboard.type('By Of');
  await tabTo(officer, officer.getByRole('button', { name: 'Show the spend' }));
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'High needs spend by Ofsted grade in 2025-26');
  assert.match(await textOf(officer.getByRole('row', { name: /^No URN/ })), /^No URN 1 1 £1,301\.04/);
  await checkA11y(officer);

  await tabTo(officer, officer.getByLabel('Group the spend'));
  await officer.keyboard.type('By ch');
  await tabTo(officer, officer.getByRole('button', { name: 'Show the spend' }));
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'High needs spend by child in 2025-26');
  assert.match(await textOf(officer.getByRole('row', { name: /^Gil Banded/ })), /£1,301\.04/);
  await checkA11y(officer);
  await officer.goto('/finance');
  await waitForFrontend(officer);
});

test('a finance officer proposes a scheme from the one in force and sees what it would cost, child by child', async () => {
  await tabTo(officer, officer.getByRole('link', { name: 'Top-up band schemes' }), 80);
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'Top-up band schemes');
  await checkA11y(officer);

  await tabTo(officer, officer.getByRole('button', { name: 'Propose a new scheme' }));
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'Propose a top-up band scheme');
  await checkA11y(officer);
  await tabTo(officer, officer.getByLabel('Name of the scheme'));
  await officer.keyboard.type('Band 2 raised');
  await typeDate(officer, 'The date it would take effect', '1', '1', '2026');
  await retype(officer, 'band-mainstream-1-annual', '2,500');
  await tabTo(officer, officer.getByRole('button', { name: 'Propose this scheme' }), 120);
  const proposed = await pressAndLoad(officer);
  assert.equal(proposed.status(), 200);
  schemeUrl = new URL(officer.url()).pathname;
  assert.equal(await heading(officer), 'Band 2 raised');
  const main = await mainText(officer);
  assert.match(main, /The scheme has been proposed\./);
  // From 1 January (day 276): 224,000 − round(224,000 × 275 / 365) = 55,233 now and 250,000 −
  // round(250,000 × 275 / 365) = 61,644 proposed, 6,411 more.
  const child = officer.getByRole('row', { name: /^Gil Banded/ });
  assert.equal(
    await textOf(child),
    'Gil Banded Mainstream schools B2 £2,240 £2,500 +£260 £552.33 £616.44 +£64.11',
  );
  assert.equal(
    await officer.getByRole('button', { name: 'Adopt this scheme' }).count(),
    0,
    'an officer cannot adopt',
  );
  await checkA11y(officer);

  // Withdrawing asks first; the officer looks and goes back without withdrawing.
  await tabTo(officer, officer.getByRole('button', { name: 'Withdraw this scheme' }), 60);
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'Withdraw Band 2 raised');
  await checkA11y(officer);
});

test('a finance approver adopts the proposal after reading what adopting does', async () => {
  await approver.goto(schemeUrl);
  await waitForFrontend(approver);
  await tabTo(approver, approver.getByRole('button', { name: 'Adopt this scheme' }), 60);
  await pressAndLoad(approver);
  assert.equal(await heading(approver), 'Adopt Band 2 raised');
  assert.match(
    await mainText(approver),
    /In 2025-26 the banded top-ups cost £64\.11 more, from 1 January 2026 to 31 March 2026\. A full year costs £260 more\./,
  );
  await checkA11y(approver);
  await tabTo(approver, approver.getByRole('button', { name: 'Adopt Band 2 raised' }));
  const adopted = await pressAndLoad(approver);
  assert.equal(adopted.status(), 200);
  assert.match(await mainText(approver), /The scheme has been adopted\./);
  assert.match(await textOf(approver.locator('main .govuk-tag').first()), /In force/);
  await checkA11y(approver);

  await approver.goto('/finance/top-up-schemes');
  await waitForFrontend(approver);
  assert.match(
    await textOf(approver.getByRole('row', { name: /^Norfolk mainstream bands 2018/ })),
    /Replaced/,
  );
  await checkA11y(approver);
});
