import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { englandAndWalesCalendar as calendar } from '../../../platform/kernel/bank-holidays.ts';
import {
  type AppealableDecisionFacts,
  appealDeadline,
  type Deadline,
  deadlines,
  type ExceptionFacts,
  exceptionsOffered,
  nextDue,
  type RequestFacts,
  requestFacts,
  type Step,
  week20Exception,
} from './deadlines.ts';
import { type Closure, closuresBetween } from './term-dates.ts';

// Every date below was worked by hand from the calendar; the working is in the comment.

const request = (over: Partial<RequestFacts> = {}): RequestFacts => ({
  ...requestFacts('new', '2026-01-05'),
  ...over,
});

const run = (facts: RequestFacts, today = '2030-01-01', closures: Closure[] = []) =>
  deadlines(facts, { today, calendar, closures });
const step = (list: Deadline[], s: Step, subjectId: string | null = null) => {
  const d = list.find((x) => x.step === s && (subjectId === null || x.subjectId === subjectId));
  assert.ok(d, `no ${s} deadline`);
  return d;
};
const due = (facts: RequestFacts, s: Step) => step(run(facts), s).dueOn;
const appeal = (noticeSentOn: string, mediationCertificateOn: string | null = null) =>
  appealDeadline(
    { id: 'd', kind: 'final-plan', noticeSentOn, mediationCertificateOn, appealLodgedOn: null },
    calendar,
  );

describe('new requests: 6, 16 and 20 weeks from day 0 in calendar days', () => {
  test('1. received Mon 5 Jan 2026: decide by 16 Feb (Jan 5 + 26 = 31 Jan, + 16)', () => {
    assert.equal(due(request(), 'decide-whether-to-assess'), '2026-02-16');
  });
  test('2. final plan by 25 May 2026 (a bank holiday: calendar weeks do not move for it)', () => {
    assert.equal(due(request(), 'final-plan'), '2026-05-25');
  });
  test('3. decision not to issue by 27 April 2026 (30 Apr is day 115)', () => {
    assert.equal(due(request(), 'decide-not-to-issue'), '2026-04-27');
  });
  test('4. across the year end: 20 Nov 2025 → decide by 1 Jan 2026, final by 9 Apr 2026', () => {
    const r = request({ receivedOn: '2025-11-20' });
    assert.equal(due(r, 'decide-whether-to-assess'), '2026-01-01');
    assert.equal(due(r, 'final-plan'), '2026-04-09');
  });
  test('5. through a leap February: 1 Dec 2023 → 19 Apr 2024; 1 Dec 2022 → 20 Apr 2023', () => {
    assert.equal(due(request({ receivedOn: '2023-12-01' }), 'final-plan'), '2024-04-19');
    assert.equal(due(request({ receivedOn: '2022-12-01' }), 'final-plan'), '2023-04-20');
  });
  test('6. received on 29 Feb 2024: decide by 11 Apr, final by 18 Jul 2024', () => {
    const r = request({ receivedOn: '2024-02-29' });
    assert.equal(due(r, 'decide-whether-to-assess'), '2024-04-11');
    assert.equal(due(r, 'final-plan'), '2024-07-18');
  });
  test('7. received the day before the clocks change (28 Mar 2026): decide by 9 May', () => {
    assert.equal(due(request({ receivedOn: '2026-03-28' }), 'decide-whether-to-assess'), '2026-05-09');
  });
  test('8. received 31 Dec 2026: final by 20 May 2027', () => {
    assert.equal(due(request({ receivedOn: '2026-12-31' }), 'final-plan'), '2027-05-20');
  });
});

