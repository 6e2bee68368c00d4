import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { addCluster, addSchool, addUser } from '../support/children.ts';
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
 * Cluster funding scenarios by keyboard: a finance officer drafts two formulas for a pot and
 * compares them with last year and each other; a finance approver adopts one and publishes its
 * statements; a head teacher, told so on their home page, reads their school's. Four schools in
 * two clusters share £40,000 delegated to clusters in 2026-27:
 *
 *   school            cluster  pupils  SEN Support  last year
 *   Acle Primary      Broads     100        10        £9,000
 *   Brundall Infants  Broads     300        10       £11,000
 *   Cantley Juniors   Yare       200        30       £10,000
 *   Dilham School     Yare       200        10       £10,000
 *
 * "Pupils and lump sum": £2,000 a school (£8,000) and the £32,000 left at £40 a pupil (800):
 * Acle £6,000, Brundall £14,000, Cantley £10,000, Dilham £10,000.
 */

let e: E2e;
let officer: Page;
let approver: Page;
let head: Page;
let potId = '';
let scenarioUrl = '';

before(async () => {
  e = await startE2e();
  const { t } = e;
  const la = t.la.code;
  const officerUser = await addUser(t, la, 'finance', ['finance_officer']);
  const approverUser = await addUser(t, la, 'approver', ['finance_approver']);
  const headUser = await addUser(t, la, 'head', ['head_teacher']);
  const hostUser = await addUser(t, la, 'host', ['cluster_host']);
  const rows = [
    ['Acle Primary', 200001, 'Broads', 100, 10, 900_000],
    ['Brundall Infants', 200002, 'Broads', 300, 10, 1_100_000],
    ['Cantley Juniors', 200003, 'Yare', 200, 30, 1_000_000],
    ['Dilham School', 200004, 'Yare', 200, 10, 1_000_000],
  ] as const;
  const ids: string[] = [];
  for (const [name, urn] of rows) ids.push(await addSchool(t, la, name, urn));
  await addCluster(t, la, 'Broads', ids.slice(0, 2), hostUser.id);
  await addCluster(t, la, 'Yare', ids.slice(2), hostUser.id);
  await sql`INSERT INTO establishment_staff (la_code, user_id, establishment_id, role)
    VALUES (${la}, ${headUser.id}, ${ids[0]}, 'headteacher')`.execute(t.database.db);
  const pot = await sql<{ id: string }>`INSERT INTO funding_pots (la_code, name, year_kind, year, total_pence,
      delegated_percent, central_percent, delegated_pence, central_pence)
    VALUES (${la}, 'Learning Support', 'financial', 2026, 5000000, 80, 20, 4000000, 1000000) RETURNING id`.execute(
    t.database.db,
  );
  potId = pot.rows[0]?.id ?? '';
  for (const [i, [, , , pupils, sen, last]] of rows.entries()) {
    await sql`INSERT INTO funding_factor_values (la_code, pot_id, establishment_id, pupils, fsm_percent, sen_support, source)
      VALUES (${la}, ${potId}, ${ids[i]}, ${pupils}, 15, ${sen}, 'entered')`.execute(t.database.db);
    await sql`INSERT INTO funding_baselines (la_code, pot_id, establishment_id, pence)
      VALUES (${la}, ${potId}, ${ids[i]}, ${last})`.execute(t.database.db);
  }
  officer = await e.newPage();
  await signIn(officer, officerUser.email);
  approver = await e.newPage();
  await signIn(approver, approverUser.email);
  head = await e.newPage();
  await signIn(head, headUser.email);
});
after(() => e?.close());

const heading = (page: Page) => textOf(page.getByRole('heading', { level: 1 }));

/** Chooses an option of a factor's radios by keyboard, then types into the box it reveals. */
async function useFactor(page: Page, factor: string, option: string, value: string) {
  await tabTo(
    page,
    page.getByRole('radio', { name: 'Not used' }).and(page.locator(`input[name="terms-${factor}-kind"]`)),
    120,
  );
  const target = page
    .getByRole('radio', { name: option })
    .and(page.locator(`input[name="terms-${factor}-kind"]`));
  for (let i = 0; i < 3 && !(await target.isChecked()); i++) await page.keyboard.press('ArrowDown');
  assert.ok(await target.isChecked(), `${option} chosen for ${factor}`);
  await page.keyboard.press('Tab');
  await page.keyboard.type(value);
}

async function draft(name: string, factors: [string, string, string][]) {
  await officer.goto(`/funding/pots/${potId}/scenarios/new`);
  await waitForFrontend(officer);
  assert.equal(await heading(officer), 'New scenario for Learning Support 2026-27');
  await tabTo(officer, officer.getByLabel('Name of the scenario'), 60);
  await officer.keyboard.type(name);
  for (const [factor, option, value] of factors) await useFactor(officer, factor, option, value);
  await tabTo(officer, officer.getByRole('button', { name: 'Save the draft scenario' }), 200);
  return pressAndLoad(officer);
}

