import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ageOn } from '../platform/kernel/dates.ts';
import { type GeneratedRecords, generateLaRecords, planFor } from './index.ts';

/**
 * The demo's specialist places and waiting list, generated in memory as the first start makes
 * them: Norfolk (demo) at Norfolk's size, seed 926, on 3 December 2026 (ages count on 31 August
 * 2026).
 */

const today = '2026-12-03';
let r: GeneratedRecords;

before(() => {
  const [plan] = planFor({ scale: 'norfolk', seed: 926, la: { code: '926', name: 'Norfolk (demo)' } });
  assert.ok(plan);
  r = generateLaRecords(plan, 0, { scale: 'norfolk', seed: 926 }, today, []);
});

describe('the demo’s specialist places', () => {
  test('places come to within a tenth of the children placed in special schools and units today', () => {
    const placed = r.finance.placements.filter(
      (p) =>
        p.start_on <= today &&
        (p.end_on === null || p.end_on >= today) &&
        p.establishment_id &&
        ['maintained_special', 'academy_special', 'mainstream_unit'].includes(p.placement_type),
    ).length;
    const places = r.sufficiency.placeLines.reduce((s, l) => s + l.places, 0);
    assert.ok(Math.abs(places - placed) / placed < 0.1, `${places} places for ${placed} children`);
    assert.ok(r.sufficiency.placeLines.every((l) => l.places >= 1));
  });

  test('the waiting list holds children with an active plan who are not in a specialist place', () => {
    const waits = r.sufficiency.waits;
    const active = new Set(r.ehc.plans.filter((p) => p.status === 'active').map((p) => p.child_id));
    // About one in 100 of the active plans: Norfolk's 12,147 plans, some 10,000 of them active,
    // make about 100, less those with fewer than two settings with room that fit.
    assert.ok(waits.length >= 70 && waits.length <= 130, `${waits.length} waiting`);
    const specialistToday = new Set(
      r.finance.placements
        .filter(
          (p) =>
            p.start_on <= today &&
            (p.end_on === null || p.end_on >= today) &&
            p.placement_type !== 'mainstream',
        )
        .map((p) => p.child_id),
    );
    const dob = new Map(r.data.children.map((c) => [c.id, c.date_of_birth]));
    for (const w of waits) {
      assert.ok(active.has(w.child_id), 'has an active plan');
      assert.ok(!specialistToday.has(w.child_id), 'is not placed in a specialist setting today');
      assert.ok(w.waiting_since <= today && w.needed_from > w.waiting_since);
      const age = ageOn(dob.get(w.child_id) ?? '', '2026-08-31');
      assert.ok(age >= 4 && age <= 18, `aged ${age}`);
    }
    assert.equal(new Set(waits.map((w) => w.child_id)).size, waits.length, 'a child waits once');
    assert.ok(waits.some((w) => w.needed_from < today) && waits.some((w) => w.needed_from >= today));
  });
});
