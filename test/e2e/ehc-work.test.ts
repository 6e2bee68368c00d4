import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { addChild, addUser, apiAs, tokenFor } from '../support/children.ts';
import { openEhcRequest } from '../support/ehc.ts';
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

// The test clock stands at Monday 2 March 2026.
let e: E2e;
let coordinator: Page;
let manager: Page;
const ids: Record<string, string> = {};
/** Requests nobody has been given yet: more than a page of them, all open past 20 weeks. */
const unallocated = 53;

before(async () => {
  e = await startE2e();
  const { t } = e;
  const mine = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
  const boss = await addUser(t, t.la.code, 'manager', ['send_team_manager']);
  const team = apiAs(t, await tokenFor(t, t.la.code, boss.id));
  const child = (forename: string, surname: string) => addChild(t, t.la.code, { forename, surname });

  // Received Mon 5 Jan 2026: the decision whether to assess was due Mon 16 Feb, 14 days ago.
  ids.ada = await openEhcRequest(mine, await child('Ada', 'Lovelace'), '2026-01-05');
  // Received Mon 24 Nov 2025 and assessed; advice asked Mon 26 Jan is due Mon 9 Mar, in 7 days.
  ids.grace = await openEhcRequest(mine, await child('Grace', 'Hopper'), '2025-11-24', [
    { type: 'assessment-decided', on: '2026-01-05', outcome: 'assess', reasons: 'Evidence of needs.' },
    {
      type: 'advice-requested',
      on: '2026-01-26',
      kind: 'educational',
      adviser: 'Norfolk EP service',
      fromSchool: false,
      fromEarlyYears: false,
    },
  ]);
  // Received Mon 16 Feb 2026: the decision is due Mon 30 Mar.
  ids.alan = await openEhcRequest(mine, await child('Alan', 'Turing'), '2026-02-16');
  // A namesake still waiting for the decision, so the stage filter has someone to leave out.
  await openEhcRequest(team, await child('Grace', 'Hooper'), '2026-02-09');
  for (let n = 1; n < unallocated; n++)
    await openEhcRequest(team, await child('Pupil', `Waiting${String(n).padStart(2, '0')}`), '2025-09-01');

  coordinator = await e.newPage();
  await signIn(coordinator, t.la.users.coordinator.email);
  manager = await e.newPage();
  await signIn(manager, boss.email);
});
after(() => e?.close());

const path = (page: Page) => new URL(page.url()).pathname;
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const mainText = (page: Page) => textOf(page.locator('main'));

test('a coordinator’s home page shows their EHC work: overdue, due in 7 days and new to them, by keyboard', async () => {
  await coordinator.goto('/');
  await waitForFrontend(coordinator);
  const main = await mainText(coordinator);
  assert.match(main, /Your EHC work You have 3 open requests\./);
  assert.match(main, /1 ?overdue 1 ?due in the next 7 days 3 ?given to you in the last 7 days/);
  assert.match(
    main,
    /Overdue, most overdue first Ada Lovelace: Decide whether to assess, due 16 February 2026, 14 days overdue/,
  );
  assert.match(main, /Due in the next 7 days Grace Hopper: Advice, due 9 March 2026/);
  assert.match(main, /New to you (?=.*Ada Lovelace)(?=.*Grace Hopper)(?=.*Alan Turing)/);
  assert.doesNotMatch(main, /Your team/);
  await checkA11y(coordinator);

  await tabTo(coordinator, coordinator.getByRole('link', { name: 'overdue', exact: true }));
  await pressAndLoad(coordinator);
  assert.equal(path(coordinator), '/ehc');
  assert.equal(await coordinator.getByLabel('Next step due').inputValue(), 'overdue');
  const rows = await textOf(coordinator.getByRole('region', { name: /^1 request/ }));
  assert.match(rows, /Ada Lovelace/);
  assert.doesNotMatch(rows, /Grace Hopper|Alan Turing/);
  await checkA11y(coordinator);
});

