import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { factorDataProblems } from '../modules/funding/factors/domain/factors.ts';
import { lastYearAllocations, schoolsInScope } from '../modules/funding/factors/read.ts';
import { inTenant } from '../platform/db/tenancy.ts';
import { type GeneratedFundingPots, generateFundingPots, loadFundingPots } from './funding-pots.ts';
import { generateLaRecords, planFor, seed } from './index.ts';
import { Prng } from './prng.ts';

/**
 * The demo LA's funding pots: Norfolk's £30 million of SEND funding all delegated, and the
 * £2 million Learning Support fund split 75/25, for 2025-26 and 2026-27, with every school in a
 * cluster's factor data but three schools' in 2026-27.
 */

const today = '2026-03-02';
const options = {
  scale: 'norfolk' as const,
  seed: 5,
  la: { code: '940', name: 'Test (demo)' },
  children: 600,
  today,
};

function demo() {
  const [plan] = planFor(options);
  assert.ok(plan);
  const { data } = generateLaRecords(plan, 0, options, today, []);
  return { data, pots: generateFundingPots({ laCode: '940', createdBy: null }, data, new Prng(940)) };
}

const potOf = (g: GeneratedFundingPots, name: string, year: number) => {
  const pot = g.pots.find((p) => p.name === name && p.year === year);
  assert.ok(pot, `${name} ${year}`);
  return pot;
};

describe('the demo funding pots', () => {
  const { data, pots: g } = demo();
  const inCluster = new Set(data.memberships.map((m) => m.establishment_id));

  test('£30,000,000 of SEND funding is all delegated, in both years', () => {
    for (const year of [2025, 2026]) {
      const pot = potOf(g, 'SEND delegated funding', year);
      assert.equal(pot.total_pence, 3_000_000_000);
      assert.equal(pot.delegated_pence, 3_000_000_000);
      assert.equal(pot.central_pence, 0);
    }
  });

  test('£2,000,000 of Learning Support is £1,500,000 delegated and £500,000 central, all of it given to about 9 FTE', () => {
    for (const year of [2025, 2026]) {
      const pot = potOf(g, 'Learning Support', year);
      // 200,000,000p × 75% = 150,000,000p; the rest, 50,000,000p, is central.
      assert.deepEqual([pot.delegated_pence, pot.central_pence], [150_000_000, 50_000_000]);
      const uses = g.centralUses.filter((u) => u.pot_id === pot.id);
      // £160,000 + £108,000 + £104,000 + £110,000 + £18,000 = £500,000; 3 + 2 + 2 + 2 = 9 FTE.
      assert.equal(
        uses.reduce((sum, u) => sum + u.cost_pence, 0),
        50_000_000,
      );
      assert.equal(
        uses.reduce((sum, u) => sum + (u.fte ?? 0), 0),
        9,
      );
    }
  });

  test('each 2026-27 pot names its 2025-26 pot as the year before', () => {
    for (const name of ['SEND delegated funding', 'Learning Support'])
      assert.equal(potOf(g, name, 2026).previous_pot_id, potOf(g, name, 2025).id);
  });

  test('every school in a cluster has factor data in 2025-26, and all but three in 2026-27', () => {
    assert.ok(inCluster.size > 10, String(inCluster.size));
    for (const pot of g.pots) {
      const covered = new Set(
        g.factorValues.filter((f) => f.pot_id === pot.id).map((f) => f.establishment_id),
      );
      const expected = pot.year === 2025 ? inCluster.size : inCluster.size - 3;
      assert.equal(covered.size, expected, `${pot.name} ${pot.year}`);
      if (pot.year === 2026) for (const id of g.missingInLaterYear) assert.ok(!covered.has(id));
    }
    assert.equal(new Set(g.missingInLaterYear).size, 3);
  });

  test('each school’s figures are plausible: counts within its roll, FSM from 5% to 40% in 2025-26', () => {
    for (const f of g.factorValues) {
      const problems = factorDataProblems({
        pupils: f.pupils,
        fsmPercent: f.fsm_percent,
        idaci: { a: f.idaci_a, b: f.idaci_b, c: f.idaci_c, d: f.idaci_d, e: f.idaci_e, f: f.idaci_f },
        lowPriorAttainment: f.low_prior_attainment,
        senSupport: f.sen_support,
        ehcPlans: f.ehc_plans,
        sparse: f.sparse,
      });
      assert.deepEqual(problems, []);
      assert.ok(f.pupils > 0);
    }
    for (const f of g.factorValues.filter((v) => potOf(g, 'Learning Support', 2025).id === v.pot_id))
      assert.ok(f.fsm_percent >= 5 && f.fsm_percent <= 40, String(f.fsm_percent));
  });

  test('the same seed makes the same pots', () => {
    assert.deepEqual(demo().pots, g);
  });
});

describe('the demo funding pots written to the database', () => {
  let db: TestDatabase;
  let g: GeneratedFundingPots;
  before(async () => {
    db = await createTestDatabase();
    await seed(db, { ...options, withoutFunding: true });
    g = demo().pots;
    await inTenant(db.db, { laCode: '940', userId: null }, (tx) => loadFundingPots(tx, g));
  });
  after(() => db.drop());

  test('the pots read back with their schools in scope, three of them missing 2026-27 data', async () => {
    const pot = potOf(g, 'Learning Support', 2026);
    const schools = await inTenant(db.db, { laCode: '940', userId: null }, (tx) =>
      schoolsInScope(tx, '940', pot.id),
    );
    assert.deepEqual(
      schools
        .filter((s) => s.factors === null)
        .map((s) => s.id)
        .sort(),
      [...g.missingInLaterYear].sort(),
    );
    const last = await inTenant(db.db, { laCode: '940', userId: null }, (tx) =>
      lastYearAllocations(tx, pot.id),
    );
    assert.equal(last.size, 0);
  });
});
