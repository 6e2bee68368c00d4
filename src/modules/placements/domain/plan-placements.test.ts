import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type ChildPlacementFacts,
  followPlan,
  type NamedSetting,
  placementTypeFromPlan,
  type RegisterFacts,
} from './plan-placements.ts';

const plan = 'plan-2026';
const special = 'est-special';
const mainstream = 'est-mainstream';

const named = (over: Partial<NamedSetting> = {}): NamedSetting => ({
  establishmentId: special,
  providerName: null,
  type: 'maintained_special',
  typeToConfirm: false,
  startOn: '2026-03-02',
  ...over,
});

const placement = (over: Partial<ChildPlacementFacts> & { id: string }): ChildPlacementFacts => ({
  establishmentId: mainstream,
  providerName: null,
  type: 'mainstream',
  typeToConfirm: false,
  startOn: '2025-09-01',
  endOn: null,
  fte: 1,
  rejected: false,
  basis: 'interim',
  planId: null,
  planLink: null,
  linkedPlanId: null,
  beforePlan: null,
  changedSincePlan: false,
  planCheck: null,
  ...over,
});

/** The child's placements after following: the changes applied, the removals gone. */
function apply(placements: ChildPlacementFacts[], following: ReturnType<typeof followPlan>) {
  const gone = new Set(following.remove.map((p) => p.id));
  const after = new Map(following.change.map((c) => [c.id, c.after]));
  return placements.filter((p) => !gone.has(p.id)).map((p) => after.get(p.id) ?? p);
}

/** A placement the plan made, as the service stores it. */
const made = (over: Partial<ChildPlacementFacts> = {}) =>
  placement({
    id: 'made',
    establishmentId: special,
    type: 'maintained_special',
    startOn: '2026-03-02',
    basis: 'ehc_plan',
    planId: plan,
    planLink: 'made',
    linkedPlanId: plan,
    ...over,
  });

describe('a final plan naming a setting', () => {
  test('makes a placement there when the child has none', () => {
    const f = followPlan(plan, named(), []);
    assert.deepEqual(f, { make: named(), remove: [], change: [] });
  });

  test('names the placement the child already has there instead of making a second one', () => {
    // The child started at the special school in September as an interim placement; the plan,
    // issued 2 March 2026, names it.
    const there = placement({ id: 'there', establishmentId: special, type: 'maintained_special' });
    const f = followPlan(plan, named(), [there]);
    assert.equal(f.make, null);
    assert.deepEqual(
      f.change.map((c) => [c.id, c.reasons, c.after.basis, c.after.planId, c.after.planLink]),
      [['there', ['named'], 'ehc_plan', plan, 'named']],
    );
    assert.deepEqual(f.change[0]?.after.beforePlan, {
      basis: 'interim',
      planId: null,
      endOn: null,
      planLink: null,
      linkedPlanId: null,
      changedSincePlan: false,
      beforePlan: null,
    });
  });

  test('names one starting later there too: a September placement already entered is not duplicated by a March plan', () => {
    const september = placement({ id: 'sept', establishmentId: special, startOn: '2026-09-01' });
    const f = followPlan(plan, named(), [september]);
    assert.equal(f.make, null);
    assert.equal(f.change[0]?.after.planLink, 'named');
  });

  test('ends a full-time placement elsewhere the day before, and leaves a part-time one', () => {
    // Starts 2 March 2026, so the mainstream placement's last day is 1 March.
    const school = placement({ id: 'school' });
    const tuition = placement({ id: 'tuition', establishmentId: null, providerName: 'Tutors', fte: 0.4 });
    const f = followPlan(plan, named(), [school, tuition]);
    assert.deepEqual(f.make, named());
    assert.deepEqual(
      f.change.map((c) => [c.id, c.reasons, c.after.endOn, c.after.planLink, c.after.linkedPlanId]),
      [['school', ['ended'], '2026-03-01', 'ended', plan]],
    );
    assert.equal(f.change[0]?.after.beforePlan?.endOn, null);
  });

  test('an end already later than the new start is brought forward; one before it is left', () => {
    const later = placement({ id: 'later', endOn: '2026-07-20' });
    const earlier = placement({ id: 'earlier', startOn: '2024-09-01', endOn: '2025-08-31' });
    const f = followPlan(plan, named(), [earlier, later]);
    assert.deepEqual(
      f.change.map((c) => [c.id, c.after.endOn, c.after.beforePlan?.endOn]),
      [['later', '2026-03-01', '2026-07-20']],
    );
  });

  test('makes nothing over a full-time placement elsewhere that starts on or after the day, and flags it', () => {
    const entered = placement({ id: 'entered', startOn: '2026-03-02' });
    const f = followPlan(plan, named(), [entered]);
    assert.equal(f.make, null);
    assert.deepEqual(
      f.change.map((c) => [c.id, c.reasons, c.after.planCheck, c.after.endOn]),
      [['entered', ['flagged'], 'plan_names_another_setting', null]],
    );
  });

  test('a rejected placement holds no place and is neither ended nor named', () => {
    const rejected = placement({ id: 'rejected', establishmentId: special, rejected: true });
    const f = followPlan(plan, named(), [rejected]);
    assert.deepEqual(f, { make: named(), remove: [], change: [] });
  });

  test('a provider without a URN is the same setting by name, whatever the case and spacing', () => {
    const tutors = placement({ id: 'tutors', establishmentId: null, providerName: 'Wensum  Tuition' });
    const f = followPlan(
      plan,
      named({ establishmentId: null, providerName: 'wensum tuition', type: 'eotas', typeToConfirm: true }),
      [tutors],
    );
    assert.equal(f.make, null);
    assert.equal(f.change[0]?.after.planLink, 'named');
  });
});