describe('met, missed and still due', () => {
  test('9. a decision on the due date is met; a day later is missed by 1 day', () => {
    const met = step(
      run(request({ assessDecision: { on: '2026-02-16', outcome: 'assess' } })),
      'decide-whether-to-assess',
    );
    assert.deepEqual([met.status, met.daysLate, met.doneOn], ['met', null, '2026-02-16']);
    const late = step(
      run(request({ assessDecision: { on: '2026-02-17', outcome: 'assess' } })),
      'decide-whether-to-assess',
    );
    assert.deepEqual([late.status, late.daysLate], ['missed', 1]);
  });
  test('10. outstanding on its due date is due; the day after it is missed, and counts up', () => {
    assert.equal(step(run(request(), '2026-02-16'), 'decide-whether-to-assess').status, 'due');
    const over = step(run(request(), '2026-02-20'), 'decide-whether-to-assess');
    assert.deepEqual([over.status, over.daysLate, over.doneOn], ['missed', 4, null]);
  });
  test('11. final plan on day 140 is met; on day 141 missed by 1', () => {
    assert.equal(step(run(request({ finalIssuedOn: '2026-05-25' })), 'final-plan').status, 'met');
    const late = step(run(request({ finalIssuedOn: '2026-05-26' })), 'final-plan');
    assert.deepEqual([late.status, late.daysLate], ['missed', 1]);
  });
  test('12. a refusal to assess ends the clock: no 16- or 20-week deadlines, an appeal window instead', () => {
    const list = run(
      request({
        assessDecision: { on: '2026-02-10', outcome: 'refuse' },
        appealable: [
          {
            id: 'r',
            kind: 'refuse-to-assess',
            noticeSentOn: '2026-02-10',
            mediationCertificateOn: null,
            appealLodgedOn: null,
          },
        ],
      }),
    );
    assert.deepEqual(
      list.map((d) => d.step),
      ['decide-whether-to-assess', 'appeal-window'],
    );
    assert.equal(step(list, 'appeal-window').dueOn, '2026-04-10');
  });
  test('13. deciding to issue removes the 16-week "not to issue" deadline', () => {
    const list = run(
      request({
        assessDecision: { on: '2026-02-01', outcome: 'assess' },
        issueDecision: { on: '2026-04-01', outcome: 'issue' },
      }),
    );
    assert.ok(!list.some((d) => d.step === 'decide-not-to-issue'));
    assert.ok(list.some((d) => d.step === 'final-plan'));
  });
  test('14. a decision not to issue on day 113 (28 Apr) is missed by 1, and there is no final plan deadline', () => {
    const list = run(
      request({
        assessDecision: { on: '2026-02-01', outcome: 'assess' },
        issueDecision: { on: '2026-04-28', outcome: 'not-issue' },
      }),
    );
    const d = step(list, 'decide-not-to-issue');
    assert.deepEqual([d.status, d.daysLate], ['missed', 1]);
    assert.ok(!list.some((x) => x.step === 'final-plan'));
  });
});

describe('advice, draft comments and consultations', () => {
  const advice = (sentOn: string, receivedOn: string | null, fromSchool = false) => ({
    id: `adv-${sentOn}`,
    fromSchool,
    fromEarlyYears: false,
    sentOn,
    receivedOn,
  });
  test('15. advice asked 20 Feb 2026 is due 3 Apr 2026 (Good Friday; it does not move)', () => {
    assert.equal(due(request({ advice: [advice('2026-02-20', null)] }), 'advice'), '2026-04-03');
  });
  test('16. advice back after its due date is the adviser’s miss', () => {
    const d = step(run(request({ advice: [advice('2026-02-20', '2026-04-08')] })), 'advice');
    assert.deepEqual([d.owner, d.status, d.daysLate], ['adviser', 'missed', 5]);
  });
  test('17. draft served 1 Apr 2026: 15 days beginning that day, so comments by 15 Apr', () => {
    const r = request({ draftServedOn: '2026-04-01' });
    assert.equal(due(r, 'draft-comments'), '2026-04-15');
    assert.equal(step(run(r, '2026-04-15'), 'draft-comments').status, 'open');
    assert.equal(step(run(r, '2026-04-16'), 'draft-comments').status, 'closed');
    assert.equal(
      step(run({ ...r, commentsReceivedOn: '2026-04-10' }, '2026-04-16'), 'draft-comments').status,
      'used',
    );
  });
  test('18. a setting consulted on 2 Apr 2026 should answer by 17 Apr; 20 Apr is 3 days late, and no exception excuses it', () => {
    const r = request({
      consultations: [{ id: 'c1', sentOn: '2026-04-02', respondedOn: '2026-04-20' }],
      exceptions: [{ reason: 'c', from: '2026-04-01', to: '2026-04-30', evidence: 'Hospital stay' }],
    });
    const d = step(run(r), 'consultation', 'c1');
    assert.deepEqual([d.dueOn, d.status, d.daysLate, d.owner], ['2026-04-17', 'missed', 3, 'setting']);
  });
});

