import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../../../../../platform/kernel/days.ts';
import {
  completionFigures,
  countByBand,
  daysOverdue,
  dueWindowEnd,
  lastTwelveMonths,
  monthsOf,
  overdueBandOf,
  overdueBands,
  phaseCohortDeadlines,
  phaseTransferStanding,
  reportStanding,
} from './lists.ts';
import { periodOf } from './query.ts';

test('a plan due 9 March 2027 comes into the 8 weeks on 12 January 2027, not before', () => {
  // 2 December 2026 + 56 days: 29 days to 31 December, 27 more is 27 January 2027.
  assert.equal(dueWindowEnd('2026-12-02'), '2027-01-27');
  // 11 January + 56: 20 days to 31 January, 28 to 28 February, 8 more is 8 March.
  assert.equal(dueWindowEnd('2027-01-11'), '2027-03-08');
  assert.equal(dueWindowEnd('2027-01-12'), '2027-03-09');
});

test('a review due on its last day is 1 day overdue the day after', () => {
  assert.equal(daysOverdue('2027-03-09', '2027-03-09'), 0);
  assert.equal(daysOverdue('2027-03-09', '2027-03-10'), 1);
  // 2024 is a leap year: 28 February to 1 March is 2 days.
  assert.equal(daysOverdue('2024-02-28', '2024-03-01'), 2);
});

test('weeks overdue fall in bands: up to 4 weeks is 28 days, over 52 weeks is 365 days or more', () => {
  const band = (days: number) => overdueBandOf(days).label;
  assert.equal(band(1), 'Up to 4 weeks');
  assert.equal(band(28), 'Up to 4 weeks');
  assert.equal(band(29), 'Over 4 and up to 12 weeks');
  assert.equal(band(84), 'Over 4 and up to 12 weeks');
  assert.equal(band(85), 'Over 12 and up to 26 weeks');
  assert.equal(band(182), 'Over 12 and up to 26 weeks');
  assert.equal(band(183), 'Over 26 and up to 52 weeks');
  assert.equal(band(364), 'Over 26 and up to 52 weeks');
  assert.equal(band(365), 'Over 52 weeks');
  assert.equal(band(2000), 'Over 52 weeks');
});

test('counts by band add up to every overdue plan, and leave out the not overdue', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({ days: fc.integer({ min: -30, max: 1000 }), count: fc.integer({ min: 1, max: 50 }) }),
      ),
      (rows) => {
        const bands = countByBand(rows);
        assert.equal(bands.length, overdueBands.length);
        const overdue = rows.filter((r) => r.days >= 1).reduce((s, r) => s + r.count, 0);
        assert.equal(
          bands.reduce((s, b) => s + b.count, 0),
          overdue,
        );
      },
    ),
  );
});

test('the cohort moving on next September has its deadlines in February and March of the transfer year', () => {
  assert.deepEqual(phaseCohortDeadlines(2026), { from: '2027-02-01', to: '2027-03-31' });
});

test('a phase transfer amended on 14 February is on time; on 15 February, the deadline, late', () => {
  const deadline = '2027-02-15';
  const standing = (
    amendedOn: string | null,
    today: string,
    stage: null | 'not-started' | 'invited' = null,
  ) => phaseTransferStanding({ deadline, amendedOn, openReviewStage: stage }, today);
  assert.equal(standing('2027-02-14', '2027-02-20').status, 'amended-on-time');
  assert.equal(standing('2027-02-15', '2027-02-20').status, 'amended-late');
  assert.equal(standing('2027-03-02', '2027-03-05').status, 'amended-late');
  // With nothing amended, the deadline is missed on the deadline itself: "before 15 February".
  assert.deepEqual(standing(null, '2027-02-14'), { status: 'not-started', daysToDeadline: 1 });
  assert.deepEqual(standing(null, '2027-02-15'), { status: 'deadline-missed', daysToDeadline: 0 });
  // A review begun but only just opened is not yet under way; one with a meeting arranged is.
  assert.equal(standing(null, '2027-01-10', 'not-started').status, 'not-started');
  // 10 January to 15 February: 21 days to 31 January, then 15.
  assert.deepEqual(standing(null, '2027-01-10', 'invited'), { status: 'in-progress', daysToDeadline: 36 });
  assert.equal(standing(null, '2027-02-16', 'invited').status, 'deadline-missed');
});