describe('a correction of the plan', () => {
  const endedSchool = placement({
    id: 'school',
    endOn: '2026-03-01',
    planLink: 'ended',
    linkedPlanId: plan,
    beforePlan: {
      basis: 'interim',
      planId: null,
      endOn: null,
      planLink: null,
      linkedPlanId: null,
      changedSincePlan: false,
      beforePlan: null,
    },
  });

  test('taking the issue back removes the placement it made and puts back the one it ended', () => {
    const f = followPlan(plan, null, [made(), endedSchool]);
    assert.deepEqual(
      f.remove.map((p) => p.id),
      ['made'],
    );
    assert.deepEqual(
      f.change.map((c) => [c.id, c.reasons, c.after.endOn, c.after.planLink, c.after.beforePlan]),
      [['school', ['restored'], null, null, null]],
    );
  });

  test('taking it back leaves what a person changed since, flagged', () => {
    const f = followPlan(plan, null, [
      made({ changedSincePlan: true }),
      { ...endedSchool, changedSincePlan: true },
    ]);
    assert.deepEqual(f.remove, []);
    assert.deepEqual(
      f.change.map((c) => [c.id, c.reasons.sort(), c.after.planCheck, c.after.planLink, c.after.endOn]),
      [
        ['made', ['flagged', 'let-go'], 'plan_withdrawn', null, null],
        ['school', ['flagged'], 'plan_withdrawn', 'ended', '2026-03-01'],
      ],
    );
  });

  test('a later date moves the placement it made and the end of the one it ended', () => {
    // Corrected to issue on 16 March: the school's last day becomes 15 March.
    const placements = [made(), endedSchool];
    const f = followPlan(plan, named({ startOn: '2026-03-16' }), placements);
    assert.equal(f.make, null);
    const after = apply(placements, f);
    assert.deepEqual(
      after.map((p) => [p.id, p.startOn, p.endOn, p.planLink]),
      [
        ['made', '2026-03-16', null, 'made'],
        ['school', '2025-09-01', '2026-03-15', 'ended'],
      ],
    );
    // The school's end before the plan is kept, to put back if the issue is taken back later.
    assert.equal(after[1]?.beforePlan?.endOn, null);
    // The school's end goes first: it gives up days the moved placement takes.
    assert.deepEqual(
      f.change.map((c) => c.id),
      ['made', 'school'],
    );
  });

  test('an earlier date gives up the school’s days first, so no two full-time placements meet', () => {
    const f = followPlan(plan, named({ startOn: '2026-02-23' }), [made(), endedSchool]);
    assert.deepEqual(
      f.change.map((c) => [c.id, c.after.startOn, c.after.endOn]),
      [
        ['school', '2025-09-01', '2026-02-22'],
        ['made', '2026-02-23', null],
      ],
    );
  });

  test('a new date leaves a placement a person changed where it is, flagged', () => {
    const f = followPlan(plan, named({ startOn: '2026-03-16' }), [
      made({ changedSincePlan: true }),
      endedSchool,
    ]);
    assert.deepEqual(
      f.change.map((c) => [c.id, c.after.startOn, c.after.planCheck]),
      [['made', '2026-03-02', 'plan_changed']],
    );
  });

  test('another setting removes the placement made at the first and makes one at the second', () => {
    const placements = [made(), endedSchool];
    const other = named({ establishmentId: 'est-other-special' });
    const f = followPlan(plan, other, placements);
    assert.deepEqual(f.make, other);
    assert.deepEqual(
      f.remove.map((p) => p.id),
      ['made'],
    );
    // The school, put back and ended again from the same day, ends as it did.
    assert.deepEqual(f.change, []);
  });

  test('naming the school the child was at puts that placement back and names it', () => {
    const f = followPlan(plan, named({ establishmentId: mainstream, type: 'mainstream' }), [
      made(),
      endedSchool,
    ]);
    assert.equal(f.make, null);
    assert.deepEqual(
      f.remove.map((p) => p.id),
      ['made'],
    );
    assert.deepEqual(
      f.change.map((c) => [c.id, c.after.endOn, c.after.planLink, c.after.basis, c.after.beforePlan?.basis]),
      [['school', null, 'named', 'ehc_plan', 'interim']],
    );
  });

  test('a type confirmed differently moves the untouched placement to it', () => {
    const f = followPlan(plan, named({ type: 'academy_special' }), [made()]);
    assert.deepEqual(
      f.change.map((c) => [c.id, c.reasons, c.after.type]),
      [['made', ['moved'], 'academy_special']],
    );
  });
});

