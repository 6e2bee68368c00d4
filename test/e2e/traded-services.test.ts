import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { addCluster, addSchool, addUser, browserAs } from '../support/children.ts';
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
  typeDate,
  waitForFrontend,
} from './support.ts';

/**
 * Traded services by keyboard: a head teacher orders Educational Psychology days for their school,
 * an adviser records a delivery, and a finance officer reads the reports. Every page is checked
 * with axe and at 320 pixels. The test clock stands at 2 March 2026, in the academic year 2025-26.
 *
 * Dereham Infant has 180 pupils: the 0 to 199 band, £500 a day in 2025-26.
 */

let e: E2e;
let head: Page;
let adviser: Page;
let officer: Page;
let serviceId = '';
let orderUrl = '';

before(async () => {
  e = await startE2e();
  const { t } = e;
  const school = await addSchool(t, t.la.code, 'Dereham Infant', 121_001);
  const other = await addSchool(t, t.la.code, 'Dereham Junior', 121_002);
  await sql`UPDATE establishments SET pupils = 180 WHERE id = ${school}`.execute(t.database.db);
  await sql`UPDATE establishments SET pupils = 240 WHERE id = ${other}`.execute(t.database.db);
  const headUser = await addUser(t, t.la.code, 'head', ['head_teacher']);
  const hostUser = await addUser(t, t.la.code, 'host', ['cluster_host']);
  await sql`INSERT INTO establishment_staff (la_code, user_id, establishment_id, role)
    VALUES (${t.la.code}, ${headUser.id}, ${school}, 'headteacher')`.execute(t.database.db);
  await addCluster(t, t.la.code, 'Dereham', [school, other], hostUser.id);
  const adviserUser = await addUser(t, t.la.code, 'ep', ['adviser']);
  const officerUser = await addUser(t, t.la.code, 'finance', ['finance_officer']);

  // The catalogue as the finance officer keeps it, through its forms.
  const keeper = await browserAs(t, officerUser.email);
  const added = await keeper.post('/traded/services/new', {
    name: 'Educational Psychology day',
    unit: 'day',
    description: 'A day of an educational psychologist’s time for consultation, assessment and training.',
    team: 'Educational Psychology and Specialist Support',
  });
  serviceId = /\/traded\/services\/([0-9a-f-]{36})/.exec(added.headers.location as string)?.[1] ?? '';
  const priced = await keeper.post(`/traded/services/${serviceId}/prices/2025-26`, {
    version: '0',
    rows: '3',
    cluster: '',
    'band-0-from': '0',
    'band-0-to': '199',
    'band-0-price': '500',
    'band-1-from': '200',
    'band-1-to': '499',
    'band-1-price': '460',
    'band-2-from': '500',
    'band-2-to': '',
    'band-2-price': '420',
  });
  assert.equal(priced.statusCode, 303, priced.body);
  await sql`INSERT INTO funding_pots (la_code, name, year_kind, year, total_pence, delegated_percent,
    central_percent, delegated_pence, central_pence)
    VALUES (${t.la.code}, 'SEND funding', 'academic', 2025, 4000000, 75, 25, 3000000, 1000000)`.execute(
    t.database.db,
  );

  head = await e.newPage();
  await signIn(head, headUser.email);
  adviser = await e.newPage();
  await signIn(adviser, adviserUser.email);
  officer = await e.newPage();
  await signIn(officer, officerUser.email);
});
after(() => e?.close());

const heading = (page: Page) => textOf(page.getByRole('heading', { level: 1 }));
const mainText = (page: Page) => textOf(page.locator('main'));

test('a head teacher orders Educational Psychology days for their school by keyboard', async () => {
  await head.goto('/');
  await waitForFrontend(head);
  await tabTo(head, head.getByRole('link', { name: 'Traded services' }));
  await pressAndLoad(head);
  assert.equal(await heading(head), 'Traded services');
  assert.equal(
    await textOf(head.getByRole('row', { name: /^Educational Psychology day/ })),
    'Educational Psychology day £500 a day Not priced yet Order Educational Psychology day for Dereham Infant',
  );
  await checkA11y(head);

  await tabTo(
    head,
    head.getByRole('link', { name: 'Order Educational Psychology day for Dereham Infant' }),
    60,
  );
  await pressAndLoad(head);
  assert.equal(await heading(head), 'Order Educational Psychology day');
  await checkA11y(head);

  // Sent with no number of days: the error summary takes focus and names the box.
  await tabTo(head, head.getByRole('button', { name: 'Place the order' }), 60);
  const refused = await pressAndLoad(head);
  assert.equal(refused.status(), 400);
  await assertFocused(head.locator('.govuk-error-summary'), 'the error summary');
  assert.deepEqual(await head.locator('.govuk-error-summary__list a').allTextContents(), [
    'Enter how many days as a number, like 3',
    'Choose how the school pays',
  ]);
  await checkA11y(head);

  await tabTo(head, head.getByLabel('How many days?'), 60);
  await head.keyboard.type('3');
  await choose(head, 'How does the school pay?', 'The school’s own budget');
  await tabTo(head, head.getByRole('button', { name: 'Place the order' }), 60);
  await pressAndLoad(head);
  orderUrl = new URL(head.url()).pathname;
  assert.equal(await heading(head), 'Educational Psychology day for Dereham Infant Ordered');
  const main = await mainText(head);
  assert.match(main, /Your order has been placed\./);
  // 3 days at £500: £1,500.
  assert.match(main, /Price £500 a day\. 180 pupils on roll: the 0 to 199 pupils band/);
  assert.match(main, /Total £1,500/);
  await checkA11y(head);

  await head.goto('/traded/orders');
  await waitForFrontend(head);
  assert.equal(await heading(head), 'Your orders for 2025-26');
  await checkA11y(head);
});

