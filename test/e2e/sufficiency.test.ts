import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { addChild, addUser } from '../support/children.ts';
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
 * A SEND team manager's sufficiency journey by keyboard: places added on a special school's page
 * (a mistake first), places against occupancy read, a child added to the waiting list (a mistake
 * first) and their wait ended; each page checked with axe and at 320 pixels. The test clock
 * stands at 2 March 2026.
 */

let e: E2e;
let manager: Page;
let school: string;
const upn = 'A123456789012';

before(async () => {
  e = await startE2e();
  const { t } = e;
  const owner = t.database.db;
  const user = await addUser(t, t.la.code, 'manager', ['send_team_manager']);
  const r = await sql<{ id: string }>`
    INSERT INTO establishments (la_code, urn, name, name_search, setting_kind, type_name, phase, is_special,
      statutory_low_age, statutory_high_age, latitude, longitude, district)
    VALUES (${t.la.code}, 121900, 'Marshland Special School', 'marshland special school', 'school',
      'Community special school', 'Not applicable', true, 4, 19, 52.75, 0.4, 'King''s Lynn and West Norfolk')
    RETURNING id`.execute(owner);
  school = r.rows[0]?.id ?? '';
  for (let i = 0; i < 3; i++) {
    const child = await addChild(t, t.la.code, { dateOfBirth: '2018-01-15', establishmentId: school });
    // Two of the three live in PE30, so the travel page draws its map; the third has no location.
    if (i < 2)
      await sql`UPDATE children SET home_postcode = 'PE30 1AA', home_latitude = ${52.7 + i / 100}, home_longitude = 0.45
        WHERE id = ${child}`.execute(owner);
    await sql`INSERT INTO placements (la_code, child_id, establishment_id, placement_type, start_on, basis)
      VALUES (${t.la.code}, ${child}, ${school}, 'maintained_special', '2025-09-01', 'interim')`.execute(
      owner,
    );
  }
  await addChild(t, t.la.code, { upn, forename: 'Ava', surname: 'Wren', dateOfBirth: '2018-01-15' });
  manager = await e.newPage();
  await signIn(manager, user.email);
});
after(() => e?.close());

const heading = (page: Page) => textOf(page.getByRole('heading', { level: 1 }));
const mainText = (page: Page) => textOf(page.locator('main'));

