import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addChild,
  addSchool,
  addUser,
  apiAs,
  browserAs,
  errorSummaryOf,
  listingEvents,
  tokenFor,
  unescapeHtml,
} from '../support/children.ts';
import { openEhcRequest } from '../support/ehc.ts';

/**
 * The high needs spend of a year totalled by placement type, setting, primary need, cluster, Ofsted
 * grade and child, through /api/v1/finance/totals and /finance/totals. The test clock stands at
 * 2 March 2026, in 2025-26: 1 April 2025 to 31 March 2026, 365 days.
 *
 * The placements, with what each costs the high needs block (HN) in 2025-26:
 * - P1 Ash (ASD) at Chapel Green School (special, Good, Dereham cluster), the whole year: £10,000
 *   place and £15,000 top-up, HN 2,500,000.
 * - P2 Bo (SEMH) at Yare Valley Primary, a provider known only by name (no URN, no cluster),
 *   mainstream, £2,240 from 1 September: HN 130,104 (see finance-position.test.ts).
 * - P3 Cy (ASD) at Broadland Independent School, by name, £60,000 a year from 1 January: over the
 *   £50,000 threshold, so waiting for approval, 1,479,452 (see finance-position.test.ts).
 * - P4 Dee (SLCN) at Fen Rivers Academy (Requires improvement, Dereham), the whole year: the ESFA
 *   pays the £10,000 place; health 25% of the £4,000 top-up, 100,000; HN 300,000; transport 90,000.
 *   Paid by others 1,000,000 + 100,000 + 90,000 = 1,190,000.
 * - P5 Eve (no need recorded) at Wensum Primary (URN, no grade; in Norwich North cluster until
 *   1 January 2026, Dereham since) mainstream, £1,350 a year, 1 April to 31 August (153 days):
 *   round(135,000 × 153 / 365) = round(56,589.04) = 56,589.
 * - P6 Eve at Chapel Green from 1 September, £10,000 place and £15,000 top-up: days 154 to 365,
 *   2,500,000 − round(2,500,000 × 153 / 365) = 2,500,000 − round(1,047,945.21) = 1,452,055.
 * - Fay (MLD): a plan being finalised, due 23 March 2026, naming Chapel Green; at an expected
 *   £25,000 a year for a maintained special place, 23 to 31 March: 61,644 (finance-position.test.ts).
 *
 * Totals: committed 2,500,000 + 130,104 + 300,000 + 56,589 + 1,452,055 = 4,438,748; waiting for
 * approval 1,479,452; expected starters 61,644; forecast 4,438,748 + 1,479,452 + 61,644 =
 * 5,979,844; paid by others 1,190,000; 6 placements; 6 children (Ash, Bo, Cy, Dee, Eve, Fay);
 * average 5,979,844 / 6 = 996,640.67, so 996,641. The budget's central services line records
 * 400,000 committed outside placements, so the position says committed 4,838,748, forecast 6,379,844.
 */

interface Figures {
  children: number;
  placements: number;
  committedPence: number;
  awaitingApprovalPence: number;
  expectedStartersPence: number;
  forecastPence: number;
  paidByOthersPence: number;
  averagePerChildPence: number | null;
}
interface Item extends Figures {
  key: string;
  label: string;
  ofstedGrade: string | null;
}
interface Totals {
  fy: string;
  by: string;
  items: Item[];
  total: number;
  limit: number;
  offset: number;
  totals: Figures;
  otherCommittedPence: number;
  unpricedStarters: number;
  belowGood: { settings: number; children: number; forecastPence: number };
}

const figures = (f: Partial<Figures>): Figures => ({
  children: 1,
  placements: 1,
  committedPence: 0,
  awaitingApprovalPence: 0,
  expectedStartersPence: 0,
  forecastPence: 0,
  paidByOthersPence: 0,
  averagePerChildPence: null,
  ...f,
});

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

