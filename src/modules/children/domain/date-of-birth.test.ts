import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateOfBirthProblem } from './date-of-birth.ts';

test('a birth today or in the past is fine; tomorrow is refused', () => {
  assert.equal(dateOfBirthProblem('2026-03-02', '2026-03-02'), null);
  assert.equal(dateOfBirthProblem('2015-03-27', '2026-03-02'), null);
  assert.equal(dateOfBirthProblem('2026-03-03', '2026-03-02'), 'Date of birth must be today or in the past');
});

test('exactly 25 years ago is the earliest date, and the message names the rule', () => {
  assert.equal(dateOfBirthProblem('2001-03-02', '2026-03-02'), null);
  assert.equal(
    dateOfBirthProblem('2001-03-01', '2026-03-02'),
    'Date of birth must be on or after 2 March 2001: the SEND system covers children and young people aged 0 to 25',
  );
});

test('on 29 February the earliest date is 28 February 25 years before', () => {
  assert.equal(dateOfBirthProblem('1999-02-28', '2024-02-29'), null);
  assert.match(dateOfBirthProblem('1999-02-27', '2024-02-29') ?? '', /on or after 28 February 1999/);
});
