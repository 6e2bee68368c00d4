import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { englandAndWalesCalendar as calendar } from '../../../../platform/kernel/bank-holidays.ts';
import { ageOn } from '../../../../platform/kernel/dates.ts';
import { addCalendarMonths, addDays, dayNumber } from '../../../../platform/kernel/days.ts';
import {
  earlyYearsRecommendation,
  type PlanDates,
  phaseTransferOf,
  reviewDue,
  type SettingPhase,
} from './due-dates.ts';
import {
  applyReviewEvent,
  type CeaseReason,
  nextReviewStep,
  type ReviewEventBody,
  type ReviewFacts,
  type ReviewStep,
  type ReviewSubject,
  reviewClosedOn,
  reviewDeadlines,
  reviewFacts,
  reviewLimits,
  reviewRefusal,
  reviewStageOf,
} from './process.ts';

const day = fc
  .integer({ min: dayNumber('2015-01-01'), max: dayNumber('2035-12-31') })
  .map((n) => addDays('1970-01-01', n));
const inclusiveDays = (from: string, to: string) => dayNumber(to) - dayNumber(from) + 1;
const leapDaysWithin = (from: string, to: string) => {
  let n = 0;
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    if (leap && `${y}-02-29` >= from && `${y}-02-29` <= to) n++;
  }
  return n;
};

/** A plan made on some day, perhaps reviewed since (or with an older review carried over), perhaps transferred in. */
const planDates = fc
  .record({
    issuedOn: day,
    reviewed: fc.option(fc.integer({ min: -400, max: 900 })),
    transferred: fc.option(fc.integer({ min: 0, max: 900 })),
  })
  .map(
    ({ issuedOn, reviewed, transferred }): PlanDates => ({
      issuedOn,
      lastReviewedOn: reviewed === null ? null : addDays(issuedOn, reviewed),
      transferredInOn: transferred === null ? null : addDays(issuedOn, transferred),
    }),
  );
const baseOf = (p: PlanDates) =>
  p.lastReviewedOn && p.lastReviewedOn > p.issuedOn ? p.lastReviewedOn : p.issuedOn;

test('12 months starting with the base are 365 days, or 366 when they hold a 29 February', () => {
  fc.assert(
    fc.property(planDates, (p) => {
      const { dueOn, rule } = reviewDue(p);
      const base = baseOf(p);
      // 365 days from the base, a day more when a 29 February falls in them or on the 366th.
      const yearlyEnd = addDays(base, 364 + leapDaysWithin(base, addDays(base, 365)));
      if (rule.startsWith('reg 15(5)')) {
        assert.ok(p.transferredInOn);
        assert.ok(dueOn > yearlyEnd, 'the transfer’s 3 months are used only when they end later');
        // 3 months starting with a day are 89 to 92 days (February's short month to July and August).
        const length = inclusiveDays(p.transferredInOn, dueOn);
        assert.ok(length >= 89 && length <= 92, `3 months of ${length} days`);
        // The day after them is the same day of the month 3 months on, or the 1st of the month after
        // when that month is too short for it.
        const next = addDays(dueOn, 1);
        const threeOn = addCalendarMonths(p.transferredInOn, 3);
        assert.ok(
          next.slice(8) === p.transferredInOn.slice(8)
            ? next === threeOn
            : next.slice(8) === '01' && next > threeOn,
        );
      } else {
        assert.equal(dueOn, yearlyEnd);
        if (p.transferredInOn) {
          const length = inclusiveDays(p.transferredInOn, dueOn);
          assert.ok(length >= 89, 'the 12 months are kept when the transfer’s 3 months end no later');
        }
      }
    }),
    { numRuns: 5000 },
  );
});

test('the early years recommendation falls between 3 and 6 months on, and only under 5', () => {
  fc.assert(
    fc.property(planDates, fc.integer({ min: 0, max: 2500 }), (p, ageInDays) => {
      const dateOfBirth = addDays(p.issuedOn, -ageInDays);
      const r = earlyYearsRecommendation(p, dateOfBirth);
      const sixMonthsOn = addCalendarMonths(baseOf(p), 6);
      if (!r) {
        assert.ok(ageOn(dateOfBirth, sixMonthsOn) >= 5);
        return;
      }
      assert.ok(r.from > baseOf(p) && r.from < r.by);
      assert.ok(r.by >= addDays(sixMonthsOn, -1) && r.by <= sixMonthsOn);
      assert.ok(ageOn(dateOfBirth, r.by) < 5);
      assert.ok(r.by < reviewDue(p).dueOn, 'a recommendation comes before the 12-month duty');
    }),
    { numRuns: 3000 },
  );
});

