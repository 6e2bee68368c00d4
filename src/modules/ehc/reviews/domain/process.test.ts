import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { englandAndWalesCalendar as calendar } from '../../../../platform/kernel/bank-holidays.ts';
import {
  applyReviewEvent,
  type CeaseReason,
  nextReviewStep,
  type PlanNow,
  type ReviewDeadline,
  type ReviewEventBody,
  type ReviewFacts,
  type ReviewOutcome,
  type ReviewStep,
  type ReviewSubject,
  reviewClosedOn,
  reviewDeadlines,
  reviewFacts,
  reviewRefusal,
  reviewStageOf,
} from './process.ts';

// Every date below was worked by hand from the regulation's words; the working is in the comment.
// The plan was made on Monday 10 March 2025, so its review is due by Monday 9 March 2026 (s44(1):
// 12 months starting with 10 March 2025). Monday 5 January 2026 starts the usual review.

const active: PlanNow = { status: 'active' };
const ceasedPlan: PlanNow = { status: 'ceased' };
const farOff = '2027-12-31';

const subject = (over: Partial<ReviewSubject> = {}): ReviewSubject => ({
  kind: 'annual',
  planIssuedOn: '2025-03-10',
  startsOn: '2025-03-10',
  dueOn: '2026-03-09',
  phaseTransfer: null,
  ...over,
});

/** Plan made 1 Oct 2024, reviewed 8 Oct 2025; a Year 6 child goes to secondary on 1 Sep 2026. */
const phaseTransferSubject = subject({
  kind: 'phase-transfer',
  planIssuedOn: '2024-10-01',
  startsOn: '2025-10-08',
  dueOn: '2026-10-07',
  phaseTransfer: { to: 'secondary', deadline: '2026-02-15', dueOn: '2026-02-14' },
});

const invited = (on = '2026-01-05', meetingOn = '2026-01-26'): ReviewEventBody => ({
  type: 'invited',
  on,
  meetingOn,
  invitees: ['Parent', 'SENCo, Sheringham Primary', 'Educational psychologist'],
});
const moved = (on: string, meetingOn: string): ReviewEventBody => ({ type: 'meeting-moved', on, meetingOn });
const advice = (on = '2026-01-09'): ReviewEventBody => ({ type: 'advice-circulated', on });
const held = (on = '2026-01-26'): ReviewEventBody => ({ type: 'meeting-held', on });
const report = (on = '2026-02-06', recommendation: ReviewOutcome = 'maintain'): ReviewEventBody => ({
  type: 'report-received',
  on,
  by: 'setting',
  recommendation,
  views: 'Amira likes her new reading group',
  progress: 'Two of four outcomes met',
  changes: 'More speech and language therapy',
});
const decided = (
  outcome: ReviewOutcome,
  on = '2026-02-16',
  ceaseReason: CeaseReason | null = null,
  reasons = 'As the review meeting agreed',
): ReviewEventBody => ({ type: 'decided', on, outcome, reasons, ceaseReason });
const proposed = (
  on = '2026-02-20',
  sections: Record<string, string> = { F: 'Speech and language therapy weekly' },
): ReviewEventBody => ({ type: 'amendments-proposed', on, sections });
const representations = (on: string): ReviewEventBody => ({
  type: 'representations-received',
  on,
  summary: 'The family agree',
});
const secondary = { establishmentId: null, settingName: 'Cromer Academy', provision: 'mainstream' as const };
const amended = (on: string, placement: typeof secondary | null = null): ReviewEventBody => ({
  type: 'amended-plan-issued',
  on,
  placement,
});
const appealLodged = (on: string): ReviewEventBody => ({ type: 'appeal-lodged', on });
const appealConcluded = (
  on: string,
  outcome: 'plan-maintained' | 'cease-upheld' | 'withdrawn',
): ReviewEventBody => ({ type: 'appeal-concluded', on, outcome });
const planCeased = (on: string): ReviewEventBody => ({ type: 'plan-ceased', on });