test('a coordinator filters their caseload by when the next step is due, by keyboard', async () => {
  await coordinator.goto('/ehc');
  await waitForFrontend(coordinator);
  assert.equal(await heading(coordinator), 'Your caseload');
  assert.match(await mainText(coordinator), /3 requests\./);
  await checkA11y(coordinator);

  await tabTo(coordinator, coordinator.getByLabel('Next step due'));
  await coordinator.keyboard.type('Due in');
  assert.equal(await coordinator.getByLabel('Next step due').inputValue(), 'within-7-days');
  await tabTo(coordinator, coordinator.getByRole('button', { name: 'Apply filters' }));
  await pressAndLoad(coordinator);
  assert.equal(new URL(coordinator.url()).searchParams.get('due'), 'within-7-days');
  const table = await textOf(coordinator.getByRole('table', { name: 'Your caseload' }));
  assert.match(table, /Grace Hopper.* Assessing Advice, 9 March 2026 Due within 7 days/);
  assert.doesNotMatch(table, /Ada Lovelace|Alan Turing/);
  await checkA11y(coordinator);

  await tabTo(coordinator, coordinator.getByRole('link', { name: 'Clear filters' }));
  await pressAndLoad(coordinator);
  assert.equal(new URL(coordinator.url()).search, '');
  assert.match(await mainText(coordinator), /3 requests\./);
});

test('the request page puts the next step first: its name, due date and days late, and a button to its form', async () => {
  await coordinator.goto(`/ehc/requests/${ids.ada}`);
  await waitForFrontend(coordinator);
  assert.equal(await heading(coordinator), 'Ada Lovelace');
  const next = coordinator.locator('.app-next-step');
  assert.equal(await textOf(next.getByRole('heading', { level: 2 })), 'Next: Decide whether to assess');
  assert.match(await textOf(next), /Decide whether to assess: due 16 February 2026, 14 days late\./);
  await checkA11y(coordinator);

  // The next step's button is the first thing to reach in the page's content.
  await coordinator.keyboard.press('Tab');
  await coordinator.keyboard.press('Enter');
  await assertFocused(coordinator.locator('main'), 'the main content');
  await coordinator.keyboard.press('Tab');
  await assertFocused(
    next.getByRole('button', { name: 'Decide whether to assess' }),
    'the next step’s button',
  );
  await pressAndLoad(coordinator);
  assert.equal(path(coordinator), `/ehc/requests/${ids.ada}/steps/assessment-decided`);
  assert.ok(
    await coordinator.getByRole('group', { name: 'Date the decision was sent' }).isVisible(),
    'the step’s form asks for the date of the decision',
  );
  await checkA11y(coordinator);
});

test('a SEND team manager’s home page shows their team’s figures, leading to the requests nobody has', async () => {
  await manager.goto('/');
  await waitForFrontend(manager);
  const main = await mainText(manager);
  assert.match(main, /Your team/);
  assert.match(main, new RegExp(`${unallocated - 1} ?open past 20 weeks ${unallocated} ?not allocated`));
  assert.match(main, /of new plans in 2026 within 20 weeks/);
  assert.doesNotMatch(main, /Your EHC work/);
  await checkA11y(manager);

  await tabTo(manager, manager.getByRole('link', { name: 'not allocated' }));
  await pressAndLoad(manager);
  assert.equal(path(manager), '/ehc/requests');
  assert.equal(await manager.getByLabel('Coordinator').inputValue(), 'none');
  assert.match(await mainText(manager), new RegExp(`${unallocated} requests, showing 1 to 50\\.`));
  await checkA11y(manager);
});