const settingPhase: fc.Arbitrary<SettingPhase | null> = fc.option(
  fc.record({
    phase: fc.constantFrom(
      'Nursery',
      'Primary',
      'Middle deemed primary',
      'Middle deemed secondary',
      'Secondary',
      'All-through',
      '16 plus',
      'Not applicable',
      null,
    ),
    settingKind: fc.constantFrom('school', 'early_years', 'post_16', 'independent', 'other', null),
    statutoryLowAge: fc.option(fc.integer({ min: 2, max: 16 })),
    statutoryHighAge: fc.option(fc.integer({ min: 5, max: 25 })),
  }),
);

test('a phase transfer’s deadline is before its 1 September, in the same year, and comes in its last year', () => {
  fc.assert(
    fc.property(day, fc.integer({ min: 365, max: 365 * 19 }), settingPhase, (today, ageInDays, setting) => {
      const t = phaseTransferOf(addDays(today, -ageInDays), setting, today);
      if (!t) return;
      assert.ok(t.deadline < t.transferOn);
      assert.equal(t.deadline.slice(0, 4), t.transferOn.slice(0, 4));
      assert.equal(t.transferOn.slice(5), '09-01');
      assert.equal(t.deadline.slice(5), t.to === 'post-16' ? '03-31' : '02-15');
      assert.equal(t.dueOn, addDays(t.deadline, -1));
      // Worked out in the academic year before the transfer: from the 1 September a year before it.
      assert.ok(today < t.transferOn && today >= addCalendarMonths(t.transferOn, -12));
    }),
    { numRuns: 5000 },
  );
});

const canonicalOrder: ReviewStep[] = [
  'invite',
  'advice-circulated',
  'meeting',
  'report',
  'decision',
  'review-due',
  'representations',
  'amended-plan',
  'phase-transfer',
  'appeal-window',
];

/**
 * A review begun on some day of a plan's 12 months, its phase transfer (if any) the one the plan had
 * coming that day, then events tried roughly in the order a review runs, some days apart, some
 * missing, some twice, some out of turn: each kept only if the rules accept it, as the service does.
 */
const reviewRun = fc
  .record({
    plan: planDates,
    opensAfter: fc.integer({ min: 0, max: 420 }),
    // Half the children in a phase's last year (on 31 August: 3 nursery, 6 Year 2, 10 Year 6, 15 Year 11).
    age: fc.oneof(fc.integer({ min: 2, max: 18 }), fc.constantFrom(4, 7, 9, 11, 13, 16)),
    setting: settingPhase,
    attempts: fc.array(
      fc.record({
        type: fc.constantFrom<ReviewEventBody['type']>(
          'invited',
          'meeting-moved',
          'advice-circulated',
          'meeting-held',
          'report-received',
          'decided',
          'amendments-proposed',
          'representations-received',
          'amended-plan-issued',
          'appeal-lodged',
          'appeal-concluded',
          'plan-ceased',
        ),
        // Mostly days or weeks apart; now and then months, as a plan kept through an appeal period.
        gap: fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: -10, max: 45 }) },
          { weight: 1, arbitrary: fc.integer({ min: 46, max: 150 }) },
        ),
        notice: fc.integer({ min: 10, max: 40 }),
        outcome: fc.constantFrom('maintain', 'amend', 'cease' as const),
        ceaseReason: fc.constantFrom<CeaseReason | null>(null, '2', '5', '6'),
        sections: fc.constantFrom<Record<string, string>>({ F: 'Therapy' }, {}, { I: 'A school' }),
        placement: fc.constantFrom(true, true, true, false),
        appealOutcome: fc.constantFrom('plan-maintained', 'cease-upheld', 'withdrawn' as const),
      }),
      { minLength: 2, maxLength: 24 },
    ),
    inOrder: fc.constantFrom(true, true, true, false),
    todayAfter: fc.integer({ min: 0, max: 400 }),
  })
  .map(({ plan, opensAfter, age, setting, attempts, inOrder, todayAfter }) => {
    const startsOn = baseOf(plan);
    const openedOn = addDays(startsOn, opensAfter);
    const transfer = phaseTransferOf(addCalendarMonths(openedOn, -12 * age), setting, openedOn);
    const subject: ReviewSubject = {
      kind: transfer ? 'phase-transfer' : 'annual',
      planIssuedOn: plan.issuedOn,
      startsOn,
      dueOn: reviewDue(plan).dueOn,
      phaseTransfer: transfer
        ? { to: transfer.to, deadline: transfer.deadline, dueOn: transfer.dueOn }
        : null,
    };
    const order: ReviewEventBody['type'][] = [
      'invited',
      'advice-circulated',
      'meeting-held',
      'report-received',
      'decided',
      'amendments-proposed',
      'representations-received',
      'amended-plan-issued',
      'plan-ceased',
      'appeal-lodged',
      'appeal-concluded',
      'plan-ceased',
    ];
    // Most runs follow the usual order, so that long reviews are common; the rest any order.
    const tried = inOrder
      ? attempts.map((a, i) => ({ ...a, type: order[i % order.length] ?? a.type }))
      : attempts;
    let on = openedOn;
    let f = reviewFacts(subject);
    const farOff = '2099-12-31';
    for (const a of tried) {
      on = addDays(on, a.gap);
      const body = eventOf(a, on);
      if (!reviewRefusal(f, body, { status: 'active' }, farOff, calendar)) f = applyReviewEvent(f, body);
    }
    return { f, today: addDays(on, todayAfter) };
  });