/** The review after these events, each accepted as the rules accept it. */
function review(events: ReviewEventBody[], s = subject(), today = farOff): ReviewFacts {
  let f = reviewFacts(s);
  for (const e of events) {
    const refused = reviewRefusal(f, e, active, today, calendar);
    assert.equal(refused, undefined, `${e.type} on ${e.on} was refused: ${refused?.message}`);
    f = applyReviewEvent(f, e);
  }
  return f;
}
const refusal = (
  events: ReviewEventBody[],
  body: ReviewEventBody,
  {
    s = subject(),
    today = farOff,
    plan = active,
  }: { s?: ReviewSubject; today?: string; plan?: PlanNow } = {},
) => reviewRefusal(review(events, s, today), body, plan, today, calendar);
const fieldOf = (events: ReviewEventBody[], body: ReviewEventBody, opts?: Parameters<typeof refusal>[2]) =>
  refusal(events, body, opts)?.field;

const onTime = [invited(), advice(), held(), report(), decided('maintain')];
const toAmend = [invited(), advice(), held(), report('2026-02-06', 'amend'), decided('amend')];

/** A decision to cease on Wednesday 10 June 2026 after a meeting on 18 May (invited 27 April, 21 days). */
const ceaseSubject = subject({ planIssuedOn: '2024-07-01', startsOn: '2025-06-20', dueOn: '2026-06-19' });
const toCease = [
  invited('2026-04-27', '2026-05-18'),
  advice('2026-04-28'),
  held('2026-05-18'),
  report('2026-05-25', 'cease'),
  decided('cease', '2026-06-10', '2', 'Needs met from the school’s own resources'),
];

describe('the issue’s bad input, refused with the field to put right', () => {
  test('1. a meeting arranged for before the plan was made', () => {
    assert.deepEqual(refusal([], invited('2025-02-10', '2025-03-03')), {
      field: 'meetingOn',
      message: 'The meeting cannot be before the plan was made (2025-03-10)',
    });
  });
  test('2. a meeting held before the plan was made', () => {
    // Invited on the day the plan was made, 10 Mar 2025, for 24 Mar (14 days); "held" on 1 Mar 2025.
    assert.deepEqual(refusal([invited('2025-03-10', '2025-03-24')], held('2025-03-01')), {
      field: 'on',
      message: 'The meeting cannot be before the plan was made (2025-03-10)',
    });
  });
  test('3. a report before the meeting: with no meeting held, and dated the day before it', () => {
    assert.deepEqual(refusal([invited()], report()), {
      field: 'type',
      message: 'The review report follows the meeting: record the meeting first',
    });
    assert.deepEqual(refusal([invited(), held()], report('2026-01-25')), {
      field: 'on',
      message: 'The report cannot be before the meeting (2026-01-26)',
    });
  });
  test('4. a decision without a meeting', () => {
    assert.deepEqual(refusal([invited()], decided('maintain', '2026-01-30')), {
      field: 'type',
      message: 'A decision follows the review meeting: record the meeting first',
    });
    assert.equal(fieldOf([], decided('maintain', '2026-01-30')), 'type');
  });
  test('5. ceasing without an SEN2 CeaseReason', () => {
    assert.deepEqual(refusal([invited(), held()], decided('cease', '2026-02-16', null)), {
      field: 'ceaseReason',
      message: 'Choose the reason the plan is to cease (SEN2 CeaseReason)',
    });
  });
  test('6. an amendment to a ceased plan: neither proposed nor issued', () => {
    // Decided to amend, then the plan ceased (the child moved to another LA) before the amendments went out.
    assert.deepEqual(refusal(toAmend, proposed(), { plan: ceasedPlan }), {
      field: 'type',
      message: 'The plan has ceased: a ceased plan cannot be amended',
    });
    assert.deepEqual(refusal([...toAmend, proposed()], amended('2026-03-20'), { plan: ceasedPlan }), {
      field: 'type',
      message: 'The plan has ceased: a ceased plan cannot be amended',
    });
  });
});