describe('re-assessment and transfer in', () => {
  test('19. re-assessment notified 5 Jan 2026: final plan within 14 weeks, 13 Apr; no 6-week decision', () => {
    const list = run(request({ kind: 'reassessment' }));
    assert.equal(step(list, 'final-plan').dueOn, '2026-04-13');
    assert.ok(!list.some((d) => d.step === 'decide-whether-to-assess'));
  });
  const transfer = (oldLaAwareOn: string, movedOn: string, over: Partial<RequestFacts> = {}) =>
    request({
      kind: 'transfer-in',
      receivedOn: oldLaAwareOn,
      transfer: { previousLaCode: '935', oldLaAwareOn, movedOn },
      ...over,
    });
  test('20. reg 15(2)(b): old LA aware Mon 5 Jan 2026, move Mon 12 Jan: 5–9, 12–16, 19–23 Jan → Fri 23 Jan', () => {
    const d = step(run(transfer('2026-01-05', '2026-01-12')), 'plan-transferred');
    assert.deepEqual([d.startsOn, d.dueOn, d.owner], ['2026-01-05', '2026-01-23', 'previous-la']);
    assert.match(d.rule, /15\(2\)\(b\)/);
  });
  test('21. reg 15(2)(a): aware 5 Jan, move Mon 26 Jan, 15 working days later (5–23 Jan): due on the day of the move', () => {
    const d = step(run(transfer('2026-01-05', '2026-01-26')), 'plan-transferred');
    assert.equal(d.dueOn, '2026-01-26');
    assert.match(d.rule, /15\(2\)\(a\)/);
  });
  test('22. aware Mon 5 Jan, move Fri 23 Jan: only 14 working days ahead (5–9, 12–16, 19–22), so (b): 23 Jan', () => {
    assert.equal(step(run(transfer('2026-01-05', '2026-01-23')), 'plan-transferred').dueOn, '2026-01-23');
    // Aware Fri 2 Jan (1 Jan a bank holiday): 2, 5–9, 12–16, 19–22 Jan is 15 working days ahead, so (a).
    const a = step(run(transfer('2026-01-02', '2026-01-23')), 'plan-transferred');
    assert.match(a.rule, /15\(2\)\(a\)/);
  });
  test('23. across Christmas: aware Mon 14 Dec 2026 → 14–18, 21–24, 29–31 Dec, 4–6 Jan → Wed 6 Jan 2027', () => {
    // 25 and 28 Dec (Boxing Day substitute) and 1 Jan are bank holidays.
    assert.equal(step(run(transfer('2026-12-14', '2027-01-04')), 'plan-transferred').dueOn, '2027-01-06');
  });
  test('24. aware on Sat 23 May 2026: the period begins on Tue 26 May (25 May a bank holiday) → Mon 15 Jun', () => {
    // Moving Mon 1 Jun, only 5 working days on (26–29 May), so (b): 26–29 May (4), 1–5 Jun (9),
    // 8–12 Jun (14), 15 Jun (15).
    assert.equal(step(run(transfer('2026-05-23', '2026-06-01')), 'plan-transferred').dueOn, '2026-06-15');
  });
  test('25. transferred 16 Jun, a day after 15 Jun, is the previous LA’s miss', () => {
    const d = step(
      run(transfer('2026-05-23', '2026-06-01', { transferredOn: '2026-06-16' })),
      'plan-transferred',
    );
    assert.deepEqual([d.owner, d.status, d.daysLate], ['previous-la', 'missed', 1]);
  });
  test('26. transferred Wed 6 Jan 2027: family told within 6 weeks, by Wed 17 Feb 2027; no 20-week deadline', () => {
    const list = run(transfer('2026-12-14', '2027-01-04', { transferredOn: '2027-01-06' }));
    assert.equal(step(list, 'plan-transferred').status, 'met');
    assert.equal(step(list, 'family-told-of-transfer').dueOn, '2027-02-17');
    assert.ok(!list.some((d) => d.step === 'final-plan'));
  });
});