function eventOf(
  a: {
    type: ReviewEventBody['type'];
    notice: number;
    outcome: 'maintain' | 'amend' | 'cease';
    ceaseReason: CeaseReason | null;
    sections: Record<string, string>;
    placement: boolean;
    appealOutcome: 'plan-maintained' | 'cease-upheld' | 'withdrawn';
  },
  on: string,
): ReviewEventBody {
  switch (a.type) {
    case 'invited':
      return { type: a.type, on, meetingOn: addDays(on, a.notice), invitees: ['Parent'] };
    case 'meeting-moved':
      return { type: a.type, on, meetingOn: addDays(on, a.notice) };
    case 'report-received':
      return {
        type: a.type,
        on,
        by: 'setting',
        recommendation: a.outcome,
        views: 'v',
        progress: 'p',
        changes: 'c',
      };
    case 'decided':
      return {
        type: a.type,
        on,
        outcome: a.outcome,
        reasons: 'Reasons',
        ceaseReason: a.outcome === 'cease' ? a.ceaseReason : null,
      };
    case 'amendments-proposed':
      return { type: a.type, on, sections: a.sections };
    case 'representations-received':
      return { type: a.type, on, summary: 's' };
    case 'amended-plan-issued':
      return {
        type: a.type,
        on,
        placement: a.placement
          ? { establishmentId: null, settingName: 'Cromer Academy', provision: 'mainstream' }
          : null,
      };
    case 'appeal-concluded':
      return { type: a.type, on, outcome: a.appealOutcome };
    default:
      return { type: a.type, on };
  }
}

test('deadlines come in the order the steps come, each once, and no obligation falls due before it starts', () => {
  fc.assert(
    fc.property(reviewRun, ({ f, today }) => {
      const list = reviewDeadlines(f, today, calendar);
      const positions = list.map((d) => canonicalOrder.indexOf(d.step));
      assert.ok(positions.every((p, i) => p >= 0 && (i === 0 || p > (positions[i - 1] ?? -1))));
      assert.equal(list[0]?.step, 'invite');
      for (const d of list) {
        if (d.owner !== 'family')
          assert.ok(d.dueOn >= d.startsOn, `${d.step} due ${d.dueOn} before ${d.startsOn}`);
        if (d.status === 'met') assert.ok(d.doneOn !== null && d.doneOn <= d.dueOn);
        if (d.status === 'due') assert.ok(d.doneOn === null && today <= d.dueOn);
        if (d.status === 'missed')
          assert.equal(d.daysLate, dayNumber(d.doneOn ?? today) - dayNumber(d.dueOn));
        if (d.owner === 'family') assert.ok(['open', 'used', 'closed'].includes(d.status));
      }
    }),
    { numRuns: 3000 },
  );
});

