import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { importGiasNow } from '../../src/modules/providers/index.ts';
import { insertPlaceLine } from '../../src/modules/providers/places/repo.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { enqueueJob } from '../../src/platform/jobs/index.ts';
import { callApi, fixturePath, giasFixture, tokenFor } from '../support/providers.ts';
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

let e: E2e;
let page: Page;
let breckland: string;

before(async () => {
  e = await startE2e();
  const t = e.t;
  await importGiasNow(
    t.database,
    { laCode: t.la.code, userId: null, roles: ['administrator'] },
    { gias: giasFixture('edubasealldata-sample.csv') },
    () => undefined,
  );
  const token = await tokenFor(t, t.la.users.admin, t.la.code);
  breckland = (await callApi(t, token, 'POST', '/api/v1/clusters', { name: 'Breckland' })).json().id;
  await callApi(t, token, 'POST', `/api/v1/clusters/${breckland}/members`, {
    urn: 900001,
    startsOn: '2024-09-01',
  });
  await callApi(t, token, 'POST', `/api/v1/clusters/${breckland}/members`, {
    urn: 900004,
    startsOn: '2024-09-01',
  });
  const marshland = (await callApi(t, token, 'GET', '/api/v1/schools/900004')).json();
  await inTenant(t.database.db, { laCode: t.la.code, userId: null }, (tx) =>
    insertPlaceLine(
      tx,
      t.la.code,
      marshland.id,
      {
        provision: 'special_school',
        senType: 'SLD',
        phase: 'primary',
        lowAge: 4,
        highAge: 11,
        places: 40,
        startsOn: '2024-09-01',
        endsOn: null,
        note: null,
      },
      null,
    ),
  );
  page = await e.newPage();
  await signIn(page, t.la.users.admin.email);
});
after(() => e?.close());

async function open(url: string) {
  await page.goto(url);
  await waitForFrontend(page);
}

const summaryLinks = () => page.locator('.govuk-error-summary__list a').allTextContents();

test('the schools list: search by keyboard, filter, and open a school', async () => {
  await open('/schools');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Schools and settings');
  await checkA11y(page);

  await tabTo(page, page.getByLabel('Name or URN'));
  await page.keyboard.type('marshlnd');
  await tabTo(page, page.getByRole('button', { name: 'Search' }), 10);
  await pressAndLoad(page);
  const table = page.getByRole('table');
  assert.match(await textOf(table), /Marshland Special School/);
  await checkA11y(page);

  await tabTo(page, page.getByLabel('Special schools'));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Search' }), 5);
  await pressAndLoad(page);
  assert.match(new URL(page.url()).search, /special=true/);

  await tabTo(page, page.getByRole('link', { name: 'Marshland Special School' }));
  await pressAndLoad(page);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Marshland Special School');
  assert.match(
    await textOf(page.getByRole('table', { name: 'Special school: 40 places today' })),
    /Severe learning difficulty \(SLD\) Primary 4 to 11 40 1 September 2024 No end date Change/,
  );
  assert.match(await textOf(page.locator('main')), /In Breckland from 1 September 2024/);
  await checkA11y(page);
});

test('a GIAS school: the LA records Ofsted and adds a type of need, and a mistake is shown the GOV.UK way', async () => {
  const school = await sql<{ id: string }>`SELECT id FROM establishments WHERE urn = 900004`.execute(
    e.t.database.db,
  );
  await open(`/schools/${school.rows[0]?.id}`);
  await tabTo(page, page.getByRole('link', { name: /Change Ofsted and types of need/ }));
  await pressAndLoad(page);
  assert.match(await page.title(), /^Change Marshland Special School – OpenSEND/);
  await checkA11y(page);

  await tabTo(page, page.getByLabel('Day'));
  await page.keyboard.type('31');
  await page.keyboard.press('Tab');
  await page.keyboard.type('2');
  await page.keyboard.press('Tab');
  await page.keyboard.type('2024');
  // The special school's types are open already: GIAS lists SLD, PMLD and ASD, ticked and fixed,
  // so the Tab key passes them by.
  assert.equal(await page.getByLabel('Severe learning difficulty (SLD)').isChecked(), true);
  assert.equal(await page.getByLabel('Severe learning difficulty (SLD)').isDisabled(), true);
  await tabTo(page, page.getByLabel('Multi-sensory impairment (MSI)'), 20);
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Save' }), 40);
  const refused = await pressAndLoad(page);
  assert.equal(refused.status(), 400);
  await assertFocused(page.locator('.govuk-error-summary'), 'the error summary');
  assert.deepEqual(await summaryLinks(), ['Date of the Ofsted inspection must be a real date']);
  await checkA11y(page);

  await tabTo(page, page.getByRole('link', { name: 'Date of the Ofsted inspection must be a real date' }), 3);
  await page.keyboard.press('Enter');
  await assertFocused(page.getByLabel('Day'), 'the day of the inspection date');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('29');
  assert.equal(await page.getByLabel('Multi-sensory impairment (MSI)').isChecked(), true, 'the tick is kept');
  await tabTo(page, page.getByRole('button', { name: 'Save' }), 60);
  await pressAndLoad(page);
  assert.match(
    await textOf(page.locator('.govuk-notification-banner--success')),
    /Your changes have been saved/,
  );
  assert.match(
    await textOf(page.locator('main')),
    /Designated for these types of need: Severe learning difficulty \(SLD\) Profound and multiple learning difficulty \(PMLD\) Multi-sensory impairment \(MSI\) Autistic spectrum disorder \(ASD\)/,
  );
  await checkA11y(page);
});