test('a finance officer drafts two formulas by keyboard, a mistake refused by its box on the way', async () => {
  const refused = await draft('Pupils and lump sum', [
    ['pupils', 'A weight', '100'],
    ['lumpSum', '£ per school', '2,000 pounds'],
  ]);
  assert.equal(refused.status(), 400);
  assert.deepEqual(await officer.locator('.govuk-error-summary__list a').allTextContents(), [
    'Lump sum: enter an amount in pounds using numbers only, like 1,350 or 1,350.50',
  ]);
  await checkA11y(officer);
  await tabTo(officer, officer.locator('.govuk-error-summary__list a').first(), 5);
  await officer.keyboard.press('Enter');
  await officer.keyboard.press('Control+A');
  await officer.keyboard.type('2,000');
  await tabTo(officer, officer.getByRole('button', { name: 'Save the draft scenario' }), 200);
  const saved = await pressAndLoad(officer);
  assert.equal(saved.status(), 200);
  assert.equal(await heading(officer), 'Pupils and lump sum Draft');
  scenarioUrl = new URL(officer.url()).pathname;
  await checkA11y(officer);

  const second = await draft('SEN Support', [['senSupport', 'A weight', '100']]);
  assert.equal(second.status(), 200);
  assert.equal(await heading(officer), 'SEN Support Draft');
});

test('the comparison shows last year and the other draft, with the chart’s figures in a table', async () => {
  await officer.goto(scenarioUrl);
  await waitForFrontend(officer);
  const main = await textOf(officer.locator('main'));
  // Acle £9,000 → £6,000, Brundall £11,000 → £14,000, Cantley and Dilham £10,000 both years.
  assert.match(main, /Of 4 schools, 1 gains, 1 loses and 2 stay the same\./);
  const acle = officer.getByRole('row', { name: /^Acle Primary/ }).last();
  // SEN Support gives Acle 10 of 60 pupils' £40,000: £6,666.67; the difference −£666.67.
  assert.match(await textOf(acle), /£9,000 £6,000 −£3,000 −33\.3% £6,666\.67 −£666\.67$/);
  assert.ok(
    await officer
      .getByRole('img', { name: 'Schools by change from last year under Pupils and lump sum' })
      .isVisible(),
  );
  await checkA11y(officer);

  // Leaving the other draft out, by keyboard.
  await tabTo(officer, officer.getByRole('checkbox', { name: 'SEN Support' }), 80);
  await officer.keyboard.press('Space');
  await tabTo(officer, officer.getByRole('button', { name: 'Compare' }), 5);
  await pressAndLoad(officer);
  assert.match(await textOf(officer.getByRole('row', { name: /^Acle Primary/ }).last()), /−33\.3%$/);
});

test('a finance approver adopts the draft and publishes its statements, by keyboard', async () => {
  await approver.goto(scenarioUrl);
  await waitForFrontend(approver);
  await tabTo(approver, approver.getByRole('link', { name: 'Adopt Pupils and lump sum' }), 60);
  await pressAndLoad(approver);
  assert.equal(await heading(approver), 'Adopt Pupils and lump sum');
  assert.match(await textOf(approver.locator('main')), /Schools 4 Clusters 2 Shared between them £40,000/);
  await checkA11y(approver);
  await tabTo(approver, approver.getByRole('button', { name: 'Adopt Pupils and lump sum' }), 40);
  await pressAndLoad(approver);
  assert.match(await textOf(approver.locator('main')), /The scenario has been adopted\./);
  await checkA11y(approver);

  await tabTo(approver, approver.getByRole('link', { name: 'Publish the statements' }), 60);
  await pressAndLoad(approver);
  await checkA11y(approver);
  await tabTo(approver, approver.getByRole('button', { name: 'Publish the statements' }), 40);
  await pressAndLoad(approver);
  assert.match(await textOf(approver.locator('main')), /The statements have been published\./);
});

test('a head teacher is told on their home page the statements are published, and reads their school’s', async () => {
  await head.goto('/');
  await waitForFrontend(head);
  assert.match(
    await textOf(head.locator('main')),
    /The LA has published 1 statement for your school and 1 for your cluster, the latest on \d+ \w+ 20\d\d/,
  );
  await checkA11y(head);
  await tabTo(head, head.getByRole('link', { name: 'Read your funding statements' }), 60);
  await pressAndLoad(head);
  assert.equal(await heading(head), 'Funding statements');
  await checkA11y(head);
  await tabTo(head, head.getByRole('link', { name: 'Acle Primary' }), 60);
  await pressAndLoad(head);
  assert.equal(await heading(head), 'Acle Primary: Learning Support allocation for 2026-27');
  const main = await textOf(head.locator('main'));
  // £2,000 lump sum and 100 pupils at £40: £6,000, down £3,000 on £9,000.
  assert.match(main, /Allocation for 2026-27\s*£6,000/);
  assert.match(main, /Change from last year\s*−£3,000 \(−33\.3%\)/);
  assert.ok(await head.getByRole('link', { name: 'Download this document as a PDF' }).isVisible());
  await checkA11y(head);
});
