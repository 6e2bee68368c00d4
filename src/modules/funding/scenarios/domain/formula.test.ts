import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type AllocationOutcome,
  allocate,
  type Damping,
  type Formula,
  type FormulaTerm,
  formulaSchema,
  type SchoolFactorData,
  type SchoolInput,
} from './formula.ts';

const noDamping: Damping = { floorPercent: null, capPercent: null };

function data(overrides: Partial<SchoolFactorData> = {}): SchoolFactorData {
  return {
    pupils: 0,
    fsmPercent: 0,
    idaci: { a: 0, b: 0, c: 0, d: 0, e: 0, f: 0 },
    lowPriorAttainment: 0,
    senSupport: 0,
    ehcPlans: 0,
    sparse: false,
    ...overrides,
  };
}

function school(
  id: string,
  cluster: string,
  factors: Partial<SchoolFactorData>,
  last: number | null = null,
): SchoolInput {
  return {
    id,
    name: `School ${id}`,
    clusterId: cluster,
    clusterName: `Cluster ${cluster}`,
    factors: data(factors),
    lastYearPence: last,
  };
}

function formula(terms: FormulaTerm[], overrides: Partial<Formula> = {}): Formula {
  return {
    method: 'schools',
    terms,
    withinClusterTerms: null,
    schoolDamping: noDamping,
    clusterDamping: noDamping,
    ...overrides,
  };
}

const pence = (o: AllocationOutcome) => {
  assert.ok(o.ok, JSON.stringify(!o.ok && o.problems));
  return Object.fromEntries(o.schools.map((s) => [s.id, s.pence]));
};
const refusal = (o: AllocationOutcome) => {
  assert.equal(o.ok, false);
  return o.ok ? [] : o.problems;
};

// Three schools in two clusters, shared in every hand-worked case below.
const three = (lasts: [number | null, number | null, number | null] = [null, null, null]) => [
  school('A', 'X', { pupils: 100 }, lasts[0]),
  school('B', 'X', { pupils: 200 }, lasts[1]),
  school('C', 'Y', { pupils: 300 }, lasts[2]),
];
const lumpAndPupils = [
  { factor: 'lumpSum', kind: 'perUnit', value: 10_000 },
  { factor: 'pupils', kind: 'weight', value: 100 },
] satisfies FormulaTerm[];

