import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

test('passwords are stored as argon2id hashes that verify only the right password', async () => {
  const h = await hashPassword('correct horse battery staple');
  assert.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.equal(await verifyPassword(h, 'correct horse battery staple'), true);
  assert.equal(await verifyPassword(h, 'Correct horse battery staple'), false);
  assert.equal(await verifyPassword('not a hash', 'anything'), false);
});

test('a new password must be 12 to 256 characters and not contain the email name', () => {
  assert.equal(passwordProblem('elevenchars'), 'Password must be 12 characters or more');
  assert.equal(passwordProblem('x'.repeat(257)), 'Password must be 256 characters or fewer');
  assert.equal(passwordProblem('twelve chars'), null);
  assert.equal(
    passwordProblem('casey.jones-2026!', 'casey.jones@example.org'),
    'Password must not contain your email address',
  );
});