describe('appeal windows (HESC r20, r12(2), r12(3)): 2 months, or 1 month after mediation if later', () => {
  test('27. notice 15 Jan 2026 → Sun 15 Mar, not a working day (r12(2)) → Mon 16 Mar 2026', () => {
    assert.equal(appeal('2026-01-15'), '2026-03-16');
  });
  test('28. notice 31 Dec 2025 → 28 Feb 2026 (no 31 February), a Saturday → Mon 2 Mar 2026', () => {
    assert.equal(appeal('2025-12-31'), '2026-03-02');
  });
  test('29. notice 24 Oct 2022 → Sat 24 Dec, before the Christmas rule; Sun 25, Mon 26 and Tue 27 Dec (substitute) off → Wed 28 Dec 2022', () => {
    assert.equal(appeal('2022-10-24'), '2022-12-28');
  });
  test('30. notice 31 Dec 2023 → Thu 29 Feb 2024 (leap year), a working day', () => {
    assert.equal(appeal('2023-12-31'), '2024-02-29');
  });
  test('31. notice 10 Jun 2026 → 10 Aug, in August (r12(3)) → first working day after 31 Aug: Tue 1 Sep 2026', () => {
    assert.equal(appeal('2026-06-10'), '2026-09-01');
  });
  test('32. notice 1 Jul 2026 → Tue 1 Sep 2026, already September', () => {
    assert.equal(appeal('2026-07-01'), '2026-09-01');
  });
  test('33. notice 26 Oct 2026 → 26 Dec → first working day after 1 Jan (Sat 2, Sun 3): Mon 4 Jan 2027', () => {
    assert.equal(appeal('2026-10-26'), '2027-01-04');
  });
  test('34. notice 24 Oct 2026 → Thu 24 Dec 2026, a working day before the Christmas rule', () => {
    assert.equal(appeal('2026-10-24'), '2026-12-24');
  });
  test('35. notice 1 Nov 2026 → 1 Jan 2027 (r12(3)) → Mon 4 Jan; notice 2 Nov → Sat 2 Jan (r12(2)) → Mon 4 Jan', () => {
    assert.equal(appeal('2026-11-01'), '2027-01-04');
    assert.equal(appeal('2026-11-02'), '2027-01-04');
  });
  test('36. notice 3 Feb 2026 → Good Friday 3 Apr; Easter Monday 6 Apr too → Tue 7 Apr 2026', () => {
    assert.equal(appeal('2026-02-03'), '2026-04-07');
  });
  test('37. mediation certificate after the 2-month point: notice 15 Jan, certificate 20 Mar → Mon 20 Apr 2026', () => {
    assert.equal(appeal('2026-01-15', '2026-03-20'), '2026-04-20');
  });
  test('38. an early certificate does not shorten the 2 months: certificate 1 Feb → still Mon 16 Mar', () => {
    assert.equal(appeal('2026-01-15', '2026-02-01'), '2026-03-16');
  });
  test('39. a certificate on 20 Jul 2026 gives 20 Aug → Tue 1 Sep 2026', () => {
    assert.equal(appeal('2026-05-01', '2026-07-20'), '2026-09-01');
  });
  test('40. the window’s status uses the rolled date: open on Mon 16 Mar, closed on 17 Mar; lodged late shows the days', () => {
    const d = (appealLodgedOn: string | null): AppealableDecisionFacts => ({
      id: 'f',
      kind: 'final-plan',
      noticeSentOn: '2026-01-15',
      mediationCertificateOn: null,
      appealLodgedOn,
    });
    assert.equal(step(run(request({ appealable: [d('2026-03-01')] })), 'appeal-window').status, 'used');
    assert.equal(step(run(request({ appealable: [d(null)] }), '2026-03-16'), 'appeal-window').status, 'open');
    assert.equal(
      step(run(request({ appealable: [d(null)] }), '2026-03-17'), 'appeal-window').status,
      'closed',
    );
    // Lodged Thu 19 Mar: 3 days after Mon 16 Mar.
    const late = step(run(request({ appealable: [d('2026-03-19')] })), 'appeal-window');
    assert.deepEqual([late.dueOn, late.status, late.daysLate], ['2026-03-16', 'used', 3]);
  });
});

