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
} from '../support/children.ts';
import { openEhcRequest } from '../support/ehc.ts';

/**
 * The high needs pages: the position for a year, the year's budget and the expected cost of a new
 * placement, as a finance officer, a programme manager and others see them. The test clock stands
 * at 2 March 2026, in 2025-26: 1 April 2025 to 31 March 2026, 365 days. The placements are those of
 * finance-position.test.ts, whose figures are worked out there; the sums here are worked below.
 */

/** What a person reads in an answer's main part: the text, without tags, white space collapsed. */
const mainText = (html: string) =>
  unescapeHtml(
    (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html)
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );

/** The cells of the table row whose first cell starts with `first`, as read. */
function rowOf(html: string, first: string): string[] {
  for (const row of html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)) {
    const cells = [...(row[1] ?? '').matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) =>
      mainText(c[1] ?? ''),
    );
    if (cells[0]?.startsWith(first)) return cells;
  }
  return [];
}

const fieldValue = (html: string, id: string) =>
  unescapeHtml(new RegExp(`id="${id}" name="${id}" type="text"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? '');

/** The budget form as the browser sends it, from the standard lines shown for a new year. */
function budgetForm(overrides: Record<string, string> = {}): Record<string, string> {
  const lines = [
    ['mainstream_top_ups', 'Mainstream top-ups (Element 3)', '1,000', ''],
    ['special_schools', 'Special schools', '30,000', ''],
    ['', '', '', ''],
    ['', '', '', ''],
    ['', '', '', ''],
    ['central_services', 'Central services', '£5,000', '4000'],
  ];
  const form: Record<string, string> = {
    version: '0',
    rows: String(lines.length),
    allocation: '100,000',
    esfaDirect: '10,000',
  };
  lines.forEach(([code, name, budget, other], i) => {
    form[`line-${i}-code`] = code ?? '';
    form[`line-${i}-name`] = name ?? '';
    form[`line-${i}-budget`] = budget ?? '';
    form[`line-${i}-otherCommitted`] = other ?? '';
  });
  return { ...form, ...overrides };
}

describe('the high needs pages', () => {
  let t: TestApp;
  let officer: Awaited<ReturnType<typeof browserAs>>;
  let programme: Awaited<ReturnType<typeof browserAs>>;

  before(async () => {
    t = await startTestApp();
    const officerUser = await addUser(t, '926', 'finance', ['finance_officer']);
    officer = await browserAs(t, officerUser.email);
    programme = await browserAs(t, (await addUser(t, '926', 'programme', ['programme_manager'])).email);
    const api = apiAs(t, await tokenFor(t, '926', officerUser.id));
    const manager = apiAs(
      t,
      await tokenFor(
        t,
        '926',
        (await addUser(t, '926', 'manager', ['send_team_manager', 'ehc_coordinator'])).id,
      ),
    );
    const special = await addSchool(t, '926', 'Chapel Green School', 145678);
    await sql`UPDATE establishments SET is_special = true WHERE id = ${special}`.execute(t.database.db);
    const academy = await addSchool(t, '926', 'Fen Rivers Academy', 145679);
    const place = (body: Record<string, unknown>) =>
      api.post('/api/v1/placements', { basis: 'interim', ...body });
    const made = [
      // Special schools: £10,000 place and £15,000 top-up for the whole year, 2,500,000.
      await place({
        childId: await addChild(t, '926'),
        establishmentId: special,
        type: 'maintained_special',
        startOn: '2025-04-01',
        costLines: [
          { kind: 'place_funding', amountPence: 1_000_000, per: 'year', effectiveFrom: '2025-04-01' },
          { kind: 'top_up', amountPence: 1_500_000, per: 'year', effectiveFrom: '2025-04-01' },
        ],
      }),
      // Mainstream top-ups: £2,240 a year from 1 September, 130,104.
      await place({
        childId: await addChild(t, '926'),
        providerName: 'Yare Valley Primary',
        type: 'mainstream',
        startOn: '2025-09-01',
        costLines: [{ kind: 'top_up', amountPence: 224_000, per: 'year', effectiveFrom: '2025-09-01' }],
      }),
      // Independent: £60,000 a year from 1 January, over the threshold, waiting for approval: 1,479,452.
      await place({
        childId: await addChild(t, '926'),
        providerName: 'Broadland Independent School',
        type: 'independent_special',
        startOn: '2026-01-01',
        costLines: [{ kind: 'fee', amountPence: 6_000_000, per: 'year', effectiveFrom: '2026-01-01' }],
      }),
      // Special schools again: the ESFA pays the £10,000 place, health 25% of the £4,000 top-up
      // (100,000), the block 300,000; £900 of transport.
      await place({
        childId: await addChild(t, '926'),
        establishmentId: academy,
        type: 'academy_special',
        startOn: '2025-04-01',
        costLines: [
          {
            kind: 'place_funding',
            amountPence: 1_000_000,
            per: 'year',
            funder: 'esfa',
            effectiveFrom: '2025-04-01',
          },
          {
            kind: 'top_up',
            amountPence: 400_000,
            per: 'year',
            healthSharePercent: 25,
            effectiveFrom: '2025-04-01',
          },
          { kind: 'transport', amountPence: 90_000, per: 'year', effectiveFrom: '2025-04-01' },
        ],
      }),
    ];
    for (const r of made) assert.equal(r.statusCode, 201, r.body);
    // A plan due on 23 March 2026 naming a special school: an expected starter.
    await openEhcRequest(manager, await addChild(t, '926'), '2025-11-03', [
      { type: 'assessment-decided', on: '2025-11-20', outcome: 'assess' },
      { type: 'issue-decided', on: '2026-01-20', outcome: 'issue' },
      { type: 'draft-served', on: '2026-01-21' },
      { type: 'setting-consulted', on: '2026-01-22', settingName: 'Chapel Green School' },
    ]);
  });
  after(() => t.close());

  test('the menu offers High needs to those who read the position, and nobody else may open it', async () => {
    assert.match((await officer.get('/')).body, /href="\/finance"[^>]*>\s*High needs/);
    assert.match((await programme.get('/')).body, /href="\/finance"[^>]*>\s*High needs/);
    const parent = await browserAs(t, t.la.users.parent.email);
    assert.doesNotMatch((await parent.get('/')).body, /href="\/finance"/);
    for (const url of ['/finance', '/finance/budgets/2025-26', '/finance/expected-costs'])
      assert.equal((await parent.get(url)).statusCode, 403, url);
  });

  test('with no budget set the page says so, and what needs doing links only where the person may act', async () => {
    const r = await officer.get('/finance');
    assert.equal(r.statusCode, 200, r.body);
    const text = mainText(r.body);
    assert.match(text, /High needs position for 2025-26/);
    // No budget: the forecast is the committed 2,930,104 (2,500,000 + 300,000 + 130,104) and the
    // 1,479,452 waiting, 4,409,556; the starter has no expected cost, so it adds nothing.
    assert.match(text, /No budget is set for 2025-26 The forecast for 2025-26 is £44,096:/);
    assert.match(
      text,
      /No budget is set for 2025-26, so the forecast has nothing to be measured against\. Set the 2025-26 budget/,
    );
    assert.match(r.body, /href="\/finance\/budgets\/2025-26">Set the 2025-26 budget/);
    // In March the coming year's budget is due: 2026-27 starts on 1 April 2026.
    assert.match(
      text,
      /The 2026-27 budget is not set yet: the year starts on 1 April 2026\. Set the 2026-27 budget/,
    );
    assert.match(
      text,
      /Placements costing £14,794\.52 in 2025-26 are waiting for a finance approver\. They are in the forecast, but not committed until approved\. See the placements waiting for approval/,
    );
    // The link lands on the placements list filtered to those waiting for approval.
    const waitingLink = /href="(\/placements\?[^"]*)">See the placements waiting for approval/.exec(
      r.body,
    )?.[1];
    assert.equal(waitingLink, '/placements?status=awaiting');
    const waiting = await officer.get(waitingLink);
    assert.equal(waiting.statusCode, 200);
    assert.match(waiting.body, /<option value="awaiting" selected>/);
    assert.match(
      text,
      /1 expected starter has no expected cost, so the forecast leaves it out: Maintained special school\. Set the expected cost of a new placement/,
    );
    assert.deepEqual(rowOf(r.body, 'Maintained special school'), [
      'Maintained special school',
      '23 March 2026',
    ]);

    const aggregate = await programme.get('/finance');
    assert.equal(aggregate.statusCode, 200);
    const seen = mainText(aggregate.body);
    assert.match(seen, /No budget is set for 2025-26, so the forecast has nothing to be measured against\./);
    assert.doesNotMatch(aggregate.body, /Set the 2025-26 budget|href="\/placements|Set the expected cost/);
  });

  test('the budget form starts from the standard lines, refuses each mistake by its box, and adds rows on request', async () => {
    const blank = await officer.get('/finance/budgets/2025-26');
    assert.equal(blank.statusCode, 200);
    assert.match(mainText(blank.body), /^Set the 2025-26 high needs budget/);
    // The six standard lines and three blank rows.
    assert.match(blank.body, /name="rows" value="9"/);
    assert.equal(fieldValue(blank.body, 'line-0-code'), 'mainstream_top_ups');
    assert.equal(fieldValue(blank.body, 'line-5-name'), 'Central services');
    assert.equal(fieldValue(blank.body, 'line-6-code'), '');

    const typed = await officer.post(
      '/finance/budgets/2025-26',
      budgetForm({
        allocation: 'a lot',
        'line-1-budget': '',
        'line-5-otherCommitted': '4,000.505',
        'line-2-name': 'Outreach',
      }),
    );
    assert.equal(typed.statusCode, 400);
    assert.deepEqual(errorSummaryOf(typed.body), [
      {
        href: '#allocation',
        text: 'The allocation: enter an amount in pounds using numbers only, like 1,350 or 1,350.50',
      },
      {
        href: '#line-1-budget',
        text: 'Special schools budget: enter an amount in pounds, like 1,350 or 1,350.50',
      },
      {
        href: '#line-2-code',
        text: 'Outreach: code must be lower-case letters, digits and _, like special_schools',
      },
      { href: '#line-2-budget', text: 'Outreach budget: enter an amount in pounds, like 1,350 or 1,350.50' },
      {
        href: '#line-5-otherCommitted',
        text: 'Central services other commitments: enter an amount with no more than 2 decimal places, like 1,350.50',
      },
    ]);
    assert.match(typed.body, /<title>Error: /);
    assert.equal(fieldValue(typed.body, 'allocation'), 'a lot', 'what was typed is kept');

    // The lines (1,000 + 30,000 + 95,000 = 126,000) are more than the own budget of 100,000 − 10,000.
    const over = await officer.post('/finance/budgets/2025-26', budgetForm({ 'line-5-budget': '95,000' }));
    assert.equal(over.statusCode, 400);
    assert.deepEqual(errorSummaryOf(over.body), [
      {
        href: '#lines',
        text: "The lines add up to more than the LA's own budget (the allocation less what the ESFA pays directly): reduce them by £36,000",
      },
    ]);
    const twice = await officer.post(
      '/finance/budgets/2025-26',
      budgetForm({ esfaDirect: '100,001', 'line-5-code': 'special_schools' }),
    );
    // The own budget is now 10,000,000 − 10,000,100 = −100 pence, so the lines' 3,600,000 are 3,600,100 over.
    assert.deepEqual(errorSummaryOf(twice.body), [
      {
        href: '#esfaDirect',
        text: 'What the ESFA pays directly is part of the allocation, so it cannot be more than the allocation',
      },
      {
        href: '#lines',
        text: "The lines add up to more than the LA's own budget (the allocation less what the ESFA pays directly): reduce them by £36,001",
      },
      { href: '#line-5-code', text: 'Central services: line special_schools is given twice' },
    ]);

    const more = await officer.post(
      '/finance/budgets/2025-26',
      budgetForm({ action: 'add-lines', allocation: 'a lot' }),
    );
    assert.equal(more.statusCode, 200, 'adding rows checks nothing yet');
    assert.match(more.body, /name="rows" value="9"/);
    assert.equal(fieldValue(more.body, 'allocation'), 'a lot');
    assert.equal(fieldValue(more.body, 'line-8-code'), '');
    assert.equal((await auditEvents(t, '926', 'finance.budget.set')).length, 0, 'nothing was saved');
  });

  test('a budget saved from the form shows on the position; a stale form is refused and shows the budget as it now is', async () => {
    const saved = await officer.post('/finance/budgets/2025-26', budgetForm());
    assert.equal(saved.statusCode, 303, saved.body);
    assert.equal(saved.headers.location, '/finance?fy=2025-26&saved=budget');
    const [event] = await auditEvents(t, '926', 'finance.budget.set');
    assert.deepEqual((event?.detail as { after?: unknown } | undefined)?.after, {
      allocationPence: 10_000_000,
      esfaDirectPence: 1_000_000,
      lines: [
        {
          code: 'mainstream_top_ups',
          name: 'Mainstream top-ups (Element 3)',
          budgetPence: 100_000,
          otherCommittedPence: 0,
        },
        { code: 'special_schools', name: 'Special schools', budgetPence: 3_000_000, otherCommittedPence: 0 },
        {
          code: 'central_services',
          name: 'Central services',
          budgetPence: 500_000,
          otherCommittedPence: 400_000,
        },
      ],
    });

    const page = await officer.get('/finance/budgets/2025-26');
    assert.match(mainText(page.body), /^The 2025-26 high needs budget/);
    // Own budget 100,000 − 10,000 = 90,000; lines 1,000 + 30,000 + 5,000 = 36,000; 54,000 left.
    assert.match(
      mainText(page.body),
      /The LA’s own budget £90,000 Shared between the lines £36,000 Not yet given to a line £54,000/,
    );
    assert.match(page.body, /name="version" value="1"/);
    assert.equal(fieldValue(page.body, 'line-2-code'), 'central_services');

    const stale = await officer.post('/finance/budgets/2025-26', budgetForm({ allocation: '200,000' }));
    assert.equal(stale.statusCode, 409);
    assert.deepEqual(errorSummaryOf(stale.body), [
      {
        href: '#allocation',
        text: 'Someone changed the 2025-26 budget since you read it (it is now at version 1). Read it again. Your changes have not been saved: the form now shows the budget as it is.',
      },
    ]);
    assert.equal(fieldValue(stale.body, 'allocation'), '100,000');
    assert.match(stale.body, /name="version" value="1"/);

    const readOnly = await programme.get('/finance/budgets/2025-26');
    assert.equal(readOnly.statusCode, 200);
    assert.doesNotMatch(readOnly.body, /<form method="post" action="\/finance\/budgets/);
    assert.deepEqual(rowOf(readOnly.body, 'Central services'), [
      'Central services',
      'central_services',
      '£5,000',
      '£4,000',
    ]);
    assert.equal((await programme.post('/finance/budgets/2025-26', budgetForm())).statusCode, 403);

    for (const year of ['2025-27', '1999-00', '2031-32', 'next'])
      assert.equal((await officer.get(`/finance/budgets/${year}`)).statusCode, 404, year);
  });

  test('the expected cost of a new placement is set by type; a mistyped cost is refused by its box', async () => {
    const form = await officer.get('/finance/expected-costs');
    assert.equal(form.statusCode, 200);
    assert.equal(
      (form.body.match(/id="cost-[a-z_0-9]+" name=/g) ?? []).length,
      13,
      'one box a placement type',
    );
    assert.match(
      mainText(form.body),
      /What needs doing Plans being finalised name settings of this type, which has no expected cost, so the forecast leaves them out until a cost is set below: Maintained special school: 1 expected starter, from 23 March 2026/,
    );
    assert.match(
      form.body,
      /id="cost-maintained_special-hint" class="govuk-hint">\s*1 expected starter, from 23 March 2026: not priced yet/,
    );
    const wrong = await officer.post('/finance/expected-costs', { 'cost-maintained_special': '25k' });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(errorSummaryOf(wrong.body), [
      {
        href: '#cost-maintained_special',
        text: 'Maintained special school: enter an amount in pounds using numbers only, like 1,350 or 1,350.50',
      },
    ]);
    const saved = await officer.post('/finance/expected-costs', { 'cost-maintained_special': '25,000' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/finance?saved=expected-costs');
    const priced = await officer.get('/finance/expected-costs');
    assert.equal(fieldValue(priced.body, 'cost-maintained_special'), '25,000');
    assert.doesNotMatch(mainText(priced.body), /What needs doing/);
    const readOnly = await programme.get('/finance/expected-costs');
    assert.deepEqual(rowOf(readOnly.body, 'Maintained special school'), [
      'Maintained special school',
      '£25,000',
    ]);
    assert.deepEqual(rowOf(readOnly.body, 'FE college'), ['FE college', 'Not set']);
    assert.equal((await programme.post('/finance/expected-costs', {})).statusCode, 403);
  });

  test('the position: the headline, each line, what others pay and the month by month, all in GOV.UK words', async () => {
    const r = await officer.get('/finance?fy=2025-26&saved=budget');
    assert.equal(r.statusCode, 200, r.body);
    const text = mainText(r.body);
    assert.match(text, /The budget has been saved\./);
    // Forecast: special schools 2,800,000 committed + the starter from 23 March at £25,000,
    // 2,500,000 − round(2,500,000 × 356 / 365) = 61,644; mainstream 130,104; central services
    // 400,000; independent 1,479,452 waiting. 2,861,644 + 130,104 + 400,000 + 1,479,452 = 4,871,200
    // against 3,600,000: an overspend of 1,271,200, £12,712, which is 35.31% of the budget.
    assert.match(
      text,
      /Overspend Forecast overspend of £12,712 \(35\.3%\) A forecast of £48,712 against a budget of £36,000 for 2025-26\. As it stands on 2 March 2026\./,
    );
    assert.deepEqual(rowOf(r.body, 'Special schools'), [
      'Special schools',
      '£30,000',
      '£28,000',
      '£0',
      '£616.44',
      '£28,616.44',
      '£1,383.56',
    ]);
    // 100,000 − 130,104 = −30,104.
    assert.deepEqual(rowOf(r.body, 'Mainstream top-ups'), [
      'Mainstream top-ups (Element 3)',
      '£1,000',
      '£1,301.04',
      '£0',
      '£0',
      '£1,301.04',
      '−£301.04 Overspend',
    ]);
    assert.deepEqual(rowOf(r.body, 'Independent'), [
      'Independent, non-maintained and out of county Not in the budget',
      '£0',
      '£0',
      '£14,794.52',
      '£0',
      '£14,794.52',
      '−£14,794.52 Overspend',
    ]);
    // Committed 2,800,000 + 130,104 + 400,000 = 3,330,104.
    assert.deepEqual(rowOf(r.body, 'Total'), [
      'Total',
      '£36,000',
      '£33,301.04',
      '£14,794.52',
      '£616.44',
      '£48,712',
      '−£12,712 Overspend',
    ]);
    assert.match(
      text,
      /Costs of £14,794\.52 are charged to lines the 2025-26 budget does not have: Independent, non-maintained and out of county\. Add the lines to the 2025-26 budget/,
    );
    assert.doesNotMatch(text, /No budget is set|expected starter has no expected cost/);
    // Others: the ESFA's £10,000 place, health's 100,000, transport's 90,000: 1,190,000 in all.
    assert.deepEqual(rowOf(r.body, 'The ESFA'), ['The ESFA, paid directly to providers', '£10,000']);
    assert.deepEqual(rowOf(r.body, 'Health'), ['Health', '£1,000']);
    assert.deepEqual(rowOf(r.body, 'Home to school'), ['Home to school transport', '£900']);
    assert.deepEqual(rowOf(r.body, 'Total').length, 7);
    assert.match(text, /Paid by others .* Total £11,900/);
    // The month's snapshot was taken at the first look, before the budget: nothing budgeted, the
    // 2,930,104 committed and the 4,409,556 forecast.
    assert.match(
      r.body,
      /<svg viewBox="0 0 760 280" class="app-chart" role="img" aria-labelledby="trend-title trend-desc"/,
    );
    assert.match(
      text,
      /In March 2026 the forecast was £44,096, with £29,301 committed, against a budget of £0\./,
    );
    assert.deepEqual(rowOf(r.body, 'March 2026'), [
      'March 2026',
      '2 March 2026',
      '£0',
      '£29,301.04',
      '£44,095.56',
    ]);
  });

  test('every table downloads for the year shown, and the download is audited', async () => {
    const csv = await officer.get('/finance?fy=2025-26&table=lines&format=csv');
    assert.equal(csv.statusCode, 200, csv.body);
    assert.match(String(csv.headers['content-disposition']), /high-needs-position-2025-26-2026-03-02\.csv/);
    const rows = csv.body.trim().split(/\r?\n/);
    assert.equal(
      rows[0],
      'Budget line,Code,In the budget,Budget (£),Committed (£),Waiting for approval (£),Expected starters (£),Forecast (£),Variance (£)',
    );
    assert.ok(
      rows.includes('Special schools,special_schools,Yes,30000,28000,0,616.44,28616.44,1383.56'),
      rows.join('\n'),
    );
    assert.ok(rows.includes('Total,,,36000,33301.04,14794.52,616.44,48712,-12712'), rows.join('\n'));
    const others = await officer.get('/finance?fy=2025-26&table=others&format=csv');
    assert.match(
      others.body,
      /"The ESFA, paid directly to providers",10000\r\nHealth,1000\r\nSocial care,0\r\nHome to school transport,900/,
    );
    const trend = await officer.get('/finance?fy=2025-26&table=trend&format=xlsx');
    assert.equal(trend.statusCode, 200);
    assert.match(String(trend.headers['content-type']), /spreadsheetml/);
    const events = await listingEvents(t, '926', 'finance.position.exported');
    assert.deepEqual(
      events.map((e) => (e.detail as { filters: unknown }).filters),
      [
        { table: 'lines', fy: '2025-26' },
        { table: 'others', fy: '2025-26' },
        { table: 'trend', fy: '2025-26' },
      ],
    );
    assert.ok(
      events.every((e) => (e.child_ids ?? []).length === 0),
      'the position names no child',
    );
    const noTable = await officer.get('/finance?fy=2025-26&table=children&format=csv');
    assert.equal(noTable.statusCode, 400);
    assert.match(noTable.body, /table must be one of: lines, others, unpriced, trend/);
    assert.equal((await officer.get('/finance?table=lines&format=pdf')).statusCode, 400);
  });

  test('a year is chosen from the list; a year mistyped or too far ahead is refused by the box', async () => {
    const next = await officer.get('/finance?fy=2026-27');
    assert.equal(next.statusCode, 200);
    assert.match(
      mainText(next.body),
      /No budget is set for 2026-27: it should be set before the year starts on 1 April 2026\. Set the 2026-27 budget/,
    );
    assert.match(next.body, /<option value="2026-27" selected>2026-27<\/option>/);
    assert.equal((await officer.get('/finance?saved=__proto__')).statusCode, 200, 'no message has that name');
    for (const [fy, message] of [
      ['2025-27', 'Choose a financial year, written like 2026-27'],
      ['2031-32', 'Choose a financial year from 2000-01 to 2030-31'],
    ] as const) {
      const r = await officer.get(`/finance?fy=${fy}`);
      assert.equal(r.statusCode, 400, fy);
      assert.deepEqual(errorSummaryOf(r.body), [{ href: '#fy', text: message }]);
    }
  });

  test('whatever a form is sent, the answer is a page saying what to fix, never a server error', async () => {
    const odd = [
      '\u0000',
      'x'.repeat(5_000),
      '-1',
      '1e309',
      '<script>alert(1)</script>',
      '£-5',
      '9'.repeat(40),
    ];
    for (const value of odd) {
      const budget = await officer.post(
        '/finance/budgets/2026-27',
        budgetForm({
          version: value,
          rows: value,
          allocation: value,
          'line-0-code': value,
          'line-0-budget': value,
        }),
      );
      assert.ok([400, 409].includes(budget.statusCode), `${budget.statusCode} for ${value.slice(0, 20)}`);
      assert.doesNotMatch(budget.body, /<script>alert/);
      const costs = await officer.post('/finance/expected-costs', { 'cost-fe_college': value });
      // A NUL is taken out of what is sent, leaving a blank box: no expected cost, which may be saved.
      assert.equal(costs.statusCode, value === '\u0000' ? 303 : 400, value.slice(0, 20));
    }
  });
});
