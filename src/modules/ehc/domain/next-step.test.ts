import assert from 'node:assert/strict';
import { test } from 'node:test';
import { englandAndWalesCalendar as calendar } from '../../../platform/kernel/bank-holidays.ts';
import { deadlines, type RequestFacts, requestFacts } from './deadlines.ts';
import { nextStep } from './next-step.ts';

// Received Mon 5 Jan 2026: decide by 16 Feb, not-to-issue by 27 Apr, final plan by 25 May.
const at = (over: Partial<RequestFacts>, today: string) => {
  const f = { ...requestFacts('new', '2026-01-05'), ...over };
  const n = nextStep(f, deadlines(f, { today, calendar, closures: [] }), today);
  return n && { type: n.type, due: n.deadline?.dueOn ?? null, late: n.deadline?.daysLate ?? null, n };
};
const assess = { assessDecision: { on: '2026-02-10', outcome: 'assess' as const } };
const advice = (receivedOn: string | null) => ({
  id: 'ep',
  fromSchool: false,
  fromEarlyYears: false,
  sentOn: '2026-02-12',
  receivedOn,
});

test('a new request: decide whether to assess, by 16 Feb; on 20 Feb it is 4 days late', () => {
  assert.deepEqual(
    [at({}, '2026-02-01')?.type, at({}, '2026-02-01')?.due],
    ['assessment-decided', '2026-02-16'],
  );
  assert.equal(at({}, '2026-02-20')?.late, 4);
});

test('after a decision to assess: ask for advice, then chase what is outstanding, then decide', () => {
  assert.equal(at(assess, '2026-02-11')?.type, 'advice-requested');
  // Advice asked 12 Feb is due 6 weeks later, 26 Mar; on 30 Mar it is 4 days late.
  const chase = at({ ...assess, advice: [advice(null)] }, '2026-03-30');
  assert.deepEqual(
    [chase?.type, chase?.due, chase?.late, chase?.n.waitingOn, chase?.n.subjectId],
    ['advice-received', '2026-03-26', 4, 'adviser', 'ep'],
  );
  const decide = at({ ...assess, advice: [advice('2026-03-20')] }, '2026-03-30');
  assert.deepEqual([decide?.type, decide?.due], ['issue-decided', '2026-04-27']);
});

test('after a decision to issue: serve the draft, wait 15 days for comments, consult, issue', () => {
  const issued = {
    ...assess,
    advice: [advice('2026-03-20')],
    issueDecision: { on: '2026-04-01', outcome: 'issue' as const },
  };
  assert.deepEqual(
    [at(issued, '2026-04-02')?.type, at(issued, '2026-04-02')?.due],
    ['draft-served', '2026-05-25'],
  );
  // Served Thu 2 Apr: the family may comment until Thu 16 Apr.
  const served = { ...issued, draftServedOn: '2026-04-02' };
  const waiting = at(served, '2026-04-10');
  assert.deepEqual(
    [waiting?.type, waiting?.n.until, waiting?.n.waitingOn],
    ['comments-received', '2026-04-16', 'family'],
  );
  assert.equal(at(served, '2026-04-17')?.type, 'setting-consulted');
  // Consulted 17 Apr: the setting should answer within 15 days, by 2 May.
  const consulted = { ...served, consultations: [{ id: 'c1', sentOn: '2026-04-17', respondedOn: null }] };
  assert.deepEqual(
    [at(consulted, '2026-04-20')?.type, at(consulted, '2026-04-20')?.due],
    ['consultation-answered', '2026-05-02'],
  );
  const answered = {
    ...served,
    consultations: [{ id: 'c1', sentOn: '2026-04-17', respondedOn: '2026-04-24' }],
  };
  assert.deepEqual(
    [at(answered, '2026-04-27')?.type, at(answered, '2026-04-27')?.due],
    ['final-issued', '2026-05-25'],
  );
});

test('a closed request has no next step; a transfer in waits on the old LA, then tells the family', () => {
  assert.equal(at({ assessDecision: { on: '2026-02-10', outcome: 'refuse' } }, '2026-03-01'), null);
  const transfer = {
    kind: 'transfer-in' as const,
    transfer: { previousLaCode: '935', oldLaAwareOn: '2026-01-05', movedOn: '2026-01-12' },
  };
  const wait = at(transfer, '2026-01-10');
  assert.deepEqual(
    [wait?.type, wait?.due, wait?.n.waitingOn],
    ['plan-transferred', '2026-01-23', 'previous-la'],
  );
  // Transferred Tue 20 Jan: tell the family within 6 weeks, by 3 Mar.
  const tell = at({ ...transfer, transferredOn: '2026-01-20' }, '2026-01-21');
  assert.deepEqual([tell?.type, tell?.due], ['family-told-of-transfer', '2026-03-03']);
});