test('by default the figures are for the 12 months to today', () => {
  assert.deepEqual(lastTwelveMonths('2026-12-02'), { from: '2025-12-03', to: '2026-12-02' });
  // 29 February 2028 less 12 months is 28 February 2027; the period starts the day after.
  assert.deepEqual(lastTwelveMonths('2028-02-29'), { from: '2027-03-01', to: '2028-02-29' });
  assert.deepEqual(periodOf({}, '2026-12-02'), {
    ok: true,
    period: { from: '2025-12-03', to: '2026-12-02' },
  });
  // Asked to end earlier, the 12 months end then.
  assert.deepEqual(periodOf({ to: '2026-03-31' }, '2026-12-02'), {
    ok: true,
    period: { from: '2025-04-01', to: '2026-03-31' },
  });
  const refused = periodOf({ from: '2026-05-01', to: '2026-04-30' }, '2026-12-02');
  assert.equal(refused.ok, false);
  assert.equal(periodOf({ to: '2026-12-03' }, '2026-12-02').ok, false);
});

test('completion figures: a percentage to one place of those counted, and every month of the period', () => {
  assert.deepEqual(monthsOf('2026-03-15', '2026-06-01'), [
    '2026-03-01',
    '2026-04-01',
    '2026-05-01',
    '2026-06-01',
  ]);
  const f = completionFigures('2026-03-15', '2026-05-31', [
    { month: '2026-03-01', step: 'decision', met: 1, counted: 3 },
    { month: '2026-05-01', step: 'decision', met: 1, counted: 1 },
    { month: '2026-05-01', step: 'review-due', met: 0, counted: 2 },
    // A row outside the period's months is not counted.
    { month: '2026-07-01', step: 'decision', met: 5, counted: 5 },
  ]);
  // 2 ÷ 4 = 50%; 0 ÷ 2 = 0%; nothing for phase transfers: no percentage, not 0%.
  assert.deepEqual(f.totals.decision, { met: 2, counted: 4, missed: 2, percentMet: 50 });
  assert.deepEqual(f.totals.review, { met: 0, counted: 2, missed: 2, percentMet: 0 });
  assert.deepEqual(f.totals.phaseTransfer, { met: 0, counted: 0, missed: 0, percentMet: null });
  // 1 ÷ 3 = 33.33…%, to one place 33.3%.
  assert.equal(f.months[0]?.decision.percentMet, 33.3);
  assert.deepEqual(
    f.months.map((m) => m.month),
    ['2026-03-01', '2026-04-01', '2026-05-01'],
  );
  // 2 ÷ 3 = 66.66…%, rounded to 66.7%.
  assert.equal(
    completionFigures('2026-01-01', '2026-01-31', [
      { month: '2026-01-01', step: 'phase-transfer', met: 2, counted: 3 },
    ]).totals.phaseTransfer.percentMet,
    66.7,
  );
});

test('a window of 8 weeks is 56 days whatever the day', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 5000 }), (n) => {
      const today = addDays('2015-01-01', n);
      assert.equal(dueWindowEnd(today), addDays(today, 56));
    }),
  );
});

test('the setting’s report is due 2 weeks after the meeting, and overdue the day after', () => {
  assert.deepEqual(reportStanding(null, '2026-03-20'), { status: 'no-meeting', dueOn: null });
  assert.deepEqual(reportStanding({ heldOn: null, reportOn: null }, '2026-03-20'), {
    status: 'no-meeting',
    dueOn: null,
  });
  // Held 16 March: 16 + 14 is 30 March.
  const held = { heldOn: '2026-03-16', reportOn: null };
  assert.deepEqual(reportStanding(held, '2026-03-30'), { status: 'due', dueOn: '2026-03-30' });
  assert.deepEqual(reportStanding(held, '2026-03-31'), { status: 'overdue', dueOn: '2026-03-30' });
  assert.deepEqual(reportStanding({ ...held, reportOn: '2026-04-02' }, '2026-04-10'), {
    status: 'received',
    dueOn: '2026-03-30',
  });
});
