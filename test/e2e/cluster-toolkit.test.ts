import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { addToolkitLa, type ToolkitLa } from '../support/toolkit.ts';
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
 * The cluster toolkit by keyboard: a host plans the year, records a panel decision (refused first
 * as inquorate) and spend; a head teacher reads it; the LA's finance officer reads every cluster
 * and opens one. Every page is checked with axe and at 320 px. The LA is test/support/toolkit.ts's:
 * Alder cluster's allocation is £40,000.01 from SEND 2025-26 (1 September 2025 to 31 August 2026);
 * the test clock stands at 2 March 2026.
 */

let e: E2e;
let made: ToolkitLa;
let host: Page;

before(async () => {
  e = await startE2e();
  made = await addToolkitLa(e.t, e.t.la.code);
  host = await e.newPage();
  await signIn(host, made.user.host.email);
});
after(() => e?.close());

const heading = (page: Page) => textOf(page.getByRole('heading', { level: 1 }));
const mainText = (page: Page) => textOf(page.locator('main'));

async function typeInto(page: Page, label: string, text: string, maxStops = 60) {
  await tabTo(page, page.getByLabel(label, { exact: true }), maxStops);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

/**
 * Chooses a radio button as a keyboard user does: Tab reaches a group at its chosen button, or its
 * first when none is chosen, and the arrow keys move round it, choosing as they go.
 */
async function chooseRadio(page: Page, group: string, option: string) {
  const fieldset = page.getByRole('group', { name: group });
  const target = fieldset.getByLabel(option, { exact: true });
  let reached = false;
  for (let stops = 0; stops < 120 && !reached; stops++) {
    await page.keyboard.press('Tab');
    reached = await fieldset.evaluate((el) => el.contains(document.activeElement));
  }
  assert.ok(reached, `Could not reach ${group} with the Tab key`);
  for (let i = 0; i < 10 && !(await target.isChecked()); i++) await page.keyboard.press('ArrowDown');
  assert.ok(await target.isChecked(), `${option} is chosen`);
}

async function submit(page: Page, button: string, maxStops = 80) {
  await tabTo(page, page.getByRole('button', { name: button }), maxStops);
  return pressAndLoad(page);
}

test('a host opens their cluster’s pot from the menu and reads what is theirs to do', async () => {
  await host.goto('/');
  await waitForFrontend(host);
  await tabTo(host, host.getByRole('link', { name: 'Cluster funding', exact: true }));
  await pressAndLoad(host);
  assert.equal(await heading(host), 'Your clusters’ SEND funding');
  await checkA11y(host);

  await tabTo(host, host.getByRole('link', { name: 'SEND 2025-26', exact: true }));
  await pressAndLoad(host);
  assert.equal(await heading(host), 'SEND 2025-26');
  const text = await mainText(host);
  assert.match(text, /Write the spending plan\./);
  assert.match(
    text,
    /Submit the end-of-year return by 30 September 2026, once the year ends on 31 August 2026\./,
  );
  await checkA11y(host);
});

test('the host adds a line to the plan, correcting a mistake the page names', async () => {
  await tabTo(host, host.getByRole('link', { name: 'Spending plan', exact: true }));
  await pressAndLoad(host);
  assert.equal(await heading(host), 'Spending plan');
  await checkA11y(host);

  await tabTo(host, host.getByRole('link', { name: 'Add intervention', exact: true }));
  await pressAndLoad(host);
  assert.equal(await heading(host), 'Add intervention to the plan');
  await checkA11y(host);
  await choose(host, 'Which schools is it for?', 'Alder Primary');
  await choose(host, 'Which schools is it for?', 'Birch Primary');
  await typeInto(host, 'Amount planned', '15,000');
  const refused = await submit(host, 'Add the line');
  assert.equal(refused.status(), 400);
  await assertFocused(host.locator('.govuk-error-summary'), 'the error summary');
  assert.deepEqual(await host.locator('.govuk-error-summary__list a').allTextContents(), [
    'Enter what the money is for',
  ]);
  await checkA11y(host);

  await tabTo(host, host.locator('.govuk-error-summary__list a').first(), 5);
  await host.keyboard.press('Enter');
  await assertFocused(host.locator('#description'), 'the description box');
  await host.keyboard.type('Reading recovery, two teaching assistants');
  const added = await submit(host, 'Add the line');
  assert.equal(added.status(), 200);
  assert.equal(await heading(host), 'Spending plan');
  assert.match(await mainText(host), /The line was added to the plan\./);
  await checkA11y(host);
});

test('the host plans a named pupil’s support, chosen from their school’s pupils; the plan goes over and is warned', async () => {
  await tabTo(host, host.getByRole('link', { name: 'Add support for a named pupil', exact: true }));
  await pressAndLoad(host);
  assert.equal(await heading(host), 'Which school is the pupil at?');
  await checkA11y(host);
  await choose(host, 'Which school is the pupil at?', 'Alder Primary');
  await submit(host, 'Continue');
  assert.equal(await heading(host), 'Add support for a named pupil to the plan');
  await checkA11y(host);
  await tabTo(host, host.getByLabel('Pupil', { exact: true }));
  await host.keyboard.type('Ava');
  await typeInto(host, 'What is the money for?', 'One-to-one support, 10 hours a week');
  await typeInto(host, 'Amount planned', '30,000');
  await submit(host, 'Add the line');
  assert.equal(await heading(host), 'Spending plan');
  // 1,500,000 + 3,000,000 = 4,500,000p planned, 499,999p more than the 4,000,001p allocation.
  assert.match(await mainText(host), /The plan is £4,999\.99 more than the allocation\./);
  assert.match(await textOf(host.getByRole('row', { name: /One-to-one support/ })), /AB, Alder Primary/);
  await checkA11y(host);
});

test('the host records a panel decision, refused first as inquorate, and its spend', async () => {
  await tabTo(host, host.getByRole('link', { name: 'Panel decisions', exact: true }));
  await pressAndLoad(host);
  await checkA11y(host);
  await tabTo(host, host.getByRole('link', { name: 'Record a panel decision', exact: true }));
  await pressAndLoad(host);
  await chooseRadio(host, 'Which school made the request?', 'Birch Primary');
  await submit(host, 'Continue');
  assert.equal(await heading(host), 'Record a panel decision on Birch Primary’s request');
  await checkA11y(host);

  await choose(host, 'Which heads were present?', 'head-alder (926)');
  await typeInto(host, 'What is the request for?', 'Speech and language therapy for a group of six pupils');
  await typeInto(host, 'Amount asked for', '2,500');
  await choose(host, 'What did the panel decide?', 'Agreed');
  await typeInto(host, 'The panel’s reasons', 'The group meets the cluster’s criteria');
  await chooseRadio(
    host,
    'If the request is agreed, what does it do to the spending plan?',
    'Add a line for the amount agreed, to the end of the year',
  );
  await choose(host, 'What is the new line for?', 'Intervention');
  const inquorate = await submit(host, 'Record the decision', 120);
  assert.equal(inquorate.status(), 400);
  await assertFocused(host.locator('.govuk-error-summary'), 'the error summary');
  assert.deepEqual(await host.locator('.govuk-error-summary__list a').allTextContents(), [
    '1 of 4 heads was present; at least 2 are needed',
  ]);
  await checkA11y(host);

  await choose(host, 'Which heads were present?', 'head-birch (926)');
  await submit(host, 'Record the decision', 120);
  assert.equal(await heading(host), 'Panel decisions');
  assert.match(await mainText(host), /The panel’s decision was recorded\./);
  await checkA11y(host);

  await tabTo(host, host.getByRole('link', { name: 'Spend', exact: true }));
  await pressAndLoad(host);
  assert.equal(await heading(host), 'Spend');
  await checkA11y(host);
  await tabTo(
    host,
    host.getByRole('link', {
      name: 'Record spend on Reading recovery, two teaching assistants',
      exact: true,
    }),
    80,
  );
  await pressAndLoad(host);
  await chooseRadio(host, 'Which school was it spent at?', 'Birch Primary');
  await typeInto(host, 'Amount spent', '900');
  await typeInto(host, 'What was it spent on?', 'Training and books');
  await submit(host, 'Record the spend');
  assert.equal(await heading(host), 'Spend');
  // Spent 90,000p of 4,000,001p: 3,910,001p to carry forward.
  assert.match(
    await mainText(host),
    /Allocation £40,000\.01; spent £900; balance to carry forward £39,100\.01\./,
  );
  await checkA11y(host);

  await tabTo(host, host.getByRole('link', { name: 'End-of-year return', exact: true }));
  await pressAndLoad(host);
  assert.match(
    await mainText(host),
    /you submit it once the year ends on 31 August 2026, and by 30 September 2026/,
  );
  await checkA11y(host);
});

test('a head teacher reads the cluster’s plan, and cannot change it', async () => {
  const head = await e.newPage();
  await signIn(head, made.user.cedar.email);
  await head.goto(`/cluster-funding/${made.alder}/pots/${made.pot}/plan`);
  await waitForFrontend(head);
  assert.equal(await heading(head), 'Spending plan');
  const row = await textOf(head.getByRole('row', { name: /One-to-one support/ }));
  assert.match(row, /A pupil at Alder Primary/);
  assert.equal(await head.getByRole('link', { name: /^Add / }).count(), 0);
  await checkA11y(head);
});

test('the LA’s finance officer reads every cluster for the pot, filters them and opens one', async () => {
  const finance = await e.newPage();
  await signIn(finance, made.user.finance.email);
  await finance.goto('/funding/clusters');
  await waitForFrontend(finance);
  assert.equal(await heading(finance), 'Clusters’ funding: SEND 2026-27');
  assert.match(await mainText(finance), /Allocations for 2026-27 are not yet adopted by the LA/);
  await checkA11y(finance);

  await tabTo(finance, finance.getByLabel('Pot'));
  await finance.keyboard.type('SEND 2025');
  await submit(finance, 'Show clusters');
  assert.equal(await heading(finance), 'Clusters’ funding: SEND 2025-26');
  // Planned: £15,000 + £30,000 + the £2,500 the panel agreed = £47,500; spent £900, 90,000 of
  // 4,000,001p, 2.2% to one place.
  assert.match(
    await textOf(finance.getByRole('row', { name: /^Alder cluster/ })),
    /£40,000\.01 £47,500 £900 2\.2% Not due/,
  );
  await checkA11y(finance);

  await tabTo(finance, finance.getByRole('link', { name: 'Alder cluster', exact: true }), 60);
  await pressAndLoad(finance);
  assert.equal(await heading(finance), 'SEND 2025-26');
  assert.match(await mainText(finance), /What the host has to do/);
  await checkA11y(finance);
});

test('after the year ends the host sends the return and the LA accepts it, by keyboard', async () => {
  // 2 March 2026 to 10 September 2026: 192 days; sessions begun before then have run out.
  e.t.clock.advance(192 * 24 * 60);
  const base = `/cluster-funding/${made.alder}/pots/${made.pot}`;
  const sender = await e.newPage();
  await signIn(sender, made.user.host.email);
  await sender.goto(`${base}/return`);
  await waitForFrontend(sender);
  assert.equal(await heading(sender), 'End-of-year return for 2025-26');
  await checkA11y(sender);
  await typeInto(sender, 'Commentary', 'The reading programme ran all year.');
  await typeInto(sender, 'Impact', 'Reading ages rose by 14 months on average.');
  await submit(sender, 'Submit the end-of-year return');
  assert.match(await mainText(sender), /The end-of-year return was sent to the LA\./);
  assert.match(await mainText(sender), /Nothing: the LA is checking the return\./);
  await checkA11y(sender);

  const finance = await e.newPage();
  await signIn(finance, made.user.finance.email);
  await finance.goto(`${base}/return`);
  await waitForFrontend(finance);
  await checkA11y(finance);
  await chooseRadio(finance, 'Your answer', 'Accept the return');
  await submit(finance, 'Send your answer');
  assert.match(await mainText(finance), /The return was accepted\./);
  await checkA11y(finance);
});
