import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { addChild, addSchool, addUser, apiAs, tokenFor } from '../support/children.ts';
import { openEhcRequest } from '../support/ehc.ts';
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

let e: E2e;
let page: Page;
let childId = '';

before(async () => {
  e = await startE2e();
  const school = await addSchool(e.t, e.t.la.code, 'Park Primary');
  childId = await addChild(e.t, e.t.la.code, {
    forename: 'Ada',
    surname: 'Lovelace',
    dateOfBirth: '2017-03-27',
    establishmentId: school,
  });
  const api = apiAs(e.t, await tokenFor(e.t, e.t.la.code, e.t.la.users.coordinator.id));
  const requestId = await openEhcRequest(api, childId, '2025-01-06', [
    { type: 'assessment-decided', on: '2025-02-10', outcome: 'assess', reasons: '' },
    { type: 'issue-decided', on: '2025-02-10', outcome: 'issue', reasons: '' },
    { type: 'draft-served', on: '2025-04-10' },
    {
      type: 'final-issued',
      on: '2025-05-20',
      placement: { settingName: 'Park Primary', provision: 'mainstream' },
    },
  ]);
  assert.ok(requestId);
  const manager = await addUser(e.t, e.t.la.code, 'manager', ['send_team_manager']);
  const managerApi = apiAs(e.t, await tokenFor(e.t, e.t.la.code, manager.id));
  await managerApi.put('/api/v1/ehc/letter-settings', {
    serviceName: 'SEND Service',
    address: 'County Hall\nNorwich',
    phone: '01632 960100',
    email: 'send@example.org',
    website: '',
    iasName: 'Test SENDIASS',
    iasPhone: '01632 960200',
    iasWebsite: '',
    mediationName: 'Test Mediation',
    mediationPhone: '01632 960300',
    mediationEmail: '',
    disagreementName: 'Test Disagreement Resolution',
    disagreementPhone: '01632 960400',
    version: 0,
  });
  page = await e.newPage();
  await signIn(page, e.t.la.users.coordinator.email);
});
after(() => e?.close());

const heading = () => page.getByRole('heading', { level: 1 }).textContent();

// The test clock stands at 2 March 2026.
test('a review officer begins a plan’s review from the child, records its steps and reads its letter, by keyboard', async () => {
  await page.goto(`/children/${childId}`);
  await waitForFrontend(page);
  // Made 20 May 2025: 12 months starting with that day end on 19 May 2026.
  assert.match(await textOf(page.locator('main')), /next review is due by 19 May 2026/);
  await tabTo(page, page.getByRole('link', { name: 'Reviews of this plan' }));
  await pressAndLoad(page);
  assert.equal(await heading(), 'Begin the review');
  await checkA11y(page);
  await tabTo(page, page.getByRole('button', { name: 'Begin the review' }));
  await pressAndLoad(page);
  assert.match(await textOf(page.locator('.app-next-step')), /Invite to the review meeting.*by 7 April 2026/);
  await checkA11y(page);

  await tabTo(page, page.getByRole('link', { name: 'Invite to the review meeting' }));
  await pressAndLoad(page);
  await checkA11y(page);
  // Less than 2 weeks' notice: the error names the meeting date and the earliest it can be.
  await typeDate(page, 'Date the invitations were sent', '5', '1', '2026');
  await typeDate(page, 'Date of the meeting', '12', '1', '2026');
  await tabTo(page, page.getByLabel('Who is invited'));
  await page.keyboard.type('Pat Parent');
  await tabTo(page, page.getByRole('button', { name: 'Save' }));
  await pressAndLoad(page);
  assert.match(await textOf(page.locator('.govuk-error-summary')), /at least 2 weeks’ notice.*2026-01-19/);
  await checkA11y(page);
  const day = page.getByRole('group', { name: 'Date of the meeting' }).getByLabel('Day');
  await tabTo(page, day);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('19');
  await tabTo(page, page.getByRole('button', { name: 'Save' }));
  await pressAndLoad(page);
  assert.match(await textOf(page.locator('.govuk-notification-banner')), /invite to the review meeting/i);

  for (const [link, fill] of [
    ['Record the review meeting', async () => typeDate(page, 'Date the meeting was held', '19', '1', '2026')],
    [
      'Record the LA’s decision',
      async () => {
        await typeDate(page, 'Date the decision was sent to the family', '2', '2', '2026');
        await choose(page, 'Decision', 'Maintain the plan as it is');
      },
    ],
  ] as const) {
    await tabTo(page, page.getByRole('link', { name: link }));
    await pressAndLoad(page);
    await checkA11y(page);
    await fill();
    await tabTo(page, page.getByRole('button', { name: 'Save' }));
    await pressAndLoad(page);
  }
  // The review is complete: the next is due within 12 months of the decision, by 1 February 2027.
  assert.match(await textOf(page.locator('.app-next-step')), /This review is complete.*1 February 2027/);
  await checkA11y(page);

  await tabTo(page, page.getByRole('link', { name: 'Letter: decision after the review', exact: true }));
  await pressAndLoad(page);
  assert.match(
    await textOf(page.locator('main')),
    /We will keep the education, health and care plan as it is/,
  );
  await checkA11y(page);
});

test('recording that the child has moved to another LA, by keyboard', async () => {
  await page.goto(`/ehc/children/${childId}/transfer-out`);
  await waitForFrontend(page);
  assert.equal(await heading(), 'The child has moved to another LA');
  await checkA11y(page);
  await tabTo(page, page.getByRole('button', { name: 'Record the transfer' }));
  await pressAndLoad(page);
  assert.match(await textOf(page.locator('.govuk-error-summary')), /Select the LA the child has moved to/);
  await checkA11y(page);
  await tabTo(page, page.getByLabel('LA the child has moved to'));
  await page.keyboard.type('Suffolk');
  await typeDate(page, 'Date of the transfer', '27', '2', '2026');
  await tabTo(page, page.getByRole('button', { name: 'Record the transfer' }));
  await pressAndLoad(page);
  assert.match(
    await textOf(page.locator('.govuk-notification-banner')),
    /move to another LA has been recorded/,
  );
  assert.match(await textOf(page.locator('main')), /Ceased/);
});
