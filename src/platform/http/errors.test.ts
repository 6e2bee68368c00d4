import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyError } from 'fastify';
import { maxListedErrors, shortened, toProblem } from './errors.ts';
import { HttpProblem } from './problem.ts';

const fastifyError = (code: string, statusCode: number) =>
  Object.assign(new Error(code), { code, statusCode, name: 'FastifyError' }) as FastifyError;

test("a user's mistakes become 4xx problems, never 500s", () => {
  assert.equal(toProblem(fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415)).status, 415);
  assert.equal(toProblem(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413)).status, 413);
  assert.equal(toProblem(fastifyError('FST_ERR_CTP_INVALID_JSON_BODY', 400)).title, 'Malformed JSON');
  assert.equal(toProblem(fastifyError('FST_CSRF_INVALID_TOKEN', 403)).title, 'This form has expired');
  assert.equal(toProblem(fastifyError('FST_CSRF_MISSING_SECRET', 403)).status, 403);
});

test('our own faults are 500s that say nothing of the cause', () => {
  const p = toProblem(new TypeError('cannot read properties of undefined (reading "secret")'));
  assert.equal(p.status, 500);
  assert.doesNotMatch(String(p.detail), /secret/);
});

test('problems thrown on purpose pass through unchanged', () => {
  const original = new HttpProblem(409, 'Conflict', 'Someone else changed this record');
  assert.equal(toProblem(original), original);
});

test('a problem lists its first field errors, counts the rest, and clips what echoes the input', () => {
  const key = 'k'.repeat(1_000_000);
  const errors = Array.from({ length: 25 }, (_, i) => ({
    field: `${key}${i}`,
    message: `Unrecognised key: ${key}`,
  }));
  const s = shortened(
    new HttpProblem(400, 'Invalid request', errors.map((e) => e.message).join('; '), errors),
  );
  assert.equal(s.errors.length, maxListedErrors);
  assert.equal(s.moreErrors, 5);
  assert.match(String(s.detail), /; and 5 more$/);
  assert.ok(JSON.stringify(s).length < 20_000, `${JSON.stringify(s).length} characters`);
  const one = shortened(new HttpProblem(409, 'Conflict', 'Someone else changed this record'));
  assert.deepEqual(one, { detail: 'Someone else changed this record', errors: [], moreErrors: 0 });
});
