import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

const common = /^Choose a password that is harder to guess: avoid common passwords/;
const own =
  'Choose a password that is harder to guess: do not use your name or email address as your password';

test('passwords are stored as argon2id hashes that verify only the right password', async () => {
  const h = await hashPassword('correct horse battery staple');
  assert.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.equal(await verifyPassword(h, 'correct horse battery staple'), true);
  assert.equal(await verifyPassword(h, 'Correct horse battery staple'), false);
  assert.equal(await verifyPassword('not a hash', 'anything'), false);
});

test('a new password must be 12 to 256 characters', () => {
  assert.equal(passwordProblem('elevenchars'), 'Password must be 12 characters or more');
  assert.equal(passwordProblem('x'.repeat(257)), 'Password must be 256 characters or fewer');
  assert.equal(passwordProblem('twelve chars'), null);
  assert.equal(passwordProblem('a brand new passphrase'), null);
});

test('a long but common password is refused, whatever its case, and the message says what to do instead', () => {
  for (const p of [
    'password1234',
    'PASSWORD1234',
    'Password123456',
    'p@ssw0rd2026',
    'qwertyuiop123',
    '1qaz2wsx3edc',
    'QwErTyUiOpAsDfGhJkL',
    'zxcvbnm123456',
    '123456789012',
    'aaaaaaaaaaaa',
    'abcabcabcabc',
    '!!!!!!!!!!!!',
    'September2025',
    'summer2026!!',
    'Winter@2030!',
    'opensend2026',
    'OpenSEND-123456',
    'Norfolk123456',
    'send12345678',
    'Pass Word 12345',
    'liverpool1892',
    'iloveyou12345',
    '2024-letmein-!!',
  ]) {
    const problem = passwordProblem(p);
    assert.match(String(problem), common, p);
  }
  assert.match(String(passwordProblem('password1234')), /Three or more random words make a good one$/);
});

test('every password on the deny-list is refused, so the list and its reading agree', () => {
  const listed = fs
    .readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  // NCSC: a deny-list of the most common passwords; "a few thousand" is what the file promises.
  assert.ok(listed.length >= 3000, `${listed.length} passwords listed`);
  for (const p of listed) {
    if (p.length >= 12) {
      assert.match(String(passwordProblem(p)), common, p);
      assert.match(String(passwordProblem(p.toUpperCase())), common, p);
      continue;
    }
    // Shorter ones fail on length already; with digits added to make up the length, they are still refused.
    assert.equal(passwordProblem(p), 'Password must be 12 characters or more', p);
    if (/^\p{L}.*\p{L}$/u.test(p)) assert.match(String(passwordProblem(`${p}${'7'.repeat(12)}`)), common, p);
  }
});

test("a password that is only the person's name or email address is refused", () => {
  const owner = { email: 'casey.jones@example.org', name: 'Casey Jones-Smith' };
  for (const p of [
    'casey.jones-2026!',
    'Casey.Jones@example.org',
    'CASEYJONES@EXAMPLE.ORG',
    'Casey Jones-Smith',
    'caseyjonessmith99',
  ])
    assert.equal(passwordProblem(p, owner), own, p);
  assert.equal(passwordProblem('a lighthouse keeper at dawn', owner), null);
  // A passphrase that merely holds a word of the name is not refused for it.
  assert.equal(
    passwordProblem('an auditor passphrase', { email: 'auditor@example.org', name: 'Audrey Auditor' }),
    null,
  );
});
