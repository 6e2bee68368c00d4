import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { agreeScale, checkAnswers, consultationState, type Question, tallyAnswers } from './consultations.ts';

const questions: Question[] = [
  {
    id: 'a',
    position: 1,
    kind: 'agree',
    prompt: 'Delegate the funding to clusters',
    options: [],
    required: true,
  },
  {
    id: 'b',
    position: 2,
    kind: 'choice',
    prompt: 'Your role',
    options: ['Parent', 'SENCo'],
    required: false,
  },
  { id: 'c', position: 3, kind: 'text', prompt: 'Anything else', options: [], required: false },
];

test('a consultation is open from its first day to its last, inclusive', () => {
  const c = { status: 'published' as const, opensOn: '2011-10-28' as const, closesOn: '2011-11-15' as const };
  assert.equal(consultationState(c, '2011-10-27'), 'upcoming');
  assert.equal(consultationState(c, '2011-10-28'), 'open');
  assert.equal(consultationState(c, '2011-11-15'), 'open');
  assert.equal(consultationState(c, '2011-11-16'), 'closed');
  assert.equal(consultationState({ ...c, status: 'draft' }, '2011-11-01'), 'draft');
});

test('answers are kept only when they answer the question asked', () => {
  assert.deepEqual(
    checkAnswers(questions, { 'q-a': 'Agree', 'q-b': 'SENCo', 'q-c': ' More EPs ', 'q-z': 'x' }),
    {
      answers: { a: 'Agree', b: 'SENCo', c: 'More EPs' },
      errors: [],
    },
  );
  assert.deepEqual(checkAnswers(questions, { 'q-b': 'Governor', 'q-c': ['x', 'y'] }).errors, [
    { field: 'q-a', message: 'Choose an answer to question 1' },
    { field: 'q-b', message: 'Choose one of the answers given to question 2' },
    { field: 'q-c', message: 'Give one answer to question 3' },
  ]);
  assert.deepEqual(checkAnswers(questions, { 'q-a': 'Yes please' }).errors, [
    { field: 'q-a', message: 'Choose how far you agree, for question 1' },
  ]);
});

test('a tally counts every answer once, in the scale’s order', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...agreeScale, '')), (given) => {
      const [t] = tallyAnswers(
        [questions[0] as Question],
        given.map((g): { answers: Record<string, string> } => ({ answers: g ? { a: g } : {} })),
      );
      assert.ok(t);
      assert.deepEqual(
        t.counts.map((c) => c.answer),
        [...agreeScale],
      );
      assert.equal(
        t.counts.reduce((s, c) => s + c.n, 0),
        given.filter((g) => g !== '').length,
      );
      assert.equal(t.answered, given.filter((g) => g !== '').length);
    }),
  );
});
