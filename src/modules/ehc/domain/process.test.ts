import assert from 'node:assert/strict';
import { test } from 'node:test';
import { englandAndWalesCalendar as calendar } from '../../../platform/kernel/bank-holidays.ts';
import { deadlines } from './deadlines.ts';
import { check, type EventBody, type RecordedEvent, replay } from './process.ts';

const today = '2026-11-24';
let n = 0;
const ev = (body: EventBody, corrects: string | null = null): RecordedEvent => ({
  id: `e${++n}`,
  corrects,
  body,
});
const received = ev({
  type: 'request-received',
  on: '2026-01-05',
  kind: 'new',
  source: 'parent',
  requestedBy: 'Mother',
  consent: true,
});
const assess = ev({ type: 'assessment-decided', on: '2026-02-10', outcome: 'assess', reasons: '' });
const advice = ev({
  type: 'advice-requested',
  on: '2026-02-12',
  adviceId: 'ep',
  kind: 'psychological',
  adviser: 'EP service',
  fromSchool: false,
  fromEarlyYears: false,
});
const issue = ev({ type: 'issue-decided', on: '2026-04-01', outcome: 'issue', reasons: '' });
const draft = ev({ type: 'draft-served', on: '2026-04-02' });
const placement = {
  establishmentId: null,
  settingName: 'Sheringham Woodfields School',
  provision: 'special' as const,
};

const refusal = (history: RecordedEvent[], body: EventBody, corrects: string | null = null) =>
  check(history, ev(body, corrects), today);

test('a whole process in order is accepted and gives the engine its facts', () => {
  const history: RecordedEvent[] = [];
  for (const e of [
    received,
    assess,
    advice,
    ev({ type: 'advice-received', on: '2026-03-20', adviceId: 'ep' }),
    issue,
    draft,
    ev({ type: 'comments-received', on: '2026-04-10', preferredSetting: 'Sheringham Woodfields School' }),
    ev({
      type: 'setting-consulted',
      on: '2026-04-11',
      consultationId: 'c1',
      settingName: 'Sheringham Woodfields School',
    }),
    ev({ type: 'consultation-answered', on: '2026-04-20', consultationId: 'c1', outcome: 'can-meet-needs' }),
    ev({ type: 'final-issued', on: '2026-05-20', placement }),
  ]) {
    assert.equal(check(history, e, today), undefined, e.body.type);
    history.push(e);
  }
  const state = replay(history);
  assert.equal(state.placement?.settingName, 'Sheringham Woodfields School');
  assert.ok(state.facts);
  const final = deadlines(state.facts, { today, calendar, closures: [] }).find(
    (d) => d.step === 'final-plan',
  );
  assert.deepEqual([final?.status, final?.doneOn], ['met', '2026-05-20']);
});

test('a decision without a request is refused', () => {
  assert.match(
    refusal([], { type: 'assessment-decided', on: '2026-02-10', outcome: 'assess', reasons: '' })?.message ??
      '',
    /Record the request first/,
  );
});

test('dates in the future, or before the step they follow, are refused and named', () => {
  assert.deepEqual(
    refusal([received], { type: 'assessment-decided', on: '2026-11-25', outcome: 'assess', reasons: '' }),
    {
      field: 'on',
      message: 'The date cannot be in the future',
    },
  );
  assert.deepEqual(
    refusal([received], { type: 'assessment-decided', on: '2026-01-04', outcome: 'assess', reasons: '' }),
    {
      field: 'on',
      message: 'The date must be on or after the request was received (2026-01-05)',
    },
  );
  assert.equal(
    refusal([received, assess], {
      type: 'advice-requested',
      on: '2026-02-09',
      adviceId: 'x',
      kind: 'health',
      adviser: 'NHS',
      fromSchool: false,
      fromEarlyYears: false,
    })?.field,
    'on',
  );
});

test('a draft served before a decision to issue is refused', () => {
  assert.match(
    refusal([received, assess], { type: 'draft-served', on: '2026-04-02' })?.message ?? '',
    /only after a decision to issue/,
  );
});

test('a final plan without a named placement is refused', () => {
  assert.deepEqual(
    refusal([received, assess, issue, draft], { type: 'final-issued', on: '2026-05-01', placement: null }),
    {
      field: 'placement',
      message: 'A final plan must name the placement: the setting, or the type of setting',
    },
  );
});