test('adding a setting that is not in GIAS: the form, its errors, and the new page', async () => {
  await open('/schools/new');
  await checkA11y(page);
  await tabTo(page, page.getByLabel('Name'));
  await page.keyboard.type('Oak Tree Independent School');
  await tabTo(page, page.getByLabel('Postcode'), 20);
  await page.keyboard.type('NR1');
  await tabTo(page, page.getByRole('button', { name: 'Save' }), 120);
  const refused = await pressAndLoad(page);
  assert.equal(refused.status(), 400);
  assert.deepEqual(await summaryLinks(), [
    'Select what kind of setting it is',
    'Postcode must be a UK postcode, like NR1 2DH',
  ]);
  await checkA11y(page);

  await tabTo(page, page.getByLabel('Kind of setting'));
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowUp');
  await tabTo(page, page.getByLabel('Postcode'), 20);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('NR1 2DH');
  await tabTo(page, page.getByRole('button', { name: 'Save' }), 120);
  await pressAndLoad(page);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Oak Tree Independent School');
  assert.match(
    await textOf(page.locator('.govuk-notification-banner--success')),
    /The setting has been added/,
  );
  await checkA11y(page);
});

test('the cluster pages: the list, a cluster, a refused member and the host', async () => {
  await open('/clusters');
  assert.match(await textOf(page.getByRole('table')), /Breckland 2 No host/);
  await checkA11y(page);
  await tabTo(page, page.getByRole('link', { name: 'Breckland' }));
  await pressAndLoad(page);
  assert.match(
    await textOf(page.getByRole('table', { name: /Member schools now/ })),
    /Acle Fen Primary School 900001/,
  );
  await checkA11y(page);

  await open('/clusters/new');
  await checkA11y(page);
  await tabTo(page, page.getByLabel('Create a cluster'));
  await page.keyboard.type('Norwich North');
  await pressAndLoad(page);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Norwich North');

  await tabTo(page, page.getByRole('link', { name: 'Add a school to this cluster' }));
  await pressAndLoad(page);
  await checkA11y(page);
  await tabTo(page, page.getByLabel('URN of the school'));
  await page.keyboard.type('900001');
  await tabTo(page, page.getByRole('button', { name: 'Add school' }), 15);
  const refused = await pressAndLoad(page);
  assert.equal(refused.status(), 400);
  const [message] = await summaryLinks();
  assert.match(
    message ?? '',
    /^Acle Fen Primary School \(URN 900001\) is in Breckland from 1 September 2024/,
  );
  await checkA11y(page);

  await tabTo(page, page.getByLabel(/Move it/));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Add school' }), 5);
  await pressAndLoad(page);
  assert.match(
    await textOf(page.locator('.govuk-notification-banner--success')),
    /The school has been added/,
  );

  await tabTo(page, page.getByRole('link', { name: 'Record a new cluster host' }));
  await pressAndLoad(page);
  await checkA11y(page);
  await tabTo(page, page.getByLabel('Name', { exact: true }));
  await page.keyboard.type('Harper Host');
  await tabTo(page, page.getByRole('button', { name: 'Save' }), 20);
  await pressAndLoad(page);
  assert.match(await textOf(page.locator('main')), /Harper Host/);
  await checkA11y(page);
});