describe('reg 20: the invitation, the advice and the meeting', () => {
  test('7. 13 days’ notice is refused; 14 (2 weeks) is accepted', () => {
    // Invited Monday 5 Jan 2026: 5 + 14 = 19 Jan is the first day with 2 weeks' notice.
    assert.deepEqual(refusal([], invited('2026-01-05', '2026-01-18')), {
      field: 'meetingOn',
      message: 'Give at least 2 weeks’ notice of the meeting: on or after 2026-01-19',
    });
    assert.equal(refusal([], invited('2026-01-05', '2026-01-19')), undefined);
  });
  test('8. a meeting moved needs 2 weeks’ notice from the day it is moved', () => {
    // Moved on 20 Jan 2026: 20 + 14 = 3 Feb.
    assert.equal(fieldOf([invited()], moved('2026-01-20', '2026-02-02')), 'meetingOn');
    assert.equal(refusal([invited()], moved('2026-01-20', '2026-02-03')), undefined);
  });
  test('9. an invitation names who is invited, comes once, and is not dated in the future', () => {
    assert.deepEqual(refusal([], { ...invited(), invitees: [' '] } as ReviewEventBody), {
      field: 'invitees',
      message: 'Name who is invited: the family, the setting and the professionals',
    });
    assert.equal(fieldOf([invited()], invited('2026-01-06', '2026-01-27')), 'type');
    assert.deepEqual(refusal([], invited(), { today: '2026-01-04' }), {
      field: 'on',
      message: 'The date cannot be in the future',
    });
  });
  test('10. an invitation sent before the plan was made, for a meeting after it', () => {
    assert.equal(fieldOf([], invited('2025-03-01', '2025-03-20')), 'on');
  });
  test('11. a meeting is moved only once set, and not once held', () => {
    assert.equal(fieldOf([], moved('2026-01-05', '2026-01-26')), 'type');
    assert.equal(fieldOf([invited(), held()], moved('2026-01-27', '2026-02-10')), 'type');
    assert.equal(fieldOf([invited()], moved('2026-01-04', '2026-01-26')), 'on');
  });
  test('12. advice is circulated after the invitation, once, and before the meeting', () => {
    assert.equal(fieldOf([], advice()), 'type');
    assert.equal(fieldOf([invited(), advice()], advice('2026-01-10')), 'type');
    assert.equal(fieldOf([invited(), held()], advice('2026-01-27')), 'type');
    assert.equal(fieldOf([invited()], advice('2026-01-04')), 'on');
  });
  test('13. a meeting is held after an invitation, once, and not before it was sent', () => {
    assert.deepEqual(refusal([], held()), {
      field: 'type',
      message: 'Record the invitation first: a meeting needs notice',
    });
    assert.equal(fieldOf([invited(), held()], held('2026-01-27')), 'type');
    assert.equal(fieldOf([invited()], held('2026-01-04')), 'on');
  });
  test('14. the report comes once; the plan ceased takes no new meeting', () => {
    assert.equal(fieldOf([invited(), held(), report()], report('2026-02-07')), 'type');
    assert.equal(fieldOf([], invited(), { plan: ceasedPlan }), 'type');
  });
});

describe('reg 20(10): the LA’s decision', () => {
  test('15. a decision is not before the meeting, comes once, and not on a ceased plan', () => {
    assert.deepEqual(refusal([invited(), held()], decided('maintain', '2026-01-25')), {
      field: 'on',
      message: 'The date must be on or after the meeting (2026-01-26)',
    });
    assert.equal(fieldOf(onTime, decided('amend', '2026-02-17')), 'type');
    assert.equal(fieldOf([invited(), held()], decided('maintain'), { plan: ceasedPlan }), 'type');
  });
  test('16. ceasing for a move to another LA (CeaseReason 5) is a transfer out, not a decision', () => {
    assert.equal(fieldOf([invited(), held()], decided('cease', '2026-02-16', '5')), 'ceaseReason');
  });
  test('17. a decision to cease gives its reasons; any other decision takes no cease reason', () => {
    assert.equal(fieldOf([invited(), held()], decided('cease', '2026-02-16', '2', '  ')), 'reasons');
    assert.equal(fieldOf([invited(), held()], decided('maintain', '2026-02-16', '2')), 'ceaseReason');
    assert.equal(refusal([invited(), held()], decided('cease', '2026-02-16', '2')), undefined);
  });
  test('18. a phase transfer review cannot just maintain the plan: it names the next setting (reg 18)', () => {
    const events = [invited('2025-11-03', '2025-11-24'), held('2025-11-24')];
    assert.equal(fieldOf(events, decided('maintain', '2025-12-01'), { s: phaseTransferSubject }), 'outcome');
    assert.equal(refusal(events, decided('amend', '2025-12-01'), { s: phaseTransferSubject }), undefined);
  });
});

