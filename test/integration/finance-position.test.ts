import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addChild, addSchool, addUser, apiAs, auditEvents, tokenFor } from '../support/children.ts';
import { openEhcRequest } from '../support/ehc.ts';

/**
 * The high needs block's live position through /api/v1/finance: a year's budget by line against
 * what placements commit, what awaits approval and what plans being finalised will cost. The test
 * clock stands at 2 March 2026, in 2025-26: 1 April 2025 to 31 March 2026, 365 days.
 */

interface Figures {
  budgetPence: number;
  committedPence: number;
  awaitingApprovalPence: number;
  expectedStartersPence: number;
  forecastPence: number;
  variancePence: number;
}
interface Position {
  fy: string;
  budgetSet: boolean;
  lines: (Figures & { code: string; name: string; inBudget: boolean })[];
  totals: Figures;
  outsideBlock: Record<string, number>;
  unpricedStarters: { placementType: string }[];
  trend: { takenOn: string; forecastPence: number }[];
}

describe('the high needs position for a financial year', () => {
  let t: TestApp;
  let officer: ReturnType<typeof apiAs>;
  let manager: ReturnType<typeof apiAs>;
  const line = (p: Position, code: string) => p.lines.find((l) => l.code === code);

  before(async () => {
    t = await startTestApp();
    officer = apiAs(
      t,
      await tokenFor(t, '926', (await addUser(t, '926', 'finance', ['finance_officer'])).id),
    );
    manager = apiAs(
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
      officer.post('/api/v1/placements', { basis: 'interim', ...body });
    const made = [
      // A whole year at a special school: £10,000 place and £15,000 top-up, 2,500,000 pence.
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
      // Band 2 (£2,240) from 1 September: 130,104 pence (see top-up-schemes.test.ts for the working).
      await place({
        childId: await addChild(t, '926'),
        providerName: 'Yare Valley Primary',
        type: 'mainstream',
        startOn: '2025-09-01',
        costLines: [{ kind: 'top_up', amountPence: 224_000, per: 'year', effectiveFrom: '2025-09-01' }],
      }),
      // £60,000 a year from 1 January: over the threshold, so awaiting approval. 1 January is day
      // 276, so 6,000,000 − round(6,000,000 × 275 / 365) = 6,000,000 − round(4,520,547.95) = 1,479,452.
      await place({
        childId: await addChild(t, '926'),
        providerName: 'Broadland Independent School',
        type: 'independent_special',
        startOn: '2026-01-01',
        costLines: [{ kind: 'fee', amountPence: 6_000_000, per: 'year', effectiveFrom: '2026-01-01' }],
      }),
      // An academy: the ESFA pays the £10,000 place; health pays 25% of the £4,000 top-up, 100,000;
      // the block pays 300,000. And £900 of transport, outside the block.
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

    // A plan being finalised: received 3 November 2025, so due 20 weeks (140 days) later, on
    // 23 March 2026 (27 days of November, 31, 31, 28, then 23), last consulted with a special school.
    await openEhcRequest(manager, await addChild(t, '926'), '2025-11-03', [
      { type: 'assessment-decided', on: '2025-11-20', outcome: 'assess' },
      { type: 'issue-decided', on: '2026-01-20', outcome: 'issue' },
      { type: 'draft-served', on: '2026-01-21' },
      { type: 'setting-consulted', on: '2026-01-22', settingName: 'Chapel Green School' },
    ]);
  });
  after(() => t.close());

  test('with no budget set, every cost is shown against lines not in the budget, and a starter unpriced', async () => {
    const r = await officer.get('/api/v1/finance/position');
    assert.equal(r.statusCode, 200, r.body);
    const p = r.json() as Position;
    assert.equal(p.fy, '2025-26');
    assert.equal(p.budgetSet, false);
    assert.ok(p.lines.every((l) => !l.inBudget && l.name === 'Not in the budget'));
    assert.deepEqual(
      p.unpricedStarters.map((s) => s.placementType),
      ['maintained_special'],
      'no average cost is set for a special school place yet',
    );
  });

  test('with a budget and an average cost, the lines show committed, awaiting, starters, forecast and variance', async () => {
    const budget = await officer.put('/api/v1/finance/budgets/2025-26', {
      version: 0,
      allocationPence: 10_000_000,
      esfaDirectPence: 1_000_000,
      lines: [
        { code: 'mainstream_top_ups', name: 'Mainstream top-ups', budgetPence: 100_000 },
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
    // The LA's own budget is £100,000 less the ESFA's £10,000; the lines take £36,000 of it.
    assert.equal((budget.json() as { unallocatedPence: number }).unallocatedPence, 9_000_000 - 3_600_000);
    const costs = await officer.put('/api/v1/finance/expected-costs', {
      items: [{ placementType: 'maintained_special', annualPence: 2_500_000 }],
    });
    assert.equal(costs.statusCode, 200, costs.body);

    const p = (await officer.get('/api/v1/finance/position?fy=2025-26')).json() as Position;
    // Special schools: 2,500,000 + 300,000 committed; the starter from 23 March (day 357) to
    // 31 March at £25,000: 2,500,000 − round(2,500,000 × 356 / 365) = 2,500,000 − 2,438,356 = 61,644.
    // Forecast 2,861,644 against 3,000,000: 138,356 to spare.
    assert.deepEqual(line(p, 'special_schools'), {
      code: 'special_schools',
      name: 'Special schools',
      inBudget: true,
      budgetPence: 3_000_000,
      committedPence: 2_800_000,
      awaitingApprovalPence: 0,
      expectedStartersPence: 61_644,
      forecastPence: 2_861_644,
      variancePence: 138_356,
    });
    // Mainstream top-ups: 130,104 against 100,000, an overspend of 30,104.
    assert.equal(line(p, 'mainstream_top_ups')?.variancePence, -30_104);
    // Central services: only what was entered as committed.
    assert.equal(line(p, 'central_services')?.forecastPence, 400_000);
    // The independent placement has no line in this budget, and waits for approval.
    assert.equal(line(p, 'independent')?.inBudget, false);
    assert.equal(line(p, 'independent')?.awaitingApprovalPence, 1_479_452);
    // Totals: budget 3,600,000; forecast 130,104 + 2,861,644 + 400,000 + 1,479,452 = 4,871,200.
    assert.equal(p.totals.budgetPence, 3_600_000);
    assert.equal(p.totals.forecastPence, 4_871_200);
    assert.equal(p.totals.variancePence, 3_600_000 - 4_871_200);
    assert.deepEqual(p.outsideBlock, {
      esfaDirectPence: 1_000_000,
      healthPence: 100_000,
      socialCarePence: 0,
      transportPence: 90_000,
    });
    assert.deepEqual(p.unpricedStarters, []);
    // Looking at this year's position records March's snapshot once; the trend carries it.
    assert.deepEqual(
      p.trend.map((s) => s.takenOn),
      ['2026-03-02'],
      'the first look, with no budget, took the month’s snapshot; later looks do not add to it',
    );
    assert.equal((await auditEvents(t, '926', 'finance.budget.set')).length, 1);
  });

  test('a stale or over-allocated budget is refused naming the field; another role cannot set one', async () => {
    const stale = await officer.put('/api/v1/finance/budgets/2025-26', {
      version: 0,
      allocationPence: 1,
      lines: [],
    });
    assert.equal(stale.statusCode, 409);
    const over = await officer.put('/api/v1/finance/budgets/2026-27', {
      version: 0,
      allocationPence: 1_000,
      esfaDirectPence: 500,
      lines: [{ code: 'special_schools', name: 'Special schools', budgetPence: 501 }],
    });
    assert.equal(over.statusCode, 400);
    assert.match(over.body, /add up to more than the LA's own budget/);
    const dup = await officer.put('/api/v1/finance/budgets/2026-27', {
      version: 0,
      allocationPence: 1_000,
      lines: [
        { code: 'post_16', name: 'Post-16', budgetPence: 1 },
        { code: 'post_16', name: 'Post-16 again', budgetPence: 1 },
      ],
    });
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /lines\.1\.code/);
    assert.equal((await officer.get('/api/v1/finance/budgets/2024-26')).statusCode, 400);
    assert.equal((await officer.get('/api/v1/finance/budgets/2030-31')).statusCode, 404);
    assert.equal(
      (await manager.put('/api/v1/finance/budgets/2026-27', { version: 0, allocationPence: 1, lines: [] }))
        .statusCode,
      403,
    );
    assert.equal(
      (await manager.get('/api/v1/finance/position')).statusCode,
      200,
      'the SEND team sees the position',
    );
  });
});
