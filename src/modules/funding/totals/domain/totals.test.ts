import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  dayOfReference,
  type Figures,
  groupings,
  ofstedGroupOf,
  type PlacementInYear,
  type Setting,
  type StarterInYear,
  yearTotals,
} from './totals.ts';

const dereham = { id: 'c-dereham', name: 'Dereham' };
const chapelGreen: Setting = {
  id: 's-chapel',
  name: 'Chapel Green School',
  urn: 145678,
  ofstedRating: 'good',
  cluster: dereham,
};
const fenRivers: Setting = {
  id: 's-fen',
  name: 'Fen Rivers Academy',
  urn: 145679,
  ofstedRating: 'inadequate',
  cluster: dereham,
};

const placement = (p: Partial<PlacementInYear>): PlacementInYear => ({
  childId: 'ash',
  type: 'maintained_special',
  setting: chapelGreen,
  providerName: null,
  primaryNeed: 'ASD',
  awaitingApproval: false,
  highNeedsPence: 0,
  paidByOthersPence: 0,
  ...p,
});

test('a child in two groups counts in each, and once in the total; the average is the forecast over the children', () => {
  // Ash: 2,500,000 at Chapel Green, and 100,001 at Fen Rivers waiting for approval; Bo: 1,000,000 at Fen Rivers with 40,000 paid by health; Cy starting at Chapel Green
  // for 61,644. Chapel Green: Ash and Cy, 2,561,644, 1,280,822 each. Fen Rivers: Ash and Bo,
  // 1,100,001, 550,000.5 each, rounded half up to 550,001.
  const placements = [
    placement({ highNeedsPence: 2_500_000 }),
    placement({ setting: fenRivers, highNeedsPence: 100_001, awaitingApproval: true, paidByOthersPence: 7 }),
    placement({ childId: 'bo', setting: fenRivers, highNeedsPence: 1_000_000, paidByOthersPence: 40_000 }),
  ];
  const starters: StarterInYear[] = [
    {
      childId: 'cy',
      type: 'maintained_special',
      setting: chapelGreen,
      providerName: null,
      primaryNeed: 'MLD',
      pence: 61_644,
    },
  ];
  const byProvider = yearTotals('provider', placements, starters);
  assert.deepEqual(
    byProvider.groups.map((g) => [
      g.name,
      g.ofsted,
      g.children,
      g.placements,
      g.forecastPence,
      g.averagePerChildPence,
    ]),
    [
      ['Chapel Green School', 'good', 2, 1, 2_561_644, 1_280_822],
      ['Fen Rivers Academy', 'inadequate', 2, 2, 1_100_001, 550_001],
    ],
  );
  // Others' 7 pence towards the placement waiting for approval are not counted, as the position does not.
  assert.deepEqual(byProvider.totals, {
    children: 3,
    placements: 3,
    committedPence: 3_500_000,
    awaitingApprovalPence: 100_001,
    expectedStartersPence: 61_644,
    forecastPence: 3_661_645,
    paidByOthersPence: 40_000,
    averagePerChildPence: 1_220_548,
  } satisfies Figures);
  // 3,661,645 / 3 = 1,220,548.33. Below Good: Fen Rivers only, for Ash and Bo.
  assert.deepEqual(byProvider.belowGood, { settings: 1, children: 2, forecastPence: 1_100_001 });
});

test('a setting’s Ofsted group: its grade; no grade with a URN is not inspected; without a URN, or not on the register, no URN', () => {
  const of = (setting: Setting | null) => ofstedGroupOf({ setting });
  assert.equal(of(chapelGreen), 'good');
  assert.equal(of({ ...chapelGreen, ofstedRating: 'requires_improvement' }), 'requires_improvement');
  assert.equal(of({ ...chapelGreen, ofstedRating: null }), 'not_inspected');
  assert.equal(of({ ...chapelGreen, ofstedRating: 'not_yet_inspected' }), 'not_inspected');
  assert.equal(of({ ...chapelGreen, urn: null, ofstedRating: null }), 'no_urn');
  assert.equal(
    of({ ...chapelGreen, urn: null, ofstedRating: 'outstanding' }),
    'outstanding',
    'a grade recorded stands',
  );
  assert.equal(of(null), 'no_urn');
});

test('by Ofsted grade the groups come in grade order, whatever they cost', () => {
  const r = yearTotals(
    'ofsted',
    [
      placement({ setting: null, providerName: 'Broadland Independent School', highNeedsPence: 9_000_000 }),
      placement({ setting: fenRivers, highNeedsPence: 5 }),
      placement({ highNeedsPence: 10 }),
    ],
    [],
  );
  assert.deepEqual(
    r.groups.map((g) => g.key),
    ['good', 'inadequate', 'no_urn'],
  );
});

test('providers known only by name are one group however the name is spaced or capitalised', () => {
  const r = yearTotals(
    'provider',
    [
      placement({ setting: null, providerName: 'Yare Valley Primary', highNeedsPence: 1 }),
      placement({ childId: 'bo', setting: null, providerName: ' yare valley primary', highNeedsPence: 2 }),
    ],
    [],
  );
  assert.deepEqual(
    r.groups.map((g) => [g.key, g.name, g.children, g.forecastPence, g.ofsted]),
    [['name:yare valley primary', 'Yare Valley Primary', 2, 3, 'no_urn']],
  );
});