describe('reg 10(4) exceptions', () => {
  const late = { finalIssuedOn: '2026-06-01' }; // due 25 May: 7 days late
  const exception = (over: Partial<ExceptionFacts>): ExceptionFacts => ({
    reason: 'c',
    from: '2026-03-01',
    to: '2026-03-20',
    evidence: 'Letter from the family’s GP',
    ...over,
  });
  test('41. (c) personal circumstances within the 20 weeks excuse a late final plan', () => {
    const d = step(run(request({ ...late, exceptions: [exception({})] })), 'final-plan');
    assert.deepEqual([d.status, d.daysLate, d.exception?.reason], ['excepted', 7, 'c']);
  });
  test('42. (c) outside the 20 weeks, or without evidence, excuses nothing', () => {
    assert.equal(
      step(
        run(request({ ...late, exceptions: [exception({ from: '2026-06-10', to: '2026-06-20' })] })),
        'final-plan',
      ).status,
      'missed',
    );
    assert.equal(
      step(run(request({ ...late, exceptions: [exception({ evidence: ' ' })] })), 'final-plan').status,
      'missed',
    );
  });
  test('43. (d) absence needs 4 continuous weeks: 20 days does not count, 28 days does', () => {
    assert.equal(
      step(
        run(
          request({
            ...late,
            exceptions: [exception({ reason: 'd', from: '2026-03-01', to: '2026-03-20' })],
          }),
        ),
        'final-plan',
      ).status,
      'missed',
    );
    assert.equal(
      step(
        run(
          request({
            ...late,
            exceptions: [exception({ reason: 'd', from: '2026-03-01', to: '2026-03-28' })],
          }),
        ),
        'final-plan',
      ).status,
      'excepted',
    );
  });
  test('44. an exception never changes a deadline that was met', () => {
    const d = step(run(request({ finalIssuedOn: '2026-05-20', exceptions: [exception({})] })), 'final-plan');
    assert.deepEqual([d.status, d.exception], ['met', null]);
  });

  // Summer term ends Wed 22 Jul 2026, autumn starts Thu 3 Sep: closed 23 Jul – 2 Sep (42 days).
  // The window runs from 16 Jul (a week before the first closed day) to 27 Aug (a week before it
  // reopens on 3 Sep), both included.
  const terms = [
    { startsOn: '2026-04-13', endsOn: '2026-07-22' },
    { startsOn: '2026-09-03', endsOn: '2026-12-18' },
    { startsOn: '2027-01-05', endsOn: '2027-03-31' },
  ];
  const closures = closuresBetween(terms);
  // Received 11 May 2026: final due 28 Sep 2026 (31 May is day 20, 31 Aug day 112); issued 5 Oct, 7 days late.
  const summer = (sentOn: string, fromSchool = true) =>
    request({
      receivedOn: '2026-05-11',
      advice: [{ id: 'school', fromSchool, fromEarlyYears: false, sentOn, receivedOn: '2026-09-20' }],
      finalIssuedOn: '2026-10-05',
      exceptions: [
        exception({
          reason: 'a',
          from: '2026-07-23',
          to: '2026-09-02',
          evidence: 'School closed for the summer',
        }),
      ],
    });
  test('45. term dates give the summer closure of 42 days and the Christmas one of 17', () => {
    assert.deepEqual(closures, [
      { from: '2026-07-23', to: '2026-09-02' },
      { from: '2026-12-19', to: '2027-01-04' },
    ]);
  });
  test('46. (a) school advice asked 20 Jul 2026, inside the summer window: the late final plan is excepted', () => {
    const d = step(run(summer('2026-07-20'), '2030-01-01', closures), 'final-plan');
    assert.equal(d.dueOn, '2026-09-28');
    assert.deepEqual([d.status, d.exception?.reason], ['excepted', 'a']);
  });
  test('47. (a) the window’s edges: 15 Jul is before it, 16 Jul its first day, 27 Aug its last, 28 Aug after it', () => {
    assert.equal(step(run(summer('2026-07-15'), '2030-01-01', closures), 'final-plan').status, 'missed');
    assert.equal(step(run(summer('2026-07-16'), '2030-01-01', closures), 'final-plan').status, 'excepted');
    assert.equal(step(run(summer('2026-08-27'), '2030-01-01', closures), 'final-plan').status, 'excepted');
    assert.equal(step(run(summer('2026-08-28'), '2030-01-01', closures), 'final-plan').status, 'missed');
  });
  test('48. (a) needs the advice to be asked of a school, and a closure of 4 weeks: Christmas does not count', () => {
    assert.equal(
      step(run(summer('2026-07-20', false), '2030-01-01', closures), 'final-plan').status,
      'missed',
    );
    const winter = request({
      receivedOn: '2026-10-01',
      advice: [{ id: 's', fromSchool: true, fromEarlyYears: false, sentOn: '2026-12-20', receivedOn: null }],
      finalIssuedOn: '2027-02-25',
      exceptions: [exception({ reason: 'a', from: '2026-12-19', to: '2027-01-04' })],
    });
    assert.equal(step(run(winter, '2030-01-01', closures), 'final-plan').status, 'missed');
  });
  test('49. (a) is offered only when school advice falls in a qualifying window', () => {
    assert.ok(exceptionsOffered(summer('2026-07-20'), closures).some((o) => o.reason === 'a'));
    assert.ok(!exceptionsOffered(summer('2026-06-20'), closures).some((o) => o.reason === 'a'));
  });
  test('50. (b) an early years provider closed 4 weeks, advice asked in its window', () => {
    const r = request({
      receivedOn: '2026-05-11',
      advice: [{ id: 'ey', fromSchool: false, fromEarlyYears: true, sentOn: '2026-07-28', receivedOn: null }],
      finalIssuedOn: '2026-10-05',
      exceptions: [
        exception({
          reason: 'b',
          from: '2026-08-01',
          to: '2026-08-31',
          evidence: 'Nursery closed in August',
        }),
      ],
    });
    assert.equal(step(run(r), 'final-plan').status, 'excepted');
    assert.equal(
      step(
        run({ ...r, exceptions: [exception({ reason: 'b', from: '2026-08-01', to: '2026-08-20' })] }),
        'final-plan',
      ).status,
      'missed',
    );
  });
  test('51. advice lateness is excused by (c) or (d), not by (a)', () => {
    const r = (reason: 'a' | 'c') =>
      request({
        advice: [
          {
            id: 'x',
            fromSchool: true,
            fromEarlyYears: false,
            sentOn: '2026-02-20',
            receivedOn: '2026-04-08',
          },
        ],
        exceptions: [exception({ reason, from: '2026-03-01', to: '2026-03-10' })],
      });
    assert.equal(step(run(r('c')), 'advice').status, 'excepted');
    assert.equal(step(run(r('a')), 'advice').status, 'missed');
  });
});