describe('the cluster funding formula, worked by hand', () => {
  test('£100 a school, and the rest of £1,000 by pupils: £216.67, £333.33 and £450, the odd penny to the largest remainder', () => {
    // Lump sums 3 × £100 = £300; £700 left shared 100:200:300 pupils = £116.666…, £233.333…, £350.
    // A £216.666…, B £333.333…, C £450: rounded down £216.66 + £333.33 + £450 = £999.99, and the
    // penny left goes to A, whose remainder (0.67p) is the largest.
    const result = allocate(100_000, three(), formula(lumpAndPupils));
    assert.deepEqual(pence(result), { A: 21_667, B: 33_333, C: 45_000 });
    assert.ok(result.ok);
    assert.deepEqual(
      result.clusters.map((c) => [c.id, c.pence]),
      [
        ['X', 55_000],
        ['Y', 45_000],
      ],
    );
    assert.deepEqual(
      result.schools[0]?.termPence,
      [10_000, 11_667],
      'A: £100 lump sum and £116.67 for its pupils',
    );
  });

  test('a floor of −5% and a cap of +5% on £300, £300 and £400 last year: A held at £285, B £304.26, C £410.74', () => {
    // Bounds: A and B £285–£315, C £380–£420. Undamped A £216.67 (under its floor), B £333.33 and
    // C £450 (over their caps). A is held at £285; B and C share the other £715 in proportion to
    // their scores 33,333.33 : 45,000 (λ = 71,500 / 78,333.33 = 0.912766): B £304.2553, C £410.7447,
    // both within their bounds. Rounded down £304.25 + £410.74 = £714.99; the penny goes to B (0.53p).
    const result = allocate(
      100_000,
      three([30_000, 30_000, 40_000]),
      formula(lumpAndPupils, { schoolDamping: { floorPercent: -5, capPercent: 5 } }),
    );
    assert.deepEqual(pence(result), { A: 28_500, B: 30_426, C: 41_074 });
    assert.ok(result.ok);
    assert.equal(result.schools[0]?.damped, 'floor');
    assert.equal(result.schools[0]?.formulaPence, 21_667, 'what the formula gave A before the floor');
  });

  test('a floor the pot cannot fund is refused with the shortfall named', () => {
    // No school may lose anything: £300 + £300 + £500 = £1,100 needed from a £1,000 pot: £100 short.
    const problems = refusal(
      allocate(
        100_000,
        three([30_000, 30_000, 50_000]),
        formula(lumpAndPupils, { schoolDamping: { floorPercent: 0, capPercent: null } }),
      ),
    );
    assert.equal(problems[0]?.field, 'schoolDamping.floorPercent');
    assert.match(
      problems[0]?.message ?? '',
      /needs £1,100 for the 3 schools with last year's allocations, £100 more than the £1,000 to share/,
    );
  });

  test('a cap that leaves money unshared is refused with how much', () => {
    // No school may gain: at most £300 + £300 + £300 = £900 of £1,000.
    const problems = refusal(
      allocate(
        100_000,
        three([30_000, 30_000, 30_000]),
        formula(lumpAndPupils, { schoolDamping: { floorPercent: null, capPercent: 0 } }),
      ),
    );
    assert.equal(problems[0]?.field, 'schoolDamping.capPercent');
    assert.match(problems[0]?.message ?? '', /at most £900, £100 less than the £1,000 to share/);
  });

  test('a floor above the cap is refused', () => {
    const problems = refusal(
      allocate(
        100_000,
        three(),
        formula(lumpAndPupils, { schoolDamping: { floorPercent: 5, capPercent: 2 } }),
      ),
    );
    assert.deepEqual(problems, [
      {
        field: 'schoolDamping.floorPercent',
        message: 'The floor (5%) is above the cap (2%): make the floor the same as the cap or lower',
      },
    ]);
  });

  test('weights that do not add up to 100% are refused with what they add up to', () => {
    const problems = refusal(
      allocate(
        100_000,
        three(),
        formula([
          { factor: 'pupils', kind: 'weight', value: 60 },
          { factor: 'lumpSum', kind: 'weight', value: 30 },
        ]),
      ),
    );
    assert.deepEqual(problems, [
      { field: 'terms', message: 'The weights add up to 90%: make them add up to 100%' },
    ]);
  });

  test('weights that give a school a negative allocation are refused, naming it', () => {
    // £50 off per EHC plan, the rest as a lump sum: A's 12 plans take £600 off; the £1,600 left
    // is £533.33 each, so A would get −£66.67.
    const schools = [school('A', 'X', { ehcPlans: 12 }), school('B', 'X', {}), school('C', 'Y', {})];
    const problems = refusal(
      allocate(
        100_000,
        schools,
        formula([
          { factor: 'ehcPlans', kind: 'perUnit', value: -5_000 },
          { factor: 'lumpSum', kind: 'weight', value: 100 },
        ]),
      ),
    );
    assert.equal(problems[0]?.field, 'terms');
    assert.match(problems[0]?.message ?? '', /gives one of the schools less than nothing \(School A\)/);
  });

  test('£ per unit that needs more than the pot is refused with how much more', () => {
    // £400 a school × 3 = £1,200 from £1,000.
    const problems = refusal(
      allocate(
        100_000,
        three(),
        formula([
          { factor: 'lumpSum', kind: 'perUnit', value: 40_000 },
          { factor: 'pupils', kind: 'weight', value: 100 },
        ]),
      ),
    );
    assert.match(problems[0]?.message ?? '', /need £1,200, which is £200 more than the £1,000 to share/);
  });

  test('with nothing weighted, £ per unit is scaled to spend the pot, and the page is told', () => {
    // £1 a pupil gives out £600 of £1,000: × 5/3. A £166.666…, B £333.333…, C £500; the penny to A.
    const result = allocate(100_000, three(), formula([{ factor: 'pupils', kind: 'perUnit', value: 100 }]));
    assert.deepEqual(pence(result), { A: 16_667, B: 33_333, C: 50_000 });
    assert.ok(result.ok);
    assert.match(result.notes[0] ?? '', /scaled up by 66\.67%/);
  });

  test('a school in two clusters is refused, naming both', () => {
    const schools = [...three(), { ...school('A', 'Y', { pupils: 100 }) }];
    const problems = refusal(allocate(100_000, schools, formula(lumpAndPupils)));
    assert.deepEqual(problems, [
      {
        field: 'schools',
        message: 'School A is in two clusters, Cluster X and Cluster Y: a school belongs to one cluster',
      },
    ]);
  });

  test('a weighted factor no school has is refused', () => {
    const problems = refusal(
      allocate(
        100_000,
        three(),
        formula([
          { factor: 'pupils', kind: 'weight', value: 90 },
          { factor: 'sparsity', kind: 'weight', value: 10 },
        ]),
      ),
    );
    assert.equal(problems[0]?.field, 'terms.1.value');
    assert.match(problems[0]?.message ?? '', /Sparse schools: none of the schools has any/);
  });

  test('to clusters first by pupils, then within each cluster by a lump sum', () => {
    // X has 300 pupils and Y 300: £500 each. Within X, a lump sum: A and B £250 each.
    const result = allocate(
      100_000,
      three(),
      formula([{ factor: 'pupils', kind: 'weight', value: 100 }], {
        method: 'clustersFirst',
        withinClusterTerms: [{ factor: 'lumpSum', kind: 'weight', value: 100 }],
      }),
    );
    assert.deepEqual(pence(result), { A: 25_000, B: 25_000, C: 50_000 });
  });

  test('a cluster floor holds a cluster, and its schools share what it is given', () => {
    // Last year X had £600 (A £300 + B £300), Y £400. Floor −5%: X at least £570, so X £570 and Y
    // the other £430 (Y has no cap). Within X a lump sum: £285 each.
    const result = allocate(
      100_000,
      three([30_000, 30_000, 40_000]),
      formula([{ factor: 'pupils', kind: 'weight', value: 100 }], {
        method: 'clustersFirst',
        withinClusterTerms: [{ factor: 'lumpSum', kind: 'weight', value: 100 }],
        clusterDamping: { floorPercent: -5, capPercent: null },
      }),
    );
    assert.deepEqual(pence(result), { A: 28_500, B: 28_500, C: 43_000 });
    assert.ok(result.ok);
    assert.equal(result.clusters.find((c) => c.id === 'X')?.damped, 'floor');
  });

  test('within a cluster, a weighted factor none of its schools has is left out and the others share its part', () => {
    // X and Y have 300 pupils each: £500 each. Within X, neither school has an EHC plan, so the
    // lump sum takes the whole £500: £250 each. Within Y, C alone takes Y's £500.
    const schools = [
      school('A', 'X', { pupils: 100 }),
      school('B', 'X', { pupils: 200 }),
      school('C', 'Y', { pupils: 300, ehcPlans: 2 }),
    ];
    const result = allocate(
      100_000,
      schools,
      formula([{ factor: 'pupils', kind: 'weight', value: 100 }], {
        method: 'clustersFirst',
        withinClusterTerms: [
          { factor: 'ehcPlans', kind: 'weight', value: 50 },
          { factor: 'lumpSum', kind: 'weight', value: 50 },
        ],
      }),
    );
    assert.deepEqual(pence(result), { A: 25_000, B: 25_000, C: 50_000 });
    assert.ok(result.ok);
    assert.deepEqual(result.notes, [
      'No school in Cluster X has any pupils with an EHC plan, so the other weights share that part of its money.',
    ]);
  });

  test('the formula schema refuses a term with no factor, by field', () => {
    const parsed = formulaSchema.safeParse({
      ...formula(lumpAndPupils),
      terms: [{ factor: 'shoeSize', kind: 'weight', value: 100 }],
    });
    assert.equal(parsed.success, false);
    assert.deepEqual(parsed.error?.issues[0]?.path, ['terms', 0, 'factor']);
  });
});

