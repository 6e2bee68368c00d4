import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { refreshPlanDates } from '../../src/modules/ehc/reviews/plan-dates.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { addChild, addUser, apiAs, tokenFor } from '../support/children.ts';
import {
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

// The test clock stands at Monday 2 March 2026.
let e: E2e;
let coordinator: Page;
let senco: Page;
const ids: Record<string, string> = {};

before(async () => {
  e = await startE2e();
  const { t } = e;
  const setting = async (name: string, phase: string, low: number, high: number) => {
    const r = await sql<{ id: string }>`
      INSERT INTO establishments (la_code, name, name_search, setting_kind, type_name, phase, statutory_low_age, statutory_high_age)
      VALUES (${t.la.code}, ${name}, ${name.toLowerCase()}, 'school', 'Community school', ${phase}, ${low}, ${high})
      RETURNING id`.execute(t.database.db);
    return r.rows[0]?.id ?? '';
  };
  const primary = await setting('Swaffham Primary', 'Primary', 4, 11);
  const high = await setting('Aylsham High', 'Secondary', 11, 16);
  const plan = async (
    forename: string,
    surname: string,
    dateOfBirth: string,
    school: string,
    issuedOn: string,
  ) => {
    const childId = await addChild(t, t.la.code, { forename, surname, dateOfBirth, establishmentId: school });
    const r = await sql<{ id: string }>`
      INSERT INTO ehc_plans (la_code, child_id, status, drafted_on, issued_on, establishment_id, setting_name, provision)
      VALUES (${t.la.code}, ${childId}, 'active', ${issuedOn}, ${issuedOn}, ${school}, 'Named setting', 'mainstream')
      RETURNING id`.execute(t.database.db);
    const planId = r.rows[0]?.id ?? '';
    await inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
      refreshPlanDates(tx, t.la.code, '2026-03-02', [planId]),
    );
    return planId;
  };
  // Year 4 at a primary school: no transfer. Issued 10 April 2025, due by 9 April 2026: within 8 weeks.
  await plan('Ada', 'Lovelace', '2017-01-15', primary, '2025-04-10');
  // Issued 1 December 2024, due by 30 November 2025: 92 days overdue (1 to 30 December 30 days
  // after the 30 November, then 31 and 28 and 2).
  await plan('Grace', 'Hopper', '2017-06-15', primary, '2024-12-01');
  // Year 11 at an 11 to 16 school: to post-16, before 31 March 2026. Issued 1 July 2025.
  await plan('Alan', 'Turing', '2010-02-10', high, '2025-07-01');
  // Year 6: to secondary, before 15 February 2026, now passed. Issued 1 June 2025.
  ids.katherinePlan = await plan('Katherine', 'Johnson', '2015-02-10', primary, '2025-06-01');

  // The LA begins Katherine's review; the meeting was held on 16 February, so the school's report
  // is due by 2 March, today.
  const api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
  const started = await api.post(`/api/v1/ehc/plans/${ids.katherinePlan}/reviews`, {});
  assert.equal(started.statusCode, 201, started.body);
  ids.review = (started.json() as { id: string }).id;
  for (const step of [
    { type: 'invited', on: '2026-02-02', meetingOn: '2026-02-16', invitees: ['Parents', 'SENCo'] },
    { type: 'meeting-held', on: '2026-02-16' },
  ]) {
    const res = await api.post(`/api/v1/ehc/reviews/${ids.review}/steps`, { step });
    assert.equal(res.statusCode, 201, res.body);
  }

  const sencoUser = await addUser(t, t.la.code, 'senco', ['senco']);
  await sql`INSERT INTO establishment_staff (la_code, user_id, establishment_id, role)
    VALUES (${t.la.code}, ${sencoUser.id}, ${primary}, 'senco')`.execute(t.database.db);
  coordinator = await e.newPage();
  await signIn(coordinator, t.la.users.coordinator.email);
  senco = await e.newPage();
  await signIn(senco, sencoUser.email);
});
after(() => e?.close());

const main = (page: Page) => textOf(page.locator('main'));

