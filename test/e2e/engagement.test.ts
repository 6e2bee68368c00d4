import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  addQuestion,
  bookFor,
  publishConsultation,
  publishSheet,
  saveConsultation,
  saveEvent,
  saveSheet,
} from '../../src/modules/engagement/index.ts';
import { addCluster, addSchool, addStaff, addUser } from '../support/children.ts';
import { officerOf } from '../support/engagement.ts';
import {
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
 * Engagement by keyboard, every page checked with axe and at 320 pixels: a parent books the last
 * place on a focus group and answers a survey with no account; an officer sees the bookings,
 * sets up an event and sends an MI sheet; a SENCo says their school has done what it asks. The
 * clock stands at Monday 2 March 2026.
 */

let e: E2e;
let eventId = '';
let consultationId = '';
let sheetId = '';
let sencoEmail = '';
let officerEmail = '';

const must = <T extends { ok: boolean }>(r: T): T & { ok: true } => {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r as T & { ok: true };
};

before(async () => {
  e = await startE2e({ env: { PUBLIC_LA: '926' } });
  const { t } = e;
  const officer = await officerOf(t, 'events-e2e');
  officerEmail = officer.principal.email;
  eventId = must(
    await saveEvent(
      officer,
      null,
      {
        kind: 'focus-group',
        title: 'Reshaping SEN services: focus group, Thetford',
        summary: 'Why we are doing this, our ideas so far, and your questions.',
        audiences: ['parents', 'sencos'],
        venueName: 'Thetford',
        venueAddress: 'Carnegie Room, Cage Lane',
        day: '17',
        month: '3',
        year: '2026',
        starts: '13:30',
        ends: '16:30',
        capacity: '2',
        contact: 'Additional Needs Project, 01603 222222',
        status: 'published',
      },
      undefined,
    ),
  ).id;
  must(
    await bookFor(
      officer,
      eventId,
      { name: 'Ann Early', email: 'ann@example.org', audience: 'sencos' },
      undefined,
    ),
  );
  consultationId = must(
    await saveConsultation(officer, null, {
      kind: 'survey',
      title: 'Your Local Offer: does it help?',
      summary: 'Five minutes on how you use the Local Offer.',
      audiences: ['parents'],
      opensOn: '2026-03-01',
      closesOn: '2026-03-31',
    }),
  ).id;
  must(
    await addQuestion(officer, consultationId, {
      kind: 'agree',
      prompt: 'I found what I was looking for',
      required: 'yes',
    }),
  );
  must(await addQuestion(officer, consultationId, { kind: 'text', prompt: 'What should we change?' }));
  must(await publishConsultation(officer, consultationId));
  const school = await addSchool(t, t.la.code, 'Thetford Academy');
  const host = await addUser(t, t.la.code, 'host-e2e', ['cluster_host']);
  await addCluster(t, t.la.code, 'Thetford', [school], host.id);
  const senco = await addUser(t, t.la.code, 'senco-e2e', ['senco']);
  await addStaff(t, t.la.code, senco.id, school);
  sencoEmail = senco.email;
  sheetId = must(
    await saveSheet(officer, null, {
      kind: 'action',
      title: 'Cluster host nominations',
      audiences: ['heads', 'sencos'],
      completeBy: '2026-03-20',
      contact: 'Additional Needs Project Manager, 01603 222222',
      body: '## Nominate a host\n\nPlease tell us your cluster’s host.',
    }),
  ).id;
  must(await publishSheet(officer, sheetId, undefined));
});
after(() => e?.close());

const heading = (p: Page) => textOf(p.getByRole('heading', { level: 1 }));

test('a parent books the last place and answers a survey by keyboard, with no account', async () => {
  const page = await e.newPage();
  await page.goto('/events');
  await waitForFrontend(page);
  assert.equal(await heading(page), 'Events and focus groups');
  assert.match(await textOf(page.locator('main')), /1 of 2 places left/);
  await checkA11y(page);
  await tabTo(page, page.getByRole('link', { name: 'Reshaping SEN services: focus group, Thetford' }), 40);
  await pressAndLoad(page);
  await checkA11y(page);

  // Sent empty first: the form names each problem.
  await tabTo(page, page.getByRole('button', { name: 'Book a place' }), 60);
  await pressAndLoad(page);
  assert.match(
    await textOf(page.locator('.govuk-error-summary')),
    /Enter your name.*Enter your email address.*Say who you are coming as/,
  );
  await checkA11y(page);

  await tabTo(page, page.getByLabel('Your name'), 60);
  await page.keyboard.type('Bea Parent');
  await tabTo(page, page.getByLabel('Email address'), 10);
  await page.keyboard.type('bea@example.org');
  await choose(page, 'Who are you coming as?', 'Parents and carers');
  await tabTo(page, page.getByRole('button', { name: 'Book a place' }), 20);
  await pressAndLoad(page);
  assert.equal(await textOf(page.locator('.govuk-panel__title')), 'You have a place');
  await checkA11y(page);

  await page.goto(`/events/${eventId}`);
  await waitForFrontend(page);
  assert.match(await textOf(page.locator('main')), /Full: join the waiting list/);
  await checkA11y(page);

  await page.goto('/consultations');
  await waitForFrontend(page);
  await checkA11y(page);
  await tabTo(page, page.getByRole('link', { name: 'Your Local Offer: does it help?' }), 40);
  await pressAndLoad(page);
  await checkA11y(page);
  await choose(page, 'Who are you answering as?', 'Parents and carers');
  // Into the scale on its first choice, then one down to the second, as a keyboard moves in a radio group.
  await choose(page, '1. I found what I was looking for', 'Strongly agree');
  await page.keyboard.press('ArrowDown');
  await tabTo(page, page.getByLabel('2. What should we change? (optional)'), 20);
  await page.keyboard.type('A map, please.');
  await tabTo(page, page.getByRole('button', { name: 'Send my answers' }), 20);
  await pressAndLoad(page);
  assert.equal(await textOf(page.locator('.govuk-panel__title')), 'Thank you: your answers are sent');
  await checkA11y(page);
});

test('an officer’s events, consultations and MI sheets pass axe, and their forms name their problems', async () => {
  const p = await e.newPage();
  await signIn(p, officerEmail);
  for (const [url, title] of [
    ['/engagement', 'Engagement'],
    ['/engagement/events', 'Events'],
    [`/engagement/events/${eventId}`, 'Reshaping SEN services: focus group, Thetford'],
    ['/engagement/consultations', 'Consultations and surveys'],
    [`/engagement/consultations/${consultationId}`, 'Your Local Offer: does it help?'],
    ['/engagement/mi-sheets', 'MI sheets'],
    [`/engagement/mi-sheets/${sheetId}`, 'Cluster host nominations'],
  ] as const) {
    await p.goto(url);
    await waitForFrontend(p);
    assert.equal(await heading(p), title, url);
    await checkA11y(p);
  }
  // The survey's one response, and tagging it.
  await p.goto(`/engagement/consultations/${consultationId}`);
  await tabTo(p, p.getByLabel('Add a theme'), 120);
  await p.keyboard.type('Maps');
  await tabTo(p, p.getByRole('button', { name: 'Add the theme' }), 10);
  await pressAndLoad(p);
  await tabTo(p, p.getByRole('link', { name: 'Response 1' }), 120);
  await pressAndLoad(p);
  await checkA11y(p);
  await choose(p, 'Themes in this response', 'Maps');
  await tabTo(p, p.getByRole('button', { name: 'Save the themes' }), 20);
  await pressAndLoad(p);
  assert.match(await textOf(p.locator('main')), /Its themes are saved/);

  for (const url of [
    '/engagement/events/new',
    '/engagement/mi-sheets/new',
    '/engagement/consultations/new',
  ]) {
    await p.goto(url);
    await waitForFrontend(p);
    await checkA11y(p);
    const submit = p.locator('main form button.govuk-button').last();
    await tabTo(p, submit, 200);
    await pressAndLoad(p);
    assert.ok(await p.locator('.govuk-error-summary').isVisible(), url);
    await checkA11y(p);
  }
});

test('a SENCo reads an MI sheet and says their school has done what it asks, by keyboard', async () => {
  const p = await e.newPage();
  await signIn(p, sencoEmail);
  await p.goto('/');
  await waitForFrontend(p);
  assert.match(
    await textOf(p.locator('main')),
    /Your school has 1 MI sheet to read or act on; the next is due by 20 March 2026/,
  );
  await tabTo(p, p.getByRole('link', { name: 'Go to your MI sheets' }), 80);
  await pressAndLoad(p);
  await checkA11y(p);
  await tabTo(p, p.getByRole('link', { name: 'Cluster host nominations' }), 60);
  await pressAndLoad(p);
  await checkA11y(p);
  await choose(p, 'What has Thetford Academy done?', 'We have read it and will act by 20 March 2026');
  await p.keyboard.press('ArrowDown');
  await tabTo(p, p.getByRole('button', { name: 'Send' }), 20);
  await pressAndLoad(p);
  assert.match(await textOf(p.locator('main')), /Recorded: your school has done what this sheet asks/);
  await checkA11y(p);
});
