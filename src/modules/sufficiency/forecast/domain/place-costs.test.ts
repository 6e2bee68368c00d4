import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { costPerPlaceByGroup } from './place-costs.ts';

test('a group’s cost a place is the mean of its placements’ costs, to the whole penny', () => {
  const costs = costPerPlaceByGroup(
    [
      { group: 'special', pence: 2_300_000 },
      { group: 'special', pence: 2_500_000 },
      { group: 'special', pence: 2_400_001 },
      { group: 'independent', pence: 6_000_000 },
      { group: 'elsewhere', pence: 1 },
    ],
    ['mainstream', 'special', 'independent'],
  );
  // Special: (£23,000 + £25,000 + £24,000.01) ÷ 3 = £24,000.003…, £24,000.00 to the penny.
  // Mainstream has no placement and 'elsewhere' is not a group asked for: both left out.
  assert.deepEqual(costs, [
    { group: 'special', placements: 3, meanPence: 2_400_000 },
    { group: 'independent', placements: 1, meanPence: 6_000_000 },
  ]);
});

test('a group’s cost lies between its cheapest and dearest placement, and every placement is counted once', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({ group: fc.constantFrom('a', 'b'), pence: fc.integer({ min: 0, max: 20_000_000 }) }),
      ),
      (placements) => {
        const costs = costPerPlaceByGroup(placements, ['a', 'b']);
        assert.equal(
          costs.reduce((s, c) => s + c.placements, 0),
          placements.length,
        );
        for (const c of costs) {
          const own = placements.filter((p) => p.group === c.group).map((p) => p.pence);
          assert.ok(c.meanPence >= Math.min(...own) && c.meanPence <= Math.max(...own));
        }
      },
    ),
  );
});