describe('reg 22: amending the plan', () => {
  test('19. amendments follow a decision to amend, once, to sections A to K other than I', () => {
    assert.equal(fieldOf(onTime, proposed()), 'type');
    assert.equal(fieldOf([...toAmend, proposed()], proposed('2026-02-21')), 'type');
    assert.deepEqual(refusal(toAmend, proposed('2026-02-20', {})), {
      field: 'sections',
      message: 'Propose a change to at least one section',
    });
    assert.deepEqual(refusal(toAmend, proposed('2026-02-20', { I: 'Cromer Academy' })), {
      field: 'sections',
      message: 'Section I cannot be amended here',
    });
    assert.equal(fieldOf(toAmend, proposed('2026-02-15')), 'on');
  });
  test('20. the family has 15 days beginning with the proposals: issuing on day 15 is refused, day 16 accepted', () => {
    // Proposed Friday 20 Feb 2026: day 1 is 20 Feb, days 1–9 run to 28 Feb, days 10–15 are 1–6 Mar.
    const events = [...toAmend, proposed()];
    assert.deepEqual(refusal(events, amended('2026-03-06')), {
      field: 'on',
      message:
        'The family has until 2026-03-06 to make representations: issue the amended plan after that, or record their representations first',
    });
    assert.equal(refusal(events, amended('2026-03-07')), undefined);
  });
  test('21. once the family’s representations are in, the amended plan may go out that day', () => {
    const events = [...toAmend, proposed(), representations('2026-02-27')];
    assert.equal(refusal(events, amended('2026-02-27')), undefined);
  });
  test('22. representations follow proposals, not before them, and not once the plan is issued', () => {
    assert.equal(fieldOf(toAmend, representations('2026-02-27')), 'type');
    assert.equal(fieldOf([...toAmend, proposed()], representations('2026-02-19')), 'on');
    assert.equal(
      fieldOf([...toAmend, proposed(), amended('2026-03-20')], representations('2026-03-21')),
      'type',
    );
  });
  test('23. the amended plan follows proposals, and is issued once', () => {
    assert.equal(fieldOf(toAmend, amended('2026-03-20')), 'type');
    assert.equal(fieldOf([...toAmend, proposed(), amended('2026-03-20')], amended('2026-03-21')), 'type');
  });
  test('24. a phase transfer’s amended plan names the setting for after the transfer', () => {
    const events = [
      invited('2025-11-03', '2025-11-24'),
      held('2025-11-24'),
      decided('amend', '2025-12-01'),
      proposed('2026-01-05'),
      representations('2026-01-16'),
    ];
    assert.deepEqual(refusal(events, amended('2026-02-10'), { s: phaseTransferSubject }), {
      field: 'placement',
      message: 'Name the school or other institution, or its type, for after the phase transfer',
    });
    assert.equal(refusal(events, amended('2026-02-10', secondary), { s: phaseTransferSubject }), undefined);
  });
});