test('an adviser records a delivery against the order by keyboard', async () => {
  await adviser.goto('/');
  await waitForFrontend(adviser);
  await tabTo(adviser, adviser.getByRole('link', { name: 'Traded services' }));
  await pressAndLoad(adviser);
  assert.match(await mainText(adviser), /1 order is waiting for delivery/);
  await checkA11y(adviser);

  // The link's hidden words say which order it is: its name is the date, the service and the school.
  await tabTo(
    adviser,
    adviser.getByRole('link', { name: /^2 March 2026\s?: Educational Psychology day for Dereham Infant$/ }),
    60,
  );
  await pressAndLoad(adviser);
  assert.equal(new URL(adviser.url()).pathname, orderUrl);
  await checkA11y(adviser);

  await tabTo(adviser, adviser.getByRole('link', { name: 'Record a delivery' }), 60);
  await pressAndLoad(adviser);
  assert.equal(await heading(adviser), 'Record a delivery of Educational Psychology day for Dereham Infant');
  await checkA11y(adviser);

  // Four days is more than the three ordered: refused, saying how many remain.
  await typeDate(adviser, 'When was it delivered?', '10', '2', '2026');
  await tabTo(adviser, adviser.getByLabel('How many days?'));
  await adviser.keyboard.type('4');
  await tabTo(adviser, adviser.getByRole('button', { name: 'Record the delivery' }), 10);
  const refused = await pressAndLoad(adviser);
  assert.equal(refused.status(), 400);
  await assertFocused(adviser.locator('.govuk-error-summary'), 'the error summary');
  assert.deepEqual(await adviser.locator('.govuk-error-summary__list a').allTextContents(), [
    'Only 3 days of the 3 days ordered remain to be delivered: record 3 days or fewer',
  ]);
  await checkA11y(adviser);

  await tabTo(adviser, adviser.getByLabel('How many days?'), 60);
  await adviser.keyboard.press('Control+A');
  await adviser.keyboard.type('2');
  await tabTo(adviser, adviser.getByRole('button', { name: 'Record the delivery' }), 10);
  await pressAndLoad(adviser);
  const main = await mainText(adviser);
  assert.match(main, /The delivery has been recorded\./);
  // 2 days at £500: £1,000; 1 day still to deliver.
  assert.match(main, /Delivered 2 days, worth £1,000/);
  assert.match(main, /1 day is still to be delivered, by 31 August 2026/);
  await checkA11y(adviser);
});

test('a finance officer reads uptake, income and buy-back, and the catalogue’s pages', async () => {
  await officer.goto('/');
  await waitForFrontend(officer);
  await tabTo(officer, officer.getByRole('link', { name: 'Traded services' }));
  await pressAndLoad(officer);
  await checkA11y(officer);

  await tabTo(officer, officer.getByRole('link', { name: 'Uptake, income and buy-back' }), 60);
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'Traded services in 2025-26');
  // Dereham Infant and Dereham Junior are in a cluster on 1 September 2025; one of them buys.
  assert.equal(
    await textOf(officer.getByRole('row', { name: /^Educational Psychology day/ }).first()),
    'Educational Psychology day 1 1 of 2 50% 3 days 2 days',
  );
  // Paid from the school's own budget, so none of the £30,000 delegated comes back.
  assert.match(
    await mainText(officer),
    /£0 of the £30,000 delegated to clusters in 2025-26 comes back to the LA as orders: 0%/,
  );
  assert.ok(
    await officer
      .getByRole('img', { name: 'Traded services ordered and delivered month by month in 2025-26' })
      .isVisible(),
  );
  await checkA11y(officer);

  await officer.goto(`/traded/services/${serviceId}`);
  await waitForFrontend(officer);
  assert.equal(await heading(officer), 'Educational Psychology day');
  await checkA11y(officer);
  await tabTo(officer, officer.getByRole('link', { name: 'Set the 2026-27 prices' }), 60);
  await pressAndLoad(officer);
  assert.equal(await heading(officer), 'Set the 2026-27 prices of Educational Psychology day');
  await checkA11y(officer);
});