// Generators for the laws: a few clusters of schools with plausible data and last year's pence.
const factorData = fc.record({
  pupils: fc.integer({ min: 0, max: 1500 }),
  fsmPercent: fc.integer({ min: 0, max: 60 }),
  idaci: fc.record({
    a: fc.integer({ min: 0, max: 50 }),
    b: fc.integer({ min: 0, max: 50 }),
    c: fc.integer({ min: 0, max: 50 }),
    d: fc.constant(0),
    e: fc.constant(0),
    f: fc.constant(0),
  }),
  lowPriorAttainment: fc.integer({ min: 0, max: 200 }),
  senSupport: fc.integer({ min: 0, max: 200 }),
  ehcPlans: fc.integer({ min: 0, max: 40 }),
  sparse: fc.boolean(),
});
const schoolsArb = fc
  .array(
    fc.tuple(
      factorData,
      fc.integer({ min: 0, max: 3 }),
      fc.option(fc.integer({ min: 0, max: 3_000_000 }), { nil: null }),
    ),
    {
      minLength: 1,
      maxLength: 25,
    },
  )
  .map((rows) =>
    rows.map(([f, c, last], i) => ({
      ...school(`s${i}`, `c${c}`, f, last),
      factors: { ...f, pupils: f.pupils + 1 },
    })),
  );
// Weights that add to 100: cut points on 0–100.
const weightsArb = fc
  .uniqueArray(
    fc.constantFrom('pupils', 'fsm', 'idaciA', 'lowPriorAttainment', 'senSupport', 'ehcPlans', 'lumpSum'),
    { minLength: 1, maxLength: 5 },
  )
  .chain((factors) =>
    fc
      .array(fc.integer({ min: 0, max: 100 }), {
        minLength: factors.length - 1,
        maxLength: factors.length - 1,
      })
      .map((cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), 100];
        return factors.map((factor, i) => ({
          factor,
          kind: 'weight' as const,
          value: (points[i + 1] as number) - (points[i] as number),
        }));
      }),
  );
const termsArb = fc
  .tuple(weightsArb, fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: null }))
  .map(([weights, lump]) =>
    lump === null
      ? weights
      : [{ factor: 'lumpSum' as const, kind: 'perUnit' as const, value: lump }, ...weights],
  );