describe('CFA 2014 s45: ceasing, and the plan kept while it can be appealed', () => {
  test('25. decided 10 June 2026: kept to 1 September, as an appeal due in August runs to the first working day after 31 August', () => {
    // 2 months after 10 Jun is 10 Aug, in August; 31 Aug 2026 is the summer bank holiday (a Monday),
    // Tuesday 1 Sep the first working day: ceasing on 1 Sep is refused, on 2 Sep accepted.
    assert.deepEqual(refusal(toCease, planCeased('2026-09-01'), { s: ceaseSubject }), {
      field: 'on',
      message:
        'The plan is maintained until the appeal period ends on 2026-09-01: it can cease from 2026-09-02',
    });
    assert.equal(refusal(toCease, planCeased('2026-09-02'), { s: ceaseSubject }), undefined);
  });
  test('26. while an appeal is open the plan is kept, past the appeal period too', () => {
    assert.deepEqual(
      refusal([...toCease, appealLodged('2026-07-20')], planCeased('2026-09-02'), { s: ceaseSubject }),
      { field: 'type', message: 'The plan is maintained until the appeal concludes' },
    );
  });
  test('27. never when the Tribunal ordered the plan maintained', () => {
    const events = [...toCease, appealLodged('2026-07-20'), appealConcluded('2026-12-01', 'plan-maintained')];
    assert.deepEqual(refusal(events, planCeased('2026-12-02'), { s: ceaseSubject }), {
      field: 'type',
      message: 'The Tribunal ordered the plan to be maintained',
    });
    assert.equal(fieldOf(events, planCeased('2027-06-01'), { s: ceaseSubject }), 'type');
  });
  test('28. the decision upheld, it ceases from the day the appeal concluded', () => {
    const events = [...toCease, appealLodged('2026-07-20'), appealConcluded('2026-12-01', 'cease-upheld')];
    assert.equal(fieldOf(events, planCeased('2026-11-30'), { s: ceaseSubject }), 'on');
    assert.equal(refusal(events, planCeased('2026-12-01'), { s: ceaseSubject }), undefined);
  });
  test('29. only a decision to cease ceases the plan or is appealed here, and each once', () => {
    assert.equal(fieldOf(onTime, planCeased('2026-06-01')), 'type');
    assert.equal(fieldOf(onTime, appealLodged('2026-03-01')), 'type');
    const s = { s: ceaseSubject };
    assert.equal(fieldOf([...toCease, appealLodged('2026-07-20')], appealLodged('2026-07-21'), s), 'type');
    assert.equal(fieldOf(toCease, appealLodged('2026-06-09'), s), 'on');
    assert.equal(fieldOf(toCease, appealConcluded('2026-12-01', 'withdrawn'), s), 'type');
    assert.equal(
      fieldOf([...toCease, appealLodged('2026-07-20')], appealConcluded('2026-07-19', 'withdrawn'), s),
      'on',
    );
    const done = [...toCease, appealLodged('2026-07-20'), appealConcluded('2026-08-20', 'cease-upheld')];
    assert.equal(fieldOf(done, appealConcluded('2026-08-21', 'withdrawn'), s), 'type');
    assert.equal(fieldOf([...done, planCeased('2026-08-21')], planCeased('2026-08-22'), s), 'type');
    assert.equal(fieldOf([...toCease, planCeased('2026-09-02')], appealLodged('2026-09-03'), s), 'type');
  });
});

const pick = (d: ReviewDeadline) => [d.step, d.owner, d.startsOn, d.dueOn, d.doneOn, d.status, d.daysLate];
const stepOf = (list: ReviewDeadline[], s: ReviewStep) => {
  const d = list.find((x) => x.step === s);
  assert.ok(d, `no ${s} deadline`);
  return d;
};

