import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type RequestFacts, requestFacts } from '../../domain/deadlines.ts';
import { earliestSendOn, sendLetterSchema, sentAsLine, sentOnProblem } from './letters-sent.ts';

// Received 3 November 2025, decided to assess 8 December, to issue 20 January 2026, draft served
// 2 February, final plan issued 20 February.
const facts: RequestFacts = {
  ...requestFacts('new', '2025-11-03'),
  assessDecision: { on: '2025-12-08', outcome: 'assess' },
  issueDecision: { on: '2026-01-20', outcome: 'issue' },
  draftServedOn: '2026-02-02',
  finalIssuedOn: '2026-02-20',
};
const today = '2026-03-02';

test('a letter cannot have been sent before the step it records, nor after today', () => {
  assert.equal(sentOnProblem('decision-to-assess', facts, '2025-12-08', today), null, 'the same day');
  assert.equal(sentOnProblem('decision-to-assess', facts, today, today), null, 'today');
  assert.deepEqual(sentOnProblem('decision-to-assess', facts, '2025-12-07', today), {
    field: 'sentOn',
    message: 'The date sent cannot be before 8 December 2025, the date of the step the letter records',
  });
  assert.deepEqual(sentOnProblem('draft-plan-notice', facts, '2026-03-03', today), {
    field: 'sentOn',
    message: 'The date sent cannot be in the future: enter today, 2 March 2026, or an earlier date',
  });
  assert.match(
    sentOnProblem('final-plan-notice', facts, '2026-02-19', today)?.message ?? '',
    /before 20 February 2026/,
  );
});

test('the plan as it now reads dates from the stage it has reached', () => {
  assert.equal(earliestSendOn('plan', facts), '2026-02-20', 'the final plan, once issued');
  assert.equal(
    earliestSendOn('plan', { ...facts, finalIssuedOn: null }),
    '2026-02-02',
    'the draft, once served',
  );
  assert.equal(
    earliestSendOn('plan', { ...facts, finalIssuedOn: null, draftServedOn: null }),
    '2026-01-20',
    'a draft being written, from the decision to issue',
  );
  assert.match(sentOnProblem('plan', facts, '2026-02-19', today)?.message ?? '', /the plan as it now reads/);
});

test('what the API is sent: the kind, the method and the date, each named when wrong', () => {
  const r = sendLetterSchema.safeParse({ kind: 'summons', method: 'pigeon', sentOn: '2026-02-30' });
  assert.equal(r.success, false);
  const messages = Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
  assert.match(messages.kind ?? '', /kind must be one of decision-to-assess/);
  assert.equal(messages.method, 'Select how the letter was sent: post, email or portal');
  assert.equal(messages.sentOn, 'The date sent must be a real date');
});

test('a reprint says how, when and by whom the letter went', () => {
  assert.equal(
    sentAsLine({ kind: 'decision-to-assess', method: 'post', sentOn: '2026-12-03', sentBy: 'Sam Jones' }),
    'This is the letter as sent by post on 3 December 2026 by Sam Jones',
  );
  assert.equal(
    sentAsLine({ kind: 'plan', method: 'portal', sentOn: '2026-12-03', sentBy: null }),
    'This is the plan as sent through the family portal on 3 December 2026',
  );
});