test('the placement a final plan names starts on the day it names, not before the plan nor more than a year after', () => {
  const final = (startOn: string) =>
    refusal([received, assess, issue, draft], {
      type: 'final-issued',
      on: '2026-05-01',
      placement: { ...placement, startOn },
    });
  // Issued 1 May 2026 for a September start: allowed; so is the issue day itself.
  assert.equal(final('2026-09-01'), undefined);
  assert.equal(final('2026-05-01'), undefined);
  assert.deepEqual(final('2026-04-30'), {
    field: 'placement.startOn',
    message:
      'The placement cannot start before the plan is issued (2026-05-01): leave the start out to start it that day',
  });
  // 1 May 2026 + 365 days = 1 May 2027, the last day allowed; 2 May 2027 is a mistyped year.
  assert.equal(final('2027-05-01'), undefined);
  assert.equal(final('2027-05-02')?.field, 'placement.startOn');
});

test('a final plan inside the 15-day comment period is refused unless the comments are in', () => {
  assert.match(
    refusal([received, assess, issue, draft], { type: 'final-issued', on: '2026-04-16', placement })
      ?.message ?? '',
    /until 2026-04-16/,
  );
  assert.equal(
    refusal([received, assess, issue, draft], { type: 'final-issued', on: '2026-04-17', placement }),
    undefined,
  );
});

test('an exception without evidence, or (d) shorter than 4 weeks, is refused', () => {
  assert.equal(
    refusal([received], {
      type: 'exception-recorded',
      exception: { reason: 'c', from: '2026-02-01', to: '2026-02-10', evidence: '  ' },
    })?.field,
    'evidence',
  );
  assert.equal(
    refusal([received], {
      type: 'exception-recorded',
      exception: { reason: 'd', from: '2026-02-01', to: '2026-02-27', evidence: 'Abroad' },
    })?.field,
    'to',
  );
  assert.equal(
    refusal([received], {
      type: 'exception-recorded',
      exception: { reason: 'd', from: '2026-02-01', to: '2026-02-28', evidence: 'Abroad' },
    }),
    undefined,
  );
});

test('refusals need reasons; a refusal opens an appeal window that mediation and an appeal can follow', () => {
  assert.equal(
    refusal([received], { type: 'assessment-decided', on: '2026-02-10', outcome: 'refuse', reasons: '' })
      ?.field,
    'reasons',
  );
  const refused = ev({
    type: 'assessment-decided',
    on: '2026-02-10',
    outcome: 'refuse',
    reasons: 'Needs met at SEN Support',
  });
  assert.equal(
    refusal([received, refused], {
      type: 'mediation-certificate',
      on: '2026-03-20',
      decision: 'refuse-to-assess',
    }),
    undefined,
  );
  assert.equal(
    refusal([received, refused], { type: 'appeal-lodged', on: '2026-03-20', decision: 'final-plan' })?.field,
    'decision',
  );
});

test('a correction replaces the event in place; later steps must still follow it', () => {
  const history = [received, assess, advice];
  assert.equal(
    refusal(
      history,
      { type: 'assessment-decided', on: '2026-02-11', outcome: 'assess', reasons: '' },
      assess.id,
    ),
    undefined,
  );
  const corrected = replay([
    ...history,
    ev({ type: 'assessment-decided', on: '2026-02-11', outcome: 'assess', reasons: '' }, assess.id),
  ]);
  assert.equal(corrected.facts?.assessDecision?.on, '2026-02-11');
  assert.match(
    refusal(
      history,
      { type: 'assessment-decided', on: '2026-02-13', outcome: 'assess', reasons: '' },
      assess.id,
    )?.message ?? '',
    /a later step no longer follows/,
  );
  assert.equal(refusal(history, { type: 'draft-served', on: '2026-04-02' }, 'nope')?.field, 'corrects');
});

test('a step recorded twice is refused: correct it instead', () => {
  assert.match(
    refusal([received, assess], {
      type: 'assessment-decided',
      on: '2026-02-12',
      outcome: 'assess',
      reasons: '',
    })?.message ?? '',
    /already recorded/,
  );
});