describe('high needs spend totalled by type, setting, need, cluster, Ofsted grade and child', () => {
  let t: TestApp;
  let officer: ReturnType<typeof apiAs>;
  let programme: ReturnType<typeof apiAs>;
  let officerPages: Awaited<ReturnType<typeof browserAs>>;
  let programmePages: Awaited<ReturnType<typeof browserAs>>;
  const child: Record<string, string> = {};
  const setting: Record<string, string> = {};
  let dereham = '';

  const totals = async (query: string) => {
    const r = await officer.get(`/api/v1/finance/totals?${query}`);
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as Totals;
  };

  before(async () => {
    t = await startTestApp();
    const officerUser = await addUser(t, '926', 'finance', ['finance_officer']);
    const programmeUser = await addUser(t, '926', 'programme', ['programme_manager']);
    officer = apiAs(t, await tokenFor(t, '926', officerUser.id));
    programme = apiAs(t, await tokenFor(t, '926', programmeUser.id));
    officerPages = await browserAs(t, officerUser.email);
    programmePages = await browserAs(t, programmeUser.email);
    const manager = apiAs(
      t,
      await tokenFor(
        t,
        '926',
        (await addUser(t, '926', 'manager', ['send_team_manager', 'ehc_coordinator'])).id,
      ),
    );
    const db = t.database.db;
    setting.chapel = await addSchool(t, '926', 'Chapel Green School', 145678);
    setting.fen = await addSchool(t, '926', 'Fen Rivers Academy', 145679);
    setting.wensum = await addSchool(t, '926', 'Wensum Primary', 145680);
    await sql`UPDATE establishments SET is_special = true, ofsted_rating = 'good' WHERE id = ${setting.chapel}`.execute(
      db,
    );
    await sql`UPDATE establishments SET ofsted_rating = 'requires_improvement' WHERE id = ${setting.fen}`.execute(
      db,
    );
    const cluster = async (name: string) =>
      (
        await sql<{
          id: string;
        }>`INSERT INTO clusters (la_code, name) VALUES ('926', ${name}) RETURNING id`.execute(db)
      ).rows[0]?.id ?? '';
    dereham = await cluster('Dereham');
    const norwichNorth = await cluster('Norwich North');
    const member = (clusterId: string, id: string | undefined, from: string, to: string | null) =>
      sql`INSERT INTO cluster_memberships (la_code, cluster_id, establishment_id, starts_on, ends_on)
        VALUES ('926', ${clusterId}, ${id}, ${from}, ${to})`.execute(db);
    await member(dereham, setting.chapel, '2020-09-01', null);
    await member(dereham, setting.fen, '2020-09-01', null);
    await member(norwichNorth, setting.wensum, '2020-09-01', '2026-01-01');
    await member(dereham, setting.wensum, '2026-01-01', null);

    child.ash = await addChild(t, '926', { forename: 'Ash', surname: 'Alder', senNeeds: ['ASD'] });
    child.bo = await addChild(t, '926', { forename: 'Bo', surname: 'Birch', senNeeds: ['SEMH', 'ASD'] });
    child.cy = await addChild(t, '926', { forename: 'Cy', surname: 'Cedar', senNeeds: ['ASD'] });
    child.dee = await addChild(t, '926', { forename: 'Dee', surname: 'Damson', senNeeds: ['SLCN'] });
    child.eve = await addChild(t, '926', { forename: 'Eve', surname: 'Elm', senNeeds: [] });
    child.fay = await addChild(t, '926', { forename: 'Fay', surname: 'Fir', senNeeds: ['MLD'] });

    const place = (body: Record<string, unknown>) =>
      officer.post('/api/v1/placements', { basis: 'interim', ...body });
    const special = (childId: string | undefined, from: string) =>
      place({
        childId,
        establishmentId: setting.chapel,
        type: 'maintained_special',
        startOn: from,
        costLines: [
          { kind: 'place_funding', amountPence: 1_000_000, per: 'year', effectiveFrom: from },
          { kind: 'top_up', amountPence: 1_500_000, per: 'year', effectiveFrom: from },
        ],
      });
    const made = [
      await special(child.ash, '2025-04-01'),
      await place({
        childId: child.bo,
        providerName: 'Yare Valley Primary',
        type: 'mainstream',
        startOn: '2025-09-01',
        costLines: [{ kind: 'top_up', amountPence: 224_000, per: 'year', effectiveFrom: '2025-09-01' }],
      }),
      await place({
        childId: child.cy,
        providerName: 'Broadland Independent School',
        type: 'independent_special',
        startOn: '2026-01-01',
        costLines: [{ kind: 'fee', amountPence: 6_000_000, per: 'year', effectiveFrom: '2026-01-01' }],
      }),
      await place({
        childId: child.dee,
        establishmentId: setting.fen,
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
      await place({
        childId: child.eve,
        establishmentId: setting.wensum,
        type: 'mainstream',
        startOn: '2025-04-01',
        endOn: '2025-08-31',
        costLines: [{ kind: 'top_up', amountPence: 135_000, per: 'year', effectiveFrom: '2025-04-01' }],
      }),
      await special(child.eve, '2025-09-01'),
    ];
    for (const r of made) assert.equal(r.statusCode, 201, r.body);

    // Received 3 November 2025, so due 140 days later on 23 March 2026; Chapel Green consulted.
    await openEhcRequest(manager, child.fay ?? '', '2025-11-03', [
      { type: 'assessment-decided', on: '2025-11-20', outcome: 'assess' },
      { type: 'issue-decided', on: '2026-01-20', outcome: 'issue' },
      { type: 'draft-served', on: '2026-01-21' },
      { type: 'setting-consulted', on: '2026-01-22', settingName: 'Chapel Green School' },
    ]);
    const budget = await officer.put('/api/v1/finance/budgets/2025-26', {
      version: 0,
      allocationPence: 10_000_000,
      lines: [
        { code: 'special_schools', name: 'Special schools', budgetPence: 3_000_000 },
        {
          code: 'central_services',
          name: 'Central services',
          budgetPence: 500_000,
          otherCommittedPence: 400_000,
        },
      ],
    });
    assert.equal(budget.statusCode, 200, budget.body);
  });
  after(() => t.close());

  test('before the starter’s type is priced it is in no group, and counted as unpriced', async () => {
    const r = await totals('fy=2025-26&by=type');
    assert.equal(r.unpricedStarters, 1);
    assert.equal(r.totals.expectedStartersPence, 0);
    assert.equal(r.totals.children, 5, 'Fay has no placement and no priced start');
    const costs = await officer.put('/api/v1/finance/expected-costs', {
      items: [{ placementType: 'maintained_special', annualPence: 2_500_000 }],
    });
    assert.equal(costs.statusCode, 200, costs.body);
  });

  test('by placement type, largest forecast first, with the totals over every type', async () => {
    const r = await totals('fy=2025-26&by=type');
    assert.equal(r.fy, '2025-26');
    assert.equal(r.unpricedStarters, 0);
    assert.deepEqual(r.items, [
      {
        // P1, P6 and Fay's start: 3 children; 2,500,000 + 1,452,055 = 3,952,055 committed, 61,644
        // starting, 4,013,699 in all; 4,013,699 / 3 = 1,337,899.67.
        key: 'maintained_special',
        label: 'Maintained special school',
        ofstedGrade: null,
        ...figures({
          children: 3,
          placements: 2,
          committedPence: 3_952_055,
          expectedStartersPence: 61_644,
          forecastPence: 4_013_699,
          averagePerChildPence: 1_337_900,
        }),
      },
      {
        key: 'independent_special',
        label: r.items[1]?.label ?? '',
        ofstedGrade: null,
        ...figures({
          awaitingApprovalPence: 1_479_452,
          forecastPence: 1_479_452,
          averagePerChildPence: 1_479_452,
        }),
      },
      {
        key: 'academy_special',
        label: r.items[2]?.label ?? '',
        ofstedGrade: null,
        ...figures({
          committedPence: 300_000,
          forecastPence: 300_000,
          paidByOthersPence: 1_190_000,
          averagePerChildPence: 300_000,
        }),
      },
      {
        // Bo's 130,104 and Eve's 56,589: 186,693 for 2 children, 93,346.5 rounded half up.
        key: 'mainstream',
        label: r.items[3]?.label ?? '',
        ofstedGrade: null,
        ...figures({
          children: 2,
          placements: 2,
          committedPence: 186_693,
          forecastPence: 186_693,
          averagePerChildPence: 93_347,
        }),
      },
    ]);
    assert.deepEqual(
      r.totals,
      figures({
        children: 6,
        placements: 6,
        committedPence: 4_438_748,
        awaitingApprovalPence: 1_479_452,
        expectedStartersPence: 61_644,
        forecastPence: 5_979_844,
        paidByOthersPence: 1_190_000,
        averagePerChildPence: 996_641,
      }),
    );
    assert.equal(r.otherCommittedPence, 400_000);
    assert.equal(r.total, 4);
  });

  test('by Ofsted grade in grade order; the share with settings below Good is called out', async () => {
    const r = await totals('fy=2025-26&by=ofsted');
    assert.deepEqual(
      r.items.map((i) => [i.key, i.label, i.children, i.placements, i.forecastPence]),
      [
        ['good', 'Good', 3, 2, 4_013_699],
        ['requires_improvement', 'Requires improvement', 1, 1, 300_000],
        ['not_inspected', 'Not inspected', 1, 1, 56_589],
        // Yare Valley and Broadland, known by name only: 130,104 + 1,479,452.
        ['no_urn', 'No URN', 2, 2, 1_609_556],
      ],
    );
    assert.deepEqual(r.belowGood, { settings: 1, children: 1, forecastPence: 300_000 });
  });

  test('by cluster, each setting where it is on the day of reference, outsiders under No cluster', async () => {
    const r = await totals('fy=2025-26&by=cluster');
    // Wensum moved to Dereham on 1 January 2026, so Eve's placement there, which ended in August
    // while it was in Norwich North, counts in Dereham: P1, P4, P5, P6 and Fay's start, for Ash,
    // Dee, Eve and Fay. Committed 2,500,000 +
    // 300,000 + 56,589 + 1,452,055 = 4,308,644; with 61,644 starting, 4,370,288.
    assert.deepEqual(r.items, [
      {
        key: dereham,
        label: 'Dereham',
        ofstedGrade: null,
        ...figures({
          children: 4,
          placements: 4,
          committedPence: 4_308_644,
          expectedStartersPence: 61_644,
          forecastPence: 4_370_288,
          paidByOthersPence: 1_190_000,
          averagePerChildPence: 1_092_572,
        }),
      },
      {
        // Bo's 130,104 and Cy's 1,479,452 waiting: 1,609,556 for 2, 804,778 each.
        key: 'none',
        label: 'No cluster',
        ofstedGrade: null,
        ...figures({
          children: 2,
          placements: 2,
          committedPence: 130_104,
          awaitingApprovalPence: 1_479_452,
          forecastPence: 1_609_556,
          averagePerChildPence: 804_778,
        }),
      },
    ]);
  });

  test('by primary need as recorded now, a child without one counted as such', async () => {
    const r = await totals('fy=2025-26&by=need');
    assert.deepEqual(
      r.items.map((i) => [i.key, i.label, i.children, i.placements, i.forecastPence]),
      [
        // Ash's 2,500,000 and Cy's 1,479,452; Bo's second need (ASD) does not count.
        ['ASD', 'Autistic spectrum disorder', 2, 2, 3_979_452],
        // Eve's two placements: 56,589 + 1,452,055.
        ['none', 'No primary need recorded', 1, 2, 1_508_644],
        ['SLCN', 'Speech, language and communication needs', 1, 1, 300_000],
        ['SEMH', 'Social, emotional and mental health', 1, 1, 130_104],
        ['MLD', 'Moderate learning difficulty', 1, 0, 61_644],
      ],
    );
  });

  test('by setting, each with its Ofsted grade; a provider known by name is its own group', async () => {
    const r = await totals('fy=2025-26&by=provider');
    assert.deepEqual(
      r.items.map((i) => [i.label, i.ofstedGrade, i.children, i.forecastPence]),
      [
        ['Chapel Green School', 'good', 3, 4_013_699],
        ['Broadland Independent School', 'no_urn', 1, 1_479_452],
        ['Fen Rivers Academy', 'requires_improvement', 1, 300_000],
        ['Yare Valley Primary', 'no_urn', 1, 130_104],
        ['Wensum Primary', 'not_inspected', 1, 56_589],
      ],
    );
    assert.equal(r.items[0]?.key, setting.chapel);
  });

  test('every grouping adds up to the position’s committed, forecast and what others pay', async () => {
    const position = (await officer.get('/api/v1/finance/position?fy=2025-26')).json() as {
      totals: { committedPence: number; forecastPence: number };
      outsideBlock: Record<string, number>;
    };
    const paidByOthers = Object.values(position.outsideBlock).reduce((s, p) => s + p, 0);
    for (const by of ['type', 'provider', 'need', 'cluster', 'ofsted', 'child']) {
      const r = await totals(`fy=2025-26&by=${by}&limit=500`);
      assert.equal(r.items.length, r.total, `${by}: every group on one page`);
      const sum = (k: keyof Figures) => r.items.reduce((s, i) => s + (i[k] ?? 0), 0);
      assert.equal(sum('committedPence') + r.otherCommittedPence, position.totals.committedPence, by);
      assert.equal(sum('forecastPence') + r.otherCommittedPence, position.totals.forecastPence, by);
      assert.equal(sum('paidByOthersPence'), paidByOthers, by);
      assert.equal(sum('placements'), r.totals.placements, by);
      assert.equal(sum('awaitingApprovalPence'), r.totals.awaitingApprovalPence, by);
    }
    // 4,438,748 + 400,000 and 5,979,844 + 400,000, as worked out above.
    assert.equal(position.totals.committedPence, 4_838_748);
    assert.equal(position.totals.forecastPence, 6_379_844);
  });

  test('by child names each child, a page at a time, and the read is audited naming them', async () => {
    const r = await totals('fy=2025-26&by=child&limit=2&offset=1');
    // Largest first: Ash 2,500,000; Eve 1,508,644; Cy 1,479,452; Dee 300,000; Bo 130,104; Fay 61,644.
    assert.deepEqual(
      r.items.map((i) => [i.label, i.key, i.placements, i.forecastPence]),
      [
        ['Eve Elm', child.eve, 2, 1_508_644],
        ['Cy Cedar', child.cy, 1, 1_479_452],
      ],
    );
    assert.equal(r.total, 6);
    assert.equal(r.totals.forecastPence, 5_979_844, 'the totals are over every child, not the page');
    const events = await listingEvents(t, '926', 'finance.totals.children-listed');
    const last = events.at(-1);
    assert.deepEqual(last?.child_ids, [child.eve, child.cy]);
    assert.deepEqual(last?.detail, { fy: '2025-26', by: 'child', offset: 1, limit: 2 });
  });

  test('a programme manager sees the aggregates but not children; bad parameters are named', async () => {
    assert.equal((await programme.get('/api/v1/finance/totals?by=ofsted')).statusCode, 200);
    const refused = await programme.get('/api/v1/finance/totals?by=child');
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /only people who may read placements/);
    const badBy = await officer.get('/api/v1/finance/totals?by=school');
    assert.equal(badBy.statusCode, 400);
    assert.match(String(badBy.headers['content-type']), /application\/problem\+json/);
    assert.match(badBy.body, /by must be one of type, provider, need, cluster, ofsted, child/);
    const badFy = await officer.get('/api/v1/finance/totals?fy=2025-27');
    assert.equal(badFy.statusCode, 400);
    assert.match(badFy.body, /fy must be a financial year like 2026-27/);
    assert.equal((await officer.get('/api/v1/finance/totals?limit=501')).statusCode, 400);
    assert.equal((await officer.get('/api/v1/finance/totals?offset=-1')).statusCode, 400);
    const caseworker = apiAs(
      t,
      await tokenFor(t, '926', (await addUser(t, '926', 'caseworker', ['ehc_coordinator'])).id),
    );
    assert.equal((await caseworker.get('/api/v1/finance/totals')).statusCode, 403, 'no finance:read');
  });

  test('the page shows the table, what needs doing and how it adds up to the position', async () => {
    const position = await officerPages.get('/finance?fy=2025-26');
    assert.match(position.body, /href="\/finance\/totals\?fy=2025-26"/);
    const page = await officerPages.get('/finance/totals?fy=2025-26&by=ofsted');
    assert.equal(page.statusCode, 200, page.body);
    const text = mainText(page.body);
    assert.match(text, /High needs spend by Ofsted grade in 2025-26/);
    // 300,000 of 5,979,844 is 5.02%, written to one place without a trailing zero.
    assert.match(
      text,
      /£3,000 of the 2025-26 forecast \(5%\) is with 1 setting Ofsted graded Requires improvement or Inadequate, for 1 child\. See the settings and their grades/,
    );
    assert.match(page.body, /govuk-tag--orange">Requires improvement</);
    assert.deepEqual(rowOf(page.body, 'Good'), [
      'Good',
      '3',
      '2',
      '£39,520.55',
      '£0',
      '£616.44',
      '£40,136.99',
      '67.1%',
      '£0',
      '£13,379',
    ]);
    assert.deepEqual(rowOf(page.body, 'Total'), [
      'Total',
      '6',
      '6',
      '£44,387.48',
      '£14,794.52',
      '£616.44',
      '£59,798.44',
      '100%',
      '£11,900',
      '£9,966.41',
    ]);
    assert.match(
      text,
      /With the £4,000 the budget records as committed outside placements, these make the 2025-26 position’s committed £48,387\.48 and forecast £63,798\.44\./,
    );
    assert.doesNotMatch(text, /Ash Alder/, 'the aggregate names no child');
  });

  test('by child on the page names children for those who may read placements, audited', async () => {
    const before = (await listingEvents(t, '926', 'finance.totals.children-listed')).length;
    const page = await officerPages.get('/finance/totals?fy=2025-26&by=child');
    assert.equal(page.statusCode, 200);
    assert.equal(rowOf(page.body, 'Ash Alder')[6], '£25,000');
    const events = await listingEvents(t, '926', 'finance.totals.children-listed');
    assert.equal(events.length, before + 1);
    assert.equal(events.at(-1)?.child_ids?.length, 6);

    const aggregate = await programmePages.get('/finance/totals?fy=2025-26');
    assert.equal(aggregate.statusCode, 200);
    assert.doesNotMatch(aggregate.body, /value="child"/, 'by child is not offered');
    assert.equal((await programmePages.get('/finance/totals?by=child')).statusCode, 403);
    assert.equal((await programmePages.get('/finance/totals?by=child&format=csv')).statusCode, 403);
    assert.equal(
      (await listingEvents(t, '926', 'finance.totals.exported')).length,
      0,
      'a download refused before it starts is no export',
    );
  });

  test('each grouping downloads as CSV and XLSX; a download naming children is audited with them', async () => {
    const csv = await officerPages.get('/finance/totals?fy=2025-26&by=type&format=csv');
    assert.equal(csv.statusCode, 200, csv.body);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(
      String(csv.headers['content-disposition']),
      /high-needs-totals-by-type-2025-26-2026-03-02\.csv/,
    );
    const rows = csv.body.trim().split(/\r?\n/);
    assert.equal(
      rows[0],
      'Placement type,Code,Children,Placements,Committed (£),Waiting for approval (£),Expected starters (£),Forecast to 31 March (£),Share of the forecast,Paid by others (£),Average a child (£)',
    );
    assert.equal(rows.at(-1), 'Total,,6,6,44387.48,14794.52,616.44,59798.44,100,11900,9966.41');
    const xlsx = await officerPages.get('/finance/totals?fy=2025-26&by=provider&format=xlsx');
    assert.equal(xlsx.statusCode, 200);
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    const byChild = await officerPages.get('/finance/totals?fy=2025-26&by=child&format=csv');
    assert.equal(byChild.statusCode, 200);
    assert.match(byChild.body, /Ash Alder,1,1,25000,/);
    const exports = await listingEvents(t, '926', 'finance.totals.exported');
    assert.deepEqual(
      exports.map((e) => (e.detail as { filters: unknown }).filters),
      [
        { fy: '2025-26', by: 'type' },
        { fy: '2025-26', by: 'provider' },
        { fy: '2025-26', by: 'child' },
      ],
    );
    assert.deepEqual(exports[0]?.child_ids ?? [], [], 'totals by type name no child');
    assert.equal(exports[2]?.child_ids?.length, 6);
  });

  test('a grouping or year that is not offered is refused by its box, never a 500', async () => {
    const badBy = await officerPages.get('/finance/totals?fy=2025-26&by=school');
    assert.equal(badBy.statusCode, 400);
    assert.deepEqual(errorSummaryOf(badBy.body), [
      { href: '#by', text: 'Choose how to group the spend from the list' },
    ]);
    const badFy = await officerPages.get('/finance/totals?fy=2025-27&by=type');
    assert.equal(badFy.statusCode, 400);
    assert.deepEqual(errorSummaryOf(badFy.body), [
      { href: '#fy', text: 'Choose a financial year, written like 2026-27' },
    ]);
    const badPage = await officerPages.get('/finance/totals?fy=2025-26&by=type&page=0');
    assert.equal(badPage.statusCode, 400);
    assert.equal(errorSummaryOf(badPage.body)[0]?.href, '#totals-form');
    assert.equal((await officerPages.get('/finance/totals?by=type&format=pdf')).statusCode, 400);
    assert.equal((await officerPages.get('/finance/totals?fy=2025-26&by=type&page=9')).statusCode, 404);
    assert.equal((await officerPages.get('/finance/totals?by=__proto__')).statusCode, 400);
  });
});
