import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { inTenant } from '../platform/db/tenancy.ts';
import { generateFundingPots, loadFundingPots } from './funding-pots.ts';
import {
  type FactorRow,
  generateFundingScenarios,
  loadFundingScenarios,
  type MembershipRow,
  needsLedName,
  pupilsAndLumpSum,
  pupilsAndLumpSumName,
  type ScenarioOptions,
} from './funding-scenarios.ts';
import { generateLaRecords, planFor, seed } from './index.ts';
import { Prng } from './prng.ts';

/**
 * Four schools in two clusters, with a 2025-26 SEND pot of £10,000 delegated and a 2026-27 one
 * of £12,000. Pupils 100, 100, 200 and 400 (800 in all).
 */

const ids = ['a', 'b', 'c', 'd'].map((x) => `00000000-0000-4000-8000-00000000000${x}`);
const memberships: MembershipRow[] = ids.map((id, i) => ({
  establishment_id: id,
  cluster_id: i < 2 ? 'north' : 'south',
  starts_on: '2012-09-01',
}));
const establishments = ids.map((id, i) => ({ id, name: `School ${i + 1}` }));
const clusters = [
  { id: 'north', name: 'North' },
  { id: 'south', name: 'South' },
];
const pupils = [100, 100, 200, 400];
const factors = (potId: string): FactorRow[] =>
  ids.map((id, i) => ({
    pot_id: potId,
    establishment_id: id,
    pupils: pupils[i] as number,
    fsm_percent: 20,
    idaci_a: 5,
    idaci_b: 5,
    idaci_c: 5,
    idaci_d: 0,
    idaci_e: 0,
    idaci_f: 0,
    low_prior_attainment: 10,
    sen_support: 12,
    ehc_plans: 1,
    sparse: false,
  }));

const options: ScenarioOptions = {
  laCode: '926',
  year: 2026,
  pots: [
    { id: 'send-2025', name: 'SEND', year_kind: 'financial', year: 2025, delegated_pence: 1_000_000 },
    { id: 'send-2026', name: 'SEND', year_kind: 'financial', year: 2026, delegated_pence: 1_200_000 },
  ],
  factors: [...factors('send-2025'), ...factors('send-2026')],
  baselines: [{ pot_id: 'send-2025', establishment_id: ids[0] as string, pence: 150_000 }],
  establishments,
  clusters,
  memberships,
};

test('last year’s pot has its scenario adopted by the engine, shared to the penny', () => {
  const g = generateFundingScenarios(options, new Prng(1));
  const adopted = g.scenarios.filter((s) => s.status === 'adopted');
  assert.deepEqual(
    adopted.map((s) => [s.pot_id, s.name, s.adopted_at, s.published_at]),
    [['send-2025', pupilsAndLumpSumName, '2025-03-01T12:00:00Z', '2025-03-08T12:00:00Z']],
  );
  // A quarter of £10,000 shared by 4 is £625 a school, £600 to the £100 below (£2,400 in all); the
  // £7,600 left over 800 pupils is £9.50 a pupil: £600 + £950 = £1,550 twice, £600 + £1,900 =
  // £2,500, £600 + £3,800 = £4,400; £10,000 in all.
  assert.deepEqual(
    g.allocations.map((a) => [a.establishment_id, a.cluster_id, a.pence, a.last_year_pence]),
    [
      [ids[0], 'north', 155_000, 150_000],
      [ids[1], 'north', 155_000, null],
      [ids[2], 'south', 250_000, null],
      [ids[3], 'south', 440_000, null],
    ],
  );
  const stored = JSON.parse(g.allocations[3]?.factors ?? '{}');
  assert.equal(stored.pupils, 400);
  assert.deepEqual(stored.termPence, [380_000, 60_000]);
});