test('52. the next thing due is the earliest outstanding obligation, not a family window', () => {
  const list = run(
    request({
      assessDecision: { on: '2026-02-10', outcome: 'assess' },
      advice: [
        { id: 'ep', fromSchool: false, fromEarlyYears: false, sentOn: '2026-02-12', receivedOn: null },
      ],
      draftServedOn: '2026-03-01',
    }),
    '2026-03-02',
  );
  assert.deepEqual([nextDue(list)?.step, nextDue(list)?.dueOn], ['advice', '2026-03-26']);
});

describe('SEN2 Week20: an exception applies to the plan whether or not it was on time', () => {
  // Received Mon 5 Jan 2026: the 20 weeks end on 25 May 2026.
  const c = (from: string, to: string): ExceptionFacts => ({
    reason: 'c',
    from,
    to,
    evidence: 'Family bereavement',
  });
  test('54. issued on time (4 May) with a bereavement in March: flagged, though the plan was not late', () => {
    const r = request({ finalIssuedOn: '2026-05-04', exceptions: [c('2026-03-02', '2026-03-20')] });
    assert.equal(week20Exception(r, [])?.reason, 'c');
    assert.equal(step(run(r), 'final-plan').status, 'met');
  });
  test('55. issued late (1 Jun) with the same exception: flagged, and the lateness excused', () => {
    const r = request({ finalIssuedOn: '2026-06-01', exceptions: [c('2026-03-02', '2026-03-20')] });
    assert.equal(week20Exception(r, [])?.reason, 'c');
    assert.equal(step(run(r), 'final-plan').status, 'excepted');
  });
  test('56. on time or late without an exception: not flagged', () => {
    assert.equal(week20Exception(request({ finalIssuedOn: '2026-05-04' }), []), null);
    assert.equal(week20Exception(request({ finalIssuedOn: '2026-06-01' }), []), null);
  });
  test('57. an exception that began after an on-time plan was issued (4 May) does not apply to it', () => {
    const r = request({ finalIssuedOn: '2026-05-04', exceptions: [c('2026-05-11', '2026-05-20')] });
    assert.equal(week20Exception(r, []), null);
  });
  test('58. an exception with no evidence never applies', () => {
    const r = request({
      finalIssuedOn: '2026-05-04',
      exceptions: [{ ...c('2026-03-02', '2026-03-20'), evidence: ' ' }],
    });
    assert.equal(week20Exception(r, []), null);
  });
});

test('59. a time ending Saturday 30 July 2022 runs to Monday 1 August (r12(2)); r12(3) is for times that end in August', () => {
  // Notice Mon 30 May 2022 + 2 months = Sat 30 Jul 2022; Sun 31 Jul; Mon 1 Aug is a working day.
  assert.equal(appeal('2022-05-30'), '2022-08-01');
});
