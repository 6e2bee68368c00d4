import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  type BeforePlan,
  type CostLine,
  horizonFy,
  type PlacementFacts,
  peakAnnualCost,
  placementCostShares,
  type TopUpScheme,
} from '../modules/placements/index.ts';
import { type GeneratedRecords, generateLaRecords, planFor } from './index.ts';
import {
  type CostLineRow,
  demoTopUpBands,
  type PlacementRow,
  septemberAtAge,
  topUpSchemeFrom,
} from './placements.ts';

/**
 * The demo's placements and high needs finance, generated in memory as the first start makes
 * them: Norfolk (demo) at Norfolk's size (12,147 children with plans), seed 926, on 24 November
 * 2026, in the financial year 2026-27 (1 April 2026 to 31 March 2027).
 */

const today = '2026-11-24';
const fy = 2026;
const officer = '00000000-0000-4000-8000-0000000000f1';
const approver = '00000000-0000-4000-8000-0000000000f2';
const financeTeam = [
  { id: officer, roles: ['finance_officer'] },
  { id: approver, roles: ['finance_approver'] },
];

function demoNorfolk(on = today, children?: number): GeneratedRecords {
  const [plan] = planFor({
    scale: 'norfolk',
    seed: 926,
    la: { code: '926', name: 'Norfolk (demo)' },
    ...(children ? { children } : {}),
  });
  assert.ok(plan);
  return generateLaRecords(plan, 0, { scale: 'norfolk', seed: 926 }, on, financeTeam);
}

const schemes: TopUpScheme[] = [
  {
    effectiveFrom: topUpSchemeFrom,
    bands: demoTopUpBands.map((b) => ({
      settingGroup: b.settingGroup,
      band: b.band,
      annualPence: b.annualPence,
    })),
  },
];

/** A placement as the placements repository reads it back: its row and its cost lines' rows. */
function factsOf(p: PlacementRow, lines: readonly CostLineRow[]): PlacementFacts {
  return {
    type: p.placement_type,
    startOn: p.start_on,
    endOn: p.end_on,
    expectedEndOn: p.expected_end_on,
    fte: p.fte,
    costLines: lines.map(
      (l): CostLine => ({
        kind: l.kind,
        amountPence: l.amount_pence,
        per: l.per,
        unitsPerYear: l.units_per_year,
        topUpBand: l.top_up_band,
        funder: l.funder,
        effectiveFrom: l.effective_from,
        effectiveTo: l.effective_to,
        healthShareBp: l.health_share_bp,
        socialCareShareBp: l.social_care_share_bp,
      }),
    ),
  };
}

const linesByPlacement = (lines: readonly CostLineRow[]) => {
  const by = new Map<string, CostLineRow[]>();
  for (const l of lines) by.set(l.placement_id, [...(by.get(l.placement_id) ?? []), l]);
  return by;
};

const pounds = (pence: number) => `£${(pence / 100).toLocaleString('en-GB')}`;

test('a child starts a school year on the 1 September after they are that age on 31 August', () => {
  // Born 10 October 2015: 4 on 31 August 2020 (their birthday falls after it), so Reception from
  // 1 September 2020. Born 31 August 2016: 4 on 31 August 2020 too, the youngest of the year.
  assert.equal(septemberAtAge('2015-10-10', 4), '2020-09-01');
  assert.equal(septemberAtAge('2016-08-31', 4), '2020-09-01');
  // Born 1 September 2016: 3 on 31 August 2020, so a year later; year 7 (11) from 1 September 2028.
  assert.equal(septemberAtAge('2016-09-01', 4), '2021-09-01');
  assert.equal(septemberAtAge('2016-09-01', 11), '2028-09-01');
});