test('a setting outside any cluster, a child with no need recorded: each is its own group', () => {
  const facts = [
    placement({ setting: { ...chapelGreen, cluster: null }, primaryNeed: null, highNeedsPence: 4 }),
  ];
  assert.deepEqual(
    yearTotals('cluster', facts, []).groups.map((g) => g.key),
    ['none'],
  );
  assert.deepEqual(
    yearTotals('need', facts, []).groups.map((g) => g.key),
    ['none'],
  );
});

test('a setting’s cluster is read today in the year, on 31 March after it and 1 April before it', () => {
  assert.equal(dayOfReference(2025, '2026-03-02'), '2026-03-02');
  assert.equal(dayOfReference(2025, '2026-05-01'), '2026-03-31');
  assert.equal(dayOfReference(2025, '2025-01-10'), '2025-04-01');
  assert.equal(dayOfReference(2025, '2025-04-01'), '2025-04-01');
});

test('nothing in the year: no groups, zero totals and no average', () => {
  const r = yearTotals('type', [], []);
  assert.deepEqual(r.groups, []);
  assert.equal(r.totals.forecastPence, 0);
  assert.equal(r.totals.averagePerChildPence, null);
});

const settings: (Setting | null)[] = [
  null,
  chapelGreen,
  fenRivers,
  { id: 's-wensum', name: 'Wensum Primary', urn: 145680, ofstedRating: null, cluster: null },
  {
    id: 's-oak',
    name: 'Oak Tree',
    urn: null,
    ofstedRating: 'requires_improvement',
    cluster: { id: 'c-n', name: 'Norwich' },
  },
];
const placed = {
  childId: fc.constantFrom('ash', 'bo', 'cy', 'dee', 'eve'),
  type: fc.constantFrom('mainstream', 'maintained_special', 'independent_special'),
  setting: fc.constantFrom(...settings),
  providerName: fc.constantFrom('Yare Valley Primary', 'yare valley primary ', 'Broadland'),
  primaryNeed: fc.constantFrom('ASD', 'SEMH', null),
};
const anyPlacement: fc.Arbitrary<PlacementInYear> = fc.record({
  ...placed,
  awaitingApproval: fc.boolean(),
  highNeedsPence: fc.integer({ min: 0, max: 50_000_000 }),
  paidByOthersPence: fc.integer({ min: 0, max: 5_000_000 }),
});
const anyStarter: fc.Arbitrary<StarterInYear> = fc.record({
  ...placed,
  setting: fc.constantFrom(chapelGreen, fenRivers),
  pence: fc.integer({ min: 0, max: 5_000_000 }),
});
const anyYear = fc.record({
  placements: fc.array(anyPlacement, { maxLength: 30 }),
  starters: fc.array(anyStarter, { maxLength: 5 }),
});

const sums: (keyof Figures)[] = [
  'placements',
  'committedPence',
  'awaitingApprovalPence',
  'expectedStartersPence',
  'forecastPence',
  'paidByOthersPence',
];

test('every grouping’s groups add up to the same totals, which are every fact added up once', () => {
  fc.assert(
    fc.property(anyYear, ({ placements, starters }) => {
      const committed = placements.filter((p) => !p.awaitingApproval);
      const expected = {
        children: new Set([...placements, ...starters].map((f) => f.childId)).size,
        placements: placements.length,
        committedPence: committed.reduce((s, p) => s + p.highNeedsPence, 0),
        awaitingApprovalPence: placements
          .filter((p) => p.awaitingApproval)
          .reduce((s, p) => s + p.highNeedsPence, 0),
        expectedStartersPence: starters.reduce((s, p) => s + p.pence, 0),
        paidByOthersPence: committed.reduce((s, p) => s + p.paidByOthersPence, 0),
      };
      for (const by of groupings) {
        const r = yearTotals(by, placements, starters);
        assert.deepEqual(
          { ...r.totals, forecastPence: undefined, averagePerChildPence: undefined },
          { ...expected, forecastPence: undefined, averagePerChildPence: undefined },
          by,
        );
        assert.equal(
          r.totals.forecastPence,
          expected.committedPence + expected.awaitingApprovalPence + expected.expectedStartersPence,
        );
        for (const key of sums)
          assert.equal(
            r.groups.reduce((s, g) => s + (g[key] as number), 0),
            r.totals[key],
            `${by}: ${key}`,
          );
        // A child counts once in a group, so the groups count at least every child, and by child exactly.
        const children = r.groups.reduce((s, g) => s + g.children, 0);
        if (by === 'child') assert.equal(children, r.totals.children);
        else assert.ok(children >= r.totals.children);
        if (by !== 'ofsted')
          r.groups.forEach((g, i) => {
            const next = r.groups[i + 1];
            assert.ok(!next || next.forecastPence <= g.forecastPence, `${by}: largest forecast first`);
          });
      }
    }),
  );
});