describe('reviewDeadlines: every step’s due date and status', () => {
  test('30. a review on time from start to end', () => {
    // Invite by 9 Mar 2026 − 6 weeks (2 weeks' notice, then 4 to decide) = Mon 26 Jan. Advice by the
    // meeting − 14 days = 12 Jan. Report by 26 Jan + 14 = 9 Feb; decision by 26 Jan + 28 = 23 Feb.
    assert.deepEqual(reviewDeadlines(review(onTime), '2026-03-20', calendar).map(pick), [
      ['invite', 'la', '2025-03-10', '2026-01-26', '2026-01-05', 'met', null],
      ['advice-circulated', 'la', '2026-01-05', '2026-01-12', '2026-01-09', 'met', null],
      ['meeting', 'setting', '2026-01-05', '2026-01-26', '2026-01-26', 'met', null],
      ['report', 'setting', '2026-01-26', '2026-02-09', '2026-02-06', 'met', null],
      ['decision', 'la', '2026-01-26', '2026-02-23', '2026-02-16', 'met', null],
      ['review-due', 'la', '2025-03-10', '2026-03-09', '2026-02-16', 'met', null],
    ]);
  });
  test('31. a late review: every step missed, by the days counted from its due date', () => {
    // Invited Fri 20 Feb 2026 for Fri 6 Mar (14 days). Invite due 26 Jan: 5 days to 31 Jan + 20 = 25 late.
    // Advice due 6 Mar − 14 = 20 Feb, out 23 Feb: 3. Held Mon 9 Mar, 3 days after the 6th.
    // Report due 9 Mar + 14 = 23 Mar, in 25 Mar: 2. Decision due 9 Mar + 28 = 6 Apr, made 7 Apr: 1.
    // Review due 9 Mar, ended 7 Apr: 22 days to 31 Mar + 7 = 29 late.
    const events = [
      invited('2026-02-20', '2026-03-06'),
      advice('2026-02-23'),
      held('2026-03-09'),
      report('2026-03-25'),
      decided('maintain', '2026-04-07'),
    ];
    assert.deepEqual(reviewDeadlines(review(events), '2026-04-20', calendar).map(pick), [
      ['invite', 'la', '2025-03-10', '2026-01-26', '2026-02-20', 'missed', 25],
      ['advice-circulated', 'la', '2026-02-20', '2026-02-20', '2026-02-23', 'missed', 3],
      ['meeting', 'setting', '2026-02-20', '2026-03-06', '2026-03-09', 'missed', 3],
      ['report', 'setting', '2026-03-09', '2026-03-23', '2026-03-25', 'missed', 2],
      ['decision', 'la', '2026-03-09', '2026-04-06', '2026-04-07', 'missed', 1],
      ['review-due', 'la', '2025-03-10', '2026-03-09', '2026-04-07', 'missed', 29],
    ]);
  });
  test('32. outstanding steps are due until their day passes, then missed and counting', () => {
    // Today 20 Jan 2026: advice was due 12 Jan, 8 days ago; the meeting is on 26 Jan.
    const list = reviewDeadlines(review([invited()]), '2026-01-20', calendar);
    assert.deepEqual(stepOf(list, 'advice-circulated').status, 'missed');
    assert.deepEqual(stepOf(list, 'advice-circulated').daysLate, 8);
    assert.deepEqual(stepOf(list, 'meeting').status, 'due');
    assert.deepEqual(stepOf(list, 'review-due').status, 'due');
    assert.deepEqual(
      reviewDeadlines(review([]), '2026-01-26', calendar).map((d) => [d.step, d.status]),
      [
        ['invite', 'due'],
        ['review-due', 'due'],
      ],
    );
  });
  test('33. amending: 15 days for representations, the amended plan within 8 weeks', () => {
    // Proposed Fri 20 Feb 2026: representations to 6 Mar (20 + 14); amended plan by 20 Feb + 56 days:
    // 8 days to 28 Feb, 31 to 31 Mar, 17 more: Fri 17 Apr.
    const events = [...toAmend, proposed()];
    const before = reviewDeadlines(review(events), '2026-03-01', calendar);
    assert.deepEqual(pick(stepOf(before, 'representations')), [
      'representations',
      'family',
      '2026-02-20',
      '2026-03-06',
      null,
      'open',
      null,
    ]);
    assert.deepEqual(pick(stepOf(before, 'amended-plan')), [
      'amended-plan',
      'la',
      '2026-02-20',
      '2026-04-17',
      null,
      'due',
      null,
    ]);
    assert.equal(
      stepOf(reviewDeadlines(review(events), '2026-03-07', calendar), 'representations').status,
      'closed',
    );
    const withViews = review([...events, representations('2026-02-27')]);
    assert.equal(
      stepOf(reviewDeadlines(withViews, '2026-03-07', calendar), 'representations').status,
      'used',
    );
    const late = review([...events, amended('2026-04-20')]);
    const plan = stepOf(reviewDeadlines(late, '2026-05-01', calendar), 'amended-plan');
    assert.deepEqual([plan.status, plan.daysLate], ['missed', 3]);
    assert.equal(
      stepOf(
        reviewDeadlines(review([...events, amended('2026-04-17')]), '2026-05-01', calendar),
        'amended-plan',
      ).status,
      'met',
    );
  });
  test('34. a phase transfer amended on 15 February is late by a day; on 14 February it is on time', () => {
    // reg 18: amended "before 15 February"; the deadline is shown as the law names it.
    const events = [
      invited('2025-11-03', '2025-11-24'),
      held('2025-11-24'),
      decided('amend', '2025-12-01'),
      proposed('2026-01-05'),
      representations('2026-01-16'),
    ];
    const late = stepOf(
      reviewDeadlines(
        review([...events, amended('2026-02-15', secondary)], phaseTransferSubject),
        '2026-03-01',
        calendar,
      ),
      'phase-transfer',
    );
    // Its clock starts with the last year of primary, 1 September 2025.
    assert.deepEqual(
      [late.owner, late.startsOn, late.dueOn, late.deadline, late.doneOn, late.status, late.daysLate],
      ['la', '2025-09-01', '2026-02-14', '2026-02-15', '2026-02-15', 'missed', 1],
    );
    assert.equal(late.rule, 'reg 18(1)(a): the plan amended before 15 February in the year of transfer');
    const onTimeTransfer = stepOf(
      reviewDeadlines(
        review([...events, amended('2026-02-14', secondary)], phaseTransferSubject),
        '2026-03-01',
        calendar,
      ),
      'phase-transfer',
    );
    assert.deepEqual([onTimeTransfer.status, onTimeTransfer.daysLate], ['met', null]);
  });
  test('35. to post-16 the deadline is 31 March, so due by 30 March', () => {
    const s = subject({
      kind: 'phase-transfer',
      phaseTransfer: { to: 'post-16', deadline: '2026-03-31', dueOn: '2026-03-30' },
    });
    const d = stepOf(reviewDeadlines(reviewFacts(s), '2026-03-31', calendar), 'phase-transfer');
    assert.deepEqual([d.dueOn, d.deadline, d.status, d.daysLate], ['2026-03-30', '2026-03-31', 'missed', 1]);
    assert.match(d.rule, /31 March/);
  });
  test('36. a plan last reviewed on 1 March 2026 still owes the amendment for September 2026, already late', () => {
    // 12 months from 1 Mar 2026 end 28 Feb 2027, but the transfer deadline passed on 15 Feb 2026:
    // on 10 Mar it is 14 days to 28 Feb and 10 more, 24 days late, its clock from 1 Sep 2025.
    const s = subject({
      ...phaseTransferSubject,
      startsOn: '2026-03-01',
      dueOn: '2027-02-28',
    });
    const d = stepOf(reviewDeadlines(reviewFacts(s), '2026-03-10', calendar), 'phase-transfer');
    assert.deepEqual([d.startsOn, d.dueOn, d.status, d.daysLate], ['2025-09-01', '2026-02-14', 'missed', 24]);
  });
  test('37. the appeal window after a decision to cease: 10 June 2026 → 1 September 2026', () => {
    // As test 25: 10 Aug falls in August, so the first working day after 31 Aug, Tue 1 Sep.
    const window = (today: string, events = toCease) =>
      stepOf(reviewDeadlines(review(events, ceaseSubject), today, calendar), 'appeal-window');
    assert.deepEqual(pick(window('2026-08-01')), [
      'appeal-window',
      'family',
      '2026-06-10',
      '2026-09-01',
      null,
      'open',
      null,
    ]);
    assert.equal(window('2026-09-01').status, 'open');
    assert.equal(window('2026-09-02').status, 'closed');
    assert.equal(window('2026-09-02', [...toCease, appealLodged('2026-07-20')]).status, 'used');
  });
  test('38. decided 30 October 2026: 2 months end 30 December, in the Christmas closure, so Monday 4 January 2027', () => {
    // 25 Dec–1 Jan runs to the first working day after 1 January: Sat 2, Sun 3, Mon 4 January 2027.
    const events = [
      invited('2026-09-21', '2026-10-05'),
      held('2026-10-05'),
      decided('cease', '2026-10-30', '3'),
    ];
    const d = stepOf(reviewDeadlines(review(events, ceaseSubject), '2026-11-01', calendar), 'appeal-window');
    assert.equal(d.dueOn, '2027-01-04');
  });
});