describe('the demo LA’s placements', () => {
  let norfolk: GeneratedRecords;
  let lines: Map<string, CostLineRow[]>;
  before(() => {
    norfolk = demoNorfolk();
    lines = linesByPlacement(norfolk.finance.costLines);
  });
  const placements = () => norfolk.finance.placements;
  const runningToday = (p: PlacementRow) => p.start_on <= today && (p.end_on === null || p.end_on >= today);

  test('every child with an active plan has exactly one placement running today, at the setting the plan names, under that plan', () => {
    const active = norfolk.ehc.plans.filter((p) => p.status === 'active');
    const byChild = new Map<string, PlacementRow[]>();
    for (const p of placements()) byChild.set(p.child_id, [...(byChild.get(p.child_id) ?? []), p]);
    for (const plan of active) {
      const current = (byChild.get(plan.child_id) ?? []).filter(runningToday);
      assert.equal(current.length, 1, plan.child_id);
      const [p] = current;
      assert.equal(p?.plan_id, plan.id);
      assert.equal(p?.basis, 'ehc_plan');
      if (plan.establishment_id) assert.equal(p?.establishment_id, plan.establishment_id);
      else assert.ok(p?.establishment_id === null && p.provider_name, 'a provider named instead');
    }
    const withPlans = new Set(active.map((p) => p.child_id));
    assert.deepEqual(
      placements().filter((p) => !withPlans.has(p.child_id)),
      [],
      'no placement for a child without a plan in force',
    );
  });

  test('no child is in two full-time placements on any day: each earlier one ended the day before the next began', () => {
    const byChild = new Map<string, PlacementRow[]>();
    for (const p of placements())
      if (p.fte === 1) byChild.set(p.child_id, [...(byChild.get(p.child_id) ?? []), p]);
    for (const [child, list] of byChild) {
      const sorted = list.sort((a, b) => (a.start_on < b.start_on ? -1 : 1));
      for (let i = 1; i < sorted.length; i++) {
        const [was, now] = [sorted[i - 1], sorted[i]];
        assert.ok(was?.end_on && now && was.end_on < now.start_on, child);
      }
    }
  });

  test('a placement starts no earlier than the plan it was made under was issued, or a later plan named it', () => {
    const plans = new Map(norfolk.ehc.plans.map((p) => [p.id, p]));
    for (const p of placements()) {
      const madeUnder =
        p.plan_link === 'named' ? (JSON.parse(p.before_plan ?? '{}') as BeforePlan).planId : p.plan_id;
      const plan = plans.get(madeUnder ?? '');
      assert.ok(plan?.issued_on && p.start_on >= plan.issued_on, p.id);
    }
  });

  test('the placements are the ones the service makes as plans are issued: made by a plan issued here, or named by a re-assessment’s', () => {
    const plans = new Map(norfolk.ehc.plans.map((p) => [p.id, p]));
    const current = placements().filter((p) => p.end_on === null);
    for (const p of current) {
      const plan = plans.get(p.plan_id);
      const link = plan?.request_id ? (p.plan_link === 'named' ? 'named' : 'made') : null;
      assert.equal(p.plan_link, link, p.id);
      assert.equal(p.linked_plan_id, link ? p.plan_id : null);
      // The finance officer entered the costs of each one a plan made: nothing waits to be confirmed.
      assert.equal(p.changed_since_plan, link === 'made');
    }
    const named = current.filter((p) => p.plan_link === 'named');
    assert.ok(named.length > 0, 'some re-assessments');
    for (const p of named) {
      const before = JSON.parse(p.before_plan ?? '{}') as BeforePlan;
      assert.equal(plans.get(before.planId ?? '')?.status, 'replaced', 'the plan it was under before');
    }
    assert.ok(
      placements()
        .filter((p) => p.end_on !== null)
        .every((p) => p.plan_link === null),
    );
    // Only the place funding a plan made is the plan's; every other line the finance officer entered.
    const made = new Set(current.filter((p) => p.plan_link === 'made').map((p) => p.id));
    for (const l of norfolk.finance.costLines)
      assert.equal(l.from_plan, made.has(l.placement_id) && l.kind === 'place_funding', l.id);
  });

  test('about 13,600 placements: one running for each of the 12,141 active plans, and the ones before them that ended since 1 April 2025', () => {
    const all = placements().length;
    const ended = placements().filter((p) => p.end_on !== null);
    assert.equal(all - ended.length, norfolk.ehc.plans.filter((p) => p.status === 'active').length);
    // Records begin on 1 April of last financial year: every ended placement ended since then.
    assert.ok(ended.every((p) => p.end_on !== null && p.end_on >= '2025-04-01' && p.end_on < today));
    // Those who moved school at the start of a phase or moved to a special setting: a tenth or so.
    assert.ok(ended.length > all * 0.05 && ended.length < all * 0.15, `${ended.length} of ${all}`);
  });

  test('each placement’s stored costs are what the placements domain works out, year by year to 2028-29', () => {
    // horizonFy: this financial year and the next two, 2026 + 2 = 2028.
    assert.equal(horizonFy(today), 2028);
    const stored = new Map<string, string[]>();
    for (const c of norfolk.finance.costs)
      stored.set(c.placement_id, [
        ...(stored.get(c.placement_id) ?? []),
        `${c.fy}|${c.budget_line}|${c.payer}|${c.committed_pence}`,
      ]);
    for (const p of placements()) {
      assert.equal(p.costs_through_fy, 2028);
      const worked = placementCostShares(factsOf(p, lines.get(p.id) ?? []), schemes, 2028).map(
        (s) => `${s.fy}|${s.budgetLine}|${s.payer}|${s.pence}`,
      );
      assert.deepEqual(stored.get(p.id) ?? [], worked, p.id);
    }
  });

  test('placements cost the block about £135m this year, £16.5m of it the ESFA’s place funding paid directly', () => {
    let block = 0;
    let esfa = 0;
    for (const p of placements())
      if (p.approval !== 'awaiting')
        for (const s of placementCostShares(factsOf(p, lines.get(p.id) ?? []), schemes, fy))
          if (s.fy === fy && (s.payer === 'high_needs' || s.payer === 'esfa_direct')) {
            block += s.pence;
            if (s.payer === 'esfa_direct') esfa += s.pence;
          }
    // Norfolk's high needs block in 2023-24 was £134,854,227, of which the ESFA paid
    // £16,502,334 straight to academies and colleges; within 5% of each: £128.25m to £141.75m,
    // and £15.675m to £17.325m.
    assert.ok(block >= 12_825_000_000 && block <= 14_175_000_000, pounds(block));
    assert.ok(esfa >= 1_567_500_000 && esfa <= 1_732_500_000, pounds(esfa));
  });

  test('mainstream top-ups are bands of the adopted scheme, Norfolk’s £1,350, £2,240 and £4,044, most of them Band 3', () => {
    assert.equal(norfolk.finance.schemes.length, 1);
    assert.equal(norfolk.finance.schemes[0]?.status, 'adopted');
    const mainstream = norfolk.finance.bands.filter((b) => b.setting_group === 'mainstream');
    assert.deepEqual(
      mainstream.map((b) => [b.band, b.annual_pence]),
      [
        ['B1', 135_000],
        ['B2', 224_000],
        ['B3', 404_400],
      ],
    );
    const bands = placements()
      .filter((p) => p.placement_type === 'mainstream')
      .flatMap((p) => (lines.get(p.id) ?? []).filter((l) => l.kind === 'top_up'))
      .map((l) => l.top_up_band);
    assert.ok(bands.every((b) => b === 'B1' || b === 'B2' || b === 'B3'));
    // 43% of Norfolk's banded pupils were in Band 3 (2018); a school's nursery has Bands 1 and 2 only.
    const b3 = bands.filter((b) => b === 'B3').length / bands.length;
    assert.ok(b3 > 0.36 && b3 < 0.45, String(b3));
  });

  test('a special school place is £10,000 of place funding, the ESFA’s for an academy, with a special band on top', () => {
    for (const p of placements()) {
      if (p.placement_type !== 'maintained_special' && p.placement_type !== 'academy_special') continue;
      const own = lines.get(p.id) ?? [];
      const place = own.filter((l) => l.kind === 'place_funding');
      assert.deepEqual(
        place.map((l) => [l.amount_pence, l.per, l.funder]),
        [[1_000_000, 'year', p.placement_type === 'academy_special' ? 'esfa' : 'la']],
      );
      const top = own.filter((l) => l.kind === 'top_up');
      assert.ok(top.length === 1 && /^S[1-4]$/.test(top[0]?.top_up_band ?? ''), p.id);
    }
  });

  test('independent schools are paid their fees, £50,000 to £120,000 a year, by the year or week, some residential, some shared with health or social care', () => {
    const independent = placements().filter((p) => p.placement_type === 'independent_special');
    const fees = independent.flatMap((p) => (lines.get(p.id) ?? []).filter((l) => l.kind === 'fee'));
    assert.equal(fees.length, independent.length, 'one fee each');
    for (const f of fees) {
      // A week's fee over the weeks charged: £1,320 × 38 = £50,160 is the least a day place
      // costs; £2,300 × 52 = £119,600 and £3,150 × 38 = £119,700 the most a residential one does.
      const annual =
        f.per === 'year'
          ? (f.amount_pence ?? 0)
          : Math.round((f.amount_pence ?? 0) * (f.units_per_year ?? 0));
      assert.ok(annual >= 5_000_000 && annual <= 12_000_000, pounds(annual));
    }
    const weekly = fees.filter((f) => f.per === 'week');
    assert.ok(weekly.some((f) => f.units_per_year === 38));
    assert.ok(weekly.some((f) => f.units_per_year === 52));
    const residential = independent.filter((p) => p.residential_weeks !== null);
    assert.ok(residential.length > 24, 'a few dozen residential placements at least');
    assert.ok(fees.some((f) => f.health_share_bp > 0));
    assert.ok(fees.some((f) => f.social_care_share_bp > 0));
    // A 52-week residential placement is social care's to share: 40% to 50%.
    for (const p of residential.filter((r) => r.residential_weeks === 52)) {
      const fee = (lines.get(p.id) ?? []).find((l) => l.kind === 'fee');
      assert.ok(fee && fee.social_care_share_bp >= 4_000 && fee.social_care_share_bp <= 5_000);
    }
  });

  test('a placement over £50,000 a year was approved by the finance approver at its cost, or is one of the few still waiting, all entered by the finance officer', () => {
    let waiting = 0;
    for (const p of placements()) {
      assert.equal(p.entered_by, officer);
      const peak = peakAnnualCost(factsOf(p, lines.get(p.id) ?? []), schemes);
      if (peak <= 5_000_000) {
        assert.equal(p.approval, 'not_needed', p.id);
        continue;
      }
      if (p.approval === 'awaiting') {
        waiting++;
        assert.ok(p.end_on === null && p.approval_decided_by === null);
        continue;
      }
      assert.equal(p.approval, 'approved', p.id);
      assert.equal(p.approval_decided_by, approver);
      assert.equal(p.approved_annual_pence, peak);
    }
    // Six at Norfolk's size: 6 × 12,147 / 12,147.
    assert.equal(waiting, 6);
  });
});

