import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addSchool,
  addUser,
  apiAs,
  auditEvents,
  browserAs,
  errorSummaryOf,
  listingEvents,
  tokenFor,
  unescapeHtml,
  upnFor,
} from '../support/children.ts';

/**
 * The placements pages, as a finance officer, two finance approvers and a coordinator use them:
 * the list and what is waiting on approvals, adding a placement, its page, its cost lines,
 * changing and removing it, and the child's record. The test clock stands at 2 March 2026, in
 * financial year 2025-26, so costs are worked out to 31 March 2028.
 */

type Browser = Awaited<ReturnType<typeof browserAs>>;

/** The words of the page, tags and runs of white space taken out, to match what a person reads. */
const text = (html: string) =>
  unescapeHtml(
    html
      .replace(/<span class="govuk-visually-hidden">[^<]*<\/span>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' '),
  );

const fieldMessage = (html: string, id: string) =>
  unescapeHtml(
    (
      new RegExp(`id="${id}-error"[^>]*>\\s*<span class="govuk-visually-hidden">Error:</span>([^<]+)<`).exec(
        html,
      )?.[1] ?? ''
    ).trim(),
  );

const summaryRow = (html: string, key: string) => {
  const m = new RegExp(
    `<dt class="govuk-summary-list__key">\\s*${key}\\s*</dt>\\s*<dd class="govuk-summary-list__value">([\\s\\S]*?)</dd>`,
  ).exec(html);
  return m ? text(m[1] ?? '').trim() : undefined;
};

const date = (name: string, day: string, month: string, year: string) => ({
  [`${name}-day`]: day,
  [`${name}-month`]: month,
  [`${name}-year`]: year,
});