describe('where a review stands, and when its work ended', () => {
  const at = (events: ReviewEventBody[], s = subject()) => {
    const f = review(events, s);
    return [reviewStageOf(f), reviewClosedOn(f)];
  };
  test('39. before the decision: not started, meeting arranged, meeting held, report received — all open', () => {
    assert.deepEqual(at([]), ['not-started', null]);
    assert.deepEqual(at([invited()]), ['invited', null]);
    assert.deepEqual(at([invited(), advice()]), ['invited', null]);
    assert.deepEqual(at([invited(), held()]), ['meeting-held', null]);
    assert.deepEqual(at([invited(), held(), report()]), ['report-received', null]);
  });
  test('40. maintained: complete on the day of the decision, with or without the report', () => {
    assert.deepEqual(at(onTime), ['complete', '2026-02-16']);
    assert.deepEqual(at([invited(), held(), decided('maintain')]), ['complete', '2026-02-16']);
  });
  test('41. amended: amending until the amended plan is issued, complete that day', () => {
    assert.deepEqual(at(toAmend), ['amending', null]);
    assert.deepEqual(at([...toAmend, proposed()]), ['amending', null]);
    assert.deepEqual(at([...toAmend, proposed(), amended('2026-03-20')]), ['complete', '2026-03-20']);
  });
  test('42. ceasing until the plan ceases; complete if the Tribunal keeps the plan', () => {
    assert.deepEqual(at(toCease, ceaseSubject), ['ceasing', null]);
    assert.deepEqual(at([...toCease, appealLodged('2026-07-20')], ceaseSubject), ['ceasing', null]);
    assert.deepEqual(at([...toCease, planCeased('2026-09-02')], ceaseSubject), ['ceased', '2026-09-02']);
    const appealed = [...toCease, appealLodged('2026-07-20')];
    assert.deepEqual(at([...appealed, appealConcluded('2026-12-01', 'plan-maintained')], ceaseSubject), [
      'complete',
      '2026-12-01',
    ]);
    const upheld = [...appealed, appealConcluded('2026-12-01', 'cease-upheld')];
    assert.deepEqual(at(upheld, ceaseSubject), ['ceasing', null]);
    assert.deepEqual(at([...upheld, planCeased('2026-12-03')], ceaseSubject), ['ceased', '2026-12-03']);
  });
});