test('the import page: upload by keyboard, then the outcome, a report of bad rows, and progress', async () => {
  await open('/admin/imports/gias');
  await checkA11y(page);
  const file = page.getByLabel('GIAS establishment file (CSV)');
  await tabTo(page, file);
  // The file chooser is the browser's own dialog; choosing the file stands in for it.
  await file.setInputFiles(fixturePath('edubasealldata-bad-rows.csv'));
  await tabTo(page, page.getByRole('button', { name: 'Upload and import' }), 5);
  await pressAndLoad(page);
  await page.getByRole('heading', { name: 'Nothing was imported' }).waitFor({ timeout: 20_000 });
  await waitForFrontend(page);
  assert.match(await textOf(page.getByRole('table')), /3 URN "90002X" is not a URN \(6 digits\)/);
  await checkA11y(page);

  await open('/admin/imports/gias');
  await tabTo(page, file);
  await file.setInputFiles(fixturePath('edubasealldata-later.csv'));
  await tabTo(page, page.getByRole('button', { name: 'Upload and import' }), 5);
  await pressAndLoad(page);
  await page.getByText('GIAS import complete').waitFor({ timeout: 20_000 });
  await waitForFrontend(page);
  assert.match(await textOf(page.locator('.govuk-panel')), /Imported 9 rows: 1 added/);
  await checkA11y(page);

  // A job still running, as its page shows it while it refreshes itself.
  const id = await inTenant(e.t.database.db, { laCode: e.t.la.code, userId: null }, (tx) =>
    enqueueJob(tx, {
      laCode: e.t.la.code,
      kind: 'providers.gias-import',
      createdBy: null,
      params: { fileName: 'big.csv' },
    }),
  );
  await sql`UPDATE jobs SET status = 'running', progress_done = 2000, progress_total = 8000, heartbeat_at = now() + interval '1 hour'
    WHERE id = ${id}`.execute(e.t.database.db);
  const running = await page.goto(`/admin/imports/gias/${id}?refresh=off`);
  await waitForFrontend(page);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Importing schools from GIAS');
  assert.match(await textOf(page.getByRole('status')), /Checked 2,000 of 8,000 rows/);
  assert.equal(running?.headers().refresh, undefined, 'refreshing was turned off');
  await checkA11y(page);
  const refreshing = await page.goto(`/admin/imports/gias/${id}`);
  assert.equal(refreshing?.headers().refresh, '2');
  await sql`UPDATE jobs SET status = 'failed', message = 'Stopped by the test' WHERE id = ${id}`.execute(
    e.t.database.db,
  );
});

test('the smaller forms: move a school, end a membership, record agreement, rename a cluster', async () => {
  const token = await tokenFor(e.t, e.t.la.users.admin, e.t.la.code);
  const cafe = (await callApi(e.t, token, 'GET', '/api/v1/schools/900003')).json();
  await open(`/schools/${cafe.id}/cluster`);
  await checkA11y(page);
  await tabTo(page, page.getByLabel('Cluster', { exact: true }));
  await page.keyboard.press('ArrowDown');
  await tabTo(page, page.getByRole('button', { name: 'Save' }), 10);
  await pressAndLoad(page);
  assert.match(
    await textOf(page.locator('.govuk-notification-banner--success')),
    /cluster has been recorded/,
  );
  await checkA11y(page);

  const cluster = (await callApi(e.t, token, 'GET', `/api/v1/clusters/${breckland}`)).json();
  const member = cluster.members[0];
  await open(`/clusters/${breckland}/members/${member.membershipId}/end`);
  await checkA11y(page);
  await tabTo(page, page.getByLabel('Year'));
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('2020');
  await tabTo(page, page.getByRole('button', { name: 'End membership' }), 5);
  const refused = await pressAndLoad(page);
  assert.equal(refused.status(), 400);
  await assertFocused(page.locator('.govuk-error-summary'), 'the error summary');
  await checkA11y(page);

  const norwich = (await callApi(e.t, token, 'GET', '/api/v1/clusters'))
    .json()
    .items.find((c: { name: string }) => c.name === 'Norwich North');
  await open(`/clusters/${norwich.id}/host/agreement`);
  assert.match(await textOf(page.locator('main')), /Harper Host was nominated as cluster host/);
  await checkA11y(page);
  await tabTo(page, page.getByRole('button', { name: 'Save' }), 20);
  await pressAndLoad(page);
  assert.match(
    await textOf(page.locator('.govuk-notification-banner--success')),
    /agreement has been recorded/,
  );

  await open(`/clusters/${norwich.id}/edit`);
  await checkA11y(page);
  await tabTo(page, page.getByLabel('Rename Norwich North'));
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Norwich North and Taverham');
  await pressAndLoad(page);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Norwich North and Taverham');
  await checkA11y(page);
});