const dampingArb = fc.record({
  floorPercent: fc.option(fc.integer({ min: -20, max: 0 }), { nil: null }),
  capPercent: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
});
const formulaArb = fc.record({
  method: fc.constantFrom('schools' as const, 'clustersFirst' as const),
  terms: termsArb,
  withinClusterTerms: fc.option(termsArb, { nil: null }),
  schoolDamping: dampingArb,
  clusterDamping: dampingArb,
});
const potArb = fc.integer({ min: 0, max: 50_000_000 });

describe('the cluster funding formula obeys its laws', () => {
  test('allocations add up to the pot, to the penny, and none is negative', () => {
    fc.assert(
      fc.property(potArb, schoolsArb, formulaArb, (pot, schools, f) => {
        const result = allocate(pot, schools, f);
        if (!result.ok) return;
        assert.equal(
          result.schools.reduce((s, a) => s + a.pence, 0),
          pot,
        );
        assert.equal(
          result.clusters.reduce((s, a) => s + a.pence, 0),
          pot,
        );
        for (const a of result.schools) assert.ok(Number.isInteger(a.pence) && a.pence >= 0);
      }),
      { numRuns: 400 },
    );
  });

  test('no school falls below its floor or rises above its cap; nor, shared to clusters first, does any cluster', () => {
    fc.assert(
      fc.property(potArb, schoolsArb, formulaArb, (pot, schools, f) => {
        const result = allocate(pot, schools, f);
        if (!result.ok) return;
        const holds = (got: number, last: number | null, d: Damping) => {
          if (last === null || last === 0) return;
          // got ≥ last × (100 + floor)% and got ≤ last × (100 + cap)%, in whole numbers.
          if (d.floorPercent !== null)
            assert.ok(got * 100 >= last * (100 + d.floorPercent), `${got} under the floor of ${last}`);
          if (d.capPercent !== null)
            assert.ok(got * 100 <= last * (100 + d.capPercent), `${got} over the cap of ${last}`);
        };
        for (const a of result.schools) holds(a.pence, a.lastYearPence, f.schoolDamping);
        if (f.method === 'clustersFirst')
          for (const c of result.clusters) holds(c.pence, c.lastYearPence, f.clusterDamping);
      }),
      { numRuns: 400 },
    );
  });

  test('when only a school’s own factor rises, its allocation falls by a penny at most', () => {
    fc.assert(
      fc.property(
        potArb,
        schoolsArb,
        formulaArb,
        fc.nat(),
        fc.constantFrom('pupils', 'fsmPercent', 'lowPriorAttainment', 'senSupport', 'ehcPlans', 'idaciA'),
        fc.integer({ min: 1, max: 300 }),
        (pot, schools, f, pick, factor, rise) => {
          const before = allocate(pot, schools, f);
          if (!before.ok) return;
          const i = pick % schools.length;
          const s = schools[i] as SchoolInput;
          const raised: SchoolFactorData =
            factor === 'idaciA'
              ? {
                  ...s.factors,
                  pupils: s.factors.pupils + rise,
                  idaci: { ...s.factors.idaci, a: s.factors.idaci.a + rise },
                }
              : factor === 'fsmPercent'
                ? { ...s.factors, fsmPercent: Math.min(100, s.factors.fsmPercent + (rise % 40)) }
                : { ...s.factors, [factor]: s.factors[factor] + rise };
          const after = allocate(
            pot,
            schools.map((x, k) => (k === i ? { ...x, factors: raised } : x)),
            f,
          );
          if (!after.ok) return;
          const was = before.schools[i]?.pence as number;
          const now = after.schools[i]?.pence as number;
          // A rise in pupils also raises the pupils factor; both are the school's own.
          assert.ok(now >= was - 1, `${s.name} fell from ${was} to ${now} when its ${factor} rose`);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('a floor the pot cannot fund is always refused, never shared short', () => {
    fc.assert(
      fc.property(schoolsArb, termsArb, fc.integer({ min: -20, max: 0 }), (schools, terms, floor) => {
        const needs = schools.reduce(
          (s, x) => s + Math.ceil(((x.lastYearPence ?? 0) * (100 + floor)) / 100),
          0,
        );
        if (needs === 0) return;
        const result = allocate(
          needs - 1,
          schools,
          formula(terms, { schoolDamping: { floorPercent: floor, capPercent: null } }),
        );
        assert.equal(result.ok, false);
        // Unless the terms themselves are refused first, it is the floor, a penny short.
        const floorProblem =
          !result.ok && result.problems.find((p) => p.field === 'schoolDamping.floorPercent');
        if (floorProblem) assert.match(floorProblem.message, /£0\.01 more than/);
      }),
      { numRuns: 200 },
    );
  });
});