describe('the demo LA’s high needs budget and its position', () => {
  let norfolk: GeneratedRecords;
  before(() => {
    norfolk = demoNorfolk();
  });
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

  test('this year’s and last year’s budgets have the standard lines, the ESFA’s part outside them', () => {
    const { budgets, budgetLines, costs } = norfolk.finance;
    assert.deepEqual(
      budgets.map((b) => b.fy),
      [2025, 2026],
    );
    for (const b of budgets) {
      const lines = budgetLines.filter((l) => l.fy === b.fy);
      assert.deepEqual(
        lines.map((l) => l.code),
        [
          'mainstream_top_ups',
          'special_schools',
          'independent',
          'post_16',
          'alternative_provision',
          'central_services',
        ],
      );
      // The allocation is the lines and the ESFA's direct payments, which are what placements
      // cost the ESFA that year, to the nearest £1,000.
      assert.equal(b.allocation_pence, sum(lines.map((l) => l.budget_pence)) + b.esfa_direct_pence);
      const esfa = sum(
        costs.filter((c) => c.fy === b.fy && c.payer === 'esfa_direct').map((c) => c.committed_pence),
      );
      assert.ok(Math.abs(b.esfa_direct_pence - esfa) <= 50_000, `${b.fy}: ${pounds(esfa)}`);
      assert.equal(b.updated_by, officer);
    }
  });

  test('the monthly position shows the overspend growing, from about nothing in April to a few per cent', () => {
    const byDay = new Map<string, { budget: number; forecast: number }>();
    for (const s of norfolk.finance.snapshots) {
      const day = byDay.get(s.taken_on) ?? { budget: 0, forecast: 0 };
      byDay.set(s.taken_on, {
        budget: day.budget + s.budget_pence,
        forecast: day.forecast + s.forecast_pence,
      });
    }
    // The first of each month from April to October; November's is taken when someone looks.
    assert.deepEqual(
      [...byDay.keys()],
      ['2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01'],
    );
    const over = [...byDay.values()].map((d) => d.forecast / d.budget - 1);
    for (let i = 1; i < over.length; i++) assert.ok((over[i] ?? 0) > (over[i - 1] ?? 0), over.join());
    assert.ok((over[0] ?? 0) > 0 && (over[0] ?? 0) < 0.01, `April ${over[0]}`);
    assert.ok((over.at(-1) ?? 0) > 0.03 && (over.at(-1) ?? 0) < 0.08, `October ${over.at(-1)}`);
  });

  test('a new specialist placement is expected to cost what those running today cost the block on average', () => {
    const expected = new Map(norfolk.finance.expectedCosts.map((e) => [e.placement_type, e.annual_pence]));
    // An independent day place is £50,000 to £62,000 a year; residential ones cost more but
    // social care shares them: the block's average lies between.
    const independent = expected.get('independent_special') ?? 0;
    assert.ok(independent > 5_000_000 && independent < 7_000_000, pounds(independent));
    // A maintained special school place is £10,000 and a band of £11,412 to £17,556; at an academy
    // the ESFA pays the £10,000, so the block pays the band alone.
    const maintained = expected.get('maintained_special') ?? 0;
    const academy = expected.get('academy_special') ?? 0;
    assert.ok(maintained > 2_141_200 && maintained < 2_755_600, pounds(maintained));
    assert.ok(academy > 1_141_200 && academy < 1_755_600, pounds(academy));
  });
});