test('what the rules accept keeps the review’s dates in their order and its limits', () => {
  fc.assert(
    fc.property(reviewRun, ({ f }) => {
      const s = f.subject;
      if (f.invitedOn) assert.ok(f.invitedOn >= s.planIssuedOn);
      if (f.invitedOn && f.meetingOn)
        assert.ok(dayNumber(f.meetingOn) - dayNumber(f.invitedOn) >= reviewLimits.notice);
      if (f.heldOn) assert.ok(f.invitedOn && f.heldOn >= f.invitedOn && f.heldOn >= s.planIssuedOn);
      if (f.report) assert.ok(f.heldOn && f.report.on >= f.heldOn);
      if (f.decision) {
        assert.ok(f.heldOn && f.decision.on >= f.heldOn);
        assert.equal(f.decision.outcome === 'cease', f.decision.ceaseReason !== null);
        assert.notEqual(f.decision.ceaseReason, '5');
        if (s.kind === 'phase-transfer') assert.notEqual(f.decision.outcome, 'maintain');
      }
      if (f.proposed) assert.ok(f.decision?.outcome === 'amend' && f.proposed.on >= f.decision.on);
      if (f.amended && f.proposed && !f.representationsOn)
        assert.ok(f.amended.on > addDays(f.proposed.on, reviewLimits.representationsLastDay));
      if (f.amended && s.kind === 'phase-transfer') assert.ok(f.amended.placement);
      if (f.ceasedOn) {
        assert.equal(f.decision?.outcome, 'cease');
        assert.notEqual(f.appealConcluded?.outcome, 'plan-maintained');
        if (!f.appealLodgedOn) {
          const window = reviewDeadlines(f, f.ceasedOn, calendar).find((d) => d.step === 'appeal-window');
          assert.ok(window && f.ceasedOn > window.dueOn, 'kept until the appeal period ends');
        } else assert.ok(f.appealConcluded && f.ceasedOn >= f.appealConcluded.on);
      }
    }),
    { numRuns: 3000 },
  );
});

test('a review is closed exactly when it is complete or the plan has ceased', () => {
  fc.assert(
    fc.property(reviewRun, ({ f }) => {
      const stage = reviewStageOf(f);
      const closed = reviewClosedOn(f);
      assert.equal(closed !== null, stage === 'complete' || stage === 'ceased');
      if (closed) assert.ok(f.decision && closed >= f.decision.on);
    }),
    { numRuns: 3000 },
  );
});

/** The event that does a step, as the officer or the setting would record it today. */
function eventDoing(step: ReviewStep, f: ReviewFacts, today: string): ReviewEventBody | null {
  switch (step) {
    case 'invite':
      return { type: 'invited', on: today, meetingOn: addDays(today, 14), invitees: ['Parent'] };
    case 'advice-circulated':
      return { type: 'advice-circulated', on: today };
    case 'meeting':
      return { type: 'meeting-held', on: today };
    case 'report':
      return {
        type: 'report-received',
        on: today,
        by: 'setting',
        recommendation: 'amend',
        views: 'v',
        progress: 'p',
        changes: 'c',
      };
    case 'decision':
      return { type: 'decided', on: today, outcome: 'amend', reasons: 'Reasons', ceaseReason: null };
    case 'amended-plan':
    case 'phase-transfer':
      if (f.proposed)
        return {
          type: 'amended-plan-issued',
          on: today,
          placement: { establishmentId: null, settingName: 'Cromer Academy', provision: 'mainstream' },
        };
      // Before the decision the review cycle itself is the way to the amendment.
      if (!f.decision) return null;
      return { type: 'amendments-proposed', on: today, sections: { F: 'Therapy' } };
    default:
      return null;
  }
}

test('the next step offered is one the rules let the officer or the setting take', () => {
  fc.assert(
    fc.property(reviewRun, ({ f, today }) => {
      const next = nextReviewStep(reviewDeadlines(f, today, calendar));
      if (!next) return;
      assert.notEqual(next.owner, 'family');
      assert.equal(next.doneOn, null);
      const body = eventDoing(next.step, f, today);
      if (!body) return;
      const refused = reviewRefusal(f, body, { status: 'active' }, '2099-12-31', calendar);
      assert.notEqual(
        refused?.field,
        'type',
        `${next.step} is next but ${body.type} is refused: ${refused?.message}`,
      );
    }),
    { numRuns: 3000 },
  );
});