/** A radio group is one Tab stop: Tab to its first option, then the arrow keys move to, and choose, another. */
async function pickRadio(page: Page, group: string, option: string) {
  const radios = page.getByRole('group', { name: group }).getByRole('radio');
  const labels = await radios.evaluateAll((els) =>
    els.map((el) => (el as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? ''),
  );
  await tabTo(page, radios.first());
  for (let i = 0; i < labels.indexOf(option); i++) await page.keyboard.press('ArrowDown');
  await assertFocused(page.getByRole('group', { name: group }).getByLabel(option, { exact: true }), option);
}

async function typeInto(page: Page, label: string, text: string, maxStops = 60) {
  await tabTo(page, page.getByLabel(label, { exact: true }), maxStops);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

test('a manager adds places on a special school’s page, by keyboard', async () => {
  await manager.goto(`/schools/${school}/places/new`);
  await waitForFrontend(manager);
  assert.equal(await heading(manager), 'Add designated places');
  await checkA11y(manager);
  await choose(manager, 'Where the places are', 'Special school');
  await tabTo(manager, manager.getByLabel('Type of need'));
  await manager.keyboard.type('Autis');
  await pickRadio(manager, 'Phase', 'Primary');
  await typeInto(manager, 'Youngest', '4');
  await typeInto(manager, 'Oldest', '16');
  await typeInto(manager, 'Places', '2');
  await typeDate(manager, 'The places start on', '1', '9', '2020');
  await tabTo(manager, manager.getByRole('button', { name: 'Add these places' }));
  const refused = await pressAndLoad(manager);
  assert.equal(refused.status(), 400);
  await assertFocused(manager.locator('.govuk-error-summary'), 'the error summary');
  assert.deepEqual(await manager.locator('.govuk-error-summary__list a').allTextContents(), [
    'Primary places are for ages 2 to 11: change the ages or the phase',
  ]);
  await checkA11y(manager);
  await typeInto(manager, 'Oldest', '11');
  await tabTo(manager, manager.getByRole('button', { name: 'Add these places' }));
  await pressAndLoad(manager);
  assert.match(manager.url(), new RegExp(`/schools/${school}\\?done=places-added#places$`));
  assert.match(await mainText(manager), /Special school: 2 places today/);
});

test('the manager reads places against occupancy and sees the school over', async () => {
  await manager.goto('/');
  await waitForFrontend(manager);
  await tabTo(manager, manager.getByRole('link', { name: 'Go to specialist place sufficiency' }), 80);
  await pressAndLoad(manager);
  assert.equal(await heading(manager), 'Specialist place sufficiency');
  await checkA11y(manager);
  await tabTo(
    manager,
    manager.getByRole('link', { name: 'See places by setting, need, phase and district' }),
    80,
  );
  await pressAndLoad(manager);
  assert.equal(await heading(manager), 'Specialist places today');
  assert.match(await mainText(manager), /Marshland Special School \(1 over\)/);
  await checkA11y(manager);
});

test('the manager reads how far children travel, and whose home has no location', async () => {
  await manager.goto('/sufficiency');
  await waitForFrontend(manager);
  await tabTo(
    manager,
    manager.getByRole('link', { name: 'See how far children travel, and who travels over the time limit' }),
    80,
  );
  await pressAndLoad(manager);
  assert.equal(await heading(manager), 'How far children travel');
  assert.match(await mainText(manager), /1 home has no location/);
  assert.equal(await manager.locator('svg[aria-labelledby^="journeys-map-title"]').count(), 1);
  assert.match(await mainText(manager), /Flows from home to setting/);
  await checkA11y(manager);
});

test('the manager adds a child to the waiting list and ends the wait, by keyboard', async () => {
  await manager.goto('/sufficiency/waiting/new');
  await waitForFrontend(manager);
  await checkA11y(manager);
  await typeInto(manager, 'Child’s UPN', upn);
  await choose(manager, 'The place they need', 'Special school');
  await tabTo(manager, manager.getByLabel('Type of need the place is for'));
  await manager.keyboard.type('Autis');
  await pickRadio(manager, 'Phase', 'Primary');
  await typeDate(manager, 'Waiting since', '1', '9', '2025');
  await typeDate(manager, 'Needed from', '31', '2', '2026');
  await tabTo(manager, manager.getByRole('button', { name: 'Add to the waiting list' }));
  const refused = await pressAndLoad(manager);
  assert.equal(refused.status(), 400);
  await assertFocused(manager.locator('.govuk-error-summary'), 'the error summary');
  assert.deepEqual(await manager.locator('.govuk-error-summary__list a').allTextContents(), [
    'Needed from must be a real date',
  ]);
  await checkA11y(manager);
  await typeDate(manager, 'Needed from', '5', '1', '2026');
  await tabTo(manager, manager.getByRole('button', { name: 'Add to the waiting list' }));
  await pressAndLoad(manager);
  assert.equal(await heading(manager), 'Waiting for a specialist place');
  assert.match(await mainText(manager), /The child was added to the waiting list/);
  assert.match(await mainText(manager), /56 days late/);
  await checkA11y(manager);

  await tabTo(manager, manager.getByRole('link', { name: 'Propose places for them' }), 80);
  await pressAndLoad(manager);
  assert.equal(await heading(manager), 'Propose places for the children waiting');
  await checkA11y(manager);
  await tabTo(manager, manager.getByRole('button', { name: 'Propose places now' }));
  await pressAndLoad(manager);
  await checkA11y(manager);
  await manager.goto('/sufficiency/waiting');
  await waitForFrontend(manager);
  await tabTo(manager, manager.getByRole('link', { name: 'End Ava Wren’s wait' }), 80);
  await pressAndLoad(manager);
  await checkA11y(manager);
  await choose(manager, 'Why it ends', 'They have a place');
  await typeDate(manager, 'The date it ended', '1', '3', '2026');
  await tabTo(manager, manager.getByRole('button', { name: 'End the wait' }));
  await pressAndLoad(manager);
  assert.match(await mainText(manager), /No child is waiting for a specialist place/);
});

test('the candidate sites, the choice of sites, the scenarios, the forecast and the two file loads pass axe and reflow', async () => {
  await manager.goto('/sufficiency');
  await waitForFrontend(manager);
  await tabTo(
    manager,
    manager.getByRole('link', { name: 'See the candidate sites for new places, and choose which to open' }),
    80,
  );
  await pressAndLoad(manager);
  await checkA11y(manager);
  for (const url of [
    '/sufficiency/sites/new',
    '/sufficiency/sites/select',
    '/sufficiency/sites/scenarios',
    '/sufficiency/forecast',
    '/sufficiency/forecast/scenario',
    '/sufficiency/postcodes',
    '/schools/places-import',
    '/sufficiency/settings',
  ]) {
    await manager.goto(url);
    await waitForFrontend(manager);
    await checkA11y(manager);
  }
});