test('this year’s SEND pot has the two competing drafts, the needs-led one held between −2% and +5%', () => {
  const g = generateFundingScenarios(options, new Prng(1));
  const drafts = g.scenarios.filter((s) => s.status === 'draft');
  assert.deepEqual(
    drafts.map((s) => [s.pot_id, s.name]),
    [
      ['send-2026', pupilsAndLumpSumName],
      ['send-2026', needsLedName],
    ],
  );
  const needs = JSON.parse(drafts[1]?.formula ?? '{}');
  assert.deepEqual(needs.schoolDamping, { floorPercent: -2, capPercent: 5 });
  assert.deepEqual(
    needs.terms.map((t: { factor: string }) => t.factor),
    ['fsm', 'idaciA', 'idaciB', 'idaciC', 'lowPriorAttainment', 'senSupport', 'ehcPlans'],
  );
  // A quarter of £12,000 over 4 schools is £750 a school: £700 to the £100 below.
  assert.deepEqual(JSON.parse(drafts[0]?.formula ?? '{}').terms[1], {
    factor: 'lumpSum',
    kind: 'perUnit',
    value: 70_000,
  });
});

test('the same seed makes the same scenarios', () => {
  assert.deepEqual(
    generateFundingScenarios(options, new Prng(7)),
    generateFundingScenarios(options, new Prng(7)),
  );
});

test('a school in scope with no data for last year’s pot stops the generator, naming it', () => {
  assert.throws(
    () => generateFundingScenarios({ ...options, factors: factors('send-2026') }, new Prng(1)),
    /School 1 has no factor data for SEND 2025/,
  );
});

test('the lump sum is a quarter of the pot shared equally, to the £100 below', () => {
  // £30,000,000 / 4 / 397 = £18,891.69… → £18,800.
  assert.equal(pupilsAndLumpSum(3_000_000_000, 397).terms[1]?.value, 1_880_000);
});

describe('with the demo’s own pots, schools and clusters', () => {
  const demoOptions = {
    scale: 'norfolk' as const,
    seed: 5,
    la: { code: '940', name: 'Test (demo)' },
    children: 600,
  };
  const [plan] = planFor(demoOptions);
  assert.ok(plan);
  const { data } = generateLaRecords(plan, 0, demoOptions, '2026-03-02', []);
  const pots = generateFundingPots({ laCode: '940', createdBy: null }, data, new Prng(940));
  const g = generateFundingScenarios(
    {
      laCode: '940',
      year: 2026,
      pots: pots.pots,
      factors: pots.factorValues,
      establishments: data.establishments,
      clusters: data.clusters,
      memberships: data.memberships,
    },
    new Prng(14),
  );
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
    await seed(db, { ...demoOptions, today: '2026-03-02', withoutFunding: true });
    await inTenant(db.db, { laCode: '940', userId: null }, async (tx) => {
      await loadFundingPots(tx, pots);
      await loadFundingScenarios(tx, g);
    });
  });
  after(() => db?.drop());

  test('each of last year’s two pots is shared to the penny and published; this year’s SEND pot has two drafts', async () => {
    const rows = await inTenant(db.db, { laCode: '940', userId: null }, (tx) =>
      sql<{
        pot: string;
        year: number;
        delegated: number;
        name: string;
        status: string;
        published: boolean;
        pence: number | null;
      }>`
        SELECT p.name AS pot, p.year, p.delegated_pence AS delegated, s.name, s.status, s.published_at IS NOT NULL AS published,
          (SELECT sum(a.pence) FROM funding_allocations a WHERE a.scenario_id = s.id) AS pence
        FROM funding_scenarios s JOIN funding_pots p ON p.id = s.pot_id ORDER BY p.year, p.name, s.name`.execute(
        tx,
      ),
    );
    assert.deepEqual(
      rows.rows.map((r) => [
        r.pot,
        r.year,
        r.name,
        r.status,
        r.published,
        r.pence === null ? null : Number(r.pence) === Number(r.delegated),
      ]),
      [
        ['Learning Support', 2025, pupilsAndLumpSumName, 'adopted', true, true],
        ['SEND delegated funding', 2025, pupilsAndLumpSumName, 'adopted', true, true],
        ['SEND delegated funding', 2026, needsLedName, 'draft', false, null],
        ['SEND delegated funding', 2026, pupilsAndLumpSumName, 'draft', false, null],
      ],
    );
  });
});