// Received 5 Jan 2026: the final plan is due 25 May (20 weeks). A draft served on or before
// 10 May leaves the 15 days for comments (10–24 May) inside the 20 weeks; one served on 11 May
// cannot be followed by a final plan before 26 May, a day past the statutory date.
test('a draft that leaves no time to issue by the statutory date needs the date the LA now expects', () => {
  const before = [received, assess, advice, issue];
  assert.equal(refusal(before, { type: 'draft-served', on: '2026-05-10' }), undefined);
  assert.deepEqual(refusal(before, { type: 'draft-served', on: '2026-05-11' }), {
    field: 'expectedFinalOn',
    message:
      'The final plan was due by 2026-05-25 and can no longer be issued by then: say when you now expect to issue it',
  });
  // 11 May + 15 days = 26 May, the first day a final plan could follow.
  assert.match(
    refusal(before, { type: 'draft-served', on: '2026-05-11', expectedFinalOn: '2026-05-25' })?.message ?? '',
    /cannot be issued before 2026-05-26/,
  );
  assert.equal(
    refusal(before, { type: 'draft-served', on: '2026-05-11', expectedFinalOn: '2026-05-26' }),
    undefined,
  );
  const state = replay([
    ...before,
    ev({ type: 'draft-served', on: '2026-05-11', expectedFinalOn: '2026-06-05' }),
  ]);
  assert.equal(state.facts?.expectedFinalOn, '2026-06-05');
});

test('a late decision to issue asks for the expected date; a refusal to issue does not', () => {
  const before = [received, assess, advice];
  // 20 May + 15 = 4 Jun, past 25 May.
  assert.equal(
    refusal(before, { type: 'issue-decided', on: '2026-05-20', outcome: 'issue', reasons: '' })?.field,
    'expectedFinalOn',
  );
  assert.equal(
    refusal(before, { type: 'issue-decided', on: '2026-05-20', outcome: 'not-issue', reasons: 'Needs met' }),
    undefined,
  );
});

const transferIn = (transfer: { previousLaCode: string; oldLaAwareOn: string; movedOn: string } | null) =>
  ev({
    type: 'request-received',
    on: '2026-01-07',
    kind: 'transfer-in',
    source: 'other',
    requestedBy: 'Suffolk County Council',
    consent: true,
    transfer,
  });

test('a transfer in records the old LA, when it became aware and the move; other requests do not', () => {
  assert.equal(refusal([], transferIn(null).body)?.field, 'transfer');
  assert.equal(
    refusal([], transferIn({ previousLaCode: '935', oldLaAwareOn: '2026-11-25', movedOn: '2026-12-01' }).body)
      ?.field,
    'transfer.oldLaAwareOn',
  );
  assert.equal(
    refusal([], {
      ...(received.body as EventBody & { type: 'request-received' }),
      transfer: {
        previousLaCode: '935',
        oldLaAwareOn: '2026-01-05',
        movedOn: '2026-01-12',
      },
    })?.field,
    'transfer',
  );
  const t = transferIn({ previousLaCode: '935', oldLaAwareOn: '2026-01-05', movedOn: '2026-01-12' });
  assert.equal(refusal([], t.body), undefined);
  const facts = replay([t]).facts;
  assert.deepEqual(facts?.transfer, {
    previousLaCode: '935',
    oldLaAwareOn: '2026-01-05',
    movedOn: '2026-01-12',
  });
  // Aware Mon 5 Jan, moved 12 Jan: 15 working days beginning with 5 Jan end on Fri 23 Jan.
  const d = facts && deadlines(facts, { today, calendar, closures: [] })[0];
  assert.deepEqual([d?.step, d?.dueOn], ['plan-transferred', '2026-01-23']);
});

test('the transferred plan names its placement, and its dates are in order', () => {
  const t = transferIn({ previousLaCode: '935', oldLaAwareOn: '2026-01-05', movedOn: '2026-01-12' });
  const transferred = (over: Partial<Extract<EventBody, { type: 'plan-transferred' }>>): EventBody => ({
    type: 'plan-transferred',
    on: '2026-01-20',
    planIssuedOn: '2024-03-01',
    lastReviewedOn: '2025-02-20',
    placement,
    ...over,
  });
  assert.equal(refusal([t], transferred({})), undefined);
  assert.equal(refusal([t], transferred({ placement: null }))?.field, 'placement');
  assert.equal(refusal([t], transferred({ planIssuedOn: '2026-01-21' }))?.field, 'planIssuedOn');
  assert.equal(refusal([t], transferred({ lastReviewedOn: '2024-01-01' }))?.field, 'lastReviewedOn');
  assert.equal(refusal([t], transferred({ on: '2026-01-06' }))?.field, 'on');
  assert.deepEqual(replay([t, ev(transferred({}))]).placement, placement);
});