const countPlacements = async (t: TestApp) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM placements`.execute(t.database.db)).rows[0]?.n;

const hiddenVersion = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';

describe('placements pages', () => {
  let t: TestApp;
  let finance: Browser;
  let approver: Browser;
  let otherApprover: Browser;
  let manager: Browser;
  let coordinator: Browser;
  let api: ReturnType<typeof apiAs>;
  let financeName: string;
  let ada: string;
  let ben: string;
  let adaPlacement: string;
  const adaUpn = upnFor('926', 701);

  before(async () => {
    t = await startTestApp();
    const officer = await addUser(t, '926', 'finance', ['finance_officer']);
    financeName = 'finance (926)';
    finance = await browserAs(t, officer.email);
    approver = await browserAs(t, (await addUser(t, '926', 'approver', ['finance_approver'])).email);
    otherApprover = await browserAs(t, (await addUser(t, '926', 'approver2', ['finance_approver'])).email);
    manager = await browserAs(t, (await addUser(t, '926', 'manager', ['send_team_manager'])).email);
    coordinator = await browserAs(t, t.la.users.coordinator.email);
    api = apiAs(t, await tokenFor(t, '926', officer.id));
    const special = await addSchool(t, '926', 'Chapel Green School', 145678);
    ada = await addChild(t, '926', { forename: 'Ada', surname: 'Placed', upn: adaUpn });
    ben = await addChild(t, '926', { forename: 'Ben', surname: 'Interim' });
    await sql`INSERT INTO ehc_plans (la_code, child_id, status, drafted_on, issued_on, establishment_id, setting_name, provision)
      VALUES ('926', ${ada}, 'active', '2026-01-05', '2026-02-02', ${special}, 'Chapel Green School', 'special')`.execute(
      t.database.db,
    );
    const scheme = await sql<{
      id: string;
    }>`INSERT INTO top_up_schemes (la_code, name, effective_from, status, adopted_at)
      VALUES ('926', 'Bands from April 2025', '2025-04-01', 'adopted', now()) RETURNING id`.execute(
      t.database.db,
    );
    const schemeId = scheme.rows[0]?.id;
    await sql`INSERT INTO top_up_bands (la_code, scheme_id, setting_group, band, label, annual_pence) VALUES
      ('926', ${schemeId}, 'special', 'S1', 'Moderate needs', 800000),
      ('926', ${schemeId}, 'special', 'S2', 'Complex needs', 1200000)`.execute(t.database.db);
  });
  after(() => t.close());

  test('the menu offers Placements to those who may read them; only writers may add one', async () => {
    assert.match((await finance.get('/')).body, /href="\/placements"[^>]*>\s*Placements/);
    const admin = await browserAs(t, t.la.users.admin.email);
    assert.doesNotMatch((await admin.get('/')).body, /href="\/placements"/);
    assert.equal((await admin.get('/placements')).statusCode, 403);
    const list = await coordinator.get('/placements');
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /Add a placement/);
    assert.equal((await coordinator.get('/placements/new')).statusCode, 403);
    assert.match((await finance.get('/placements')).body, /href="\/placements\/new"[^>]*>\s*Add a placement/);
  });

  test('a child is found by UPN, and a UPN mistyped or unknown is named', async () => {
    const start = await finance.get('/placements/new');
    assert.equal(start.statusCode, 200);
    assert.match(start.body, /Child’s UPN/);
    for (const [upn, message] of [
      ['', 'Enter the child’s UPN'],
      ['A12', 'UPN must be 13 characters: a letter, 11 digits, then a digit or letter'],
      [upnFor('926', 999), `There is no child with UPN ${upnFor('926', 999)} in your LA`],
    ] as const) {
      const r = await finance.get(`/placements/new?upn=${encodeURIComponent(upn)}`);
      assert.equal(r.statusCode, 400, upn);
      assert.deepEqual(errorSummaryOf(r.body), [{ href: '#upn', text: message }]);
      assert.equal(fieldMessage(r.body, 'upn'), message);
    }
    const found = await finance.get(`/placements/new?upn=${adaUpn.toLowerCase()}`);
    assert.equal(found.statusCode, 200);
    assert.match(found.body, /<span class="govuk-caption-l">Ada Placed<\/span>/);
    assert.match(found.body, new RegExp(`name="childId" value="${ada}"`));
    const opened = await auditEvents(t, '926', 'placement.form-opened');
    assert.equal(opened.at(-1)?.child_id, ada, 'naming the child on the form is a read of their record');
    assert.equal((await finance.get('/placements/new?childId=not-a-child')).statusCode, 404);
  });

  test('a new placement with mistakes shows each one by its box, in the API’s words, and writes nothing', async () => {
    const before = await countPlacements(t);
    const bad = await finance.post('/placements/new', {
      childId: ben,
      settingKind: 'register',
      urn: '999999',
      type: 'maintained_special',
      ...date('startOn', '1', '13', '2026'),
      ...date('expectedEndOn', '20', '7', ''),
      attendance: 'days',
      daysAWeek: '6',
      residentialWeeks: '60',
      basis: 'interim',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>Error: Add a placement/);
    assert.deepEqual(errorSummaryOf(bad.body), [
      {
        href: '#urn',
        text: 'There is no school or setting with URN 999999 on the register: check the URN, or choose a provider without a URN and give its name',
      },
      { href: '#startOn-day', text: 'startOn must be a real date' },
      { href: '#expectedEndOn-day', text: 'Expected end date must include a year' },
      { href: '#daysAWeek', text: 'Days a week must be more than 0 and no more than 5' },
      { href: '#residentialWeeks', text: 'residentialWeeks must be 52 or fewer' },
    ]);
    const fromApi = await api.post('/api/v1/placements', {
      childId: ben,
      providerName: 'Anywhere',
      type: 'maintained_special',
      basis: 'interim',
      startOn: '2026-13-01',
      residentialWeeks: 60,
    });
    const apiErrors = (fromApi.json() as { errors: { field: string; message: string }[] }).errors;
    for (const field of ['startOn', 'residentialWeeks'])
      assert.equal(fieldMessage(bad.body, field), apiErrors.find((e) => e.field === field)?.message, field);
    assert.match(
      bad.body,
      /id="urn" name="urn" type="text" spellcheck="false" value="999999"/,
      'what was typed is kept',
    );
    assert.match(bad.body, /value="days" checked/);

    const expectedBeforeStart = await finance.post('/placements/new', {
      childId: ben,
      settingKind: 'other',
      providerName: 'Fenland Tuition',
      type: 'eotas',
      ...date('startOn', '1', '9', '2026'),
      ...date('expectedEndOn', '31', '8', '2026'),
      attendance: 'fte',
      fte: '1.5',
      basis: 'interim',
      placeFunding: 'yes',
    });
    assert.deepEqual(errorSummaryOf(expectedBeforeStart.body), [
      { href: '#expectedEndOn-day', text: 'expectedEndOn must be the same as or after startOn' },
      { href: '#fte', text: 'fte must be 1 or less: 1 is full time' },
      {
        href: '#placeFunding',
        text: 'A placement of type education otherwise than at school has no usual place funding: untick the box, and add its costs on the placement’s page',
      },
    ]);

    const noPlan = await finance.post('/placements/new', {
      childId: ben,
      settingKind: 'other',
      providerName: 'Fenland Tuition',
      type: 'eotas',
      ...date('startOn', '1', '9', '2026'),
      attendance: 'full',
      basis: 'ehc_plan',
    });
    assert.equal(noPlan.statusCode, 400);
    assert.deepEqual(errorSummaryOf(noPlan.body), [
      {
        href: '#basis',
        text: 'The child has no EHC plan in force: record the placement as interim, or issue the plan first',
      },
    ]);
    assert.equal(await countPlacements(t), before, 'nothing was written');
  });

  test('a placement named in the plan, with its usual place funding, is added and shown with what it commits', async () => {
    const form = await finance.get(`/placements/new?childId=${ada}`);
    assert.match(form.body, /Usual place funding: £10,000 a year, paid by the LA from the high needs block/);
    const res = await finance.post('/placements/new', {
      childId: ada,
      settingKind: 'register',
      urn: ' 145678 ',
      type: 'maintained_special',
      ...date('startOn', '1', '9', '2026'),
      attendance: 'full',
      basis: 'ehc_plan',
      placeFunding: 'yes',
    });
    assert.equal(
      res.statusCode,
      303,
      errorSummaryOf(res.body)
        .map((e) => e.text)
        .join('; '),
    );
    const location = String(res.headers.location);
    assert.match(location, /^\/placements\/[0-9a-f-]{36}\?saved=added$/);
    adaPlacement = location.slice('/placements/'.length, location.indexOf('?'));
    const page = await finance.get(location);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /govuk-notification-banner--success[\s\S]*The placement has been added\./);
    assert.equal(summaryRow(page.body, 'Child'), 'Ada Placed');
    assert.equal(summaryRow(page.body, 'Setting'), 'Chapel Green School (URN 145678)');
    assert.equal(summaryRow(page.body, 'Start'), '1 September 2026');
    assert.equal(summaryRow(page.body, 'Attendance'), 'Full time');
    assert.equal(summaryRow(page.body, 'Basis'), 'Named in the EHC plan');
    assert.equal(
      summaryRow(page.body, 'Status'),
      `Committed, entered by ${financeName}: it costs no more than the approval threshold`,
    );
    // It starts in September: nothing today, £10,000 a year at most.
    assert.equal(summaryRow(page.body, 'Annual cost today'), '£0');
    assert.equal(summaryRow(page.body, 'The most it costs a year'), '£10,000');
    const words = text(page.body);
    assert.match(
      words,
      /Place funding £10,000 a year LA, high needs block 1 September 2026 The placement’s end/,
    );
    // 2026-27 has 365 days; 1 September is its day 154 (April to August are 153 days), so the
    // place accrues days 154 to 365: 1,000,000 − round(1,000,000 × 153 / 365) = 1,000,000 −
    // 419,178 = 580,822 pence. 2027-28 is a whole year: £10,000.
    assert.match(words, /2026-27 £5,808\.22 £0 £0 £0 £0 £5,808\.22/);
    assert.match(words, /2027-28 £10,000 £0 £0 £0 £0 £10,000/);
    const viewed = await auditEvents(t, '926', 'placement.viewed');
    assert.equal(viewed.at(-1)?.child_id, ada);
  });

  test('a second full-time placement on the same days is refused on the start date, naming the first', async () => {
    const res = await finance.post('/placements/new', {
      childId: ada,
      settingKind: 'other',
      providerName: 'Broadland Independent School',
      type: 'independent_special',
      ...date('startOn', '4', '1', '2027'),
      attendance: 'full',
      basis: 'interim',
    });
    assert.equal(res.statusCode, 409);
    assert.deepEqual(errorSummaryOf(res.body), [
      {
        href: '#startOn-day',
        text: 'The child already has a full-time placement at Chapel Green School from 2026-09-01 with no end date: end that placement first, or record this one as part time',
      },
    ]);
    assert.match(res.body, /value="Broadland Independent School"/);
  });

  test('a cost line with mistakes is named by its box; over £500,000 a year it asks to be confirmed', async () => {
    const url = `/placements/${adaPlacement}/cost-lines/new`;
    const form = await finance.get(url);
    assert.equal(form.statusCode, 200);
    const version = hiddenVersion(form.body);
    assert.match(form.body, /S2: Complex needs, £12,000 a year today/);

    const empty = await finance.post(url, { version });
    assert.deepEqual(
      errorSummaryOf(empty.body).map((e) => e.href),
      ['#kind', '#amountOrBand', '#effectiveFrom-day'],
    );
    const mistyped = await finance.post(url, {
      version,
      kind: 'fee',
      amountOrBand: 'amount',
      amount: 'ten pounds',
      per: 'week',
      ...date('effectiveFrom', '1', '9', '2026'),
      ...date('effectiveTo', '31', '8', '2026'),
      healthSharePercent: '60',
      socialCareSharePercent: '50',
    });
    assert.deepEqual(errorSummaryOf(mistyped.body), [
      { href: '#amount', text: 'Enter an amount in pounds using numbers only, like 1,350 or 1,350.50' },
      { href: '#unitsPerYear', text: 'Enter unitsPerYear: how many weeks a year are charged (like 38)' },
      { href: '#effectiveTo-day', text: 'effectiveTo must be the same as or after effectiveFrom' },
      {
        href: '#socialCareSharePercent',
        text: 'Health’s and social care’s shares together must be 100% or less',
      },
    ]);

    const large = {
      version,
      kind: 'fee',
      amountOrBand: 'amount',
      amount: '£600,000',
      per: 'year',
      ...date('effectiveFrom', '1', '9', '2026'),
    };
    const unconfirmed = await finance.post(url, large);
    assert.equal(unconfirmed.statusCode, 400);
    assert.deepEqual(errorSummaryOf(unconfirmed.body), [
      {
        href: '#amount',
        text: '£600,000 a year is more than £500,000: check the amount, and confirm it if it is right',
      },
    ]);
    assert.match(unconfirmed.body, /Yes, this amount is right/);
    assert.doesNotMatch(form.body, /Yes, this amount is right/, 'the box is there only for a large amount');
    const lines = (await api.get(`/api/v1/placements/${adaPlacement}`)).json() as { costLines: unknown[] };
    assert.equal(lines.costLines.length, 1, 'nothing was added');
  });

  test('a band top-up and a weekly fee take the placement over the threshold: it waits for an approver who did not enter it', async () => {
    const url = `/placements/${adaPlacement}/cost-lines/new`;
    let version = hiddenVersion((await finance.get(url)).body);
    const band = await finance.post(url, {
      version,
      kind: 'top_up',
      amountOrBand: 'band',
      topUpBand: 'S2',
      ...date('effectiveFrom', '1', '9', '2026'),
    });
    assert.equal(
      band.statusCode,
      303,
      errorSummaryOf(band.body)
        .map((e) => e.text)
        .join('; '),
    );
    version = hiddenVersion((await finance.get(url)).body);
    const fee = await finance.post(url, {
      version,
      kind: 'fee',
      amountOrBand: 'amount',
      amount: '1,000',
      per: 'week',
      unitsPerYear: '38',
      ...date('effectiveFrom', '1', '9', '2026'),
      note: 'Therapy, agreed at panel <b>on 2 March</b>',
    });
    assert.equal(
      fee.statusCode,
      303,
      errorSummaryOf(fee.body)
        .map((e) => e.text)
        .join('; '),
    );
    const page = await finance.get(String(fee.headers.location));
    assert.match(
      text(page.body),
      /The cost line has been added\. It costs more than the approval threshold, so it waits for a finance approver who did not enter it\./,
    );
    const words = text(page.body);
    assert.match(words, /Top-up Band S2: Complex needs \(£12,000 a year today\)/);
    assert.match(
      words,
      /Fees Therapy, agreed at panel <b>on 2 March<\/b> £1,000 a week, 38 weeks a year \(£38,000 a year\)/,
    );
    assert.match(page.body, /&lt;b&gt;on 2 March&lt;\/b&gt;/, 'a note is never markup');
    // £10,000 place + £12,000 band + £1,000 × 38 weeks = £60,000 a year, over £50,000.
    assert.equal(summaryRow(page.body, 'The most it costs a year'), '£60,000');
    // Each line accrues days 154 to 365 of 2026-27 on its own, rounded: the place 580,822 (as
    // before); the band 1,200,000 − round(1,200,000 × 153 / 365) = 1,200,000 − 503,014 =
    // 696,986; the fee (£1,000 × 38 = £38,000 a year) 3,800,000 − round(3,800,000 × 153 / 365) =
    // 3,800,000 − round(1,592,876.71) = 2,207,123. Together 3,484,931 pence.
    assert.match(words, /2026-27 £34,849\.31 £0 £0 £0 £0 £34,849\.31/);
    assert.match(words, /2027-28 £60,000 £0 £0 £0 £0 £60,000/);
    assert.match(words, /waiting for a finance approver other than you to approve it/);
    assert.doesNotMatch(page.body, /Do you approve this placement/, 'whoever entered it may not decide');

    const entered = await finance.get('/placements?mine=entered');
    assert.match(text(entered.body), /1 placement Child Setting/);
    const notAnApprover = await finance.get('/placements?mine=approve');
    assert.equal(notAnApprover.statusCode, 400, 'only an approver has placements waiting for them');
    assert.deepEqual(errorSummaryOf(notAnApprover.body), [{ href: '#mine', text: 'mine must be entered' }]);
    const list = await finance.get('/placements');
    assert.match(
      text(list.body),
      /Waiting for someone else to approve .* Ada Placed at Chapel Green School ?, from 1 September 2026/,
    );
  });

  test('an approver sees what waits for them, and decides on it; a stale or empty decision is named', async () => {
    const list = await approver.get('/placements');
    assert.match(text(list.body), /1 placement is waiting for your approval/);
    assert.match(list.body, /href="\/placements\?mine=approve"/);
    const mine = await approver.get('/placements?mine=approve');
    assert.match(text(mine.body), /1 placement Child Setting/);
    assert.match(mine.body, new RegExp(`href="/placements/${adaPlacement}"`));

    const url = `/placements/${adaPlacement}`;
    const page = await approver.get(url);
    assert.match(page.body, /Do you approve this placement\?/);
    assert.match(text(page.body), /It starts on 1 September 2026\./);
    const version = hiddenVersion(page.body);
    const none = await approver.post(`${url}/approval`, { version });
    assert.deepEqual(errorSummaryOf(none.body), [
      { href: '#decision', text: 'Select whether you approve the placement' },
    ]);
    const noReason = await approver.post(`${url}/approval`, { version, decision: 'reject' });
    assert.equal(noReason.statusCode, 400);
    assert.deepEqual(errorSummaryOf(noReason.body), [
      { href: '#note', text: 'Say why the placement is not approved, so whoever entered it can act' },
    ]);
    const stale = await approver.post(`${url}/approval`, {
      version: String(Number(version) - 1),
      decision: 'approve',
    });
    assert.equal(stale.statusCode, 409);
    assert.deepEqual(errorSummaryOf(stale.body), [
      {
        href: '#placement',
        text: `Someone changed this placement since you read it (it is now at version ${version}). Read it again and make your change to what is there now.`,
      },
    ]);
    assert.equal((await manager.post(`${url}/approval`, { version, decision: 'approve' })).statusCode, 403);

    const approved = await approver.post(`${url}/approval`, {
      version,
      decision: 'approve',
      note: 'Agreed at panel',
    });
    assert.equal(approved.statusCode, 303);
    const after = await approver.get(String(approved.headers.location));
    assert.match(text(after.body), /The placement has been approved\. It now counts as committed\./);
    assert.match(
      summaryRow(after.body, 'Status') ?? '',
      /^Approved by approver \(926\) on \d{1,2} [A-Z][a-z]+ \d{4}, up to £60,000 a year; entered by finance \(926\)$/,
    );
    assert.match(
      text((await otherApprover.get('/placements')).body),
      /No placements are waiting for your approval\./,
    );
    const events = await auditEvents(t, '926', 'placement.approved');
    assert.equal(events.at(-1)?.child_id, ada);
  });

  test('the dates and attendance are changed from a form carrying the version; a stale form says to look again', async () => {
    const url = `/placements/${adaPlacement}/change`;
    const form = await finance.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /id="startOn-day" name="startOn-day" type="text" value="1"/);
    assert.match(form.body, /value="full" checked/);
    const version = hiddenVersion(form.body);
    const fields = { ...date('startOn', '1', '9', '2026'), attendance: 'full', version };

    const endBeforeStart = await finance.post(url, { ...fields, ...date('endOn', '31', '8', '2026') });
    assert.equal(endBeforeStart.statusCode, 400);
    assert.deepEqual(errorSummaryOf(endBeforeStart.body), [
      { href: '#endOn-day', text: 'endOn must be the same as or after the start, 2026-09-01' },
    ]);

    const stale = await finance.post(url, { ...fields, version: '1', ...date('endOn', '31', '3', '2027') });
    assert.equal(stale.statusCode, 409);
    assert.equal(errorSummaryOf(stale.body)[0]?.href, '#placement');
    assert.match(
      errorSummaryOf(stale.body)[0]?.text ?? '',
      /^Someone changed this placement since you read it/,
    );
    assert.equal(hiddenVersion(stale.body), version, 'sent again, the form is at the version now');
    assert.match(
      stale.body,
      /id="endOn-year" name="endOn-year" type="text" value="2027"/,
      'what was typed is kept',
    );

    const ended = await finance.post(url, { ...fields, ...date('endOn', '31', '3', '2027') });
    assert.equal(
      ended.statusCode,
      303,
      errorSummaryOf(ended.body)
        .map((e) => e.text)
        .join('; '),
    );
    const page = await finance.get(String(ended.headers.location));
    assert.match(text(page.body), /The placement’s dates and attendance have been saved\./);
    // An end still to come on 2 March 2026 reads as one.
    assert.equal(summaryRow(page.body, 'Ends'), '31 March 2027');
    const words = text(page.body);
    assert.match(words, /2026-27 £34,849\.31/);
    assert.doesNotMatch(words, /2027-28/, 'ended on 31 March 2027, it costs nothing after');
  });

  test('a cost line is ended on a day, or removed; its pages name what is wrong', async () => {
    const placement = (await api.get(`/api/v1/placements/${adaPlacement}`)).json() as {
      costLines: { id: string; kind: string }[];
    };
    const fee = placement.costLines.find((l) => l.kind === 'fee')?.id ?? '';
    const band = placement.costLines.find((l) => l.kind === 'top_up')?.id ?? '';
    const endUrl = `/placements/${adaPlacement}/cost-lines/${fee}/end`;
    const form = await finance.get(endUrl);
    assert.equal(form.statusCode, 200);
    assert.match(text(form.body), /Kind Fees Amount or band £1,000 a week, 38 weeks a year/);
    const version = hiddenVersion(form.body);
    const empty = await finance.post(endUrl, { version });
    assert.deepEqual(errorSummaryOf(empty.body), [
      { href: '#effectiveTo-day', text: 'effectiveTo: enter the last day the line applies' },
    ]);
    const early = await finance.post(endUrl, { version, ...date('effectiveTo', '31', '8', '2026') });
    assert.deepEqual(errorSummaryOf(early.body), [
      {
        href: '#effectiveTo-day',
        text: 'effectiveTo must be the same as or after the line starts, 2026-09-01',
      },
    ]);
    const ended = await finance.post(endUrl, { version, ...date('effectiveTo', '31', '12', '2026') });
    assert.equal(
      ended.statusCode,
      303,
      errorSummaryOf(ended.body)
        .map((e) => e.text)
        .join('; '),
    );
    assert.match(text((await finance.get(String(ended.headers.location))).body), /Fees .* 31 December 2026/);

    const removeUrl = `/placements/${adaPlacement}/cost-lines/${band}/remove`;
    const confirm = await finance.get(removeUrl);
    assert.match(text(confirm.body), /Only remove a line entered in error/);
    const staleRemoval = await finance.post(removeUrl, { version });
    assert.equal(staleRemoval.statusCode, 409, 'the version read before the line was ended');
    const removed = await finance.post(removeUrl, { version: hiddenVersion(staleRemoval.body) });
    assert.equal(removed.statusCode, 303);
    assert.doesNotMatch(text((await finance.get(String(removed.headers.location))).body), /Band S2/);
    assert.equal((await finance.get(removeUrl)).statusCode, 404, 'a line removed is not there to remove');
    assert.equal((await finance.get(`/placements/${adaPlacement}/cost-lines/nonsense/end`)).statusCode, 404);
  });

  test('a placement entered in error is removed from its own page', async () => {
    const made = await api.post('/api/v1/placements', {
      childId: ben,
      providerName: 'Wrong School',
      type: 'mainstream',
      basis: 'interim',
      startOn: '2026-09-01',
    });
    const { id, version } = made.json() as { id: string; version: number };
    const url = `/placements/${id}/delete`;
    const confirm = await finance.get(url);
    assert.match(text(confirm.body), /Only remove a placement entered in error/);
    const stale = await finance.post(url, { version: String(version + 1) });
    assert.equal(stale.statusCode, 409);
    assert.equal(errorSummaryOf(stale.body)[0]?.href, '#placement');
    const gone = await finance.post(url, { version: String(version) });
    assert.equal(gone.statusCode, 303);
    assert.equal(gone.headers.location, '/placements?saved=deleted');
    assert.match(
      text((await finance.get('/placements?saved=deleted')).body),
      /The placement has been removed\./,
    );
    assert.equal((await finance.get(`/placements/${id}`)).statusCode, 404);
    assert.equal((await finance.get('/placements/not-an-id')).statusCode, 404);
  });

  test('the list filters by type, status, year and a day the placement runs on, pages, and downloads', async () => {
    // Part-time tuition for Ben, 22 of them, to fill two pages of 20.
    for (let i = 0; i < 22; i++)
      assert.equal(
        (
          await api.post('/api/v1/placements', {
            childId: ben,
            providerName: `Tuition ${i + 1}`,
            type: 'eotas',
            basis: 'interim',
            fte: 0.2,
            startOn: `2025-0${(i % 9) + 1}-01`,
            costLines: [{ kind: 'fee', amountPence: 100_000, per: 'year', effectiveFrom: '2025-01-01' }],
          })
        ).statusCode,
        201,
      );
    const all = await finance.get('/placements');
    assert.match(text(all.body), /23 placements, showing 1 to 20/);
    assert.match(all.body, /Cost in 2025-26/);
    const second = await finance.get('/placements?page=2');
    assert.match(text(second.body), /23 placements, showing 21 to 23/);
    const past = await finance.get('/placements?page=9');
    assert.equal(past.statusCode, 404);
    assert.match(text(past.body), /There is no page 9/);

    // Ada's placement in 2026-27, now the band is gone and the fee ended on 31 December 2026 (day
    // 275: April to December are 30+31+30+31+31+30+31+30+31 days): the place 580,822 as before,
    // and the fee round(3,800,000 × 275 / 365) − round(3,800,000 × 153 / 365) = 2,863,014 −
    // 1,592,877 = 1,270,137; together 1,850,959 pence.
    const special = await finance.get('/placements?type=maintained_special&fy=2026-27');
    const words = text(special.body);
    assert.match(words, /1 placement Child Setting Type Start End or expected end Status Cost in 2026-27/);
    assert.match(
      words,
      /Ada Placed Chapel Green School Maintained special school 1 September 2026 31 March 2027 Approved £18,509\.59/,
    );
    assert.match(special.body, new RegExp(`href="/children/${ada}"`));
    assert.match(special.body, /<option value="2027-28">2027-28<\/option>/, 'the years with costs');
    assert.match(special.body, /<option value="2025-26">2025-26 \(this year\)<\/option>/);

    const approved = await finance.get('/placements?status=approved');
    assert.match(text(approved.body), /1 placement /);
    // On 1 August 2026 Ada's placement has not started; Ben's tuition (from 2025) runs on.
    const onDay = await finance.get('/placements?activeOn-day=1&activeOn-month=8&activeOn-year=2026');
    assert.match(text(onDay.body), /22 placements/);

    const bad = await finance.get(
      '/placements?fy=2026-28&activeOn-day=31&activeOn-month=2&activeOn-year=2026&type=boarding',
    );
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      errorSummaryOf(bad.body).map((e) => [e.href, e.text]),
      [
        [
          '#type',
          'type must be one of mainstream, mainstream_unit, maintained_special, academy_special, non_maintained_special, independent_special, fe_college, specialist_post_16, alternative_provision, eotas, elective_home_education, hospital_education, out_of_county',
        ],
        ['#fy', 'fy must be a financial year like 2026-27'],
        ['#activeOn-day', 'The date placements run on must be a real date'],
      ],
    );

    assert.match(special.body, /href="\/placements\?type=maintained_special&amp;fy=2026-27&amp;format=csv"/);
    const csv = await finance.get('/placements?type=maintained_special&fy=2026-27&format=csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(
      csv.body,
      /Ada Placed,Chapel Green School,Maintained special school,2026-09-01,2027-03-31,,1,Approved,18509\.59/,
    );
    const exported = await listingEvents(t, '926', 'placements.exported');
    assert.deepEqual(exported.at(-1)?.child_ids, [ada]);
    const listed = await listingEvents(t, '926', 'placement.listed');
    assert.ok(
      listed.some((e) => e.child_ids?.includes(ada)),
      'the list is a read of every child it names',
    );
  });

  test("the child's record shows their placements, with a link to add one for those who may", async () => {
    const record = await finance.get(`/children/${ada}`);
    assert.equal(record.statusCode, 200);
    const words = text(record.body);
    assert.match(
      words,
      /Placements Placements, latest start first .* Chapel Green School Maintained special school Full time 1 September 2026 31 March 2027 Approved/,
    );
    assert.match(record.body, new RegExp(`href="/placements/new\\?childId=${ada}"`));
    const read = await coordinator.get(`/children/${ada}`);
    assert.match(text(read.body), /Chapel Green School/);
    assert.doesNotMatch(read.body, /\/placements\/new/);
    const listed = await auditEvents(t, '926', 'placement.listed');
    assert.ok(listed.some((e) => e.child_id === ada));
    // The record and its panels are read in one transaction: the child's view, the EHC requests
    // and the placements it showed are audited together, at that transaction's one time.
    const last = await sql<{ action: string; at: Date }>`SELECT action, at FROM audit_events
      WHERE child_id = ${ada} ORDER BY id DESC LIMIT 3`.execute(t.database.db);
    assert.deepEqual(last.rows.map((r) => r.action).sort(), [
      'child.viewed',
      'ehc.request.listed',
      'placement.listed',
    ]);
    assert.equal(new Set(last.rows.map((r) => r.at.getTime())).size, 1);
  });
});