describe('a re-assessment’s plan', () => {
  const first = 'plan-2024';
  const madeByFirst = made({ id: 'first', startOn: '2024-06-03', planId: first, linkedPlanId: first });

  test('naming the same setting names the placement the first plan made; taken back, it is the first plan’s again', () => {
    const issued = followPlan(plan, named(), [madeByFirst]);
    assert.equal(issued.make, null);
    const after = apply([madeByFirst], issued);
    assert.deepEqual(
      after.map((p) => [p.planId, p.planLink, p.linkedPlanId, p.beforePlan?.linkedPlanId]),
      [[plan, 'named', plan, first]],
    );
    const back = followPlan(plan, null, after);
    assert.deepEqual(apply(after, back), [madeByFirst]);
  });

  test('naming another setting ends the first plan’s placement; taken back, it runs on again', () => {
    const other = named({ establishmentId: 'est-other-special' });
    const issued = followPlan(plan, other, [madeByFirst]);
    const after = apply([madeByFirst], issued);
    assert.deepEqual(
      after.map((p) => [p.endOn, p.planLink, p.linkedPlanId]),
      [['2026-03-01', 'ended', plan]],
    );
    assert.deepEqual(apply(after, followPlan(plan, null, after)), [madeByFirst]);
  });
});

describe('the type of a placement from the setting a plan names', () => {
  const register = (over: Partial<RegisterFacts>): RegisterFacts => ({
    settingKind: 'school',
    isSpecial: false,
    typeGroup: 'Local authority maintained schools',
    typeName: 'Community school',
    hasUnit: false,
    ...over,
  });

  test('a school on the register is the type its register entry and the plan’s provision say', () => {
    const cases: [RegisterFacts, Parameters<typeof placementTypeFromPlan>[1], string][] = [
      [register({}), 'mainstream', 'mainstream'],
      [register({ hasUnit: true }), 'sen-unit', 'mainstream_unit'],
      [register({ hasUnit: true }), 'resourced-provision', 'mainstream_unit'],
      [register({ isSpecial: true, typeName: 'Community special school' }), 'special', 'maintained_special'],
      [
        register({ isSpecial: true, typeGroup: 'Academies', typeName: 'Academy special converter' }),
        'special',
        'academy_special',
      ],
      [
        register({
          isSpecial: true,
          typeGroup: 'Special schools',
          typeName: 'Non-maintained special school',
        }),
        'independent',
        'non_maintained_special',
      ],
      [
        register({ settingKind: 'independent', typeName: 'Other independent special school' }),
        'independent',
        'independent_special',
      ],
      [
        register({ settingKind: 'alternative_provision', typeName: 'Pupil referral unit' }),
        'other',
        'alternative_provision',
      ],
      [register({ settingKind: 'post_16', typeName: 'Further education' }), 'mainstream', 'fe_college'],
      [
        register({ settingKind: 'post_16', typeName: 'Special post 16 institution' }),
        'special',
        'specialist_post_16',
      ],
      [register({ settingKind: 'early_years', typeName: 'Nursery' }), 'mainstream', 'mainstream'],
    ];
    for (const [setting, provision, type] of cases)
      assert.deepEqual(
        [
          placementTypeFromPlan(setting, provision).type,
          placementTypeFromPlan(setting, provision).typeToConfirm,
        ],
        [type, false],
        `${setting.typeName} (${provision})`,
      );
    assert.equal(placementTypeFromPlan(register({ typeGroup: 'Academies' }), 'mainstream').academy, true);
  });

  test('a provider without a URN is the type its provision says, or a guess to confirm', () => {
    assert.deepEqual(placementTypeFromPlan(null, 'mainstream'), {
      type: 'mainstream',
      typeToConfirm: false,
      academy: false,
    });
    assert.equal(placementTypeFromPlan(null, 'sen-unit').type, 'mainstream_unit');
    assert.equal(placementTypeFromPlan(null, 'independent').type, 'independent_special');
    assert.deepEqual(placementTypeFromPlan(null, 'special'), {
      type: 'maintained_special',
      typeToConfirm: true,
      academy: false,
    });
    assert.deepEqual(placementTypeFromPlan(null, 'other'), {
      type: 'eotas',
      typeToConfirm: true,
      academy: false,
    });
    assert.equal(placementTypeFromPlan(register({ settingKind: 'other' }), 'mainstream').typeToConfirm, true);
  });
});