describe('nextReviewStep: what the officer or the setting must do next', () => {
  const next = (events: ReviewEventBody[], today: string, s = subject()) =>
    nextReviewStep(reviewDeadlines(review(events, s), today, calendar))?.step;
  test('43. through a review step by step: invite, advice, meeting, report, decision, then nothing', () => {
    assert.equal(next([], '2025-12-01'), 'invite');
    assert.equal(next([invited()], '2026-01-06'), 'advice-circulated');
    assert.equal(next([invited(), advice()], '2026-01-10'), 'meeting');
    assert.equal(next([invited(), advice(), held()], '2026-01-27'), 'report');
    assert.equal(next([invited(), advice(), held(), report()], '2026-02-07'), 'decision');
    assert.equal(next(onTime, '2026-02-17'), undefined);
  });
  test('44. the family’s representations are theirs: the LA’s next step is the amended plan', () => {
    assert.equal(next([...toAmend, proposed()], '2026-02-21'), 'amended-plan');
    assert.equal(next([...toAmend, proposed(), amended('2026-03-20')], '2026-03-21'), undefined);
  });
  test('45. a phase transfer due before the amended plan’s 8 weeks comes first', () => {
    // Proposed 5 Jan 2026: 8 weeks end 2 Mar; the transfer amendment is due by 14 Feb.
    const events = [
      invited('2025-11-03', '2025-11-24'),
      advice('2025-11-05'),
      held('2025-11-24'),
      report('2025-11-28', 'amend'),
      decided('amend', '2025-12-01'),
      proposed('2026-01-05'),
    ];
    assert.equal(next(events, '2026-01-06', phaseTransferSubject), 'phase-transfer');
  });
  test('46. after a decision to cease the appeal is the family’s: nothing is next for the LA', () => {
    assert.equal(next(toCease, '2026-06-11', ceaseSubject), undefined);
  });
  test('47. advice not recorded before the meeting is missed for good, not next once the meeting is held', () => {
    // Advice can no longer be recorded once the meeting is held (test 12), so it is not offered.
    assert.equal(next([invited(), held()], '2026-01-27'), 'report');
    assert.equal(next([invited(), held(), report(), decided('maintain')], '2026-02-17'), undefined);
  });
  test('48. a phase transfer review that decides to cease has no amendment to make next', () => {
    const events = [
      invited('2025-11-03', '2025-11-24'),
      advice('2025-11-05'),
      held('2025-11-24'),
      report('2025-11-28', 'cease'),
      decided('cease', '2025-12-01', '6'),
    ];
    assert.equal(next(events, '2025-12-02', phaseTransferSubject), undefined);
  });
});