test('the same seed makes the same placements and budget; another seed other ones', () => {
  const a = demoNorfolk(today, 600);
  const b = demoNorfolk(today, 600);
  assert.deepEqual(a.finance, b.finance);
  const [plan] = planFor({ scale: 'norfolk', seed: 927, la: { code: '926', name: 'N' }, children: 600 });
  assert.ok(plan);
  const c = generateLaRecords(plan, 0, { scale: 'norfolk', seed: 927 }, today, financeTeam);
  assert.notDeepEqual(
    a.finance.placements.map((p) => p.id),
    c.finance.placements.map((p) => p.id),
  );
});

test('an LA with no finance team has its placements entered by no one, and none decided by anyone', () => {
  const [plan] = planFor({ scale: 'norfolk', seed: 5, la: { code: '940', name: 'Test' }, children: 300 });
  assert.ok(plan);
  const { finance } = generateLaRecords(plan, 0, { scale: 'norfolk', seed: 5 }, today, []);
  assert.ok(finance.placements.length >= 290);
  assert.ok(finance.placements.every((p) => p.entered_by === null && p.approval_decided_by === null));
  // At least one waits however small the LA: max(1, round(6 × 300 / 12,147)) = max(1, 0) = 1.
  assert.equal(finance.placements.filter((p) => p.approval === 'awaiting').length, 1);
});

test('a specialist type no child is placed in today is still priced for the forecast, as a typical placement of it', () => {
  // Seed 11 at 800 children makes one special school, an academy, and no maintained one.
  const [plan] = planFor({ scale: 'norfolk', seed: 11, la: { code: '942', name: 'Test' }, children: 800 });
  assert.ok(plan);
  const { data, finance } = generateLaRecords(plan, 0, { scale: 'norfolk', seed: 11 }, today, []);
  assert.ok(data.establishments.every((e) => !e.is_special || e.type_name !== 'Community special school'));
  // A maintained special place: £10,000 of place funding and the middle band, S2 at £12,132,
  // both paid by the block: £22,132 a year, to the nearest £100 £22,100.
  assert.equal(
    finance.expectedCosts.find((e) => e.placement_type === 'maintained_special')?.annual_pence,
    2_210_000,
  );
});