test('the team’s requests: a search with a typo and a stage, sorting by a column, the second page and the downloads, by keyboard', async () => {
  await manager.goto('/');
  await waitForFrontend(manager);
  await tabTo(
    manager,
    manager.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'EHC', exact: true }),
  );
  await pressAndLoad(manager);
  // A manager with no caseload of their own is taken to the team's requests.
  assert.equal(path(manager), '/ehc/requests');
  assert.equal(await heading(manager), 'EHC requests');
  assert.match(await mainText(manager), new RegExp(`${unallocated + 3} requests, showing 1 to 50\\.`));

  await tabTo(manager, manager.getByLabel('Child’s name, UPN or reference'));
  await manager.keyboard.type('grace hoper');
  await manager.keyboard.press('Tab');
  await assertFocused(manager.getByLabel('Stage'), 'the stage');
  await manager.keyboard.type('Assessing');
  assert.equal(await manager.getByLabel('Stage').inputValue(), 'assessing');
  await tabTo(manager, manager.getByRole('button', { name: 'Apply filters' }));
  await pressAndLoad(manager);
  const found = manager.getByRole('region', { name: /^1 request\./ });
  assert.match(await textOf(found), /Grace Hopper.* Assessing/);
  assert.doesNotMatch(await textOf(found), /Hooper/);
  await checkA11y(manager);

  await tabTo(manager, manager.getByRole('link', { name: 'Clear filters' }));
  await pressAndLoad(manager);
  const byNextDue = manager.getByRole('columnheader', { name: /^Next due/ });
  assert.equal(await byNextDue.getAttribute('aria-sort'), 'ascending');
  await tabTo(manager, manager.getByRole('link', { name: /^Child\W+sort ascending$/ }));
  await pressAndLoad(manager);
  assert.equal(new URL(manager.url()).searchParams.get('sort'), 'child');
  const byChild = manager.getByRole('columnheader', { name: /^Child/ });
  assert.equal(await byChild.getAttribute('aria-sort'), 'ascending');
  assert.equal(await byNextDue.getAttribute('aria-sort'), null);
  // Sorted by the child's name, surname first: Hooper, Hopper, Lovelace, Turing, then the rest.
  assert.match(await textOf(manager.getByRole('row').nth(1)), /^Grace Hooper/);
  assert.match(await textOf(manager.getByRole('row').nth(4)), /^Alan Turing/);
  await checkA11y(manager);

  const pages = manager.getByRole('navigation', { name: 'Pages of requests' });
  await tabTo(manager, pages.getByRole('link', { name: 'Page 2' }), 120);
  await pressAndLoad(manager);
  const url = new URL(manager.url());
  assert.equal(url.searchParams.get('page'), '2');
  assert.equal(url.searchParams.get('sort'), 'child', 'the sort is kept');
  assert.match(
    await mainText(manager),
    new RegExp(`${unallocated + 3} requests, showing 51 to ${unallocated + 3}\\.`),
  );
  assert.equal(await pages.getByRole('link', { name: 'Page 2' }).getAttribute('aria-current'), 'page');
  await checkA11y(manager);

  for (const format of ['CSV', 'XLSX']) {
    const link = manager.getByRole('link', {
      name: `Download the ${unallocated + 3} EHC requests found as ${format}`,
    });
    // From the top of the page: past the menu, the filters and a page of the table.
    await tabTo(manager, link, 60);
    assert.equal(
      new URL((await link.getAttribute('href')) ?? '', e.baseUrl).searchParams.get('format'),
      format.toLowerCase(),
    );
  }
});

test('the team dashboard: its chart’s key, its tables, the weekly figures and the downloads, by keyboard', async () => {
  await manager.goto('/ehc/requests');
  await waitForFrontend(manager);
  await tabTo(manager, manager.getByRole('link', { name: 'Team dashboard' }));
  await pressAndLoad(manager);
  assert.equal(path(manager), '/ehc/dashboard');
  assert.equal(await heading(manager), 'SEND team dashboard');
  await checkA11y(manager);

  const legend = manager.locator('figure').getByRole('listitem');
  assert.deepEqual(await legend.allTextContents(), [
    'Plans issued each week (left scale)',
    '% issued within 20 weeks, excluding exceptions (right scale)',
  ]);
  const allocation = manager.getByRole('region', { name: 'Open requests by coordinator' });
  await tabTo(manager, allocation);
  assert.match(await textOf(allocation), /coordinator of Norfolk \(test\) 3 1 1/);
  await tabTo(manager, manager.getByRole('link', { name: 'Download open requests by coordinator as CSV' }));
  const breaches = manager.getByRole('region', { name: 'The most recent breaches of the LA’s deadlines' });
  await tabTo(manager, breaches);
  assert.match(await textOf(breaches), /Ada Lovelace Decide whether to assess 16 February 2026 14 days/);

  const weekly = manager.getByText('The weekly figures as a table');
  await tabTo(manager, manager.locator('summary', { has: weekly }));
  await manager.keyboard.press('Enter');
  const weeks = manager.getByRole('region', { name: 'Week by week' });
  await tabTo(manager, weeks);
  assert.match(await textOf(weeks), /5 January 2026 1 0/);
  await tabTo(manager, manager.getByRole('link', { name: 'Download the weekly figures in 2026 as XLSX' }), 3);
  await checkA11y(manager);
});