test('a coordinator goes through the review lists by keyboard: due, overdue, phase transfers and completion', async () => {
  await coordinator.goto('/');
  await waitForFrontend(coordinator);
  await tabTo(coordinator, coordinator.getByRole('link', { name: 'Reviews', exact: true }));
  await pressAndLoad(coordinator);
  assert.equal(new URL(coordinator.url()).pathname, '/ehc/reviews');
  const due = await textOf(coordinator.getByRole('region', { name: 'Reviews due: Swaffham Primary' }));
  assert.match(due, /Ada Lovelace.*9 April 2026 Not started Begin the review/);
  await checkA11y(coordinator);

  await tabTo(coordinator, coordinator.getByRole('link', { name: 'Overdue (1)' }));
  await pressAndLoad(coordinator);
  assert.equal(new URL(coordinator.url()).searchParams.get('show'), 'overdue');
  assert.match(await main(coordinator), /Grace Hopper.*30 November 2025 13 weeks \(92 days\)/);
  await checkA11y(coordinator);

  await tabTo(coordinator, coordinator.getByRole('link', { name: 'Phase transfers' }));
  await pressAndLoad(coordinator);
  const phase = await main(coordinator);
  assert.match(phase, /Moving on in September 2026/);
  // Katherine's review began after the deadline passed; Alan's has 29 days left.
  assert.match(phase, /Katherine Johnson.*before 15 February 2026 Deadline missed 15 days ago/);
  assert.match(phase, /Alan Turing.*Secondary to post-16 before 31 March 2026 Not started 29 days left/);
  await checkA11y(coordinator);

  // The table sorts by a column's button, by keyboard, without leaving the page: by child, then
  // by child the other way, Turing before Johnson.
  await tabTo(coordinator, coordinator.getByRole('button', { name: 'Child' }));
  await coordinator.keyboard.press('Enter');
  await coordinator.keyboard.press('Enter');
  const sorted = await textOf(coordinator.getByRole('table', { name: /what is lost first/ }));
  assert.ok(sorted.indexOf('Alan Turing') < sorted.indexOf('Katherine Johnson'), sorted);

  await tabTo(coordinator, coordinator.getByRole('link', { name: 'Completion' }));
  await pressAndLoad(coordinator);
  assert.match(await main(coordinator), /Completion from 3 March 2025 to 2 March 2026/);
  assert.ok(await coordinator.getByRole('img', { name: 'Completion month by month' }).isVisible());
  await checkA11y(coordinator);
});

test('a filter by setting, typed and applied by keyboard, keeps the view', async () => {
  await coordinator.goto('/ehc/reviews?show=phase-transfers');
  await waitForFrontend(coordinator);
  await tabTo(coordinator, coordinator.getByLabel('School or setting'));
  await coordinator.keyboard.type('Aylsham');
  await tabTo(coordinator, coordinator.getByRole('button', { name: 'Apply filters' }));
  await pressAndLoad(coordinator);
  const url = new URL(coordinator.url());
  assert.equal(url.searchParams.get('show'), 'phase-transfers');
  assert.equal(url.searchParams.get('setting'), 'Aylsham');
  const text = await main(coordinator);
  assert.match(text, /Alan Turing/);
  assert.doesNotMatch(text, /Katherine Johnson/);
  await checkA11y(coordinator);
});

test('a bad period is named in the error summary', async () => {
  await coordinator.goto('/ehc/reviews?show=completion&to-day=3&to-month=3&to-year=2026');
  await waitForFrontend(coordinator);
  const summary = coordinator.getByRole('alert');
  assert.match(await textOf(summary), /to must be today \(2026-03-02\) or earlier/);
  await checkA11y(coordinator);
});

test('a SENCo sees their pupils’ reviews and writes the report beside the plan, by keyboard', async () => {
  await senco.goto('/');
  await waitForFrontend(senco);
  await tabTo(senco, senco.getByRole('link', { name: 'Reviews', exact: true }));
  await pressAndLoad(senco);
  assert.equal(new URL(senco.url()).pathname, '/school/reviews');
  const list = await main(senco);
  assert.match(list, /1 review report is to write/);
  assert.match(list, /Katherine Johnson.*Held 16 February 2026 Due 2 March 2026 To write/);
  assert.doesNotMatch(list, /Alan Turing/);
  await checkA11y(senco);

  await tabTo(senco, senco.getByRole('link', { name: 'Write the review report for Katherine Johnson' }));
  await pressAndLoad(senco);
  assert.equal(await senco.getByRole('heading', { level: 1 }).textContent(), 'Write the review report');
  assert.ok(await senco.getByRole('heading', { name: 'The plan as it stands' }).isVisible());
  await checkA11y(senco);

  // Sent empty: the error summary names each answer needed, and takes focus.
  await tabTo(senco, senco.getByRole('button', { name: 'Send the report to the LA' }));
  await pressAndLoad(senco);
  const summary = await textOf(senco.getByRole('alert'));
  assert.match(summary, /Enter the date .*Select what the report recommends .*Enter the views/);
  await checkA11y(senco);

  await typeDate(senco, 'Date the report is sent', '2', '3', '2026');
  // Tab reaches a group of radios at its first; the arrow keys move along it.
  await choose(senco, 'What the report recommends', 'Maintain the plan as it is');
  await senco.keyboard.press('ArrowDown');
  assert.ok(await senco.getByLabel('Amend the plan', { exact: true }).isChecked());
  await tabTo(senco, senco.getByLabel('Views of the child or young person and their family'));
  await senco.keyboard.type('Katherine looks forward to secondary school.');
  await senco.keyboard.press('Tab');
  await senco.keyboard.type('Good progress in maths; reading needs support.');
  await senco.keyboard.press('Tab');
  await senco.keyboard.type('Name Aylsham High in section I.');
  await tabTo(senco, senco.getByRole('button', { name: 'Send the report to the LA' }));
  await pressAndLoad(senco);
  assert.equal(new URL(senco.url()).pathname, '/school/reviews');
  const after = await main(senco);
  assert.match(after, /The review report was sent to the LA\./);
  assert.match(after, /Katherine Johnson.*Received 2 March 2026/);
  await checkA11y(senco);
});
