import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { addUser } from '../support/children.ts';
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

/**
 * The programme manager's journey by keyboard: the programme from the menu, a project, a
 * dependency that would close a circle refused and named, and the timeline; each page checked
 * with axe and at 320 pixels. The test clock stands at 2 March 2026.
 */

let e: E2e;
let page: Page;
const ids: Record<string, string> = {};
let programme = '';

before(async () => {
  e = await startE2e();
  const { t } = e;
  const db = t.database.db;
  const user = await addUser(t, t.la.code, 'manager', ['programme_manager']);
  programme =
    (
      await sql<{
        id: string;
      }>`INSERT INTO programmes (la_code, name, budget_pence, manager_name, starts_on, purpose)
        VALUES (${t.la.code}, 'SEND transformation programme', 12000000000, 'Pat Example', '2026-01-05',
          'Up to four new special schools and 170 more SRB places.') RETURNING id`.execute(db)
    ).rows[0]?.id ?? '';
  await sql`INSERT INTO programme_board_members (la_code, programme_id, name, role)
    VALUES (${t.la.code}, ${programme}, 'Sam Board', 'Chair')`.execute(db);
  const stream =
    (
      await sql<{ id: string }>`INSERT INTO workstreams (la_code, programme_id, name, lead_name)
        VALUES (${t.la.code}, ${programme}, 'EHCP performance improvement', 'Head of SEN Services') RETURNING id`.execute(
        db,
      )
    ).rows[0]?.id ?? '';
  for (const [name, rag, from, to] of [
    ['The 20-week process', 'green', '2026-03-02', '2026-08-31'],
    ['20-week backlog reduction', 'red', '2026-04-01', '2026-12-31'],
  ] as const)
    ids[name] =
      (
        await sql<{ id: string }>`INSERT INTO programme_projects (la_code, programme_id, workstream_id, name,
          lead_name, status, priority, rag, rag_reason, planned_start, planned_end)
          VALUES (${t.la.code}, ${programme}, ${stream}, ${name}, 'Lead', 'not_started', 1, ${rag},
            'The reason for it', ${from}, ${to}) RETURNING id`.execute(db)
      ).rows[0]?.id ?? '';
  await sql`INSERT INTO programme_work_items (la_code, project_id, title, status, due_on)
    VALUES (${t.la.code}, ${ids['The 20-week process']}, 'Go-live planning for August 2019', 'in_progress', '2026-06-01')`.execute(
    db,
  );
  await sql`INSERT INTO programme_project_dependencies (la_code, programme_id, before_id, after_id)
    VALUES (${t.la.code}, ${programme}, ${ids['The 20-week process']}, ${ids['20-week backlog reduction']})`.execute(
    db,
  );
  ids.benefit =
    (
      await sql<{
        id: string;
      }>`INSERT INTO programme_benefits (la_code, programme_id, name, measure, unit, direction,
          cashable, baseline, baseline_year, target, target_year, owner_name)
        VALUES (${t.la.code}, ${programme}, 'Shorter journeys', 'Average journey in minutes', 'minutes', 'decrease',
          false, 32, 2025, 28, 2028, 'Head of Transport') RETURNING id`.execute(db)
    ).rows[0]?.id ?? '';
  page = await e.newPage();
  await signIn(page, user.email);
});
after(() => e?.close());

const heading = (p: Page) => textOf(p.getByRole('heading', { level: 1 }));
const mainText = (p: Page) => textOf(p.locator('main'));

test('the programme manager reads the programme and a project, and a circle of dependencies is refused', async () => {
  await page.goto('/');
  await waitForFrontend(page);
  await tabTo(page, page.getByRole('link', { name: 'Programme', exact: true }), 40);
  await pressAndLoad(page);
  assert.equal(await heading(page), 'SEND transformation programme');
  assert.match(await mainText(page), /20-week backlog reduction is rated red: The reason for it/);
  await checkA11y(page);
  await tabTo(page, page.getByRole('link', { name: 'The 20-week process' }).last(), 80);
  await pressAndLoad(page);
  assert.equal(await heading(page), 'The 20-week process');
  assert.match(await mainText(page), /Go-live planning for August 2019/);
  await checkA11y(page);
  // The process cannot wait for the backlog work, which already waits for it.
  await tabTo(page, page.getByLabel('Add a project it waits for'), 80);
  await page.keyboard.type('20-week');
  await tabTo(page, page.getByRole('button', { name: 'Add the dependency' }));
  const refused = await pressAndLoad(page);
  assert.equal(refused.status(), 422);
  await assertFocused(page.locator('.govuk-error-summary'), 'the error summary');
  assert.deepEqual(await page.locator('.govuk-error-summary__list a').allTextContents(), [
    'This would make the projects wait for each other in a circle: The 20-week process → 20-week backlog reduction → The 20-week process',
  ]);
  await checkA11y(page);
});

test('the timeline shows the critical path beside its table, and the project forms pass axe', async () => {
  await page.goto(`/programme/${programme}/timeline`);
  await waitForFrontend(page);
  assert.equal(await heading(page), 'Timeline and critical path');
  assert.equal(await page.locator('svg[aria-labelledby^="gantt-title"]').count(), 1);
  assert.match(
    await mainText(page),
    /Any delay to these moves that date: The 20-week process, 20-week backlog reduction/,
  );
  await checkA11y(page);
  for (const url of [
    `/programme/${programme}/projects/new`,
    `/programme/${programme}/risks`,
    `/programme/${programme}/risks/new`,
    `/programme/${programme}/benefits`,
    `/programme/${programme}/report`,
    `/programme/${programme}/decisions`,
    '/programme/new',
    `/programme/${programme}/edit`,
    `/programme/${programme}/workstreams/new`,
    `/programme/${programme}/costs/new`,
    `/programme/${programme}/benefits/new`,
    `/programme/${programme}/benefits/${ids.benefit}`,
    `/programme/${programme}/projects/${ids['The 20-week process']}/edit`,
  ]) {
    await page.goto(url);
    await waitForFrontend(page);
    await checkA11y(page);
  }
});

test('the programme manager issues the board report by keyboard, and reads it as issued', async () => {
  await page.goto(`/programme/${programme}/report`);
  await waitForFrontend(page);
  await tabTo(page, page.getByRole('button', { name: 'Issue this report' }), 80);
  await pressAndLoad(page);
  assert.match(await mainText(page), /The report was issued/);
  await tabTo(page, page.getByRole('link', { name: /as the board was given it/ }), 120);
  await pressAndLoad(page);
  assert.match(await mainText(page), /As issued to the board on 2 March 2026/);
  await checkA11y(page);
});
